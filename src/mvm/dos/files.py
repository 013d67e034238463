"""File handle calls of INT 21h: open, create, read, write, seek, close and their relatives.

Every handle call goes through the current process's job file table (JFT) to
an entry of the system file table (see sft.py). The table has DOS_FILES
entries (setting, 8-255, default 40, as CONFIG.SYS FILES=); entries 0-4 are
the standard devices CON, CON, CON, AUX and PRN that handles 0-4 of a program
started from the host point at.

Errors are those MS-DOS 5 returns: 2 file not found, 3 path not found (also a
forbidden character in a name or a drive that does not exist), 4 no handle or
no SFT entry left, 5 access denied (a folder, a read-only file, a read-only
drive, a handle opened without the access asked for), 6 bad handle, 12 bad
access code, 32 sharing violation, 33 lock violation, 80 file exists.
"""

from __future__ import annotations

import functools
import os
import stat
import time
from pathlib import Path

from ..errors import UsageError
from ..ist import Registers
from ..vdh import BLOCK
from . import process
from .constants import (
    ERR_ACCESS_DENIED,
    ERR_FILE_EXISTS,
    ERR_FILE_NOT_FOUND,
    ERR_INVALID_ACCESS,
    ERR_INVALID_DATA,
    ERR_INVALID_DRIVE,
    ERR_INVALID_FUNCTION,
    ERR_INVALID_HANDLE,
    ERR_LOCK_VIOLATION,
    ERR_NOT_ENOUGH_MEMORY,
    ERR_NOT_SAME_DEVICE,
    ERR_PATH_NOT_FOUND,
    ERR_SHARING_VIOLATION,
    ERR_TOO_MANY_OPEN_FILES,
    DosError,
)
from .devices import DEVICE_NAMES, PRINTER_DEFAULT, Device, device_base, make_devices
from .drives import ATTR_ARCHIVE, ATTR_DIRECTORY, ATTR_READONLY, ATTR_VOLUME, WILDCARDS, Resolved
from .mcb import DosMemoryError
from .sft import (
    ACCESS_READ_WRITE,
    FILE_CLEAN,
    MAX_FILE_SIZE,
    NO_INHERIT,
    Lock,
    OpenFile,
    Sft,
    dos_datetime,
)

DEFAULT_FILES = 40
STANDARD_DEVICES = ("CON", "CON", "CON", "AUX", "PRN")  # SFT entries 0-4: handles 0-4
FREE = 0xFF
MIB = 1 << 20
# Attribute bits a program may give a file with 43h/3Ch.
SETTABLE_ATTRS = 0x27


def files_setting(value: object) -> int:
    """The DOS_FILES setting as a number of SFT entries; UsageError with one line if bad."""
    try:
        n = int(str(value).strip(), 0)
    except ValueError:
        n = -1
    if not 8 <= n <= 255:
        raise UsageError(f"bad DOS_FILES setting {value!r}: use a number of files from 8 to 255")
    return n


