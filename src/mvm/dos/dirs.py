"""Directory and search calls of INT 21h: drives and folders, find first/next, DTA, truename.

Conventions that follow MS-DOS 5 (and DOSBox where it agrees):

- 0Eh reports 26 logical drives (LASTDRIVE=Z), as DOSBox does.
- A path naming a drive that does not exist gives error 3 (path not found) to
  the path calls (39h-3Bh, 4Eh, 60h); 47h and 36h, which take a drive number,
  give 15 and AX=FFFFh.
- Find first with no match gives 18 (no more files), as MS-DOS 5 and DOSBox
  do; a folder on the way that does not exist gives 3. Naming the root folder
  itself ("C:\\") finds nothing.
- Every drive has a volume label, `X_DRIVE` for drive X as DOSBox's MOUNT
  gives one; the setting LABEL_X=NAME sets another (up to 11 characters) and
  LABEL_X= (empty) leaves the drive without a label.
- The DTA is kept per process: a program's DTA is its PSP:0080h until it sets
  another, and a parent's DTA is its own again when a child ends.
"""

from __future__ import annotations

import os
import shutil
import time

from ..ist import Registers
from . import search
from .constants import (
    ERR_ACCESS_DENIED,
    ERR_CURRENT_DIRECTORY,
    ERR_FILE_NOT_FOUND,
    ERR_INVALID_DRIVE,
    ERR_NO_MORE_FILES,
    ERR_PATH_NOT_FOUND,
    DosError,
)
from .devices import DEVICE_NAMES, device_base
from .drives import dos_component

LASTDRIVE = 26  # AL of INT 21h/0Eh
MAX_CWD = 63  # the longest current folder DOS can hold (47h fills a 64-byte buffer)
DTA_DEFAULT_OFFSET = 0x80
# INT 21h/36h geometry: 32 KiB clusters of 512-byte sectors; counts stop short of 2 GiB
# so that programs multiplying them in signed 32 bits stay right.
SECTOR_BYTES = 512
CLUSTER_SECTORS = 64
MAX_CLUSTERS = 0xFFFE


