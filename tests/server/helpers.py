"""Questions and checks shared by the server tests."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from assistant.settings import Settings

API_KEY = "test-key-0123456789"
CORS_ORIGIN = "http://oa.example.test"
KAIZHOU = "kaizhou-2023-grassroots-fire-governance-plan.txt"
YUBEI = "yubei-2021-fire-3yr-action-plan.txt"
DAFENG = "dafeng-14th-5yr-fire-plan.txt"
Q_FOUND = "大丰老旧小区改造里电动自行车充电设施怎么要求？"
Q_XINGHUA = "兴化养老机构的消防整治谁来管？"
Q_FINANCE = "区财政局牵头哪些任务？"
Q_FOLLOW_UP = "完成时限是什么时候？"
Q_NOT_FOUND = "火星基地的消防站由谁建设？"


def source_lines(doc: str) -> list[str]:
    """The original lines of a corpus file (line 1 is index 0)."""
    return (Path(Settings().corpus_dir) / doc).read_text(encoding="utf-8").splitlines()


def cited(answer: dict) -> list[dict]:
    """The citations of an answer, or its nearest clauses when it found nothing."""
    return answer["citations"] or answer["suggestions"]


def assert_citations_match_source(citations: list[dict]) -> None:
    """Every citation's text is exactly its line span in the original file."""
    assert citations, "expected at least one citation"
    for c in citations:
        lines = source_lines(c["doc"])
        assert 1 <= c["line_start"] <= c["line_end"] <= len(lines)
        assert c["text"] == "\n".join(lines[c["line_start"] - 1 : c["line_end"]])


@dataclass
class LiveServer:
    url: str
    app: FastAPI
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def start_server(app: FastAPI) -> LiveServer:
    """Serve `app` on a free 127.0.0.1 port (the socket is bound first: no port race)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    return LiveServer(url=f"http://127.0.0.1:{port}", app=app, server=server, thread=thread)


def stop_process(proc: subprocess.Popen, timeout: float) -> None:
    """Ctrl-C a `serve` process, as a person would; killed if it has not exited after `timeout` s."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
