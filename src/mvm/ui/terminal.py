"""The terminal window: a session's screen drawn full-screen in a terminal, keys in raw mode.

`mvm run --window terminal` runs the session on a thread while this thread
draws the text screen with ANSI escapes (colours, the cursor) about 30 times a
second, redrawing only the rows that changed, and turns the terminal's key
sequences into scan codes sent through the keyboard VDD's 8042 (so programs
that hook INT 09h see them). Graphics modes are drawn coarsely with half-block
characters in 24-bit colour, two pixels rows per character cell.

Ctrl+] leaves the window and stops the session (as telnet's escape key does).
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import sys
import termios
import threading
import tty
from collections.abc import Callable
from typing import Any

from ..errors import UsageError
from ..vdd.video import CELL_CHARS

LEAVE_KEY = 0x1D  # Ctrl+]
FRAME_SECONDS = 1 / 30
TEXT_MODES = {0x00, 0x01, 0x02, 0x03, 0x07}
# The CGA's colour order (blue = 1, red = 4) in ANSI's (red = 1, blue = 4).
ANSI_OF_CGA = (0, 4, 2, 6, 1, 5, 3, 7)

# Terminal key sequences -> key names of the keyboard VDD.
CSI_TILDE = {1: "home", 2: "insert", 3: "delete", 4: "end", 5: "pgup", 6: "pgdn", 7: "home", 8: "end",
             11: "f1", 12: "f2", 13: "f3", 14: "f4", 15: "f5", 17: "f6", 18: "f7", 19: "f8", 20: "f9",
             21: "f10", 23: "f11", 24: "f12"}
CSI_LETTER = {"A": "up", "B": "down", "C": "right", "D": "left", "H": "home", "F": "end",
              "P": "f1", "Q": "f2", "R": "f3", "S": "f4"}
LINUX_F = {"A": "f1", "B": "f2", "C": "f3", "D": "f4", "E": "f5"}  # the Linux console's ESC [ [ A-E
_CSI = re.compile(rb"\x1b(\[\[[A-E]|\[[0-9;]*[A-Za-z~]|O[0-9;]*[A-Za-z])")
CTRL_NAMES = {0x00: "2", 0x1C: "\\", 0x1E: "6", 0x1F: "-"}

Key = tuple[str, tuple[str, ...]]  # (key name or character, modifier keys)


def _mods(param: int) -> tuple[str, ...]:
    """xterm's modifier parameter (1 + bits: 1 Shift, 2 Alt, 4 Ctrl) as key names."""
    bits = max(param - 1, 0)
    return tuple(name for bit, name in ((4, "ctrl"), (2, "alt"), (1, "shift")) if bits & bit)


def _csi_key(seq: bytes) -> Key | None:
    text = seq.decode("ascii")
    if text.startswith("[["):
        return LINUX_F[text[2]], ()
    final, params = text[-1], [int(p) if p else 1 for p in text[1:-1].split(";") if text[1:-1]]
    mods = _mods(params[1]) if len(params) > 1 else ()
    if final == "~":
        name = CSI_TILDE.get(params[0] if params else 0)
        return (name, mods) if name else None
    if final == "Z":
        return "tab", ("shift",)
    name = CSI_LETTER.get(final)
    return (name, mods) if name else None


def _byte_key(b: int) -> Key | None:
    if b == 0x0D or b == 0x0A:
        return "enter", ()
    if b == 0x09:
        return "tab", ()
    if b in (0x7F, 0x08):
        return "backspace", ()
    if b == 0x1B:
        return "esc", ()
    if 1 <= b <= 26:
        return chr(b + 0x60), ("ctrl",)
    if b in CTRL_NAMES:
        return CTRL_NAMES[b], ("ctrl",)
    return None


def parse_keys(data: bytes) -> list[Key | str]:
    """Split terminal input into keys; text that no key types comes back as a str (pasted)."""
    out: list[Key | str] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b == 0x1B:
            m = _CSI.match(data, i)
            if m:
                key = _csi_key(m.group(1))
                if key is not None:
                    out.append(key)
                i = m.end()
                continue
            if i + 1 < len(data) and data[i + 1] != 0x1B:  # ESC then a key: Alt+key
                inner = parse_keys(data[i + 1:i + 2])
                if inner and isinstance(inner[0], tuple):
                    name, mods = inner[0]
                    out.append((name, ("alt", *mods)))
                i += 2
                continue
        if b < 0x20 or b == 0x7F:
            key = _byte_key(b)
            if key is not None:
                out.append(key)
            i += 1
            continue
        end = i
        while end < len(data) and data[end] >= 0x20 and data[end] != 0x7F:
            end += 1
        text = data[i:end].decode("utf-8", "replace")
        out.extend((ch, ()) if ch.isascii() else ch for ch in text)
        i = end
    return out


