"""The coverage report: lines that speak of responsibility or deadlines but gave no ledger entry."""

from __future__ import annotations

from assistant.corpus.coverage import coverage, speaks_of_responsibility
from assistant.corpus.document import parse_text


def test_lines_with_role_words_no_task_covers_are_listed_but_column_names_are_not():
    text = "\n".join([
        "某区消防工作方案",
        "一、工作任务",
        "1.区应急局负责组织排查。",
        "2.坚持政府统一领导、部门依法监管、单位全面负责的原则。",  # speaks of 负责, names no owner
        "附件：任务分工表",
        "序号", "\t主要内容", "\t牵头单位", "\t完成时限",
        "",
        "1", "\t开展隐患排查整治", "\t区消防救援支队", "\t2025年底前",
    ])
    report = coverage(parse_text("d.txt", text))
    assert [u.line for u in report.unparsed] == [4]
    assert not speaks_of_responsibility("\t牵头单位") and not speaks_of_responsibility("完成时限")
    assert not speaks_of_responsibility("序号\t任务\t责任单位\t完成时限")  # a header row in tabs
    assert speaks_of_responsibility("1\t开展排查\t区应急局\t9月30日前")
    assert speaks_of_responsibility("9月30日前完成排查") and not speaks_of_responsibility("加强宣传教育")
