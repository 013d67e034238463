"""The keyboard's system keys (Ctrl+Break, Print Screen, Pause, SysRq, Ctrl+Alt+Del),
the printer BIOS and ports, restarts, and the keyboard's saved state."""

from __future__ import annotations

import os
import threading
import time

import pytest

from conftest import assemble, run_cli
from mvm import Machine
from mvm.vdd.keyboard import key_strokes

PAGE = 25 * (80 + 2)  # a printed 80x25 screen: every row, then CR LF


def saved(result) -> list[int]:
    """The words a guest saved with results.inc."""
    assert result.status == "exited", result.report
    return [int(w, 16) for w in result.stdout.rsplit(b"=", 1)[1].split()]


def run_keys(tmp_path, name: str, act, *, vector: int | None = None, settings=None, defines=None,
             args=(), timeout: float = 10):
    """Run guest `name` with a keyboard attached; `act(kbd, machine)` runs in a thread once
    the program has hooked `vector` (or at once)."""
    program = assemble(name, tmp_path, defines=defines)
    machine = Machine({"C": str(tmp_path)}, settings=settings or {})
    kbd = machine.vdd("VKBD")
    kbd.attach_source()

    def typist() -> None:
        deadline = time.monotonic() + 5
        while vector is not None and machine.ram.rw(vector * 4 + 2) == 0xF000 and time.monotonic() < deadline:
            time.sleep(0.01)
        act(kbd, machine)

    thread = threading.Thread(target=typist, daemon=True)
    thread.start()
    try:
        return machine.run(program.name, list(args), stdin=b"", timeout=timeout)
    finally:
        thread.join()
        machine.close()


# -- Ctrl+Break -------------------------------------------------------------------------------
def test_key_names_for_the_system_keys():
    assert key_strokes("pause") == [0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5]
    assert key_strokes("pause", ("ctrl",)) == [0x1D, 0xE0, 0x46, 0xE0, 0xC6, 0x9D]  # Ctrl+Pause is Break
    assert key_strokes("prtsc") == [0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA]
    assert key_strokes("prtsc", ("alt",)) == [0x38, 0x54, 0xD4, 0xB8]  # SysRq


def test_ctrl_break_calls_a_programs_int1b(tmp_path):
    def act(kbd, machine) -> None:
        for _ in range(3):
            kbd.press("pause", ("ctrl",))
        kbd.press("q")

    count, key, flag = saved(run_keys(tmp_path, "kbdkeys_break", act, vector=0x1B))
    assert count == 3
    assert key == ord("q")  # DOS skipped Break's 0000h words and saw no ^C
    assert flag == 0x80  # 0040:0071 bit 7: Break was pressed


def test_ctrl_break_reaches_int23_through_dos(tmp_path):
    def act(kbd, machine) -> None:
        kbd.press("break", ("ctrl",))
        time.sleep(0.2)
        kbd.press("q")

    result = run_keys(tmp_path, "kbdkeys_dosbrk", act, vector=0x23)
    assert saved(result) == [1, ord("q")]
    assert result.stdout.startswith(b"^C")  # DOS echoed the ^C


def test_ctrl_break_ends_a_program_through_dos_default_int23(tmp_path):
    def act(kbd, machine) -> None:
        time.sleep(0.1)
        kbd.press("break", ("ctrl",))

    result = run_keys(tmp_path, "kbdkeys_dosbrk", act, defines={"NOHOOK": "1"})
    assert result.status == "exited", result.report
    assert result.stdout == b"^C\n"  # ended at the ^C: no results printed


def wait_for_screen(machine, text: str) -> None:
    deadline = time.monotonic() + 5
    while text not in machine.screen_text() and time.monotonic() < deadline:
        time.sleep(0.01)


def run_shell_typing(tmp_path, act):
    """Run the interactive shell with a keyboard attached; `act(kbd, machine)` types at it."""
    assemble("kbdkeys_boot", tmp_path, "KKBOOT.COM")  # a DOS 8.3 name, to type at the prompt
    machine = Machine({"C": str(tmp_path)})
    kbd = machine.vdd("VKBD")
    kbd.attach_source()
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "rb", buffering=0)
    thread = threading.Thread(target=act, args=(kbd, machine), daemon=True)
    thread.start()
    try:
        return machine.run_shell(stdin=reader, stdin_is_tty=True, timeout=20)
    finally:
        thread.join()
        os.close(write_fd)
        reader.close()
        machine.close()


def test_ctrl_break_at_the_shell_prompt_drops_the_line(tmp_path):
    def act(kbd, machine) -> None:
        wait_for_screen(machine, "C:\\>")
        kbd.paste("dir")
        wait_for_screen(machine, "C:\\>dir")
        kbd.press("break", ("ctrl",))
        wait_for_screen(machine, "^C")
        kbd.paste("KKBOOT\rexit\r")

    result = run_shell_typing(tmp_path, act)
    assert result.status == "exited", result.report
    lines = result.screen.splitlines()
    assert "C:\\>dir^C" in lines
    assert "=0000" in lines  # the next line typed ran alone


