"""The terminal window (`mvm run --window terminal`), driven in tmux as a person would."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid

import pytest

from conftest import assemble, run_cli
from mvm.ui.terminal import cell_lines, parse_keys, sgr

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One detached tmux session of 100x30 running a command."""

    def __init__(self, command: str, cwd) -> None:
        self.name = f"mvm-{uuid.uuid4().hex[:8]}"
        shell = f"cd {cwd} && {command}; echo EXIT=$?; sleep 60"
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "100", "-y", "30", shell], check=True)

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def screen(self, escapes: bool = False) -> str:
        args = ["tmux", "capture-pane", "-t", self.name, "-p"] + (["-e"] if escapes else [])
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    def cursor(self) -> tuple[int, int]:
        out = subprocess.run(["tmux", "display", "-t", self.name, "-p", "#{cursor_y},#{cursor_x}"],
                             capture_output=True, text=True, check=True).stdout
        row, col = out.strip().split(",")
        return int(row), int(col)

    def wait_for(self, text: str, timeout: float = 15, escapes: bool = False) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen(escapes)
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def tmux_run(tmp_path):
    sessions: list[Tmux] = []

    def start(program: str, *options: str) -> Tmux:
        assemble(program, tmp_path)
        cmd = " ".join([sys.executable, "-m", "mvm", "run", "--window", "terminal", *options,
                        f"{program.upper()}.COM"])
        session = Tmux(cmd, tmp_path)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


@needs_tmux
def test_keys_become_scan_codes(tmux_run):
    t = tmux_run("kbd_wait")
    t.wait_for("=")  # drawn: the terminal is in raw mode
    t.keys("x", "F1", "Up", "C-c", "M-a", "F12", "S-F5", "End")
    t.wait_for("=2D78 3B00 4800 2E03 1E00 8600 5800 4F00")
    t.keys("q")
    t.wait_for("EXIT=7")


@needs_tmux
def test_colours_cursor_and_graphics(tmux_run):
    t = tmux_run("k42_paint")
    screen = t.wait_for("PAINTED", escapes=True)
    line = screen.splitlines()[2]
    assert "\x1b[93m" in line and "\x1b[41m" in line  # yellow on red: attribute 4Eh
    assert t.cursor() == (5, 10)
    t.keys("g")  # mode 13h filled with colour 4
    screen = t.wait_for("graphics mode 13h", escapes=True)
    assert "48;2;170;0;0m▀" in screen.replace("\x1b[38;2;170;0;0m\x1b[48;2;170;0;0m", "48;2;170;0;0m")
    t.keys("x")
    t.wait_for("EXIT=0")


@needs_tmux
def test_ctrl_bracket_leaves(tmux_run):
    t = tmux_run("kbd_wait")
    t.wait_for("=")
    t.keys("C-]")
    t.wait_for("EXIT=125")


@needs_tmux
def test_shell_in_the_window(tmp_path):
    t = Tmux(f"{sys.executable} -m mvm shell --window terminal", tmp_path)
    try:
        t.wait_for("C:\\>")
        t.keys("echo hi there", "Enter")
        t.wait_for("\nhi there")
        t.keys("exit", "Enter")
        t.wait_for("EXIT=0")
    finally:
        t.close()


def test_needs_a_terminal(tmp_path):
    assemble("hello", tmp_path)
    proc = run_cli("run", "--window", "terminal", "HELLO.COM", cwd=tmp_path)
    assert proc.returncode == 2
    assert b"needs a terminal" in proc.stderr


def test_key_sequences():
    assert parse_keys(b"a\x1b[A\x1bOP\x1b[15~\x1b[1;5C\x1b[3;3~\x1bx\x7f\r\x01\x1b[[A\x1b[Z") == [
        ("a", ()), ("up", ()), ("f1", ()), ("f5", ()), ("right", ("ctrl",)), ("delete", ("alt",)),
        ("x", ("alt",)), ("backspace", ()), ("enter", ()), ("a", ("ctrl",)), ("f1", ()), ("tab", ("shift",)),
    ]
    assert parse_keys("é".encode()) == ["é"]


def test_attributes_to_sgr():
    assert sgr(0x1F, True) == "\x1b[0;97;44m"  # bright white on blue
    assert sgr(0xCE, True) == "\x1b[0;93;41;5m"  # blinking
    assert sgr(0xCE, False) == "\x1b[0;93;101m"  # or a bright background


