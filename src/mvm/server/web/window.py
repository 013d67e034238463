"""WebSocket /sessions/{key}/window: a session's screen out, keys, text, paste and mouse in.

Server -> page:

- {"t": "screen", "mode", "cols", "rows", "full", "changed": [[row, text, attrs], ...],
  "cursor": [row, col, visible], "blink"}: the text rows that changed since the
  window's last message (all of them when "full"); text is the row's characters
  (code page 437 as Unicode, one per cell) and attrs the cells' attribute bytes in
  hex; "blink" false: attribute bit 7 is a bright background, not blinking.
- binary: a graphics frame's changed tiles: a 4-byte big-endian length, a JSON
  header {"t": "tiles", "mode", "width", "height", "full", "tiles": [[x, y, w,
  h, png_length], ...]}, then the tiles' PNGs one after the other.
- {"t": "graphics", "mode"}: a graphics mode the video VDD cannot render.
- {"t": "state", "state"}: the session's state when it changes.
- {"t": "end", "state", "exit_code", "reason"}: last, when the session has ended.

Page -> server (JSON text frames; anything else is ignored):

- {"t": "text", "data": "..."}: typed text. One ASCII character (a key press) goes
  to the session's console input (Enter is "\\r"); anything else (several at
  once, an accented letter from a dead key or an input method, a character from
  an on-screen keyboard) is typed by the keyboard VDD like a paste, in code page
  437 (a character it lacks is dropped).
- {"t": "paste", "data": "..."}: pasted text, typed by the keyboard VDD at the
  rate VIDEO_FASTPASTE chooses (a line end is Enter).
- {"t": "key", "code": "ArrowUp", "shift", "ctrl", "alt"}: a key without a
  character (arrows, function keys, Alt+letter), pressed on the keyboard VDD.
- {"t": "mouse", "x", "y", "buttons", "cell": [w, h]}: the pointer at canvas pixel
  (x, y) with the buttons held (bit 0 left, 1 right, 2 middle), passed to the
  session's VMOUSE; "cell" is the size the page draws a text cell in.

Nothing is polled: the session pushes its screen's changes while a window or
thumbnail watches it (web/watch.py), the session's ScreenFeed (web/feed.py)
keeps the picture and gives each window what it lacks. A thumbnail (?thumb=1)
gets what changed at most twice a second.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from ..manager import Session, SessionError, SessionManager
from .feed import ScreenFeed, Viewer, final_snapshot
from .screen import cells_view

THUMB_FRAME = 0.5  # seconds between a thumbnail's messages
MAX_MESSAGE = 64 << 10  # a paste larger than this is refused by the page's own limit, not queued here


# BIOS key words (scan << 8 | ascii) of the keys that type no character.
_SCAN = {"ArrowUp": 0x48, "ArrowDown": 0x50, "ArrowLeft": 0x4B, "ArrowRight": 0x4D, "Home": 0x47, "End": 0x4F,
         "PageUp": 0x49, "PageDown": 0x51, "Insert": 0x52, "Delete": 0x53}
_SCAN.update({f"F{n}": 0x3A + n for n in range(1, 11)})
_FKEY_SHIFT, _FKEY_CTRL, _FKEY_ALT = 0x54 - 0x3B, 0x5E - 0x3B, 0x68 - 0x3B
_LETTER_SCAN = {c: s for s, row in ((0x10, "QWERTYUIOP"), (0x1E, "ASDFGHJKL"), (0x2C, "ZXCVBNM"))
                for c, s in zip(row, range(s, s + len(row)), strict=True)}


def key_word(message: dict[str, Any]) -> int | None:
    """The BIOS key word for a key event from the page, or None when it has none."""
    code = str(message.get("code", ""))
    if code.startswith("Key") and len(code) == 4 and message.get("alt"):
        scan = _LETTER_SCAN.get(code[3])
        return scan << 8 if scan else None
    scan = _SCAN.get(code)
    if scan is None:
        return {"F11": 0x8500, "F12": 0x8600}.get(code)
    if code.startswith("F"):
        shift = _FKEY_ALT if message.get("alt") else _FKEY_CTRL if message.get("ctrl") else \
            _FKEY_SHIFT if message.get("shift") else 0
        return (scan + shift) << 8
    return scan << 8


_KEY_NAME = {"ArrowUp": "up", "ArrowDown": "down", "ArrowLeft": "left", "ArrowRight": "right", "Home": "home",
             "End": "end", "PageUp": "pgup", "PageDown": "pgdn", "Insert": "insert", "Delete": "delete"}
_KEY_NAME.update({f"F{n}": f"f{n}" for n in range(1, 13)})


# Keys that put no word in the BIOS buffer but make the BIOS act: Print Screen (INT 05h) and Pause
# (Ctrl+Pause is Break: the keyboard VDD tells them apart by the modifiers held).
_ACTION_KEYS = {"PrintScreen": "prtsc", "Pause": "pause"}


def key_message(event: dict[str, Any]) -> dict[str, Any] | None:
    """The session's "key" message for a key event from the page: the key's name and the modifiers held
    (for a keyboard VDD that types scan codes), and its BIOS word (for one that only has a buffer;
    0 for the keys that have none)."""
    mods = [mod for mod in ("shift", "ctrl", "alt") if event.get(mod)]
    code = str(event.get("code", ""))
    if code in _ACTION_KEYS:
        return {"t": "key", "key": 0, "name": _ACTION_KEYS[code], "mods": mods}
    word = key_word(event)
    if word is None:
        return None
    name = code[3].lower() if code.startswith("Key") else _KEY_NAME[code]
    return {"t": "key", "key": word, "name": name, "mods": mods}


def window_route(app: FastAPI, manager: SessionManager) -> None:
    @app.websocket("/sessions/{key}/window")
    async def window(ws: WebSocket, key: str, thumb: int = 0) -> None:
        try:
            session = manager.get(key)
        except SessionError as exc:
            await ws.close(code=4404, reason=exc.message)
            return
        await ws.accept()
        viewer = Viewer(thumb=bool(thumb))
        feed = feed_of(session)
        feed.join(viewer)
        closed: list[bool] = []
        reader = asyncio.create_task(_window_input(ws, manager, session, viewer, closed))
        try:
            await _window_output(ws, session, feed, viewer, closed)
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass
        finally:
            feed.leave(viewer)
            reader.cancel()


def feed_of(session: Session) -> ScreenFeed:
    """The session's screen feed, made when its first window opens."""
    if session.feed is None:
        session.feed = ScreenFeed(session)
    return session.feed


