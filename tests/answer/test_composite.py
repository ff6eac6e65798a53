"""Answers that combine what a clause states in parts: totals, one year of a series, quoted names,
and which documents mention something. Pure functions over one-line fixtures."""

import pytest

from assistant.answer.composite import (
    Part,
    asked_heads,
    band_of,
    parts_of,
    quoted_names,
    series_value,
    series_values,
    stated_total,
    table_figure,
    total_of,
)
from assistant.answer.documents import _mentioning_line, _variants, mention_phrases
from assistant.corpus.tables import find_tables

BUILD = "2021年在龙山街道建设4个小型消防站，2022年在两路街道建设2个小型消防站，2023年在仙桃街道建设1个小型消防站。"


def test_a_total_over_the_parts_of_a_clause_and_over_the_years_asked():
    assert total_of(BUILD, "个") == (7, [Part(y, n, "个", y) for y, n in (("2021年", 4), ("2022年", 2), ("2023年", 1))])
    assert total_of(BUILD, "个", ("2021年", "2022年"))[0] == 6
    assert total_of("分别建成微型消防站167个、185个", "个")[0] == 352  # parts without years
    assert total_of("建设4个小型消防站", "个") is None  # one part is no total
    assert total_of(BUILD, "名") is None  # another measure


def test_a_total_with_its_breakdown_in_brackets_is_counted_once_and_parts_can_be_left_out():
    text = "逐栋核查56栋（梁山街道50栋、双桂街道1栋、屏锦镇4栋、福禄镇1栋）已整治完毕的高层建筑"
    assert total_of(text, "栋")[0] == 56  # not 56 + 50 + 1 + 4 + 1
    assert total_of(text, "栋", excluded=("梁山街道",)) == (
        6, [Part("双桂街道", 1, "栋"), Part("屏锦镇", 4, "栋"), Part("福禄镇", 1, "栋")])
    assert total_of("建成3个（龙山2个、两路2个）", "个")[0] == 7  # parts that do not add up are parts


def test_each_of_a_list_is_one_part_and_a_year_heads_its_sentence():
    park = "2022年，在大中街道、丰华街道、新丰镇等人口较多、经济较为发达的镇各建成1处消防主题公园。"
    assert total_of(park, "处", ("2022年",)) == (3, [Part(p, 1, "处", "2022年") for p in ("大中街道", "丰华街道", "新丰镇")])
    assert total_of(park, "处", ("2023年",)) is None  # the year heads only its own sentence
    assert parts_of("2022年建成2处。另建设1处", "处")[1].year == ""


def test_a_total_the_text_states_itself_and_numbers_that_are_no_parts():
    assert stated_total("全区共建成微型消防站352个", "个") == (352, "个")
    assert stated_total("全街道共设三级网格42个", "个") == (42, "个")  # the 三 of 三级 counts nothing
    assert stated_total("共同建设3个消防站", "个") is None and stated_total("公共消防站5个", "个") is None
    assert parts_of("每辆配备不少于5人以上", "人") == []  # a minimum is no part
    # a figure that looks like a year counts when a measure word follows it; 人次 is not 人
    assert total_of("培训责任人2000人次，培训网格员3500人次", "人次") == (5500, [Part("", 2000, "人次"), Part("", 3500, "人次")])
    assert parts_of("2025年培训3人", "人")[0].value == 3


@pytest.mark.parametrize("text, year, expected", [
    ("2021—2025年分别完成40、60、80、90、100个社区", "2024年", "90个"),
    ("其中，2021-2025年分别征召政府专职消防队员160、80、80、32、32名。", "2021年", "160名"),
    ("“十四五”期间分别按42%、21%、19%、9%、9%的比例逐年编配", "2023年", "19%"),  # a plan's period stands for its years
    ("2021—2025年分别完成40、60、80个", "2024年", None),  # three values are no series of five years
    ("2021—2025年分别完成40、60、80、90、100个", "2026年", None),
])
def test_one_year_of_a_series(text, year, expected):
    assert series_value(text, year) == expected


