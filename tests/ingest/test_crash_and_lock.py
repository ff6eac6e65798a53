"""Killed processes and concurrent adds never corrupt the corpus or the index."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.ingest import add_document, validate_upload
from assistant.ingest.store import BUSY_MESSAGE
from assistant.settings import PROJECT_ROOT

from .builders import make_docx, make_pdf
from .conftest import FakeEmbedder, snapshot
from .test_store import assert_consistent

# Runs one add in a child process: argv = corpus index filename mode marker
CHILD = r"""
import os, signal, sys, time
from pathlib import Path
from assistant.ingest import add_document, validate_upload
from assistant.ingest.staging import Stage
from assistant.settings import Settings
from tests.ingest.builders import make_docx, make_pdf
from tests.ingest.conftest import FakeEmbedder

corpus, index, name, mode, marker = sys.argv[1:6]
settings = Settings(corpus_dir=corpus, index_dir=index)

def hook(texts):
    if mode == "hang-in-build":
        Path(marker).write_text("embedding")
        time.sleep(120)

if mode == "die-after-switch":
    def die(self):
        os.kill(os.getpid(), signal.SIGKILL)
    Stage.commit = die

data = make_pdf() if name.endswith(".pdf") else make_docx()
if mode == "slow":
    hook = lambda texts: time.sleep(1.0)
add_document(settings, validate_upload(data, name, 20), embedder=FakeEmbedder(hook), lock_timeout=120)
Path(marker).write_text("done")
"""


def _child(settings, name: str, mode: str, marker: Path) -> subprocess.Popen:
    args = [sys.executable, "-c", CHILD, str(settings.corpus_dir), str(settings.index_dir), name, mode, str(marker)]
    return subprocess.Popen(args, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(path: Path, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"child exited early: {process.stderr.read().decode()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("child did not reach the marker in time")
        time.sleep(0.05)


def _corpus_files(settings):
    return {k: v for k, v in snapshot(settings).items() if k.startswith("corpus/") and "/.ingest-" not in k}


def _live_index(settings):
    live = (settings.index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    return {k: v for k, v in snapshot(settings).items() if k.startswith(f"index/{live}/") or k == "index/CURRENT"}


def test_sigkill_mid_build_leaves_everything_intact(settings, embedder, tmp_path):
    corpus_before, index_before = _corpus_files(settings), _live_index(settings)
    marker = tmp_path / "marker"
    child = _child(settings, "青溪区方案.docx", "hang-in-build", marker)
    _wait_for(marker, child)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert _corpus_files(settings) == corpus_before
    assert _live_index(settings) == index_before
    assert list(settings.corpus_dir.glob(".ingest-*"))  # the dead child's stage is still there …
    result = add_document(settings, validate_upload(make_pdf(), "另一个方案.pdf", 20), embedder=embedder)
    assert result.doc == "另一个方案.txt"
    assert not (settings.corpus_dir / "青溪区方案.txt").exists()  # … and was dropped, not applied
    assert_consistent(settings)


def test_sigkill_after_index_switch_is_finished_by_the_next_operation(settings, embedder, tmp_path):
    marker = tmp_path / "marker"
    child = _child(settings, "青溪区方案.docx", "die-after-switch", marker)
    child.wait(timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr.read().decode()
    assert not (settings.corpus_dir / "青溪区方案.txt").exists()  # killed before the renames

    add_document(settings, validate_upload(make_pdf(), "另一个方案.pdf", 20), embedder=embedder)
    assert (settings.corpus_dir / "青溪区方案.txt").is_file()  # the interrupted add was completed
    assert (settings.corpus_dir / "originals" / "青溪区方案.docx").is_file()
    assert_consistent(settings)


def test_second_add_waits_for_the_lock_or_says_it_is_busy(settings):
    entered, release = threading.Event(), threading.Event()

    def block(texts):
        entered.set()
        release.wait(30)

    errors: list[BaseException] = []

    def first():
        try:
            add_document(settings, validate_upload(make_docx(), "甲方案.docx", 20), embedder=FakeEmbedder(block))
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=first)
    thread.start()
    assert entered.wait(60)
    try:
        with pytest.raises(IngestError, match=BUSY_MESSAGE):
            add_document(settings, validate_upload(make_pdf(), "乙方案.pdf", 20), embedder=FakeEmbedder(),
                         lock_timeout=0.3)
    finally:
        release.set()
        thread.join(60)
    assert not errors
    add_document(settings, validate_upload(make_pdf(), "乙方案.pdf", 20), embedder=FakeEmbedder())
    index = assert_consistent(settings)
    assert {"甲方案.txt", "乙方案.txt"} <= {chunk.doc for chunk in index.chunks}


def test_two_processes_adding_at_once(settings, tmp_path):
    children = [(_child(settings, name, "slow", tmp_path / f"done-{i}"), tmp_path / f"done-{i}")
                for i, name in enumerate(["甲方案.docx", "乙方案.pdf"])]
    for child, marker in children:
        child.wait(timeout=180)
        assert child.returncode == 0, child.stderr.read().decode()
        assert marker.read_text() == "done"
    index = assert_consistent(settings)
    assert {"甲方案.txt", "乙方案.txt"} <= {chunk.doc for chunk in index.chunks}
