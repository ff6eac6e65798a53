"""Load test of POST /api/ask: N concurrent clients for a fixed time, on this machine only.

    .venv/bin/python benchmarks/load_ask.py                       # starts its own server on 127.0.0.1
    .venv/bin/python benchmarks/load_ask.py --url http://127.0.0.1:7860 --clients 20 --duration 30

Bounded in time (--duration) and in count (--max-requests); refuses any address that is
not loopback. Prints requests, errors, throughput and p50/p95/p99 latency, writes the
same as JSON to benchmarks/out/load_ask.json, and exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    {"question": "开州给独居老人装烟感报警器这项由哪些单位负责？"},
    {"question": "大丰老旧小区改造里电动自行车充电设施怎么要求？"},
    {"question": "兴化养老机构的消防整治谁来管？"},
    {"question": "区财政局牵头哪些任务？"},
    {"question": "梁平高层建筑消防安全综合治理领导小组组长是谁？"},
    {"question": "渝北三年行动的工作目标是什么？"},
    {"question": "消防救援支队负责哪些工作？", "doc": "kaizhou-2023-grassroots-fire-governance-plan.txt"},
    {"question": "火星基地的消防站由谁建设？"},  # a 未找到 question: the slow path must hold too
]


def _is_loopback_url(url: str) -> bool:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            body = httpx.get(f"{url}/healthz", timeout=5).json()
            if body.get("status") == "ok":
                return
            if body.get("status") == "error":
                raise SystemExit(f"server failed to load: {body.get('error')}")
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise SystemExit(f"server not ready after {timeout:.0f} s")


def run_load(url: str, clients: int, duration: float, max_requests: int, api_key: str | None) -> dict:
    """Run the load; return the measured numbers."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + duration

    def worker(worker_id: int) -> None:
        nonlocal issued
        i = worker_id
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    if issued >= max_requests:
                        return
                    issued += 1
                body = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                start = time.perf_counter()
                try:
                    response = client.post("/api/ask", json=body)
                    ok = response.status_code == 200 and "answer" in response.json()
                    problem = "" if ok else f"HTTP {response.status_code}: {response.text[:200]}"
                except (httpx.HTTPError, ValueError) as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        errors.append(problem)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    wall = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1) if ordered else 0.0

    return {
        "url": url,
        "clients": clients,
        "duration_s": round(wall, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "throughput_rps": round(len(latencies) / wall, 2) if wall else 0.0,
        "latency_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
                       "mean": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
                       "max": round(ordered[-1] * 1000, 1) if ordered else 0.0},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="server to load (loopback only); default: start one on 127.0.0.1")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=20000, help="stop after this many requests")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--startup-timeout", type=float, default=900.0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "load_ask.json")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 200 and 0 < args.duration <= 600 and args.max_requests >= 1):
        parser.error("clients must be 1–200, duration 0–600 s, max-requests ≥ 1")

    server = None
    url = (args.url or "").rstrip("/")
    if url and not _is_loopback_url(url):
        parser.error("only loopback addresses (127.0.0.0/8, ::1, localhost) may be load-tested")
    if not url:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1",
                                   "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        _wait_ready(url, args.startup_timeout)
        result = run_load(url, args.clients, args.duration, args.max_requests, args.api_key)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()

    lat = result["latency_ms"]
    print(f"{result['requests']} requests from {result['clients']} clients in {result['duration_s']} s: "
          f"{result['throughput_rps']} req/s, errors {result['errors']}, "
          f"latency p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms, max {lat['max']} ms")
    for sample in result["error_samples"]:
        print("  error:", sample)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
