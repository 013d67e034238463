"""Directory search as DOS does it: 8.3 templates, attribute rules, and the find data block.

A search template is the 11-byte FCB form of a name (8 name bytes, 3 extension
bytes, blank padded) in which `?` matches any byte, a blank included. `*`
fills the rest of its part (name or extension) with `?`, so `*` alone matches
only names without an extension, and `*.*` matches every name.

What a search finds also depends on the search attribute: normal, read-only
and archive entries are always found; hidden, system and directory entries
only when the search asks for them; the volume label only when the search
has the label bit, and nothing else when the label bit is all it has.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from .constants import ERR_NO_MORE_FILES, ERR_PATH_NOT_FOUND, DosError
from .drives import (  # noqa: F401 - the attribute bits are part of this module's interface
    ATTR_ARCHIVE,
    ATTR_DIRECTORY,
    ATTR_HIDDEN,
    ATTR_READONLY,
    ATTR_SYSTEM,
    ATTR_VOLUME,
)

ATTR_DEVICE = 0x40  # what find first reports for a device name
# Bits that never restrict a search (MS-DOS masks them off the search attribute).
ATTR_IGNORED = ATTR_READONLY | ATTR_ARCHIVE
# Entries with any of these bits are found only when the search attribute has them too.
ATTR_SELECTIVE = ATTR_HIDDEN | ATTR_SYSTEM | ATTR_DIRECTORY

# Characters that can never be part of a DOS name (besides controls and the blank).
_FORBIDDEN = frozenset(b'"+,./:;<=>[\\]|')

WILDCARD_CHARS = frozenset("?*")

# The search state, the first 21 bytes of the find data block (DOS 5 keeps the same
# fields there): drive (1 = A:), the 11-byte template, the search attribute, then a
# word where find next goes on (FFFFh: the search is over), a word naming the folder
# (the kernel's number for it) and a dword naming the listing taken at find first.
STATE_SIZE = 21
# The rest of the find data block at the DTA (INT 21h/4Eh-4Fh).
FIND_ATTR = 0x15
FIND_TIME = 0x16
FIND_DATE = 0x18
FIND_SIZE = 0x1A
FIND_NAME = 0x1E
FIND_SIZEOF = 0x2B
SEARCH_OVER = 0xFFFF


@dataclass(frozen=True)
class Found:
    """One directory entry as a search reports it."""

    name11: bytes  # FCB form of the name
    attrs: int
    time: int  # DOS packed time
    date: int  # DOS packed date
    size: int
    host: Path | None = None  # the host path, to see whether it still exists (None: a pseudo entry)

    @property
    def name(self) -> str:
        """The ASCIIZ form DOS shows ("NAME.EXT")."""
        return pack_name(self.name11)


def _part(text: bytes, width: int) -> bytes:
    """One part of a template: upper case, `*` fills the rest with `?`, cut to `width`."""
    out = bytearray()
    for ch in text:
        if ch == ord("*"):
            out += b"?" * (width - len(out))
            break
        if len(out) < width:
            out.append(ch - 0x20 if 0x61 <= ch <= 0x7A else ch)
    return bytes(out[:width]).ljust(width, b" ")


def template(component: str) -> bytes:
    """The 11-byte search template for the last component of a file spec.

    Raises DosError(3) for a name DOS cannot hold (a forbidden character, or a
    second dot), as MS-DOS does when it cannot translate the path.
    """
    if component in (".", ".."):
        return component.encode().ljust(11, b" ")
    raw = component.rstrip(" ").encode("cp437", "replace")
    base, dot, ext = raw.partition(b".")
    if b"." in ext or not (base or ext):
        raise DosError(ERR_PATH_NOT_FOUND)
    for ch in base + ext:
        if ch in _FORBIDDEN or ch <= 0x20:
            raise DosError(ERR_PATH_NOT_FOUND)
    return _part(base, 8) + _part(ext, 3)


def name11(dos_name: str) -> bytes:
    """The FCB form of an existing entry's DOS name ("A.TXT" -> b"A       TXT")."""
    if dos_name in (".", ".."):
        return dos_name.encode().ljust(11, b" ")
    base, _, ext = dos_name.encode("cp437", "replace").partition(b".")
    return base[:8].ljust(8, b" ") + ext[:3].ljust(3, b" ")


def pack_name(fcb_name: bytes) -> str:
    """The ASCIIZ form of an FCB name: blanks dropped, a dot only when there is an extension."""
    base = fcb_name[:8].rstrip(b" ")
    ext = fcb_name[8:11].rstrip(b" ")
    text = base + (b"." + ext if ext else b"")
    return text.decode("cp437")


def matches(tmpl: bytes, name: bytes) -> bool:
    """True when the 11-byte `name` fits the 11-byte template (`?` matches anything)."""
    if tmpl == name:
        return True
    for t, n in zip(tmpl, name, strict=True):
        if t != n and t != 0x3F:
            return False
    return True


def has_wildcards(tmpl: bytes) -> bool:
    return b"?" in tmpl