def test_a_series_of_another_measure_is_not_read():
    assert series_values("2021-2025年分别征召160、80、80、32、32名", "个") == {}
    assert series_values("2021-2025年分别征召160、80、80、32、32名", "名|人")[2024] == (32, "名")


def test_quoted_names_followed_by_what_is_asked():
    text = "深入推进“政府出资保障、消防承办教学、单位免费培训”工作模式，开展“清底式”登记。"
    assert quoted_names(text, asked_heads("推行的是什么工作模式")) == [("政府出资保障、消防承办教学、单位免费培训", "工作模式")]
    assert quoted_names(text) == [("政府出资保障、消防承办教学、单位免费培训", "工作模式"), ("清底式", "登记")]
    assert quoted_names("构建“大数据+网格化+铁脚板”的基层消防管理体系", ("体系",)) == [
        ("大数据+网格化+铁脚板", "的基层消防管理体系")]


def test_what_a_which_documents_question_asks_about():
    assert mention_phrases("哪几个区（市）的文件提到了群租房？") == ["群租房"]
    assert mention_phrases("哪些文件提到用“大喇叭”“小喇叭”做消防宣传？") == ["大喇叭", "小喇叭"]
    assert {"消防车取水码头", "消防取水码头"} <= set(_variants("消防（车）取水码头"))
    assert "电动车" in _variants("电动自行车（电动车）") and "安全隐患举报" in _variants("火灾（安全）隐患举报")
    lines = ["一、总体要求", "在临近河流处设置消防车取水码头。", "建成消防主题公园2处。"]
    assert _mentioning_line(lines, ["消防（车）取水码头"]) == 2
    assert _mentioning_line(lines, ["建消防主题公园"]) == 3  # by its words: 消防, 主题公园
    assert _mentioning_line(lines, ["群租房"]) == 0


@pytest.mark.parametrize("heading, months", [
    ("排查整治阶段（9月1日至11月30日）", {9, 10, 11}),
    ("动员部署阶段（8月31日前）", {8}),
    ("巩固提高阶段（2023年11月—2024年2月）", {11, 12, 1, 2}),
    ("集中攻坚阶段（2021年）", set()),  # a year, no month
])
def test_the_months_a_phase_heading_holds(heading, months):
    from assistant.answer.composite import months_of_phase

    assert months_of_phase(heading) == months


def test_hours_from_spans_of_the_clock():
    from assistant.answer.composite import clock_hours

    assert clock_hours("受理时间为每天上午9时至中午11时以及下午13时至17时") == [("上午9时至中午11时", 2.0), ("下午13时至17时", 4.0)]
    assert clock_hours("工作日8:30-17:30接听") == [("8:30-17:30", 9.0)]
    assert clock_hours("下午1时至5时值守") == [("下午1时至5时", 4.0)]  # 12-hour form after 下午
    assert clock_hours("每年3月至5月开展") == []  # months are no clock


def test_things_a_clause_names_are_counted():
    from assistant.answer.composite import named_items

    text = "年内开工建设山阳消防救援站，加快推进兴塔消防救援站建设。筹备廊下、漕泾、金山工业区（小型）消防救援站建设。"
    assert named_items(text, "消防救援站") == ["山阳", "兴塔", "廊下", "漕泾", "金山工业区"]
    assert named_items("依托消防救援站建设消防安全体验设施", "消防救援站") == []  # a mention, no name
    assert named_items("在龙山街道新建小型消防站", "消防站") == []  # 小型 says what kind, not which


def test_words_every_document_has_do_not_decide_whether_one_mentions_a_phrase():
    lines = ["县级以上人民政府应当建立消防举报投诉奖励制度，完善举报投诉途径。"]
    assert _mentioning_line(lines, ["火灾隐患举报奖励"]) == 0
    assert _mentioning_line(lines, ["火灾隐患举报奖励"], common={"火灾", "隐患"}) == 1
    assert _mentioning_line(["加强火灾隐患排查。"], ["火灾隐患举报奖励"], common={"火灾", "隐患"}) == 0


