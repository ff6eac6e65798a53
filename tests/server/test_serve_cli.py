"""`python -m assistant serve` as a real process: loading, then ready, then the page and API."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .helpers import stop_process

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_reports_loading_then_ok(settings, assistant, tmp_path):
    # `assistant` has already built the index in settings.index_dir: the process only loads it.
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(PYTHONPATH=str(ROOT), ASSISTANT_FEEDBACK_DB=str(tmp_path / "fb.sqlite3"))
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--index", str(settings.index_dir),
         "--corpus", str(settings.corpus_dir), "--log-level", "warning"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "server not ready in 300 s"
            try:
                body = httpx.get(f"{url}/healthz", timeout=5).json()
            except httpx.HTTPError:
                time.sleep(0.2)
                continue
            if body["status"] == "ok":
                break
            assert body["status"] == "loading"
            time.sleep(0.2)
        assert body["documents"] == len(assistant.documents()) and body["chunks"] > 0
        page = httpx.get(url + "/", timeout=30)
        assert page.status_code == 200 and '<html\n\tlang="zh-CN"' in page.text and "消防政策问答助手" in page.text
        docs = httpx.get(url + "/openapi.json", timeout=30).json()
        assert {"/api/ask", "/api/search", "/api/tasks", "/api/documents", "/v1/chat/completions",
                "/v1/models", "/retrieval", "/healthz"} <= set(docs["paths"])
        answer = httpx.post(url + "/api/ask", json={"question": "区财政局牵头哪些任务？"}, timeout=60)
        assert answer.status_code == 200 and answer.json()["question"] == "区财政局牵头哪些任务？"
    finally:
        stop_process(proc, 30)
        log.close()
    assert proc.returncode == 0, (tmp_path / "serve.log").read_text()
    console = (tmp_path / "serve.log").read_text()
    assert f"已就绪：{url}/" in console and "Batches" not in console  # says where, in Chinese
