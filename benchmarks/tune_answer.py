"""Calibrate the answer / closest-match / refuse decision on the five + the tuning half (never the held-out half).

    .venv/bin/python benchmarks/tune_answer.py [--quick] [--suites five,tuning,written]

For every setting of the grid it re-composes the answers of both suites (retrieval is computed once
and cached) and prints overall accuracy per suite, the four answer/refuse outcomes, and the mean of
the two suites' accuracy, best first. The defaults in ComposeWeights and SentenceWeights are
chosen from this table; the held-out half is measured afterwards with `assistant eval`.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools

from _common import ROOT  # noqa: F401  (puts the project on sys.path)

from assistant.answer.compose import ComposeWeights, Composer
from assistant.answer.sentences import SentenceWeights
from assistant.retrieval.embeddings import load_embedder
from assistant.settings import Settings
from evals.runner import load_assistant, run, suite_settings
from evals.scoring import score_predictions
from evals.suites import suites


def cached_search(retriever):
    """Wrap `retriever.search` so the grid only re-composes: retrieval does not depend on the weights."""
    original, cache = retriever.search, {}

    def search(query, k=8, doc=None, docs=None, mode="hybrid", auto_scope=True):
        key = (query, k, doc, tuple(docs or ()), str(mode), auto_scope)
        if key not in cache:
            cache[key] = original(query, k=k, doc=doc, docs=docs, mode=mode, auto_scope=auto_scope)
        return cache[key]

    return search


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a small grid around the defaults")
    parser.add_argument("--suites", default="five,tuning",
                        help="the suites to calibrate on, comma-separated (never heldout); the written documents "
                             "are development data once their cold measurement is reported")
    args = parser.parse_args()
    settings = Settings()
    embedder = load_embedder(settings)
    wanted = [name.strip() for name in args.suites.split(",") if name.strip()]
    if "heldout" in wanted:
        parser.error("the held-out half is measured, never calibrated on")
    chosen = {name: s for name, s in suites(settings.corpus_dir, ROOT / "evals" / "out" / "index").items()
              if name in wanted}
    loaded = {}
    for name, suite in chosen.items():
        assistant, _ = load_assistant(suite_settings(settings, suite), embedder=embedder)
        assistant.retriever.search = cached_search(assistant.retriever)
        loaded[name] = (suite, assistant, suite.items())

    base_c, base_s = ComposeWeights(), SentenceWeights()
    if args.quick:
        grid = {"min_task": [base_c.min_task], "closest_task": [base_c.closest_task],
                "min_score": [base_s.min_score], "closest": [base_s.closest, 1.0],
                "closest_coverage": [0.4, 0.5, 0.6, 0.7]}
    else:
        grid = {"min_task": [0.28, 0.30, 0.33, 0.36], "closest_task": [0.0, 0.22, 0.25, 0.27, 0.30],
                "min_score": [0.32, 0.36, 0.40], "closest": [1.0, 0.26, 0.30, 0.33],
                "closest_coverage": [base_s.closest_coverage]}
    rows = []
    for values in itertools.product(*grid.values()):
        setting = dict(zip(grid, values))
        if setting["closest_task"] >= setting["min_task"] or (setting["closest"] < 1.0
                                                               and setting["closest"] >= setting["min_score"]):
            continue
        compose = dataclasses.replace(base_c, min_task=setting["min_task"],
                                      closest_task=setting["closest_task"] or setting["min_task"])
        sentence = dataclasses.replace(base_s, min_score=setting["min_score"],
                                       closest=min(setting["closest"], setting["min_score"]),
                                       closest_coverage=setting["closest_coverage"])
        result = {}
        for name, (suite, assistant, items) in loaded.items():
            assistant.composer = Composer(assistant.corpus, assistant.composer.overlap, compose,
                                          sentence_weights=sentence)
            scores = score_predictions(items, run(items, assistant, modes=()).predictions)
            result[name] = scores
        mean = sum(r["accuracy"] for r in result.values()) / len(result)
        rows.append((mean, setting, result))
        print(f"{mean:.3f} {setting} " + " ".join(f"{n} {r['accuracy']:.3f} {r['decisions']}" for n, r in result.items()),
              flush=True)
    rows.sort(key=lambda r: -r[0])
    print("\nbest first:")
    for mean, setting, result in rows[:10]:
        print(f"{mean:.3f} {setting} " + " ".join(f"{n} {r['accuracy']:.3f}" for n, r in result.items()))


if __name__ == "__main__":
    main()
