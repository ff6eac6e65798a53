"""`eval` against the real pipeline (real model, index built in a temp dir) on a small subset."""

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli, main

pytestmark = pytest.mark.slow


def test_eval_runs_the_pipeline_end_to_end(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["eval", "--qa", "evals/qa.jsonl", "--limit", "12", "--index", str(tmp_path / "index"),
                                      "--out", str(out), "--modes", "bm25,hybrid"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    predictions = [json.loads(line) for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert report["n_questions"] == 12 and len(predictions) == 12 and report["n_missing"] == 0
    assert all({"id", "answer", "citations", "type", "found", "latency_ms"} <= set(p) for p in predictions)
    assert 0.0 <= report["accuracy"] <= 1.0 and report["latency_ms"]["p50"] > 0
    assert report["index_build_s"] > 0  # the temp index was built in this process
    assert set(report["retrieval"]) == {"bm25", "hybrid"}
    # the evidence-coverage rule must find gold rows among real chunks (wiring check, not a quality bar)
    assert report["retrieval"]["hybrid"]["recall@10"] >= 0.5
    assert "| lead_unit |" in result.output


def test_eval_suites_score_each_split_on_its_own_corpus(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["eval", "--suite", "five,heldout", "--limit", "6", "--out", str(out),
                                      "--modes", "bm25"])
    assert result.exit_code == 0, result.output
    suites = json.loads((out / "report.json").read_text(encoding="utf-8"))["suites"]
    assert set(suites) == {"five", "heldout"}
    for name, report in suites.items():
        predictions = (out / name / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
        assert report["n_questions"] == 6 and len(predictions) == 6
        assert report["meta"]["documents"]
        assert 0.0 <= report["ledger"]["accuracy"] <= 1.0  # every suite carries a ledger gold
    # held-out documents are not in the five's index: its corpus is the held-out folder alone
    assert not set(suites["five"]["meta"]["documents"]) & set(suites["heldout"]["meta"]["documents"])
    assert (out / "index" / "heldout").is_dir()  # a development half is indexed on its own, under --out
    assert "heldout" in result.output


def test_eval_rejects_an_unknown_suite(tmp_path, capsys):
    code = main(["eval", "--suite", "five,extra", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0 and "未知评测套" in err and "Traceback" not in err
