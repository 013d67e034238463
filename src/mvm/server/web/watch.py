"""The session's side of the browser window: it watches its own screen and pushes what changed.

This runs in the session process, on the session thread, and only while the
server says a window or thumbnail is open (a "watch" message with a generation
number; generation 0 ends the watch). The screen is checked at most FRAME_RATE
times a second; a "view" message goes to the server only when something changed
since the last one, so a still screen costs the check and nothing else:

- text: {"t": "view", "gen", "key", "kind": "text", "mode", "cols", "rows",
  "cursor": [row, col, visible], "blink", "changed": [[row, cells], ...]}, cells
  being the row's (character, attribute) bytes;
- pixels: {"t": "view", "gen", "key", "kind": "pixels", "mode", "width", "height",
  "tiles": [[x, y, w, h], ...], "rgb": bytes}, the tiles' RGB rows one tile after
  the other (one tile the size of the frame when all of it changed);
- {"t": "view", "gen", "key": True, "kind": "graphics", "mode"}: a graphics mode
  the video VDD cannot draw.

"key" marks a keyframe (everything): the first message of a watch, and the one
after a change of mode or size. The server keeps the picture these build, so a
window that opens later gets its first picture from the server, not from here.

When checks run: while the screen keeps changing, a clock timer at the frame
rate (it also stops a guest that runs without a break, so its drawing is seen
in time); after QUIET seconds without a change the timer goes and the check
rides on the engine's own breaks (BIOS calls, interrupts), still at most at the
frame rate, and once more when a break came too soon for a check and the guest
is about to sleep. A session asleep waiting for a key is not woken at all.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .screen import BDA_MODE, is_text_mode, text_snapshot, video_of

FRAME_RATE = 70  # the VGA's refresh rate: a change between two refreshes was never on a monitor
FRAME = 1 / FRAME_RATE
QUIET = 1.0
TILE = 32  # pixels per side of the squares a graphics frame is compared and sent in


def changed_tiles(last: np.ndarray, now: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The TILE x TILE squares (x, y, w, h; smaller at the right and bottom edges) where `now` differs."""
    height, width = now.shape[:2]
    differs = np.any(now != last, axis=2)
    rows, cols = -(-height // TILE), -(-width // TILE)
    padded = np.zeros((rows * TILE, cols * TILE), dtype=bool)
    padded[:height, :width] = differs
    grid = padded.reshape(rows, TILE, cols, TILE).any(axis=(1, 3))
    return [(int(c) * TILE, int(r) * TILE, min(TILE, width - int(c) * TILE), min(TILE, height - int(r) * TILE))
            for r, c in zip(*np.nonzero(grid), strict=True)]


def rgb_of(frame: np.ndarray) -> np.ndarray:
    """A renderer's frame as contiguous [height, width, 3] RGB (a fourth channel is padding)."""
    if frame.ndim == 3 and frame.shape[2] > 3:
        frame = frame[..., :3]
    # A copy: what the server was sent must not change under the next comparison.
    return np.array(frame, dtype=np.uint8, order="C", copy=True)


class ScreenDiff:
    """What the server was last sent, and the message that brings it up to date with a new screen."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.shape: tuple | None = None  # (kind, mode, size...): a new one is a keyframe
        self.rows: list[bytes] = []
        self.cursor: list[int] | None = None
        self.blink: bool | None = None
        self.frame: np.ndarray | None = None

    def text(self, snap: dict[str, Any]) -> dict[str, Any] | None:
        cols, rows, cells = snap["cols"], snap["rows"], snap["cells"]
        shape = ("text", snap["mode"], cols, rows)
        key = shape != self.shape
        new_rows = [bytes(cells[r * cols * 2:(r + 1) * cols * 2]) for r in range(rows)]
        changed = [r for r in range(rows) if key or new_rows[r] != self.rows[r]]
        cursor = [*snap["cursor"], int(bool(snap["cursor_visible"]))]
        blink = bool(snap.get("blink", True))
        if not changed and cursor == self.cursor and blink == self.blink:
            return None
        self.shape, self.rows, self.cursor, self.blink, self.frame = shape, new_rows, cursor, blink, None
        return {"t": "view", "key": key, "kind": "text", "mode": snap["mode"], "cols": cols, "rows": rows,
                "cursor": cursor, "blink": blink, "changed": [[r, new_rows[r]] for r in changed]}

    def pixels(self, mode: int, frame: np.ndarray) -> dict[str, Any] | None:
        height, width = frame.shape[:2]
        shape = ("pixels", mode, width, height)
        key = shape != self.shape or self.frame is None
        tiles = [(0, 0, width, height)] if key else changed_tiles(self.frame, frame)
        if not tiles:
            return None
        if len(tiles) == -(-width // TILE) * -(-height // TILE):  # all of it changed: one region says so
            tiles = [(0, 0, width, height)]
        self.shape, self.frame, self.rows, self.cursor = shape, frame, [], None
        data = frame.tobytes() if tiles[0][2:] == (width, height) else \
            b"".join(frame[y:y + h, x:x + w].tobytes() for x, y, w, h in tiles)
        return {"t": "view", "key": key, "kind": "pixels", "mode": mode, "width": width, "height": height,
                "tiles": [list(t) for t in tiles], "rgb": data}

    def no_renderer(self, mode: int) -> dict[str, Any] | None:
        shape = ("graphics", mode)
        if shape == self.shape:
            return None
        self.reset()
        self.shape = shape
        return {"t": "view", "key": True, "kind": "graphics", "mode": mode}


def _pointer_shown(machine: Any) -> bool:
    """Whether the mouse driver draws its pointer on the screen now (the page then hides the host's)."""
    try:
        return bool(machine.vdd("VMOUSE").visible)
    except (KeyError, AttributeError):
        return False


def _about_to_sleep(machine: Any) -> bool:
    """Whether the guest waits (for a key, say) and the machine sleeps once this break is over.

    Read from the machine's run loop: a timer to look again a frame later would wake a waiting
    guest over and over, each wake-up being a break that is again too soon after a check.
    """
    return bool(getattr(machine, "waiting", False))


class ScreenWatch:
    """Checks the machine's screen for changes while a window watches it (see the module's text)."""

    def __init__(self, machine: Any, send) -> None:
        self.machine = machine
        self._send = send
        self.gen = 0
        self.diff = ScreenDiff()
        self._timer = None
        self._timer_clock = None  # a machine that restarts gets a new clock, without this timer
        self._due = 0.0
        self._skipped = False  # a break came too soon after a check: the screen may have changed since
        self._changed_at = 0.0

    def watch(self, gen: int, on_loop: bool) -> None:
        """Start (gen > 0: with a keyframe) or end the watch; `on_loop`: called on the session thread."""
        self.gen = gen
        self.diff.reset()
        if gen:
            self.check(on_loop)
        else:
            self._stop_timer()

    def on_slice(self) -> None:
        """Between engine runs: a check when the last one is a frame ago and the timer is off, or when
        a check was skipped as too soon and the guest is about to sleep (what it drew just before must
        not wait for its next wake-up, which may be long in coming)."""
        if self._timer is not None and self._timer_clock is not self.machine.clock:
            self._timer = None
        if not self.gen or self._timer is not None:
            return
        if self.machine.clock.now() >= self._due or (self._skipped and _about_to_sleep(self.machine)):
            self.check(True)
        else:
            self._skipped = True

    def check(self, on_loop: bool = True) -> None:
        now = self.machine.clock.now()
        self._due = now + FRAME
        self._skipped = False
        try:
            message = self.changes()
        except Exception:  # noqa: BLE001 - a renderer's bug must not end the session it shows
            message = None
        if message is not None:
            message["gen"] = self.gen
            message["pointer"] = _pointer_shown(self.machine)
            self._send(message)
            self._changed_at = now
            if on_loop and self._timer is None:
                # Clock timers belong to the session thread: only added from there.
                self._timer_clock = self.machine.clock
                self._timer = self._timer_clock.add(FRAME, self._on_timer)
        elif self._timer is not None and now - self._changed_at > QUIET:
            self._stop_timer()

    def _on_timer(self) -> None:
        if self.gen:
            self.check(True)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def changes(self) -> dict[str, Any] | None:
        """The message for what changed on the screen since the last one, or None."""
        machine = self.machine
        mode = machine.ram.rb(BDA_MODE) & 0x7F
        video = video_of(machine)
        if is_text_mode(mode, video):
            return self.diff.text(text_snapshot(machine.ram, mode, video))
        frame_of = getattr(video, "frame", None)
        if frame_of is None:
            return self.diff.no_renderer(mode)
        return self.diff.pixels(mode, rgb_of(frame_of()))