# -- Print Screen and the printer -------------------------------------------------------------------
def test_print_screen_prints_the_text_screen(tmp_path):
    out = tmp_path / "printer.txt"

    def act(kbd, machine) -> None:
        deadline = time.monotonic() + 5
        while b"PRINT ME" not in machine.screen_text().encode() and time.monotonic() < deadline:
            time.sleep(0.01)
        kbd.press("prtsc")
        kbd.press("q")

    status, _ = saved(run_keys(tmp_path, "kbdkeys_prtsc", act, settings={"PRINTER_FILE": str(out)}))
    assert status == 0x00  # 0050:0000: the print is done
    paper = out.read_bytes()
    assert len(paper) == PAGE
    rows = paper.split(b"\r\n")
    assert rows[0].startswith(b"PRINT ME ON PAPER ") and len(rows[0]) == 80
    assert rows[-1] == b""


def test_print_screen_calls_a_programs_int5_and_sysrq_calls_int15(tmp_path):
    out = tmp_path / "printer.txt"

    def act(kbd, machine) -> None:
        kbd.press("prtsc")
        kbd.press("prtsc", ("shift",))
        kbd.press("prtsc", ("alt",))  # SysRq: INT 15h/85h, not a print
        kbd.press("kp*", ("shift",))  # on a 101-key keyboard: a "*"
        while kbd.pending_keys():
            time.sleep(0.01)
        time.sleep(0.05)
        machine.ram.wb(0x496, machine.ram.rb(0x496) & ~0x10)  # an 84-key keyboard now
        kbd.press("kp*", ("shift",))  # there, Shift+* is Print Screen
        kbd.press("q")

    status, count, sysrq = saved(run_keys(tmp_path, "kbdkeys_prtsc", act, vector=0x15, defines={"HOOK": "1"},
                                          settings={"PRINTER_FILE": str(out)}))
    assert count == 3
    assert status == 0x00  # the BIOS's print never started
    assert sysrq == 0x12  # INT 15h/85h with AL=0 (pressed), then AL=1 (released)
    assert not out.exists()  # the hook did not print


def test_printer_bios_ports_and_prn_share_one_stream(tmp_path, guest):
    out = tmp_path / "printer.txt"
    values = saved(guest("kbdkeys_lpt", settings={"PRINTER_FILE": str(out)}))
    assert values[:4] == [0x90, 0x90, 0x01, 0x90]  # ready (selected, not busy); port 3: time-out
    assert values[4] == 0x00  # 0050:0000 after INT 05h: the screen is printed
    assert values[5:8] == [0x378, 0x278, 0x3BC]
    assert values[8] == 3  # INT 11h: three printers
    assert values[9] == 0xDF  # the status register: not busy, selected, no error, paper in
    assert out.read_bytes() == b"ABCDE" + (b" " * 80 + b"\r\n") * 25  # INT 05h by software: the blank screen


def test_a_printer_that_cannot_print_is_off_line(tmp_path, guest):
    # PRINTER_FILE names a folder: nothing can be printed there.
    values = saved(guest("kbdkeys_lpt", settings={"PRINTER_FILE": str(tmp_path)}))
    assert values[3] == 0x09  # INT 17h/00h: I/O error, time-out
    assert values[4] == 0xFF  # 0050:0000: the screen print failed


# -- Pause ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("pause", [("pause", ()), ("numlock", ("ctrl",))], ids=["pause", "ctrl+numlock"])
def test_pause_holds_the_program_until_a_key(tmp_path, pause):
    """Pause, or Ctrl+NumLock as on the 84-key keyboard, holds the program until a key."""
    seen: dict[str, object] = {}

    def act(kbd, machine) -> None:
        ram = machine.ram
        time.sleep(0.1)
        kbd.press(*pause)
        time.sleep(0.15)
        seen["hold"] = ram.rb(0x418) & 0x08
        seen["numlock"] = ram.rb(0x417) & 0x20
        count1, ticks1, cpu = ram.rd(0x4F0), ram.rw(0x4F4), time.process_time()
        time.sleep(0.5)
        seen["cpu"] = time.process_time() - cpu
        seen["count"] = ram.rd(0x4F0) - count1
        seen["ticks"] = ram.rw(0x4F4) - ticks1
        kbd.press("lshift")  # a shift key does not end the pause
        time.sleep(0.1)
        seen["held"] = ram.rd(0x4F0) - count1
        kbd.press("a")  # this one does, and is swallowed
        time.sleep(0.1)
        seen["after"] = ram.rd(0x4F0) - count1
        kbd.press("q")

    keys = saved(run_keys(tmp_path, "kbdkeys_pause", act, vector=0x1C))
    assert keys == [0x1071]  # the "a" that ended the pause never reached the buffer
    assert seen["hold"] == 0x08
    assert seen["count"] == 0 and seen["held"] == 0
    assert seen["after"] > 0
    assert seen["ticks"] >= 5  # INT 1Ch went on during the pause
    assert seen["cpu"] < 0.25, f"pausing 0.5 s took {seen['cpu']:.2f} s of CPU"
    assert seen["numlock"] == 0  # Ctrl+NumLock pauses instead of switching NumLock on


