"""FastAPI dependencies shared by the routers: the app's runtime, stores and key check."""

from __future__ import annotations

from fastapi import Header, Request

from assistant.server.auth import check_key
from assistant.server.feedback import FeedbackStore
from assistant.server.runtime import Runtime
from assistant.settings import Settings


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime


def store_of(request: Request) -> FeedbackStore:
    return request.app.state.feedback


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def require_key(request: Request, authorization: str | None = Header(None, include_in_schema=False)) -> None:
    """The Bearer key, when keys are configured (raises AuthError, formatted per protocol by the app)."""
    check_key(authorization, settings_of(request).api_keys)
