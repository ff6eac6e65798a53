"""Throughput and latency of POST /api/ask for 1 and N answering processes, at 1/5/20/50 clients.

    .venv/bin/python benchmarks/bench_workers.py [--workers 1,2] [--clients 1,5,20,50] [--duration 20]

For each worker count a server is started on a copy of the corpus and index (`serve --workers N`),
loaded by each client count in turn (benchmarks/load_ask.py), and then, with 20 clients asking, a
document is added through POST /api/documents: the run reports the errors seen during the add and
whether every answer asked right after it comes from the new document (each worker picked it up).
The clients run on the same machine, as an office's scripts would on a small server.
Prints a markdown table; writes benchmarks/out/bench_workers.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from load_ask import _free_port, _wait_ready, run_load

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
NEW_DOC = ROOT / "tests" / "fixtures" / "genre" / "shuangxi-2025-town-notice.txt"
Q_NEW = "双溪镇敬老院、学校消防设施检查的责任人是谁？"


def serve(workers: int, root: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(PYTHONPATH=str(ROOT), ASSISTANT_FEEDBACK_DB=str(root / "feedback.sqlite3"))
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", str(workers),
                             "--corpus", str(root / "corpus"), "--index", str(root / "index"), "--log-level", "warning"],
                            cwd=root, env=env)
    url = f"http://127.0.0.1:{port}"
    _wait_ready(url, 600)
    while httpx.get(f"{url}/healthz", timeout=5).json().get("workers", 1) != workers:  # the pool is up
        threading.Event().wait(0.5)
    return proc, url


def add_under_load(url: str, clients: int, duration: float) -> dict:
    """20 clients ask while a document is added; then 2×workers questions about it at once."""
    result: dict = {}

    def add() -> None:
        threading.Event().wait(duration / 3)
        with NEW_DOC.open("rb") as handle:
            response = httpx.post(f"{url}/api/documents", files={"file": (NEW_DOC.name, handle, "text/plain")},
                                  timeout=300)
        result["add_status"] = response.status_code

    adder = threading.Thread(target=add)
    adder.start()
    load = run_load(url, clients, duration, 10**6, None)
    adder.join()
    with ThreadPoolExecutor(8) as ex:
        answers = list(ex.map(lambda _: httpx.post(f"{url}/api/ask", json={"question": Q_NEW}, timeout=120).json(),
                              range(16)))
    result.update(errors_during_add=load["errors"], requests_during_add=load["requests"],
                  new_document_answers=sum(1 for a in answers if a["citations"] and a["citations"][0]["doc"] == NEW_DOC.name),
                  asked_after_add=len(answers))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--clients", default="1,5,20,50")
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "bench_workers.json")
    args = parser.parse_args()
    settings = Settings()
    runs = []
    for workers in [int(n) for n in args.workers.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            shutil.copytree(settings.corpus_dir, root / "corpus", ignore=shutil.ignore_patterns(".lock"))
            shutil.copytree(settings.index_dir, root / "index", ignore=shutil.ignore_patterns(".lock"))
            proc, url = serve(workers, root)
            try:
                for clients in [int(n) for n in args.clients.split(",")]:
                    load = run_load(url, clients, args.duration, 10**6, None)
                    runs.append({"workers": workers, "clients": clients, "rps": load["throughput_rps"],
                                 "p50_ms": load["latency_ms"]["p50"], "p95_ms": load["latency_ms"]["p95"],
                                 "errors": load["errors"], "requests": load["requests"]})
                    print(json.dumps(runs[-1]), flush=True)
                runs.append({"workers": workers, "add_under_load": add_under_load(url, 20, args.duration)})
                print(json.dumps(runs[-1]), flush=True)
            finally:
                proc.terminate()
                proc.wait(60)
    print("\n| workers | clients | answers/s | p50 ms | p95 ms | errors |\n|---:|---:|---:|---:|---:|---:|")
    for run in runs:
        if "clients" in run:
            print(f"| {run['workers']} | {run['clients']} | {run['rps']} | {run['p50_ms']} | {run['p95_ms']} | {run['errors']} |")
    for run in runs:
        if "add_under_load" in run:
            add = run["add_under_load"]
            print(f"\nworkers {run['workers']}: add → HTTP {add['add_status']}, {add['errors_during_add']} errors in "
                  f"{add['requests_during_add']} requests during it; {add['new_document_answers']}/{add['asked_after_add']} "
                  "answers right after it cite the new document")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
