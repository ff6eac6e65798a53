"""Answer latency benchmark: warm offline `Assistant.ask` over every eval question.

    .venv/bin/python benchmarks/bench_answer.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import time

from _common import eval_questions, peak_rss_mb, percentiles

from assistant.answer.pipeline import Assistant
from assistant.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    assistant = Assistant.from_settings(Settings(), log=lambda m: None)
    startup_s = time.perf_counter() - started
    items = eval_questions()
    for item in items[:10]:
        assistant.ask(item["question"], history=item.get("history"))  # warm-up
    times = []
    for _ in range(args.repeat):
        for item in items:
            t = time.perf_counter()
            assistant.ask(item["question"], history=item.get("history"))
            times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"questions": len(items), "startup_s": round(startup_s, 2), "ask_ms": percentiles(times),
                      "peak_rss_mb": peak_rss_mb()}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
