"""The keyboard VDD's hardware side: the 8042 at ports 60h/64h, IRQ1 and INT 09h, paste."""

from __future__ import annotations

import threading
import time

import pytest

from conftest import assemble
from mvm import Machine
from mvm.vdd.keyboard import bios_key, char_strokes, key_strokes


def parts(result) -> list[list[int]]:
    """The '/'-separated groups of hex words a guest printed after '='."""
    assert result.status == "exited", result.report
    text = result.stdout.decode().rsplit("=", 1)[1]
    return [[int(w, 16) for w in group.split()] for group in text.split("/")]


def run_typing(tmp_path, engine, name: str, act, settings=None, timeout: float = 20, vector: int = 9):
    """Run guest `name` with a keyboard attached; `act(kbd)` runs once it hooked `vector`."""
    program = assemble(name, tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine, settings=settings or {})
    kbd = machine.vdd("VKBD")
    kbd.attach_source()

    def typist() -> None:
        deadline = time.monotonic() + 10
        while machine.ram.rw(vector * 4 + 2) == 0xF000 and time.monotonic() < deadline:
            time.sleep(0.01)  # until the program has hooked its interrupt
        act(kbd)

    thread = threading.Thread(target=typist, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        result = machine.run(program.name, stdin=b"", timeout=timeout)
        return result, time.monotonic() - started, kbd
    finally:
        thread.join()
        machine.close()


def test_keys_go_through_irq1_and_a_hooked_int9(tmp_path, engine):
    def act(kbd) -> None:
        kbd.press("a")
        kbd.press("a", ("shift",))
        kbd.press("up")  # grey arrow: E0 48
        kbd.press("f1", ("alt",))
        kbd.press("c", ("ctrl",))
        kbd.press("capslock")
        kbd.press("b")
        kbd.press("q")

    result, _, kbd = run_typing(tmp_path, engine, "k42_hook", act)
    keys, codes, shift = parts(result)
    assert keys == [0x1E61, 0x1E41, 0x48E0, 0x6800, 0x2E03, 0x3042, 0x1051]
    # Every make and break passed the hook (Q's break may come after the program ended).
    assert codes[:23] == [0x1E, 0x9E, 0x2A, 0x1E, 0x9E, 0xAA, 0xE0, 0x48, 0xE0, 0xC8, 0x38, 0x3B, 0xBB, 0xB8,
                          0x1D, 0x2E, 0xAE, 0x9D, 0x3A, 0xBA, 0x30, 0xB0, 0x10]
    assert shift == [0x0040, 0x0004]  # Caps Lock on, nothing held; its LED lit
    assert kbd.kbc.leds == 0x04


def test_keypad_follows_num_lock():
    assert bios_key(0x48, False, 0) == 0x4800
    assert bios_key(0x48, False, 0x20) == 0x4838  # Num Lock: a digit
    assert bios_key(0x48, False, 0x22) == 0x4800  # Num Lock and Shift: an arrow again
    assert bios_key(0x48, True, 0x20) == 0x48E0  # the grey arrow never a digit
    assert bios_key(0x1C, True, 0) == 0xE00D  # keypad Enter
    assert bios_key(0x58, False, 0x04) == 0x8A00  # Ctrl+F12
    assert bios_key(0x4B, True, 0x08) == 0x9B00  # Alt+grey left
    assert char_strokes(ord("!")) == [0x2A, 0x02, 0x82, 0xAA]
    assert key_strokes("delete", ("ctrl", "alt")) == [0x1D, 0x38, 0xE0, 0x53, 0xE0, 0xD3, 0xB8, 0x9D]


@pytest.mark.parametrize("fast", ["on", "off"])
def test_paste_types_a_string(tmp_path, engine, fast):
    text = "Hello, World! ~x\nq"
    result, seconds, _ = run_typing(tmp_path, engine, "k42_hook", lambda kbd: kbd.paste(text),
                                    settings={"VIDEO_FASTPASTE": fast})
    keys, codes, _ = parts(result)
    typed = "".join(chr(k & 0xFF) for k in keys)
    assert typed == text.replace("\n", "\r")
    assert keys[-2] == 0x1C0D
    assert len([c for c in codes if c < 0x80]) >= len(text)  # every key's make code passed INT 09h
    if fast == "off":  # a typing rate: about 4 scan codes each, 15 ms apart
        assert seconds > 0.6
    else:
        assert seconds < 3


def test_8042_commands(guest):
    result = guest("k42_ctl")
    values = parts(result)[0]
    saved, now, selftest, wrap_on, port_on, wrap_off, port_off = values[:7]
    assert saved & 0x01 and now == saved & 0xFE
    assert selftest == 0x55
    assert (wrap_on, wrap_off) == (0, 1)  # D1h moves the A20 gate
    assert port_on & 0x02 and not port_off & 0x02
    assert values[7:] == [0xFA, 0xFA, 0xEE, 0xFA, 0xAB, 0x83, 0]


def test_piped_stdin_keeps_the_on_demand_path(guest):
    # Without a keyboard attached, stdin's characters enter the buffer when asked
    # for: no IRQ1, so a program's INT 09h hook sees nothing.
    keys, codes, _ = parts(guest("k42_hook", stdin=b"abq"))
    assert keys == [0x1E61, 0x3062, 0x1071]
    assert codes == []


def test_requests_type_and_report(tmp_path, engine):
    def act(kbd) -> None:
        handle = kbd.vdh.machine.open_vdd("VKBD")
        handle.request(0x10, bytes((0x2A, 0x1E, 0x9E, 0xAA)))  # scan codes: Shift+A
        handle.request(0x11, b"z\n")  # paste: UTF-8 host text
        handle.request(0x10, bytes((0x45, 0xC5, 0x10, 0x90)))  # Num Lock, then Q

    result, _, _ = run_typing(tmp_path, engine, "k42_hook", act)
    keys, _, shift = parts(result)
    assert keys == [0x1E41, 0x2C7A, 0x1C0D, 0x1071]
    assert shift == [0x0020, 0x0002]  # Num Lock on, its LED lit


def test_state_request(tmp_path):
    machine = Machine({"C": str(tmp_path)})
    try:
        handle = machine.open_vdd("VKBD")
        handle.request(0x11, b"ab")
        assert handle.request(0x13) == bytes((0, 0, 0)) + (4).to_bytes(2, "little")  # 2 keys, make and break each
    finally:
        machine.close()


def test_int15_keyboard_intercept(tmp_path, engine):
    def act(kbd) -> None:
        for key in ("a", "z", "c", "q"):
            kbd.press(key)

    result, _, _ = run_typing(tmp_path, engine, "k42_i15", act, vector=0x15)
    assert parts(result) == [[0x3062, 0x2E63, 0x1071]]  # A became B; Z never reached the buffer


def test_alt_and_keypad_digits_type_a_code(tmp_path, engine):
    def act(kbd) -> None:
        kbd.send_scancodes([0x38, 0x4F, 0xCF, 0x50, 0xD0, 0x52, 0xD2, 0xB8])  # Alt, keypad 1 2 0, Alt up
        kbd.send_scancodes([0x38, 0x4B, 0xCB, 0x48, 0xC8, 0xB8])  # 4 8 = '0'
        kbd.press("q")

    keys, _, _ = parts(run_typing(tmp_path, engine, "k42_hook", act)[0])
    assert keys == [0x0078, 0x0030, 0x1071]  # 'x' (120) and '0' (48), with scan code 0


def test_8042_state_survives_save_and_load():
    from mvm.vdd.i8042 import I8042

    def controller() -> I8042:
        return I8042(lambda: None, lambda on: None, lambda: False)

    first = controller()
    first.write_data(0x60, 1, 0xED)  # set LEDs: the keyboard ACKs and waits for the LED byte
    first.write_command(0x64, 1, 0x60)  # write the command byte: the controller waits for it
    second = controller()
    second.load(first.save())
    assert second.read_status() & 0x01  # the ACK still waits at port 60h
    assert second.read_data() == 0xFA
    second.write_data(0x60, 1, 0x45)  # goes to the command byte, as the controller expected
    second.write_command(0x64, 1, 0x20)
    assert second.read_data() == 0x45
    second.write_data(0x60, 1, 0x04)  # then the LED byte the keyboard still waits for
    assert second.leds == 0x04
    assert second.read_data() == 0xFA
