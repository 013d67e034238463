"""Drives: DOS drive letters mapped onto host folders.

A guest never sees a host path: every DOS path is resolved inside one drive's
folder, component by component, matching names without regard to case.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError


@dataclass
class Drive:
    letter: str
    root: Path
    readonly: bool = False


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

    def add(self, drive: Drive) -> None:
        self.drives[drive.letter] = drive
        self.cwd.setdefault(drive.letter, "")

    def free_letter(self) -> str:
        for code in range(ord("D"), ord("Z") + 1):
            if chr(code) not in self.drives:
                return chr(code)
        raise UsageError("no free drive letter left")

    def split(self, dos_path: str) -> tuple[str, list[str]]:
        """Drive letter and the absolute list of components of a DOS path."""
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
                continue
            parts.append(comp)
        return letter, parts

    def host_path(self, dos_path: str) -> Path | None:
        """The existing host file or folder a DOS path names, or None."""
        letter, parts = self.split(dos_path)
        drive = self.drives.get(letter)
        if drive is None:
            return None
        here = drive.root
        for comp in parts:
            match = _find_ci(here, comp)
            if match is None:
                return None
            here = match
        if not _inside(here, drive.root):
            return None
        return here

    def dos_path_for(self, host: Path) -> str | None:
        """The DOS path of a host file that lies inside a drive, or None."""
        real = host.resolve()
        for letter, drive in sorted(self.drives.items()):
            if _inside(real, drive.root):
                rel = real.relative_to(drive.root)
                return f"{letter}:\\" + "\\".join(p.upper() for p in rel.parts)
        return None


def _find_ci(folder: Path, name: str) -> Path | None:
    exact = folder / name
    if exact.exists():
        return exact
    want = name.upper()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.upper() == want:
                    return folder / entry.name
    except OSError:
        return None
    return None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True
