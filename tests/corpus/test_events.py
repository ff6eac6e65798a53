"""A document's own history (corpus/events.py): dated header lines, the article that puts it in force, a
forwarding notice and its signature. Pure functions over inline fixtures."""

from assistant.corpus.events import document_events, signature
from assistant.corpus.metadata import derive_metadata

REGULATION = [
    "柏川市农村自建房消防安全管理规定",
    "2019年6月28日 柏川市第九届人民代表大会常务委员会第十二次会议通过",
    "2019年9月26日 江岭省第十三届人民代表大会常务委员会第十四次会议批准",
    "2023年10月30日 柏川市第十届人民代表大会常务委员会第十五次会议修正  2024年3月28日 江岭省第十四届人民代表大会常务委员会第九次会议批准",
    "第一章 总则",
    "第一条 为了加强农村自建房消防安全管理，制定本规定。",
    "第七条 本规定自2024年6月1日起施行。",
]
FORWARDED = [
    "河口区人民政府办公室关于转发《河口区消防安全网格化管理意见》的通知",
    "各街道办事处，区政府各部门：",
    "《河口区消防安全网格化管理意见》已经区政府第12次常务会议讨论通过，现转发给你们，请认真贯彻执行。",
    "河口区人民政府办公室",
    "2024年5月6日",
    "河口区消防安全网格化管理意见",
    "一、总体要求",
    "各街道要落实网格化管理。",
    "河口区消防救援支队",
    "2024年4月20日",
]


def events(lines):
    return [(e.kind, e.date, e.body) for e in document_events("d.txt", lines, derive_metadata("d.txt", lines))]


def test_each_dated_header_step_and_the_article_that_puts_it_in_force():
    assert events(REGULATION) == [
        ("通过", "2019年6月28日", "柏川市第九届人民代表大会常务委员会第十二次会议"),
        ("批准", "2019年9月26日", "江岭省第十三届人民代表大会常务委员会第十四次会议"),
        ("修正", "2023年10月30日", "柏川市第十届人民代表大会常务委员会第十五次会议"),  # two steps on one line
        ("批准", "2024年3月28日", "江岭省第十四届人民代表大会常务委员会第九次会议"),
        ("施行", "2024年6月1日", ""),
    ]


def test_a_header_line_that_only_dates_the_step():
    assert events(["杭川市消防条例", "2013年1月1日 施行", "第一条 为了…制定本条例。"]) == [("施行", "2013年1月1日", "")]


def test_a_forwarding_notice_names_who_forwards_and_its_signature_who_made_it():
    assert events(FORWARDED) == [
        ("通过", "", "区政府第12次常务会议"),
        ("转发", "2024年5月6日", "河口区人民政府办公室"),
        ("制定", "2024年4月20日", "河口区消防救援支队"),
        ("落款", "2024年4月20日", "河口区消防救援支队"),
    ]
    assert signature(FORWARDED) == ("河口区消防救援支队", "2024年4月20日", 9)


def test_a_forwarding_notice_that_names_the_maker_in_its_title():
    lines = ["静川区人民政府办公室关于转发区消防支队《静川区消防救援三年行动计划》的通知", "各街道："]
    assert ("制定", "", "区消防支队") in events(lines)


def test_a_text_without_its_own_history_has_none():
    assert events(["关于开展消防检查的通知", "各单位：", "一、检查内容", "请于5月底前完成。"]) == []
