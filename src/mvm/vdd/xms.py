"""VXMS: extended memory (XMS 3.0) for DOS programs: the HMA, the A20 line, EMBs and UMBs.

Programs find the driver as they find HIMEM.SYS: INT 2Fh/4300h answers AL=80h,
INT 2Fh/4310h gives ES:BX = its entry point, and a far call to that entry with
AH = the function does the work. The entry is a ROM stub that starts with the
short jump and three NOPs the specification asks for (so programs can hook the
driver), then an SVC gate and RETF.

Every session has its own driver and its own memory:

- Extended memory blocks (EMBs) live in the session's guest RAM above the HMA
  (110000h up to the RAM size, 16 MiB by default), so the 32-bit address that
  lock (0Ch) returns is real: a protected-mode program finds the data there.
  Unlocked blocks may be moved to make room (a compaction), locked ones never.
- A move (0Bh) is one memoryview slice assignment (memmove semantics: every
  overlap works, so A8h is never needed). Handle 0 means a real-mode seg:off.
- A20 (03h-07h) really switches the 1 MiB wrap through the machine; local
  enables are counted.
- The HMA (01h/02h) goes to the first program that asks with at least
  XMS_MINIMUM_HMA (/HMAMIN=) KiB; with DOS_HIGH=ON DOS holds it (91h).
- UMBs come from C800h-EFFFh minus the EMS driver's windows (VEMM's
  `reserved_ranges`: its page frame, D000h by default, and its high OS map
  region), found when the session starts its first program. /UMB gives
  them to programs through 10h-12h; DOS_UMB=ON gives them all to DOS instead
  (as DOS=UMB does: linked into the MCB chain behind a link block at 9FFFh,
  INT 21h/5803h links them, allocation strategies 40h/80h reach them).
  /NOUMB (the default, as on OS/2, unless DOS_UMB=ON) has none: 10h says 80h.

Limits (/XMMLIMIT=g,i, XMS_MEMORY_LIMIT, XMS_HANDLES): a session holds at most
i KiB (XMS_MEMORY_LIMIT overrides i) in at most XMS_HANDLES blocks, and all
sessions together hold at most g KiB. The global count is kept by `POOL`:
sessions of one process share it in memory; processes share a small ledger file
(one slot per process: pid and KiB) under a POSIX record lock. The ledger is an
unlinked temporary file made by the first session of a process, so processes
forked after that (the server forks every session from a fork server that has
built a session already) share it; MVM_XMS_POOL=path names a file instead, for
processes that are not related. A slot of a process that no longer exists is
dropped at the next allocation, so a killed session frees its share; a session
whose machine was closed (or collected) gives its share back too.
"""

from __future__ import annotations

import functools
import itertools
import os
import struct
import tempfile
import threading
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: one process, no shared ledger
    fcntl = None  # type: ignore[assignment]

from ..errors import UsageError
from ..ist import Registers
from ..ist.memory import HMA_END, MIB
from ..settings import Setting
from ..vdh import Vdd, Vdh

ROM_SEG = 0xF000
KIB = 1024
MAX_KIB = 0x3FFFFF  # XMS 3.0 sizes are 32-bit KiB counts; 4 GiB - 1 KiB is plenty
XMS_VERSION = 0x0300
DRIVER_REVISION = 0x0300
ENTRY_HEADER = b"\xeb\x03\x90\x90\x90"  # jmp short $+5; nop; nop; nop: the hookable start
MAX_LOCKS = 255

# Error codes (BL), as XMS 3.0 numbers them.
NOT_IMPLEMENTED = 0x80
HMA_MISSING = 0x90
HMA_IN_USE = 0x91
HMA_TOO_SMALL = 0x92
HMA_NOT_ALLOCATED = 0x93
A20_STILL_ENABLED = 0x94
OUT_OF_MEMORY = 0xA0
OUT_OF_HANDLES = 0xA1
BAD_HANDLE = 0xA2
BAD_SOURCE_HANDLE = 0xA3
BAD_SOURCE_OFFSET = 0xA4
BAD_DEST_HANDLE = 0xA5
BAD_DEST_OFFSET = 0xA6
BAD_LENGTH = 0xA7
NOT_LOCKED = 0xAA
BLOCK_LOCKED = 0xAB
LOCK_OVERFLOW = 0xAC
UMB_SMALLER = 0xB0
UMB_NONE = 0xB1
UMB_BAD_SEGMENT = 0xB2

