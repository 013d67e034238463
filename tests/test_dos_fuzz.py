"""Random INT 21h calls with random registers and memory: the kernel must never fail.

Each example runs thousands of calls in one session. The session must stay
alive (no fault, no internal error), and nothing outside the mapped folder may
change.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assemble
from mvm import Machine
from mvm.vdh import Vdd

SCRATCH_SEG = 0x7000  # a 64 KiB area of random bytes that DS and ES point into
# Calls that end or replace the process, or stay resident, would end the fuzzing
# session itself rather than test a call's checks; those that write interrupt
# vectors or a PSP where the guest says (25h, 26h, 55h) would let the random data
# overwrite this driver, which tests the guest, not the kernel.
ENDING = {0x00, 0x25, 0x26, 0x31, 0x4B, 0x4C, 0x55}

CALLS_PER_SESSION = 3000


def random_calls(rng, count: int):
    """`count` calls: AH (not ENDING), AL, BX CX DX SI DI, and 64 bytes placed at DS:DX."""
    ahs = [ah for ah in range(256) if ah not in ENDING]
    for _ in range(count):
        yield (rng.choice(ahs), rng.randrange(256), [rng.randrange(0x10000) for _ in range(5)],
               rng.randbytes(64))


class FuzzFeeder(Vdd):
    """Serves INT F0h: loads the next call's registers and memory."""

    name = "VFUZZ"

    def __init__(self, calls) -> None:
        self.calls = list(calls)
        self.done = 0

    def setup(self, vdh) -> None:
        super().setup(vdh)
        vdh.hook_int(0xF0, self.next_call)

    def next_call(self, r) -> None:
        if not self.calls:
            self.vdh.machine.end_session("exited", 0)
            return
        ah, al, (bx, cx, dx, si, di), data = self.calls.pop()
        self.vdh.ram.write((SCRATCH_SEG << 4) + dx, data[: 0x10000 - dx])
        r.ax = (ah << 8) | al
        r.bx, r.cx, r.dx, r.si, r.di = bx, cx, dx, si, di
        r.ds = r.es = SCRATCH_SEG
        self.done += 1


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            st_ = p.stat()
            out[str(p)] = (st_.st_size, st_.st_mtime_ns)
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2**64 - 1))
def test_random_int21_calls_never_break_the_session(tmp_path_factory, seed):
    calls = list(random_calls(random.Random(seed), CALLS_PER_SESSION))
    top = tmp_path_factory.mktemp("fuzz")
    drive = top / "drive"
    drive.mkdir()
    outside = top / "outside.txt"
    outside.write_text("keep me")
    assemble("fuzz21", drive)
    before = snapshot(top)
    machine = Machine({"C": str(drive)})
    feeder = machine.add_vdd(FuzzFeeder(calls))
    result = machine.run("FUZZ21.COM", stdin=b"", timeout=120)
    machine.close()
    assert result.status == "exited", result.report
    assert feeder.done == len(calls)
    after = snapshot(top)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert all(Path(p).is_relative_to(drive) for p in changed), changed
    assert outside.read_text() == "keep me"
