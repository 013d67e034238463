"""One session's screen for its browser windows: a copy kept from the changes the session pushes.

The session process sends "view" messages (web/watch.py) only while a window
or thumbnail is open, and only when its screen changed. The feed applies them to
its copy of the picture (text rows, or an RGB frame) and marks, for every window
(a Viewer), what it has not been sent yet. Each window's sender takes its marks
when it can: a new window gets the whole picture (a keyframe) from this copy, a
slow one or a thumbnail (a few pictures a second) gets everything that changed
since its last message in one, and no window ever makes the session send more.

The copy is only trusted after a keyframe of the current watch: a watch has a
generation number, so changes still on their way from an earlier watch are
dropped.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import numpy as np

from ...vdd.video import CELL_CHARS
from .screen import encode_png
from .watch import TILE

THUMB_WIDTH = 360  # the desktop page's thumbnails are no wider


def final_snapshot(text: str) -> dict[str, Any]:
    """An ended session's last screen (kept as text) as the text view of an 80x25 page in light grey."""
    lines = (text.split("\n") + [""] * 25)[:25]
    changed = [[r, b"".join(bytes((ch, 0x07)) for ch in line.encode("cp437", "replace")[:80].ljust(80))]
               for r, line in enumerate(lines)]
    return {"t": "view", "key": True, "kind": "text", "mode": 3, "cols": 80, "rows": 25, "cursor": [0, 0, 0],
            "blink": True, "changed": changed}


class Viewer:
    """One window or thumbnail: what it has not been sent yet."""

    def __init__(self, thumb: bool = False) -> None:
        self.thumb = thumb
        self.event = asyncio.Event()
        self.full = True  # it needs the whole picture
        self.rows: set[int] = set()
        self.tiles: set[tuple[int, int]] = set()
        self.cursor: list[int] | None = None
        self.blink: bool | None = None


