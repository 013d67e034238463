"""The FCB calls of INT 21h (0Fh-17h, 21h-24h, 27h-29h) used by DOS 1.x/2.x-era programs.

An FCB names a file in the current folder of its drive. These calls report
success in AL (00h, FFh for failure, or the record I/O codes 01h-03h) and
never set CF; the error is kept for INT 21h/59h.

Open FCB files are the kernel's own host descriptors, not system file table
entries: DOS 5 keeps them apart too (FCBS=), and programs of that era often
never close an FCB they only read. The FCB's reserved bytes (18h-1Fh) name
the kernel's record of the file and a check of its path. Only the most
recently used MAX_FCB_OPEN records keep a host descriptor; an older one opens
its host file again when used. An FCB whose record is unknown (closed, or
built by the program) is opened again by its name on its next use, as DOS
reopens an FCB whose file was closed behind it. Reads and writes go straight
to the host file, so nothing waits in a buffer when the session ends.

An extended FCB with attribute 08h acts on the drive's volume label: create
(16h) and rename (17h) set the label for this session, delete (13h) removes
it.
"""

from __future__ import annotations

import io
import os
import stat
import time
import zlib
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from ..ist import Registers
from ..vdh import BLOCK
from . import fcb, search
from .constants import (
    ERR_ACCESS_DENIED,
    ERR_FILE_EXISTS,
    ERR_FILE_NOT_FOUND,
    ERR_INVALID_DRIVE,
    DosError,
)
from .devices import Device

MAX_FCB_OPEN = 64  # host descriptors kept open for FCBs; the least recently used close first
MAX_FCB_RECORDS = 4096  # FCB files the kernel remembers (by host path) at all
MAX_FILE_SIZE = 0x7FFFFFFF  # the largest file a FAT16 disk holds: a write beyond it is a full disk
# Record I/O status codes (AL)
IO_OK, IO_EOF, IO_WRAP, IO_PARTIAL = 0, 1, 2, 3
IO_DISK_FULL = 1
FAILED = 0xFF
SETTABLE_ATTRS = 0x27


@dataclass
class FcbRef:
    """Where an FCB is in guest memory and what its extended header says."""

    addr: int  # linear address of the normal FCB (after an extended header)
    extended: bool
    attr: int  # search/create attribute (0 for a normal FCB)


@dataclass
class FcbFile:
    """A file (or device) opened through an FCB."""

    dos: str
    stamp: int  # check value written into the FCB with the record's number
    host: Path | None = None
    device: Device | None = None
    fh: io.FileIO | None = None  # a file object, so that a session dropped without closing frees it
    writable: bool = False
    written: bool = False

    @property
    def fd(self) -> int:
        return self.fh.fileno() if self.fh is not None and not self.fh.closed else -1

    def reopen(self) -> bool:
        """Open the host file again after its descriptor was closed to make room."""
        if self.fh is not None or self.device is not None:
            return True
        if self.host is None:
            return False
        try:
            self.fh = io.FileIO(self.host, "r+" if self.writable else "r")
        except OSError:
            return False
        return True

    def close(self) -> None:
        if self.fh is not None:
            fh, self.fh = self.fh, None
            try:
                fh.close()
            except OSError:
                pass


def _status_on_error(code: int):
    """A DOS error inside an FCB call becomes AL=`code` (and the error for 59h), not CF."""

    def wrap(method):
        @wraps(method)
        def call(self, r: Registers):
            try:
                return method(self, r)
            except DosError as err:
                self.last_error = err.code
                r.al = code
                return None

        return call

    return wrap


