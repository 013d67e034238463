"""Memory calls of INT 21h: allocate, free and resize blocks of the MCB arena, allocation strategy.

The arena (mcb.py) is guest memory: every call reads the chain as the program
left it, so a program that overwrote an MCB gets error 7 (arena trashed), never
a host failure. The behaviour follows MS-DOS: 48h reports the largest free block
in BX when it fails; 4Ah first joins the free blocks after the block, and when
it cannot grow far enough the block keeps what it joined and BX says how large
it can be; 49h checks only the block's own header (error 9).

Upper memory blocks join the arena when the XMS driver gives them to DOS
(DOS_UMB=ON calls `link_upper_memory`); then 5802h/5803h read and set the link
and the strategy's high bits (40h, 80h) reach them. The list of lists shows the
link state at +63h and the first upper MCB (the link block) at +66h.
"""

from __future__ import annotations

from ..ist import Registers
from .constants import ERR_INVALID_FUNCTION, DosError
from .lol import LOL_OFF
from .mcb import LAST_FIT, DosMemoryError

LOL_UMB_LINKED = 0x63  # bit 0: the UMBs are linked to the chain
LOL_UMB_HEAD = 0x66  # segment of the first upper memory MCB (the link block), FFFFh: none

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

        Without upper memory blocks (as under DOS 5 without DOS=UMB) the link
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
            r.al = 1 if self.arena.linked else 0
        elif sub == 0x03:
            self._set_umb_link(r.bx)
        else:
            raise DosError(ERR_INVALID_FUNCTION)
        r.cf = False

    def _set_umb_link(self, bx: int) -> None:
        if self.arena.link_seg is None or bx > 1:
            raise DosError(ERR_INVALID_FUNCTION)
        try:
            self.arena.set_link(bool(bx))
        except DosMemoryError as exc:
            raise DosError(exc.code) from None
        self._show_umbs()

    def link_upper_memory(self, regions: list[tuple[int, int]]) -> bool:
        """Take the upper memory [start, end) paragraph ranges into the arena, unlinked (DOS=UMB)."""
        if not self.arena.add_upper(regions):
            return False
        self._show_umbs()
        return True

    def _show_umbs(self) -> None:
        """Mirror the UMB state into the list of lists, where programs look for it."""
        tables = getattr(self, "tables", None)
        if tables is None:
            return
        base = tables.lin(LOL_OFF)
        head = self.arena.link_seg
        self.ram.wb(base + LOL_UMB_LINKED, 1 if self.arena.linked else 0)
        self.ram.ww(base + LOL_UMB_HEAD, 0xFFFF if head is None else head)
