"""The one server process: the HTTP API beside the Gradio chat mounted at `/`.

Errors become JSON in the caller's protocol: `{"detail": …}` under /api,
OpenAI's `{"error": {…}}` under /v1, Dify's `{"error_code", "error_msg"}` on /retrieval.
No stack trace ever reaches a client.
"""

from __future__ import annotations

import logging
import math
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import __version__
from assistant.errors import AssistantError, IngestError, InputError, UnknownDocumentError
from assistant.server import api, dify, openai_compat, schemas
from assistant.server.auth import AuthError, AuthFailure, LoginThrottle
from assistant.server.deps import require_key
from assistant.server.feedback import FeedbackStore
from assistant.server.runtime import NotReadyError, Runtime
from assistant.settings import Settings

log = logging.getLogger(__name__)

_DIFY_AUTH_CODES = {AuthFailure.MISSING: 1001, AuthFailure.INVALID: 1002}
_DIFY_AUTH_MESSAGES = {
    AuthFailure.MISSING: "Invalid Authorization header format. Expected 'Bearer <api-key>' format.",
    AuthFailure.INVALID: "Authorization failed",
}
_OPENAI_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 404: "invalid_request_error",
                 422: "invalid_request_error", 503: "server_error", 500: "server_error"}


def error_response(request: Request, status: int, message: str, *, dify_code: int | None = None,
                   openai_code: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON error in the protocol of the route that was called."""
    path = request.url.path
    if path == "/retrieval" or path.startswith("/retrieval/"):
        body = {"error_code": dify_code or status, "error_msg": message}
    elif path.startswith("/v1/"):
        body = {"error": {"message": message, "type": _OPENAI_TYPES.get(status, "invalid_request_error"),
                          "param": None, "code": openai_code}}
    else:
        body = {"detail": message}
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return "请求体不是有效的 JSON"
    parts = []
    for e in errors[:3]:
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where or '请求体'}: {e.get('msg', '无效')}")
    return "请求参数无效 — " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AuthError)
    async def _auth(request: Request, exc: AuthError):
        if request.url.path.startswith("/retrieval"):
            return error_response(request, 403, _DIFY_AUTH_MESSAGES[exc.failure],
                                  dify_code=_DIFY_AUTH_CODES[exc.failure])
        return error_response(request, 401, str(exc), openai_code="invalid_api_key",
                              headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(AssistantError)
    async def _assistant(request: Request, exc: AssistantError):
        if isinstance(exc, UnknownDocumentError):
            return error_response(request, 404, str(exc), dify_code=2001, openai_code="unknown_document")
        if isinstance(exc, (InputError, IngestError)):
            return error_response(request, 400, str(exc), openai_code="invalid_input")
        if isinstance(exc, NotReadyError):
            return error_response(request, 503, str(exc), headers={"Retry-After": "5"})
        log.warning("%s: %s", type(exc).__name__, exc)
        return error_response(request, 503, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        status = 400 if request.url.path.startswith(("/v1/", "/retrieval")) else 422
        return error_response(request, status, _validation_message(exc), openai_code="invalid_request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        return error_response(request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "服务器内部错误，请稍后再试")


class ThrottleGuesses:
    """ASGI middleware: a client that keeps failing the UI login (POST /login) or sending wrong API keys is
    told to wait (429 with Retry-After, in the caller's protocol) before it may try again (`LoginThrottle`)."""

    def __init__(self, app, throttle: LoginThrottle) -> None:
        self.app, self.throttle = app, throttle

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        login = scope["method"] == "POST" and path.rstrip("/") == "/login"
        keyed = any(name == b"authorization" for name, _ in scope["headers"])
        if not (login or keyed):
            return await self.app(scope, receive, send)
        client = scope["client"][0] if scope.get("client") else ""
        wait = self.throttle.retry_after(client)
        if wait > 0:
            seconds = math.ceil(wait)
            response = error_response(Request(scope), 429, f"尝试次数过多，请 {seconds} 秒后再试",
                                      dify_code=429, headers={"Retry-After": str(seconds)})
            return await response(scope, receive, send)
        status = {}

        async def remember(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, remember)
        code = status.get("code", 500)
        refused = code in (400, 401) if login else code == 401 or (code == 403 and path.startswith("/retrieval"))
        if refused:
            self.throttle.failed(client)
        elif code < 400:
            self.throttle.succeeded(client)


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.runtime.stop()  # the answering processes go with the server


def create_app(settings: Settings, assistant=None, *, ui: bool = True, load: bool = True, workers: int = 1) -> FastAPI:
    """Build the server app.

    Args:
        settings: the application settings (keys, CORS, feedback file, limits).
        assistant: an already loaded Assistant to serve; by default one is loaded in the
            background from `settings` and /healthz says "loading" until it is ready.
        ui: mount the Gradio chat at `/`.
        load: start loading the Assistant now (False leaves it to the caller: `app.state.runtime.start()`).
        workers: processes that answer questions (`serve --workers`); 1 answers in this process.
    """
    keyed = bool(settings.api_keys)
    app = FastAPI(
        title="消防政策问答助手 API",
        version=__version__,
        description="带条款引用的消防政策问答。API 密钥以 `Authorization: Bearer <key>` 传入。",
        # With keys, the API's description is as private as the API: served below, behind the key.
        docs_url=None if keyed else "/docs",
        redoc_url=None if keyed else "/redoc",
        openapi_url=None if keyed else "/openapi.json",
        lifespan=_lifespan,
    )
    runtime = Runtime(settings, assistant=assistant, workers=workers)
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.feedback = FeedbackStore.from_settings(settings)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"],
                           allow_headers=["*"], allow_credentials=False)
    install_error_handlers(app)
    if keyed:
        app.add_middleware(ThrottleGuesses, throttle=LoginThrottle())

        @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(require_key)])
        def openapi() -> dict:
            return app.openapi()

        @app.get("/docs", include_in_schema=False, dependencies=[Depends(require_key)])
        def docs():
            return get_swagger_ui_html(openapi_url="/openapi.json", title="消防政策问答助手 API")

    @app.get("/healthz", response_model=schemas.HealthResponse, tags=["health"], summary="就绪检查")
    def healthz() -> dict:
        """"loading" while the index loads, then "ok" with the number of documents and chunks."""
        return runtime.health()

    # Routes before the Gradio mount: a mount at "/" catches every path not matched earlier.
    app.include_router(api.router)
    app.include_router(openai_compat.router)
    app.include_router(dify.router)
    if ui:
        from assistant.server.ui import mount_ui  # gradio import is slow: only when serving the UI

        mount_ui(app, runtime, app.state.feedback, settings)
    if load:
        runtime.start()
    return app