class DirCalls:
    FUNCTIONS = {
        0x0E: "f0e_select_disk",
        0x19: "f19_current_disk",
        0x1A: "f1a_set_dta",
        0x2F: "f2f_get_dta",
        0x36: "f36_free_space",
        0x39: "f39_mkdir",
        0x3A: "f3a_rmdir",
        0x3B: "f3b_chdir",
        0x47: "f47_getcwd",
        0x4E: "f4e_find_first",
        0x4F: "f4f_find_next",
        0x60: "f60_truename",
    }

    def setup_group(self) -> None:
        self._dtas: dict[int, int] = {}  # PSP -> DTA (segment << 16 | offset)
        self._labels: dict[str, str | None] = {}  # labels set in this session (FCB calls)
        self.searches = search.Searches(self.drives, self.volume_label)

    # -- the disk transfer address -------------------------------------------------------------
    def dta_far(self) -> tuple[int, int]:
        """The current process's DTA as (segment, offset)."""
        psp = self.current_psp
        far = self._dtas.get(psp)
        if far is None:
            return psp, DTA_DEFAULT_OFFSET
        return far >> 16, far & 0xFFFF

    def dta(self) -> int:
        """The linear address of the current DTA."""
        seg, off = self.dta_far()
        return (seg << 4) + off

    def reset_dta(self, psp: int) -> None:
        """A new process at `psp` starts with its DTA at PSP:0080h (call when a PSP is made)."""
        self._dtas.pop(psp, None)

    def f1a_set_dta(self, r: Registers) -> None:
        self._dtas[self.current_psp] = (r.ds << 16) | r.dx

    def f2f_get_dta(self, r: Registers) -> None:
        r.es, r.bx = self.dta_far()

    # -- drives ---------------------------------------------------------------------------------
    def volume_label(self, letter: str) -> str | None:
        """The label drive `letter` reports (None: no label)."""
        letter = letter.upper()
        if letter in self._labels:
            return self._labels[letter]
        value = self.machine.settings.get(f"LABEL_{letter}")
        if value is None:
            return f"{letter.upper()}_DRIVE"
        return str(value).strip().upper()[:11] or None

    def set_volume_label(self, letter: str, label: str | None) -> None:
        """Give drive `letter` a label for the rest of the session (None or "": no label)."""
        self._labels[letter.upper()] = (label or "").strip().upper()[:11] or None

    def _drive_letter(self, number: int) -> str:
        """Drive number as 36h/47h take it (0 = default, 1 = A:) to a letter; DosError(15) if none."""
        letter = self.drives.current if number == 0 else chr(ord("A") + number - 1) if number <= 26 else ""
        if letter not in self.drives.drives:
            raise DosError(ERR_INVALID_DRIVE)
        return letter

    def f0e_select_disk(self, r: Registers) -> None:
        if r.dl < 26:
            letter = chr(ord("A") + r.dl)
            if letter in self.drives.drives:
                self.drives.current = letter
        r.al = LASTDRIVE

    def f19_current_disk(self, r: Registers) -> None:
        r.al = ord(self.drives.current) - ord("A")

    def f36_free_space(self, r: Registers) -> None:
        try:
            letter = self._drive_letter(r.dl)
        except DosError:
            r.ax = 0xFFFF
            return
        try:
            usage = shutil.disk_usage(self.drives.drives[letter].root)
            total, free = usage.total, usage.free
        except OSError:
            total = free = 0
        cluster = SECTOR_BYTES * CLUSTER_SECTORS
        r.ax = CLUSTER_SECTORS
        r.bx = min(free // cluster, MAX_CLUSTERS)
        r.cx = SECTOR_BYTES
        r.dx = min(max(total // cluster, 1), MAX_CLUSTERS)

    # -- folders --------------------------------------------------------------------------------
    def resolve_path(self, path: str, *, wildcards: bool = False):
        """Resolve a guest path for the path calls: a drive that does not exist is error 3."""
        if not path:
            raise DosError(ERR_PATH_NOT_FOUND)
        try:
            return self.drives.resolve(path, wildcards=wildcards)
        except DosError as err:
            if err.code == ERR_INVALID_DRIVE:
                raise DosError(ERR_PATH_NOT_FOUND) from None
            raise

    def _folder(self, path: str):
        """An existing folder, or DosError(3)."""
        target = self.resolve_path(path)
        if not target.exists or not target.host.is_dir():
            raise DosError(ERR_PATH_NOT_FOUND)
        return target

    @staticmethod
    def _writable(target) -> None:
        if target.drive.readonly:
            raise DosError(ERR_ACCESS_DENIED)

    def f39_mkdir(self, r: Registers) -> None:
        target = self.resolve_path(self.guest_string(r.ds, r.dx))
        if target.exists or len(target.dos) <= 3:
            raise DosError(ERR_ACCESS_DENIED)
        self._writable(target)
        try:
            target.host.mkdir()
        except FileNotFoundError:
            raise DosError(ERR_PATH_NOT_FOUND) from None
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        self.drives.note(target.host)
        self.succeed(r)

    def f3a_rmdir(self, r: Registers) -> None:
        target = self._folder(self.guest_string(r.ds, r.dx))
        letter, rel = target.dos[0], target.dos[3:]
        if not rel:
            raise DosError(ERR_ACCESS_DENIED)  # the root folder
        if self.drives.cwd.get(letter, "").upper() == rel:
            raise DosError(ERR_CURRENT_DIRECTORY)
        self._writable(target)
        try:
            with os.scandir(target.host) as entries:
                if next(entries, None) is not None:
                    raise DosError(ERR_ACCESS_DENIED)  # not empty
            target.host.rmdir()
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None
        self.drives.forget(target.host)
        self.succeed(r)

    def f3b_chdir(self, r: Registers) -> None:
        target = self._folder(self.guest_string(r.ds, r.dx))
        rel = target.dos[3:]
        if len(rel) > MAX_CWD:
            raise DosError(ERR_PATH_NOT_FOUND)
        self.drives.cwd[target.dos[0]] = rel
        self.succeed(r)

    def f47_getcwd(self, r: Registers) -> None:
        letter = self._drive_letter(r.dl)
        text = self.drives.cwd.get(letter, "").encode("cp437", "replace")[:MAX_CWD]
        self.ram.write((r.ds << 4) + r.si, text + b"\0")
        r.ax = 0x0100  # what MS-DOS leaves on success
        self.succeed(r)

    # -- find first / find next -----------------------------------------------------------------
    def find_first(self, spec: str, attr: int) -> tuple[bytes, search.Found]:
        """Start a search for a file spec; returns (21 state bytes, first entry found)."""
        target = self.resolve_path(spec, wildcards=True)
        last = target.name
        if not last:
            raise DosError(ERR_NO_MORE_FILES)  # the root folder itself
        folder = self._folder(target.dos[: -len(last)])
        if not search.WILDCARD_CHARS & set(last) and device_base(last) in DEVICE_NAMES:
            return self._found_device(folder.dos[0], device_base(last))
        return self.searches.start(folder, search.template(last), attr & 0xFF)

    @staticmethod
    def _found_device(letter: str, name: str) -> tuple[bytes, search.Found]:
        """Find first on a device name finds the device (attribute 40h, the time now)."""
        t, d = search.dos_time_date(time.time())
        found = search.Found(search.name11(name), search.ATTR_DEVICE, t, d, 0, None)
        drive = ord(letter) - ord("A") + 1
        return search.pack_state(drive, found.name11, 0, search.SEARCH_OVER, 0, 0), found

    def f4e_find_first(self, r: Registers) -> None:
        state, found = self.find_first(self.guest_string(r.ds, r.dx), r.cx)
        self.ram.write(self.dta(), search.find_block(state, found))
        r.ax = 0
        self.succeed(r)

    def f4f_find_next(self, r: Registers) -> None:
        dta = self.dta()
        state, found = self.searches.resume(self.ram.read(dta, search.STATE_SIZE))
        self.ram.write(dta, search.find_block(state, found))
        r.ax = 0
        self.succeed(r)

    # -- truename -------------------------------------------------------------------------------
    def truename(self, text: str) -> str:
        """The canonical form of a path (it need not exist), as INT 21h/60h gives it."""
        path = text.replace("/", "\\")
        if not path:
            raise DosError(ERR_PATH_NOT_FOUND)
        letter = self.drives.current
        if len(path) >= 2 and path[1] == ":":
            letter, path = path[0].upper(), path[2:]
            if letter not in self.drives.drives:
                raise DosError(ERR_PATH_NOT_FOUND)
            if not path:
                raise DosError(ERR_FILE_NOT_FOUND)  # a drive letter alone
        folder, slash, last = path.rpartition("\\")
        if (not slash or folder.upper() == "\\DEV") and device_base(last) in DEVICE_NAMES:
            # DOS 3.3-5.0 give a device named without a folder (or in \DEV) as "X:/NAME".
            return f"{letter}:/{last.upper()}"
        _, parts = self.drives.split(f"{letter}:{path}")
        names = []
        for i, comp in enumerate(parts):
            if search.WILDCARD_CHARS & set(comp):
                if i != len(parts) - 1:
                    raise DosError(ERR_PATH_NOT_FOUND)
                names.append(search.pack_name(search.template(comp)))
            else:
                names.append(dos_component(comp))
        out = f"{letter}:\\" + "\\".join(names)
        if len(out) > 127:
            raise DosError(ERR_PATH_NOT_FOUND)
        return out

    def f60_truename(self, r: Registers) -> None:
        out = self.truename(self.guest_string(r.ds, r.si))
        self.ram.write((r.es << 4) + r.di, out.encode("cp437", "replace") + b"\0")
        r.ax = 0
        self.succeed(r)
