"""API keys as Bearer tokens, and the rule that a public bind address needs keys."""

from __future__ import annotations

import hmac
import ipaddress
import threading
import time
from collections import OrderedDict
from enum import Enum

from assistant.errors import AssistantError


class UnsafeBindError(AssistantError):
    """Listening beyond this machine without any API key configured."""


class AuthFailure(Enum):
    """Why a request was refused (the routers turn this into their protocol's error)."""

    MISSING = "missing"  # no Authorization header, or not "Bearer <token>"
    INVALID = "invalid"  # a token that is not one of the keys


AUTH_MESSAGES = {
    AuthFailure.MISSING: "缺少 API 密钥：请在请求头中加入 Authorization: Bearer <API_KEY>",
    AuthFailure.INVALID: "API 密钥无效",
}


class AuthError(Exception):
    """Raised by the auth dependencies; carries which failure it was."""

    def __init__(self, failure: AuthFailure):
        super().__init__(AUTH_MESSAGES[failure])
        self.failure = failure


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: assume reachable from outside


def check_bind(host: str, api_keys: list[str]) -> None:
    """Refuse to serve beyond loopback without API keys.

    Raises:
        UnsafeBindError: `host` is not a loopback address and no key is configured.
    """
    if not is_loopback(host) and not [k for k in api_keys if k]:
        raise UnsafeBindError(
            f"拒绝在 {host} 上启动：监听非本机地址时必须配置 API 密钥"
            "（设置环境变量 ASSISTANT_API_KEYS='[\"your-key\"]'），或改用 --host 127.0.0.1"
        )


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, None if malformed or absent."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        return None
    return token


def check_key(authorization: str | None, api_keys: list[str]) -> None:
    """Accept the request if no keys are configured or it carries one of them.

    Raises:
        AuthError: missing/malformed header, or an unknown key.
    """
    keys = [k for k in api_keys if k]
    if not keys:
        return
    token = bearer_token(authorization)
    if token is None:
        raise AuthError(AuthFailure.MISSING)
    # Constant-time comparison so the key cannot be guessed byte by byte from timings.
    if not any(hmac.compare_digest(token.encode(), key.encode()) for key in keys):
        raise AuthError(AuthFailure.INVALID)


def ui_login(api_keys: list[str]):
    """A Gradio `auth` callable accepting any user name with an API key as password, or None."""
    keys = [k for k in api_keys if k]
    if not keys:
        return None

    def _check(_username: str, password: str) -> bool:
        return any(hmac.compare_digest(password.encode(), key.encode()) for key in keys)

    return _check


class LoginThrottle:
    """Slows down guessing: once `free_attempts` logins or API keys in a row from one client were wrong,
    each further attempt waits twice as long as the last (1 s, 2 s, 4 s … at most `max_delay`); a success
    clears the client. Remembers at most `max_clients` clients (the oldest are forgotten first)."""

    def __init__(self, free_attempts: int = 5, base_delay: float = 1.0, max_delay: float = 300.0,
                 max_clients: int = 10000, clock=time.monotonic) -> None:
        self.free_attempts, self.base_delay, self.max_delay = free_attempts, base_delay, max_delay
        self.max_clients, self.clock = max_clients, clock
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # client → (failures, locked until)
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float:
        """Seconds until `client` may try again (0: now)."""
        with self._lock:
            _, until = self._failures.get(client, (0, 0.0))
        return max(0.0, until - self.clock())

    def failed(self, client: str) -> None:
        with self._lock:
            count = self._failures.pop(client, (0, 0.0))[0] + 1
            over = count - self.free_attempts + 1  # the free attempts used up: wait before the next one
            delay = min(self.max_delay, self.base_delay * 2 ** (over - 1)) if over > 0 else 0.0
            self._failures[client] = (count, self.clock() + delay)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
