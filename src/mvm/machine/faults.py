"""Reports of faults the guest could not handle: what, where, and the registers."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .machine import Machine

EXCEPTION_NAMES = {
    0: "divide error",
    1: "single step",
    3: "breakpoint",
    4: "overflow",
    5: "bound range exceeded",
    6: "invalid opcode",
    7: "coprocessor not available",
}

@functools.cache
def _disassembler():
    # Loaded on the first report only: importing capstone costs more than a whole
    # run of a small program.
    from capstone import CS_ARCH_X86, CS_MODE_16, Cs

    return Cs(CS_ARCH_X86, CS_MODE_16)


def disassemble(code: bytes, ip: int) -> str:
    for insn in _disassembler().disasm(code, ip, count=1):
        return f"{insn.mnemonic} {insn.op_str}".strip()
    return "(undecodable: " + code[:6].hex(" ") + ")"


def fault_report(machine: Machine, what: str) -> str:
    r = machine.engine.regs()
    lin = (r.cs << 4) + r.ip
    code = machine.ram.read(lin, 15) if lin + 15 <= machine.ram.size else b""
    lines = [
        f"session failed: {what} at {r.cs:04X}:{r.ip:04X}",
        f"  {r.cs:04X}:{r.ip:04X}  {code[:8].hex(' '):<24} {disassemble(code, r.ip) if code else '(unmapped)'}",
        f"  AX={r.ax:04X} BX={r.bx:04X} CX={r.cx:04X} DX={r.dx:04X} SI={r.si:04X} DI={r.di:04X}"
        f" BP={r.bp:04X} SP={r.sp:04X}",
        f"  CS={r.cs:04X} DS={r.ds:04X} ES={r.es:04X} SS={r.ss:04X} FS={r.fs:04X} GS={r.gs:04X}"
        f" IP={r.ip:04X} FLAGS={r.flags:04X}",
    ]
    return "\n".join(lines)
