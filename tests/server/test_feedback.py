"""The feedback store and the `feedback` command that lists it."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli.server import feedback
from assistant.models import Answer, Citation
from assistant.server.feedback import FeedbackStore, default_feedback_path
from assistant.settings import Settings

CITE = Citation(n=1, doc="kaizhou.txt", title="开州方案", clause="二、（四）19．", line_start=53, line_end=53,
                text="〔责任单位：区大数据发展局〕", highlight="区大数据发展局")


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "fb" / "feedback.sqlite3")


def test_default_path_is_beside_the_index_not_inside(tmp_path):
    settings = Settings(index_dir=tmp_path / "index", feedback_db=None)
    assert default_feedback_path(settings) == tmp_path / "feedback.sqlite3"
    assert default_feedback_path(Settings(feedback_db=tmp_path / "x.db")) == tmp_path / "x.db"


def test_rate_stores_question_answer_and_citations(store):
    answer = Answer(question="谁负责？", answer="区大数据发展局 [1]", type="who", found=True, citations=[CITE])
    record_id = store.rate(False, answer.to_dict(), source="ui", comment="不全")
    [record] = store.list()
    assert record.id == record_id
    assert (record.kind, record.question, record.answer, record.source, record.comment) == (
        "down", "谁负责？", "区大数据发展局 [1]", "ui", "不全")
    assert record.citations == [CITE.to_dict()]


def test_log_answer_records_only_not_found(store):
    found = Answer(question="有", answer="a", type="who", found=True, citations=[CITE])
    missing = Answer(question="火星消防站谁建？", answer="未找到", type="who", found=False, suggestions=[CITE],
                     doc="kaizhou.txt")
    assert store.log_answer(found, source="api") is None
    assert store.log_answer(missing, source="api") is not None
    [record] = store.list()
    assert (record.kind, record.question, record.doc) == ("not_found", "火星消防站谁建？", "kaizhou.txt")
    assert record.citations[0]["clause"] == "二、（四）19．"


def test_list_filters_by_kind_newest_first_and_limits(store):
    store.add("up", "q1")
    store.add("not_found", "q2")
    store.add("not_found", "q3")
    assert [r.question for r in store.list(kinds=["not_found"])] == ["q3", "q2"]
    assert [r.question for r in store.list(limit=2)] == ["q3", "q2"]
    assert len(store.list()) == 3


def test_unknown_kind_is_refused(store):
    with pytest.raises(ValueError):
        store.add("meh", "q")


def test_feedback_command_lists_records(store):
    store.rate(True, {"question": "区财政局牵头哪些任务？", "answer": "三项 [1]", "citations": []}, source="ui")
    store.add("not_found", "火星消防站谁建？", source="api")
    result = CliRunner().invoke(feedback, ["--db", str(store.path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "未找到  火星消防站谁建？" in lines[0]
    assert "👍  区财政局牵头哪些任务？" in lines[1]
    assert lines[2].strip() == "答：三项 [1]"


def test_feedback_command_not_found_json(store):
    store.add("down", "q1")
    store.add("not_found", "火星消防站谁建？", doc="kaizhou.txt")
    result = CliRunner().invoke(feedback, ["--db", str(store.path), "--not-found", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["kind"], r["question"], r["doc"]) for r in rows] == [("not_found", "火星消防站谁建？", "kaizhou.txt")]


def test_feedback_command_without_database(tmp_path):
    result = CliRunner().invoke(feedback, ["--db", str(tmp_path / "none.sqlite3")])
    assert result.exit_code == 0
    assert "还没有反馈记录" in result.output
    assert not Path(tmp_path / "none.sqlite3").exists()
