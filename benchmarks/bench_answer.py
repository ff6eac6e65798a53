"""Answer latency benchmark: warm offline `Assistant.ask` over every eval question of the five
(qa.jsonl, conversations.jsonl, composite.jsonl), with their chat histories.

    .venv/bin/python benchmarks/bench_answer.py [--repeat 3] [--qa FILE ...] [--runtime torch,onnx] [--query-cache 0,4096]

Every combination of `--runtime` (how the query is embedded: sentence-transformers in torch, or the
same model in ONNX Runtime) and `--query-cache` size (0 = no query-vector cache) is measured in the
same run, one after the other: its first pass asks every question once (nothing cached), the later
passes ask them again.

To compare with an earlier commit in one run, check it out beside this one and run this script
against its code on the same questions:
    git worktree add /tmp/before <commit>
    PYTHONPATH=/tmp/before .venv/bin/python benchmarks/bench_answer.py --index /tmp/before-index
"""

from __future__ import annotations

import argparse
import json
import time

from pathlib import Path

from _common import ROOT, eval_questions, peak_rss_mb, percentiles

from assistant.answer.pipeline import Assistant
from assistant.settings import Settings


DEFAULT_QA = [ROOT / "evals" / name for name in ("qa.jsonl", "conversations.jsonl", "composite.jsonl")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--qa", nargs="*", type=Path, default=[p for p in DEFAULT_QA if p.is_file()])
    parser.add_argument("--index", type=Path, default=None, help="index folder (default: the settings' own)")
    parser.add_argument("--query-cache", default=None,
                        help="comma-separated query-vector cache sizes to compare, e.g. 0,4096 (default: the settings')")
    parser.add_argument("--runtime", default=None,
                        help="comma-separated embedding runtimes to compare, e.g. torch,onnx (default: the settings')")
    args = parser.parse_args()
    items = [item for path in args.qa for item in eval_questions(path)]
    sizes = [int(n) for n in args.query_cache.split(",")] if args.query_cache else [None]
    runtimes = args.runtime.split(",") if args.runtime else [None]
    runs = {}
    for runtime, size in [(r, n) for r in runtimes for n in sizes]:
        values = {"index_dir": args.index} if args.index else {}
        if size is not None:
            values["query_cache_size"] = size
        if runtime is not None:
            values["embedding_runtime"] = runtime
        started = time.perf_counter()
        assistant = Assistant.from_settings(Settings(**values), log=lambda m: None)
        startup_s = time.perf_counter() - started
        for item in items[:10]:
            assistant.ask(item["question"] + "（预热）", history=item.get("history"))  # warm-up, not cached
        passes = []
        for _ in range(args.repeat):
            times = []
            for item in items:
                t = time.perf_counter()
                assistant.ask(item["question"], history=item.get("history"))
                times.append((time.perf_counter() - t) * 1000)
            passes.append(times)
        name = "/".join(part for part in (runtime, f"cache {size}" if size is not None else None) if part)
        runs[name or "settings"] = {
            "startup_s": round(startup_s, 2),
            "ask_ms": percentiles([t for p in passes for t in p]),
            "first_pass_ms": percentiles(passes[0]),
            "repeat_passes_ms": percentiles([t for p in passes[1:] for t in p]) if len(passes) > 1 else None,
        }
    import assistant as package

    print(json.dumps({"code": str(Path(package.__file__).parent), "questions": len(items), "runs": runs,
                      "peak_rss_mb": peak_rss_mb()}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