async def screen_cells(manager: SessionManager, session: Session) -> dict[str, Any]:
    """The screen as text cells with attributes (GET /sessions/{key}/screen?format=cells)."""
    if not session.live:
        return cells_view(_final_cells(session.final_screen or ""))
    view = await _ask_screen(manager, session, "cells")  # made in the session: a small answer
    return view if isinstance(view, dict) else cells_view(None)


async def screen_png(manager: SessionManager, session: Session) -> bytes | None:
    """The screen as the monitor shows it, as a PNG (GET /sessions/{key}/screen?format=png); None when
    the session has ended or its video cannot be drawn."""
    png = await _ask_screen(manager, session, "png")
    return png if isinstance(png, bytes) else None


async def _ask_screen(manager: SessionManager, session: Session, kind: str) -> Any:
    if not session.live or session.state == "starting":
        return None
    try:
        reply = await manager._ask(session, {"t": kind})  # noqa: SLF001 - the manager's own request path
    except SessionError:
        return None
    return reply.get("data")


def _final_cells(text: str) -> dict[str, Any]:
    """An ended session's last screen as a text snapshot (cells) for ?format=cells."""
    view = final_snapshot(text)
    return {"mode": 3, "text": True, "cols": 80, "rows": 25, "cells": b"".join(cells for _, cells in view["changed"]),
            "cursor": (0, 0), "cursor_visible": False}


async def _window_output(ws: WebSocket, session: Session, feed: ScreenFeed, viewer: Viewer,
                         closed: list[bool]) -> None:
    loop = asyncio.get_running_loop()
    state = None
    while not closed:
        viewer.event.clear()
        if session.state != state:
            state = session.state
            await ws.send_text(json.dumps({"t": "state", "state": state}))
        ended = not session.live  # read before taking: the last picture is in what is taken now
        message = feed.take(viewer)
        if callable(message):
            message = await loop.run_in_executor(None, message)  # PNGs made off the event loop
        if isinstance(message, bytes):
            await ws.send_bytes(message)
        elif message is not None:
            await ws.send_text(message)
        if ended:
            await ws.send_text(json.dumps({"t": "end", "state": session.state, "exit_code": session.exit_code,
                                           "reason": session.reason}))
            await ws.close()
            return
        if viewer.thumb:
            await asyncio.sleep(THUMB_FRAME)  # what changes meanwhile comes in one message
        await viewer.event.wait()


async def _window_input(ws: WebSocket, manager: SessionManager, session: Session, viewer: Viewer,
                        closed: list[bool]) -> None:
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            raw = message.get("text") or ""
            if len(raw) > MAX_MESSAGE:
                continue
            try:
                event = json.loads(raw)
            except ValueError:
                continue
            if isinstance(event, dict) and session.live:
                _handle_event(manager, session, event)
    except (WebSocketDisconnect, RuntimeError, OSError):
        pass
    closed.append(True)
    viewer.event.set()


def _cell_size(value: Any) -> list[int]:
    """The page's text cell size in canvas pixels, when it is a sane one; else the VGA's 9x16."""
    if isinstance(value, list) and len(value) == 2 and all(type(v) is int and 1 <= v <= 64 for v in value):
        return value
    return [9, 16]


def _handle_event(manager: SessionManager, session: Session, event: dict[str, Any]) -> None:
    kind = event.get("t")
    data = event.get("data")
    try:
        if kind in ("text", "paste") and isinstance(data, str) and data:
            # Typed text goes the keyboard's way as key presses do, so the two keep their order.
            session.send({"t": "paste", "data": data, "typed": kind == "text"})
        elif kind == "key":
            key = key_message(event)
            if key is not None:
                session.send(key)
        elif kind == "mouse" and all(type(event.get(k)) is int for k in ("x", "y", "buttons")):
            session.send({"t": "mouse", "x": event["x"], "y": event["y"], "buttons": event["buttons"],
                          "cell": _cell_size(event.get("cell"))})
    except SessionError:
        pass  # the session ended meanwhile: the output loop reports it
