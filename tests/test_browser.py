"""The browser window: pages and the screen WebSocket of a real `mvm serve`, driven by headless Chromium.

The browser tests need Debian's chromium (apt-get install chromium) and
Playwright for Python (pip install playwright; its own browser download is not
used). They are skipped, with the reason, when either is missing. The protocol
tests below them run everywhere.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from conftest import REPO, assemble
from mvm.server.web.feed import ScreenFeed, Viewer, final_snapshot
from mvm.server.web.screen import cells_view
from mvm.server.web.watch import ScreenDiff
from mvm.server.web.window import key_message, key_word

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class Server:
    """`mvm serve --port 0` in a subprocess with its own runtime folder."""

    def __init__(self, runtime: Path) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
        env["MVM_RUNTIME_DIR"] = str(runtime)
        self.proc = subprocess.Popen([sys.executable, "-m", "mvm", "serve", "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        self.url = self.proc.stdout.readline().decode().strip() if ready else ""
        if not self.url.startswith("http://127.0.0.1:"):
            self.proc.kill()
            raise AssertionError(f"no URL from mvm serve: {self.url!r}")
        port = int(self.url.rsplit(":", 1)[1])
        self.token = json.loads((runtime / f"server-{port}.json").read_text())["token"]

    def call(self, method: str, path: str, body: dict | None = None, token: str | None = "") -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token or self.token}"
        data = json.dumps(body).encode() if body is not None else None
        request = Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except Exception as exc:  # urllib's HTTPError carries the status and body
            return getattr(exc, "code", 0), exc.read() if hasattr(exc, "read") else b""

    def session(self, program: str, folder: Path) -> str:
        status, raw = self.call("POST", "/sessions", {"program": program, "drives": {"C": str(folder)}})
        assert status == 201, raw
        return json.loads(raw)["id"]

    def log(self) -> str:
        """What the server has written to its stderr so far (without waiting for more)."""
        out = b""
        while select.select([self.proc.stderr], [], [], 0.2)[0]:
            chunk = os.read(self.proc.stderr.fileno(), 65536)
            if not chunk:
                break
            out += chunk
        return out.decode(errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def dos(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dos")
    assemble("browser_lines", folder)
    assemble("browser_mode13", folder)
    assemble("browser_keys", folder)
    assemble("gap_paste", folder)
    assemble("browser_pointer", folder)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("runtime"))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def session_page(server, browser, sid: str):
    """The session's window page, opened with the token (and closed after)."""
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/ui/sessions/{sid}?token={server.token}")
        yield page
    finally:
        page.close()


def _mirror_has(page, selector: str, text: str, timeout: float = 10.0) -> str:
    """Wait until the text mirror at `selector` contains `text`; returns the mirror."""
    deadline = time.monotonic() + timeout
    while True:
        mirror = page.text_content(selector) or ""
        if text in mirror:
            return mirror
        assert time.monotonic() < deadline, f"{text!r} not on the screen: {mirror!r}"
        time.sleep(0.02)


# -- in the browser ---------------------------------------------------------------------------------------


def test_type_and_paste_in_the_session_window(server, dos, browser):
    sid = server.session("BROWSER_LINES.COM", dos)
    with session_page(server, browser, sid) as page:
        assert "token=" not in page.url  # taken once, kept in the tab, out of the address bar
        first = _mirror_has(page, "#mirror", "line? ")
        assert first.splitlines()[0].endswith("MVM")  # written straight into video memory, not through DOS
        page.focus("#screen")
        page.keyboard.type("hello browser")
        page.keyboard.press("Enter")
        _mirror_has(page, "#mirror", "you typed: hello browser")
        # A paste (Ctrl+V in the screen) comes as a paste event; its line end is Enter.
        page.evaluate("""() => {
            const data = new DataTransfer();
            data.setData("text/plain", "pasted line\\n");
            document.getElementById("screen").dispatchEvent(new ClipboardEvent("paste", {clipboardData: data}));
        }""")
        _mirror_has(page, "#mirror", "you typed: pasted line")
        _mirror_has(page, "#mirror", "bye: press a key")
        page.mouse.click(20, 60)  # accepted and ignored: no mouse device yet
        page.fill("#paste-text", "k")
        page.click("#paste")
        page.wait_for_function("document.getElementById('status').textContent.startsWith('exited (exit code 0)')",
                               timeout=10000)
        assert "you typed: pasted line" in page.text_content("#mirror")  # the last screen stays


