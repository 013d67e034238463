"""VXMS: every XMS 3.0 function and error code, A20 and the HMA, limits across sessions and
processes, isolation, UMBs through XMS and in DOS's MCB chain (5803h, LOADHIGH-style EXEC),
save and load, and DOSBox's built-in driver where it gives the same answers."""

from __future__ import annotations

import gc
import os
import random
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import mvm.machine.machine as machine_module
from conftest import REPO, assemble
from dosbox import run_in_dosbox
from mvm import Machine, UsageError
from mvm.dos.mcb import Arena, DosMemoryError
from mvm.ist.memory import GuestRam
from mvm.vdd.xms import POOL, Emb, ExtendedArea, Vxms

LIMITS = "VXMS /XMMLIMIT=3072,2048"


@pytest.fixture
def vxms_lines(monkeypatch):
    """Let a session give VXMS CONFIG.SYS options (`vdds=["VXMS /UMB"]`), as a base VDD takes none."""
    monkeypatch.setattr(machine_module, "BASE_VDDS",
                        tuple(n for n in machine_module.BASE_VDDS if n != "VXMS"))


def run(folder: Path, program: str, machine: Machine | None = None, **kwargs):
    own = machine is None
    machine = machine or Machine({"C": str(folder)}, **kwargs)
    try:
        return machine.run(program, timeout=20)
    finally:
        if own:
            machine.close()


def lines(result) -> list[str]:
    assert result.status == "exited", result.report
    return result.stdout.decode().splitlines()


def xcall(machine: Machine, ah: int, **regs):
    """Call the driver from the host with AH=`ah` and the given registers; returns the register view."""
    r = machine.engine.regs()
    for name, value in regs.items():
        setattr(r, name, value)
    r.ah = ah
    machine.vdd("VXMS").call(r)
    return r


# -- every function and error code ------------------------------------------------------------------

FUNCS = [
    "4300 80",  # INT 2Fh/4300h: installed
    "0300 0300 0001",  # 00h: XMS 3.00, revision 3.00, the HMA exists
    "0001 00", "0000 91", "0001 00", "0000 93",  # 01h, 01h again: in use; 02h, 02h again: not allocated
    "0000 00", "wrap",  # 07h: A20 off at start, and FFFF:xxxx wraps to 0:xxxx
    "0001 00", "0001 00", "nowrap",  # 03h global enable: on, no wrap
    "0001 00", "0000 00", "wrap",  # 04h global disable: off again, the wrap is back
    "0001 00", "0001 00", "0000 94", "0001 00",  # 05h twice, 06h: still enabled (count 1)
    "0001 00", "0000 00",  # 06h: off
    "0001 00", "0001 00", "0000 94", "0001 00",  # 03h, 05h, 04h: a local enable remains (94h)
    "0001 00", "0000 00",  # 06h takes it off
    "0800 0800 00",  # 08h: largest and total = the session limit, 2048 KiB
    "0001 00 0001", "0001 00 0002",  # 09h: two blocks of 1 MiB, handles 1 and 2
    "0000 A0", "0000 0000 A0",  # 09h past the session limit; 08h: nothing left
    "0001 00 1E 0400",  # 0Eh: not locked, 30 free handles, 1024 KiB
    "0001 0011 0000", "0001 0021 0000",  # 0Ch: linear addresses 110000h and 210000h
    "0001 01 1E 0400",  # 0Eh: lock count 1
    "0000 AB", "0000 AB",  # 0Ah, 0Fh of a locked block
    "0001 00", "0000 AA", "0001 00",  # 0Dh, 0Dh again: not locked; 0Dh of handle 2
    *["0000 A2"] * 8,  # 0Ah (twice: handle 9, handle 0), 0Ch, 0Dh, 0Eh, 0Fh, 8Eh, 8Fh of bad handles
    "0001 00", "0001 00", "0001 00", "same",  # conventional -> EMB -> EMB -> conventional
    "0001 00", "0001 00", "same",  # an upward overlapping move within a block: memmove
    "0001 00", "0001 00", "same",  # and a downward one
    "0001 00", "same",  # conventional -> conventional (both handles 0)
    "0000 A7", "0000 A3", "0000 A4", "0000 A5", "0000 A6",  # odd length, bad source/dest handle/offset
    "0000 A7", "0000 A7",  # the source, then the destination, runs across its block's end
    "0001 00",  # a move of 0 bytes
    "0001 00", "0001 00 1E 0200",  # 0Fh: shrink to 512 KiB
    "0001 00", "0000 A0",  # grow back to 1024; 1025 is past the limit
    "0001 00", "same",  # the contents stayed
    "00000000 00000000 00FFFFFF A0",  # 88h: nothing free, the highest address
    "0001 00", "00000400 00000400 00FFFFFF 00",  # free handle 2; 88h: 1 MiB
    "0001 00 0002",  # 89h: a block of 0 KiB takes the lowest free handle
    "0001 00 001E 00000000",  # 8Eh: lock count, free handles (CX), size (EDX)
    "0001 00", "0001 00 001E 00000400",  # 8Fh: to 1024 KiB
    "0000 A0", "0000 A0",  # 89h, 8Fh past the limit
    "0000 AC",  # the 256th lock: lock count overflow
    "0001 00", "0000 AA",  # 255 unlocks, then one too many
    "0000 80", "0000 80", "0000 80",  # 10h-12h: this session has no UMBs
    "0000 80", "0000 80",  # 13h, FFh: no such function
    "001E A1",  # 30 more handles (of 0 KiB), then all handles in use
]


