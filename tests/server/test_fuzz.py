"""No input takes the service down: generated request bodies against the real server on loopback.

Hypothesis throws JSON bodies at every endpoint that reads one — arbitrary unicode including lone
surrogates, huge and deeply nested histories, wrong types — and each reply must be 2xx or 4xx JSON,
never a 500 or a dropped connection. Bounded: a fixed number of examples per endpoint, no shrinking
database, ≤ 60 s for the whole file on the CI machine.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

# Every code point, lone surrogates (category Cs) included: JSON can carry "\ud800", UTF-8 cannot.
TEXT = st.text(st.characters(exclude_categories=()), max_size=40) | st.sampled_from(
    ["\ud800", "a\udfffb", "区财政局牵头哪些任务？", "", " ", "那时限呢？", "\x00", "😀" * 30])
SCALAR = st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False) | TEXT
JSON = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=12)
TURN = st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "system", 3]), "content": JSON})
HISTORY = st.none() | st.lists(TURN, max_size=6) | JSON


def _huge_history(turns: int) -> list[dict]:
    return [{"role": "user" if n % 2 == 0 else "assistant", "content": f"第{n}问"} for n in range(turns)]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


BODIES = {
    "/api/ask": st.one_of(
        st.fixed_dictionaries({"question": JSON}, optional={"history": HISTORY, "doc": JSON}),
        JSON,
    ),
    "/v1/chat/completions": st.one_of(
        st.fixed_dictionaries({"messages": st.lists(TURN, max_size=5) | JSON},
                              optional={"model": JSON, "stream": JSON, "doc": JSON}),
        JSON,
    ),
    "/retrieval": st.one_of(
        st.fixed_dictionaries({"knowledge_id": JSON, "query": JSON},
                              optional={"retrieval_setting": st.fixed_dictionaries({"top_k": JSON}) | JSON,
                                        "metadata_condition": JSON}),
        JSON,
    ),
}
QUERIES = {
    "/api/search": st.fixed_dictionaries({"q": TEXT}, optional={"k": TEXT, "doc": TEXT}),
    "/api/tasks": st.fixed_dictionaries({}, optional={"unit": TEXT, "doc": TEXT, "deadline_before": TEXT,
                                                      "keyword": TEXT}),
}
FUZZ = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def assert_json_reply(response: httpx.Response, sent: object) -> None:
    assert response.status_code < 500, f"{response.status_code} for {str(sent)[:200]}: {response.text[:300]}"
    json.loads(response.text)  # a JSON body, whatever the status


@pytest.fixture(scope="module")
def client(server):
    started = time.monotonic()
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c
    print(f"[measured] fuzzing took {time.monotonic() - started:.1f} s")


@pytest.mark.parametrize("path", sorted(BODIES))
def test_generated_bodies_get_a_json_reply(client, path):
    @FUZZ
    @given(BODIES[path])
    def run(body):
        raw = json.dumps(body, ensure_ascii=True)  # "\ud800" travels as its JSON escape
        assert_json_reply(client.post(path, content=raw, headers={"Content-Type": "application/json"}), body)

    run()


@pytest.mark.parametrize("path", sorted(QUERIES))
def test_generated_query_strings_get_a_json_reply(client, path):
    @FUZZ
    @given(QUERIES[path])
    def run(params):
        safe = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()}
        assert_json_reply(client.get(path, params=safe), params)

    run()


@pytest.mark.parametrize("path, body", [
    ("/api/ask", '{"question": "\\ud800"}'),
    ("/v1/chat/completions", '{"messages": [{"role": "user", "content": "\\ud800区财政局"}]}'),
    ("/retrieval", '{"knowledge_id": "all", "query": "\\udfff", "retrieval_setting": {"top_k": 3}}'),
    ("/api/ask", json.dumps({"question": "那时限呢？", "history": _huge_history(1000)})),
    ("/v1/chat/completions", json.dumps({"messages": _huge_history(1001)})),
    ("/api/ask", '{"question": "x", "history": ' + _nested(5000) + "}"),
    ("/retrieval", '{"knowledge_id": ' + _nested(100000) + "}"),
])
def test_the_known_killers_are_refused_with_a_4xx(client, path, body):
    response = client.post(path, content=body.encode("utf-8"), headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text[:300]
    json.loads(response.text)
    # the connection still serves the next request
    assert client.post("/api/ask", json={"question": "区财政局牵头哪些任务？"}).status_code == 200
