"""Documents written in styles none of the bundled five uses (tests/fixtures/genre, written for these tests):
annotations by verb, label-line blocks, 牵头/配合 annotations after numbered tasks, 部门职责 sections,
a 乡镇 notice with prose and a 责任人 table. Each must give its ledger with no rule written for it."""

from __future__ import annotations

import pytest

from assistant.corpus.document import load_corpus
from assistant.settings import PROJECT_ROOT

GENRE = PROJECT_ROOT / "tests" / "fixtures" / "genre"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(GENRE)


def owners(corpus, doc, clause, part=0):
    (task,) = [t for t in corpus.get(doc).tasks if t.clause == clause and t.part == part]
    return task.lead_units, task.cooperating_units, task.responsible_units, task.deadline


def test_annotations_by_verb_close_each_item(corpus):
    doc = "lanyu-2025-rural-fire-safety-plan.txt"
    assert owners(corpus, doc, "二、（一）") == ([], [], ["规划建设处"], "")
    assert owners(corpus, doc, "二、（二）") == ([], ["执法中队"], ["农业农村处"], "9月底前")
    assert owners(corpus, doc, "二、（三）") == ([], [], ["经济发展处", "社会事务处"], "")
    assert owners(corpus, doc, "二、（四）")[:2] == (["社会事务处"], ["各片区管理处"])
    assert owners(corpus, doc, "二、（五）")[:2] == (["宣传文化处"], ["各片区管理处"])  # "…等单位配合"
    assert owners(corpus, doc, "二、（六）")[:2] == (["财政金融局"], ["经济发展处"])  # X会同Y负责


def test_label_line_blocks_under_a_sector_heading(corpus):
    tasks = {t.clause: t for t in corpus.get("linjiang-2024-school-fire-safety-blocks.txt").tasks}
    school = tasks["二、（一）"]
    assert (school.title, school.lead_units, school.responsible_units, school.leaders, school.deadline) == (
        "学校消防安全整治", ["市教育局", "交通局"], ["各县（区）人民政府"], ["王明"], "2024年9月底前")
    assert tasks["二、（三）"].lead_units == ["市商务局"] and tasks["二、（三）"].leaders == []


def test_lead_and_cooperate_annotations_and_duty_sections(corpus):
    doc = "hexi-2025-ebike-tasks-annotations.txt"
    assert owners(corpus, doc, "二、1.")[:2] == (["市市场监管局", "消防支队"], ["发改部门", "财政部门", "人社部门"])
    assert owners(corpus, doc, "二、2.") == (["市住建局"], ["各区人民政府"], [], "2025年6月底前")
    assert owners(corpus, doc, "二、4.")[:2] == (["市商务局"], ["市财政局"])
    duties = [(t.clause, t.responsible_units) for t in corpus.get(doc).tasks if t.clause.startswith("三、")]
    assert duties == [("三、", ["民政部门"]), ("三、", ["教育部门"]), ("三、（三）1.", ["住建部门"]),
                      ("三、（三）2.", ["住建部门"])]


def test_town_notice_with_prose_and_a_table_of_people(corpus):
    doc = corpus.get("shuangxi-2025-town-notice.txt")
    prose = [t for t in doc.tasks if t.clause == "二、"]
    assert [(t.lead_units, t.cooperating_units, t.responsible_units) for t in prose] == [
        (["镇应急办"], ["镇派出所", "镇市场监管所"], []), ([], [], ["各村（社区）"]), ([], [], ["镇财政所"])]
    rows = [t for t in doc.tasks if t.source == "table"]
    assert [(t.leaders, t.deadline) for t in rows] == [
        (["陈晓（镇应急办主任）"], "2025年12月20日"), (["各村（社区）党组织书记"], "2025年12月31日"),
        (["刘军（镇党委委员）"], "2025年11月30日")]
    assert not [t for t in doc.tasks if "双溪镇" in t.all_units]  # the signature names nobody's task


def test_places_of_these_documents(corpus):
    lanyu = corpus.get("lanyu-2025-rural-fire-safety-plan.txt").meta
    assert (lanyu.region, lanyu.region_aliases) == ("澜屿综合实验区", ["澜屿", "澜屿综合实验区"])
    town = corpus.get("shuangxi-2025-town-notice.txt").meta
    assert (town.region, town.issuer, town.date) == ("双溪镇", "双溪镇人民政府", "2025-11-03")