def test_every_function_and_error_code(tmp_path):
    assemble("xms_funcs", tmp_path, "XMSFUNCS.COM")
    assert lines(run(tmp_path, "XMSFUNCS.COM")) == FUNCS


def test_every_function_in_two_sessions_at_once(tmp_path):
    """The same calls in two sessions running together: each gets exactly the answers it gets alone."""
    assemble("xms_funcs", tmp_path, "XMSFUNCS.COM")
    results = []
    threads = [threading.Thread(target=lambda: results.append(run(tmp_path, "XMSFUNCS.COM"))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 2
    assert [lines(r) for r in results] == [FUNCS, FUNCS]


COMMON = [
    "4300 80", "0300",
    "0000 00", "wrap", "0001 00", "0001 00", "nowrap", "0001 00", "0000 00", "wrap",
    "0001 00", "0001 00",  # two blocks of 64 KiB
    "0001 00", "0001 00", "0001 00", "same",
    "0000 A3", "0000 A4", "0000 A5", "0000 A6", "0000 A7", "0000 A7",
    "0001", "0001 01 0040", "0001 00", "0000 AA",
    "0000 A2", "0000 A2", "0000 A2", "0000 A2", "0000 A2",
    "0001 00", "0001 00 0020", "0001 00", "0001 00 0080",
    "0001 00", "0000 A2", "0001 00",
    "0001", "0001 00 00000010", "0001 00", "0001 00 00000020", "0001 00",
    "0000 80",
]


def test_common_calls_match_dosbox(tmp_path):
    assemble("xms_common", tmp_path, "XMSCOMM.COM")
    ours = run(tmp_path, "XMSCOMM.COM")
    assert lines(ours) == COMMON
    assert run_in_dosbox(tmp_path, "XMSCOMM.COM") == ours.stdout.decode()


@pytest.mark.parametrize(("settings", "expected"), [
    ({}, ["0001 00", "0000 91", "0001 00", "0000 93"]),
    ({"XMS_MINIMUM_HMA": 16}, ["0000 92", "0001 00", "0001 00", "hma usable", "0001 00", "0001 00", "0000 93"]),
    ({"DOS_HIGH": "on"}, ["0000 91", "0000 91", "0000 93", "0000 93"]),
])
def test_hma_threshold_and_dos_high(tmp_path, settings, expected):
    assemble("xms_hma", tmp_path, "XMSHMA.COM")
    assert lines(run(tmp_path, "XMSHMA.COM", settings=settings)) == ["4300 80", *expected]


def test_hma_minimum_from_the_option(tmp_path, vxms_lines):
    assemble("xms_hma", tmp_path, "XMSHMA.COM")
    out = lines(run(tmp_path, "XMSHMA.COM", vdds=["VXMS /HMAMIN=16"]))
    assert out[1:3] == ["0000 92", "0001 00"]


def test_a20_follows_the_driver_and_starts_off(tmp_path):
    machine = Machine({"C": str(tmp_path)})
    try:
        assert xcall(machine, 0x07).ax == 0
        xcall(machine, 0x03)
        assert machine.vdh.a20() and xcall(machine, 0x07).ax == 1
        xcall(machine, 0x04)
        assert not machine.vdh.a20()
    finally:
        machine.close()


# -- limits, isolation ---------------------------------------------------------------------------------------

def test_two_sessions_at_once_see_only_their_own_memory(tmp_path):
    assemble("xms_iso", tmp_path, "XMSISO.COM")
    machines = [Machine({"C": str(tmp_path)}) for _ in range(2)]
    results: dict[str, object] = {}

    def session(letter: str, machine: Machine) -> None:
        results[letter] = machine.run("XMSISO.COM", [letter], timeout=20)

    threads = [threading.Thread(target=session, args=(letter, m)) for letter, m in zip("AB", machines, strict=True)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        for letter, machine in zip("AB", machines, strict=True):
            assert lines(results[letter]) == [
                "4300 80",
                "0001 00",  # 64 KiB
                "0011 0000",  # locked at 110000h in each session: each has its own memory
                "0001 00", "0001 00",  # write 1 KiB of the letter, read it back 0.3 s later
                "intact",  # the other session's writes never showed here
                "0000 A2",  # the other session's handle does not exist here
                "07C0 07C0",  # free memory: this session's limit less its own block
            ]
            emb = machine.vdd("VXMS").embs[1]
            assert bytes(machine.ram.mem[emb.addr:emb.addr + 1024]) == letter.encode() * 1024
    finally:
        for machine in machines:
            machine.close()


def take(tmp_path: Path, kib: int) -> str:
    name = f"TAKE{kib}.COM"
    assemble("xms_take", tmp_path, name, {"KIB": str(kib)})
    return name


def test_session_and_global_limits(tmp_path, vxms_lines):
    program = take(tmp_path, 2048)
    first = Machine({"C": str(tmp_path)}, vdds=[LIMITS])
    second = Machine({"C": str(tmp_path)}, vdds=[LIMITS])
    try:
        assert lines(run(tmp_path, program, first)) == [
            "4300 80", "0800 0800 00", "0001 00", "0000 0000 A0"]
        # The first session holds 2048 of the 3072 KiB all sessions may hold.
        assert lines(run(tmp_path, program, second)) == [
            "4300 80", "0400 0400 00",  # what is left of the global limit
            "0000 A0",  # 2048 KiB: more than all sessions may still take
            "0001 00",  # 1024 KiB
            "0000 0000 A0"]
        first.close()
        # The first session is gone: its share is free; this one holds 1024 of its 2048.
        assert lines(run(tmp_path, program, second))[1] == "0400 0400 00"
        assert lines(run(tmp_path, program, second))[1] == "0000 0000 A0"
    finally:
        first.close()
        second.close()


def test_numhandles_and_xms_memory_limit(tmp_path, vxms_lines):
    machine = Machine({"C": str(tmp_path)}, vdds=["VXMS /NUMHANDLES=3 /XMMLIMIT=16384,100"],
                      settings={"XMS_MEMORY_LIMIT": 300})
    try:
        assert [xcall(machine, 0x09, dx=100).ax for _ in range(3)] == [1, 1, 1]
        r = xcall(machine, 0x09, dx=0)
        assert (r.ax, r.bl) == (0, 0xA1)  # all handles in use
        r = xcall(machine, 0x0F, dx=1, bx=101)
        assert (r.ax, r.bl) == (0, 0xA0)  # the setting's 300 KiB, not the option's 100, is the limit
        r = xcall(machine, 0x0E, dx=1)
        assert (r.ax, r.bl, r.dx) == (1, 0, 100)
    finally:
        machine.close()


POOL_SCRIPT = r"""
import sys, time
import mvm.machine.machine as mm
from mvm import Machine
mm.BASE_VDDS = tuple(n for n in mm.BASE_VDDS if n != "VXMS")
folder, program, hold = sys.argv[1], sys.argv[2], sys.argv[3] == "hold"
machine = Machine({"C": folder}, vdds=["VXMS /XMMLIMIT=3072,2048"])
result = machine.run(program, timeout=20)
sys.stdout.write(result.stdout.decode() + "ready\n")
sys.stdout.flush()
if hold:
    sys.stdin.read()
"""


def pool_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    env["MVM_XMS_POOL"] = str(tmp_path / "xms.pool")
    return env


def test_global_limit_holds_across_processes(tmp_path):
    program = take(tmp_path, 2048)
    cmd = [sys.executable, "-c", POOL_SCRIPT, str(tmp_path), program]
    env = pool_env(tmp_path)
    holder = subprocess.Popen([*cmd, "hold"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        out = []
        for line in holder.stdout:
            out.append(line.decode().strip())
            if out[-1] == "ready":
                break
        assert out[2] == "0001 00"  # the holder took 2048 of the 3072 KiB
        other = subprocess.run([*cmd, "go"], capture_output=True, env=env, timeout=60)
        assert other.stdout.decode().splitlines()[1:4] == ["0400 0400 00", "0000 A0", "0001 00"]
    finally:
        holder.kill()  # a killed session: its share goes back
        holder.wait()
    after = subprocess.run([*cmd, "go"], capture_output=True, env=env, timeout=60)
    assert after.stdout.decode().splitlines()[1:3] == ["0800 0800 00", "0001 00"]


FORK_SCRIPT = r"""
import os, sys, time
import mvm.machine.machine as mm
from mvm import Machine
mm.BASE_VDDS = tuple(n for n in mm.BASE_VDDS if n != "VXMS")
folder, program = sys.argv[1], sys.argv[2]
Machine({"C": folder}, vdds=["VXMS"]).close()  # as the server's fork server does before forking
read, write = os.pipe()
child = os.fork()
if child == 0:
    machine = Machine({"C": folder}, vdds=["VXMS /XMMLIMIT=3072,2048"])
    machine.run(program, timeout=20)
    os.write(write, b"x")
    time.sleep(60)
    os._exit(0)
os.read(read, 1)
machine = Machine({"C": folder}, vdds=["VXMS /XMMLIMIT=3072,2048"])
sys.stdout.write(machine.run(program, timeout=20).stdout.decode())
os.kill(child, 9)
os.waitpid(child, 0)
"""


def test_forked_sessions_share_the_pool(tmp_path):
    program = take(tmp_path, 2048)
    env = pool_env(tmp_path)
    del env["MVM_XMS_POOL"]  # the unlinked ledger made before the fork
    done = subprocess.run([sys.executable, "-c", FORK_SCRIPT, str(tmp_path), program],
                          capture_output=True, env=env, timeout=60)
    assert done.stdout.decode().splitlines()[1:4] == ["0400 0400 00", "0000 A0", "0001 00"], done.stderr


def test_pool_forgets_a_closed_session():
    before = POOL.in_use()
    machine = Machine({})
    xcall(machine, 0x09, dx=512)
    assert POOL.in_use() == before + 512
    machine.close()
    assert POOL.in_use() == before


# -- extended memory: compaction, random calls ----------------------------------------------------------------

def test_compaction_keeps_contents_and_locked_blocks(tmp_path):
    machine = Machine({"C": str(tmp_path)}, settings={"XMS_MEMORY_LIMIT": 20000})
    vxms = machine.vdd("VXMS")
    try:
        area_kib = vxms.area.size // 1024
        handles = [xcall(machine, 0x09, dx=1024).dx for _ in range(area_kib // 1024)]
        for h in handles:
            emb = vxms.embs[h]
            machine.ram.mem[emb.addr:emb.addr + 4] = struct.pack("<I", h * 0x01010101)
        locked = handles[5]
        addr = xcall(machine, 0x0C, dx=locked)
        locked_at = (addr.dx << 16) | addr.bx
        for h in handles[::2]:
            if h != locked:
                assert xcall(machine, 0x0A, dx=h).ax == 1
        largest, total = vxms.free_kib()
        assert total >= 7 * 1024 and largest > 2048  # the gaps join once the unlocked blocks slide down
        r = xcall(machine, 0x09, dx=largest)
        assert r.ax == 1, hex(r.bl)
        for h in handles[1::2] + [locked]:
            emb = vxms.embs[h]
            assert bytes(machine.ram.mem[emb.addr:emb.addr + 4]) == struct.pack("<I", h * 0x01010101)
        assert vxms.embs[locked].addr == locked_at  # a locked block never moves
        assert xcall(machine, 0x0A, dx=r.dx).ax == 1
        grown = handles[1]
        largest, _total = vxms.free_kib()
        r = xcall(machine, 0x0F, dx=grown, bx=1024 + largest)  # no gap is that large until the others slide
        assert r.ax == 1, hex(r.bl)
        emb = vxms.embs[grown]
        assert bytes(machine.ram.mem[emb.addr:emb.addr + 4]) == struct.pack("<I", grown * 0x01010101)
        assert vxms.embs[locked].addr == locked_at
        spans = sorted((b.addr, b.end) for b in vxms.embs.values() if b.kib)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert spans[0][0] >= 0x110000 and spans[-1][1] <= machine.ram.size
    finally:
        machine.close()


def test_growing_a_block_slides_the_others_and_keeps_every_content():
    mem = memoryview(bytearray(8 * 1024))
    area = ExtendedArea(mem, 0, 8 * 1024)
    blocks = [Emb(i * 2048, 1) for i in range(4)]  # 1 KiB blocks with 1 KiB gaps: no gap holds 3 KiB
    for i, b in enumerate(blocks):
        mem[b.addr:b.end] = bytes([0x41 + i]) * 1024
    assert area.grow(blocks, blocks[0], 3 * 1024)
    blocks[0].kib = 3
    assert bytes(mem[blocks[0].addr:blocks[0].addr + 1024]) == b"A" * 1024
    for i, b in enumerate(blocks[1:], 1):
        assert bytes(mem[b.addr:b.end]) == bytes([0x41 + i]) * 1024
    spans = sorted((b.addr, b.end) for b in blocks)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert not area.grow(blocks, blocks[1], 6 * 1024)  # more than is free at all


def test_random_calls_get_error_codes_never_exceptions(tmp_path):
    rng = random.Random(6)
    machine = Machine({"C": str(tmp_path)}, settings={"XMS_MEMORY_LIMIT": 4096, "DOS_UMB": "on"})
    machine.vdd("VXMS").reset()
    vxms = machine.vdd("VXMS")
    mem = machine.ram.mem
    functions = [*range(0x00, 0x13), 0x88, 0x89, 0x8E, 0x8F, 0x13, 0x7F, 0xFF]
    try:
        for _ in range(4000):
            ah = rng.choice(functions)
            handle = rng.choice([0, 1, 2, 3, 4, rng.randrange(0x10000)])
            regs = {"dx": handle, "bx": rng.randrange(0x10000), "edx": None}
            if ah in (0x09, 0x89):
                regs["edx"] = rng.choice([0, 1, 64, 1024, 5000, 0xFFFFFFFF, rng.randrange(1 << 32)])
            if ah in (0x0F, 0x8F):
                regs["ebx"] = rng.choice([0, 16, 512, 3000, 0xFFFFFFFF])
            if ah == 0x0B:
                ds, si = rng.randrange(0x10000), rng.randrange(0x10000)
                base = (ds << 4) + si
                length = rng.choice([0, 2, 15, 4096, 0x100000, rng.randrange(1 << 32)])
                offsets = [rng.choice([0, 16, 0x3FFF0, rng.randrange(1 << 32)]) for _ in range(2)]
                mem[base:base + 16] = struct.pack("<IHIHI", length, rng.choice([0, 1, 2, 7]), offsets[0],
                                                   rng.choice([0, 1, 2, 7]), offsets[1])
                regs.update(ds=ds, si=si)
            if regs["edx"] is None:
                del regs["edx"]
            r = xcall(machine, ah, **regs)
            assert r.ax in (0, 1) or ah in (0x00, 0x08, 0x88)
        blocks = sorted((b.addr, b.end) for b in vxms.embs.values() if b.kib)
        assert all(a[1] <= b[0] for a, b in zip(blocks, blocks[1:], strict=False))
        assert vxms.used_kib <= 4096
    finally:
        machine.close()


# -- upper memory -----------------------------------------------------------------------------------------------

UMB_DEFAULT = [  # the EMS frame at D000h and its windows at C000h-C7FFh: C800h-CFFFh and E000h-EFFFh
    "4300 80",
    "0000 B0 1000",  # 10h FFFFh: only smaller blocks, the largest 1000h paragraphs
    "0001 00 E000",  # that one
    "0001 00 C800",  # one paragraph: from the other region
    "0001 00", "0001 00",  # 12h: shrink to 400h, grow back
    "0000 B0", "1000",  # one more paragraph: B0h, DX the most it can be
    "0001 01 C801",  # shrunk again; 400h paragraphs: first fit, after the 1-paragraph block (BL is BX's)
    "umb rw",
    "0001 00", "0000 B2", "0000 B2", "0000 B2",  # 11h, 11h again, 11h and 12h of what is no UMB
]
UMB_NO_EMS = [  # no EMS: C800h-EFFFh is one region
    "4300 80", "0000 B0 2800", "0001 00 C800",
    "0000 B1 0000",  # nothing left at all
    "0001 00", "0001 00", "0000 B0", "2800", "0001 00 CC00", "umb rw",
    "0001 00", "0000 B2", "0000 B2", "0000 B2",
]


@pytest.mark.parametrize(("settings", "expected"), [({}, UMB_DEFAULT), ({"EMS_MEMORY_LIMIT": 0}, UMB_NO_EMS)])
def test_umbs_through_xms(tmp_path, vxms_lines, settings, expected):
    assemble("xms_umb", tmp_path, "XMSUMB.COM")
    assert lines(run(tmp_path, "XMSUMB.COM", vdds=["VXMS /UMB"], settings=settings)) == expected


def test_no_umbs_without_the_option_or_with_noumb(tmp_path, vxms_lines):
    for vdds in (["VXMS"], ["VXMS /NOUMB"]):
        machine = Machine({"C": str(tmp_path)}, vdds=vdds, settings={"DOS_UMB": "on"} if "/NOUMB" in vdds[0] else {})
        try:
            machine.vdd("VXMS").reset()
            r = xcall(machine, 0x10, dx=0xFFFF)
            assert (r.ax, r.bl) == (0, 0x80)
            assert machine.dos.arena.link_seg is None
        finally:
            machine.close()


def test_dos_umb_link_and_loadhigh(tmp_path):
    assemble("xms_high", tmp_path, "XMSHIGH.COM")
    assemble("xms_child", tmp_path, "XMSCHILD.COM")
    assert lines(run(tmp_path, "XMSHIGH.COM", settings={"DOS_UMB": "on"})) == [
        "4300 80",
        "0000 B1",  # DOS owns every UMB: none for XMS
        "00",  # 5802h: not linked
        "9FFF Z 0008 2800",  # the chain ends at the link block, which spans A000h-C7FFh
        "ok", "01",  # 5803h BX=1: linked
        "9FFF M 0008 2800",  # now the chain goes on into upper memory:
        "C800 M 0000 07FE",  # C800h-CFFEh free
        "CFFF M 0008 1000",  # the EMS frame D000h-DFFFh belongs to DOS ("SC")
        "E000 Z 0000 0FFF",  # E000h-EFFFh free, the last block
        "ok", "high", "ok",  # strategy 40h: 48h gives upper memory; 49h frees it
        "child high",  # strategy 80h: EXEC loads the child above A000h
        "ok",  # EXEC returned
        "ok", "00",  # unlinked again
        "error 0008", "0000",  # strategy 40h while unlinked: no memory, largest 0
        "error 0001",  # 5803h BX=2
    ]


def test_lol_shows_the_umb_link(tmp_path):
    machine = Machine({"C": str(tmp_path)}, settings={"DOS_UMB": "on"})
    try:
        machine.vdd("VXMS").reset()
        dos = machine.dos
        lol = dos.tables.lin(0x40)
        assert (machine.ram.rb(lol + 0x63), machine.ram.rw(lol + 0x66)) == (0, 0x9FFF)
        regs = machine.engine.regs()
        regs.ax, regs.bx = 0x5803, 1
        dos.int21(regs)
        assert not regs.cf and machine.ram.rb(lol + 0x63) == 1
    finally:
        machine.close()


def upper_arena() -> tuple[GuestRam, Arena]:
    ram = GuestRam(0x110000)
    arena = Arena(ram, 0x100, 0xA000)
    assert arena.add_upper([(0xE000, 0xF000), (0xC800, 0xD000)])
    return ram, arena


def test_arena_upper_memory_strategies():
    _ram, arena = upper_arena()
    assert [b.seg for b in arena.blocks()][-1] == 0x9FFF  # unlinked: the walk ends at the link block
    arena.strategy = 0x80  # high first, unlinked: conventional memory
    assert arena.allocate(0x10, 0x1234) < 0xA000
    arena.strategy = 0x40
    with pytest.raises(DosMemoryError) as err:
        arena.allocate(0x10, 0x1234)
    assert (err.value.code, err.value.largest) == (8, 0)
    arena.set_link(True)
    assert arena.largest_free() == 0xFFF  # high only: the largest UMB
    seg = arena.allocate(0x10, 0x1234)
    assert seg == 0xC801
    arena.strategy = 0x82  # last fit, high first
    assert arena.allocate(0x20, 0x1234) == 0xF000 - 0x20
    arena.strategy = 0x80
    assert arena.largest_free(need=0x2000) > 0x2000  # too big for a UMB: conventional memory
    assert arena.allocate(0x2000, 0x1234) < 0xA000
    arena.set_link(False)
    arena.free_owned_by(0x1234)  # UMB blocks are freed too while unlinked
    arena.set_link(True)
    arena.strategy = 0x40
    assert arena.largest_free() == 0xFFF
    assert arena.allocate(0x7FE, 0x4321) == 0xC801  # the C800h region joined up again


def test_arena_frees_a_umb_block_while_unlinked():
    _ram, arena = upper_arena()
    arena.set_link(True)
    arena.strategy = 0x40
    seg = arena.allocate(0x10, 0x1234)
    arena.set_link(False)
    arena.free(seg)  # a member of the whole chain, though the walk programs see ends at 9FFFh
    arena.set_link(True)
    assert arena.allocate(0x7FE, 0x1234) == 0xC801


def test_arena_refuses_upper_memory_when_the_top_is_taken():
    ram = GuestRam(0x110000)
    arena = Arena(ram, 0x100, 0xA000)
    arena.strategy = 2
    arena.allocate(0x10, 0x1234)  # last fit: the top of conventional memory is in use
    assert not arena.add_upper([(0xC800, 0xD000)])
    assert arena.link_seg is None


# -- state and configuration ------------------------------------------------------------------------------------

def test_save_and_load_round_trip(tmp_path):
    source = Machine({"C": str(tmp_path)}, settings={"DOS_UMB": "on"})
    target = Machine({"C": str(tmp_path)}, settings={"DOS_UMB": "on"})
    try:
        handle = xcall(source, 0x09, dx=64).dx
        xcall(source, 0x09, dx=0)
        lock = xcall(source, 0x0C, dx=handle)
        addr = (lock.dx << 16) | lock.bx
        source.ram.mem[addr:addr + 16] = b"saved EMB data!!"
        assert xcall(source, 0x01, dx=0xFFFF).ax == 1
        xcall(source, 0x05)
        state = source.vdd("VXMS").save()
        source.close()
        gc.collect()

        before = POOL.in_use()
        target.vdd("VXMS").load(state)
        assert POOL.in_use() == before + 64
        assert target.vdh.a20()
        info = xcall(target, 0x0E, dx=handle)
        assert (info.ax, info.bh, info.dx) == (1, 1, 64)
        assert (xcall(target, 0x01, dx=0xFFFF).bl, xcall(target, 0x06).ax) == (0x91, 1)  # HMA taken; A20 count 1
        assert xcall(target, 0x0E, dx=handle + 1).ax == 1  # the 0 KiB block came back too
        # Move the block into conventional memory with the driver and find the data there.
        move = 0x7000
        target.ram.mem[move:move + 16] = struct.pack("<IHIHI", 16, handle, 0, 0, 0x08000000)
        assert xcall(target, 0x0B, ds=0, si=move).ax == 1
        assert bytes(target.ram.mem[0x8000:0x8000 + 16]) == b"saved EMB data!!"
        assert target.vdd("VXMS").save()["embs"] == state["embs"]
    finally:
        target.close()


@pytest.mark.parametrize("line", ["VXMS /XMMLIMIT=16384", "VXMS /XMMLIMIT=a,b", "VXMS /UMB=1",
                                  "VXMS /HMAMIN=64", "VXMS /NUMHANDLES=129", "VXMS /UMB /NOUMB", "VXMS /FOO"])
def test_bad_options_stop_the_session(vxms_lines, line):
    with pytest.raises(UsageError):
        Machine({}, vdds=[line])


@pytest.mark.parametrize("setting", [{"XMS_HANDLES": 129}, {"XMS_MINIMUM_HMA": 64}, {"XMS_MEMORY_LIMIT": -1},
                                     {"DOS_UMB": "maybe"}, {"DOS_HIGH": 2}])
def test_bad_settings_stop_the_session(setting):
    with pytest.raises(UsageError):
        Machine({}, settings=setting)


def test_vxms_is_in_every_session_and_declares_its_settings():
    assert "VXMS" in machine_module.BASE_VDDS
    assert {"XMS_MEMORY_LIMIT", "XMS_HANDLES", "XMS_MINIMUM_HMA", "DOS_HIGH", "DOS_UMB"} <= set(Vxms.settings)
    assert {"XMMLIMIT", "HMAMIN", "NUMHANDLES", "UMB", "NOUMB"} <= set(Vxms.options)