def selects(search_attr: int, attrs: int) -> bool:
    """Whether a search with attribute `search_attr` finds an entry with `attrs` (label aside)."""
    return not (attrs & ATTR_SELECTIVE & ~search_attr)


def label_only(search_attr: int) -> bool:
    """A search for the volume label alone (DOS 3+: then nothing else is found)."""
    return (search_attr & ~ATTR_IGNORED & 0xFF) == ATTR_VOLUME


def dos_time_date(mtime: float) -> tuple[int, int]:
    """Host time to DOS packed (time, date), in local time, clamped to 1980-2107."""
    try:
        t = time.localtime(mtime)
    except (OverflowError, OSError, ValueError):
        return 0, (1 << 5) | 1
    if t.tm_year < 1980:
        return 0, (1 << 5) | 1
    if t.tm_year > 2107:
        return (23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31
    packed_time = (t.tm_hour << 11) | (t.tm_min << 5) | (min(t.tm_sec, 59) // 2)
    packed_date = ((t.tm_year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday
    return packed_time, packed_date


def label_name11(label: str) -> bytes:
    """A volume label in its 11-byte directory form."""
    return label.upper().encode("cp437", "replace")[:11].ljust(11, b" ")


def find_block(state: bytes, found: Found) -> bytes:
    """The 43-byte find data block a search leaves at the DTA: its state, then the entry."""
    block = bytearray(FIND_SIZEOF)
    block[:STATE_SIZE] = state
    block[FIND_ATTR] = found.attrs & 0xFF
    block[FIND_TIME:FIND_TIME + 2] = found.time.to_bytes(2, "little")
    block[FIND_DATE:FIND_DATE + 2] = found.date.to_bytes(2, "little")
    block[FIND_SIZE:FIND_SIZE + 4] = min(found.size, 0xFFFFFFFF).to_bytes(4, "little")
    name = found.name.encode("cp437", "replace")[:12]
    block[FIND_NAME:FIND_NAME + len(name)] = name
    return bytes(block)


def dir_entry(found: Found) -> bytes:
    """A 32-byte directory entry (what FCB searches copy to the DTA)."""
    entry = bytearray(32)
    entry[0:11] = found.name11
    entry[11] = found.attrs & 0xFF
    entry[22:24] = found.time.to_bytes(2, "little")
    entry[24:26] = found.date.to_bytes(2, "little")
    entry[28:32] = min(found.size, 0xFFFFFFFF).to_bytes(4, "little")
    return bytes(entry)


# -- searches in progress ---------------------------------------------------------------------


@dataclass
class _Listing:
    """What a search with wildcards found, taken when it started."""

    folder: int
    tmpl: bytes
    attr: int
    entries: list[Found]


def pack_state(drive: int, tmpl: bytes, attr: int, next_index: int, folder: int, serial: int) -> bytes:
    return (bytes((drive & 0x7F,)) + tmpl + bytes((attr & 0xFF,)) + (next_index & 0xFFFF).to_bytes(2, "little")
            + (folder & 0xFFFF).to_bytes(2, "little") + (serial & 0xFFFFFFFF).to_bytes(4, "little"))


def unpack_state(state: bytes) -> tuple[int, bytes, int, int, int, int]:
    """(drive, template, attribute, next index, folder, serial) from 21 state bytes."""
    return (state[0], bytes(state[1:12]), state[12], int.from_bytes(state[13:15], "little"),
            int.from_bytes(state[15:17], "little"), int.from_bytes(state[17:21], "little"))


class Searches:
    """Searches in progress: their state lives in guest memory (DTA or FCB), their listings here.

    The state a program keeps names the folder (a number the kernel gives each
    folder it searched) and the listing taken at find first (a serial number).
    Listings are few and short-lived, so only the most recent ones are kept; a
    find next whose listing is gone lists the folder again and goes on from
    the same place. Entries deleted since the listing was taken are skipped,
    as DOS skips deleted directory slots.
    """

    MAX_LISTINGS = 64
    MAX_FOLDERS = 0xFFF0

    def __init__(self, drives, label_for) -> None:
        self.drives = drives
        self.label_for = label_for  # letter -> volume label or None
        self._folder_ids: dict[str, int] = {}
        self._folders: list[str] = [""]  # 0 is never a folder
        self._listings: dict[int, _Listing] = {}  # serial -> listing, oldest first
        self._serial = 0

    def start(self, folder, tmpl: bytes, attr: int) -> tuple[bytes, Found]:
        """Find the first entry of `folder` (a Resolved drive folder) that fits; DosError(18) if none."""
        drive = ord(folder.dos[0]) - ord("A") + 1
        if label_only(attr):
            folder = self.drives.resolve(folder.dos[:3])
        folder_id = self._folder_id(folder.dos)
        if self._is_single(tmpl, attr):
            found = self._single(folder, tmpl, attr)
            return pack_state(drive, tmpl, attr, SEARCH_OVER, folder_id, 0), found
        listing = _Listing(folder_id, tmpl, attr, self.listing(folder, tmpl, attr))
        if not listing.entries:
            raise DosError(ERR_NO_MORE_FILES)
        serial = self._keep(listing)
        return pack_state(drive, tmpl, attr, 1, folder_id, serial), listing.entries[0]

    def resume(self, state: bytes) -> tuple[bytes, Found]:
        """The next entry of the search whose state is `state`; DosError(18) when there is none."""
        drive, tmpl, attr, index, folder_id, serial = unpack_state(state)
        if index & 0x8000 or not 0 < folder_id < len(self._folders):
            raise DosError(ERR_NO_MORE_FILES)
        listing = self._listings.get(serial)
        if listing is None or (listing.folder, listing.tmpl, listing.attr) != (folder_id, tmpl, attr):
            try:
                folder = self.drives.resolve(self._folders[folder_id])
            except DosError:
                raise DosError(ERR_NO_MORE_FILES) from None
            if not folder.exists:
                raise DosError(ERR_NO_MORE_FILES)
            listing = _Listing(folder_id, tmpl, attr, self.listing(folder, tmpl, attr))
            serial = self._keep(listing)
        else:
            self._listings[serial] = self._listings.pop(serial)  # most recently used
        entries = listing.entries
        while index < len(entries):
            found = entries[index]
            index += 1
            if found.host is None or os.path.lexists(found.host):
                return pack_state(drive, tmpl, attr, index, folder_id, serial), found
        raise DosError(ERR_NO_MORE_FILES)

    # -- listings ------------------------------------------------------------------------------
    def _single(self, folder, tmpl: bytes, attr: int) -> Found:
        """A search without wildcards: one lookup, no listing."""
        try:
            hit = self.drives.resolve(folder.dos.rstrip("\\") + "\\" + pack_name(tmpl))
            st = os.stat(hit.host) if hit.exists else None
        except (DosError, OSError):
            st = None
        if st is None:
            raise DosError(ERR_NO_MORE_FILES)
        is_dir = stat.S_ISDIR(st.st_mode)
        attrs = self.drives.attrs_of(hit.host, st)
        if not selects(attr, attrs):
            raise DosError(ERR_NO_MORE_FILES)
        t, d = dos_time_date(st.st_mtime)
        return Found(name11(hit.name), attrs, t, d, 0 if is_dir else st.st_size, hit.host)

    def matching(self, folder, tmpl: bytes, attr: int) -> list[Found]:
        """Every entry of `folder` that fits, without keeping a search."""
        if self._is_single(tmpl, attr):
            try:
                return [self._single(folder, tmpl, attr)]
            except DosError:
                return []
        return self.listing(folder, tmpl, attr)

    @staticmethod
    def _is_single(tmpl: bytes, attr: int) -> bool:
        """A template that can fit one name only, found by one lookup rather than a listing."""
        return not has_wildcards(tmpl) and not attr & ATTR_VOLUME and tmpl[0] != 0x2E

    def listing(self, folder, tmpl: bytes, attr: int) -> list[Found]:
        """The entries of `folder` that fit: label, `.` and `..`, folders, then files."""
        out: list[Found] = []
        is_root = len(folder.dos) <= 3
        try:
            t, d = dos_time_date(os.stat(folder.host).st_mtime)
        except OSError:
            t, d = dos_time_date(0)
        if attr & ATTR_VOLUME and is_root:
            label = self.label_for(folder.dos[0])
            if label:
                label11 = label_name11(label)
                if matches(tmpl, label11):
                    out.append(Found(label11, ATTR_VOLUME, t, d, 0, None))
        if label_only(attr):
            return out
        if not is_root and selects(attr, ATTR_DIRECTORY):
            for dots in (".", ".."):
                n11 = name11(dots)
                if matches(tmpl, n11):
                    out.append(Found(n11, ATTR_DIRECTORY, t, d, 0, None))
        # Folders first, then files, each by name: the order DOSBox lists a host folder in.
        for entry in sorted(self.drives.listdir(folder.host), key=lambda e: not e.is_dir):
            n11 = name11(entry.dos_name)
            if matches(tmpl, n11) and selects(attr, entry.attrs):
                et, ed = dos_time_date(entry.mtime)
                out.append(Found(n11, entry.attrs, et, ed, entry.size, entry.host))
        return out

    def _keep(self, listing: _Listing) -> int:
        self._serial = (self._serial + 1) & 0xFFFFFFFF or 1
        self._listings[self._serial] = listing
        while len(self._listings) > self.MAX_LISTINGS:
            del self._listings[next(iter(self._listings))]
        return self._serial

    def _folder_id(self, dos_folder: str) -> int:
        known = self._folder_ids.get(dos_folder)
        if known is not None:
            return known
        if len(self._folders) >= self.MAX_FOLDERS:
            self._folder_ids.clear()  # a session that searched this many folders starts numbering again
            del self._folders[1:]
        self._folders.append(dos_folder)
        self._folder_ids[dos_folder] = len(self._folders) - 1
        return len(self._folders) - 1
