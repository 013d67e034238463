"""The BIOS ROM segment (F000): SVC stubs, default handlers and tables."""

from __future__ import annotations

from ..ist.memory import GuestRam

ROM_SEG = 0xF000
ROM_BASE = ROM_SEG << 4
_FIRST_FREE = 0x0100
_END_FREE = 0xE000  # above this: fixed-address tables of the PC BIOS


class RomFull(RuntimeError):
    pass


class Rom:
    def __init__(self, ram: GuestRam) -> None:
        self.ram = ram
        self._next = _FIRST_FREE

    def place(self, code: bytes, at: int | None = None) -> int:
        """Copy `code` into the ROM segment; returns its offset in F000."""
        if at is None:
            at = self._next
            if at + len(code) > _END_FREE:
                raise RomFull("BIOS ROM area is full")
            self._next += len(code)
        self.ram.write(ROM_BASE + at, code)
        return at
