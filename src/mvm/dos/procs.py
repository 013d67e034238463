"""Process calls: termination and return codes, the current PSP, INT 20h/22h-24h."""

from __future__ import annotations

from ..ist import Registers
from . import process
from .constants import SYSTEM_PSP, TERM_NORMAL, TERM_TSR


class ProcessCalls:
    FUNCTIONS = {
        0x00: "f00_terminate",
        0x4C: "f4c_exit",
        0x4D: "f4d_return_code",
        0x50: "f50_set_psp",
        0x51: "f51_get_psp",
        0x62: "f51_get_psp",
    }

    def terminate(self, r: Registers, code: int, how: int = TERM_NORMAL) -> None:
        """End the current process: free its memory, restore its vectors, return to its parent."""
        psp = self.current_psp
        base = psp << 4
        parent = self.ram.rw(base + process.PSP_PARENT)
        for n, off in ((0x22, process.PSP_INT22), (0x23, process.PSP_INT23), (0x24, process.PSP_INT24)):
            self.ram.wd(n * 4, self.ram.rd(base + off))
        if how != TERM_TSR:
            self.arena.free_owned_by(psp)
        self.return_code = (how << 8) | (code & 0xFF)
        self.current_psp = parent
        if parent == SYSTEM_PSP or parent == psp:
            self.machine.end_session("exited", code & 0xFF)
            return
        # Return to the parent through INT 22h with the parent's stack (EXEC is
        # the DOS kernel's own issue; a child can only exist once EXEC does).
        term = self.ram.rd(base + process.PSP_INT22)
        sssp = self.ram.rd((parent << 4) + process.PSP_SSSP)
        r.ss, r.sp = sssp >> 16, sssp & 0xFFFF
        r.cs, r.ip = term >> 16, term & 0xFFFF
        r.ds = r.es = parent

    def _terminated(self, r: Registers) -> None:
        # INT 22h default target: reached only if a program ends with no parent to resume.
        self.machine.end_session("exited", self.return_code & 0xFF)

    def int20(self, r: Registers) -> None:
        self.terminate(r, 0)

    def int24(self, r: Registers) -> None:
        r.al = 3  # fail the call: the program gets an error code

    def f00_terminate(self, r: Registers) -> None:
        self.terminate(r, 0)

    def f4c_exit(self, r: Registers) -> None:
        self.terminate(r, r.al)

    def f4d_return_code(self, r: Registers) -> None:
        r.ax = self.return_code
        self.return_code = 0
        r.cf = False

    def f50_set_psp(self, r: Registers) -> None:
        self.current_psp = r.bx

    def f51_get_psp(self, r: Registers) -> None:
        r.bx = self.current_psp
