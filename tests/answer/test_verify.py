"""The grounding check drops statements whose units, numbers or dates are not in the sources."""

from assistant.answer.verify import check

UNITS = ["区财政局", "区消防救援支队", "区应急局"]


def find_units(text):
    return [u for u in UNITS if u in text]


SOURCE = "15\t加快石坪消防站建设，确保2021年开工，2022年主体完工。\t创新经济走廊公司\t区消防救援支队；配齐12人"


def test_supported_answer_is_kept_whole():
    result = check("牵头单位：区消防救援支队。2022年主体完工。", [SOURCE], find_units)
    assert result.unsupported == []
    assert result.text == "牵头单位：区消防救援支队。2022年主体完工。"


def test_unit_not_in_source_is_dropped():
    result = check("牵头单位：区消防救援支队。配合单位：区应急局。", [SOURCE], find_units)
    assert result.unsupported == ["区应急局"]
    assert "区应急局" not in result.text and "区消防救援支队" in result.text


def test_numbers_match_as_numbers_not_substrings():
    assert check("配齐2人。", [SOURCE], find_units).unsupported == ["2"]
    assert check("配齐12人。", [SOURCE], find_units).unsupported == []


def test_dates_must_occur_in_sources():
    assert check("2023年主体完工。", [SOURCE], find_units).unsupported == ["2023年"]


def test_citation_markers_and_clause_paths_are_not_claims():
    assert check("区消防救援支队牵头[1]（附件 第15项）。", [SOURCE], find_units).unsupported == []


def test_sector_names_listed_before_a_shared_dengbumen_are_supported():
    def sectors(text):
        return [u for u in ("民政部门", "教育部门", "公安部门") if u in text]

    source = "教育、民政、住建等重点行业部门，2020年组织对养老服务机构集中开展排查整治。"
    assert check("负责单位：教育部门、民政部门。", [source], sectors).unsupported == []
    assert check("负责单位：公安部门。", [source], sectors).unsupported == ["公安部门"]


def test_a_unit_inside_a_cited_title_is_part_of_the_title():
    title = "区应急局关于消防工作的通知"
    answer = f"《{title}》的文号是渝应急〔2025〕3号。"
    assert check(answer, ["渝应急〔2025〕3号"], find_units, ignore=[title]).unsupported == []
    assert check(answer, ["渝应急〔2025〕3号"], find_units).unsupported == ["区应急局"]  # with no title, it is a claim
    # …but only where the title is quoted: the same unit stated outside it is a claim
    loose = check("牵头单位：区应急局。", ["渝应急〔2025〕3号"], find_units, ignore=[title])
    assert loose.unsupported == ["区应急局"]
