"""File handle calls of INT 21h."""

from __future__ import annotations

from ..ist import Registers
from ..vdh import BLOCK
from .constants import ERR_INVALID_HANDLE


class FileCalls:
    FUNCTIONS = {
        0x3F: "f3f_read",
        0x40: "f40_write",
    }

    def f3f_read(self, r: Registers):
        if r.bx != 0:
            return self.fail(r, ERR_INVALID_HANDLE)
        want = r.cx
        out = bytearray()
        src = self.console_in
        while len(out) < want:
            b = src.get()
            if b is None:
                break
            out.append(b)
            if b == 0x0A and src.is_tty:
                break
        if not out and want and not src.at_eof:
            self.machine.console_out.flush()
            return BLOCK
        self.ram.write((r.ds << 4) + r.dx, bytes(out))
        r.ax = len(out)
        r.cf = False
        return None

    def f40_write(self, r: Registers) -> None:
        if r.bx not in (1, 2):
            self.fail(r, ERR_INVALID_HANDLE)
            return
        self.con_write(self.ram.read((r.ds << 4) + r.dx, r.cx))
        r.ax = r.cx
        r.cf = False
