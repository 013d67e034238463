"""The system file table: one entry per open file or device, shared by every handle on it.

A handle is an index into a process's job file table (JFT, in its PSP or in a
block that INT 21h/67h allocated); the JFT byte is an index into this table,
0FFh for a free handle. Duplicated handles (45h/46h) and handles a child
inherits point at the same entry, so they share one file position; the entry
counts its handles and closes the host file when the last one goes.

Disk files are host file descriptors read and written with pread/pwrite at the
entry's position, straight from and into guest memory: one system call per
DOS call, no copies, and nothing left in a user-space buffer, so what a guest
wrote is in the host's file as soon as the call returns, whatever happens to
the session afterwards.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .constants import ERR_TOO_MANY_OPEN_FILES, DosError
from .devices import INFO_RAW, Device
from .drives import Drive

ACCESS_READ, ACCESS_WRITE, ACCESS_READ_WRITE = 0, 1, 2
SHARE_COMPAT, SHARE_DENY_ALL, SHARE_DENY_WRITE, SHARE_DENY_READ, SHARE_DENY_NONE = 0, 1, 2, 3, 4
NO_INHERIT = 0x80
# What each access mode does and what each sharing mode forbids others: bit 0 read, bit 1 write.
_ACCESS_BITS = (1, 2, 3)
_DENY_BITS = (0, 3, 2, 1, 0)
# The largest file a DOS 5 (FAT16) disk holds; a write beyond it is a full disk.
MAX_FILE_SIZE = 0x7FFFFFFF

# Device information word bits for a disk file (INT 21h/4400h)
FILE_CLEAN = 0x0040  # not written since it was opened


class OpenFile:
    """One SFT entry: a host file descriptor or a device, with its position and mode."""

    __slots__ = ("index", "refs", "mode", "device", "fd", "pos", "host", "dos", "drive", "key",
                 "info", "written", "set_time", "owner", "standard")

    def __init__(self, *, mode: int, dos: str, device: Device | None = None, fd: int = -1,
                 host: Path | None = None, drive: Drive | None = None, key: tuple[int, int] | None = None,
                 owner: int = 0) -> None:
        self.index = -1
        self.refs = 0
        self.mode = mode
        self.device = device
        self.fd = fd
        self.pos = 0
        self.host = host
        self.dos = dos
        self.drive = drive
        self.key = key  # (st_dev, st_ino): which entries are the same host file
        self.written = False
        self.set_time: tuple[int, int] | None = None  # (time, date) given by 5701h, applied at close
        self.owner = owner  # the PSP that opened it
        # One of the five standard devices: PSPs that the kernel writes refer to it
        # without being counted, so it is never freed.
        self.standard = False
        if device is not None:
            self.info = device.info
        else:
            self.info = (ord(drive.letter) - ord("A")) if drive is not None else 0
            self.info |= FILE_CLEAN

    @property
    def access(self) -> int:
        return self.mode & 7

    @property
    def share(self) -> int:
        return (self.mode >> 4) & 7

    @property
    def can_read(self) -> bool:
        return self.access != ACCESS_WRITE

    @property
    def can_write(self) -> bool:
        return self.access != ACCESS_READ

    @property
    def raw(self) -> bool:
        return bool(self.info & INFO_RAW)

    def size(self) -> int:
        if self.device is not None:
            return 0
        try:
            return os.fstat(self.fd).st_size
        except OSError:
            return 0

    def conflicts(self, access: int, share: int) -> bool:
        """True when this open forbids an open with `access` and `share`, or is forbidden by it."""
        mine, theirs = _ACCESS_BITS[self.access], _ACCESS_BITS[access]
        return bool(theirs & _DENY_BITS[self.share] or mine & _DENY_BITS[share])

    def close_host(self) -> None:
        """Release the host descriptor; apply a date and time a program set."""
        if self.fd < 0:
            return
        fd, self.fd = self.fd, -1
        try:
            os.close(fd)
        except OSError:
            pass
        if self.set_time is not None and self.host is not None:
            when = from_dos_datetime(*self.set_time)
            try:
                os.utime(self.host, (when, when))
            except OSError:
                pass


@dataclass
class Lock:
    start: int
    end: int  # exclusive
    owner: OpenFile


@dataclass
class Sft:
    """The table itself: DOS_FILES entries, and the record locks of 5Ch."""

    size: int
    entries: list[OpenFile | None] = field(default_factory=list)
    locks: dict[tuple[int, int], list[Lock]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.entries = [None] * self.size

    def add(self, entry: OpenFile) -> OpenFile:
        for i, slot in enumerate(self.entries):
            if slot is None:
                self.entries[i] = entry
                entry.index = i
                return entry
        entry.close_host()
        raise DosError(ERR_TOO_MANY_OPEN_FILES)

    def get(self, index: int) -> OpenFile | None:
        if 0 <= index < self.size:
            return self.entries[index]
        return None

    def release(self, entry: OpenFile) -> None:
        """Drop one handle's reference; the last one closes the file."""
        entry.refs -= 1
        if entry.standard:
            entry.refs = max(entry.refs, 1)
            return
        if entry.refs > 0:
            return
        self.drop_locks(entry)
        entry.close_host()
        if 0 <= entry.index < self.size and self.entries[entry.index] is entry:
            self.entries[entry.index] = None

    def same_file(self, key: tuple[int, int]) -> list[OpenFile]:
        return [e for e in self.entries if e is not None and e.key == key and e.fd >= 0]

    def drop_locks(self, entry: OpenFile) -> None:
        if entry.key is None or entry.key not in self.locks:
            return
        kept = [lk for lk in self.locks[entry.key] if lk.owner is not entry]
        if kept:
            self.locks[entry.key] = kept
        else:
            del self.locks[entry.key]

    def locked_by_other(self, entry: OpenFile, start: int, count: int) -> bool:
        locks = self.locks.get(entry.key) if entry.key is not None else None
        if not locks or count == 0:
            return False
        end = start + count
        return any(lk.owner is not entry and lk.start < end and start < lk.end for lk in locks)

    def close_all(self) -> None:
        for entry in self.entries:
            if entry is not None:
                entry.close_host()
        self.locks.clear()


# -- DOS dates and times ------------------------------------------------------------------------
def dos_datetime(when: float) -> tuple[int, int]:
    """(time, date) words of a host timestamp, in local time; clamped to DOS's 1980-2107."""
    t = time.localtime(when)
    if t.tm_year < 1980:
        return 0, (1 << 5) | 1
    if t.tm_year > 2107:
        return (23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31
    return ((t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2),
            ((t.tm_year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday)


def from_dos_datetime(dos_time: int, dos_date: int) -> float:
    """A host timestamp for DOS (time, date) words (out-of-range fields are normalised)."""
    fields = (1980 + (dos_date >> 9), (dos_date >> 5) & 15, dos_date & 31,
              dos_time >> 11, (dos_time >> 5) & 63, (dos_time & 31) * 2, 0, 0, -1)
    try:
        return time.mktime(fields)
    except (OverflowError, ValueError):
        return time.time()