def send_key(kbd: Any, key: Key | str) -> None:
    """Type one parsed key through the keyboard VDD."""
    from ..vdd.keyboard import char_strokes, key_strokes

    if isinstance(key, str):
        kbd.paste(key)
        return
    name, mods = key
    if len(name) == 1 and not mods:
        strokes = char_strokes(ord(name))
        if strokes is not None:
            kbd.send_scancodes(strokes)
        return
    try:
        kbd.send_scancodes(key_strokes(name.lower() if len(name) == 1 else name, mods))
    except KeyError:
        pass  # a character no key of the US layout types with these modifiers


# -- drawing ---------------------------------------------------------------------------
def sgr(attr: int, blink_enabled: bool) -> str:
    """The SGR escape for a CGA text attribute."""
    fg, bg = attr & 0x0F, attr >> 4
    codes = [(90 if fg & 8 else 30) + ANSI_OF_CGA[fg & 7]]
    if blink_enabled:
        codes.append(40 + ANSI_OF_CGA[bg & 7])
        if bg & 8:
            codes.append(5)
    else:
        codes.append((100 if bg & 8 else 40) + ANSI_OF_CGA[bg & 7])
    return "\x1b[0;" + ";".join(map(str, codes)) + "m"


class Screen:
    """What the terminal shows, and the escapes that bring it up to date with the session."""

    def __init__(self, machine: Any, write: Callable[[str], None]) -> None:
        self.machine = machine
        self.video = machine.vdd("VVIDEO")
        self.write = write
        self.rows: list[str] = []
        self.cursor: tuple[int, int] | None = None
        self.size = (0, 0)

    def refresh(self, force: bool = False) -> None:
        size = shutil.get_terminal_size((80, 25))
        if force or size != self.size:
            self.size = size
            self.rows = []
            self.write("\x1b[0m\x1b[2J")
        lines, cursor = self._lines()
        out = []
        for y, line in enumerate(lines[:size.lines]):
            if y >= len(self.rows) or self.rows[y] != line:
                out.append(f"\x1b[{y + 1};1H{line}\x1b[0m\x1b[K")
        if len(lines) < len(self.rows):
            out.append(f"\x1b[{len(lines) + 1};1H\x1b[0m\x1b[J")
        self.rows = lines
        if out or cursor != self.cursor:
            self.cursor = cursor
            if cursor is None:
                out.append("\x1b[?25l")
            else:
                out.append(f"\x1b[{cursor[0] + 1};{cursor[1] + 1}H\x1b[?25h")
            self.write("".join(out))

    def _lines(self) -> tuple[list[str], tuple[int, int] | None]:
        """The text screen as the CRTC shows it (start address, offset, split, a program's
        own tweaked sizes), one SGR-coloured line a row, and where the cursor shows."""
        video = self.video
        if video.gfx is not None:
            return self._graphics(self.machine.ram.rb(0x449) & 0x7F), None
        cols, rows = video.shown_size()
        screen = video.shown_text()
        blink = bool(video.vga.attr[0x10] & 0x08)
        width = min(cols, self.size.columns)
        lines = []
        for row in range(rows):
            cells = screen[row * cols * 2: row * cols * 2 + width * 2]
            parts, last = [], -1
            for x in range(width):
                ch, attr = cells[2 * x], cells[2 * x + 1]
                if attr != last:
                    parts.append(sgr(attr, blink))
                    last = attr
                parts.append(CELL_CHARS[ch] if ch else " ")
            lines.append("".join(parts))
        shown = video.shown_cursor()
        return lines, shown if shown is not None and shown[1] < width else None

    def _graphics(self, mode: int) -> list[str]:
        """A graphics mode in half blocks: each character cell shows two pixel rows, averaged."""
        note = f"\x1b[0;7m graphics mode {mode:02X}h (coarse view; Ctrl+] leaves) \x1b[0m"
        try:
            frame = self.video.frame()
        except Exception:  # noqa: BLE001 - a mode the renderer lacks: show the note alone
            return [note]
        cols, lines = self.size.columns, max(self.size.lines - 1, 1)
        height, width = frame.shape[:2]
        step_x = max(width / cols, 1.0)
        step_y = max(height / (lines * 2), 1.0)
        out = [note]
        for y in range(min(lines, int(height / step_y / 2))):
            top = frame[int(2 * y * step_y)]
            bottom = frame[min(int((2 * y + 1) * step_y), height - 1)]
            parts, last = [], None
            for x in range(min(cols, int(width / step_x))):
                px = int(x * step_x)
                colours = (tuple(top[px]), tuple(bottom[px]))
                if colours != last:  # a colour change costs an escape; runs share one
                    (r1, g1, b1), (r2, g2, b2) = last = colours
                    parts.append(f"\x1b[38;2;{r1};{g1};{b1};48;2;{r2};{g2};{b2}m")
                parts.append("▀")
            out.append("".join(parts))
        return out