# Upper memory: from the end of the video BIOS to the system ROM. The EMS page
# frame sits in here too (D000h by default), and is left out.
UPPER_AREA = (0xC800, 0xF000)
DEFAULT_EMS_FRAME = (0xD000, 0xE000)

DEFAULT_LIMITS = "16384,2048"  # OS/2's: 16 MiB for all sessions, 2 MiB each


# -- options that are not plain numbers ------------------------------------------------------------
class _LimitPair(Setting):
    """/XMMLIMIT=g,i: two KiB counts."""

    def check(self, name: str, text: object) -> str:
        value = str(text).strip()
        parts = value.split(",")
        try:
            numbers = [int(p, 0) for p in parts]
        except ValueError:
            numbers = []
        if len(numbers) != 2 or not all(0 <= n <= MAX_KIB for n in numbers):
            raise UsageError(f"bad option {name}={value}: use GLOBAL,SESSION in KiB, e.g. {DEFAULT_LIMITS}")
        return f"{numbers[0]},{numbers[1]}"

    @property
    def describe_type(self) -> str:
        return "KiB,KiB"


class _Flag(Setting):
    """A bare switch such as /UMB: it takes no value."""

    def check(self, name: str, text: object) -> str:
        if str(text).strip():
            raise UsageError(f"bad option {name}={text}: it takes no value")
        return "1"

    @property
    def describe_type(self) -> str:
        return "flag"


def _limits(text: str) -> tuple[int, int]:
    g, i = text.split(",")
    return int(g), int(i)


# -- the accountant shared by all sessions ------------------------------------------------------------
_SLOT = struct.Struct("<II")  # pid, KiB
_SLOTS = 1024
_LEDGER_SIZE = _SLOT.size * _SLOTS


def _ram_open(ram_ref: weakref.ref) -> bool:
    """The session's guest RAM still exists (Machine.close releases it)."""
    ram = ram_ref()
    if ram is None:
        return False
    try:
        return ram.mem.nbytes > 0
    except ValueError:  # a released memoryview: the machine was closed
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class XmsPool:
    """KiB of extended memory held by every session, against the global limit.

    In this process: KiB per session key. Across processes: a ledger file with
    one slot per process, read and written under a POSIX record lock (which a
    dead process cannot keep), so a session sees what the others hold.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[int, int] = {}  # session key -> KiB, this process
        self._alive: dict[int, Callable[[], bool]] = {}  # session key -> does the session still exist
        self._fd: int | None = None
        self._pid = os.getpid()

    def _after_fork(self) -> None:
        # A forked process holds nothing yet; the ledger file stays shared.
        self._lock = threading.Lock()
        self._held = {}
        self._alive = {}
        self._pid = os.getpid()

    def register(self, key: int, alive: Callable[[], bool]) -> None:
        """Session `key` exists while `alive()` says so; after that its share is dropped."""
        with self._lock:
            self._alive[key] = alive

    def _drop_ended(self) -> None:
        """Forget sessions that ended (their machine closed) without freeing their blocks."""
        for key in [k for k, alive in self._alive.items() if not alive()]:
            self._alive.pop(key, None)
            self._held.pop(key, None)

    def attach(self) -> None:
        """Open the ledger now, so that processes forked from this one share it."""
        with self._lock:
            self._ledger()

    def _ledger(self) -> int | None:
        if self._fd is None and fcntl is not None:
            path = os.environ.get("MVM_XMS_POOL")
            if path:
                self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            else:
                handle = tempfile.TemporaryFile(prefix="mvm-xms-")
                self._fd = os.dup(handle.fileno())
                handle.close()
        return self._fd

    @contextmanager
    def _locked(self):
        with self._lock:
            self._drop_ended()
            fd = self._ledger()
            if fd is not None:
                fcntl.lockf(fd, fcntl.LOCK_EX)
            try:
                yield fd
            finally:
                if fd is not None:
                    fcntl.lockf(fd, fcntl.LOCK_UN)

    def _others(self, fd: int | None) -> int:
        """KiB held by other live processes; slots of dead ones are cleared on the way."""
        if fd is None:
            return 0
        data = os.pread(fd, _LEDGER_SIZE, 0).ljust(_LEDGER_SIZE, b"\0")
        total = 0
        for i in range(_SLOTS):
            pid, kib = _SLOT.unpack_from(data, i * _SLOT.size)
            if not pid or pid == self._pid:
                continue
            if _alive(pid):
                total += kib
            else:
                os.pwrite(fd, _SLOT.pack(0, 0), i * _SLOT.size)
        return total

    def _publish(self, fd: int | None) -> None:
        """Write this process's total into its slot (taking a free one the first time)."""
        if fd is None:
            return
        mine = sum(self._held.values())
        data = os.pread(fd, _LEDGER_SIZE, 0).ljust(_LEDGER_SIZE, b"\0")
        free = None
        for i in range(_SLOTS):
            pid, _kib = _SLOT.unpack_from(data, i * _SLOT.size)
            if pid == self._pid:
                os.pwrite(fd, _SLOT.pack(self._pid if mine else 0, mine), i * _SLOT.size)
                return
            if pid == 0 and free is None:
                free = i
        if mine and free is not None:
            os.pwrite(fd, _SLOT.pack(self._pid, mine), free * _SLOT.size)

    def in_use(self) -> int:
        """KiB held by all sessions of all processes."""
        with self._locked() as fd:
            return self._others(fd) + sum(self._held.values())

    def reserve(self, key: int, kib: int, limit: int, force: bool = False) -> bool:
        """Take `kib` more for session `key` if all sessions then hold at most `limit`."""
        if kib <= 0:
            return True
        with self._locked() as fd:
            if not force and self._others(fd) + sum(self._held.values()) + kib > limit:
                return False
            self._held[key] = self._held.get(key, 0) + kib
            self._publish(fd)
            return True

    def release(self, key: int, kib: int) -> None:
        if kib <= 0:
            return
        with self._locked() as fd:
            left = self._held.get(key, 0) - kib
            if left > 0:
                self._held[key] = left
            else:
                self._held.pop(key, None)
            self._publish(fd)

    def release_all(self, key: int) -> None:
        """Everything session `key` held (its VDD is gone)."""
        with self._locked() as fd:
            self._alive.pop(key, None)
            if self._held.pop(key, None) is not None:
                self._publish(fd)