def test_keys_without_characters_reach_the_bios(server, dos, browser):
    sid = server.session("BROWSER_KEYS.COM", dos)
    with session_page(server, browser, sid) as page:
        page.wait_for_function("window.mvmScreen && window.mvmScreen.frames > 0", timeout=10000)
        page.focus("#screen")
        for key, word in (("a", "1E61"), ("ArrowUp", "4800"), ("F1", "3B00"), ("Alt+x", "2D00"),
                          ("Control+c", "2E03")):
            page.keyboard.press(key)
            _mirror_has(page, "#mirror", f"key {word}")
        page.keyboard.press("Escape")
        page.wait_for_function("document.getElementById('status').textContent.startsWith('exited')",
                               timeout=10000)


def test_pause_from_the_window_holds_the_program(server, dos, browser):
    """Pause reaches the BIOS as on a PC: the program stops, and the key that ends the pause
    is swallowed; the next one is read."""
    sid = server.session("BROWSER_KEYS.COM", dos)
    with session_page(server, browser, sid) as page:
        page.wait_for_function("window.mvmScreen && window.mvmScreen.frames > 0", timeout=10000)
        page.focus("#screen")
        page.keyboard.press("Pause")
        page.keyboard.press("a")  # ends the pause, and goes no further
        page.keyboard.press("b")
        mirror = _mirror_has(page, "#mirror", "key 3062")
        assert "key 1E61" not in mirror


def test_print_screen_and_pause_become_key_names():
    assert key_message({"code": "PrintScreen"}) == {"t": "key", "key": 0, "name": "prtsc", "mods": []}
    assert key_message({"code": "Pause", "ctrl": True})["name"] == "pause"


def test_graphics_mode_in_the_session_window(server, dos, browser):
    sid = server.session("BROWSER_MODE13.COM", dos)
    pixel = "([x, y]) => Array.from(document.getElementById('screen').getContext('2d').getImageData(x, y, 1, 1).data)"
    with session_page(server, browser, sid) as page:
        _mirror_has(page, "#mirror", "graphics mode 13h 320x200")
        page.wait_for_function(f"({pixel})([100, 100])[0] === 0xaa", timeout=10000)
        assert page.evaluate(pixel, [5, 5]) == [0xAA, 0, 0, 255]
        page.focus("#screen")
        page.keyboard.press("x")
        page.wait_for_function(f"({pixel})([5, 5])[2] === 0xaa", timeout=10000)
        assert page.evaluate(pixel, [5, 5]) == [0, 0, 0xAA, 255]  # the new square
        assert page.evaluate(pixel, [12, 12]) == [0xAA, 0, 0, 255]  # and what was there before, kept


def test_the_host_pointer_hides_while_the_program_shows_its_own(server, dos, browser):
    """The mouse driver draws the program's pointer into the screen; over the canvas the
    browser's own pointer is hidden meanwhile, so one pointer shows, not two."""
    sid = server.session("BROWSER_POINTER.COM", dos)
    cursor = "document.getElementById('screen').style.cursor"
    with session_page(server, browser, sid) as page:
        _mirror_has(page, "#mirror", "shown")
        page.wait_for_function(f"{cursor} === 'none'", timeout=10000)
        page.focus("#screen")
        page.keyboard.press("x")
        _mirror_has(page, "#mirror", "hidden")
        page.wait_for_function(f"{cursor} === ''", timeout=10000)


