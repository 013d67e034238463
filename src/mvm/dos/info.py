"""Information and vector calls of INT 21h: version, break flag, interrupt vectors."""

from __future__ import annotations

from ..ist import Registers


class InfoCalls:
    FUNCTIONS = {
        0x25: "f25_set_vector",
        0x30: "f30_version",
        0x33: "f33_break",
        0x35: "f35_get_vector",
    }

    def f25_set_vector(self, r: Registers) -> None:
        self.vdh.set_vector(r.al, r.ds, r.dx)

    def f35_get_vector(self, r: Registers) -> None:
        r.es, r.bx = self.vdh.get_vector(r.al)

    def f30_version(self, r: Registers) -> None:
        oem = 0xFF if r.al == 0 else 0x00  # AL=0 asks for the OEM number (FFh: Microsoft)
        major, minor = self.version
        r.ax = (minor << 8) | major
        r.bx = oem << 8  # BL:CX is the user serial number: none
        r.cx = 0

    def f33_break(self, r: Registers) -> None:
        sub = r.al
        if sub == 0x00:
            r.dl = int(self.break_check)
        elif sub == 0x01:
            self.break_check = bool(r.dl & 1)
        elif sub == 0x02:
            old = int(self.break_check)
            self.break_check = bool(r.dl & 1)
            r.dl = old
        elif sub == 0x05:
            r.dl = 3  # booted from C:
        elif sub == 0x06:
            r.bl, r.bh = self.version
            r.dl, r.dh = 0, 0x00
        else:
            r.al = 0xFF