def test_a_figure_of_a_table_of_figures_by_its_row_and_column_or_a_group_summed():
    (table,) = find_tables("d", [
        "片区", "\t社区", "\t网格数（个）", "\t网格员（名）", "",
        "城区片", "\t溪东社区", "\t9", "\t11", "",
        "新桥社区", "\t7", "\t8", "",  # 片区 is merged: the row is one cell shorter
        "城郊片", "\t花园社区", "\t6", "\t6", "",
    ])
    rows = table.rows
    figure = table_figure(rows, "新桥社区划了几个网格？", "个")
    assert (figure.show(), figure.rows) == ("新桥社区网格数7个", (rows[1],))
    assert table_figure(rows, "溪东社区配了多少名网格员？", "人|名").show() == "溪东社区网格员11名"
    assert table_figure(rows, "全街道一共多少个网格？", "个", total=True) is None  # no group named: a sentence answers
    assert table_figure(rows, "新桥社区有多少辆车？", "辆") is None  # no column counts it
    assert table_figure(rows, "城区片有几个网格？", "个") is None  # a merged group cell names no one row…
    assert table_figure(rows, "城区片加起来一共几个网格？", "个", total=True).show() == \
        "城区片网格数共16个（溪东社区9个＋新桥社区7个）"  # …but its rows, summed
    assert table_figure(rows, "溪东社区和新桥社区有几个网格？", "个") is None  # two rows: more than one figure
    assert table_figure(rows, "各片区的网格员（名）加起来一共多少名？", "人|名", total=True).show() == \
        "全表网格员共25名（溪东社区11名＋新桥社区8名＋花园社区6名）"  # the column named, the whole table summed


def test_a_group_total_of_a_scoring_table_whose_cells_carry_the_unit():
    (table,) = find_tables("d", [
        "序号", "\t考核项目", "\t考核内容", "\t分值", "",
        "1", "\t隐患排查整治", "\t按月开展隐患排查，建立隐患台账", "\t15分", "",
        "2", "\t重大隐患按期挂牌督办、整改销案", "\t10分", "",
        "3", "\t宣传培训", "\t开展消防宣传", "\t5分", "",
    ])
    assert table_figure(table.rows, "“隐患排查整治”这一大项总共多少分？", "分", total=True).show() == \
        "隐患排查整治分值共25分（第1项15分＋第2项10分）"


def test_the_band_of_a_scale_a_figure_falls_in():
    scale = "考核结果分四个等次：得分90分及以上为优秀，80分至89.9分为良好，60分至79.9分为合格，60分以下为不合格。"
    assert band_of(scale, 85, "分") == ("良好", "80分至89.9分为良好")
    assert band_of(scale, 90, "分")[0] == "优秀" and band_of(scale, 59.5, "分")[0] == "不合格"
    assert band_of(scale, 85, "%") is None  # a scale of another unit says nothing


def test_the_figures_each_group_cell_states_summed():
    (table,) = find_tables("d", [
        "项目", "\t序号", "\t评分内容", "\t评分标准", "",
        "消防安全责任14分", "\t1", "\t建立消防安全管理体系", "\t未确定责任人的扣2分", "",
        "\t2", "\t制定消防安全制度", "\t制度不全的扣1分", "",
        "安全疏散设施管理6分", "\t3", "\t保持疏散通道畅通", "\t堵塞的扣2分", "",
    ])
    figure = table_figure(table.rows, "评分细则表各大项分值加起来满分是多少？", "分", total=True)
    assert figure.show() == "各项目共20分（消防安全责任14分＋安全疏散设施管理6分）"


def test_a_quoted_numbered_abbreviation_is_spelled_out_by_its_items():
    from assistant.answer.composite import abbreviation_of, spells_out

    assert abbreviation_of("消防宣传“五进”具体是进哪些地方？") == (5, "进")
    assert abbreviation_of("“两”是什么") is None and abbreviation_of("三进是什么") is None  # quoted, a count and a character
    assert spells_out("开展消防宣传“进企业、进农村、进社区、进学校、进家庭”活动", (5, "进"))
    assert not spells_out("开展消防宣传“进社区、进企业、进家庭”活动", (5, "进"))