@needs_tmux
def test_attach_to_a_server_session(tmp_path):
    from test_server import ServerProcess

    assemble("kbd_wait", tmp_path)
    server = ServerProcess(tmp_path / "runtime")
    t = None
    try:
        sid = server.start("KBD_WAIT.COM", tmp_path)["id"]
        code = ("from mvm.client import Api; from mvm.ui.terminal import attach; "
                f"attach(Api('{server.url}', '{server.token}'), '{sid}')")
        t = Tmux(f"{sys.executable} -c \"{code}\"", tmp_path)
        t.wait_for("=")
        t.keys("x", "F1", "Up")
        t.wait_for("=2D78 3B00 4800")
        t.keys("q")
        assert server.wait(sid)["exit_code"] == 7
        t.wait_for("EXIT=0")
    finally:
        if t is not None:
            t.close()
        server.stop()


@needs_tmux
def test_attach_draws_colours_and_the_cursor(tmp_path):
    from test_server import ServerProcess

    assemble("k42_paint", tmp_path)
    server = ServerProcess(tmp_path / "runtime")
    t = None
    try:
        sid = server.start("K42_PAINT.COM", tmp_path)["id"]
        code = ("from mvm.client import Api; from mvm.ui.terminal import attach; "
                f"attach(Api('{server.url}', '{server.token}'), '{sid}')")
        t = Tmux(f"{sys.executable} -c \"{code}\"", tmp_path)
        screen = t.wait_for("PAINTED", escapes=True)
        line = screen.splitlines()[2]
        assert "\x1b[93m" in line and "\x1b[41m" in line  # yellow on red: attribute 4Eh, as the local window
        deadline = time.monotonic() + 5
        while t.cursor() != (5, 10) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert t.cursor() == (5, 10)
        t.keys("g")  # mode 13h filled with colour 4: drawn coarsely in half blocks
        screen = t.wait_for("graphics mode 13h", escapes=True)
        deadline = time.monotonic() + 5
        while "48;2;170;0;0m▀" not in screen.replace("\x1b[38;2;170;0;0m\x1b[48;2;170;0;0m", "48;2;170;0;0m"):
            assert time.monotonic() < deadline, screen
            screen = t.screen(escapes=True)
        t.keys("x")
        assert server.wait(sid)["exit_code"] == 0
        t.wait_for("EXIT=0")
    finally:
        if t is not None:
            t.close()
        server.stop()


def test_cells_become_coloured_lines():
    view = {"mode": 3, "text": True, "cols": 3, "rows": 2, "cursor": [1, 2], "cursor_visible": True,
            "blink": True, "cells": [["ab\0", "1f1f4e"], ["xyz", "070707"]]}
    lines, cursor = cell_lines(view, 80)
    assert lines[0] == "\x1b[0;97;44mab\x1b[0;93;41m " and lines[1] == "\x1b[0;37;40mxyz"
    assert cursor == (1, 2)
    assert cell_lines({**view, "cursor_visible": False}, 80)[1] is None
    assert cell_lines(view, 2)[0][0] == "\x1b[0;97;44mab" and cell_lines(view, 2)[1] is None  # cursor off screen
    assert "graphics mode 13h" in cell_lines({"mode": 0x13, "text": False}, 80)[0][0]
    red = {"mode": 0x13, "text": False, "pixels": "aa0000" * 8, "pixels_size": [4, 2]}
    assert cell_lines(red, 80)[0][1] == "\x1b[38;2;170;0;0;48;2;170;0;0m▀▀▀▀"


def test_a_text_mode_tweaked_through_the_crtc(tmp_path, monkeypatch):
    """A program that makes 90x30 text itself is drawn with 90 columns and 30 rows, as the
    CRTC shows it, not as the BIOS data area still says (80x25)."""
    import re

    from mvm import Machine
    from mvm.ui.terminal import Screen

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "40")
    program = assemble("vgatext_tweak", tmp_path, defines={"X90": "1"})
    machine = Machine({"C": str(tmp_path)})
    try:
        assert machine.run(program.name, [], timeout=20).status == "exited"
        screen = Screen(machine, lambda text: None)
        screen.refresh()
    finally:
        machine.close()
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in screen.rows]
    assert len(plain) == 30
    assert plain[0].startswith("A") and plain[1].startswith("B")
    assert plain[29] == " " * 89 + "Z"
    assert screen.cursor == (29, 88)
