"""The chat page's Gradio API, driven by `gradio_client` like any remote caller."""

import re

import pytest
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError

from assistant.server.ui import ALL

from .helpers import API_KEY, DAFENG, KAIZHOU, Q_FOLLOW_UP, Q_FOUND, Q_NOT_FOUND, Q_XINGHUA

pytestmark = pytest.mark.slow


def text_of(message: dict) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content


@pytest.fixture
def gradio(server):
    return Client(server.url, verbose=False)


def test_the_public_endpoints_have_named_parameters_and_list_the_documents(gradio, assistant):
    endpoints = gradio.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert list(endpoints) == ["/ask", "/ask_json"]
    ask = endpoints["/ask"]
    assert [p["parameter_name"] for p in ask["parameters"]] == ["message", "history", "doc"]
    assert [r["label"] for r in ask["returns"]] == ["问题", "对话"]
    doc = ask["parameters"][2]["python_type"]["type"]
    assert all(m.doc in doc for m in assistant.documents())  # the choices are the documents, not only "__all__"
    assert [p["parameter_name"] for p in endpoints["/ask_json"]["parameters"]] == ["question", "doc", "history"]


def test_the_json_endpoint_answers_like_the_http_api(gradio, assistant):
    body = gradio.predict(Q_FOUND, ALL, None, api_name="/ask_json")
    assert body == assistant.ask(Q_FOUND).to_dict()
    follow = gradio.predict(Q_FOLLOW_UP, ALL, [{"role": "user", "content": Q_XINGHUA}], api_name="/ask_json")
    assert follow["type"] == "deadline" and follow["citations"]


def test_chat_turn_shows_answer_then_expandable_citations(gradio, assistant):
    cleared, messages = gradio.predict(Q_FOUND, [], ALL, api_name="/ask")
    assert cleared == ""
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert text_of(messages[0]) == Q_FOUND
    reply = text_of(messages[1])
    expected = assistant.ask(Q_FOUND)
    assert expected.citations
    first_line = expected.answer.strip().splitlines()[0]
    assert reply.index(first_line.replace("<", "&lt;")) < reply.index("<details")
    # one expandable block per citation, numbered, naming the document, with the highlight marked
    assert re.findall(r'data-n="(\d+)"', reply) == [str(c.n) for c in expected.citations]
    assert set(re.findall(r'data-doc="([^"]+)"', reply)) == {DAFENG}
    assert "<summary>" in reply and "<mark>" in reply


def test_follow_up_uses_the_chat_history(gradio, assistant):
    _, messages = gradio.predict(Q_XINGHUA, [], ALL, api_name="/ask")
    _, messages = gradio.predict(Q_FOLLOW_UP, messages, ALL, api_name="/ask")
    assert [m["role"] for m in messages] == ["user", "assistant"] * 2
    first = assistant.ask(Q_XINGHUA)
    expected = assistant.ask(Q_FOLLOW_UP, history=[{"role": "user", "content": Q_XINGHUA},
                                                   {"role": "assistant", "content": first.answer}])
    reply = text_of(messages[3])
    assert reply.startswith(expected.answer.strip().splitlines()[0].replace("<", "&lt;"))


def test_document_filter(gradio):
    _, messages = gradio.predict(Q_FOUND, [], KAIZHOU, api_name="/ask")
    assert set(re.findall(r'data-doc="([^"]+)"', text_of(messages[-1]))) == {KAIZHOU}


def test_not_found_is_logged_and_shows_nearest_clauses(gradio, server):
    _, messages = gradio.predict(Q_NOT_FOUND, [], ALL, api_name="/ask")
    assert Q_NOT_FOUND in [r.question for r in server.app.state.feedback.list(kinds=["not_found"])
                           if r.source == "ui"]
    reply = text_of(messages[-1])
    if "<details" in reply:
        assert "未找到确切依据" in reply


def test_empty_question_adds_nothing(gradio):
    _, messages = gradio.predict("   ", [], ALL, api_name="/ask")
    assert messages == []


def test_page_needs_login_when_keys_are_configured(keyed_server):
    with pytest.raises(AuthenticationError):
        Client(keyed_server.url, verbose=False)
    client = Client(keyed_server.url, auth=("staff", API_KEY), verbose=False)
    _, messages = client.predict(Q_FOUND, [], ALL, api_name="/ask")
    assert "<details" in text_of(messages[-1])
