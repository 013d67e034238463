"""The instruction set translator interface: what every CPU engine offers the monitor.

An engine runs guest code until something needs the monitor and then returns an
`Exit`. Software interrupts and CPU exceptions do not leave the engine: it calls
the monitor's `on_interrupt` hook in place, which either serves the call at once
(the fast path) or asks the engine to dispatch it through the guest's IVT. Port
I/O also calls the monitor in place. Only the SVC gate, HLT, a stop request and
faults the engine cannot continue from end a `run`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

# Register slots, shared by every engine so that a Registers view works on all.
EAX, EBX, ECX, EDX, ESI, EDI, EBP, ESP, EIP, EFLAGS, CS, DS, ES, SS, FS, GS = range(16)
REG_COUNT = 16

# FLAGS bits
CF, PF, AF, ZF, SF, TF, IF, DF, OF = 0x1, 0x4, 0x10, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800
ARITH_FLAGS = CF | PF | AF | ZF | SF | OF


class ExitReason(enum.Enum):
    SVC = "svc"  # the call gate HLT nn ~nn was executed; Exit.number = nn
    HALT = "halt"  # a plain HLT: the CPU waits for an interrupt
    SLICE = "slice"  # a stop was requested (timer, monitor) or the budget ran out
    FAULT = "fault"  # the engine cannot go on (unmapped fetch, unhandled opcode)


@dataclass(slots=True)
class Exit:
    reason: ExitReason
    number: int = 0
    detail: str = ""


def _reg32(slot: int) -> property:
    def get(self: Registers) -> int:
        return self.v[slot] & 0xFFFFFFFF

    def set(self: Registers, value: int) -> None:
        self.v[slot] = value & 0xFFFFFFFF
        self.dirty = True

    return property(get, set)


def _reg16(slot: int) -> property:
    def get(self: Registers) -> int:
        return self.v[slot] & 0xFFFF

    def set(self: Registers, value: int) -> None:
        v = self.v
        v[slot] = (v[slot] & 0xFFFF0000) | (value & 0xFFFF)
        self.dirty = True

    return property(get, set)


def _reg8(slot: int, shift: int) -> property:
    mask = 0xFF << shift

    def get(self: Registers) -> int:
        return (self.v[slot] >> shift) & 0xFF

    def set(self: Registers, value: int) -> None:
        v = self.v
        v[slot] = (v[slot] & ~mask & 0xFFFFFFFF) | ((value & 0xFF) << shift)
        self.dirty = True

    return property(get, set)


class Registers:
    """A view of the CPU registers over an engine's register array.

    `v` is the array the engine reads and writes in one batch; this view only
    slices it, and records whether anything was changed so that the engine
    writes registers back only when needed.
    """

    __slots__ = ("v", "dirty")

    def __init__(self, values) -> None:
        self.v = values
        self.dirty = False

    eax, ebx, ecx, edx = _reg32(EAX), _reg32(EBX), _reg32(ECX), _reg32(EDX)
    esi, edi, ebp, esp = _reg32(ESI), _reg32(EDI), _reg32(EBP), _reg32(ESP)
    eip, eflags = _reg32(EIP), _reg32(EFLAGS)
    ax, bx, cx, dx = _reg16(EAX), _reg16(EBX), _reg16(ECX), _reg16(EDX)
    si, di, bp, sp = _reg16(ESI), _reg16(EDI), _reg16(EBP), _reg16(ESP)
    ip, flags = _reg16(EIP), _reg16(EFLAGS)
    al, bl, cl, dl = _reg8(EAX, 0), _reg8(EBX, 0), _reg8(ECX, 0), _reg8(EDX, 0)
    ah, bh, ch, dh = _reg8(EAX, 8), _reg8(EBX, 8), _reg8(ECX, 8), _reg8(EDX, 8)
    cs, ds, es, ss = _reg16(CS), _reg16(DS), _reg16(ES), _reg16(SS)
    fs, gs = _reg16(FS), _reg16(GS)

    @property
    def cf(self) -> bool:
        return bool(self.v[EFLAGS] & CF)

    @cf.setter
    def cf(self, on: bool) -> None:
        self.set_flag(CF, on)

    @property
    def zf(self) -> bool:
        return bool(self.v[EFLAGS] & ZF)

    @zf.setter
    def zf(self, on: bool) -> None:
        self.set_flag(ZF, on)

    def set_flag(self, bit: int, on: bool) -> None:
        if on:
            self.v[EFLAGS] |= bit
        else:
            self.v[EFLAGS] &= ~bit & 0xFFFFFFFF
        self.dirty = True

    def as_dict(self) -> dict[str, int]:
        names = ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eip", "eflags",
                 "cs", "ds", "es", "ss", "fs", "gs")
        return {n: getattr(self, n) for n in names}


class InterruptHook(Protocol):
    def __call__(self, vector: int, software: bool) -> None: ...


class Engine(Protocol):
    """What the monitor needs from an instruction set translator."""

    name: str
    mem: memoryview
    # Set by the monitor: called in place for INT n and CPU exceptions, and for port I/O.
    on_interrupt: InterruptHook
    on_io_read: Callable[[int, int], int]
    on_io_write: Callable[[int, int, int], None]

    def regs(self) -> Registers: ...
    def commit(self) -> None: ...
    def set_regs(self, **values: int) -> None: ...
    def run(self) -> Exit: ...
    def stop(self) -> None: ...
    def interrupt(self, vector: int) -> None: ...
    def set_a20(self, enabled: bool) -> None: ...
    def invalidate(self, start: int, end: int) -> None: ...
    def map_mmio(self, start: int, size: int, read, write) -> None: ...
    # Show a file's pages (fd, offset) at guest RAM [start, start+size), or the
    # range's own RAM again with fd None; at once, for the guest and `mem` alike.
    def map_window(self, start: int, size: int, fd: int | None = None, offset: int = 0) -> None: ...
    # Show host memory (a ctypes buffer of at least `size` bytes, kept alive by the engine) at
    # guest physical [start, start+size), outside guest RAM: a device's memory such as a framebuffer.
    def map_host_memory(self, start: int, size: int, buffer) -> None: ...
    def close(self) -> None: ...
