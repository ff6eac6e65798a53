"""Normalisation, the short-answer cut, not-found phrasing and dates."""

import pytest

from evals.normalize import canon_dates, contains, normalize, says_not_found, short_answer


def test_full_width_and_half_width_are_the_same():
    assert normalize("区消防救援支队（牵头），“1＋9＋10＋4＋N”") == normalize("区消防救援支队(牵头),1+9+10+4+N")


def test_whitespace_inside_words_and_variant_characters_are_ignored():
    assert normalize("唐  军  区政府副区长") == "唐军区政府副区长"
    assert normalize("深化供电供气设施排査整治") == normalize("深化供电供气设施排查整治")


def test_list_separators_and_quotes_are_unified():
    assert normalize("人上不去、水上不去；车进不去") == normalize("人上不去，水上不去,车进不去")
    assert normalize("《乡镇消防队》〔2023〕") == "乡镇消防队[2023]"


@pytest.mark.parametrize("answer, expected", [
    ("区财政局牵头。\n\n来源：渝北…第26项", "区财政局牵头。"),
    ("区财政局牵头。来源：[1]", "区财政局牵头。"),
    ("区财政局牵头[1]。\n【依据】渝北区…", "区财政局牵头。"),
    ("区财政局牵头。\n出处\n[1] 渝北…区消防救援支队", "区财政局牵头。"),
    ("区财政局牵头。\n参考资料：区消防救援支队", "区财政局牵头。"),
    ("区财政局牵头。\n配合：区消防救援支队", "区财政局牵头。\n配合：区消防救援支队"),
])
def test_short_answer_stops_at_blank_line_or_source_section(answer, expected):
    assert short_answer(answer) == expected


def test_short_answer_keeps_the_word_yiju_inside_a_sentence():
    assert short_answer("以《乡镇消防队》为依据建设，区财政局保障") == "以《乡镇消防队》为依据建设，区财政局保障"


@pytest.mark.parametrize("answer", [
    "未找到相关规定。", "文件中未提及梁平区的火灾起数", "抱歉，没有找到相关内容", "所给文件未涉及万州区",
    "文件中没有给出该数字", "无法回答：文件中没有相关信息",
])
def test_not_found_phrasings(answer):
    assert says_not_found({"answer": answer, "found": True})


def test_found_false_is_not_found_and_a_real_answer_is_found():
    assert says_not_found({"answer": "区财政局", "found": False})
    assert not says_not_found({"answer": "区财政局牵头。", "found": True})
    # a not-found phrase in the source section does not count
    assert not says_not_found({"answer": "区财政局。\n\n来源：未找到更多条款", "found": True})


@pytest.mark.parametrize("raw, canon", [
    ("2023-09-30", "2023年9月30日"),
    ("2023/9/30", "2023年9月30日"),
    ("2023年09月30日前", "2023年9月30日"),
    ("2023.9.30", "2023年9月30日"),
    ("2021年底前", "2021年12月底"),
    ("2021年12月底之前", "2021年12月底"),
    ("二〇二三年九月", "2023年九月"),
])
def test_dates_are_written_one_way(raw, canon):
    assert canon_dates(normalize(raw)) == canon


def test_year_end_is_not_a_specific_day():
    assert canon_dates(normalize("2023年底")) != canon_dates(normalize("2023年12月31日"))


def test_contains_respects_number_boundaries():
    assert contains("配备2人", "2人")
    assert not contains("配备12人", "2人")
    assert not contains("12021年", "2021年")
    assert contains("2021年6月底", "2021年")
    assert not contains("3.44人", "44人")
