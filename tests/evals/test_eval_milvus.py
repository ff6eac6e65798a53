"""CI gate: the `five` suite answered through the Milvus store (milvus-lite) scores within one question of
the FAISS store, both measured here on the same corpus, index and model."""

import pytest

pytest.importorskip("pymilvus", reason="pymilvus is not installed: the Milvus store is not evaluated")
pytest.importorskip("milvus_lite", reason="milvus-lite is not installed: the Milvus store is not evaluated")

from evals.runner import evaluate_suite, load_assistant, suite_settings  # noqa: E402
from evals.suites import suites  # noqa: E402

pytestmark = pytest.mark.slow
TOLERANCE = 1  # questions: float32 rounding may reorder near-tied candidates


def _correct(report: dict) -> int:
    return sum(item["correct"] for item in report["per_item"])


def test_five_on_milvus_scores_as_on_faiss(real_settings, embedder, tmp_path):
    five = suites(real_settings.corpus_dir, tmp_path / "suite-index")["five"]
    reports = {}
    for store in ("faiss", "milvus"):
        # The Milvus file goes to tmp_path, not to the project's index folder (another process may hold it).
        settings = real_settings.model_copy(update={"store": store, "milvus_uri": str(tmp_path / "m.db")})
        assistant, _ = load_assistant(suite_settings(settings, five), embedder=embedder)
        assert assistant.retriever.store.name == store
        reports[store], _ = evaluate_suite(five, assistant, modes=())
        r = reports[store]
        print(f"\n{store}: {_correct(r)}/{r['n_questions']} right, accuracy {r['accuracy']:.4f}, "
              f"citations {r['citation_accuracy']:.4f}")
    faiss, milvus = reports["faiss"], reports["milvus"]
    assert milvus["n_questions"] == faiss["n_questions"] and milvus["n_missing"] == 0
    assert abs(_correct(milvus) - _correct(faiss)) <= TOLERANCE
