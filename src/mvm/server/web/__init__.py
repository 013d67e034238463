"""The browser window: pages served by `mvm serve` and the WebSocket that feeds them.

- GET /ui/ is the desktop: every session with a live thumbnail, and buttons to
  open, start, stop or make one.
- GET /ui/sessions/{id} is one session's window: its screen in a canvas (with a
  hidden text mirror of the screen for accessibility and tests), keyboard input
  and paste.

The pages are static files without any data in them, so they are served without
the token; everything they show comes through the API, which needs it. Open
`/ui/?token=TOKEN` once: the page keeps the token in the tab's sessionStorage,
removes it from the address bar and sends it as `Authorization: Bearer` (and as
`?token=` on the WebSocket, which browsers cannot give headers).

WebSocket /sessions/{key}/window (see window.py for the messages).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # session processes import this package (for screen.py) while manager.py is half loaded
    from fastapi import FastAPI
    from fastapi.responses import FileResponse

    from ..manager import SessionManager

STATIC = Path(__file__).parent / "static"
UI_PREFIX = "/ui"
_FILES = {"desktop.js", "session.js", "screen.js", "style.css"}


def is_page(path: str) -> bool:
    """A path the Guard lets through without a token: the pages and their scripts (never the WebSocket)."""
    return path == UI_PREFIX or path.startswith(UI_PREFIX + "/")


def install(app: FastAPI, manager: SessionManager) -> None:
    """Add the pages and the window WebSocket to `app`."""
    from fastapi.responses import FileResponse, RedirectResponse

    from ..manager import SessionError
    from .window import window_route

    def _page(name: str) -> FileResponse:
        # No caching: a page from an older server must not talk to a newer one.
        return FileResponse(STATIC / name, headers={"Cache-Control": "no-store"})

    @app.get(UI_PREFIX, include_in_schema=False)
    async def ui_root() -> RedirectResponse:
        return RedirectResponse(UI_PREFIX + "/")

    @app.get(UI_PREFIX + "/", include_in_schema=False)
    async def desktop() -> FileResponse:
        return _page("desktop.html")

    @app.get(UI_PREFIX + "/sessions/{key}", include_in_schema=False)
    async def session_page(key: str) -> FileResponse:
        return _page("session.html")

    @app.get(UI_PREFIX + "/static/{name}", include_in_schema=False)
    async def static(name: str) -> FileResponse:
        if name not in _FILES:
            raise SessionError(404, "not_found", f"no file {name!r}")
        return _page(name)

    window_route(app, manager)
