"""Real servers for the server tests: the session's real Assistant, served twice.

`server` is open (no keys, like a developer's loopback run); `keyed_server` requires
an API key and allows one CORS origin. Both run uvicorn in a thread on a free
loopback port and share `real_assistant` (tests/conftest.py), so the index is loaded once.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings

from .helpers import API_KEY, CORS_ORIGIN, start_server


@pytest.fixture(scope="session")
def base_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("server")


@pytest.fixture(scope="session")
def settings(real_settings, base_dir) -> Settings:
    # The shared real corpus and index (tests/conftest.py); feedback goes to a temp file.
    return real_settings.model_copy(update={"feedback_db": base_dir / "feedback.sqlite3", "api_keys": [],
                                            "cors_origins": []})


@pytest.fixture(scope="session")
def assistant(real_assistant):
    return real_assistant


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
