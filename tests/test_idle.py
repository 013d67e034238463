"""Idle detection: a program that polls for input sleeps on the host (IDLE_SENSITIVITY)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from conftest import assemble
from mvm import Machine


def run_with_late_key(tmp_path, method: int, delay: float = 1.2, settings=None):
    """Run idle_poll.asm; a key arrives on stdin after `delay` s. Returns (result, cpu, wall)."""
    assemble("idle_poll", tmp_path, f"POLL{method}.COM", {"METHOD": str(method)})
    read_fd, write_fd = os.pipe()

    def type_later():
        time.sleep(delay)
        os.write(write_fd, b"q")
        os.close(write_fd)

    typist = threading.Thread(target=type_later)
    typist.start()
    machine = Machine({"C": str(tmp_path)}, settings=settings)
    cpu0, wall0 = time.process_time(), time.monotonic()
    with os.fdopen(read_fd, "rb", buffering=0) as stdin:
        result = machine.run(f"POLL{method}.COM", stdin=stdin, timeout=20)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    typist.join()
    machine.close()
    return result, cpu, wall


@pytest.mark.parametrize("method", [1, 2, 3, 4])
def test_polling_program_sleeps(tmp_path, method):
    result, cpu, wall = run_with_late_key(tmp_path, method)
    assert result.status == "exited", result.report
    out = result.stdout.decode().split()
    assert out[-1] == "0071"  # the key arrived
    if method == 4:
        assert out[0] == "0000"  # INT 2Fh/1680h is supported: AL=0
    assert wall >= 0.9  # the key came after about 1.2 s
    assert cpu < 0.3 * wall, (cpu, wall)


def test_idle_detection_can_be_turned_off(tmp_path):
    result, cpu, wall = run_with_late_key(tmp_path, 1, delay=0.8, settings={"IDLE_SENSITIVITY": "100"})
    assert result.status == "exited"
    assert cpu > 0.5 * wall, (cpu, wall)  # it spins, as on a PC


def test_waiting_for_a_key_costs_no_cpu_and_time_goes_on(tmp_path):
    """A session blocked on input sleeps through timer ticks and counts them afterwards."""
    assemble("idle_wait", tmp_path)
    read_fd, write_fd = os.pipe()

    def type_later():
        time.sleep(2.5)
        os.write(write_fd, b"k")
        os.close(write_fd)

    typist = threading.Thread(target=type_later)
    machine = Machine({"C": str(tmp_path)})
    typist.start()
    cpu0, wall0 = time.process_time(), time.monotonic()
    with os.fdopen(read_fd, "rb", buffering=0) as stdin:
        result = machine.run("IDLE_WAIT.COM", stdin=stdin, timeout=20)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    typist.join()
    machine.close()
    assert result.status == "exited", result.report
    ticks = int(result.stdout.split()[0], 16)
    assert abs(ticks - wall * 18.2065) < 4  # the BIOS clock kept time while the guest slept
    assert cpu < 0.05 * wall, (cpu, wall)
