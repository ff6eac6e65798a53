"""CI gate: the full gold set through the real offline pipeline must stay above evals/floor.json."""

import json

import pytest

from evals.dataset import QA_FILE, load_items
from evals.runner import run
from evals.scoring import score_predictions

pytestmark = pytest.mark.slow
FLOOR = json.loads((QA_FILE.parent / "floor.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(real_assistant):
    items = load_items(QA_FILE)
    result = run(items, real_assistant, modes=())
    report = score_predictions(items, result.predictions)
    print(f"\neval: accuracy {report['accuracy']:.3f}, citations {report['citation_accuracy']:.3f}, "
          + ", ".join(f"{t} {a:.2f}" for t, a in sorted(report["by_type"].items())))
    return report


def test_every_question_was_answered(report):
    assert report["n_questions"] >= 150 and report["n_missing"] == 0


def test_overall_accuracy_stays_above_the_floor(report):
    assert report["accuracy"] >= FLOOR["accuracy"], report["by_type"]


def test_citation_accuracy_stays_above_the_floor(report):
    assert report["citation_accuracy"] >= FLOOR["citation_accuracy"]


@pytest.mark.parametrize("qtype", sorted(FLOOR["by_type"]))
def test_per_type_accuracy_stays_above_the_floor(report, qtype):
    assert report["by_type"][qtype] >= FLOOR["by_type"][qtype]
