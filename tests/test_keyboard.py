"""The keyboard BIOS (INT 16h) with keys from the session's standard input."""

from __future__ import annotations

import os
import threading
import time

import pytest

from conftest import assemble, run_cli
from mvm import Machine


def words(result) -> list[int]:
    """The hex words a guest printed after its last '='."""
    assert result.status == "exited", result.report
    assert result.exit_code == 0
    return [int(w, 16) for w in result.stdout.rsplit(b"=", 1)[1].split()]


def test_keys_from_stdin_peek_and_read(guest):
    values = words(guest("kbd_read", stdin=b"aA1\x1b\x08\t \x03zZ\n"))
    assert values[:4] == [0, 0x1E61, 0, 0x1E61]  # 01h twice: ZF=0, 'a', still there
    assert values[4:-3] == [
        0x1E61,  # a
        0x1E41,  # A
        0x0231,  # 1
        0x011B,  # Esc
        0x0E08,  # Backspace
        0x0F09,  # Tab
        0x3920,  # space
        0x2E03,  # Ctrl+C
        0x2C7A,  # z
        0x2C5A,  # Z
        0x1C0D,  # Enter: the host's line end
    ]
    assert values[-3:] == [0x2F2F, 1, 0]  # then 01h reports an empty buffer: ZF=1


@pytest.mark.parametrize("line_end", [b"\n", b"\r\n", b"\r"])
def test_host_line_end_is_one_enter(guest, line_end):
    values = words(guest("kbd_read", stdin=b"x" + line_end + b"y" + line_end))
    assert values[4:-3] == [0x2D78, 0x1C0D, 0x1579, 0x1C0D]


def test_characters_beyond_ascii_keep_their_code(guest):
    # CP437 E0h (alpha) typed as a character has no scan code: it is not the
    # E0h of a grey key, which 00h/01h turn into 00h.
    values = words(guest("kbd_read", stdin="αé".encode()))
    assert values[:4] == [0, 0x00E0, 0, 0x00E0]
    assert values[4:-3] == [0x00E0, 0x0082]


def test_no_input_peek_reports_empty(guest):
    assert words(guest("kbd_read", stdin=b"")) == [1, 0, 1, 0, 0x2F2F, 1, 0]


def test_stuffing_and_a_full_buffer(guest):
    values = words(guest("kbd_stuff"))
    assert values[:16] == [0] * 15 + [1]  # the buffer takes 15 keys; the 16th fails with AL=1
    assert values[16:31] == [0x1E00 + i for i in range(15)]  # in order, the refused one not among them
    assert values[31:41] == [0] * 10  # around the end of the ring
    assert values[41:51] == [0x3000 + i for i in range(10)]
    assert values[51:55] == [0x4800, 0x48E0, 0x4800, 0x48E0]  # E0 keys: 01h/00h hide the E0, 11h/10h keep it
    assert values[55:57] == [0x0000, 0x0041]  # 02h: shift flags from 0040:0017
    assert values[57:] == [0x0010]  # the BDA tells programs that 10h-12h are there


def test_wait_reads_keys_as_they_come(guest):
    result = guest("kbd_wait", stdin=b"xyq")
    assert result.status == "exited"
    assert result.exit_code == 7
    assert result.stdout == b"=2D78 1579 1071 "


@pytest.mark.parametrize("stdin, shown", [(b"xy", b"=2D78 1579 "), (b"", b"=")])
def test_wait_after_input_ended_stops_the_session(guest, stdin, shown):
    started = time.monotonic()
    result = guest("kbd_wait", stdin=stdin, timeout=10)
    assert time.monotonic() - started < 5  # it does not hang until the timeout
    assert result.status == "input-ended"
    assert result.exit_code == 125
    assert "waits for a key" in result.report
    assert result.stdout == shown


def test_keys_through_the_command_line(tmp_path):
    assemble("kbd_wait", tmp_path)
    proc = run_cli("run", "KBD_WAIT.COM", stdin=b"xyq", cwd=tmp_path)
    assert proc.returncode == 7, proc.stderr
    assert proc.stdout == b"=2D78 1579 1071 "
    proc = run_cli("run", "KBD_WAIT.COM", stdin=b"x", cwd=tmp_path)
    assert proc.returncode == 125
    assert proc.stdout == b"=2D78 "
    assert b"waits for a key" in proc.stderr


def run_with_pipe(tmp_path, engine, name: str, feed: list[tuple[float, bytes]]):
    """Run a guest whose stdin is a pipe written by a thread: (delay, bytes) steps.

    Returns (result, wall seconds, CPU seconds of this process during the run).
    """
    program = assemble(name, tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "rb", buffering=0)

    def writer() -> None:
        for delay, data in feed:
            time.sleep(delay)
            os.write(write_fd, data)

    thread = threading.Thread(target=writer, daemon=True)
    try:
        wall, cpu = time.monotonic(), time.process_time()
        thread.start()
        result = machine.run(program.name, stdin=reader, timeout=20)
        return result, time.monotonic() - wall, time.process_time() - cpu
    finally:
        thread.join()
        os.close(write_fd)
        reader.close()
        machine.close()


def test_waiting_for_a_key_sleeps(tmp_path, engine):
    result, wall, cpu = run_with_pipe(tmp_path, engine, "kbd_wait", [(1.5, b"k"), (0.05, b"q")])
    assert result.status == "exited", result.report
    assert result.stdout == b"=256B 1071 "
    assert wall >= 1.5
    assert cpu < 0.3, f"waiting {wall:.2f} s for a key took {cpu:.2f} s of CPU time"


def test_timer_runs_while_waiting_for_a_key(tmp_path, engine):
    # Without and with a program's INT 16h hook in the way: the BIOS lets
    # interrupts in while it waits, so INT 1Ch keeps being called.
    result, wall, _ = run_with_pipe(tmp_path, engine, "kbd_ticks", [(0.6, b"k"), (0.6, b"q")])
    key1, ticks1, key2, ticks2 = words(result)
    assert (key1, key2) == (0x256B, 0x1071)
    assert 6 <= ticks1 <= 16
    assert 6 <= ticks2 <= 16