def test_text_that_is_not_a_key_press_is_typed_once(server, dos, browser):
    # Input methods, dead keys and on-screen keyboards give text without a key press of its own: it
    # comes as input and composition events, and must reach the DOS program once, in code page 437.
    sid = server.session("BROWSER_LINES.COM", dos)
    with session_page(server, browser, sid) as page:
        _mirror_has(page, "#mirror", "line? ")
        page.focus("#screen")
        page.keyboard.type("caf")
        _mirror_has(page, "#mirror", "line? caf")
        page.keyboard.insert_text("é😀")  # an on-screen keyboard or emoji picker: the emoji has no CP437 form
        _mirror_has(page, "#mirror", "line? café")
        page.keyboard.press("Enter")
        typed = _mirror_has(page, "#mirror", "you typed: caf")
        assert "you typed: café\n" in typed + "\n"
        cdp = page.context.new_cdp_session(page)
        # An input method composing ü from a diaeresis, as a Linux or macOS dead key does too.
        cdp.send("Input.imeSetComposition", {"text": "¨", "selectionStart": 1, "selectionEnd": 1})
        cdp.send("Input.insertText", {"text": "ü"})
        # A dead key the Windows way: a "Dead" keydown, then the next key's keydown carries the é.
        for key, code, vk, text in (("Dead", "BracketLeft", 219, ""), ("é", "KeyE", 69, "é")):
            cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "code": code, "text": text,
                                                "windowsVirtualKeyCode": vk})
            cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk})
        _mirror_has(page, "#mirror", "line? üé")
        page.keyboard.press("Enter")
        typed = _mirror_has(page, "#mirror", "you typed: ü")
        assert "you typed: üé\n" in typed + "\n"  # each once: no keydown and input for the same character
        page.keyboard.press("k")
        page.wait_for_function("document.getElementById('status').textContent.startsWith('exited (exit code 0)')",
                               timeout=10000)


def test_desktop_lists_sessions_with_thumbnails(server, dos, browser):
    sid = server.session("BROWSER_LINES.COM", dos)
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/ui/?token={server.token}")
        card = f".card[data-session='{sid}']"
        page.wait_for_selector(card, timeout=10000)
        _mirror_has(page, f"{card} pre", "line? ")
        page.click(f"{card} button:text('Stop')")
        page.wait_for_function(f"document.querySelector(\"{card} .state\").textContent.startsWith('stopped')",
                               timeout=10000)
        page.click(f"{card} button:text('Open')")
        page.wait_for_url(f"**/ui/sessions/{sid}", timeout=10000)
        page.wait_for_function("document.getElementById('status').textContent.startsWith('stopped')",
                               timeout=10000)
    finally:
        page.close()


# -- without a browser ------------------------------------------------------------------------------------


def test_pages_load_without_the_token_but_data_needs_it(server):
    status, body = server.call("GET", "/ui/", token=None)
    assert status == 200 and b"<canvas" not in body and b"desktop.js" in body
    status, body = server.call("GET", "/ui/sessions/anything", token=None)
    assert status == 200 and b'id="mirror"' in body
    assert server.call("GET", "/ui/static/screen.js", token=None)[0] == 200
    assert server.call("GET", "/ui/static/nosuch.js", token=None)[0] == 404
    assert server.call("GET", "/sessions", token=None)[0] == 401
    assert server.call("POST", "/ui/", {}, token=None)[0] in (401, 403)  # only reading a page is open


