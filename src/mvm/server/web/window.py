"""WebSocket /sessions/{key}/window: a session's screen out, keys, paste and mouse in.

Server -> page (JSON text frames):

- {"t": "screen", "mode", "cols", "rows", "full", "changed": [[row, text, attrs], ...],
  "cursor": [row, col, visible]}: only the rows that changed since the last
  frame (all of them when "full"); text is the row's characters (code page 437
  as Unicode, one per cell) and attrs the cells' attribute bytes in hex.
- binary: a graphics frame's changed tiles: a 4-byte big-endian length, a JSON
  header {"t": "tiles", "mode", "width", "height", "full", "tiles": [[x, y, w,
  h, png_bytes], ...]}, then the tiles' PNGs one after the other.
- {"t": "graphics", "mode"}: a graphics mode the video VDD cannot render.
- {"t": "state", "state"}: the session's state when it changes.
- {"t": "end", "state", "exit_code", "reason"}: last, when the session has ended.

Page -> server (JSON text frames):

- {"t": "text", "data": "..."}: typed characters, into the session's console
  input (Enter is "\\r"); more than one character at once is a paste.
- {"t": "paste", "data": "..."}: pasted text, typed by the keyboard VDD at the
  rate VIDEO_FASTPASTE chooses (a line end is Enter).
- {"t": "key", "code": "ArrowUp", "shift", "ctrl", "alt"}: a key without a
  character (arrows, function keys, Alt+letter) as its BIOS key word, put
  straight into the keyboard buffer.
- {"t": "mouse", "x", "y", "buttons"}: the pointer at canvas pixel (x, y) with the
  buttons held (bit 0 left, 1 right, 2 middle), passed to the session's VMOUSE.

The server polls the session's screen (a small request answered between engine
slices) at up to 75 frames a second for a window while its screen changes or
input came within the last second, 20 a second when it is still, twice a second
for a thumbnail (?thumb=1), and at once after each input, so a key shows
quickly. Only changes are sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from typing import Any

import numpy as np
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from ...vdd.video import CELL_CHARS
from ..manager import Session, SessionError, SessionManager
from .screen import cells_view

FRAME = 1 / 75  # above 60, so timer jitter does not cost a 60 Hz animation frames
IDLE_FRAME = 1 / 20  # after a second without changes or input: a still screen costs little to watch
ACTIVE_FOR = 1.0
THUMB_FRAME = 0.5
TILE = 32  # pixels per side of the squares a graphics frame is compared and sent in
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


def key_message(event: dict[str, Any]) -> dict[str, Any] | None:
    """The session's "key" message for a key event from the page: the key's name and the modifiers held
    (for a keyboard VDD that types scan codes), and its BIOS word (for one that only has a buffer)."""
    word = key_word(event)
    if word is None:
        return None
    code = str(event.get("code", ""))
    name = code[3].lower() if code.startswith("Key") else _KEY_NAME[code]
    mods = [mod for mod in ("shift", "ctrl", "alt") if event.get(mod)]
    return {"t": "key", "key": word, "name": name, "mods": mods}


def text_input(data: str) -> bytes:
    """Typed or pasted text as console input: line ends are Enter (CR) as a keyboard gives it."""
    return data.replace("\r\n", "\r").replace("\n", "\r").encode()


def is_paste(kind: str, data: str) -> bool:
    """Whether text from the page is pasted: the page sends a keystroke's character alone, so more at
    once was pasted (from the clipboard or the paste box) and is typed at the keyboard's paste rate."""
    return kind == "paste" or len(data) > 1


class PixelDiff:
    """Changed tiles of graphics frames, as PNGs (the whole frame as one when most of it changed)."""

    def __init__(self) -> None:
        self.last: np.ndarray | None = None

    def frame(self, snap: dict[str, Any]) -> bytes | None:
        width, height = snap["width"], snap["height"]
        now = np.frombuffer(snap["rgb"], dtype=np.uint8).reshape(height, width, 3)
        full = self.last is None or self.last.shape != now.shape
        tiles = [(0, 0, width, height)] if full else self._changed(now)
        if not tiles:
            return None
        if len(tiles) * TILE * TILE * 2 > width * height:
            tiles = [(0, 0, width, height)]
        self.last = now
        pngs = [_png(now[y:y + h, x:x + w]) for x, y, w, h in tiles]
        header = json.dumps({"t": "tiles", "mode": snap["mode"], "width": width, "height": height, "full": full,
                             "tiles": [[*tile, len(png)] for tile, png in zip(tiles, pngs, strict=True)]}).encode()
        return len(header).to_bytes(4, "big") + header + b"".join(pngs)

    def _changed(self, now: np.ndarray) -> list[tuple[int, int, int, int]]:
        height, width = now.shape[:2]
        differs = np.any(now != self.last, axis=2)
        tiles = []
        for y in range(0, height, TILE):
            for x in range(0, width, TILE):
                if differs[y:y + TILE, x:x + TILE].any():
                    tiles.append((x, y, min(TILE, width - x), min(TILE, height - y)))
        return tiles


def _png(pixels: np.ndarray) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    # Speed over size: these go to a browser on a fast link, every frame.
    Image.fromarray(np.ascontiguousarray(pixels), "RGB").save(out, "PNG", compress_level=1)
    return out.getvalue()


