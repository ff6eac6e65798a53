"""CI gate: each suite (the five bundled documents, the tuning and the held-out half of evals/dev, the documents we wrote) through
the real offline pipeline, each on its own corpus and index, must stay above evals/floor.json."""

import json

import pytest

from evals.runner import evaluate_suite, load_assistant, suite_settings
from evals.suites import EVALS_DIR, SUITE_NAMES, suites

pytestmark = pytest.mark.slow
FLOOR = json.loads((EVALS_DIR / "floor.json").read_text(encoding="utf-8"))
CHECKS = [(suite, key) for suite in SUITE_NAMES for key in ("accuracy", "citation_accuracy", "ledger")]
TYPE_CHECKS = [(suite, qtype) for suite in SUITE_NAMES for qtype in sorted(FLOOR[suite]["by_type"])]


@pytest.fixture(scope="module")
def reports(real_settings, embedder, tmp_path_factory):
    available = suites(real_settings.corpus_dir, tmp_path_factory.mktemp("suite-index"))
    out = {}
    for name in SUITE_NAMES:
        assistant, _ = load_assistant(suite_settings(real_settings, available[name]), lambda m: None, embedder=embedder)
        out[name], _ = evaluate_suite(available[name], assistant, modes=())
        r = out[name]
        print(f"\n{name}: accuracy {r['accuracy']:.3f}, citations {r['citation_accuracy']:.3f}, "
              f"ledger {r['ledger']['accuracy']:.3f}; " + ", ".join(f"{t} {a:.2f}" for t, a in sorted(r["by_type"].items())))
    return out


def test_every_suite_has_a_floor():
    assert set(FLOOR) - {"_comment"} == set(SUITE_NAMES)


@pytest.mark.parametrize("suite", SUITE_NAMES)
def test_every_question_was_answered(reports, suite):
    assert reports[suite]["n_questions"] >= 50 and reports[suite]["n_missing"] == 0


@pytest.mark.parametrize("suite, key", CHECKS)
def test_scores_stay_above_the_floor(reports, suite, key):
    score = reports[suite]["ledger"]["accuracy"] if key == "ledger" else reports[suite][key]
    assert score >= FLOOR[suite][key], reports[suite]["by_type"]


@pytest.mark.parametrize("suite, qtype", TYPE_CHECKS)
def test_per_type_accuracy_stays_above_the_floor(reports, suite, qtype):
    assert reports[suite]["by_type"][qtype] >= FLOOR[suite]["by_type"][qtype]
