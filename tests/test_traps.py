"""The monitor's trap flow: fast path, chained hooks, faults, halts and timeouts."""

from __future__ import annotations

import os
import threading
import time

from conftest import assemble
from mvm import Machine


def test_tsr_hook_of_int21_chains_to_dos_with_flags(guest):
    result = guest("chain21")
    assert result.status == "exited", result.report
    assert result.stdout == b"through the chain\n0004\n"


def test_blocking_wait_through_a_chained_hook_sleeps(tmp_path, engine):
    """A key wait reached through a TSR's hook resumes when the key arrives."""
    assemble("chain16", tmp_path)
    read_fd, write_fd = os.pipe()

    def type_later():
        time.sleep(0.7)
        os.write(write_fd, b"k")
        os.close(write_fd)

    typist = threading.Thread(target=type_later)
    typist.start()
    cpu0, wall0 = time.process_time(), time.monotonic()
    with os.fdopen(read_fd, "rb", buffering=0) as stdin:
        result = Machine({"C": str(tmp_path)}, engine=engine).run("CHAIN16.COM", stdin=stdin, timeout=20)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    typist.join()
    assert result.status == "exited", result.report
    assert result.stdout.decode().splitlines() == ["256B", "0002"]
    assert wall >= 0.6
    assert cpu < 0.35 * wall  # slept while waiting, did not spin


def test_divide_error_with_default_handler_stops_with_report(guest):
    result = guest("divzero")
    assert result.status == "fault"
    assert result.exit_code == 125
    assert "divide error" in result.report
    assert "div bx" in result.report
    assert "AX=1234" in result.report and "BX=0000" in result.report
    assert b"after" not in result.stdout


def test_guest_divide_error_handler_gets_control(tmp_path, engine):
    assemble("divzero", tmp_path, defines={"HANDLER": "1"})
    result = Machine({"C": str(tmp_path)}, engine=engine).run("DIVZERO.COM", timeout=20)
    assert result.status == "exited", result.report
    assert result.stdout == b"caught divide error\nafter the division\n"


def test_invalid_opcode_report(guest):
    result = guest("badop")
    assert result.status == "fault" and result.exit_code == 125
    assert "invalid opcode" in result.report
    assert "ud2" in result.report


def test_timeout_stops_a_runaway_program(guest):
    start = time.monotonic()
    result = guest("spin", timeout=1.0)
    assert result.status == "timeout" and result.exit_code == 124
    assert time.monotonic() - start < 5


def test_hlt_waits_for_timer_interrupts(guest):
    start = time.monotonic()
    result = guest("halt")
    elapsed = time.monotonic() - start
    assert result.status == "exited" and result.exit_code == 3, result.report
    assert elapsed >= 0.1  # three ticks of 55 ms


def test_hlt_with_interrupts_disabled_is_reported(tmp_path):
    assemble("halt", tmp_path, defines={"NOINT": "1"})
    result = Machine({"C": str(tmp_path)}).run("HALT.COM", timeout=5)
    assert result.status == "fault"
    assert "interrupts disabled" in result.report


def test_sessions_are_isolated(tmp_path, engine):
    """Two machines in one process: vectors and memory of one never show in the other."""
    assemble("chain21", tmp_path)
    a = Machine({"C": str(tmp_path)}, engine=engine)
    b = Machine({"C": str(tmp_path)}, engine=engine)
    a.ram.ww(0x500, 0xBEEF)
    assert b.ram.rw(0x500) != 0xBEEF
    assert a.run("CHAIN21.COM", timeout=20).exit_code == 0
    assert b.run("CHAIN21.COM", timeout=20).exit_code == 0
