"""Real servers for the server tests: one Assistant on the real corpus, served twice.

`server` is open (no keys, like a developer's loopback run); `keyed_server` requires
an API key and allows one CORS origin. Both run uvicorn in a thread on a free
loopback port and share the one loaded Assistant, so the index is built once per session.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from assistant.settings import Settings

from .helpers import API_KEY, CORS_ORIGIN


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


@pytest.fixture(scope="session")
def base_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server")


def seed_index(source: Path, target: Path) -> None:
    """Copy the live version of an already built index, so the session need not embed everything again.

    The Assistant still checks it against the corpus and rebuilds what is stale.
    """
    pointer = source / "CURRENT"
    if not pointer.is_file():
        return
    version = pointer.read_text(encoding="utf-8").strip()
    if not (source / version / "manifest.json").is_file():
        return
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / version, target / version)
    (target / "CURRENT").write_text(version, encoding="utf-8")


@pytest.fixture(scope="session")
def settings(base_dir) -> Settings:
    # The real corpus (read only); the index and the feedback file in a temp dir.
    seed_index(Settings().index_dir, base_dir / "index")
    return Settings(index_dir=base_dir / "index", feedback_db=base_dir / "feedback.sqlite3",
                    api_keys=[], cors_origins=[])


@pytest.fixture(scope="session")
def assistant(settings):
    from assistant.answer.pipeline import Assistant

    return Assistant.from_settings(settings, progress=False, log=lambda message: None)


@pytest.fixture(scope="session")
def server(settings, assistant):
    from assistant.server.app import create_app

    live = start_server(create_app(settings, assistant=assistant))
    yield live
    live.stop()


@pytest.fixture(scope="session")
def keyed_server(settings, assistant, base_dir):
    from assistant.server.app import create_app

    keyed = settings.model_copy(update={"api_keys": [API_KEY], "cors_origins": [CORS_ORIGIN],
                                        "feedback_db": base_dir / "keyed-feedback.sqlite3"})
    live = start_server(create_app(keyed, assistant=assistant))
    yield live
    live.stop()


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


@pytest.fixture
def keyed_http(keyed_server):
    with httpx.Client(base_url=keyed_server.url, timeout=60) as client:
        yield client