class FileCalls:
    FUNCTIONS = {
        0x03: "f03_aux_input",
        0x04: "f04_aux_output",
        0x05: "f05_printer_output",
        0x3C: "f3c_create",
        0x3D: "f3d_open",
        0x3E: "f3e_close",
        0x3F: "f3f_read",
        0x40: "f40_write",
        0x41: "f41_delete",
        0x42: "f42_seek",
        0x43: "f43_attributes",
        0x44: "f44_ioctl",
        0x45: "f45_dup",
        0x46: "f46_force_dup",
        0x56: "f56_rename",
        0x57: "f57_date_time",
        0x5A: "f5a_create_temp",
        0x5B: "f5b_create_new",
        0x5C: "f5c_lock",
        0x67: "f67_handle_count",
        0x68: "f68_commit",
        0x6A: "f68_commit",
        0x6C: "f6c_extended_open",
    }

    def setup_group(self) -> None:
        settings = self.machine.settings
        self.sft = Sft(files_setting(settings.get("DOS_FILES", DEFAULT_FILES)))
        self.devices: dict[str, Device] = make_devices(str(settings.get("PRINTER_FILE", PRINTER_DEFAULT)))
        for name in STANDARD_DEVICES:
            entry = self.sft.add(OpenFile(mode=ACCESS_READ_WRITE, dos=name, device=self.devices[name]))
            entry.refs = 2  # the session's own PSP and the program started from the host
            entry.standard = True
        self._temp_counter = 0

    def files_session_end(self) -> None:
        """Close every host file and the printer: dates set by programs land on disk now.

        The table is left as a new session finds it (the five standard devices),
        so that a machine can run another program afterwards.
        """
        self.sft.close_all()
        for i, entry in enumerate(self.sft.entries):
            if i < len(STANDARD_DEVICES) and entry is not None and entry.device is not None:
                entry.refs = 2
            else:
                self.sft.entries[i] = None
        for device in set(self.devices.values()):
            device.close()

    # -- the job file table ----------------------------------------------------------------------
    def _jft(self, psp: int) -> tuple[int, int]:
        """Linear address and size of a process's JFT."""
        base = psp << 4
        size = self.ram.rw(base + process.PSP_JFT_SIZE)
        ptr = self.ram.rd(base + process.PSP_JFT_PTR)
        addr = ((ptr >> 16) << 4) + (ptr & 0xFFFF)
        return addr, max(0, min(size, MIB + 0xFFF0 - addr))

    def file_for_handle(self, handle: int, psp: int | None = None) -> OpenFile:
        addr, size = self._jft(self.current_psp if psp is None else psp)
        if handle >= size:
            raise DosError(ERR_INVALID_HANDLE)
        entry = self.sft.get(self.ram.rb(addr + handle))
        if entry is None:
            raise DosError(ERR_INVALID_HANDLE)
        return entry

    def open_handle(self, psp: int, file: OpenFile) -> int:
        """Give `file` the lowest free handle of `psp`; DosError(4) (and the file closed) if none."""
        addr, size = self._jft(psp)
        handle = self.ram.read(addr, size).find(FREE)
        if handle < 0:
            if file.refs == 0:
                file.refs = 1
                self.sft.release(file)
            raise DosError(ERR_TOO_MANY_OPEN_FILES)
        self.ram.wb(addr + handle, file.index)
        file.refs += 1
        return handle

    def close_handle(self, handle: int, psp: int | None = None) -> None:
        psp = self.current_psp if psp is None else psp
        entry = self.file_for_handle(handle, psp)
        addr, _ = self._jft(psp)
        self.ram.wb(addr + handle, FREE)
        self._release(entry)

    def dup_into(self, psp: int, handle: int, file: OpenFile) -> None:
        """Make `handle` of `psp` refer to `file` (closing what it referred to), as 46h does."""
        addr, size = self._jft(psp)
        if handle >= size:
            raise DosError(ERR_INVALID_HANDLE)
        old = self.sft.get(self.ram.rb(addr + handle))
        file.refs += 1
        self.ram.wb(addr + handle, file.index)
        if old is not None:
            self._release(old)

    def inherit_handles(self, parent_psp: int, child_psp: int) -> None:
        """Copy the parent's handles into the child's JFT, except those opened with bit 80h."""
        p_addr, p_size = self._jft(parent_psp)
        c_addr, c_size = self._jft(child_psp)
        table = bytearray([FREE]) * c_size
        for handle in range(min(p_size, c_size)):
            entry = self.sft.get(self.ram.rb(p_addr + handle))
            if entry is None or entry.mode & NO_INHERIT:
                continue
            entry.refs += 1
            table[handle] = entry.index
        self.ram.write(c_addr, bytes(table))

    def close_process_handles(self, psp: int) -> None:
        addr, size = self._jft(psp)
        for handle, index in enumerate(self.ram.read(addr, size)):
            entry = self.sft.get(index)
            if index != FREE and entry is not None:
                self.ram.wb(addr + handle, FREE)
                self._release(entry)

    def _release(self, entry: OpenFile) -> None:
        last = entry.refs <= 1
        self.sft.release(entry)
        if last and entry.written and entry.host is not None:
            self.drives.mark_archive(entry.host)

    # -- opening ------------------------------------------------------------------------------------
    def device_for(self, dos_path: str) -> Device | None:
        """The device a path names (any folder that exists, any extension), or None."""
        path = dos_path.replace("/", "\\")
        head, sep, last = path.rpartition("\\")
        if not sep and len(path) >= 2 and path[1] == ":":
            head, last = path[:2], path[2:]
        device = self.devices.get(device_base(last))
        if device is None:
            return None
        if len(head) >= 2 and head[1] == ":" and head[0].upper() not in self.drives.drives:
            raise DosError(ERR_PATH_NOT_FOUND)
        folder = head[2:] if len(head) >= 2 and head[1] == ":" else head
        if folder.upper().rstrip("\\").endswith("\\DEV") or folder.upper() == "DEV" or not folder.strip("\\"):
            return device
        found = self._resolve_file(head + "\\")
        if not found.exists or not found.host.is_dir():
            raise DosError(ERR_PATH_NOT_FOUND)
        return device

    def _device_entry(self, device: Device, mode: int) -> OpenFile:
        return self.sft.add(OpenFile(mode=mode, dos=device.name, device=device, owner=self.current_psp))

    def _check_sharing(self, key: tuple[int, int], access: int, share: int) -> None:
        for other in self.sft.same_file(key):
            if other.conflicts(access, share):
                raise DosError(ERR_SHARING_VIOLATION)

    def open_file(self, dos_path: str, mode: int) -> OpenFile:
        """Open an existing file or a device (3Dh); not yet in any JFT."""
        access, share = mode & 7, (mode >> 4) & 7
        if access > 2 or share > 4 or mode & 0x08:
            raise DosError(ERR_INVALID_ACCESS)
        device = self.device_for(dos_path)
        if device is not None:
            return self._device_entry(device, mode)
        found = self._resolve_file(dos_path)
        if not found.exists or not found.name:
            raise DosError(ERR_FILE_NOT_FOUND)  # the root has no entry to open
        return self._open_existing(found, mode)

    def _resolve_file(self, dos_path: str) -> Resolved:
        """Resolve the path of a handle call: errors as MS-DOS gives them for files.

        An empty name and a wildcard are "file not found"; a drive that does not
        exist is "path not found" (error 15 is for the drive calls).
        """
        if not dos_path:
            raise DosError(ERR_FILE_NOT_FOUND)
        try:
            found = self.drives.resolve(dos_path, wildcards=True)
        except DosError as err:
            raise DosError(ERR_PATH_NOT_FOUND if err.code == ERR_INVALID_DRIVE else err.code) from None
        if WILDCARDS & set(found.name):
            raise DosError(ERR_FILE_NOT_FOUND)
        return found

    def _open_existing(self, found: Resolved, mode: int, truncate: bool = False) -> OpenFile:
        access, share = mode & 7, (mode >> 4) & 7
        try:
            st = os.stat(found.host)
        except OSError:
            raise DosError(ERR_FILE_NOT_FOUND) from None
        if os.path.isdir(found.host):
            raise DosError(ERR_ACCESS_DENIED)
        writing = access != 0 or truncate
        if writing and (found.drive.readonly or self.drives.attrs_of(found.host, st) & ATTR_READONLY):
            raise DosError(ERR_ACCESS_DENIED)
        key = (st.st_dev, st.st_ino)
        self._check_sharing(key, ACCESS_READ_WRITE if truncate else access, share)
        flags = (os.O_RDONLY, os.O_WRONLY, os.O_RDWR)[access] | (os.O_TRUNC if truncate else 0)
        fd = self._host_open(found.host, flags)
        if truncate:
            self.drives.mark_archive(found.host)
        entry = OpenFile(mode=mode, dos=found.dos, fd=fd, host=found.host, drive=found.drive, key=key,
                         owner=self.current_psp)
        return self.sft.add(entry)

    @staticmethod
    def _host_open(host: Path, flags: int, perms: int = 0o666) -> int:
        """A host descriptor for a regular file; a FIFO or device node is refused, never waited on."""
        extra = getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        try:
            fd = os.open(host, flags | extra, perms)
        except FileExistsError:
            raise DosError(ERR_FILE_EXISTS) from None
        except FileNotFoundError:
            raise DosError(ERR_PATH_NOT_FOUND) from None
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        try:
            regular = stat.S_ISREG(os.fstat(fd).st_mode)
        except OSError:
            regular = False
        if not regular:
            os.close(fd)
            raise DosError(ERR_ACCESS_DENIED)
        return fd

    def create_file(self, dos_path: str, attrs: int = 0, *, new: bool = False, mode: int = ACCESS_READ_WRITE,
                    ) -> OpenFile:
        """Create or truncate a file (3Ch; 5Bh with new=True); a device name opens the device."""
        device = self.device_for(dos_path)
        if device is not None:
            return self._device_entry(device, mode)
        if attrs & (ATTR_VOLUME | ATTR_DIRECTORY):
            raise DosError(ERR_ACCESS_DENIED)
        found = self._resolve_file(dos_path)
        if not found.name:
            raise DosError(ERR_ACCESS_DENIED)
        if found.drive.readonly:
            raise DosError(ERR_ACCESS_DENIED)
        if found.exists:
            if new:
                raise DosError(ERR_FILE_EXISTS)
            entry = self._open_existing(found, mode, truncate=True)
        else:
            fd = self._host_open(found.host, os.O_RDWR | os.O_CREAT | os.O_EXCL)
            self.drives.note(found.host)
            st = os.fstat(fd)
            entry = self.sft.add(OpenFile(mode=mode, dos=found.dos, fd=fd, host=found.host, drive=found.drive,
                                          key=(st.st_dev, st.st_ino), owner=self.current_psp))
        entry.written = True
        if attrs & SETTABLE_ATTRS != 0:
            try:
                self.drives.set_attrs(found.host, (attrs & SETTABLE_ATTRS) | ATTR_ARCHIVE)
            except OSError:
                pass
        return entry

    def _open_to_handle(self, r: Registers, file: OpenFile) -> None:
        r.ax = self.open_handle(self.current_psp, file)
        self.succeed(r)

    def _path_arg(self, seg: int, off: int) -> str:
        return self.guest_string(seg, off)

    # -- 3Ch-3Eh, 5Ah, 5Bh, 6Ch: opening and closing ------------------------------------------------
    def _need_free_handle(self) -> None:
        addr, size = self._jft(self.current_psp)
        if self.ram.read(addr, size).find(FREE) < 0:
            raise DosError(ERR_TOO_MANY_OPEN_FILES)

    def f3c_create(self, r: Registers) -> None:
        self._need_free_handle()
        self._open_to_handle(r, self.create_file(self._path_arg(r.ds, r.dx), r.cx))

    def f3d_open(self, r: Registers) -> None:
        mode = r.al
        path = self._path_arg(r.ds, r.dx)
        if mode & 7 > 2 or (mode >> 4) & 7 > 4:
            raise DosError(ERR_INVALID_ACCESS)
        self._need_free_handle()
        self._open_to_handle(r, self.open_file(path, mode))

    def f3e_close(self, r: Registers) -> None:
        self.close_handle(r.bx)
        self.succeed(r)

    def f5b_create_new(self, r: Registers) -> None:
        self._need_free_handle()
        self._open_to_handle(r, self.create_file(self._path_arg(r.ds, r.dx), r.cx, new=True))

    def f5a_create_temp(self, r: Registers) -> None:
        addr = (r.ds << 4) + r.dx
        folder = self._path_arg(r.ds, r.dx)
        if folder and not folder.endswith(("\\", "/", ":")):
            folder += "\\"
        self._need_free_handle()
        for _ in range(1000):
            self._temp_counter += 1
            name = f"{(time.time_ns() // 1000 + self._temp_counter * 7919) & 0xFFFFFFFF:08X}"
            try:
                file = self.create_file(folder + name, r.cx, new=True)
            except DosError as err:
                if err.code == ERR_FILE_EXISTS:
                    continue
                raise
            self.ram.write(addr, (folder + name).encode("cp437", "replace") + b"\0")
            self._open_to_handle(r, file)
            return
        raise DosError(ERR_ACCESS_DENIED)

    def f6c_extended_open(self, r: Registers) -> None:
        mode, attrs, action = r.bx & 0xFF, r.cx, r.dx
        path = self._path_arg(r.ds, r.si)
        if_exists, if_missing = action & 0x0F, (action >> 4) & 0x0F
        if if_exists > 2 or if_missing > 1 or action & 0xFF00 or (if_exists == 0 and if_missing == 0):
            raise DosError(ERR_INVALID_FUNCTION)
        if mode & 7 > 2 or (mode >> 4) & 7 > 4:
            raise DosError(ERR_INVALID_ACCESS)
        self._need_free_handle()
        device = self.device_for(path)
        if device is not None:
            self._open_to_handle(r, self._device_entry(device, mode))
            r.cx = 1
            return
        found = self._resolve_file(path)
        if found.exists:
            if if_exists == 0:
                raise DosError(ERR_FILE_EXISTS)
            if if_exists == 1:
                file, status = self._open_existing(found, mode), 1
            else:
                file, status = self.create_file(path, attrs, mode=mode), 3
        else:
            if if_missing == 0:
                raise DosError(ERR_FILE_NOT_FOUND)
            file, status = self.create_file(path, attrs, new=True, mode=mode), 2
        self._open_to_handle(r, file)
        r.cx = status

    # -- 03h-05h: the standard auxiliary and printer handles --------------------------------------
    def write_handle(self, handle: int, data: bytes) -> int:
        """Write bytes to a handle of the current process (a file or a device); bytes written."""
        entry = self.file_for_handle(handle)
        if entry.device is not None:
            return entry.device.write(self, data)
        if not entry.can_write:
            raise DosError(ERR_ACCESS_DENIED)
        done = _write_all(entry.fd, [memoryview(data)], entry.pos) if data else 0
        entry.pos += done
        entry.written = True
        entry.info &= ~FILE_CLEAN
        return done

    def read_handle(self, handle: int, count: int):
        """Up to `count` bytes from a handle of the current process, or BLOCK (a device waiting)."""
        entry = self.file_for_handle(handle)
        if entry.device is not None:
            return entry.device.read(self, count)
        if not entry.can_read:
            raise DosError(ERR_ACCESS_DENIED)
        try:
            data = os.pread(entry.fd, count, entry.pos)
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        entry.pos += len(data)
        return data

    def stdout_write(self, data: bytes) -> None:
        """Character output as DOS's 02h/06h/09h do it: through handle 1, wherever it points."""
        try:
            entry = self.file_for_handle(1)
        except DosError:
            return  # standard output closed: the text goes nowhere, as on DOS
        if entry.device is not None:
            entry.device.write(self, data)
            return
        try:
            self.write_handle(1, data)
        except DosError:
            pass

    def stdin_file(self) -> OpenFile | None:
        """The file behind handle 0 when standard input is redirected from one, else None."""
        try:
            entry = self.file_for_handle(0)
        except DosError:
            return None
        return entry if entry.device is None else None

    def f03_aux_input(self, r: Registers):
        try:
            data = self.read_handle(3, 1)
        except DosError:
            data = b""
        if data is BLOCK:
            return BLOCK
        r.al = data[0] if data else 0x1A
        return None

    def f04_aux_output(self, r: Registers) -> None:
        try:
            self.write_handle(3, bytes((r.dl,)))
        except DosError:
            pass  # DOS reports nothing for these calls

    def f05_printer_output(self, r: Registers) -> None:
        try:
            self.write_handle(4, bytes((r.dl,)))
        except DosError:
            pass

    # -- 3Fh, 40h, 42h: data ---------------------------------------------------------------------------
    def _guest_buffer(self, seg: int, off: int, count: int) -> list[memoryview]:
        """The guest memory DS:DX..+count as views (two when it wraps at 1 MiB with A20 off)."""
        mem = self.ram.mem
        start = (seg << 4) + off
        if not self.vdh.a20():
            start &= MIB - 1
            if start + count > MIB:
                return [mem[start:MIB], mem[0:start + count - MIB]]
        end = min(start + count, self.ram.size)
        return [mem[start:end]]

    def f3f_read(self, r: Registers):
        entry = self.file_for_handle(r.bx)
        count = r.cx
        if entry.device is not None:
            data = entry.device.read(self, count)
            if data is BLOCK:
                return BLOCK
            self._to_guest(r.ds, r.dx, data)
            r.ax = len(data)
            r.cf = False
            return None
        if not entry.can_read:
            raise DosError(ERR_ACCESS_DENIED)
        if self.sft.locks and self.sft.locked_by_other(entry, entry.pos, count):
            raise DosError(ERR_LOCK_VIOLATION)
        views = self._guest_buffer(r.ds, r.dx, count)
        try:
            got = os.preadv(entry.fd, views, entry.pos) if count else 0
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        finally:
            for v in views:
                v.release()
        entry.pos += got
        r.ax = got
        r.cf = False
        return None

    def _to_guest(self, seg: int, off: int, data: bytes) -> None:
        pos = 0
        for view in self._guest_buffer(seg, off, len(data)):
            n = len(view)
            view[:] = data[pos:pos + n]
            pos += n
            view.release()

    def f40_write(self, r: Registers) -> None:
        entry = self.file_for_handle(r.bx)
        count = r.cx
        if entry.device is not None:
            views = self._guest_buffer(r.ds, r.dx, count)
            data = b"".join(bytes(v) for v in views)
            r.ax = entry.device.write(self, data)
            r.cf = False
            return
        if not entry.can_write:
            raise DosError(ERR_ACCESS_DENIED)
        if self.sft.locks and self.sft.locked_by_other(entry, entry.pos, count):
            raise DosError(ERR_LOCK_VIOLATION)
        entry.written = True
        entry.info &= ~FILE_CLEAN
        if count == 0:
            self._truncate(entry)
            r.ax = 0
            r.cf = False
            return
        room = MAX_FILE_SIZE - entry.pos
        if room <= 0:  # a full disk: nothing written, and no error
            r.ax = 0
            r.cf = False
            return
        views = self._guest_buffer(r.ds, r.dx, min(count, room))
        try:
            done = _write_all(entry.fd, views, entry.pos)
        finally:
            for v in views:
                v.release()
        entry.pos += done
        r.ax = done
        r.cf = False

    @staticmethod
    def _truncate(entry: OpenFile) -> None:
        """A zero-length write: the file ends (or is extended) at the current position."""
        try:
            os.ftruncate(entry.fd, min(entry.pos, MAX_FILE_SIZE))
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None

    def f42_seek(self, r: Registers) -> None:
        entry = self.file_for_handle(r.bx)
        origin = r.al
        if origin > 2:
            raise DosError(ERR_INVALID_FUNCTION)
        offset = (r.cx << 16) | r.dx
        if offset & 0x80000000:
            offset -= 1 << 32
        if entry.device is not None:
            new = 0
        else:
            base = (0, entry.pos, entry.size())[origin]
            new = (base + offset) & 0xFFFFFFFF  # DOS keeps a 32-bit position, before the start too
        entry.pos = new
        r.dx, r.ax = new >> 16, new & 0xFFFF
        r.cf = False

    # -- 41h, 43h, 56h, 57h: names, attributes and times -------------------------------------------
    def f41_delete(self, r: Registers) -> None:
        path = self._path_arg(r.ds, r.dx)
        if self.device_for(path) is not None:
            raise DosError(ERR_ACCESS_DENIED)
        found = self._resolve_file(path)
        if not found.exists:
            raise DosError(ERR_FILE_NOT_FOUND)
        if found.host.is_dir() or found.drive.readonly or self.drives.attrs_of(found.host) & ATTR_READONLY:
            raise DosError(ERR_ACCESS_DENIED)
        try:
            os.unlink(found.host)
        except FileNotFoundError:
            raise DosError(ERR_FILE_NOT_FOUND) from None
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        self.drives.forget(found.host)
        self.succeed(r)

    def f43_attributes(self, r: Registers) -> None:
        if r.al > 1:
            raise DosError(ERR_INVALID_FUNCTION)
        path = self._path_arg(r.ds, r.dx)
        if self.device_for(path) is not None:
            if r.al == 1:
                raise DosError(ERR_ACCESS_DENIED)
            r.cx = 0
            r.ax = 0
            self.succeed(r)
            return
        found = self._resolve_file(path)
        if not found.exists:
            raise DosError(ERR_FILE_NOT_FOUND)
        if not found.name:
            raise DosError(ERR_PATH_NOT_FOUND)
        if r.al == 0:
            r.cx = r.ax = self.drives.attrs_of(found.host)
            self.succeed(r)
            return
        attrs = r.cx
        is_dir = found.host.is_dir()
        if attrs & ~SETTABLE_ATTRS & 0xFFFF and not (is_dir and attrs & ~(SETTABLE_ATTRS | ATTR_DIRECTORY) == 0):
            raise DosError(ERR_ACCESS_DENIED)
        if found.drive.readonly:
            raise DosError(ERR_ACCESS_DENIED)
        try:
            self.drives.set_attrs(found.host, attrs & SETTABLE_ATTRS)
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        self.succeed(r)

    def f56_rename(self, r: Registers) -> None:
        old_path = self._path_arg(r.ds, r.dx)
        new_path = self._path_arg(r.es, r.di)
        if self.device_for(old_path) is not None or self.device_for(new_path) is not None:
            raise DosError(ERR_ACCESS_DENIED)
        old = self._resolve_file(old_path)
        if not old.exists:
            raise DosError(ERR_FILE_NOT_FOUND)
        new = self.drives.resolve(new_path) if new_path else None
        if new is None:
            raise DosError(ERR_PATH_NOT_FOUND)
        if new.drive is not old.drive:
            raise DosError(ERR_NOT_SAME_DEVICE)
        if old.drive.readonly or not old.name or not new.name:
            raise DosError(ERR_ACCESS_DENIED)
        same_entry = new.exists and new.host == old.host
        if new.exists and not same_entry:
            raise DosError(ERR_ACCESS_DENIED)
        if old.host.is_dir() and new.parent_host != old.parent_host:
            raise DosError(ERR_ACCESS_DENIED)  # DOS renames a folder in place only
        target = new.parent_host / new.name if not same_entry else old.parent_host / new.name
        try:
            os.rename(old.host, target)
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        self.drives.moved(old.host, target)
        self.drives.forget(old.host)
        self.drives.note(target)
        for entry in self.sft.entries:  # open handles follow the file, as on DOS
            if entry is not None and entry.host == old.host:
                entry.host, entry.dos = target, new.dos
        self.succeed(r)

    def f57_date_time(self, r: Registers) -> None:
        entry = self.file_for_handle(r.bx)
        if r.al == 0:
            if entry.set_time is not None:
                r.cx, r.dx = entry.set_time
            elif entry.device is not None:
                r.cx, r.dx = dos_datetime(time.time())
            else:
                try:
                    r.cx, r.dx = dos_datetime(os.fstat(entry.fd).st_mtime)
                except OSError:
                    raise DosError(ERR_ACCESS_DENIED) from None
            self.succeed(r)
        elif r.al == 1:
            if entry.device is None:
                if entry.drive is not None and entry.drive.readonly:
                    raise DosError(ERR_ACCESS_DENIED)
                entry.set_time = (r.cx, r.dx)
                entry.info &= ~FILE_CLEAN
            self.succeed(r)
        else:
            raise DosError(ERR_INVALID_FUNCTION)

    # -- 44h: IOCTL --------------------------------------------------------------------------------------
    def f44_ioctl(self, r: Registers) -> None:
        sub = r.al
        if sub in (0x00, 0x01, 0x02, 0x03, 0x06, 0x07, 0x0A, 0x0C, 0x10):
            entry = self.file_for_handle(r.bx)
            self._ioctl_handle(r, sub, entry)
        elif sub in (0x04, 0x05, 0x08, 0x09, 0x0D, 0x0E, 0x0F, 0x11):
            drive = self._ioctl_drive(r.bl)
            self._ioctl_drive_call(r, sub, drive)
        elif sub == 0x0B:
            self.succeed(r)  # sharing retry count: nothing to retry on the host
        else:
            raise DosError(ERR_INVALID_FUNCTION)

    def _ioctl_handle(self, r: Registers, sub: int, entry: OpenFile) -> None:
        if sub == 0x00:
            r.dx = entry.info
            r.ax = entry.info
        elif sub == 0x01:
            if entry.device is None:
                raise DosError(ERR_INVALID_FUNCTION)
            if r.dh:
                raise DosError(ERR_INVALID_DATA)
            entry.info = (entry.info & 0xFF80) | (r.dl & 0x7F) | 0x80
        elif sub == 0x06:
            if entry.device is not None:
                ready = entry.device.input_ready(self)
            else:
                ready = entry.can_read and entry.pos < entry.size()
            r.al = 0xFF if ready else 0x00
        elif sub == 0x07:
            r.al = 0xFF
        elif sub == 0x0A:
            r.dx = entry.info & 0x7FFF if entry.device is not None else entry.info & 0x003F
        else:
            raise DosError(ERR_INVALID_FUNCTION)  # no device here takes IOCTL strings
        self.succeed(r)

    def _ioctl_drive(self, number: int):
        letter = self.drives.current if number == 0 else chr(ord("A") + number - 1) if number <= 26 else "?"
        drive = self.drives.drives.get(letter)
        if drive is None:
            raise DosError(ERR_INVALID_DRIVE)
        return drive

    def _ioctl_drive_call(self, r: Registers, sub: int, drive) -> None:
        if sub == 0x08:
            r.ax = 1  # fixed disk
        elif sub == 0x09:
            r.dx = 0x0000  # a local drive: programs then treat it as a disk of their own
        elif sub in (0x0E, 0x0F):
            r.al = 0  # one letter per drive
        else:
            raise DosError(ERR_INVALID_FUNCTION)
        self.succeed(r)

    # -- 45h, 46h, 67h, 68h: handles -----------------------------------------------------------------
    def f45_dup(self, r: Registers) -> None:
        entry = self.file_for_handle(r.bx)
        r.ax = self.open_handle(self.current_psp, entry)
        self.succeed(r)

    def f46_force_dup(self, r: Registers) -> None:
        entry = self.file_for_handle(r.bx)
        if r.cx != r.bx:
            self.dup_into(self.current_psp, r.cx, entry)
        r.ax = r.cx
        self.succeed(r)

    def f67_handle_count(self, r: Registers) -> None:
        psp = self.current_psp
        want = r.bx
        addr, size = self._jft(psp)
        base = psp << 4
        in_psp = addr == base + process.PSP_JFT
        if want <= process.JFT_SIZE and in_psp:
            self.succeed(r)  # the table in the PSP already holds that many
            return
        table = self.ram.read(addr, size)
        used = [h for h, index in enumerate(table) if index != FREE]
        if used and used[-1] >= want:
            raise DosError(ERR_TOO_MANY_OPEN_FILES)
        if want <= process.JFT_SIZE:
            if not in_psp:
                new_table = table[:want].ljust(process.JFT_SIZE, bytes((FREE,)))
                self.ram.write(base + process.PSP_JFT, new_table)
                self._set_jft(psp, process.PSP_JFT, psp, process.JFT_SIZE)
                self._free_jft_block(addr)
            self.succeed(r)
            return
        paras = (want + 15) >> 4
        try:
            seg = self.arena.allocate(paras, psp)
        except DosMemoryError:
            raise DosError(ERR_NOT_ENOUGH_MEMORY) from None
        self.ram.write(seg << 4, table[:want].ljust(want, bytes((FREE,))))
        self._set_jft(psp, 0, seg, want)
        if not in_psp:
            self._free_jft_block(addr)
        self.succeed(r)

    def _set_jft(self, psp: int, off: int, seg: int, size: int) -> None:
        base = psp << 4
        self.ram.ww(base + process.PSP_JFT_SIZE, size)
        self.ram.ww(base + process.PSP_JFT_PTR, off)
        self.ram.ww(base + process.PSP_JFT_PTR + 2, seg)

    def _free_jft_block(self, addr: int) -> None:
        if addr & 0xF == 0:
            try:
                self.arena.free(addr >> 4)
            except DosMemoryError:
                pass

    def f68_commit(self, r: Registers) -> None:
        self.file_for_handle(r.bx)  # the data is in the host file already: nothing to flush
        self.succeed(r)

    # -- 5Ch: record locks ----------------------------------------------------------------------------
    def f5c_lock(self, r: Registers) -> None:
        entry = self.file_for_handle(r.bx)
        if r.al > 1:
            raise DosError(ERR_INVALID_FUNCTION)
        if entry.key is None:
            raise DosError(ERR_INVALID_FUNCTION)
        start = (r.cx << 16) | r.dx
        length = (r.si << 16) | r.di
        locks = self.sft.locks.setdefault(entry.key, [])
        if r.al == 0:
            end = start + length
            if any(lk.start < end and start < lk.end for lk in locks):
                raise DosError(ERR_LOCK_VIOLATION)
            locks.append(Lock(start, end, entry))
        else:
            for lk in locks:
                if lk.owner is entry and lk.start == start and lk.end == start + length:
                    locks.remove(lk)
                    break
            else:
                raise DosError(ERR_LOCK_VIOLATION)
        if not locks:
            del self.sft.locks[entry.key]
        self.succeed(r)


def _write_all(fd: int, views: list[memoryview], pos: int) -> int:
    """pwritev until everything is written; a full host disk ends it early (DOS: AX < CX)."""
    done = 0
    for view in views:
        while len(view):
            try:
                n = os.pwrite(fd, view, pos + done)
            except OSError:
                return done
            if n <= 0:
                return done
            done += n
            view = view[n:]
    return done


def _host_errors(fn):
    """A host error nobody foresaw still reaches the guest as a DOS error, never as an exception."""

    @functools.wraps(fn)
    def call(self, r: Registers):
        try:
            return fn(self, r)
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None

    return call


for _name in set(FileCalls.FUNCTIONS.values()):
    setattr(FileCalls, _name, _host_errors(getattr(FileCalls, _name)))

__all__ = ["FileCalls", "DEVICE_NAMES", "files_setting"]
