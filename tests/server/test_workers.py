"""Every core: `serve --workers 2` answers in two processes that follow each add, and keeps all feedback."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.server.pool import AnswerPool, PoolError

from .helpers import Q_FINANCE, Q_XINGHUA, stop_process
from .test_serve_cli import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NEW_DOC = ROOT / "tests" / "fixtures" / "genre" / "shuangxi-2025-town-notice.txt"
Q_NEW = "双溪镇敬老院、学校消防设施检查的责任人是谁？"


@pytest.fixture
def copied(settings, assistant, tmp_path):
    """A copy of the real corpus and its built index (loads in seconds, adds do not touch the real one)."""
    shutil.copytree(settings.corpus_dir, tmp_path / "corpus", ignore=shutil.ignore_patterns(".lock"))
    shutil.copytree(settings.index_dir, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    return settings.model_copy(update={"corpus_dir": tmp_path / "corpus", "index_dir": tmp_path / "index",
                                       "feedback_db": tmp_path / "feedback.sqlite3", "embedding_threads": 1})


def test_pool_answers_in_separate_processes_follows_a_new_version_and_survives_a_crash(copied):
    from assistant.ingest.store import add_document
    from assistant.ingest.validate import read_upload

    pool = AnswerPool(copied, workers=2)
    try:
        pids = pool.start()
        assert len(pids) == 2 and os.getpid() not in pids
        assert "区财政局" in pool.ask(Q_FINANCE).answer
        assert not pool.ask(Q_NEW).found or "刘军" not in pool.ask(Q_NEW).answer

        add_document(copied, read_upload(NEW_DOC, max_mb=20))  # made live by this process, not by the workers
        with ThreadPoolExecutor(4) as ex:  # more questions at once than workers: both answer some
            answers = list(ex.map(lambda _: pool.ask(Q_NEW), range(8)))
        assert all("刘军" in a.answer and a.citations[0].doc == NEW_DOC.name for a in answers)

        os.kill(pids[0], signal.SIGKILL)
        time.sleep(0.5)
        outcomes = []
        for _ in range(3):
            try:
                outcomes.append(pool.ask(Q_FINANCE).found)
            except PoolError as exc:
                outcomes.append(str(exc))
        assert outcomes[-1] is True, outcomes  # replaced: answering again
    finally:
        pool.close()


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, workers: int) -> dict:
    deadline = time.monotonic() + 300
    while True:
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "server not ready in 300 s:\n" + log.read_text()
        try:
            body = httpx.get(f"{url}/healthz", timeout=5).json()
        except httpx.HTTPError:
            body = {}
        if body.get("status") == "ok" and body.get("workers") == workers:
            return body
        time.sleep(0.3)


def test_serve_with_two_workers_picks_up_an_add_under_load_and_keeps_all_feedback(copied, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(PYTHONPATH=str(ROOT), ASSISTANT_FEEDBACK_DB=str(copied.feedback_db))
    log = tmp_path / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "2",
         "--corpus", str(copied.corpus_dir), "--index", str(copied.index_dir), "--log-level", "warning"],
        cwd=tmp_path, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    try:
        _wait_ready(url, proc, log, workers=2)
        errors: list[str] = []
        answered = [0]
        stop = threading.Event()

        def load() -> None:  # clients asking all the time the document is being added
            with httpx.Client(base_url=url, timeout=120) as client:
                while not stop.is_set():
                    response = client.post("/api/ask", json={"question": Q_XINGHUA})
                    if response.status_code != 200 or not response.json()["found"]:
                        errors.append(f"{response.status_code} {response.text[:200]}")
                    answered[0] += 1

        clients = [threading.Thread(target=load) for _ in range(4)]
        for client in clients:
            client.start()
        with NEW_DOC.open("rb") as handle:
            added = httpx.post(f"{url}/api/documents", files={"file": (NEW_DOC.name, handle, "text/plain")},
                               timeout=300)
        assert added.status_code == 201, added.text
        with ThreadPoolExecutor(6) as ex:  # right after the add returns, every worker answers from it
            new = list(ex.map(lambda _: httpx.post(f"{url}/api/ask", json={"question": Q_NEW}, timeout=120).json(),
                              range(12)))
        stop.set()
        for client in clients:
            client.join(120)
        assert errors == [] and answered[0] > 0
        assert all("刘军" in a["answer"] and a["citations"][0]["doc"] == NEW_DOC.name for a in new), new[0]

        def rate(i: int) -> int:
            return httpx.post(f"{url}/api/feedback", json={"question": f"问题{i}", "rating": "up"},
                              timeout=60).status_code

        with ThreadPoolExecutor(8) as ex:
            assert set(ex.map(rate, range(40))) == {200}
        with sqlite3.connect(copied.feedback_db) as db:
            questions = [row[0] for row in db.execute("SELECT question FROM feedback WHERE kind = 'up'")]
        assert sorted(questions) == sorted(f"问题{i}" for i in range(40))  # none lost, none twice
    finally:
        stop_process(proc, 60)
    leftover = subprocess.run(["pgrep", "-f", "spawn_main"], capture_output=True, text=True).stdout.split()
    assert not [pid for pid in leftover if _parent_of(pid) == proc.pid], "worker processes outlived the server"


def _parent_of(pid: str) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().split()[3])
    except (OSError, ValueError, IndexError):
        return -1
