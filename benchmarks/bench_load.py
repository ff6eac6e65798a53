"""Time parsing a corpus folder into the corpus model (clauses, tables, ledger): the first load in a process and
the warm ones after it.

Usage: .venv/bin/python benchmarks/bench_load.py [--corpus corpus] [--repeat 6]

The first load pays for jieba's dictionary and the parser's caches; the others are what `add`, a reload of
the index or a test that parses the corpus again costs.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _common import ROOT, peak_rss_mb

from assistant.corpus.document import load_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=6)
    args = parser.parse_args()
    seconds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        corpus = load_corpus(args.corpus)
        seconds.append(time.perf_counter() - start)
    warm = seconds[1:] or seconds
    print(json.dumps({
        "corpus": str(args.corpus), "documents": len(corpus.documents), "tasks": len(corpus.tasks),
        "first_s": round(seconds[0], 3), "warm_min_s": round(min(warm), 3),
        "warm_median_s": round(sorted(warm)[len(warm) // 2], 3), "peak_rss_mb": peak_rss_mb(),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
