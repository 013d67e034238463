"""Random calls of the BIOS services (video with VESA, mouse, keyboard, system, printer,
clock, print screen) with random registers and memory: the session must never fail.

As for INT 21h (test_dos_fuzz.py), each example runs thousands of calls in one
session; a call may be refused, may do something odd, but may never raise inside
a VDD or fault the machine.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assemble
from mvm import Machine
from mvm.vdh import Vdd

SCRATCH_SEG = 0x7000  # 64 KiB of random bytes that DS and ES point into
SEL = 0x103  # the service selector in the driver program (tests/guest/fuzzbios.asm)
SERVICES = (0x10, 0x33, 0x16, 0x15, 0x17, 0x1A, 0x05)
# Calls that wait by design (a key, a delay) or hand the machine to the caller's data: a move
# of extended memory through a random descriptor table, protected mode, a restart, or a mouse
# state (with a handler address and queued events) restored from random bytes.
SKIP = {0x16: {0x00, 0x10, 0x20}, 0x15: {0x86, 0x87, 0x89}, 0x33: {0x17}}
CALLS_PER_SESSION = 1500
# Now and then a real mode set, so the calls meet every mode family, not only the text the
# session starts in (a random AX rarely names a mode).
MODES = (0x01, 0x03, 0x04, 0x06, 0x07, 0x0D, 0x10, 0x12, 0x13)
VESA_MODES = (0x101, 0x103, 0x111, 0x112, 0x4101, 0x4111)


def random_calls(rng: random.Random, count: int):
    """`count` calls: the service, AX BX CX DX SI DI BP, and 256 random bytes at ES:DI."""
    made = 0
    while made < count:
        service = rng.choice(SERVICES)
        regs = [rng.randrange(0x10000) for _ in range(7)]
        if rng.random() < 0.03:
            service = 0x10
            regs[0] = rng.choice(MODES)
            if rng.random() < 0.3:
                regs[0], regs[1] = 0x4F02, rng.choice(VESA_MODES)
        if regs[0] >> 8 in SKIP.get(service, ()):
            continue
        made += 1
        yield SERVICES.index(service), regs, rng.randbytes(256)


class BiosFuzzFeeder(Vdd):
    """Serves INT F0h: loads the next call's registers, memory and service."""

    name = "VBFUZZ"

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
        service, (ax, bx, cx, dx, si, di, bp), data = self.calls.pop()
        self.vdh.ram.write((SCRATCH_SEG << 4) + di, data[: 0x10000 - di])
        self.vdh.ram.wb((r.cs << 4) + SEL, service)
        r.ax, r.bx, r.cx, r.dx, r.si, r.di, r.bp = ax, bx, cx, dx, si, di, bp
        r.ds = r.es = SCRATCH_SEG
        self.done += 1


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2**64 - 1))
def test_random_bios_calls_never_break_the_session(tmp_path_factory, seed):
    calls = list(random_calls(random.Random(seed), CALLS_PER_SESSION))
    drive = tmp_path_factory.mktemp("biosfuzz")
    assemble("fuzzbios", drive)
    machine = Machine({"C": str(drive)})
    feeder = machine.add_vdd(BiosFuzzFeeder(calls))
    try:
        result = machine.run("FUZZBIOS.COM", stdin=b"", timeout=120)
    finally:
        machine.close()
    assert result.status == "exited", result.report
    assert feeder.done == len(calls)
