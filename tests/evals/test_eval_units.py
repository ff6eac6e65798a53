"""Unit-set extraction: aliases, run-together cells, names that only contain a unit."""

import pytest

from evals.units import UnitMatcher


@pytest.fixture(scope="module")
def matcher():
    return UnitMatcher.build(["区消防安全委员会成员单位", "除临江镇的39个乡镇（街道）", "社区所属乡镇（街道）", "临基建公司"])


def test_aliases_fold_to_one_name(matcher):
    assert matcher.extract("区住建委") == matcher.extract("区住房城乡建委") == {"区住房城乡建委"}
    assert matcher.extract("区应急局、区发改委") == {"区应急管理局", "区发展改革委"}
    assert matcher.extract("各乡镇（街道）") == matcher.extract("乡镇(街道)")


def test_run_together_cell_gives_two_units(matcher):
    assert matcher.extract("区退役军人事务局区人社局") == {"区退役军人事务局", "区人社局"}


def test_longest_match_keeps_qualified_names_whole(matcher):
    assert matcher.extract("社区所属乡镇（街道）") == {"社区所属乡镇(街道)"}
    assert matcher.extract("除临江镇以外的39个乡镇（街道）") == {"除临江镇的39个乡镇(街道)"}
    assert matcher.extract("区消防安全委员会成员单位、各镇街") == {"区消防安全委员会成员单位", "镇街"}  # 各 folded


def test_unit_inside_a_longer_non_unit_name_is_not_counted(matcher):
    assert matcher.extract("建成区消防救援支队数字化指挥中心") == set()
    assert matcher.extract("区消防救援支队数字化指挥中心建设由区大数据局配合") == {"区大数据发展局"}


def test_units_outside_the_vocabulary_are_still_seen(matcher):
    assert matcher.extract("由区体育局牵头") == {"区体育局"}
    assert matcher.extract("市政消火栓建设由区水利局协助") == {"区水利局"}
    assert matcher.extract("由温泉镇人民政府负责") == {"温泉镇人民政府"}


def test_district_and_company_names_are_not_units(matcher):
    assert matcher.extract("渝北区的这项任务") == set()
    assert matcher.extract("临基建公司和区消防救援支队") == {"临基建公司", "区消防救援支队"}


def test_alias_table_is_unambiguous():
    from evals.normalize import alias_table, normalize

    owner: dict[str, str] = {}
    for canonical, aliases in alias_table()["units"].items():
        for name in [canonical, *aliases]:
            key = normalize(name)
            assert owner.setdefault(key, canonical) == canonical, f"{name} belongs to two units"
    assert not {normalize(p) for p in alias_table()["non_units"]} & set(owner)


def test_a_leading_each_is_folded_but_not_each_level():
    from evals.units import UnitMatcher

    matcher = UnitMatcher.build(["各机关", "团体"])
    assert matcher.canon("各机关") == matcher.canon("机关") and matcher.canon("各团体") == matcher.canon("团体")
    assert matcher.canon("各级人民政府") != matcher.canon("人民政府")  # 各级 is a level, not "each"
    assert matcher.canon("各有关部门") == "各有关部门"


def test_an_answer_label_names_no_unit_even_where_gold_names_it_as_an_owner():
    matcher = UnitMatcher.build(["牵头单位", "县消防救援大队"])  # "由牵头单位在3个工作日内移交": an owner in one gold row
    assert matcher.extract("牵头单位：县消防救援大队。") == {"县消防救援大队"}
    assert matcher.extract("负责单位：牵头单位。") == {"牵头单位"}
    assert matcher.extract("县消防救援大队：监督检查。") == {"县消防救援大队"}  # a unit before a colon still counts


def test_a_one_character_name_counts_only_as_a_list_item_of_its_own():
    matcher = UnitMatcher.build(["镇", "各街道", "镇党政办"])  # a gold list "各街道、镇"
    assert matcher.extract("责任单位：各街道、镇。") == {"街道", "镇"}
    assert matcher.extract("按上一问的银滩镇任务：配合单位：镇党政办。") == {"镇党政办"}