class ScreenDiff:
    """What changed between the last frame sent and a new snapshot."""

    def __init__(self) -> None:
        self.rows: list[bytes] = []
        self.shape: tuple[int, int, int] | None = None
        self.cursor: list[int] | None = None
        self.pixels = PixelDiff()

    def frame(self, snap: dict[str, Any]) -> dict[str, Any] | bytes | None:
        """The message to send for `snap` (JSON, or binary for pixels), or None when nothing changed."""
        if not snap.get("text"):
            if "rgb" in snap:
                return self.pixels.frame(snap)
            shape = (snap.get("mode", -1), 0, 0)
            if shape == self.shape:
                return None
            self.shape, self.rows = shape, []
            return {"t": "graphics", "mode": snap.get("mode")}
        self.pixels.last = None
        cols, rows, cells = snap["cols"], snap["rows"], snap["cells"]
        shape = (snap["mode"], cols, rows)
        full = shape != self.shape
        new_rows = [cells[r * cols * 2:(r + 1) * cols * 2] for r in range(rows)]
        changed = [r for r in range(rows) if full or new_rows[r] != self.rows[r]]
        cursor = [*snap["cursor"], int(bool(snap["cursor_visible"]))]
        if not changed and cursor == self.cursor:
            return None
        self.shape, self.rows, self.cursor = shape, new_rows, cursor
        return {"t": "screen", "mode": snap["mode"], "cols": cols, "rows": rows, "full": full, "cursor": cursor,
                "changed": [[r, "".join(CELL_CHARS[c] for c in new_rows[r][::2]), new_rows[r][1::2].hex()]
                            for r in changed]}


def final_snapshot(text: str) -> dict[str, Any]:
    """An ended session's last screen (kept as text) as cells in light grey on black."""
    lines = (text.split("\n") + [""] * 25)[:25]
    cells = bytearray()
    for line in lines:
        data = line.encode("cp437", "replace")[:80].ljust(80)
        for ch in data:
            cells += bytes((ch, 0x07))
    return {"mode": 3, "text": True, "cols": 80, "rows": 25, "cells": bytes(cells), "cursor": (0, 0),
            "cursor_visible": False}


def window_route(app: FastAPI, manager: SessionManager) -> None:
    @app.websocket("/sessions/{key}/window")
    async def window(ws: WebSocket, key: str, thumb: int = 0) -> None:
        try:
            session = manager.get(key)
        except SessionError as exc:
            await ws.close(code=4404, reason=exc.message)
            return
        await ws.accept()
        poke = asyncio.Event()
        closed: list[bool] = []
        reader = asyncio.create_task(_window_input(ws, manager, session, poke, closed))
        try:
            await _window_output(ws, manager, session, poke, closed, bool(thumb))
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            reader.cancel()


async def _snapshot(manager: SessionManager, session: Session) -> dict[str, Any] | None:
    if not session.live:
        return final_snapshot(session.final_screen or "")
    if session.state == "starting":
        return None
    try:
        reply = await manager._ask(session, {"t": "cells"})  # noqa: SLF001 - the manager's own request path
    except SessionError:
        return None  # ended or busy: the next round sees which
    return reply.get("data")


async def screen_cells(manager: SessionManager, session: Session) -> dict[str, Any]:
    """The screen as text cells with attributes (GET /sessions/{key}/screen?format=cells)."""
    return cells_view(await _snapshot(manager, session))


async def _window_output(ws: WebSocket, manager: SessionManager, session: Session, poke: asyncio.Event,
                         closed: list[bool], thumb: bool) -> None:
    diff, state = ScreenDiff(), None
    loop = asyncio.get_running_loop()
    active = loop.time()  # the last change or input
    while not closed:
        if poke.is_set():
            active = loop.time()
        poke.clear()
        began = loop.time()
        if session.state != state:
            state = session.state
            await ws.send_text(json.dumps({"t": "state", "state": state}))
        snap = await _snapshot(manager, session)
        if snap is None and not session.live:  # it ended while asked: its last screen still goes out
            snap = final_snapshot(session.final_screen or "")
        if snap is not None and "rgb" in snap:  # PNG encoding off the event loop
            frame = await loop.run_in_executor(None, diff.frame, snap)
        else:
            frame = diff.frame(snap) if snap is not None else None
        if isinstance(frame, bytes):
            await ws.send_bytes(frame)
        elif frame is not None:
            await ws.send_text(json.dumps(frame))
        if frame is not None:
            active = loop.time()
        if not session.live:
            await ws.send_text(json.dumps({"t": "end", "state": session.state, "exit_code": session.exit_code,
                                           "reason": session.reason}))
            await ws.close()
            return
        # Frames at a steady rate: the time this one took counts against the interval.
        interval = THUMB_FRAME if thumb else FRAME if began - active < ACTIVE_FOR else IDLE_FRAME
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(poke.wait(), max(0.001, interval - (loop.time() - began)))


async def _window_input(ws: WebSocket, manager: SessionManager, session: Session, poke: asyncio.Event,
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
                poke.set()
    except (WebSocketDisconnect, RuntimeError):
        pass
    closed.append(True)
    poke.set()


def _handle_event(manager: SessionManager, session: Session, event: dict[str, Any]) -> None:
    kind = event.get("t")
    data = event.get("data")
    try:
        if kind in ("text", "paste") and isinstance(data, str) and is_paste(kind, data):
            session.send({"t": "paste", "data": data})
        elif kind == "text" and isinstance(data, str):
            manager.send_input(session, text_input(data))
        elif kind == "key":
            key = key_message(event)
            if key is not None:
                session.send(key)
        elif kind == "mouse" and all(type(event.get(k)) is int for k in ("x", "y", "buttons")):
            # Canvas pixels; a text screen is drawn in cells of 9x16 there (screen.js).
            session.send({"t": "mouse", "x": event["x"], "y": event["y"], "buttons": event["buttons"],
                          "cell": [9, 16]})
    except SessionError:
        pass  # the session ended meanwhile: the output loop reports it