POOL = XmsPool()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=POOL._after_fork)
_KEYS = itertools.count(1)


class XmsFailure(Exception):
    """A function's error code (BL, with AX = 0)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


# -- extended memory blocks ---------------------------------------------------------------------------
@dataclass(eq=False)
class Emb:
    """One extended memory block: where it is in guest RAM, its size and lock count."""

    addr: int
    kib: int
    locks: int = 0

    @property
    def size(self) -> int:
        return self.kib * KIB

    @property
    def end(self) -> int:
        return self.addr + self.size


def _first_fit(taken: list[tuple[int, int]], size: int, start: int, end: int) -> int | None:
    """The lowest address in [start, end) where `size` bytes miss every range in `taken`."""
    cur = start
    for lo, hi in sorted(taken):
        if lo - cur >= size:
            return cur
        cur = max(cur, hi)
    return cur if end - cur >= size else None


def _largest_gap(taken: list[tuple[int, int]], start: int, end: int) -> int:
    cur, best = start, 0
    for lo, hi in sorted(taken):
        best = max(best, lo - cur)
        cur = max(cur, hi)
    return max(best, end - cur)


class ExtendedArea:
    """The session's extended memory [start, end) in guest RAM, cut into EMBs.

    Placement is first fit. When no gap is large enough but the free space is,
    the unlocked blocks are slid down (each to the lowest place it fits, in
    address order, so every move goes down and a memmove suffices).
    """

    def __init__(self, mem: memoryview, start: int, end: int) -> None:
        self.mem = mem
        self.start = start
        self.end = max(start, end)

    @property
    def size(self) -> int:
        return self.end - self.start

    @staticmethod
    def _ranges(blocks, skip: Emb | None = None) -> list[tuple[int, int]]:
        return [(b.addr, b.end) for b in blocks if b is not skip and b.kib]

    def place(self, blocks, size: int, skip: Emb | None = None) -> int | None:
        if size == 0:
            return self.start
        return _first_fit(self._ranges(blocks, skip), size, self.start, self.end)

    def _plan(self, blocks) -> tuple[list[tuple[Emb, int]], list[tuple[int, int]]]:
        """Where compaction would put each unlocked block, and the ranges then taken."""
        taken = [(b.addr, b.end) for b in blocks if b.locks and b.kib]
        moves = []
        for b in sorted((b for b in blocks if not b.locks and b.kib), key=lambda b: b.addr):
            target = _first_fit(taken, b.size, self.start, self.end)
            target = b.addr if target is None else target  # cannot happen: its own place fits
            moves.append((b, target))
            taken.append((target, target + b.size))
        return moves, taken

    def largest_possible(self, blocks) -> int:
        """The largest block that could be placed, after a compaction if need be."""
        _moves, taken = self._plan(blocks)
        return _largest_gap(taken, self.start, self.end)

    def compact(self, blocks) -> None:
        moves, _taken = self._plan(blocks)
        mem = self.mem
        for b, target in moves:
            if target != b.addr:
                mem[target:target + b.size] = mem[b.addr:b.end]
                b.addr = target

    def free_bytes(self, blocks) -> int:
        return self.size - sum(b.size for b in blocks)

    def allocate(self, blocks, size: int) -> int | None:
        addr = self.place(blocks, size)
        if addr is None and self.largest_possible(blocks) >= size:
            self.compact(blocks)
            addr = self.place(blocks, size)
        return addr

    def grow(self, blocks, emb: Emb, size: int) -> bool:
        """Make `emb` `size` bytes, keeping its contents: in place, elsewhere, or after a compaction."""
        others = [b for b in blocks if b is not emb]
        after = [lo for lo, _hi in self._ranges(others) if lo >= emb.addr]
        if emb.kib and min(after, default=self.end) - emb.addr >= size:
            return True
        addr = self.place(others, size)
        if addr is not None:
            if emb.kib:  # the new place may overlap the old one: a memmove
                self.mem[addr:addr + emb.size] = self.mem[emb.addr:emb.end]
        else:
            if self.largest_possible(others) < size:
                return False
            # The others slide down over the block's old place: keep its contents aside.
            saved = bytes(self.mem[emb.addr:emb.end])
            self.compact(others)
            addr = self.place(others, size)
            if addr is None:  # pragma: no cover - largest_possible said it fits
                return False
            self.mem[addr:addr + len(saved)] = saved
        emb.addr = addr
        return True


# -- upper memory blocks -------------------------------------------------------------------------------
def _subtract(ranges: list[tuple[int, int]], cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for lo, hi in ranges:
        pieces = [(lo, hi)]
        for clo, chi in cut:
            pieces = [p for a, b in pieces for p in ((a, min(b, clo)), (max(a, chi), b)) if p[0] < p[1]]
        out.extend(pieces)
    return sorted(out)


def _ems_ranges(machine) -> list[tuple[int, int]]:
    """Paragraph ranges of upper memory the EMS driver (VEMM) uses for its windows, if it is loaded."""
    for vdd in machine.vdds:
        if vdd.name != "VEMM":
            continue
        reserved = getattr(vdd, "reserved_ranges", None)
        if callable(reserved):
            return [(lo >> 4, (hi + 15) >> 4) for lo, hi in reserved()]
        return [DEFAULT_EMS_FRAME]  # an EMS driver that does not say: keep off its usual frame
    return []


def upper_regions(machine) -> list[tuple[int, int]]:
    """The paragraph ranges [start, end) that can be upper memory blocks in this session."""
    return [(lo, hi) for lo, hi in _subtract([UPPER_AREA], _ems_ranges(machine)) if hi - lo >= 2]


class UpperMemory:
    """UMBs handed out by XMS 10h-12h: segment -> paragraphs, inside fixed regions."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        self.regions = list(regions)
        self.blocks: dict[int, int] = {}

    def extents(self) -> list[tuple[int, int]]:
        """The free ranges."""
        return _subtract(self.regions, sorted((s, s + n) for s, n in self.blocks.items()))

    def largest(self) -> int:
        return max((hi - lo for lo, hi in self.extents()), default=0)

    def allocate(self, paras: int) -> int | None:
        for lo, hi in self.extents():
            if hi - lo >= paras:
                self.blocks[lo] = paras
                return lo
        return None

    def room(self, seg: int) -> int:
        """The most paragraphs the block at `seg` can have without moving."""
        end = seg + self.blocks[seg]
        for lo, hi in self.extents():
            if lo == end:
                end = hi
        return end - seg


