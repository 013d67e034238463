"""Drives: DOS drive letters mapped onto host folders.

A guest never sees a host path: every DOS path is resolved inside one drive's
folder, component by component, matching names without regard to case.

Names. A host name that is a valid 8.3 name is shown upper-cased. Any other
host name (too long, two dots, a space, a character DOS does not allow, or a
second name that differs only in case) gets a short alias in the manner of
Windows 95: the first six usable characters, `~N`, and the first three of the
extension (`LONGNA~1.TXT`). An alias, once given, stays with its host name for
the whole session, even when the file is deleted and made again.

Confinement. `..` at a drive's root is "path not found", as on MS-DOS; names
are DOS names, so no host path can be spelled; a host symbolic link whose
target lies outside the drive's folder cannot be opened (access denied) or
walked through (path not found), and is not listed.

Each folder's listing is cached and checked against the folder's modification
time on every use, so host changes are seen and a lookup does not rescan.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from .constants import ERR_ACCESS_DENIED, ERR_FILE_NOT_FOUND, ERR_INVALID_DRIVE, ERR_PATH_NOT_FOUND, DosError

# Characters DOS accepts in a name besides letters, digits and code page 437's upper half.
_NAME_EXTRA = frozenset("!#$%&'()-@^_`{}~")
# Characters a DOS path component can never hold (wildcards are checked separately).
_NAME_FORBIDDEN = frozenset('"+,./:;<=>[\\]|')
WILDCARDS = frozenset("?*")

ATTR_READONLY = 0x01
ATTR_HIDDEN = 0x02
ATTR_SYSTEM = 0x04
ATTR_VOLUME = 0x08
ATTR_DIRECTORY = 0x10
ATTR_ARCHIVE = 0x20

# A folder modified this recently (ns) when it was scanned may have changed again
# within the file system's timestamp granularity: scan it once more on next use.
_FRESH_NS = 50_000_000


@dataclass
class Drive:
    letter: str
    root: Path
    readonly: bool = False


@dataclass
class Resolved:
    """Where a DOS path leads: its drive, canonical DOS spelling and host path."""

    drive: Drive
    dos: str  # "C:\\DIR\\FILE.TXT", upper case, 8.3 names
    host: Path  # may not exist yet
    exists: bool
    parent_host: Path  # the host folder that holds (or would hold) it

    @property
    def name(self) -> str:
        """The last DOS component ("" for a drive's root)."""
        tail = self.dos[3:]
        return tail.rsplit("\\", 1)[-1]


@dataclass
class Entry:
    """One name in a folder as a DOS program sees it."""

    dos_name: str
    host: Path
    is_dir: bool
    size: int
    mtime: float
    attrs: int


@dataclass
class _Folder:
    """The session's view of one host folder: names present now, and every alias given."""

    stamp: int = -1  # the folder's st_mtime_ns when `present` was built; -1: rescan
    present: dict[str, str] = field(default_factory=dict)  # DOS name -> host name
    escaping: set[str] = field(default_factory=set)  # host names (symlinks) that lead outside
    names: dict[str, str] = field(default_factory=dict)  # host name -> DOS name, for the session
    aliases: set[str] = field(default_factory=set)  # every alias given in this folder


def parse_drive_spec(letter: str, spec: str) -> Drive:
    """`PATH` or `PATH:ro` for drive `letter`; raises UsageError with one clear line."""
    letter = letter.strip().upper().rstrip(":")
    if len(letter) != 1 or not "A" <= letter <= "Z":
        raise UsageError(f"bad drive letter {letter!r}: use a letter A-Z")
    readonly = False
    for suffix, ro in ((":ro", True), (":rw", False)):
        if spec.lower().endswith(suffix):
            spec, readonly = spec[: -len(suffix)], ro
    root = Path(spec).expanduser()
    if not root.is_dir():
        raise UsageError(f"drive {letter}: {spec} is not a folder")
    return Drive(letter, root.resolve(), readonly)


# -- DOS names -------------------------------------------------------------------------------
def _dos_char_ok(ch: str) -> bool:
    return ch.isalnum() and ch.isascii() or ch in _NAME_EXTRA or ord(ch) >= 0x80


def is_valid_83(name: str) -> bool:
    """True when `name` (already upper case) is a valid DOS 8.3 name."""
    if name in (".", ".."):
        return False
    base, dot, ext = name.partition(".")
    if not base or len(base) > 8 or len(ext) > 3 or "." in ext or (dot and not ext):
        return False
    try:
        name.encode("cp437")
    except UnicodeEncodeError:
        return False
    return all(_dos_char_ok(ch) for ch in base + ext)


def dos_component(comp: str, *, wildcards: bool = False) -> str:
    """A path component as DOS 5 stores it: upper case, base cut to 8 and extension to 3.

    Raises DosError(3) for a character DOS never allows in a name (and for
    wildcards unless `wildcards`).
    """
    comp = comp.upper().rstrip(" ")
    if comp in (".", ".."):
        return comp
    base, _, ext = comp.partition(".")
    if "." in ext or not base:
        raise DosError(ERR_PATH_NOT_FOUND)
    for ch in base + ext:
        if ch in _NAME_FORBIDDEN or ord(ch) < 0x20 or ch == " " or (ch in WILDCARDS and not wildcards):
            raise DosError(ERR_PATH_NOT_FOUND)
    base, ext = base[:8], ext[:3]
    return f"{base}.{ext}" if ext else base


def _alias_parts(host_name: str) -> tuple[str, str]:
    """The cleaned base and extension an alias is built from."""
    stem = host_name.lstrip(".")
    base, dot, ext = stem.rpartition(".")
    if not dot:
        base, ext = stem, ""

    def clean(text: str) -> str:
        out = []
        for ch in text.upper():
            if ch in " .":
                continue
            try:
                ch.encode("cp437")
            except UnicodeEncodeError:
                ch = "_"
            out.append(ch if _dos_char_ok(ch) else "_")
        return "".join(out)

    return clean(base) or "_", clean(ext)[:3]


class _Taken:
    """The DOS names in use in a folder, asked one name at a time (no set copied per file)."""

    __slots__ = ("folder",)

    def __init__(self, folder) -> None:
        self.folder = folder

    def __contains__(self, name: str) -> bool:
        return name in self.folder.present or name in self.folder.aliases


def make_alias(host_name: str, taken) -> str:
    """The first free `BASE~N.EXT` for a host name that is not a valid 8.3 name."""
    base, ext = _alias_parts(host_name)
    n = 1
    while True:
        tail = f"~{n}"
        name = base[: 8 - len(tail)] + tail + (f".{ext}" if ext else "")
        if name not in taken:
            return name
        n += 1


# -- time and attributes ----------------------------------------------------------------------
def host_attrs(st: os.stat_result, is_dir: bool) -> int:
    if is_dir:
        return ATTR_DIRECTORY  # a folder's host permissions say nothing DOS would show
    if not st.st_mode & stat.S_IWUSR:
        return ATTR_ARCHIVE | ATTR_READONLY
    return ATTR_ARCHIVE


class Drives:
    def __init__(self, mapping: dict[str, str] | None = None) -> None:
        self.drives: dict[str, Drive] = {}
        for letter, spec in (mapping or {}).items():
            drive = parse_drive_spec(letter, spec)
            self.drives[drive.letter] = drive
        if "C" not in self.drives:
            self.drives["C"] = Drive("C", Path.cwd().resolve())
        self.current = "C"
        self.cwd = {letter: "" for letter in self.drives}  # per drive, without leading '\'
        self._folders: dict[Path, _Folder] = {}
        # Hidden, system and archive bits a program set (43h): the host has no place for them.
        self._dos_bits: dict[Path, int] = {}

    def add(self, drive: Drive) -> None:
        self.drives[drive.letter] = drive
        self.cwd.setdefault(drive.letter, "")

    def free_letter(self) -> str:
        for code in range(ord("D"), ord("Z") + 1):
            if chr(code) not in self.drives:
                return chr(code)
        raise UsageError("no free drive letter left")

    def split(self, dos_path: str, *, strict: bool = False) -> tuple[str, list[str]]:
        """Drive letter and the absolute list of components of a DOS path.

        `..` at the root stays at the root, unless `strict`: then it is
        DosError(3), as MS-DOS reports a path that backs up past the root.
        """
        path = dos_path.replace("/", "\\")
        letter = self.current
        if len(path) >= 2 and path[1] == ":":
            letter, path = path[0].upper(), path[2:]
        if path.startswith("\\"):
            parts: list[str] = []
        else:
            parts = [p for p in self.cwd.get(letter, "").split("\\") if p]
        for comp in path.split("\\"):
            if comp in ("", "."):
                continue
            if comp == "..":
                if parts:
                    parts.pop()
                elif strict:
                    raise DosError(ERR_PATH_NOT_FOUND)
                continue
            parts.append(comp)
        return letter, parts

    # -- resolving -------------------------------------------------------------------------------
    def drive(self, letter: str) -> Drive:
        drive = self.drives.get(letter.upper())
        if drive is None:
            raise DosError(ERR_INVALID_DRIVE)
        return drive

    def resolve(self, dos_path: str, *, wildcards: bool = False) -> Resolved:
        """Resolve a DOS path inside its drive.

        Raises DosError 15 (no such drive); 3 (a folder on the way is missing,
        is a file, is a link leading out or has a bad name; `..` past the root);
        2 when the last name has a character DOS forbids (MS-DOS's own rule: a
        bad last component is "file not found"); 5 when the last component is a
        link leading out. A missing last component is not an error: `exists` is
        False and `host` is where it would be made. `wildcards` lets the last
        component hold `?` and `*`.
        """
        path = dos_path.replace("/", "\\")
        if len(path) >= 2 and path[1] == ":" and not ("A" <= path[0].upper() <= "Z"):
            raise DosError(ERR_PATH_NOT_FOUND)
        letter, parts = self.split(path, strict=True)
        drive = self.drive(letter)
        here = drive.root
        names: list[str] = []
        last = len(parts) - 1
        for i, comp in enumerate(parts):
            try:
                name = dos_component(comp, wildcards=wildcards and i == last)
            except DosError:
                raise DosError(ERR_FILE_NOT_FOUND if i == last else ERR_PATH_NOT_FOUND) from None
            folder = self._folder(here)
            host_name = folder.present.get(name)
            if host_name is None:
                if i != last:
                    raise DosError(ERR_PATH_NOT_FOUND)
                names.append(name)
                return Resolved(drive, _dos_text(letter, names), here / name, False, here)
            if host_name in folder.escaping:
                raise DosError(ERR_ACCESS_DENIED if i == last else ERR_PATH_NOT_FOUND)
            child = here / host_name
            names.append(name)
            if i != last and not child.is_dir():
                raise DosError(ERR_PATH_NOT_FOUND)
            if i == last:
                return Resolved(drive, _dos_text(letter, names), child, True, here)
            here = child
        return Resolved(drive, f"{letter}:\\", drive.root, True, drive.root)

    def host_path(self, dos_path: str) -> Path | None:
        """The existing host file or folder a path names, or None.

        For names a user typed on the host: a DOS path, or host names that are not
        8.3 (matched whole, without regard to case), still inside the drive.
        """
        try:
            found = self.resolve(dos_path)
            if found.exists:
                return found.host
        except DosError:
            pass
        letter, parts = self.split(dos_path)
        drive = self.drives.get(letter)
        if drive is None:
            return None
        here = drive.root
        for comp in parts:
            match = _find_ci(here, comp)
            if match is None or not _inside(match, drive.root):
                return None
            here = match
        return here

    def dos_path_for(self, host: Path) -> str | None:
        """The DOS path of a host file that lies inside a drive, or None."""
        real = host.resolve()
        for letter, drive in sorted(self.drives.items()):
            if _inside(real, drive.root):
                rel = real.relative_to(drive.root)
                names = []
                here = drive.root
                for part in rel.parts:
                    names.append(self.dos_name(here, part))
                    here = here / part
                return _dos_text(letter, names)
        return None

    def dos_name(self, folder: Path, host_name: str) -> str:
        """The DOS name (alias or upper-cased name) of `host_name` in `folder`."""
        entry = self._folder(folder)
        name = entry.names.get(host_name)
        return name if name is not None else host_name.upper()

    # -- listing -----------------------------------------------------------------------------------
    def listdir(self, host_folder: Path) -> list[Entry]:
        """The entries of a host folder as DOS names, sorted by DOS name (no `.`/`..`)."""
        folder = self._folder(host_folder)
        out: list[Entry] = []
        for dos_name, host_name in folder.present.items():
            if host_name in folder.escaping:
                continue
            host = host_folder / host_name
            try:
                st = host.stat()
            except OSError:
                continue  # gone since the scan, or a dangling link
            is_dir = stat.S_ISDIR(st.st_mode)
            out.append(Entry(dos_name, host, is_dir, 0 if is_dir else st.st_size, st.st_mtime,
                             self.attrs_of(host, st)))
        out.sort(key=lambda e: e.dos_name)
        return out

    # -- attributes ----------------------------------------------------------------------------------
    def attrs_of(self, host: Path, st: os.stat_result | None = None) -> int:
        """DOS attributes of a host file or folder: a file's read-only from its mode, the rest as set."""
        if st is None:
            st = host.stat()
        is_dir = stat.S_ISDIR(st.st_mode)
        attrs = host_attrs(st, is_dir)
        bits = self._dos_bits.get(host)
        if bits is not None:
            keep = ATTR_DIRECTORY if is_dir else ATTR_READONLY
            attrs = (attrs & keep) | bits
        return attrs

    def set_attrs(self, host: Path, attrs: int) -> None:
        """Give a host entry DOS attributes: a file's read-only becomes its write permission.

        A folder keeps its host permissions (read-only does not stop DOS from
        making files in a folder); its bits are only remembered.
        """
        st = host.stat()
        if stat.S_ISDIR(st.st_mode):
            self._dos_bits[host] = attrs & (ATTR_READONLY | ATTR_HIDDEN | ATTR_SYSTEM | ATTR_ARCHIVE)
            return
        mode = stat.S_IMODE(st.st_mode)
        if attrs & ATTR_READONLY:
            mode &= ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        else:
            mode |= stat.S_IWUSR
        if mode != stat.S_IMODE(st.st_mode):
            os.chmod(host, mode)
        self._dos_bits[host] = attrs & (ATTR_HIDDEN | ATTR_SYSTEM | ATTR_ARCHIVE)

    def mark_archive(self, host: Path) -> None:
        """A file was written: DOS sets its archive bit again."""
        bits = self._dos_bits.get(host)
        if bits is not None:
            self._dos_bits[host] = bits | ATTR_ARCHIVE

    def moved(self, old: Path, new: Path) -> None:
        """Attributes follow a renamed entry."""
        bits = self._dos_bits.pop(old, None)
        if bits is not None:
            self._dos_bits[new] = bits

    def forget(self, host: Path) -> None:
        """Tell the cache a host entry went away (after the kernel deleted or renamed it)."""
        self._dos_bits.pop(host, None)
        self._touched(host.parent, removed=host.name)

    def note(self, host: Path) -> None:
        """Tell the cache the kernel made a host entry (file or folder)."""
        self._touched(host.parent, added=host.name)

    def _touched(self, parent: Path, added: str | None = None, removed: str | None = None) -> None:
        folder = self._folders.get(parent)
        if folder is None:
            return  # never listed: the first use scans it
        try:
            now = os.stat(parent).st_mtime_ns
        except OSError:
            folder.stamp = -1
            return
        if removed is not None:
            dos = folder.names.get(removed)
            if dos is not None and folder.present.get(dos) == removed:
                del folder.present[dos]
            folder.escaping.discard(removed)
        if added is not None:
            dos = self._name_for(folder, added)
            folder.present[dos] = added
        folder.stamp = now

    # -- the folder cache --------------------------------------------------------------------------
    def _folder(self, path: Path) -> _Folder:
        folder = self._folders.get(path)
        if folder is None:
            folder = self._folders[path] = _Folder()
        try:
            mtime = os.stat(path).st_mtime_ns
        except OSError:
            folder.present = {}
            folder.stamp = -1
            return folder
        if mtime != folder.stamp:
            self._scan(path, folder, mtime)
        return folder

    def _scan(self, path: Path, folder: _Folder, mtime: int) -> None:
        try:
            with os.scandir(path) as it:
                found = [(e.name, e.is_symlink()) for e in it]
        except OSError:
            found = []
        found.sort()
        present: dict[str, str] = {}
        escaping: set[str] = set()
        root = self._root_of(path)
        # Names the session already knows keep their DOS name.
        pending = []
        for host_name, is_link in found:
            if is_link and root is not None and not _inside(path / host_name, root):
                escaping.add(host_name)
            dos = folder.names.get(host_name)
            if dos is not None and dos not in present:
                present[dos] = host_name
            else:
                pending.append(host_name)
        folder.present = present
        # New names: valid 8.3 ones first (an exact upper-case spelling first of all), then aliases.
        pending.sort(key=lambda n: (not is_valid_83(n.upper()), n != n.upper(), n))
        for host_name in pending:
            present[self._name_for(folder, host_name)] = host_name
        folder.escaping = escaping
        fresh = time.time_ns() - mtime < _FRESH_NS
        folder.stamp = -1 if fresh else mtime

    @staticmethod
    def _name_for(folder: _Folder, host_name: str) -> str:
        """The DOS name for a host name in `folder`: the one it had, its own, or a new alias."""
        known = folder.names.get(host_name)
        if known is not None and folder.present.get(known, host_name) == host_name:
            return known
        upper = host_name.upper()
        taken = _Taken(folder)
        if is_valid_83(upper) and upper not in taken:
            name = upper
        else:
            name = make_alias(host_name, taken)
            folder.aliases.add(name)  # an alias stays reserved for its host name all session
        folder.names[host_name] = name
        return name

    def _root_of(self, path: Path) -> Path | None:
        """The root of the drive whose folder holds `path` (the deepest such root)."""
        best: Path | None = None
        for drive in self.drives.values():
            if path == drive.root or drive.root in path.parents:
                if best is None or len(drive.root.parts) > len(best.parts):
                    best = drive.root
        return best


def _find_ci(folder: Path, name: str) -> Path | None:
    if (folder / name).exists():
        return folder / name
    want = name.upper()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.upper() == want:
                    return folder / entry.name
    except OSError:
        return None
    return None


def _dos_text(letter: str, names: list[str]) -> str:
    return f"{letter}:\\" + "\\".join(names)


def _inside(path: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(root)
    except ValueError:
        return False
    return True
