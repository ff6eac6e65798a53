"""The optional LLM path: LangChain fake chat models and a real OpenAI-compatible server on loopback."""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answer.llm import LLMWriter
from assistant.settings import Settings

QUESTION = "渝北石坪消防站建设谁牵头？"


def with_llm(real_assistant, llm):
    assistant = copy.copy(real_assistant)  # shares the loaded corpus and index
    assistant.llm = llm
    return assistant


def test_fluent_answer_with_citation_markers_is_used(real_assistant):
    reply = "石坪消防站建设由创新经济走廊公司牵头，区消防救援支队配合[1]。"
    answer = with_llm(real_assistant, LLMWriter(FakeListChatModel(responses=[reply]))).ask(QUESTION)
    assert answer.mode == "llm" and answer.answer == reply
    assert answer.citations[0].clause == "附件 第15项"


@pytest.mark.parametrize(
    "reply, why",
    [
        ("石坪消防站建设由区应急局牵头[1]。", "a unit that is not in the sources"),
        ("石坪消防站于2024年建成投用[1]。", "a date that is not in the sources"),
        ("由创新经济走廊公司牵头。", "no citation markers"),
        ("未找到。", "the model gave up"),
    ],
)
def test_ungrounded_llm_answers_fall_back_to_the_offline_answer(real_assistant, reply, why):
    offline = real_assistant.ask(QUESTION)
    answer = with_llm(real_assistant, LLMWriter(FakeListChatModel(responses=[reply]))).ask(QUESTION)
    assert answer.mode == "offline", why
    assert answer.answer == offline.answer


def test_out_of_range_markers_are_removed_not_crashed_on(real_assistant):
    reply = "由创新经济走廊公司牵头[1][9]。"
    answer = with_llm(real_assistant, LLMWriter(FakeListChatModel(responses=[reply]))).ask(QUESTION)
    assert answer.mode == "llm" and "[9]" not in answer.answer and "[1]" in answer.answer


class _Boom(FakeListChatModel):
    def _call(self, *args, **kwargs):
        raise TimeoutError("upstream timed out")


def test_llm_errors_fall_back(real_assistant):
    answer = with_llm(real_assistant, LLMWriter(_Boom(responses=["x"]))).ask(QUESTION)
    assert answer.mode == "offline" and "创新经济走廊公司" in answer.answer


def test_not_found_questions_never_reach_the_llm(real_assistant):
    calls = []

    class Spy(FakeListChatModel):
        def _call(self, *args, **kwargs):
            calls.append(1)
            return super()._call(*args, **kwargs)

    answer = with_llm(real_assistant, LLMWriter(Spy(responses=["编造的答案[1]"]))).ask("万州区消防站建设补贴标准是多少？")
    assert not answer.found and calls == []


# -- a small OpenAI-compatible server on loopback, reached through langchain-openai -----------------

class _ChatHandler(BaseHTTPRequestHandler):
    reply = ""
    delay = 0.0
    requests: ClassVar[list[dict]] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        time.sleep(type(self).delay)
        payload = {
            "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": type(self).reply}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(payload).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture()
def openai_server():
    _ChatHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChatHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_openai_compatible_endpoint_from_settings(real_assistant, openai_server):
    _ChatHandler.reply, _ChatHandler.delay = "创新经济走廊公司牵头该项任务[1]。", 0.0
    settings = Settings(llm_base_url=openai_server, llm_model="qwen-test", llm_api_key="sk-local", llm_timeout=5)
    answer = with_llm(real_assistant, LLMWriter.from_settings(settings)).ask(QUESTION)
    assert answer.mode == "llm" and answer.answer.startswith("创新经济走廊公司")
    request = _ChatHandler.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["body"]["model"] == "qwen-test"
    assert request["auth"] == "Bearer sk-local"
    prompt = json.dumps(request["body"]["messages"], ensure_ascii=False)
    assert "[1]" in prompt and "石坪消防站" in prompt  # the numbered sources are in the prompt


def test_openai_compatible_endpoint_timeout_falls_back(real_assistant, openai_server):
    _ChatHandler.reply, _ChatHandler.delay = "创新经济走廊公司牵头[1]。", 3.0
    settings = Settings(llm_base_url=openai_server, llm_model="slow", llm_timeout=0.5)
    started = time.perf_counter()
    answer = with_llm(real_assistant, LLMWriter.from_settings(settings)).ask(QUESTION)
    assert answer.mode == "offline" and time.perf_counter() - started < 3.0


def test_nothing_listens_falls_back(real_assistant):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(llm_base_url=f"http://127.0.0.1:{port}/v1", llm_model="none", llm_timeout=2)
    answer = with_llm(real_assistant, LLMWriter.from_settings(settings)).ask(QUESTION)
    assert answer.mode == "offline"
