"""The HTTP + WebSocket API of `mvm serve` (FastAPI; the OpenAPI document is at /openapi.json).

The browser window is under /ui/ (see web/__init__.py); its pages load without
the token. Authentication: every other endpoint except /health, /openapi.json and /docs needs
`Authorization: Bearer TOKEN` (a WebSocket may pass `?token=TOKEN` instead):
reads too, since a session's output and screen are its user's data. Errors are
JSON: `{"error": {"code": "...", "message": "..."}}` with the HTTP status that
fits (400 malformed body, 401 no token, 403 wrong token, 404 unknown session or
VDD, 409 wrong state, 413 payload too large, 422 invalid body or configuration,
429 too many sessions, 507 host memory low, 504 the session did not answer).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Path, Query, WebSocket, WebSocketDisconnect
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.security import HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__ as mvm_version
from ..vdh import VddError
from .auth import token_matches
from .limits import Limits
from .manager import Session, SessionError, SessionManager
from .models import (
    BroadcastAnswer,
    BroadcastBody,
    ErrorBody,
    InputBody,
    SessionInfo,
    SessionSpec,
    VddAnswer,
    VddErrorInfo,
    VddRequestBody,
)
from .web import install as install_web
from .web import is_page
from .web.window import screen_cells, screen_png

OPEN_PATHS = frozenset({"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})
MAX_BODY = 1 << 20
MAX_VDD_DATA = 256 << 10
MAX_WAIT = 300.0
WS_FRAME = 64 << 10  # console output frames stay well under any client's message limit
log = logging.getLogger("mvm.server")

ERRORS = {status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 413, 422, 429, 504, 507)}

# -- helpers ------------------------------------------------------------------------------------------


def _error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status, headers=headers)


def _decode(data: str, encoding: str) -> bytes:
    try:
        raw = bytes.fromhex(data) if encoding == "hex" else base64.b64decode(data, validate=True)
    except (ValueError, binascii.Error):
        raise SessionError(400, "bad_data", f"data is not valid {encoding}") from None
    if len(raw) > MAX_VDD_DATA:
        raise SessionError(413, "payload_too_large", f"request data over {MAX_VDD_DATA} bytes")
    return raw


def _encode(data: bytes, encoding: str) -> str:
    return data.hex() if encoding == "hex" else base64.b64encode(data).decode()


_VDD_STATUS = {VddError.VDD_NOT_FOUND: 404}


def _answer(session: Session, vdd: str, body: VddRequestBody, reply: dict) -> VddAnswer:
    if reply["ok"]:
        return VddAnswer(session=session.id, vdd=vdd, cmd=body.cmd, ok=True,
                         data=_encode(reply["data"], body.encoding), encoding=body.encoding)
    err = reply["error"]
    return VddAnswer(session=session.id, vdd=vdd, cmd=body.cmd, ok=False, encoding=body.encoding,
                     error=VddErrorInfo(code=err["name"], os2_code=err.get("code"), message=err["message"]))


def _vdd_error_response(answer: VddAnswer, code: int | None) -> JSONResponse:
    err = answer.error
    status = _VDD_STATUS.get(code, 500 if err.code == "VDD_FAILED" else 400)
    return _error(status, err.code, err.message, os2_code=err.os2_code, session=answer.session, vdd=answer.vdd)


def _is_open_page(scope) -> bool:
    """The browser window's pages hold no data (they fetch it with the token), so they load without one."""
    return scope["type"] == "http" and scope.get("method") == "GET" and is_page(scope["path"])


# -- middleware -------------------------------------------------------------------------------------------


class Guard:
    """Token check and body size limit, before anything reads the request."""

    def __init__(self, app, token: str, max_body: int) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in OPEN_PATHS or _is_open_page(scope):
            await self.app(scope, receive, send)
            return
        problem = self._auth_problem(scope)
        if problem is not None:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008, "reason": problem[2]})
            else:
                await _error(*problem)(scope, receive, send)
            return
        if scope["type"] == "http":
            receive = await self._bounded_body(scope, receive, send)
            if receive is None:
                return
        await self.app(scope, receive, send)

    def _auth_problem(self, scope) -> tuple[int, str, str] | None:
        given = None
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, credentials = value.decode("latin-1").partition(" ")
                given = credentials.strip() if scheme.lower() == "bearer" else ""
        if given is None and scope["type"] == "websocket":
            from urllib.parse import parse_qs

            given = (parse_qs(scope.get("query_string", b"").decode()).get("token") or [None])[0]
        if given is None:
            return 401, "token_required", "this needs the server's token: Authorization: Bearer TOKEN"
        if not token_matches(given, self.token):
            return 403, "bad_token", "wrong token"
        return None

    async def _bounded_body(self, scope, receive, send):
        """Read the whole body (up to the limit) and hand it on; None when it was too large."""
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await _error(413, "payload_too_large", f"body over {self.max_body} bytes")(scope, receive, send)
                return None
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return receive  # a disconnect: let the app see it
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                await _error(413, "payload_too_large", f"body over {self.max_body} bytes")(scope, receive, send)
                return None
            more = message.get("more_body", False)
        replay = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replayed():
            return replay.pop() if replay else await receive()

        return replayed


