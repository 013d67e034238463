"""VMOUSE: INT 33h as the Microsoft mouse driver serves it, driven by the host."""

from __future__ import annotations

import threading
import time

from conftest import assemble
from mvm import Machine
from mvm.vdd.mouse import Mouse


def words(result) -> list[int]:
    """The hex words a guest printed after its last '='."""
    assert result.status == "exited", result.report
    assert result.exit_code == 0
    return [int(w, 16) for w in result.stdout.rsplit(b"=", 1)[1].split()]


def test_functions_without_a_host(guest):
    values = words(guest("mouse_funcs"))
    assert values[:2] == [0xFFFF, 2]
    assert values[2:5] == [0, 320, 96]  # centred, whole cells in text mode
    assert values[5:8] == [0, 96, 48]  # 04h
    assert values[8:11] == [0, 200, 40]  # clamped into the new ranges
    assert values[11:14] == [0, 296, 16]  # 04h outside the ranges
    assert values[14:18] == [0xFFFF, 0, 0, 0xFFFE]  # the show/hide counter
    assert values[18:20] == [0, 0]  # no motion
    assert values[20:23] == [10, 20, 30]  # sensitivity read back
    assert values[23:25] == [0x0626, 0x0400]  # version 6.26, PS/2
    assert values[26:28] == [0, 0]  # no presses
    assert values[28:30] == [0xFFFF, 2]  # 21h
    assert values[30:33] == [0, 320, 96]  # full ranges again
    assert values[33:36] == [0, 320, 100]  # mode 13h: 640x200
    assert values[36:39] == [0, 638, 199]  # x in steps of 2


def frame_x(mouse: Mouse, x: int) -> int:
    """The pixel column of the text frame (cells of 8 or 9 dots) where virtual x begins."""
    width = mouse.vdh.machine.vdd("VVIDEO").text_frame_size()[0]
    return -(-x * width // 640)


def drive(mouse: Mouse, done: threading.Event) -> None:
    """Act as the user once the program has installed its handler and shown the pointer."""
    deadline = time.monotonic() + 15
    while not (mouse.handler and mouse.visible) and time.monotonic() < deadline:
        time.sleep(0.01)
    mouse.move(frame_x(mouse, 96), 80)  # pixels of the 400 lines high text frame: virtual (96, 40)
    mouse.button(0, True)
    time.sleep(0.1)
    mouse.move(frame_x(mouse, 300), 80)  # motion while down: seen by 0Bh, not by the handler's mask
    mouse.button(0, False)
    done.set()


def test_host_moves_and_clicks(tmp_path, engine):
    program = assemble("mouse_host", tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    mouse = machine.vdd("VMOUSE")
    done = threading.Event()
    thread = threading.Thread(target=drive, args=(mouse, done), daemon=True)
    thread.start()
    try:
        result = machine.run(program.name, stdin=b"", timeout=20)
    finally:
        thread.join(5)
        machine.close()
    assert done.is_set()
    values = words(result)
    assert values[:3] == [96, 40, 1]  # 03h while the left button was down
    assert values[3:7] == [0, 1, 96, 40]  # 05h: released now, one press at (96,40)
    assert values[7:11] == [0, 1, 296, 40]  # 06h: one release, after the move
    assert values[11:13] == [(300 - 320) & 0xFFFF, (40 - 100) * 2 & 0xFFFF]  # mickeys: 8 and 16 per 8 pixels
    assert values[13:17] == [0x02, 1, 96, 40]  # the handler: left pressed
    assert values[17:21] == [0x04, 0, 296, 40]  # left released


def test_requests_move_and_report(tmp_path, engine):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        handle = machine.open_vdd("VMOUSE")
        x = frame_x(machine.vdd("VMOUSE"), 320)
        handle.request(0x10, x.to_bytes(2, "little") + (160).to_bytes(2, "little"))
        handle.request(0x11, bytes((1, 1)))
        machine.vdd("VMOUSE")._apply()  # what the session thread's timer does
        state = handle.request(0x12, b"")
        x, y, buttons, counter = (int.from_bytes(state[i:i + 2], "little") for i in range(0, 8, 2))
        assert (x, y, buttons, counter) == (320, 80, 2, 0xFFFF)
    finally:
        machine.close()


def test_browser_events_reach_the_mouse(tmp_path, engine):
    """The window's WebSocket handler passes a click on, and the worker moves VMOUSE with it."""
    from mvm.server.web.window import _handle_event
    from mvm.server.worker import Worker

    sent: list[dict] = []

    class FakeSession:
        live = True

        def send(self, message: dict) -> None:
            sent.append(message)

    _handle_event(None, FakeSession(), {"t": "mouse", "kind": "mousedown", "x": 360, "y": 160, "buttons": 1})
    _handle_event(None, FakeSession(), {"t": "mouse", "x": "bad", "y": 0, "buttons": 0})  # dropped
    assert len(sent) == 1 and sent[0]["t"] == "mouse"
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        worker = object.__new__(Worker)  # only the machine is needed to pass a mouse event on
        worker.machine = machine
        worker._mouse(sent[0])
        mouse = machine.vdd("VMOUSE")
        mouse._apply()  # what the session thread's timer does
        # Cells of 9x16 in the browser: pixel (360, 160) is column 40, row 10.
        assert (mouse.position(), mouse.buttons_down) == ((320, 80), 1)
    finally:
        machine.close()


def test_host_points_in_the_text_frame(tmp_path, engine):
    """Without a cell size the host points in the video VDD's own frame: its last pixel is in the
    last cell, whatever the width of the cells."""
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        mouse = machine.vdd("VMOUSE")
        width, height = machine.vdd("VVIDEO").text_frame_size()
        mouse.move(width - 1, height - 1)
        mouse._apply()
        assert mouse.position() == (632, 192)
        mouse.move(0, 0)
        mouse._apply()
        assert mouse.position() == (0, 0)
    finally:
        machine.close()


def test_handler_of_an_ended_program_is_dropped(tmp_path, engine):
    program = assemble("mouse_leave", tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        result = machine.run(program.name, stdin=b"", timeout=20)
        assert result.status == "exited", result.report
        mouse = machine.vdd("VMOUSE")
        assert mouse.handler  # still installed, as a real driver leaves it
        mouse._host_button(0, True)
        assert (mouse.handler, list(mouse._events)) == (0, [])
    finally:
        machine.close()
