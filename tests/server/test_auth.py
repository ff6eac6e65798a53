"""API keys and the public-bind rule."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.server.auth import (
    AuthError,
    AuthFailure,
    LoginThrottle,
    UnsafeBindError,
    bearer_token,
    check_bind,
    check_key,
    is_loopback,
    ui_login,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.0.1", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org"])
def test_public_hosts(host):
    assert not is_loopback(host)


def test_public_bind_needs_a_key():
    with pytest.raises(UnsafeBindError, match="必须配置 API 密钥"):
        check_bind("0.0.0.0", [])
    with pytest.raises(UnsafeBindError):
        check_bind("0.0.0.0", [""])
    check_bind("0.0.0.0", ["k"])
    check_bind("127.0.0.1", [])


@pytest.mark.parametrize(
    ("header", "token"),
    [("Bearer abc", "abc"), ("bearer  abc ", "abc"), ("Basic abc", None), ("Bearer", None), ("abc", None),
     ("Bearer a b", None), (None, None)],
)
def test_bearer_token(header, token):
    assert bearer_token(header) == token


def test_check_key():
    check_key(None, [])  # no keys configured: open
    check_key("Bearer k2", ["k1", "k2"])
    with pytest.raises(AuthError) as missing:
        check_key(None, ["k1"])
    assert missing.value.failure is AuthFailure.MISSING
    with pytest.raises(AuthError) as malformed:
        check_key("Token k1", ["k1"])
    assert malformed.value.failure is AuthFailure.MISSING
    with pytest.raises(AuthError) as wrong:
        check_key("Bearer nope", ["k1"])
    assert wrong.value.failure is AuthFailure.INVALID


def test_ui_login_uses_api_keys_as_password():
    assert ui_login([]) is None
    login = ui_login(["k1"])
    assert login("anyone", "k1") is True
    assert login("anyone", "k2") is False


def test_serve_refuses_public_address_without_keys(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["PYTHONPATH"] = str(ROOT)
    # cwd is an empty temp dir, so no .env file can supply keys
    proc = subprocess.run([sys.executable, "-m", "assistant", "serve", "--host", "0.0.0.0", "--port", "1"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode != 0
    assert "必须配置 API 密钥" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_settings_errors_are_one_line_naming_the_variable(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["PYTHONPATH"] = str(ROOT)
    for variable, value, expected in [("ASSISTANT_API_KEYS", "mykey", "至少 16 个字符"),
                                      ("ASSISTANT_API_KEYS", '["unclosed', "应为 JSON 列表"),
                                      ("ASSISTANT_MAX_UPLOAD_MB", "abc", "ASSISTANT_MAX_UPLOAD_MB=abc：应为整数")]:
        proc = subprocess.run([sys.executable, "-m", "assistant", "serve", "--port", "1"], cwd=tmp_path,
                              env={**env, variable: value}, capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip().count("\n") == 0 and expected in proc.stderr and variable in proc.stderr
        assert "Traceback" not in proc.stderr and "mykey" not in proc.stderr  # a key is never echoed


def test_keys_may_be_a_json_list_or_comma_separated(monkeypatch):
    from assistant.settings import load_settings

    monkeypatch.setenv("ASSISTANT_API_KEYS", "abcdefghijklmnop, qrstuvwxyz012345")
    assert load_settings().api_keys == ["abcdefghijklmnop", "qrstuvwxyz012345"]
    monkeypatch.setenv("ASSISTANT_API_KEYS", '["abcdefghijklmnop"]')
    assert load_settings().api_keys == ["abcdefghijklmnop"]


def test_throttle_doubles_the_wait_after_the_free_attempts_and_a_success_clears_it():
    now = [0.0]
    throttle = LoginThrottle(free_attempts=3, base_delay=1.0, max_delay=8.0, max_clients=2, clock=lambda: now[0])
    for _ in range(2):
        throttle.failed("a")
    assert throttle.retry_after("a") == 0.0
    waits = []
    for _ in range(5):  # the third wrong one and after
        throttle.failed("a")
        waits.append(throttle.retry_after("a"))
    assert waits == [1.0, 2.0, 4.0, 8.0, 8.0] and throttle.retry_after("b") == 0.0
    throttle.succeeded("a")
    assert throttle.retry_after("a") == 0.0
    for client in "xyz":
        throttle.failed(client)
    assert len(throttle._failures) == 2  # bounded memory
