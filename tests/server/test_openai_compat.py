"""The OpenAI-compatible /v1 endpoints, driven by the official `openai` client."""

import openai
import pytest
from openai import OpenAI

from assistant.server.render import answer_text

from .helpers import API_KEY, KAIZHOU, Q_FOLLOW_UP, Q_FOUND, Q_XINGHUA, assert_citations_match_source

pytestmark = pytest.mark.slow


@pytest.fixture
def client(server):
    return OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60)


def test_models_lists_the_assistant(client):
    assert "fire-policy-assistant" in [m.id for m in client.models.list()]


def test_chat_completion_carries_markers_and_citations(client, assistant):
    reply = client.chat.completions.create(model="fire-policy-assistant",
                                           messages=[{"role": "user", "content": Q_FOUND}])
    expected = assistant.ask(Q_FOUND)
    assert expected.citations, "pick a question the assistant answers with citations"
    message = reply.choices[0].message
    assert message.role == "assistant" and reply.choices[0].finish_reason == "stop"
    assert message.content == answer_text(expected)
    assert "[1]" in message.content and "来源：\n[1] 《" in message.content
    citations = reply.model_extra["citations"]
    assert citations == [c.to_dict() for c in expected.citations]
    assert message.model_extra["citations"] == citations
    assert_citations_match_source(citations)


def test_streaming_gives_the_same_text_and_citations_at_the_end(client):
    plain = client.chat.completions.create(model="fire-policy-assistant",
                                           messages=[{"role": "user", "content": Q_FOUND}])
    stream = client.chat.completions.create(model="fire-policy-assistant", stream=True,
                                            stream_options={"include_usage": True},
                                            messages=[{"role": "user", "content": Q_FOUND}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len(chunks) > 3  # really streamed in pieces
    assert text == plain.choices[0].message.content
    [final] = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    assert final.model_extra["citations"] == plain.model_extra["citations"]
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == len(text)


def test_earlier_messages_are_the_history(client, assistant):
    first = client.chat.completions.create(model="x", messages=[{"role": "user", "content": Q_XINGHUA}])
    messages = [
        {"role": "system", "content": "你是助手"},  # ignored
        {"role": "user", "content": Q_XINGHUA},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": [{"type": "text", "text": Q_FOLLOW_UP}]},  # content parts work too
    ]
    reply = client.chat.completions.create(model="x", messages=messages)
    history = [{"role": "user", "content": Q_XINGHUA},
               {"role": "assistant", "content": first.choices[0].message.content}]
    assert reply.choices[0].message.content == answer_text(assistant.ask(Q_FOLLOW_UP, history=history))


def test_doc_extra_field_limits_the_search(client):
    reply = client.chat.completions.create(model="x", messages=[{"role": "user", "content": "消防救援支队负责哪些工作？"}],
                                           extra_body={"doc": KAIZHOU})
    assert {c["doc"] for c in reply.model_extra["citations"]} <= {KAIZHOU}


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        ([{"role": "assistant", "content": "你好"}], "最后一条消息必须是用户"),
        ([{"role": "user", "content": ""}], "问题不能为空"),
        ([], "messages"),
    ],
)
def test_bad_requests_are_openai_style_400s(client, messages, message):
    with pytest.raises(openai.BadRequestError) as err:
        client.chat.completions.create(model="x", messages=messages)
    assert err.value.status_code == 400
    assert message in err.value.body["message"]
    assert err.value.body["type"] == "invalid_request_error"


def test_unknown_document_is_404(client):
    with pytest.raises(openai.NotFoundError) as err:
        client.chat.completions.create(model="x", messages=[{"role": "user", "content": Q_FOUND}],
                                       extra_body={"doc": "nope.txt"})
    assert "未知文件" in err.value.body["message"]


def test_api_key_is_checked(keyed_server):
    wrong = OpenAI(base_url=f"{keyed_server.url}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        wrong.chat.completions.create(model="x", messages=[{"role": "user", "content": Q_FOUND}])
    assert err.value.body["code"] == "invalid_api_key"
    right = OpenAI(base_url=f"{keyed_server.url}/v1", api_key=API_KEY, max_retries=0)
    reply = right.chat.completions.create(model="x", messages=[{"role": "user", "content": Q_FOUND}])
    assert reply.model_extra["citations"]