# -- restarts ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["J", "F", "I", "K", "P"])
def test_a_program_that_restarts_ends_its_run(guest, how):
    result = guest("kbdkeys_boot", args=[how])
    assert result.status == "exited"
    assert result.extra["restarted"]
    assert result.exit_code == 0
    assert result.stdout == b"=0000"
    assert "restarted the machine" in result.report


def test_restart_ends_mvm_run_with_status_0_and_a_line(tmp_path):
    program = assemble("kbdkeys_boot", tmp_path)
    proc = run_cli("run", program.name, "J", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == b"=0000"
    assert proc.stderr == b"mvm: KBDKEYS_BOOT.COM: the program restarted the machine\n"


def test_restart_in_mvm_shell_starts_the_prompt_afresh(tmp_path):
    assemble("kbdkeys_boot", tmp_path, "KKBOOT.COM")
    proc = run_cli("shell", stdin=b"KKBOOT\r\nKKBOOT F\r\nKKBOOT\r\nexit\r\n", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    marks = [chunk[:4] for chunk in proc.stdout.split(b"=")[1:]]
    assert marks == [b"0000", b"1234", b"0000"]


def test_ctrl_alt_del_restarts(tmp_path):
    def act(kbd, machine) -> None:
        time.sleep(0.05)
        kbd.press("delete", ("ctrl", "alt"))

    result = run_keys(tmp_path, "kbdkeys_boot", act, args=["W"])
    assert result.status == "exited"
    assert result.extra["restarted"]
    assert result.exit_code == 0  # not the 3 of a "q"


def test_ctrl_alt_del_swallowed_by_int15_4f(tmp_path):
    def act(kbd, machine) -> None:
        kbd.press("delete", ("ctrl", "alt"))
        kbd.press("q")

    result = run_keys(tmp_path, "kbdkeys_cad", act, vector=0x15)
    assert result.status == "exited", result.report
    assert not result.extra["restarted"]
    assert result.exit_code == 5


def test_restart_in_a_shell_session_starts_it_afresh(tmp_path):
    assemble("kbdkeys_boot", tmp_path, "KKBOOT.COM")  # a DOS 8.3 name, to type at the prompt
    machine = Machine({"C": str(tmp_path)})
    try:
        # The marker survives from one program to the next, but not a restart.
        lines = b"KKBOOT\r\nKKBOOT J\r\nKKBOOT\r\nexit\r\n"
        result = machine.run_shell(stdin=lines, timeout=20)
    finally:
        machine.close()
    assert result.status == "exited", result.report
    marks = [chunk[:4] for chunk in result.stdout.split(b"=")[1:]]
    assert marks == [b"0000", b"1234", b"0000"]


def test_ctrl_alt_del_in_a_shell_session(tmp_path):
    def act(kbd, machine) -> None:
        kbd.paste("KKBOOT\r")
        wait_for_screen(machine, "=0000")
        kbd.press("delete", ("ctrl", "alt"))
        kbd.paste("KKBOOT\rexit\r")

    result = run_shell_typing(tmp_path, act)
    assert result.status == "exited", result.report
    assert "=0000" in result.screen.splitlines()  # the fresh session's run: memory was cleared
    assert "=1234" not in result.screen


# -- saved state -------------------------------------------------------------------------------------
def test_keys_pending_at_save_are_read_after_load(tmp_path):
    assemble("kbd_wait", tmp_path)
    first = Machine({"C": str(tmp_path)})
    try:
        kbd = first.vdd("VKBD")
        kbd.attach_source()
        kbd.push(0x1579)  # "y" already in the BIOS buffer
        kbd.kbc.write_command(0x64, 1, 0xD2)  # "z" waiting in the 8042's output buffer
        kbd.kbc.write_data(0x60, 1, 0x2C)
        kbd.press("x")  # still to be typed
        kbd.press("q")
        state = kbd.save()
    finally:
        first.close()
    second = Machine({"C": str(tmp_path)})
    try:
        kbd2 = second.vdd("VKBD")
        kbd2.load(state)
        assert kbd2.source_attached
        result = second.run("KBD_WAIT.COM", stdin=b"", timeout=10)
    finally:
        second.close()
    assert result.exit_code == 7, result.report
    assert result.stdout == b"=1579 2C7A 2D78 1071 "
