"""The `eval` command through the CLI runner, and the runner with a stand-in pipeline."""

import json

import pytest
from click.testing import CliRunner
from eval_fixtures import gold_items, perfect_prediction

from assistant.cli import cli
from assistant.errors import InputError
from assistant.models import Answer, Chunk, Citation, Hit
from evals.runner import retrieval_query, run, select_items


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def prediction_files(tmp_path):
    items = list(gold_items())
    perfect = [perfect_prediction(it) for it in items]
    worse = [dict(p, answer="区体育局牵头", found=True) if it["type"] == "lead_unit" else p for it, p in zip(items, perfect)]
    return write_jsonl(tmp_path / "perfect.jsonl", perfect), write_jsonl(tmp_path / "worse.jsonl", worse)


def test_eval_scores_a_prediction_file_and_writes_reports(tmp_path, prediction_files):
    perfect, _ = prediction_files
    result = CliRunner().invoke(cli, ["eval", "--predictions", str(perfect), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "| lead_unit |" in result.output and "100.0%" in result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["accuracy"] == 1.0 and report["n_questions"] == len(gold_items())
    assert (tmp_path / "out" / "report.md").is_file()


def test_eval_with_baseline_prints_regressions_and_exits_zero(tmp_path, prediction_files):
    perfect, worse = prediction_files
    runner = CliRunner()
    assert runner.invoke(cli, ["eval", "--predictions", str(perfect), "--out", str(tmp_path / "base")]).exit_code == 0
    result = runner.invoke(cli, ["eval", "--predictions", str(worse), "--out", str(tmp_path / "new"),
                                 "--baseline", str(tmp_path / "base" / "report.json")])
    assert result.exit_code == 0, result.output
    assert "REGRESSION type lead_unit: 100.0% → 0.0%" in result.output
    assert "REGRESSION type deadline" not in result.output


def test_eval_limit_scores_a_round_robin_subset(tmp_path, prediction_files):
    perfect, _ = prediction_files
    result = CliRunner().invoke(cli, ["eval", "--predictions", str(perfect), "--out", str(tmp_path), "--limit", "20"])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert result.exit_code == 0 and report["n_questions"] == 20 and len(report["counts"]) == 10


def test_eval_missing_prediction_file_is_a_one_line_error(tmp_path):
    from assistant.cli import main

    assert main(["eval", "--predictions", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path)]) == 2


def test_select_items_round_robin_keeps_file_order_within_a_type():
    items = [{"id": i, "type": t} for i, t in enumerate("aaabbc")]
    assert [it["id"] for it in select_items(items, 4)] == [0, 3, 5, 1]
    assert select_items(items, None) == items


def test_retrieval_query_prefixes_the_last_user_turn_for_follow_ups():
    item = {"question": "那配合单位呢？", "history": [{"role": "user", "content": "双龙湖消防站谁牵头？"},
                                                 {"role": "assistant", "content": "城市更新公司"}]}
    assert retrieval_query(item) == "双龙湖消防站谁牵头？ 那配合单位呢？"
    assert retrieval_query({"question": "q"}) == "q"


class FakeRetriever:
    def __init__(self, chunks):
        self.chunks, self.calls = chunks, []

    def search(self, query, k=10, doc=None, mode="hybrid"):
        self.calls.append((query, mode))
        return [Hit(chunk=c, score=1.0) for c in self.chunks[:k]]


class FakeAssistant:
    """Answers every question with its gold answer, except one it refuses."""

    build_seconds = 1.5

    def __init__(self, items, chunks):
        self.gold = {it["question"]: it for it in items}
        self.retriever = FakeRetriever(chunks)

    def ask(self, question, doc=None, history=None):
        if question == "refuse":
            raise InputError("问题太长")
        it = self.gold[question]
        cite = Citation(n=1, doc=it.get("doc", ""), title="t", clause="c", line_start=1, line_end=1, text=it.get("evidence", ""))
        return Answer(question=question, answer=it["answer"], type=it["type"], found=it["type"] != "not_in_corpus", citations=[cite])


def test_runner_collects_answers_latency_and_rankings_per_mode():
    items = [it for it in gold_items() if it["type"] in ("lead_unit", "follow_up")][:4] + [{"id": "bad", "question": "refuse", "type": "fact"}]
    chunk = Chunk(id="c1", doc=items[0]["doc"], kind="row", path="p", title="t", region="r", text=items[0]["evidence"],
                  context="", line_start=1, line_end=1)
    fake = FakeAssistant(items, [chunk])
    result = run(items, fake, modes=("bm25", "hybrid"), k=5)
    assert result.index_build_s == 1.5
    assert [p["id"] for p in result.predictions] == [it["id"] for it in items]
    assert set(result.predictions[0]) >= {"id", "answer", "citations", "type", "found", "latency_ms"}
    assert result.predictions[0]["citations"][0]["text"] == items[0]["evidence"]
    assert result.predictions[-1]["found"] is False and result.predictions[-1]["error"] == "问题太长"
    assert set(result.rankings) == {"bm25", "hybrid"}
    assert result.rankings["bm25"][items[0]["id"]] == [{"doc": chunk.doc, "text": chunk.text}]
    assert len(fake.retriever.calls) == 2 * len(items)
