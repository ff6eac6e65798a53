"""The JSON API under /api, through a real server on a loopback port."""

from pathlib import Path

import httpx
import pytest

from assistant.server.app import create_app
from assistant.settings import Settings

from .helpers import (
    API_KEY,
    CORS_ORIGIN,
    KAIZHOU,
    Q_FINANCE,
    Q_FOLLOW_UP,
    Q_FOUND,
    Q_NOT_FOUND,
    Q_XINGHUA,
    assert_citations_match_source,
    cited,
    start_server,
)

pytestmark = pytest.mark.slow


def corpus_docs() -> list[str]:
    return sorted(p.name for p in Path(Settings().corpus_dir).glob("*.txt"))


def test_healthz_reports_documents_and_chunks(http, assistant):
    body = http.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["documents"] == len(corpus_docs())
    assert body["chunks"] == len(assistant.index.chunks) > 0


def test_ask_returns_the_ask_json_object(http, assistant):
    response = http.post("/api/ask", json={"question": Q_FOUND})
    assert response.status_code == 200
    body = response.json()
    assert body == assistant.ask(Q_FOUND).to_dict()
    assert set(body) == {"question", "answer", "type", "found", "closest", "citations", "suggestions", "doc", "task", "mode"}
    assert_citations_match_source(cited(body))


def test_ask_with_document_filter(http):
    body = http.post("/api/ask", json={"question": Q_FOUND, "doc": KAIZHOU}).json()
    assert cited(body) and {c["doc"] for c in cited(body)} == {KAIZHOU}


def test_ask_passes_the_history_for_follow_ups(http, assistant):
    first = http.post("/api/ask", json={"question": Q_XINGHUA}).json()
    history = [{"role": "user", "content": Q_XINGHUA}, {"role": "assistant", "content": first["answer"]}]
    follow = http.post("/api/ask", json={"question": Q_FOLLOW_UP, "history": history}).json()
    assert follow == assistant.ask(Q_FOLLOW_UP, history=history).to_dict()
    # without the history the follow-up has nothing to refer to
    assert follow != assistant.ask(Q_FOLLOW_UP).to_dict()


def test_not_found_questions_are_logged(http, server):
    body = http.post("/api/ask", json={"question": Q_NOT_FOUND}).json()
    assert body["found"] is False
    logged = server.app.state.feedback.list(kinds=["not_found"])
    assert Q_NOT_FOUND in [r.question for r in logged if r.source == "api"]


def test_search_ranks_chunks(http):
    body = http.get("/api/search", params={"q": "电动自行车充电设施", "k": 5}).json()
    hits = body["hits"]
    assert 0 < len(hits) <= 5
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert "context" not in hits[0]
    assert {"id", "doc", "kind", "path", "text", "line_start", "line_end", "score"} <= set(hits[0])
    scoped = http.get("/api/search", params={"q": "电动自行车充电设施", "k": 5, "doc": KAIZHOU}).json()
    assert scoped["doc"] == KAIZHOU and {h["doc"] for h in scoped["hits"]} == {KAIZHOU}


def test_tasks_filter_by_unit_document_and_deadline(http, assistant):
    body = http.get("/api/tasks", params={"unit": "区财政局"}).json()
    expected = assistant.tasks(unit="区财政局")
    assert body["count"] == len(expected) == len(body["tasks"]) > 0
    assert [t["id"] for t in body["tasks"]] == [t.id for t in expected]
    scoped = http.get("/api/tasks", params={"doc": KAIZHOU}).json()
    assert scoped["count"] > 0 and {t["doc"] for t in scoped["tasks"]} == {KAIZHOU}
    dated = http.get("/api/tasks", params={"deadline_before": "2021-12-31"}).json()
    assert [t["id"] for t in dated["tasks"]] == [t.id for t in assistant.tasks(deadline_before="2021-12-31")]


