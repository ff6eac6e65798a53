"""docs/embedding.md stays true: its Python and curl examples run against a real keyed server."""

import contextlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import API_KEY

pytestmark = pytest.mark.slow

DOC = Path(__file__).resolve().parents[2] / "docs" / "embedding.md"
DOC_URL, DOC_KEY = "http://127.0.0.1:7860", "a-long-random-key"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def localise(code: str, url: str) -> str:
    return code.replace(DOC_URL, url).replace(DOC_KEY, API_KEY)


@pytest.mark.parametrize("index", range(len(blocks("python"))))
def test_python_examples_run(keyed_server, index):
    code = localise(blocks("python")[index], keyed_server.url)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"embedding.md python block {index}", "exec"), {})  # noqa: S102 — our own docs
    assert out.getvalue().strip(), "the example printed nothing"


def curl_commands() -> list[str]:
    commands = []
    for block in blocks("bash"):
        for command in re.split(r"\n\s*\n", block.replace("\\\n", " ")):
            if command.strip().startswith("curl"):
                commands.append(" ".join(command.split()))
    return commands


@pytest.mark.parametrize("index", range(len(curl_commands())))
def test_curl_examples_answer_json(keyed_server, index):
    if shutil.which("curl") is None:
        print("curl is not installed: the curl examples are not run")
        pytest.skip("curl is not installed")
    command = localise(curl_commands()[index], keyed_server.url).replace("curl -s", "curl -sS --fail-with-body", 1)
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    body = json.loads(result.stdout)
    assert body.get("answer") or body.get("tasks") or body.get("records"), body


def test_docs_cover_every_route():
    text = DOC.read_text(encoding="utf-8")
    for route in ("/api/ask", "/api/search", "/api/tasks", "/api/documents", "/api/feedback",
                  "/v1/chat/completions", "/v1/models", "/retrieval", "/healthz", "<iframe"):
        assert route in text, route