class ScreenFeed:
    """The picture a session's windows show, and what each of them still lacks."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.viewers: set[Viewer] = set()
        self.gen = 0
        self.ready = False  # the copy holds a keyframe of the current watch (or the final screen)
        self.kind: str | None = None  # "text", "pixels" or "graphics" (a mode without a renderer)
        self.mode = -1
        self.cols = self.rows = 0
        self.cells: list[bytes] = []
        self.cursor = [0, 0, 0]
        self.blink = True
        self.pointer = False  # the DOS program's mouse pointer shows (drawn into the picture)
        self.frame: np.ndarray | None = None
        self.tile_version: dict[tuple[int, int], int] = {}
        self.version = 0  # of the whole frame: one more for every change
        self._png: dict[tuple[int, int, int, int], tuple[int, bytes]] = {}  # region -> (version, PNG)
        self._ended = False

    # -- windows coming and going ------------------------------------------------------------
    def join(self, viewer: Viewer) -> None:
        first = not self.viewers
        self.viewers.add(viewer)
        if not self.session.live:
            self.on_end()
        elif first:
            self._watch()
        if self.ready:
            viewer.event.set()

    def leave(self, viewer: Viewer) -> None:
        self.viewers.discard(viewer)
        if not self.viewers and self.session.live:
            self.ready = False
            self._tell({"t": "watch", "gen": 0})  # nobody looks: the session stops checking

    def wake(self) -> None:
        for viewer in self.viewers:
            viewer.event.set()

    def _watch(self) -> None:
        self.gen += 1
        self.ready = False
        self._tell({"t": "watch", "gen": self.gen})

    def _tell(self, message: dict) -> None:
        from ..manager import SessionError

        try:
            self.session.send(message)
        except SessionError:
            pass  # not started yet (on_ready asks again) or ended (on_end shows the last screen)

    # -- from the session (on the event loop) -----------------------------------------------------
    def on_ready(self) -> None:
        if self.viewers:
            self._watch()

    def on_end(self) -> None:
        """The session ended: its last screen (as text) is the picture from now on."""
        if self._ended:
            return
        self._ended = True
        self._apply(final_snapshot(self.session.final_screen or ""))
        self.ready = True
        self.wake()

    def on_view(self, message: dict) -> None:
        if message.get("gen") != self.gen or not self.viewers or self._ended:
            return  # from an earlier watch, or nobody looks any more
        if not self.ready and not message.get("key"):
            return
        self._apply(message)
        self.ready = True
        self.wake()

    def _apply(self, message: dict) -> None:
        kind = message.get("kind")
        self.pointer = bool(message.get("pointer"))
        if message.get("key"):
            self._keyframe(message)
        if kind == "text":
            self._apply_text(message)
        elif kind == "pixels":
            self._apply_pixels(message)

    def _keyframe(self, message: dict) -> None:
        self.kind, self.mode = message["kind"], message["mode"]
        if self.kind == "text":
            self.cols, self.rows = message["cols"], message["rows"]
            self.cells = [b"\x20\x07" * self.cols] * self.rows
        if self.kind != "pixels":
            self.frame = None
        elif self.frame is None or self.frame.shape[:2] != (message["height"], message["width"]):
            self.frame = np.zeros((message["height"], message["width"], 3), dtype=np.uint8)
        self.tile_version.clear()
        self._png.clear()
        for viewer in self.viewers:
            viewer.full = True
            viewer.rows.clear()
            viewer.tiles.clear()

    def _apply_text(self, message: dict) -> None:
        for row, cells in message["changed"]:
            if 0 <= row < self.rows:
                self.cells[row] = cells
                for viewer in self.viewers:
                    viewer.rows.add(row)
        self.cursor, self.blink = list(message["cursor"]), bool(message.get("blink", True))

    def _apply_pixels(self, message: dict) -> None:
        frame, data, at = self.frame, message["rgb"], 0
        self.version += 1
        for x, y, w, h in message["tiles"]:
            size = w * h * 3
            frame[y:y + h, x:x + w] = np.frombuffer(data, dtype=np.uint8, count=size, offset=at).reshape(h, w, 3)
            at += size
            for tile in self._tiles_in(x, y, w, h):
                self.tile_version[tile] = self.version
                for viewer in self.viewers:
                    viewer.tiles.add(tile)

    @staticmethod
    def _tiles_in(x: int, y: int, w: int, h: int) -> list[tuple[int, int]]:
        return [(tx, ty) for ty in range(y, y + h, TILE) for tx in range(x, x + w, TILE)]

    # -- to a window ------------------------------------------------------------------------------
    def take(self, viewer: Viewer) -> str | Callable[[], bytes] | None:
        """The window's next message, and nothing more to send until the picture changes again: JSON text,
        a function that makes the binary message of a frame's tiles (to run off the event loop), or None."""
        if not self.ready:
            return None
        if self.kind == "text":
            return self._take_text(viewer)
        if self.kind == "pixels":
            return self._take_pixels(viewer)
        if self.kind == "graphics" and viewer.full:
            viewer.full = False
            return json.dumps({"t": "graphics", "mode": self.mode, "pointer": self.pointer})
        return None

    def _take_text(self, viewer: Viewer) -> str | None:
        full = viewer.full
        rows = range(self.rows) if full else sorted(viewer.rows)
        if not rows and viewer.cursor == self.cursor and viewer.blink == self.blink:
            return None
        viewer.full, viewer.cursor, viewer.blink = False, self.cursor, self.blink
        viewer.rows.clear()
        changed = [[r, "".join(CELL_CHARS[c] for c in self.cells[r][::2]), self.cells[r][1::2].hex()] for r in rows]
        return json.dumps({"t": "screen", "mode": self.mode, "cols": self.cols, "rows": self.rows, "full": full,
                           "cursor": self.cursor, "blink": self.blink, "pointer": self.pointer, "changed": changed})

    def _take_pixels(self, viewer: Viewer) -> Callable[[], bytes] | None:
        full = viewer.full
        if not full and not viewer.tiles:
            return None
        if viewer.thumb:
            return self._take_thumbnail(viewer)
        height, width = self.frame.shape[:2]
        tiles = sorted(viewer.tiles, key=lambda t: (t[1], t[0]))
        viewer.full = False
        viewer.tiles.clear()
        if full or len(tiles) * TILE * TILE * 2 > width * height:
            regions = [((0, 0, width, height), self.version)]
        else:
            regions = [((x, y, min(TILE, width - x), min(TILE, height - y)), self.tile_version[(x, y)])
                       for x, y in tiles]
        # The pixels are copied now: the frame may change before the PNGs are made.
        work = [(region, version, self._cached(region, version)) for region, version in regions]
        work = [(region, version, png if png is not None else self.frame[region[1]:region[1] + region[3],
                                                                          region[0]:region[0] + region[2]].copy())
                for region, version, png in work]
        header = {"t": "tiles", "mode": self.mode, "width": width, "height": height, "full": full,
                  "pointer": self.pointer}
        return lambda: self._encode(header, work)

    def _take_thumbnail(self, viewer: Viewer) -> Callable[[], bytes]:
        """A thumbnail gets the whole picture again, sampled down to at most THUMB_WIDTH pixels wide
        (the desktop shows no more), instead of the changed tiles at full size."""
        viewer.full = False
        viewer.tiles.clear()
        height, width = self.frame.shape[:2]
        step = max(1, -(-width // THUMB_WIDTH))
        small = self.frame[::step, ::step].copy()
        region = (0, 0, small.shape[1], small.shape[0])
        header = {"t": "tiles", "mode": self.mode, "width": region[2], "height": region[3], "full": True,
                  "frame": [width, height], "pointer": self.pointer}
        return lambda: self._encode(header, [(region, self.version, small)], keep=False)

    def _cached(self, region: tuple[int, int, int, int], version: int) -> bytes | None:
        kept = self._png.get(region)
        return kept[1] if kept is not None and kept[0] == version else None

    def _encode(self, header: dict, work: list, keep: bool = True) -> bytes:
        """The binary message: a 4-byte big-endian header length, the JSON header, then the tiles' PNGs
        (kept for other windows wanting the same region of the same version, unless `keep` is off)."""
        pngs = []
        for region, version, pixels in work:
            png = pixels if isinstance(pixels, bytes) else encode_png(pixels)
            if keep:
                self._png[region] = (version, png)
            pngs.append(png)
        header = {**header, "tiles": [[*region, len(png)] for (region, _, _), png in zip(work, pngs, strict=True)]}
        raw = json.dumps(header).encode()
        return len(raw).to_bytes(4, "big") + raw + b"".join(pngs)