def test_window_socket_needs_the_token_and_streams_changes(server, dos):
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    sid = server.session("BROWSER_LINES.COM", dos)
    url = server.url.replace("http", "ws", 1) + f"/sessions/{sid}/window"
    with pytest.raises((ConnectionClosed, Exception)), connect(url, open_timeout=10) as ws:
        ws.recv(timeout=10)
    with connect(url + "?token=" + server.token, open_timeout=10) as ws:
        frames = []
        while not any(f.get("t") == "screen" and "line? " in str(f.get("changed")) for f in frames):
            frames.append(json.loads(ws.recv(timeout=10)))
        first = next(f for f in frames if f.get("t") == "screen")
        assert first["full"] and len(first["changed"]) == 25 and first["cols"] == 80
        ws.send(json.dumps({"t": "text", "data": "ab"}))
        frame = json.loads(ws.recv(timeout=10))
        while frame.get("t") != "screen":
            frame = json.loads(ws.recv(timeout=10))
        assert not frame["full"] and [row for row, _, _ in frame["changed"]] == [0]  # only the row that changed
        ws.send(json.dumps({"t": "mouse", "kind": "mousedown", "x": 1, "y": 1}))
        ws.send(json.dumps({"t": "text", "data": "\nx\nk"}))
        kinds = []
        while "end" not in kinds:
            kinds.append(json.loads(ws.recv(timeout=10))["t"])


def _screen_frame(ws) -> dict:
    """The next text screen message of a window."""
    while True:
        frame = ws.recv(timeout=10)
        if isinstance(frame, str) and json.loads(frame).get("t") == "screen":
            return json.loads(frame)


def test_a_second_window_gets_the_whole_screen_then_both_get_changes(server, dos):
    from websockets.sync.client import connect

    sid = server.session("BROWSER_LINES.COM", dos)
    url = server.url.replace("http", "ws", 1) + f"/sessions/{sid}/window?token={server.token}"
    with connect(url, open_timeout=10) as first:
        _screen_text(first, "line? ")
        with connect(url, open_timeout=10) as second:
            whole = _screen_frame(second)
            assert whole["full"] and len(whole["changed"]) == 25 and whole["changed"][0][1].startswith("line? ")
            second.send(json.dumps({"t": "text", "data": "hi"}))
            for ws in (first, second):
                frame = _screen_frame(ws)
                while not any("line? hi" in text for _, text, _ in frame["changed"]):
                    frame = _screen_frame(ws)
                assert not frame["full"] and [row for row, _, _ in frame["changed"]] == [0]
        first.send(json.dumps({"t": "text", "data": "\n"}))  # the first window goes on alone
        assert "you typed: hi" in _screen_text(first, "you typed")


def test_a_still_screen_sends_nothing_and_bad_messages_are_ignored(server, dos):
    from websockets.sync.client import connect

    sid = server.session("BROWSER_LINES.COM", dos)
    url = server.url.replace("http", "ws", 1) + f"/sessions/{sid}/window?token={server.token}"
    server.log()
    with connect(url, open_timeout=10) as ws:
        _screen_text(ws, "line? ")
        with contextlib.suppress(TimeoutError):
            while True:  # the screen settles
                ws.recv(timeout=0.5)
        with pytest.raises(TimeoutError):
            ws.recv(timeout=1.5)  # the program waits for a line: nothing changes, nothing comes
        for bad in ("not json", "[1, 2]", '{"t": "text", "data": 5}', '{"t": "key", "code": {"a": 1}}',
                    '{"t": "mouse", "x": "1", "y": 2, "buttons": 0}', '{"t": "mouse", "x": 1, "y": 2, "buttons": 0, '
                    '"cell": "big"}', '{"t": "paste"}', '{"t": "nothing"}', '{"t": "text", "data": ""}'):
            ws.send(bad)
        ws.send(b"\x00\x01binary")
        ws.send(json.dumps({"t": "text", "data": "ok"}))
        assert "line? ok" in _screen_text(ws, "line? ok")  # the window still works
    assert "Traceback" not in server.log()