def test_a_unit_without_its_level_or_with_a_typo_finds_its_tasks_or_a_suggestion(http):
    full = http.get("/api/tasks", params={"unit": "区财政局"}).json()
    short = http.get("/api/tasks", params={"unit": "财政局"}).json()
    assert short["count"] == full["count"] > 0 and short["suggestions"] == []
    typo = http.get("/api/tasks", params={"unit": "财政"}).json()
    assert typo["count"] == 0 and typo["suggestions"][0] == "区财政局"
    assert http.get("/api/tasks", params={"unit": "火星局"}).json()["suggestions"] == []


def test_documents_lists_the_corpus(http):
    body = http.get("/api/documents").json()
    assert sorted(d["doc"] for d in body["documents"]) == corpus_docs()
    assert all(d["title"] for d in body["documents"])


def test_a_history_past_its_bound_is_a_400_and_the_connection_keeps_working(http):
    history = [{"role": "user", "content": "那配合单位呢？"}, {"role": "assistant", "content": "…"}] * 500
    response = http.post("/api/ask", json={"question": "那时限呢？", "history": history})
    assert response.status_code == 400 and "对话历史太长" in response.json()["detail"]
    assert http.post("/api/ask", json={"question": Q_FOUND}).status_code == 200  # same client, next request


def test_document_coverage_lists_lines_the_ledger_left_out(http, assistant):
    body = http.get(f"/api/documents/{KAIZHOU}/coverage").json()
    found = assistant.coverage(KAIZHOU)
    assert body["doc"] == KAIZHOU and body["tasks"] == found.tasks > 0
    assert body["unparsed"] == [{"line": u.line, "text": u.text} for u in found.unparsed]
    source = assistant.source(KAIZHOU)
    assert all(u["text"] in source[u["line"] - 1] for u in body["unparsed"])  # the line numbers are right
    missing = http.get("/api/documents/nope.txt/coverage")
    assert missing.status_code == 404 and "nope.txt" in missing.json()["detail"]


def test_feedback_is_stored(http, server):
    body = {"rating": "down", "question": Q_FINANCE, "answer": "…", "citations": [{"n": 1}], "comment": "漏了一项"}
    record_id = http.post("/api/feedback", json=body).json()["id"]
    [record] = [r for r in server.app.state.feedback.list() if r.id == record_id]
    assert (record.kind, record.question, record.comment, record.citations) == ("down", Q_FINANCE, "漏了一项", [{"n": 1}])


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "detail"),
    [
        ("post", "/api/ask", {"json": {"question": ""}}, 400, "问题不能为空"),
        ("post", "/api/ask", {"json": {"question": "   "}}, 400, "问题不能为空"),
        ("post", "/api/ask", {"json": {"question": "消防" * 400}}, 400, "问题太长"),
        ("post", "/api/ask", {"json": {"question": "谁负责？", "doc": "nope.txt"}}, 404, "未知文件"),
        ("post", "/api/ask", {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
         422, "请求体不是有效的 JSON"),
        ("post", "/api/ask", {"json": {}}, 422, "question"),
        ("post", "/api/ask", {"json": {"question": ["a"]}}, 422, "question"),
        ("post", "/api/ask", {"json": {"question": "a", "history": [{"role": "bot", "content": "x"}]}}, 422, "role"),
        ("get", "/api/search", {"params": {"q": "消防", "k": 0}}, 400, "k 必须在 1 到 50 之间"),
        ("get", "/api/search", {"params": {"q": "消防", "k": 51}}, 400, "k 必须在 1 到 50 之间"),
        ("get", "/api/search", {"params": {"q": "消防", "k": "many"}}, 422, "k"),
        ("get", "/api/search", {"params": {"q": " "}}, 400, ""),
        ("get", "/api/search", {}, 422, "q"),
        ("get", "/api/search", {"params": {"q": "消防", "doc": "nope.txt"}}, 404, "未知文件"),
        ("get", "/api/tasks", {"params": {"doc": "nope.txt"}}, 404, "未知文件"),
        ("get", "/api/tasks", {"params": {"deadline_before": "明年"}}, 400, "日期格式应为 YYYY-MM-DD"),
        ("get", "/api/tasks", {"params": {"deadline_before": "2021-13-45"}}, 400, "日期不存在"),
        ("get", "/api/tasks", {"params": {"deadline_before": "2023-02-29"}}, 400, "日期不存在"),
        ("post", "/api/feedback", {"json": {"rating": "meh", "question": "q"}}, 422, "rating"),
    ],
)
def test_bad_input_is_a_clear_4xx(http, method, path, kwargs, status, detail):
    response = getattr(http, method)(path, **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body["detail"], str) and detail in body["detail"]
    assert "Traceback" not in response.text


