"""The kernel's tables as programs see them in memory: the list of lists and what hangs off it.

INT 21h/52h returns ES:BX -> the list of lists (DOS 5 layout). Programs walk it:
the MCB chain from the word before it, the device driver chain from the NUL
header inside it, the system file tables (DOS 4+ entries of 3Bh bytes) and the
current directory structures (58h bytes per drive). The kernel keeps the real
state in Python; `DosTables.refresh` writes the SFT and CDS mirrors and the
changing fields of the list when a program asks for it.

Where everything lives:

- DOS data segment 0060h, below the session PSP at 0080h: a RETF for the device
  entry points, the critical-error flag and InDOS, the empty FCB table, the list
  of lists (with 24h bytes before it) and the character device headers.
- 0060:0300 up to the first MCB: the first SFT block (entries 0-4, as DOS keeps
  its first five files in its own data) and the country tables that INT 21h/65h
  points at (upper case, file name upper case, terminators, collating, DBCS).
- The BIOS ROM segment F000: the CDS for drives A:-Z: and the second SFT block
  (the other DOS_FILES entries). 26 CDS entries and up to 250 SFT entries do
  not fit in the 2.3 KiB between 0060h and the first MCB at 0100h.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from typing import Any

from ..ist.memory import GuestRam
from .constants import DOS_DATA_SEG, FIRST_MCB, SYSTEM_PSP

SEG = DOS_DATA_SEG

RETF_OFF = 0x0000  # the strategy and interrupt entry of every built-in device
ERROR_MODE_OFF = 0x0002  # critical-error flag: 1 while an INT 24h handler runs
INDOS_OFF = 0x0003  # InDOS (INT 21h/34h); the critical-error flag is the byte before it
FCB_TABLE_OFF = 0x0004  # the system FCB table: an SFT block with no entries
LOL_OFF = 0x0040
LOL_BEFORE = 0x24  # the list has fields at negative offsets down to -24h
LOL_SIZE = 0x6A
DEVICES_OFF = 0x00B0
DEVICE_HEADER = 0x12

REGION_B = (SYSTEM_PSP + 0x10 - DOS_DATA_SEG) << 4  # after the session PSP
REGION_B_END = (FIRST_MCB - DOS_DATA_SEG) << 4
SFT1_OFF = REGION_B
SFT_HEADER = 6
SFT_ENTRY = 0x3B
SFT1_COUNT = 5
CDS_ENTRY = 0x58
CDS_COUNT = 26
UPCASE_OFF = SFT1_OFF + SFT_HEADER + SFT1_COUNT * SFT_ENTRY + 3  # 0430h
FILE_UPCASE_OFF = UPCASE_OFF + 0x82
TERMINATORS_OFF = FILE_UPCASE_OFF + 0x82
COLLATE_OFF = TERMINATORS_OFF + 0x18
DBCS_OFF = COLLATE_OFF + 0x102
TABLES_END = DBCS_OFF + 4

# The character devices after NUL, in MS-DOS's order (the block device sits after CLOCK$).
DEVICES: tuple[tuple[str, int], ...] = (
    ("CON", 0x8013), ("AUX", 0x8000), ("PRN", 0xA0C0), ("CLOCK$", 0x8008), ("", 0x0842),
    ("COM1", 0x8000), ("LPT1", 0xA0C0), ("LPT2", 0xA0C0), ("LPT3", 0xA0C0),
    ("COM2", 0x8000), ("COM3", 0x8000), ("COM4", 0x8000),
)
NUL_ATTR = 0x8004

# Code page 437 as MS-DOS capitalises it: accented small letters without a capital
# form become the plain capital.
UPCASE_437: dict[int, int] = {
    0x81: 0x9A, 0x82: 0x90, 0x83: 0x41, 0x84: 0x8E, 0x85: 0x41, 0x86: 0x8F, 0x87: 0x80,
    0x88: 0x45, 0x89: 0x45, 0x8A: 0x45, 0x8B: 0x49, 0x8C: 0x49, 0x8D: 0x49, 0x91: 0x92,
    0x93: 0x4F, 0x94: 0x99, 0x95: 0x4F, 0x96: 0x55, 0x97: 0x55, 0x98: 0x59, 0xA0: 0x41,
    0xA1: 0x49, 0xA2: 0x4F, 0xA3: 0x55, 0xA4: 0xA5,
}
# Capital accented letters sort with their plain letter.
_SORTS_AS = {0x80: 0x43, 0x8E: 0x41, 0x8F: 0x41, 0x90: 0x45, 0x92: 0x41, 0x99: 0x4F, 0x9A: 0x55, 0xA5: 0x4E}
FILENAME_ILLEGAL = b'."/\\[]:|<>+=;,'

ASSERT_FITS = TABLES_END <= REGION_B_END and DEVICES_OFF + len(DEVICES) * DEVICE_HEADER <= REGION_B - 0x100


def upcase(ch: int) -> int:
    """A code page 437 character in capitals, as DOS's tables have it."""
    if 0x61 <= ch <= 0x7A:
        return ch - 0x20
    return UPCASE_437.get(ch, ch)