def _screen_text(ws, wanted: str) -> str:
    """Read window frames until a text row contains `wanted`; returns that row."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        frame = ws.recv(timeout=10)
        if isinstance(frame, str):
            for _, text, _ in json.loads(frame).get("changed", []):
                if wanted in text:
                    return text
    raise AssertionError(f"{wanted!r} never came on the screen")


def test_window_paste_is_typed_by_the_keyboard(server, dos):
    from websockets.sync.client import connect

    sid = server.session("GAP_PASTE.COM", dos)
    url = server.url.replace("http", "ws", 1) + f"/sessions/{sid}/window?token={server.token}"
    with connect(url, open_timeout=10) as ws:
        while json.loads(ws.recv(timeout=10)) != {"t": "state", "state": "running"}:
            pass
        ws.send(json.dumps({"t": "paste", "data": "abc\n"}))
        row = _screen_text(ws, "keys=abc")
    # Four keys, each a make and a break code through the 8042 (one IRQ1 each); Enter's break may come
    # after the program has let INT 09h go. Text put into console input would cost no IRQ at all.
    irqs, keys = row.split()
    assert keys == "keys=abc" and int(irqs.removeprefix("irqs="), 16) in (7, 8)


def _paste_seconds(server, dos, fast: bool) -> float:
    """How long 20 pasted letters and Enter take to reach GAP_PASTE.COM through the window."""
    from websockets.sync.client import connect

    status, raw = server.call("POST", "/sessions", {"program": "GAP_PASTE.COM", "drives": {"C": str(dos)},
                                                    "settings": {"VIDEO_FASTPASTE": fast}})
    assert status == 201, raw
    url = server.url.replace("http", "ws", 1) + f"/sessions/{json.loads(raw)['id']}/window?token={server.token}"
    with connect(url, open_timeout=10) as ws:
        while json.loads(ws.recv(timeout=10)) != {"t": "state", "state": "running"}:
            pass
        began = time.monotonic()
        ws.send(json.dumps({"t": "paste", "data": "a" * 20 + "\n"}))
        _screen_text(ws, "keys=" + "a" * 20)
        return time.monotonic() - began


def test_window_paste_honours_video_fastpaste(server, dos):
    slow = _paste_seconds(server, dos, fast=False)
    fast = _paste_seconds(server, dos, fast=True)
    # At the typing rate every scan code byte waits 15 ms: 21 keys of two bytes take 0.63 s at least.
    assert slow >= 0.6 and fast < slow / 2, (slow, fast)


def test_screen_endpoint_gives_cells_with_attributes(server, dos):
    sid = server.session("BROWSER_LINES.COM", dos)
    deadline = time.monotonic() + 10
    while True:
        status, raw = server.call("GET", f"/sessions/{sid}/screen?format=cells")
        assert status == 200, raw
        view = json.loads(raw)
        if view.get("text") and "line? " in view["cells"][0][0]:
            break
        assert time.monotonic() < deadline, view
        time.sleep(0.05)
    assert (view["cols"], view["rows"], len(view["cells"])) == (80, 25, 25)
    text, attrs = view["cells"][0]
    assert text.endswith("MVM ") and bytes.fromhex(attrs)[:6] == b"\x07" * 6 and view["cursor"] == [0, 6]
    assert bytes.fromhex(attrs)[76:79] == b"\x1e" * 3  # "MVM" in the program's own colours: yellow on blue
    assert server.call("GET", f"/sessions/{sid}/screen")[1].startswith(b"line? ")  # plain text stays the default
    status, png = server.call("GET", f"/sessions/{sid}/screen?format=png")
    assert status == 200 and png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width in (640, 720) and height == 400  # 80x25 cells of 8 or 9 dots by 16 lines
    assert server.call("GET", f"/sessions/{sid}/screen?format=bmp")[0] == 422
    server.call("DELETE", f"/sessions/{sid}")


def _text_snap(text: str, cursor=(0, 0)) -> dict:
    """A text snapshot of an 80x25 page in light grey, as the session takes them (web/screen.py)."""
    view = final_snapshot(text)
    return {"mode": 3, "text": True, "cols": 80, "rows": 25, "cells": b"".join(c for _, c in view["changed"]),
            "cursor": cursor, "cursor_visible": True, "blink": False}


def test_cells_view_of_text_and_graphics():
    view = cells_view(_text_snap("hi"))
    assert view["cells"][0] == ["hi" + " " * 78, "07" * 80] and view["blink"] is False
    rgb = bytes([170, 0, 0]) * (320 * 200)
    small = cells_view({"mode": 0x13, "text": False, "width": 320, "height": 200, "rgb": rgb})
    assert small["pixels_size"] == [160, 100] and small["pixels"] == "aa0000" * 16000 and "rgb" not in small
    assert cells_view(None) == {"mode": -1, "text": False}


def test_typed_text_and_keys_keep_their_order(server, dos):
    """Text typed in the window and keys without characters share the keyboard's queue:
    a letter, an arrow and a letter sent at once reach the program in that order."""
    from websockets.sync.client import connect

    sid = server.session("BROWSER_KEYS.COM", dos)
    url = server.url.replace("http", "ws", 1) + f"/sessions/{sid}/window?token={server.token}"
    with connect(url, open_timeout=10) as ws:
        while json.loads(ws.recv(timeout=10)) != {"t": "state", "state": "running"}:
            pass
        ws.send(json.dumps({"t": "text", "data": "a"}))
        ws.send(json.dumps({"t": "key", "code": "ArrowUp"}))
        ws.send(json.dumps({"t": "text", "data": "b"}))
        _screen_text(ws, "key 3062")
    status, raw = server.call("GET", f"/sessions/{sid}/screen?format=cells")
    assert status == 200, raw
    lines = [row[0].rstrip() for row in json.loads(raw)["cells"]]
    keys = [line for line in lines if line.startswith("key ")]
    assert keys[:3] == ["key 1E61", "key 4800", "key 3062"], lines


def test_text_is_typed_as_code_page_437_has_it():
    from mvm.server.worker import typable

    # A letter and its combining accent are one character of code page 437; what it lacks is dropped.
    assert typable("cafe\u0301 😀 ½\r\nok") == "café  ½\nok"
    assert typable("\ud800€") == ""


def _binary_frame(raw: bytes) -> tuple[dict, bytes]:
    size = int.from_bytes(raw[:4], "big")
    return json.loads(raw[4:4 + size]), raw[4 + size:]


def test_graphics_frames_come_as_changed_tiles(server, dos):
    from websockets.sync.client import connect

    sid = server.session("BROWSER_MODE13.COM", dos)
    url = server.url.replace("http", "ws", 1) + f"/sessions/{sid}/window?token={server.token}"
    with connect(url, open_timeout=10) as ws:
        message = ws.recv(timeout=10)
        while not isinstance(message, bytes):
            message = ws.recv(timeout=10)
        header, pngs = _binary_frame(message)
        assert (header["t"], header["mode"], header["width"], header["height"]) == ("tiles", 0x13, 320, 200)
        assert header["full"] and header["tiles"][0][:4] == [0, 0, 320, 200] and pngs.startswith(b"\x89PNG")
        with contextlib.suppress(TimeoutError):  # the fill may have been caught half done: let it finish
            while True:
                ws.recv(timeout=0.5)
        ws.send(json.dumps({"t": "text", "data": "x"}))
        message = ws.recv(timeout=10)
        while not isinstance(message, bytes):
            message = ws.recv(timeout=10)
        header, pngs = _binary_frame(message)
        assert not header["full"] and [t[:4] for t in header["tiles"]] == [[0, 0, 32, 32]]  # only the square's tile
        assert len(pngs) == header["tiles"][0][4]
        ws.send(json.dumps({"t": "text", "data": "x"}))


def test_the_session_sends_only_changed_rows():
    diff = ScreenDiff()
    snap = _text_snap("hello\nworld")
    first = diff.text(snap)
    assert first["key"] and len(first["changed"]) == 25 and first["changed"][0][1][:10] == b"h\x07e\x07l\x07l\x07o\x07"
    assert diff.text(snap) is None  # nothing changed: nothing to send
    cells = bytearray(snap["cells"])
    cells[160 * 3:160 * 3 + 2] = b"\x01\x1e"  # row 3: a smiley, yellow on blue
    second = diff.text({**snap, "cells": bytes(cells)})
    assert not second["key"] and [row for row, _ in second["changed"]] == [3]
    moved = diff.text({**snap, "cells": bytes(cells), "cursor": (3, 1)})
    assert moved["changed"] == [] and moved["cursor"] == [3, 1, 1]
    assert diff.no_renderer(0x13) == {"t": "view", "key": True, "kind": "graphics", "mode": 0x13}
    assert diff.no_renderer(0x13) is None


def test_the_session_sends_only_changed_tiles():
    import numpy as np

    diff = ScreenDiff()
    frame = np.zeros((200, 320, 3), dtype=np.uint8)
    first = diff.pixels(0x13, frame)
    assert first["key"] and first["tiles"] == [[0, 0, 320, 200]] and len(first["rgb"]) == 320 * 200 * 3
    assert diff.pixels(0x13, frame.copy()) is None
    changed = frame.copy()
    changed[40, 70] = (255, 255, 85)  # one pixel, in the tile at (64, 32)
    changed[199, 319] = (0, 0, 170)  # and the bottom right corner's tile (only 8 pixels high)
    second = diff.pixels(0x13, changed)
    assert not second["key"] and second["tiles"] == [[64, 32, 32, 32], [288, 192, 32, 8]]
    assert len(second["rgb"]) == (32 * 32 + 32 * 8) * 3 and second["rgb"][(8 * 32 + 6) * 3:][:3] == b"\xff\xff\x55"
    most = changed.copy()
    most[:150] = (85, 85, 85)  # three quarters of the frame: its tiles, not the whole frame
    third = diff.pixels(0x13, most)
    assert len(third["tiles"]) == 50 and len(third["rgb"]) == 320 * 160 * 3
    assert diff.pixels(0x13, np.full((200, 320, 3), 7, dtype=np.uint8))["tiles"] == [[0, 0, 320, 200]]
    wide = diff.pixels(0x12, np.zeros((480, 640, 3), dtype=np.uint8))
    assert wide["key"] and wide["tiles"] == [[0, 0, 640, 480]]  # a new mode: a keyframe of its own size


class _Session:
    """What a ScreenFeed needs of a session: its messages out, whether it lives, its last screen."""

    def __init__(self) -> None:
        self.sent: list[dict] = []
        self.live = True
        self.final_screen = "the end"

    def send(self, message: dict) -> None:
        self.sent.append(message)


def _rows(message: str) -> dict[int, str]:
    return {row: text.rstrip() for row, text, _ in json.loads(message)["changed"]}


def test_a_late_window_gets_a_keyframe_then_changes():
    session = _Session()
    feed = ScreenFeed(session)
    first = Viewer()
    feed.join(first)
    assert session.sent == [{"t": "watch", "gen": 1}] and feed.take(first) is None  # no picture yet
    diff = ScreenDiff()
    feed.on_view({**diff.text(_text_snap("one\ntwo")), "gen": 1})
    assert _rows(feed.take(first))[1] == "two" and feed.take(first) is None
    feed.on_view({**diff.text(_text_snap("one\nTwo")), "gen": 1})
    assert _rows(feed.take(first)) == {1: "Two"}  # only the row that changed
    late = Viewer()
    feed.join(late)
    keyframe = json.loads(feed.take(late))
    assert keyframe["full"] and len(keyframe["changed"]) == 25 and keyframe["changed"][1][1].rstrip() == "Two"
    feed.on_view({"t": "view", "gen": 0, "key": True, "kind": "graphics", "mode": 0x13})  # an old watch's: dropped
    assert feed.take(first) is None and feed.take(late) is None
    feed.leave(first)
    feed.leave(late)
    assert session.sent[-1] == {"t": "watch", "gen": 0}  # nobody looks: the session stops checking
    session.live = False
    ended = Viewer()
    feed.join(ended)
    assert _rows(feed.take(ended))[0] == "the end"


def test_a_feed_sends_changed_tiles_as_pngs():
    import numpy as np

    session = _Session()
    feed = ScreenFeed(session)
    viewer = Viewer()
    feed.join(viewer)
    diff = ScreenDiff()
    frame = np.zeros((200, 320, 3), dtype=np.uint8)
    feed.on_view({**diff.pixels(0x13, frame), "gen": 1})
    header, pngs = _binary_frame(feed.take(viewer)())
    assert header["full"] and header["tiles"][0][:4] == [0, 0, 320, 200] and pngs.startswith(b"\x89PNG")
    frame = frame.copy()
    frame[5, 5] = (170, 0, 0)
    feed.on_view({**diff.pixels(0x13, frame), "gen": 1})
    header, pngs = _binary_frame(feed.take(viewer)())
    assert not header["full"] and [t[:4] for t in header["tiles"]] == [[0, 0, 32, 32]]
    assert feed.frame[5, 5].tolist() == [170, 0, 0] and feed.take(viewer) is None


def test_a_thumbnail_gets_the_picture_sampled_down():
    import numpy as np
    from PIL import Image

    from mvm.server.web.feed import THUMB_WIDTH

    session = _Session()
    feed = ScreenFeed(session)
    thumb = Viewer(thumb=True)
    feed.join(thumb)
    diff = ScreenDiff()
    frame = np.zeros((480, 640, 3), dtype=np.uint8)
    frame[:, 320:] = (0, 0, 170)  # the right half blue
    feed.on_view({**diff.pixels(0x12, frame), "gen": 1})
    header, png = _binary_frame(feed.take(thumb)())
    assert header["frame"] == [640, 480] and header["width"] <= THUMB_WIDTH
    assert header["tiles"] == [[0, 0, 320, 240, len(png)]]

    small = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert small.shape == (240, 320, 3)
    assert small[10, 10].tolist() == [0, 0, 0] and small[10, 200].tolist() == [0, 0, 170]
    frame = frame.copy()
    frame[0:8, 0:8] = (170, 0, 0)
    feed.on_view({**diff.pixels(0x12, frame), "gen": 1})
    header, _ = _binary_frame(feed.take(thumb)())
    assert header["full"] and header["width"] == 320  # again the whole picture, small
    assert feed.take(thumb) is None


def test_keys_become_key_words():
    assert key_word({"code": "ArrowUp"}) == 0x4800
    assert key_word({"code": "F1"}) == 0x3B00 and key_word({"code": "F1", "shift": True}) == 0x5400
    assert key_word({"code": "F10", "alt": True}) == 0x7100 and key_word({"code": "F12"}) == 0x8600
    assert key_word({"code": "KeyX", "alt": True}) == 0x2D00
    assert key_word({"code": "KeyX"}) is None and key_word({"code": "Nonsense"}) is None
    assert key_message({"code": "ArrowDown", "shift": True}) == {"t": "key", "key": 0x5000, "name": "down",
                                                                 "mods": ["shift"]}
    assert key_message({"code": "KeyQ", "alt": True})["name"] == "q" and key_message({"code": "KeyQ"}) is None


def test_chromium_is_where_the_tests_look():
    # Not a failure when absent: the browser tests above say why they were skipped.
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    assert os.path.exists(CHROMIUM)


def test_cells_follow_a_text_mode_tweaked_through_the_crtc(tmp_path):
    """The window's cells come as the CRTC shows them: a program that makes 90x30 text
    itself is sent as 90 columns and 30 rows, though the BIOS data area still says 80x25."""
    from conftest import assemble
    from mvm import Machine
    from mvm.server.web.screen import snapshot

    program = assemble("vgatext_tweak", tmp_path, defines={"X90": "1"})
    machine = Machine({"C": str(tmp_path)})
    try:
        assert machine.run(program.name, [], timeout=20).status == "exited"
        snap = snapshot(machine)
    finally:
        machine.close()
    assert (snap["cols"], snap["rows"]) == (90, 30)
    assert snap["cells"][:2] == b"A\x1f" and snap["cells"][90 * 2:90 * 2 + 2] == b"B\x2e"
    assert snap["cells"][-2:] == b"Z\x4f"
    assert snap["cursor_visible"] and snap["cursor"] == (29, 88)