# -- the application ------------------------------------------------------------------------------------------


def create_app(token: str, limits: Limits | None = None, on_ready=None, max_body: int = MAX_BODY) -> FastAPI:
    """The API for one server. `on_ready` is called once sessions can be made (the URL is then announced)."""
    manager = SessionManager(limits)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await manager.startup()
        if on_ready is not None:
            on_ready()
        yield
        await manager.shutdown()

    app = FastAPI(title="mvm", version=mvm_version, lifespan=lifespan,
                  description="Many DOS sessions, each in its own process, and requests to their VDDs.")
    app.state.manager = manager
    bearer = [Depends(HTTPBearer(auto_error=False, description="the token from the server's file"))]
    _install_error_handlers(app)
    _session_routes(app, manager, bearer)
    _request_routes(app, manager, bearer)
    _console_route(app, manager)
    install_web(app, manager)

    @app.get("/health", summary="Is the server up (no token needed)")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "version": mvm_version, "sessions": len(manager.live_sessions())}

    return Guard(app, token, max_body)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SessionError)
    async def session_error(request, exc: SessionError):
        return _error(exc.status, exc.code, exc.message, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def invalid(request, exc: RequestValidationError):
        errors = exc.errors()
        first = errors[0] if errors else {}
        if first.get("type") == "json_invalid":
            return _error(400, "malformed_body", f"the body is not valid JSON: {first.get('ctx', {}).get('error', '')}")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return _error(422, "invalid_body", f"{where or 'body'}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed"}
        return _error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(Exception)
    async def internal(request, exc: Exception):
        log.error("internal error on %s %s: %r", request.method, request.url.path, exc)
        return _error(500, "internal_error", f"internal error: {exc!r}")


SessionKey = Path(description="a session id, or a session's name")


def _session_routes(app: FastAPI, manager: SessionManager, bearer) -> None:
    kw = {"dependencies": bearer, "responses": ERRORS}

    @app.post("/sessions", status_code=201, summary="Create a session (and start it)", **kw)
    async def create(spec: SessionSpec) -> SessionInfo:
        if spec.name and any(s.name == spec.name for s in manager.live_sessions()):
            raise SessionError(409, "name_in_use", f"a live session is already named {spec.name!r}")
        session = await manager.create(spec.config(), start=spec.start)
        return SessionInfo(**session.info())

    @app.get("/sessions", summary="List sessions", **kw)
    async def list_sessions(all: bool = Query(True, description="include ended sessions")) -> list[SessionInfo]:
        return [SessionInfo(**s.info()) for s in manager.sessions.values() if all or s.live]

    @app.get("/sessions/{key}", summary="A session's status", **kw)
    async def status(key: str = SessionKey) -> SessionInfo:
        return SessionInfo(**manager.get(key).info())

    @app.delete("/sessions/{key}", status_code=204, summary="Forget a session (killing it if it runs)", **kw)
    async def forget(key: str = SessionKey) -> Response:
        session = manager.get(key)
        await manager.kill(session)
        manager.sessions.pop(session.id, None)
        return Response(status_code=204)

    async def act(key: str, action) -> SessionInfo:
        session = manager.get(key)
        result = action(session)
        if asyncio.iscoroutine(result):
            await result
        return SessionInfo(**session.info())

    @app.post("/sessions/{key}/start", summary="Start a created session's program", **kw)
    async def start(key: str = SessionKey) -> SessionInfo:
        return await act(key, manager.start)

    @app.post("/sessions/{key}/pause", summary="Pause a running session (its timeout stops counting)", **kw)
    async def pause(key: str = SessionKey) -> SessionInfo:
        return await act(key, manager.pause)

    @app.post("/sessions/{key}/resume", summary="Resume a paused session", **kw)
    async def resume(key: str = SessionKey) -> SessionInfo:
        return await act(key, manager.resume)

    @app.post("/sessions/{key}/stop", summary="End the program gracefully (killed after a grace time)", **kw)
    async def stop(key: str = SessionKey) -> SessionInfo:
        return await act(key, manager.stop)

    @app.post("/sessions/{key}/kill", summary="Kill the session process at once", **kw)
    async def kill(key: str = SessionKey) -> SessionInfo:
        return await act(key, manager.kill)

    @app.get("/sessions/{key}/wait", summary="Wait for the session to end (long poll)", **kw)
    async def wait(key: str = SessionKey,
                   timeout: float = Query(30.0, ge=0, le=MAX_WAIT, description="seconds")) -> SessionInfo:
        session = manager.get(key)
        await manager.wait(session, timeout)
        return SessionInfo(**session.info())

    @app.get("/sessions/{key}/output", summary="Console output so far (UTF-8 text)", response_class=PlainTextResponse,
             **kw)
    async def output(key: str = SessionKey, offset: int = Query(0, ge=0)) -> Response:
        session = manager.get(key)
        start, data = session.output_from(offset)
        return Response(data, media_type="text/plain; charset=utf-8",
                        headers={"X-Output-Start": str(start), "X-Output-End": str(start + len(data)),
                                 "X-Session-State": session.state})

    @app.post("/sessions/{key}/input", status_code=204, summary="Type console input", **kw)
    async def send_input(body: InputBody, key: str = SessionKey) -> Response:
        session = manager.get(key)
        data = (body.text or "").encode()
        if body.base64:
            try:
                data += base64.b64decode(body.base64, validate=True)
            except (ValueError, binascii.Error):
                raise SessionError(400, "bad_data", "base64 is not valid base64") from None
        manager.send_input(session, data, body.eof)
        return Response(status_code=204)

    @app.get("/sessions/{key}/screen", summary="The text screen (format=cells: cells with attributes; "
             "format=png: the screen as the monitor shows it)", response_class=PlainTextResponse, **kw)
    async def screen(key: str = SessionKey,
                     format: str = Query("text", pattern="^(text|cells|png)$")) -> Response:  # noqa: A002 - the URL's name
        session = manager.get(key)
        if format == "cells":
            return JSONResponse(await screen_cells(manager, session))
        if format == "png":
            png = await screen_png(manager, session)
            if png is None:
                raise SessionError(409, "no_picture", f"session {session.id} has no screen to draw "
                                                      f"({session.state}, or a video mode without a renderer)")
            return Response(png, media_type="image/png")
        return PlainTextResponse(await manager.screen(session))


def _request_routes(app: FastAPI, manager: SessionManager, bearer) -> None:
    kw = {"dependencies": bearer, "responses": ERRORS}

    async def one(session: Session, vdd: str, body: VddRequestBody):
        data = _decode(body.data, body.encoding)
        reply = await manager.vdd_request(session, vdd, body.cmd, data)
        answer = _answer(session, vdd, body, reply)
        if not answer.ok:
            return _vdd_error_response(answer, reply["error"].get("code"))
        return answer

    @app.post("/sessions/{key}/vdds/{vdd}/request", summary="A request to one VDD of one session",
              response_model=VddAnswer, **kw)
    async def request_one(body: VddRequestBody, key: str = SessionKey,
                          vdd: str = Path(description="the VDD's name, e.g. VEMM")):
        return await one(manager.get(key), vdd, body)

    @app.post("/requests", summary='A VDD request to one session, or to all (session null or "*")',
              response_model=VddAnswer | BroadcastAnswer, **kw)
    async def request_any(body: BroadcastBody):
        if body.session not in (None, "*"):
            return await one(manager.get(body.session), body.vdd, body)
        data = _decode(body.data, body.encoding)
        replies = await manager.vdd_broadcast(body.vdd, body.cmd, data)
        return BroadcastAnswer(results=[_answer(s, body.vdd, body, r) for s, r in replies])


def _console_route(app: FastAPI, manager: SessionManager) -> None:
    @app.websocket("/sessions/{key}/console")
    async def console(ws: WebSocket, key: str, offset: int = 0) -> None:
        """Console output as binary frames (UTF-8), from `offset`; every frame sent is typed input.

        When the session ends, a text frame {"event": "end", ...} comes last.
        """
        try:
            session = manager.get(key)
        except SessionError as exc:
            await ws.close(code=4404, reason=exc.message)
            return
        await ws.accept()
        wake = asyncio.Event()
        session.subscribers.add(wake)
        closed: list[bool] = []
        reader = asyncio.create_task(_console_input(ws, manager, session, wake, closed))
        try:
            await _console_output(ws, session, wake, closed, offset)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            session.subscribers.discard(wake)
            reader.cancel()


async def _console_output(ws: WebSocket, session: Session, wake: asyncio.Event, closed: list[bool],
                          offset: int) -> None:
    sent = offset
    while not closed:
        wake.clear()
        start, data = session.output_from(sent)
        for at in range(0, len(data), WS_FRAME):
            await ws.send_bytes(data[at:at + WS_FRAME])
        sent = start + len(data)
        if not session.live:
            break
        await wake.wait()
    if closed:
        return
    end = {"event": "end", "state": session.state, "exit_code": session.exit_code, "reason": session.reason}
    await ws.send_text(json.dumps(end))
    await ws.close()


async def _console_input(ws: WebSocket, manager: SessionManager, session: Session, wake: asyncio.Event,
                         closed: list[bool]) -> None:
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            data = message.get("bytes") or (message.get("text") or "").encode()
            if data and session.live:
                try:
                    manager.send_input(session, data)
                except SessionError:
                    pass
    except (WebSocketDisconnect, RuntimeError):
        pass
    closed.append(True)
    wake.set()