# -- the VDD -----------------------------------------------------------------------------------------------
class Vxms(Vdd):
    """The XMS 3.0 driver of one session."""

    name = "VXMS"
    settings = {
        "XMS_MEMORY_LIMIT": Setting("XMS_MEMORY_LIMIT", "int", 2048, "KiB of extended memory blocks this "
                                    "session may hold (overrides VXMS /XMMLIMIT's second number)", 0, MAX_KIB),
        "XMS_HANDLES": Setting("XMS_HANDLES", "int", 32, "extended memory block handles (XMS)", 0, 128),
        "XMS_MINIMUM_HMA": Setting("XMS_MINIMUM_HMA", "int", 0, "KiB a program must ask for to get the HMA",
                                   0, 63),
        "DOS_HIGH": Setting("DOS_HIGH", "bool", "0", "DOS holds the HMA (XMS 01h then says 91h: in use)"),
        "DOS_UMB": Setting("DOS_UMB", "bool", "0", "DOS owns the upper memory blocks: they join its MCB "
                           "chain (INT 21h/5803h links them, LOADHIGH-style loading reaches them)"),
    }
    options = {
        "XMMLIMIT": _LimitPair("XMMLIMIT", "str", DEFAULT_LIMITS, "KiB for all sessions, and per session"),
        "HMAMIN": Setting("HMAMIN", "int", 0, "KiB a program must ask for to get the HMA", 0, 63),
        "NUMHANDLES": Setting("NUMHANDLES", "int", 32, "EMB handles per session", 0, 128),
        "UMB": _Flag("UMB", "str", "", "make upper memory blocks for programs (XMS 10h)"),
        "NOUMB": _Flag("NOUMB", "str", "", "no upper memory blocks (the default)"),
    }

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        self._configure(vdh.machine.settings, self.option_values)
        self.ram = vdh.ram
        self.mem = vdh.ram.mem
        self.area = ExtendedArea(self.mem, HMA_END, vdh.ram.size)
        self.embs: dict[int, Emb] = {}
        self.hma_owner = "dos" if self.dos_high else None
        self.global_a20 = False
        self.local_a20 = 0
        self.umbs: UpperMemory | None = None
        self.umbs_to_dos = False
        self._upper_ready = False
        self._key = next(_KEYS)
        # A session's share goes back when its machine is closed or collected.
        POOL.register(self._key, functools.partial(_ram_open, weakref.ref(vdh.ram)))
        weakref.finalize(self, POOL.release_all, self._key)
        POOL.attach()
        self.entry = vdh.rom_alloc(ENTRY_HEADER + vdh.svc(self.call) + b"\xcb")
        vdh.hook_multiplex(0x43, self.int2f)
        self._table = {
            0x00: self.f00_version, 0x01: self.f01_request_hma, 0x02: self.f02_release_hma,
            0x03: self.f03_global_enable, 0x04: self.f04_global_disable, 0x05: self.f05_local_enable,
            0x06: self.f06_local_disable, 0x07: self.f07_query_a20, 0x08: self.f08_query_free,
            0x09: self.f09_allocate, 0x0A: self.f0a_free, 0x0B: self.f0b_move, 0x0C: self.f0c_lock,
            0x0D: self.f0d_unlock, 0x0E: self.f0e_info, 0x0F: self.f0f_reallocate,
            0x10: self.f10_request_umb, 0x11: self.f11_release_umb, 0x12: self.f12_reallocate_umb,
            0x88: self.f88_query_free, 0x89: self.f89_allocate, 0x8E: self.f8e_info,
            0x8F: self.f8f_reallocate,
        }

    def _configure(self, settings: dict[str, str], options: dict[str, str]) -> None:
        """Limits from the options, overridden by this session's DOS settings."""
        if "UMB" in options and "NOUMB" in options:
            raise UsageError("VXMS: /UMB and /NOUMB contradict each other")
        self.global_limit, per_session = _limits(options.get("XMMLIMIT", DEFAULT_LIMITS))
        self.session_limit = int(settings.get("XMS_MEMORY_LIMIT", per_session))
        self.max_handles = int(settings.get("XMS_HANDLES", options.get("NUMHANDLES", 32)))
        self.hma_min = int(settings.get("XMS_MINIMUM_HMA", options.get("HMAMIN", 0))) * KIB
        self.dos_high = settings.get("DOS_HIGH", "0") == "1"
        dos_umb = settings.get("DOS_UMB", "0") == "1"
        if "NOUMB" in options or not ("UMB" in options or dos_umb):
            self.umb_mode = "none"
        else:
            self.umb_mode = "dos" if dos_umb else "xms"

    def reset(self) -> None:
        self._prepare_upper()

    def _prepare_upper(self) -> None:
        """Find the upper memory once every VDD is set up (the EMS frame must be known)."""
        if self._upper_ready:
            return
        self._upper_ready = True
        if self.umb_mode == "none":
            return
        machine = self.vdh.machine
        regions = upper_regions(machine)
        if self.umb_mode == "dos":
            link = getattr(getattr(machine, "dos", None), "link_upper_memory", None)
            if link is not None and link(regions):
                self.umbs = UpperMemory([])  # DOS has them all, as under DOS=UMB
                self.umbs_to_dos = True
                return
        self.umbs = UpperMemory(regions)

    # -- entry points ------------------------------------------------------------------------------------
    def int2f(self, r: Registers) -> None:
        if r.al == 0x00:
            r.al = 0x80  # installed
        elif r.al == 0x10:
            r.es, r.bx = ROM_SEG, self.entry

    def call(self, r: Registers) -> None:
        fn = self._table.get(r.ah)
        if fn is None:
            self._fail(r, NOT_IMPLEMENTED)
            return
        try:
            fn(r)
        except XmsFailure as failure:
            self._fail(r, failure.code)

    @staticmethod
    def _ok(r: Registers) -> None:
        r.ax = 1
        r.bl = 0

    @staticmethod
    def _fail(r: Registers, code: int) -> None:
        r.ax = 0
        r.bl = code

    # -- version, HMA, A20 ---------------------------------------------------------------------------------
    def f00_version(self, r: Registers) -> None:
        r.ax = XMS_VERSION
        r.bx = DRIVER_REVISION
        r.dx = 1  # the HMA exists: guest RAM always covers it

    def f01_request_hma(self, r: Registers) -> None:
        if self.hma_owner is not None:
            self._fail(r, HMA_IN_USE)
        elif r.dx < self.hma_min:
            self._fail(r, HMA_TOO_SMALL)
        else:
            self.hma_owner = "program"
            self._ok(r)

    def f02_release_hma(self, r: Registers) -> None:
        if self.hma_owner != "program":
            self._fail(r, HMA_NOT_ALLOCATED)
        else:
            self.hma_owner = None
            self._ok(r)

    def f03_global_enable(self, r: Registers) -> None:
        self.global_a20 = True
        self.vdh.set_a20(True)
        self._ok(r)

    def f04_global_disable(self, r: Registers) -> None:
        self.global_a20 = False
        if self.local_a20:
            self._fail(r, A20_STILL_ENABLED)  # local enables still count
            return
        self.vdh.set_a20(False)
        self._ok(r)

    def f05_local_enable(self, r: Registers) -> None:
        self.local_a20 += 1
        self.vdh.set_a20(True)
        self._ok(r)

    def f06_local_disable(self, r: Registers) -> None:
        if self.local_a20:
            self.local_a20 -= 1
        if self.local_a20 or self.global_a20:
            self._fail(r, A20_STILL_ENABLED)
            return
        self.vdh.set_a20(False)
        self._ok(r)

    def f07_query_a20(self, r: Registers) -> None:
        r.ax = 1 if self.vdh.a20() else 0
        r.bl = 0

    # -- free memory ----------------------------------------------------------------------------------------
    @property
    def used_kib(self) -> int:
        return sum(b.kib for b in self.embs.values())

    def free_kib(self) -> tuple[int, int]:
        """(largest block, total) that this session could allocate now, in KiB."""
        blocks = list(self.embs.values())
        total = min(self.area.free_bytes(blocks) // KIB, max(0, self.session_limit - self.used_kib),
                    max(0, self.global_limit - POOL.in_use()))
        return min(self.area.largest_possible(blocks) // KIB, total), total

    def f08_query_free(self, r: Registers) -> None:
        largest, total = self.free_kib()
        r.ax, r.dx = min(largest, 0xFFFF), min(total, 0xFFFF)
        r.bl = 0 if total else OUT_OF_MEMORY

    def f88_query_free(self, r: Registers) -> None:
        largest, total = self.free_kib()
        r.eax, r.edx = largest, total
        r.ecx = self.ram.size - 1  # the highest address of any block
        r.bl = 0 if total else OUT_OF_MEMORY

    # -- allocate, free, reallocate ---------------------------------------------------------------------------
    def _free_handles(self) -> int:
        return max(0, self.max_handles - len(self.embs))

    def _free_handle(self) -> int | None:
        for handle in range(1, self.max_handles + 1):
            if handle not in self.embs:
                return handle
        return None

    def _may_take(self, kib: int) -> bool:
        """The session limit and the global pool allow `kib` more (reserved on success)."""
        if self.used_kib + kib > self.session_limit:
            return False
        return POOL.reserve(self._key, kib, self.global_limit)

    def _allocate(self, r: Registers, kib: int) -> None:
        handle = self._free_handle()
        if handle is None:
            self._fail(r, OUT_OF_HANDLES)
            return
        blocks = list(self.embs.values())
        size = kib * KIB
        if kib > MAX_KIB or (kib and self.area.largest_possible(blocks) < size) or not self._may_take(kib):
            self._fail(r, OUT_OF_MEMORY)
            return
        addr = self.area.allocate(blocks, size)
        if addr is None:  # pragma: no cover - largest_possible said it fits
            POOL.release(self._key, kib)
            self._fail(r, OUT_OF_MEMORY)
            return
        self.embs[handle] = Emb(addr, kib)
        self._ok(r)
        r.dx = handle

    def f09_allocate(self, r: Registers) -> None:
        self._allocate(r, r.dx)

    def f89_allocate(self, r: Registers) -> None:
        self._allocate(r, r.edx)

    def f0a_free(self, r: Registers) -> None:
        emb = self.embs.get(r.dx)
        if emb is None:
            self._fail(r, BAD_HANDLE)
        elif emb.locks:
            self._fail(r, BLOCK_LOCKED)
        else:
            del self.embs[r.dx]
            POOL.release(self._key, emb.kib)
            self._ok(r)

    def _reallocate(self, r: Registers, handle: int, kib: int) -> None:
        emb = self.embs.get(handle)
        if emb is None:
            self._fail(r, BAD_HANDLE)
            return
        if emb.locks:
            self._fail(r, BLOCK_LOCKED)
            return
        if kib <= emb.kib:
            POOL.release(self._key, emb.kib - kib)
            emb.kib = kib
            self._ok(r)
            return
        blocks = list(self.embs.values())
        others = [b for b in blocks if b is not emb]
        fits = kib <= MAX_KIB and self.area.largest_possible(others) >= kib * KIB
        if not fits or not self._may_take(kib - emb.kib):
            self._fail(r, OUT_OF_MEMORY)
            return
        if not self.area.grow(blocks, emb, kib * KIB):  # pragma: no cover - checked above
            POOL.release(self._key, kib - emb.kib)
            self._fail(r, OUT_OF_MEMORY)
            return
        emb.kib = kib
        self._ok(r)

    def f0f_reallocate(self, r: Registers) -> None:
        self._reallocate(r, r.dx, r.bx)

    def f8f_reallocate(self, r: Registers) -> None:
        self._reallocate(r, r.dx, r.ebx)

    # -- lock, unlock, information ---------------------------------------------------------------------------
    def f0c_lock(self, r: Registers) -> None:
        emb = self.embs.get(r.dx)
        if emb is None:
            self._fail(r, BAD_HANDLE)
        elif emb.locks >= MAX_LOCKS:
            self._fail(r, LOCK_OVERFLOW)
        else:
            emb.locks += 1
            r.ax = 1
            r.dx, r.bx = emb.addr >> 16, emb.addr & 0xFFFF

    def f0d_unlock(self, r: Registers) -> None:
        emb = self.embs.get(r.dx)
        if emb is None:
            self._fail(r, BAD_HANDLE)
        elif not emb.locks:
            self._fail(r, NOT_LOCKED)
        else:
            emb.locks -= 1
            self._ok(r)

    def f0e_info(self, r: Registers) -> None:
        emb = self.embs.get(r.dx)
        if emb is None:
            self._fail(r, BAD_HANDLE)
            return
        r.ax = 1
        r.bh, r.bl = emb.locks, min(self._free_handles(), 0xFF)
        r.dx = min(emb.kib, 0xFFFF)

    def f8e_info(self, r: Registers) -> None:
        emb = self.embs.get(r.dx)
        if emb is None:
            self._fail(r, BAD_HANDLE)
            return
        r.ax = 1
        r.bh = emb.locks
        r.cx = self._free_handles()
        r.edx = emb.kib

    # -- move ------------------------------------------------------------------------------------------------
    def _end_point(self, handle: int, offset: int, length: int, bad_handle: int, bad_offset: int) -> int:
        """The linear address one side of a move starts at; XmsFailure when the side is wrong."""
        if handle == 0:
            addr = ((offset >> 16) << 4) + (offset & 0xFFFF)  # a real-mode seg:off
            if addr + length > self.ram.size:
                raise XmsFailure(BAD_LENGTH)
            return addr
        emb = self.embs.get(handle)
        if emb is None:
            raise XmsFailure(bad_handle)
        if offset >= emb.size:
            raise XmsFailure(bad_offset)
        if length > emb.size - offset:
            raise XmsFailure(BAD_LENGTH)
        return emb.addr + offset

    def f0b_move(self, r: Registers) -> None:
        """Move LENGTH bytes as the structure at DS:SI says: length, source handle/offset, dest handle/offset."""
        base = (r.ds << 4) + r.si
        if not self.vdh.a20():
            base &= MIB - 1
        length, src_handle, src_off, dst_handle, dst_off = struct.unpack_from("<IHIHI", self.mem, base)
        if length & 1:
            raise XmsFailure(BAD_LENGTH)
        src = self._end_point(src_handle, src_off, length, BAD_SOURCE_HANDLE, BAD_SOURCE_OFFSET)
        dst = self._end_point(dst_handle, dst_off, length, BAD_DEST_HANDLE, BAD_DEST_OFFSET)
        if length:
            mem = self.mem
            mem[dst:dst + length] = mem[src:src + length]
            if dst < HMA_END:  # code may run there: drop what the engine translated
                self.vdh.invalidate(dst, min(dst + length, HMA_END))
        r.ax = 1

    # -- upper memory blocks ------------------------------------------------------------------------------------
    def _upper(self, r: Registers) -> UpperMemory | None:
        self._prepare_upper()
        if self.umbs is None:
            self._fail(r, NOT_IMPLEMENTED)
        return self.umbs

    def f10_request_umb(self, r: Registers) -> None:
        umbs = self._upper(r)
        if umbs is None:
            return
        largest = umbs.largest()
        seg = umbs.allocate(r.dx) if r.dx else None
        if seg is None:
            self._fail(r, UMB_SMALLER if largest else UMB_NONE)
            r.dx = largest
            return
        r.ax, r.bx = 1, seg  # DX keeps the size asked for: the block has exactly that

    def f11_release_umb(self, r: Registers) -> None:
        umbs = self._upper(r)
        if umbs is None:
            return
        if umbs.blocks.pop(r.dx, None) is None:
            self._fail(r, UMB_BAD_SEGMENT)
            return
        self._ok(r)

    def f12_reallocate_umb(self, r: Registers) -> None:
        umbs = self._upper(r)
        if umbs is None:
            return
        if r.dx not in umbs.blocks:
            self._fail(r, UMB_BAD_SEGMENT)
            return
        room = umbs.room(r.dx)
        if r.bx > room:
            self._fail(r, UMB_SMALLER)
            r.dx = room
            return
        umbs.blocks[r.dx] = r.bx
        self._ok(r)

    # -- state ------------------------------------------------------------------------------------------------------
    def save(self) -> dict:
        """Handles (with their contents), locks, A20, the HMA's owner and the UMBs."""
        return {
            "embs": {h: {"addr": b.addr, "kib": b.kib, "locks": b.locks, "data": bytes(self.mem[b.addr:b.end])}
                     for h, b in self.embs.items()},
            "a20": {"global": self.global_a20, "local": self.local_a20, "line": self.vdh.a20()},
            "hma_owner": self.hma_owner,
            "umbs": None if self.umbs is None else {"regions": list(self.umbs.regions),
                                                     "blocks": dict(self.umbs.blocks)},
            "umbs_to_dos": self.umbs_to_dos,
            "upper_ready": self._upper_ready,
        }

    def load(self, state: dict) -> None:
        POOL.release(self._key, self.used_kib)
        self.embs = {}
        for handle, b in state.get("embs", {}).items():
            emb = Emb(int(b["addr"]), int(b["kib"]), int(b["locks"]))
            data = b["data"]
            self.mem[emb.addr:emb.addr + len(data)] = data
            self.embs[int(handle)] = emb
        # What the session held before it was saved is its own: take it back even past the limit.
        POOL.reserve(self._key, self.used_kib, self.global_limit, force=True)
        a20 = state.get("a20", {})
        self.global_a20 = bool(a20.get("global", False))
        self.local_a20 = int(a20.get("local", 0))
        self.vdh.set_a20(bool(a20.get("line", False)))
        self.hma_owner = state.get("hma_owner")
        umbs = state.get("umbs")
        if umbs is None:
            self.umbs = None
        else:
            self.umbs = UpperMemory([tuple(x) for x in umbs["regions"]])
            self.umbs.blocks = {int(k): int(v) for k, v in umbs["blocks"].items()}
        self.umbs_to_dos = bool(state.get("umbs_to_dos", False))
        self._upper_ready = bool(state.get("upper_ready", self.umbs is not None))