# -- the window --------------------------------------------------------------------------
def run_in_terminal(machine: Any, start: Callable[[Any, dict], Any]):
    """Run a session with this terminal as its screen and keyboard; returns its RunResult.

    `start(machine, io)` runs the session as the dumb window does; here its DOS
    standard input is a pipe that stays open (keys come through the keyboard VDD)
    and its standard output is discarded (the screen shows what it wrote).
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("--window terminal needs a terminal on standard input and output")
    kbd = machine.vdd("VKBD")
    kbd.attach_source()
    quiet_read, quiet_write = os.pipe()
    sink = open(os.devnull, "wb")  # noqa: SIM115 - closed below, after the session
    stdin = os.fdopen(quiet_read, "rb", buffering=0)
    box: dict[str, Any] = {}

    def session() -> None:
        try:
            box["result"] = start(machine, {"stdin": stdin, "stdout": sink, "stdin_is_tty": True})
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            box["error"] = exc

    thread = threading.Thread(target=session, name="mvm-session", daemon=True)
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    out = sys.stdout

    def write(text: str) -> None:
        out.write(text)
        out.flush()

    try:
        tty.setraw(fd)
        write("\x1b[?1049h\x1b[H\x1b[2J")
        thread.start()
        _window_loop(machine, kbd, Screen(machine, write), fd, thread)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        write("\x1b[0m\x1b[?25h\x1b[?1049l")
        thread.join(timeout=5)
        os.close(quiet_write)
        stdin.close()
        sink.close()
    if "error" in box:
        raise box["error"]
    return box["result"]


def _window_loop(machine: Any, kbd: Any, screen: Screen, fd: int, thread: threading.Thread) -> None:
    screen.refresh(force=True)
    while thread.is_alive():
        ready, _, _ = select.select([fd], [], [], FRAME_SECONDS)
        if ready:
            data = os.read(fd, 1024)
            if not data or LEAVE_KEY in data:
                _stop_session(machine)
                break
            for key in parse_keys(data):
                send_key(kbd, key)
        screen.refresh()


def _stop_session(machine: Any) -> None:
    """End the session from its own thread, at its next slice: the engine is not ours to touch."""
    before = machine.on_slice

    def stop() -> None:
        if before is not None:
            before()
        machine.end_session("stopped", 130, "session stopped from the terminal window (Ctrl+])")

    machine.on_slice = stop
    machine.wake()


# -- attaching to a server session ---------------------------------------------------------------
LIVE_STATES = ("starting", "created", "running", "paused", "stopping")


class RemoteKeyboard:
    """The keyboard VDD of a server session, reached with VDD requests (as `send_key` wants it)."""

    def __init__(self, api: Any, key: str) -> None:
        self.api = api
        self.path = f"/sessions/{key}/vdds/VKBD/request"

    def _request(self, cmd: int, data: bytes) -> None:
        self.api.json("POST", self.path, {"cmd": cmd, "data": data.hex(), "encoding": "hex"})

    def send_scancodes(self, codes) -> None:
        self._request(0x10, bytes(codes))

    def paste(self, text: str) -> None:
        self._request(0x11, text.encode("utf-8"))


def attach(api: Any, key: str, frame_seconds: float = 0.1) -> int:
    """Show a server session's screen in this terminal and type into it until
    the session ends or Ctrl+] detaches (the session goes on). Returns 0.

    Text modes come from the server's screen endpoint as cells with attributes
    (?format=cells) and are drawn with their colours and cursor, as the local
    window draws them; a server without that format gives plain text. Keys go
    through the session's 8042 as in the local window.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("attach needs a terminal on standard input and output")
    kbd = RemoteKeyboard(api, key)
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    out = sys.stdout
    view = RemoteView(api, key, out)
    try:
        tty.setraw(fd)
        out.write("\x1b[?1049h\x1b[H\x1b[2J")
        while api.json("GET", f"/sessions/{key}").get("state") in LIVE_STATES:
            ready, _, _ = select.select([fd], [], [], frame_seconds)
            if ready:
                data = os.read(fd, 1024)
                if not data or LEAVE_KEY in data:
                    break
                for parsed in parse_keys(data):
                    send_key(kbd, parsed)
            view.refresh()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        out.write("\x1b[0m\x1b[?25h\x1b[?1049l")
        out.flush()
    return 0