def collate(ch: int) -> int:
    up = upcase(ch)
    return _SORTS_AS.get(up, up)


def far(seg: int, off: int) -> int:
    return ((seg & 0xFFFF) << 16) | (off & 0xFFFF)


def fcb_name(dos_path: str) -> bytes:
    """The 11-byte directory form of a path's last name ("FILE    TXT")."""
    name = dos_path.replace("/", "\\").rsplit("\\", 1)[-1]
    if len(name) >= 2 and name[1] == ":":
        name = name[2:]
    base, _, ext = name.partition(".")
    raw = base[:8].ljust(8) + ext[:3].ljust(3)
    return raw.upper().encode("cp437", "replace")


class DosTables:
    """Addresses of the guest-visible tables, and the code that fills them."""

    def __init__(self, ram: GuestRam, rom_alloc: Callable[[bytes], int], rom_seg: int, files: int) -> None:
        if not ASSERT_FITS:
            raise RuntimeError("kernel tables do not fit below the first MCB")
        self.ram = ram
        self.rom_seg = rom_seg
        self.sft2_count = max(0, files - SFT1_COUNT)
        self.cds_off = rom_alloc(bytes(CDS_COUNT * CDS_ENTRY))
        self.sft2_off = rom_alloc(bytes(SFT_HEADER + self.sft2_count * SFT_ENTRY)) if self.sft2_count else 0
        self.device_addr: dict[str, int] = {}
        self._write_static()

    # -- addresses ---------------------------------------------------------------------------------
    @property
    def lol(self) -> tuple[int, int]:
        return SEG, LOL_OFF

    @property
    def indos(self) -> tuple[int, int]:
        return SEG, INDOS_OFF

    def lin(self, off: int) -> int:
        return (SEG << 4) + off

    def set_indos(self, value: int) -> None:
        self.ram.wb(self.lin(INDOS_OFF), value)

    def set_error_mode(self, value: int) -> None:
        self.ram.wb(self.lin(ERROR_MODE_OFF), value)

    @property
    def error_mode(self) -> int:
        return self.ram.rb(self.lin(ERROR_MODE_OFF))

    def table_pointer(self, info_id: int) -> tuple[int, int] | None:
        """Where the table INT 21h/65h gives for `info_id` (2, 4, 5, 6, 7) lives."""
        off = {2: UPCASE_OFF, 4: FILE_UPCASE_OFF, 5: TERMINATORS_OFF, 6: COLLATE_OFF, 7: DBCS_OFF}.get(info_id)
        return None if off is None else (SEG, off)

    @property
    def dbcs(self) -> tuple[int, int]:
        """The DBCS lead-byte ranges (INT 21h/63h): none, only the terminating zero word."""
        return SEG, DBCS_OFF + 2

    # -- what never changes ----------------------------------------------------------------------------
    def _write_static(self) -> None:
        ram, lin = self.ram, self.lin
        ram.fill(lin(0), REGION_B - 0x100)
        ram.wb(lin(RETF_OFF), 0xCB)
        ram.wd(lin(FCB_TABLE_OFF), 0xFFFFFFFF)
        ram.ww(lin(FCB_TABLE_OFF + 4), 0)
        self._write_devices()
        upper = bytes(upcase(c) for c in range(0x80, 0x100))
        for off in (UPCASE_OFF, FILE_UPCASE_OFF):
            ram.ww(lin(off), 0x80)
            ram.write(lin(off + 2), upper)
        term = bytes((1, 0x00, 0xFF, 0, 0x00, 0x20, 2, len(FILENAME_ILLEGAL))) + FILENAME_ILLEGAL
        ram.ww(lin(TERMINATORS_OFF), len(term))
        ram.write(lin(TERMINATORS_OFF + 2), term)
        ram.ww(lin(COLLATE_OFF), 0x100)
        ram.write(lin(COLLATE_OFF + 2), bytes(collate(c) for c in range(0x100)))
        ram.wd(lin(DBCS_OFF), 0)  # length 0, then the 0000h that ends the (empty) list

    def _write_devices(self) -> None:
        """NUL (inside the list) -> CON -> AUX -> ... -> COM4, each header 18 bytes."""
        offs = [DEVICES_OFF + i * DEVICE_HEADER for i in range(len(DEVICES))]
        self._device_header(LOL_OFF + 0x22, "NUL", NUL_ATTR, far(SEG, offs[0]))
        self.device_addr["NUL"] = far(SEG, LOL_OFF + 0x22)
        for i, (name, attr) in enumerate(DEVICES):
            nxt = far(SEG, offs[i + 1]) if i + 1 < len(offs) else 0xFFFFFFFF
            self._device_header(offs[i], name, attr, nxt)
            self.device_addr[name] = far(SEG, offs[i])  # "" is the block device (drives A:-C:)

    def _device_header(self, off: int, name: str, attr: int, nxt: int) -> None:
        ram, a = self.ram, self.lin(off)
        ram.wd(a, nxt)
        ram.ww(a + 4, attr)
        ram.ww(a + 6, RETF_OFF)
        ram.ww(a + 8, RETF_OFF)
        if name:
            ram.write(a + 10, name.encode("ascii").ljust(8))
        else:
            ram.write(a + 10, bytes((3,)) + b"\0" * 7)  # a block device: its number of units

    # -- what a program may look at after a change: INT 21h/52h -------------------------------------------------
    def refresh(self, *, drives: Any, sft: Any, extended_kb: int, arena: Any = None) -> None:
        self._write_lol(drives, extended_kb, arena)
        self._write_sft(sft)
        self._write_cds(drives)

    def _write_lol(self, drives: Any, extended_kb: int, arena: Any = None) -> None:
        ram, base = self.ram, self.lin(LOL_OFF)
        top = max((ord(letter) - 0x40 for letter in drives.drives), default=3)
        neg = base - LOL_BEFORE
        ram.fill(neg, LOL_BEFORE)
        ram.wd(base - 0x18, 0xFFFFFFFF)  # no OEM function handler
        ram.ww(base - 0x12, 3)  # sharing retry count
        ram.ww(base - 0x10, 1)  # sharing retry delay
        ram.wd(base - 0x08, 0xFFFFFFFF)  # no disk buffer
        ram.ww(base - 0x02, FIRST_MCB)
        ram.wd(base + 0x00, 0xFFFFFFFF)  # no drive parameter blocks: the drives are host folders
        ram.wd(base + 0x04, far(SEG, SFT1_OFF))
        ram.wd(base + 0x08, self.device_addr["CLOCK$"])
        ram.wd(base + 0x0C, self.device_addr["CON"])
        ram.ww(base + 0x10, 512)
        ram.wd(base + 0x12, 0xFFFFFFFF)
        ram.wd(base + 0x16, far(self.rom_seg, self.cds_off))
        ram.wd(base + 0x1A, far(SEG, FCB_TABLE_OFF))
        ram.ww(base + 0x1E, 0)
        ram.wb(base + 0x20, top)
        ram.wb(base + 0x21, CDS_COUNT)
        ram.wb(base + 0x34, 0)
        ram.fill(base + 0x35, LOL_SIZE - 0x35)
        ram.ww(base + 0x3F, 15)  # BUFFERS=15
        ram.wb(base + 0x43, 3)  # booted from C:
        ram.wb(base + 0x44, 1)  # a 386 or better
        ram.ww(base + 0x45, min(extended_kb, 0xFFFF))
        ram.wd(base + 0x47, 0xFFFFFFFF)
        ram.wd(base + 0x4D, 0xFFFFFFFF)
        link_seg = getattr(arena, "link_seg", None)
        ram.wb(base + 0x63, 1 if getattr(arena, "linked", False) else 0)  # UMBs linked to the chain?
        ram.ww(base + 0x66, 0xFFFF if link_seg is None else link_seg)  # the first UMB's MCB, if any
        ram.ww(base + 0x68, FIRST_MCB)

    def _write_sft(self, sft: Any) -> None:
        entries = list(getattr(sft, "entries", []) or [])
        total = SFT1_COUNT + self.sft2_count
        entries = (entries + [None] * total)[:total]
        first = self.lin(SFT1_OFF)
        second = (self.rom_seg << 4) + self.sft2_off
        nxt = far(self.rom_seg, self.sft2_off) if self.sft2_count else 0xFFFFFFFF
        self.ram.wd(first, nxt)
        self.ram.ww(first + 4, SFT1_COUNT)
        for i in range(SFT1_COUNT):
            self.ram.write(first + SFT_HEADER + i * SFT_ENTRY, self._sft_entry(entries[i]))
        if self.sft2_count:
            self.ram.wd(second, 0xFFFFFFFF)
            self.ram.ww(second + 4, self.sft2_count)
            for i in range(self.sft2_count):
                self.ram.write(second + SFT_HEADER + i * SFT_ENTRY, self._sft_entry(entries[SFT1_COUNT + i]))

    def _sft_entry(self, entry: Any) -> bytes:
        out = bytearray(SFT_ENTRY)
        if entry is None or getattr(entry, "refs", 0) <= 0:
            return bytes(out)
        device = getattr(entry, "device", None)
        info = getattr(entry, "info", 0) & 0xFFFF
        struct.pack_into("<HHBH", out, 0, entry.refs & 0xFFFF, entry.mode & 0xFFFF,
                         0 if device is not None else 0x20, info)
        if device is not None:
            name = getattr(device, "name", "") or getattr(entry, "dos", "")
            struct.pack_into("<I", out, 0x07, self.device_addr.get(name.upper(), 0))
            out[0x20:0x2B] = fcb_name(name)
        else:
            stamp, size = self._file_stat(entry)
            struct.pack_into("<HHII", out, 0x0D, stamp[0], stamp[1], size, getattr(entry, "pos", 0) & 0xFFFFFFFF)
            out[0x20:0x2B] = fcb_name(getattr(entry, "dos", ""))
        struct.pack_into("<H", out, 0x31, getattr(entry, "owner", 0) & 0xFFFF)
        return bytes(out)

    @staticmethod
    def _file_stat(entry: Any) -> tuple[tuple[int, int], int]:
        from .sft import dos_datetime

        try:
            st = os.fstat(entry.fd)
        except (OSError, AttributeError, TypeError):
            return (0, 0), 0
        return dos_datetime(st.st_mtime), min(st.st_size, 0xFFFFFFFF)

    def _write_cds(self, drives: Any) -> None:
        base = (self.rom_seg << 4) + self.cds_off
        for i in range(CDS_COUNT):
            letter = chr(0x41 + i)
            entry = bytearray(CDS_ENTRY)
            cwd = drives.cwd.get(letter, "") if letter in drives.drives else ""
            path = f"{letter}:\\{cwd}".encode("cp437", "replace")[:66]
            entry[: len(path)] = path
            flags = 0x4000 if letter in drives.drives else 0
            struct.pack_into("<HIHHHH", entry, 0x43, flags, 0, 0 if not cwd else 0xFFFF, 0xFFFF, 0xFFFF, 2)
            self.ram.write(base + i * CDS_ENTRY, bytes(entry))