def test_keys_are_required_when_configured(keyed_http):
    assert keyed_http.get("/healthz").status_code == 200  # monitoring stays open
    missing = keyed_http.post("/api/ask", json={"question": Q_FOUND})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in missing.json()["detail"]
    wrong = keyed_http.get("/api/documents", headers={"Authorization": "Bearer wrong"})
    assert (wrong.status_code, wrong.json()["detail"]) == (401, "API 密钥无效")
    ok = keyed_http.get("/api/documents", headers={"Authorization": f"Bearer {API_KEY}"})
    assert ok.status_code == 200 and ok.json()["documents"]


def test_the_api_description_is_behind_the_key_when_keys_are_set(keyed_http, http):
    assert http.get("/openapi.json").status_code == 200 and http.get("/docs").status_code == 200  # open server
    for path in ("/openapi.json", "/docs"):
        assert keyed_http.get(path).status_code == 401, path
    assert keyed_http.get("/redoc").status_code == 404
    auth = {"Authorization": f"Bearer {API_KEY}"}
    assert "/api/ask" in keyed_http.get("/openapi.json", headers=auth).json()["paths"]
    assert "swagger" in keyed_http.get("/docs", headers=auth).text.lower()


def test_wrong_logins_and_keys_in_a_row_are_slowed_down(settings, assistant):
    # its own server: the lock-out must not reach the other tests' client
    live = start_server(create_app(settings.model_copy(update={"api_keys": [API_KEY]}), assistant=assistant))
    try:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            logins = [client.post("/login", data={"username": "x", "password": f"guess{n}"}).status_code
                      for n in range(6)]
            assert logins[:5] == [400] * 5 and logins[5] == 429  # five free tries, then a wait
            blocked = client.get("/api/documents", headers={"Authorization": f"Bearer {API_KEY}"})
            assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1
            assert "秒后再试" in blocked.json()["detail"]
            dify = client.post("/retrieval", json={"knowledge_id": "all", "query": "x"},
                               headers={"Authorization": "Bearer wrong"})
            assert dify.status_code == 429 and dify.json()["error_code"] == 429  # in Dify's shape
            assert client.get("/healthz").status_code == 200  # what needs no key stays open
    finally:
        live.stop()


def test_cors_allows_only_configured_origins(keyed_http, http):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    allowed = keyed_http.options("/api/ask", headers={"Origin": CORS_ORIGIN, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == CORS_ORIGIN
    other = keyed_http.options("/api/ask", headers={"Origin": "http://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    # without configured origins no cross-origin access is granted at all
    plain = http.get("/api/documents", headers={"Origin": CORS_ORIGIN})
    assert "access-control-allow-origin" not in plain.headers


def test_unexpected_errors_are_a_generic_500(http, assistant, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(assistant, "ask", broken)
    response = http.post("/api/ask", json={"question": Q_FOUND})
    assert response.status_code == 500
    assert response.json() == {"detail": "服务器内部错误，请稍后再试"}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_requests_while_loading_are_503(settings):
    live = start_server(create_app(settings, ui=False, load=False))  # the index is never loaded
    try:
        assert httpx.get(f"{live.url}/healthz").json() == {"status": "loading", "documents": 0, "chunks": 0,
                                                            "workers": 1, "error": None}
        response = httpx.post(f"{live.url}/api/ask", json={"question": Q_FOUND})
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json() == {"detail": "索引正在加载，请稍后再试"}
    finally:
        live.stop()
