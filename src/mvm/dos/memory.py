"""Memory calls of INT 21h: allocate, free and resize blocks of the MCB arena, allocation strategy.

The arena (mcb.py) is guest memory: every call reads the chain as the program
left it, so a program that overwrote an MCB gets error 7 (arena trashed), never
a host failure. The behaviour follows MS-DOS: 48h reports the largest free block
in BX when it fails; 4Ah first joins the free blocks after the block, and when
it cannot grow far enough the block keeps what it joined and BX says how large
it can be; 49h checks only the block's own header (error 9).
"""

from __future__ import annotations

from ..ist import Registers
from .constants import ERR_INVALID_FUNCTION, DosError
from .mcb import LAST_FIT, DosMemoryError

# 5801h: the fit (bits 0-1) and DOS 5's upper-memory bits (40h: high only, 80h: high first).
STRATEGY_FIT_MASK = 0x3F
STRATEGY_HIGH_BITS = 0xC0


class MemoryCalls:
    FUNCTIONS = {
        0x48: "f48_allocate",
        0x49: "f49_free",
        0x4A: "f4a_resize",
        0x58: "f58_strategy",
    }

    def f48_allocate(self, r: Registers) -> None:
        try:
            r.ax = self.arena.allocate(r.bx, self.current_psp)
        except DosMemoryError as exc:
            if exc.code != 7:
                r.bx = exc.largest
            raise DosError(exc.code) from None
        r.cf = False

    def f49_free(self, r: Registers) -> None:
        try:
            self.arena.free(r.es)
        except DosMemoryError as exc:
            raise DosError(exc.code) from None
        r.cf = False

    def f4a_resize(self, r: Registers) -> None:
        try:
            self.arena.resize(r.es, r.bx, owner=self.current_psp)
        except DosMemoryError as exc:
            if exc.code != 7:
                r.bx = exc.largest
            raise DosError(exc.code) from None
        r.cf = False

    def f58_strategy(self, r: Registers) -> None:
        """Allocation strategy (00h get, 01h set) and DOS 5's upper-memory link (02h get, 03h set).

        There are no upper memory blocks (as under DOS 5 without DOS=UMB): the link
        reads as off and cannot be changed (error 1).
        """
        sub = r.al
        if sub == 0x00:
            r.ax = self.arena.strategy
        elif sub == 0x01:
            fit = r.bx & STRATEGY_FIT_MASK
            if fit > LAST_FIT or r.bx & 0xFF00 or (r.bx & STRATEGY_HIGH_BITS) == STRATEGY_HIGH_BITS:
                raise DosError(ERR_INVALID_FUNCTION)
            self.arena.strategy = r.bx & 0xFF
        elif sub == 0x02:
            r.al = 0
        else:
            raise DosError(ERR_INVALID_FUNCTION)
        r.cf = False