def cell_lines(view: dict[str, Any], width: int, height: int = 24) -> tuple[list[str], tuple[int, int] | None]:
    """The rows of a `?format=cells` screen as SGR-coloured lines, and where the cursor shows (or None)."""
    if not view.get("text"):
        note = f"\x1b[0;7m graphics mode {view.get('mode', -1) & 0xFF:02X}h (coarse view; Ctrl+] leaves) \x1b[0m"
        return [note, *remote_graphics(view, width, height)], None
    blink = bool(view.get("blink", True))
    lines = []
    for text, attrs in view["cells"]:
        parts, last = [], -1
        for ch, attr in zip(text[:width], bytes.fromhex(attrs), strict=False):
            if attr != last:
                parts.append(sgr(attr, blink))
                last = attr
            parts.append(ch if ch != "\0" else " ")
        lines.append("".join(parts))
    row, col = view["cursor"]
    shown = view.get("cursor_visible") and row < len(lines) and col < min(width, view["cols"])
    return lines, (row, col) if shown else None


def remote_graphics(view: dict[str, Any], width: int, lines: int = 24) -> list[str]:
    """The coarse frame of a `?format=cells` graphics screen in half blocks, two pixel rows a line."""
    if "pixels" not in view:
        return []
    pw, ph = view["pixels_size"]
    raw = bytes.fromhex(view["pixels"])
    step_x = max(pw / width, 1.0)
    step_y = max(ph / (lines * 2), 1.0)
    out = []
    for y in range(min(lines, int(ph / step_y / 2))):
        top, bottom = int(2 * y * step_y), min(int((2 * y + 1) * step_y), ph - 1)
        parts, last = [], None
        for x in range(min(width, int(pw / step_x))):
            px = int(x * step_x)
            colours = (raw[3 * (top * pw + px):3 * (top * pw + px) + 3],
                       raw[3 * (bottom * pw + px):3 * (bottom * pw + px) + 3])
            if colours != last:  # a colour change costs an escape; runs share one
                last = colours
                (r1, g1, b1), (r2, g2, b2) = colours
                parts.append(f"\x1b[38;2;{r1};{g1};{b1};48;2;{r2};{g2};{b2}m")
            parts.append("▀")
        out.append("".join(parts))
    return out


class RemoteView:
    """A server session's screen in this terminal: only the rows that changed are redrawn."""

    def __init__(self, api: Any, key: str, out: Any) -> None:
        self.api = api
        self.key = key
        self.out = out
        self.cells = True  # the server gives cells; False after it refused them (plain text then)
        self.shown: list[str] = []
        self.cursor: tuple[int, int] | None = None

    def refresh(self) -> None:
        if self.cells:
            status, _, raw = self.api.call("GET", f"/sessions/{self.key}/screen?format=cells")
            if status == 200:
                size = shutil.get_terminal_size((80, 25))
                lines, cursor = cell_lines(json.loads(raw), size.columns, max(size.lines - 1, 1))
                self._draw(lines, cursor)
                return
            self.cells = False
        _, _, raw = self.api.call("GET", f"/sessions/{self.key}/screen")
        self._draw(raw.decode("utf-8", "replace").split("\n"), None)

    def _draw(self, lines: list[str], cursor: tuple[int, int] | None) -> None:
        parts = [f"\x1b[{y + 1};1H{line}\x1b[0m\x1b[K" for y, line in enumerate(lines)
                 if y >= len(self.shown) or self.shown[y] != line]
        if len(lines) < len(self.shown):
            parts.append(f"\x1b[{len(lines) + 1};1H\x1b[0m\x1b[J")
        self.shown = lines
        if parts or cursor != self.cursor:
            self.cursor = cursor
            parts.append("\x1b[?25l" if cursor is None else f"\x1b[{cursor[0] + 1};{cursor[1] + 1}H\x1b[?25h")
            self.out.write("".join(parts))
            self.out.flush()