class FcbCalls:
    FUNCTIONS = {
        0x0F: "f0f_fcb_open",
        0x10: "f10_fcb_close",
        0x11: "f11_fcb_find_first",
        0x12: "f12_fcb_find_next",
        0x13: "f13_fcb_delete",
        0x14: "f14_fcb_read",
        0x15: "f15_fcb_write",
        0x16: "f16_fcb_create",
        0x17: "f17_fcb_rename",
        0x21: "f21_fcb_random_read",
        0x22: "f22_fcb_random_write",
        0x23: "f23_fcb_file_size",
        0x24: "f24_fcb_set_random",
        0x27: "f27_fcb_block_read",
        0x28: "f28_fcb_block_write",
        0x29: "f29_parse_filename",
    }

    def setup_group(self) -> None:
        self._fcb_files: dict[int, FcbFile] = {}  # record number -> file, least recently used first
        self._fcb_next = 1

    def fcb_session_end(self) -> None:
        """Close every FCB file's host descriptor."""
        for entry in self._fcb_files.values():
            entry.close()
        self._fcb_files.clear()

    # -- reading an FCB ---------------------------------------------------------------------------
    def _fcb_ref(self, r: Registers) -> FcbRef:
        base = (r.ds << 4) + r.dx
        if self.ram.rb(base) == fcb.EXT_FLAG:
            return FcbRef(base + fcb.EXT_HEADER, True, self.ram.rb(base + fcb.EXT_ATTR))
        return FcbRef(base, False, 0)

    def _fcb_letter(self, ref: FcbRef) -> str:
        number = self.ram.rb(ref.addr + fcb.FCB_DRIVE)
        letter = self.drives.current if number == 0 else chr(ord("A") + number - 1) if number <= 26 else ""
        if letter not in self.drives.drives:
            raise DosError(ERR_INVALID_DRIVE)
        return letter

    def _fcb_name(self, ref: FcbRef) -> bytes:
        return fcb.upper_name(self.ram.read(ref.addr + fcb.FCB_NAME, 11))

    def _fcb_path(self, letter: str, name11: bytes) -> str:
        """The DOS path of an FCB name: in the current folder of its drive."""
        return f"{letter}:{search.pack_name(name11)}"

    def _record_size(self, ref: FcbRef) -> int:
        size = self.ram.rw(ref.addr + fcb.FCB_RECSIZE)
        if size == 0:  # DOS takes 0 as the default size and says so in the FCB
            size = fcb.DEFAULT_RECORD_SIZE
            self.ram.ww(ref.addr + fcb.FCB_RECSIZE, size)
        return size

    def _current_record(self, ref: FcbRef) -> int:
        block = self.ram.rw(ref.addr + fcb.FCB_BLOCK)
        return block * fcb.RECORDS_PER_BLOCK + (self.ram.rb(ref.addr + fcb.FCB_RECORD) & 0x7F)

    def _set_current_record(self, ref: FcbRef, record: int) -> None:
        self.ram.ww(ref.addr + fcb.FCB_BLOCK, (record // fcb.RECORDS_PER_BLOCK) & 0xFFFF)
        self.ram.wb(ref.addr + fcb.FCB_RECORD, record % fcb.RECORDS_PER_BLOCK)

    def _random_record(self, ref: FcbRef, size: int) -> int:
        value = self.ram.rd(ref.addr + fcb.FCB_RANDOM)
        return value if fcb.random_width(size) == 4 else value & 0xFFFFFF

    def _set_random_record(self, ref: FcbRef, size: int, record: int) -> None:
        data = (record & 0xFFFFFFFF).to_bytes(4, "little")
        self.ram.write(ref.addr + fcb.FCB_RANDOM, data[: fcb.random_width(size)])

    # -- the open-file records ----------------------------------------------------------------------
    def _fcb_open_host(self, letter: str, name11: bytes, attr: int, *, create: bool) -> FcbFile:
        """Open (or create) the file an FCB names; DosError when it cannot be."""
        if not fcb.valid_name(name11):
            raise DosError(ERR_FILE_NOT_FOUND)
        path = self._fcb_path(letter, name11)
        device = self.device_for(path)
        if device is not None:
            return FcbFile(device.name, 0, device=device, writable=True)
        found = self.drives.resolve(path)
        stamp = zlib.crc32(found.dos.encode("cp437", "replace"))
        if create:
            return self._fcb_create_host(found, attr, stamp)
        if not found.exists:
            raise DosError(ERR_FILE_NOT_FOUND)
        try:
            st = os.stat(found.host)
        except OSError:
            raise DosError(ERR_FILE_NOT_FOUND) from None
        attrs = self.drives.attrs_of(found.host, st)
        if stat.S_ISDIR(st.st_mode) or attrs & (search.ATTR_HIDDEN | search.ATTR_SYSTEM) & ~attr:
            raise DosError(ERR_FILE_NOT_FOUND)
        writable = not (found.drive.readonly or attrs & search.ATTR_READONLY)
        try:
            fh = io.FileIO(found.host, "r+" if writable else "r")
        except OSError:
            if not writable:
                raise DosError(ERR_ACCESS_DENIED) from None
            try:
                fh, writable = io.FileIO(found.host, "r"), False
            except OSError:
                raise DosError(ERR_ACCESS_DENIED) from None
        return FcbFile(found.dos, stamp, host=found.host, fh=fh, writable=writable)

    def _fcb_create_host(self, found, attr: int, stamp: int) -> FcbFile:
        if found.drive.readonly or not found.name:
            raise DosError(ERR_ACCESS_DENIED)
        if found.exists:
            if found.host.is_dir() or self.drives.attrs_of(found.host) & search.ATTR_READONLY:
                raise DosError(ERR_ACCESS_DENIED)
        try:
            fh = io.FileIO(found.host, "w+")
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        if not found.exists:
            self.drives.note(found.host)
        try:
            self.drives.set_attrs(found.host, (attr & SETTABLE_ATTRS) | search.ATTR_ARCHIVE)
        except OSError:
            pass
        return FcbFile(found.dos, stamp, host=found.host, fh=fh, writable=True, written=True)

    def _fcb_register(self, ref: FcbRef, entry: FcbFile) -> None:
        """Give an open file a record number and write it into the FCB's reserved bytes."""
        number = self._fcb_next
        self._fcb_next = self._fcb_next % 0xFFFF + 1
        old = self._fcb_files.pop(number, None)
        if old is not None:
            old.close()
        self._fcb_files[number] = entry
        while len(self._fcb_files) > MAX_FCB_RECORDS:
            self._fcb_files.pop(next(iter(self._fcb_files))).close()
        self._fcb_limit_open()
        self.ram.ww(ref.addr + fcb.FCB_RESERVED, number)
        self.ram.wd(ref.addr + fcb.FCB_RESERVED + 2, entry.stamp)
        self.ram.ww(ref.addr + fcb.FCB_RESERVED + 6, 0)

    def _fcb_known(self, ref: FcbRef, *, reopen: bool = True) -> tuple[int, FcbFile] | None:
        """The kernel's record of an FCB's file (its descriptor open again if `reopen`), or None."""
        number = self.ram.rw(ref.addr + fcb.FCB_RESERVED)
        entry = self._fcb_files.get(number)
        if entry is None or entry.stamp != self.ram.rd(ref.addr + fcb.FCB_RESERVED + 2):
            return None
        self._fcb_files[number] = self._fcb_files.pop(number)  # most recently used
        if reopen and entry.fh is None and entry.device is None:
            if not entry.reopen():
                del self._fcb_files[number]
                return None
            self._fcb_limit_open()
        return number, entry

    def _fcb_limit_open(self) -> None:
        """Close the descriptors of the least recently used records beyond MAX_FCB_OPEN."""
        open_ones = [e for e in self._fcb_files.values() if e.fh is not None]
        for entry in open_ones[: max(0, len(open_ones) - MAX_FCB_OPEN)]:
            entry.close()

    def _fcb_file(self, ref: FcbRef) -> FcbFile:
        """The open file of an FCB, opened again by name when the kernel no longer has it."""
        known = self._fcb_known(ref)
        if known is not None:
            return known[1]
        entry = self._fcb_open_host(self._fcb_letter(ref), self._fcb_name(ref), ref.attr, create=False)
        self._fcb_register(ref, entry)
        return entry

    def _fill_opened(self, ref: FcbRef, letter: str, entry: FcbFile) -> None:
        """What open and create set in the FCB: drive, block 0, record size 128, size, date, time."""
        size, when = 0, None
        if entry.fd >= 0:
            try:
                st = os.fstat(entry.fd)
                size, when = st.st_size, st.st_mtime
            except OSError:
                pass
        t, d = search.dos_time_date(when if when is not None else time.time())
        a = ref.addr
        self.ram.wb(a + fcb.FCB_DRIVE, ord(letter) - ord("A") + 1)
        self.ram.ww(a + fcb.FCB_BLOCK, 0)
        self.ram.ww(a + fcb.FCB_RECSIZE, fcb.DEFAULT_RECORD_SIZE)
        self.ram.wd(a + fcb.FCB_FILESIZE, min(size, 0xFFFFFFFF))
        self.ram.ww(a + fcb.FCB_DATE, d)
        self.ram.ww(a + fcb.FCB_TIME, t)
        self._fcb_register(ref, entry)

    # -- 0Fh, 10h, 16h: open, close, create ---------------------------------------------------------
    @_status_on_error(FAILED)
    def f0f_fcb_open(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        letter = self._fcb_letter(ref)
        entry = self._fcb_open_host(letter, self._fcb_name(ref), ref.attr, create=False)
        self._fill_opened(ref, letter, entry)
        r.al = 0

    @_status_on_error(FAILED)
    def f10_fcb_close(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        known = self._fcb_known(ref, reopen=False)
        if known is None:
            # Not open here (closed already, or never opened): DOS still succeeds if the file is there.
            name11 = self._fcb_name(ref)
            if not fcb.valid_name(name11):
                raise DosError(ERR_FILE_NOT_FOUND)
            path = self._fcb_path(self._fcb_letter(ref), name11)
            if self.device_for(path) is None and not self.drives.resolve(path).exists:
                raise DosError(ERR_FILE_NOT_FOUND)
            r.al = 0
            return
        number, entry = known
        del self._fcb_files[number]
        entry.close()
        r.al = 0

    @_status_on_error(FAILED)
    def f16_fcb_create(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        letter = self._fcb_letter(ref)
        name11 = self._fcb_name(ref)
        if ref.extended and ref.attr & search.ATTR_VOLUME:
            self.set_volume_label(letter, search.pack_name(name11).replace(".", ""))
            r.al = 0
            return
        entry = self._fcb_open_host(letter, name11, ref.attr, create=True)
        self._fill_opened(ref, letter, entry)
        r.al = 0

    # -- record I/O ---------------------------------------------------------------------------------
    def _fcb_read(self, entry: FcbFile, pos: int, count: int):
        """Up to `count` bytes at `pos`, or BLOCK while a device waits for input."""
        if entry.device is not None:
            return entry.device.read(self, count)
        if entry.fd < 0 or pos > MAX_FILE_SIZE:
            return b""
        try:
            return os.pread(entry.fd, count, pos)
        except OSError:
            return b""

    def _fcb_write(self, entry: FcbFile, pos: int, data: bytes) -> int:
        """Write `data` at `pos`; the number of bytes written."""
        if entry.device is not None:
            return entry.device.write(self, data)
        if not entry.writable or entry.fd < 0 or pos + len(data) > MAX_FILE_SIZE:
            return 0
        try:
            done = os.pwrite(entry.fd, data, pos)
        except OSError:
            return 0
        if not entry.written and entry.host is not None:
            self.drives.mark_archive(entry.host)  # written: DOS sets the archive bit
        entry.written = True
        return done

    def _set_size_field(self, ref: FcbRef, entry: FcbFile) -> None:
        if entry.fd >= 0:
            try:
                self.ram.wd(ref.addr + fcb.FCB_FILESIZE, min(os.fstat(entry.fd).st_size, 0xFFFFFFFF))
            except OSError:
                pass

    def _dta_fits(self, count: int) -> bool:
        """False when `count` bytes at the DTA would run past the end of its segment."""
        return self.dta_far()[1] + count <= 0x10000

    def _read_records(self, ref: FcbRef, record: int, count: int):
        """Read `count` records into the DTA: (status, records read) or BLOCK."""
        size = self._record_size(ref)
        if not self._dta_fits(size * count):
            return IO_WRAP, 0
        entry = self._fcb_file(ref)
        data = self._fcb_read(entry, record * size, size * count)
        if data is BLOCK:
            return BLOCK
        if not data:
            return IO_EOF, 0
        full, rest = divmod(len(data), size)
        if rest:
            data += b"\0" * (size - rest)  # DOS pads a partial record with zeros
        self.ram.write(self.dta(), data)
        if rest:
            return IO_PARTIAL, full + 1
        return (IO_OK if full == count else IO_EOF), full

    def _write_records(self, ref: FcbRef, record: int, count: int) -> tuple[int, int]:
        """Write `count` records from the DTA: (status, records written)."""
        size = self._record_size(ref)
        if not self._dta_fits(size * count):
            return IO_WRAP, 0
        entry = self._fcb_file(ref)
        done = self._fcb_write(entry, record * size, self.ram.read(self.dta(), size * count))
        self._set_size_field(ref, entry)
        if done < size * count:
            return IO_DISK_FULL, done // size
        return IO_OK, count

    @_status_on_error(IO_EOF)
    def f14_fcb_read(self, r: Registers):
        ref = self._fcb_ref(r)
        record = self._current_record(ref)
        result = self._read_records(ref, record, 1)
        if result is BLOCK:
            return BLOCK
        status, done = result
        self._set_current_record(ref, record + done)
        r.al = status
        return None

    @_status_on_error(IO_DISK_FULL)
    def f15_fcb_write(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        record = self._current_record(ref)
        status, done = self._write_records(ref, record, 1)
        self._set_current_record(ref, record + done)
        r.al = status

    @_status_on_error(IO_EOF)
    def f21_fcb_random_read(self, r: Registers):
        ref = self._fcb_ref(r)
        record = self._random_record(ref, self._record_size(ref))
        self._set_current_record(ref, record)
        result = self._read_records(ref, record, 1)
        if result is BLOCK:
            return BLOCK
        r.al = result[0]
        return None

    @_status_on_error(IO_DISK_FULL)
    def f22_fcb_random_write(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        record = self._random_record(ref, self._record_size(ref))
        self._set_current_record(ref, record)
        r.al = self._write_records(ref, record, 1)[0]

    @_status_on_error(IO_EOF)
    def f27_fcb_block_read(self, r: Registers):
        ref = self._fcb_ref(r)
        size = self._record_size(ref)
        record = self._random_record(ref, size)
        count = r.cx
        if count == 0:
            r.al = IO_OK
            return None
        result = self._read_records(ref, record, count)
        if result is BLOCK:
            return BLOCK
        status, done = result
        self._set_current_record(ref, record + done)
        self._set_random_record(ref, size, record + done)
        r.al, r.cx = status, done
        return None

    @_status_on_error(IO_DISK_FULL)
    def f28_fcb_block_write(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        size = self._record_size(ref)
        record = self._random_record(ref, size)
        count = r.cx
        if count == 0:
            # Zero records: the file's size becomes the random record's position.
            entry = self._fcb_file(ref)
            if entry.fd >= 0:
                if not entry.writable or record * size > MAX_FILE_SIZE:
                    r.al = IO_DISK_FULL
                    return
                try:
                    os.ftruncate(entry.fd, record * size)
                except OSError:
                    r.al = IO_DISK_FULL
                    return
                entry.written = True
                self._set_size_field(ref, entry)
            r.al = IO_OK
            return
        status, done = self._write_records(ref, record, count)
        self._set_current_record(ref, record + done)
        self._set_random_record(ref, size, record + done)
        r.al, r.cx = status, done

    @_status_on_error(FAILED)
    def f23_fcb_file_size(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        letter = self._fcb_letter(ref)
        name11 = self._fcb_name(ref)
        if not fcb.valid_name(name11):
            raise DosError(ERR_FILE_NOT_FOUND)
        size = self._record_size(ref)
        path = self._fcb_path(letter, name11)
        length = 0
        if self.device_for(path) is None:
            found = self.drives.resolve(path)
            if not found.exists or found.host.is_dir():
                raise DosError(ERR_FILE_NOT_FOUND)
            try:
                length = found.host.stat().st_size
            except OSError:
                raise DosError(ERR_FILE_NOT_FOUND) from None
        self._set_random_record(ref, size, -(-length // size))
        r.al = 0

    def f24_fcb_set_random(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        self._set_random_record(ref, self._record_size(ref), self._current_record(ref))

    # -- 11h, 12h: search ----------------------------------------------------------------------------
    def _fcb_found(self, ref: FcbRef, state: bytes, found: search.Found) -> None:
        """Keep the search state in the FCB (as DOS does) and put the entry at the DTA."""
        self.ram.write(ref.addr + 1, state[1:search.STATE_SIZE])
        self.ram.wb(ref.addr + fcb.FCB_SEARCH_DRIVE, state[0])
        drive = self.ram.rb(ref.addr + fcb.FCB_DRIVE) or ord(self.drives.current) - ord("A") + 1
        head = bytes((fcb.EXT_FLAG, 0, 0, 0, 0, 0, ref.attr)) if ref.extended else b""
        out = head + bytes((drive,)) + search.dir_entry(found)
        if self._dta_fits(len(out)):
            self.ram.write(self.dta(), out)

    @_status_on_error(FAILED)
    def f11_fcb_find_first(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        letter = self._fcb_letter(ref)
        tmpl = self._fcb_name(ref)
        if not fcb.valid_name(tmpl, wildcards=True) and tmpl not in (search.name11("."), search.name11("..")):
            raise DosError(ERR_FILE_NOT_FOUND)
        folder = self.resolve_path(f"{letter}:.")
        state, found = self.searches.start(folder, tmpl, ref.attr)
        self._fcb_found(ref, state, found)
        r.al = 0

    @_status_on_error(FAILED)
    def f12_fcb_find_next(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        state = bytes((self.ram.rb(ref.addr + fcb.FCB_SEARCH_DRIVE),)) + self.ram.read(
            ref.addr + 1, search.STATE_SIZE - 1)
        state, found = self.searches.resume(state)
        self._fcb_found(ref, state, found)
        r.al = 0

    # -- 13h, 17h: delete and rename ----------------------------------------------------------------
    def _fcb_matches(self, ref: FcbRef, letter: str, tmpl: bytes) -> tuple[object, list[search.Found]]:
        """The files (not folders, not the label) in the FCB's folder that fit a template."""
        if not fcb.valid_name(tmpl, wildcards=True):
            raise DosError(ERR_FILE_NOT_FOUND)
        folder = self.resolve_path(f"{letter}:.")
        attr = ref.attr & (search.ATTR_HIDDEN | search.ATTR_SYSTEM)
        return folder, [f for f in self.searches.matching(folder, tmpl, attr) if f.host is not None]

    @_status_on_error(FAILED)
    def f13_fcb_delete(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        letter = self._fcb_letter(ref)
        tmpl = self._fcb_name(ref)
        if ref.extended and search.label_only(ref.attr):
            label = self.volume_label(letter)
            if not label or not search.matches(tmpl, search.label_name11(label)):
                raise DosError(ERR_FILE_NOT_FOUND)
            self.set_volume_label(letter, None)
            r.al = 0
            return
        folder, found = self._fcb_matches(ref, letter, tmpl)
        if folder.drive.readonly:
            raise DosError(ERR_ACCESS_DENIED)
        deleted = 0
        for entry in found:
            if entry.attrs & (search.ATTR_READONLY | search.ATTR_DIRECTORY):
                continue
            try:
                os.unlink(entry.host)
            except OSError:
                continue
            self.drives.forget(entry.host)
            deleted += 1
        if not deleted:
            raise DosError(ERR_FILE_NOT_FOUND)
        r.al = 0

    @_status_on_error(FAILED)
    def f17_fcb_rename(self, r: Registers) -> None:
        ref = self._fcb_ref(r)
        letter = self._fcb_letter(ref)
        tmpl = self._fcb_name(ref)
        new = fcb.upper_name(self.ram.read(ref.addr + fcb.FCB_RENAME_NEW, 11))
        if ref.extended and search.label_only(ref.attr):
            label = self.volume_label(letter)
            if not label or not search.matches(tmpl, search.label_name11(label)):
                raise DosError(ERR_FILE_NOT_FOUND)
            target = fcb.rename_target(new, search.label_name11(label))
            self.set_volume_label(letter, target.decode("cp437").rstrip())
            r.al = 0
            return
        folder, found = self._fcb_matches(ref, letter, tmpl)
        if folder.drive.readonly:
            raise DosError(ERR_ACCESS_DENIED)
        renamed = 0
        for entry in found:
            if entry.attrs & search.ATTR_DIRECTORY:
                continue
            target = fcb.rename_target(new, entry.name11)
            if target == entry.name11:
                renamed += 1
                continue
            self._rename_one(folder, entry, target)
            renamed += 1
        if not renamed:
            raise DosError(ERR_FILE_NOT_FOUND)
        r.al = 0

    def _rename_one(self, folder, entry: search.Found, target11: bytes) -> None:
        if not fcb.valid_name(target11):
            raise DosError(ERR_ACCESS_DENIED)
        dest = self.drives.resolve(folder.dos.rstrip("\\") + "\\" + search.pack_name(target11))
        if dest.exists:
            raise DosError(ERR_FILE_EXISTS)
        try:
            os.rename(entry.host, dest.host)
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        self.drives.forget(entry.host)
        self.drives.note(dest.host)
        self.drives.moved(entry.host, dest.host)

    # -- 29h: parse a file name into an FCB ------------------------------------------------------
    def f29_parse_filename(self, r: Registers) -> None:
        src = (r.ds << 4) + r.si
        dst = (r.es << 4) + r.di
        data = self.ram.read(src, 128)
        used, fields, status = fcb.parse_filename(data, self.ram.read(dst, 12), r.al, self._valid_drive)
        self.ram.write(dst, fields + bytes(4))  # MS-DOS also clears the current block and record size
        r.si = (r.si + used) & 0xFFFF
        r.al = status

