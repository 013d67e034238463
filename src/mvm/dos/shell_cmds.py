"""The shell's built-in commands: files and folders, the environment, batch control.

File commands work on the host folders through the drive table (names resolved
as DOS resolves them, aliases included); their output goes to the shell's
standard output handle, so `>`, `>>` and pipes apply to them as to programs.
Messages are those of MS-DOS 5; a user's mistake prints one and sets
ERRORLEVEL to 1.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import search
from . import shell_parse as sp
from .constants import ERR_ACCESS_DENIED, ERR_PATH_NOT_FOUND, DosError
from .shell_dosio import CONSOLE_OUT_BIT, DEVICE_BIT, STDOUT
from .shell_requests import Call, ShellExit

if TYPE_CHECKING:
    from .drives import Entry, Resolved

DEVICE_NAMES = frozenset(("CON", "NUL", "AUX", "PRN", "CLOCK$", "COM1", "COM2", "COM3", "COM4",
                          "LPT1", "LPT2", "LPT3"))
CTRL_Z = b"\x1a"
FREE_SPACE_CAP = 0x7FFF8000  # the most a FAT16 drive can report (as INT 21h/36h does)

ERROR_TEXT = {
    2: "File not found",
    3: "Path not found",
    4: "Too many open files",
    5: "Access denied",
    8: "Insufficient memory",
    15: "Invalid drive specification",
    19: "Write protect error",
    32: "Sharing violation",
    80: "File exists",
}


def error_text(code: int) -> str:
    return ERROR_TEXT.get(code, f"DOS error {code}")


def dos_join(folder: str, name: str) -> str:
    if not folder or folder.endswith(("\\", ":")):
        return folder + name
    return folder + "\\" + name


def is_device(path: str) -> bool:
    """A device name, in any folder and with any extension (`NUL`, `C:\\X\\CON.TXT`)."""
    last = path.replace("/", "\\").rsplit("\\", 1)[-1]
    if len(last) >= 2 and last[1] == ":":
        last = last[2:]
    return last.split(".", 1)[0].upper().rstrip(":") in DEVICE_NAMES


def has_wildcards(path: str) -> bool:
    return "*" in path or "?" in path


def rename_with(name: str, pattern: str) -> str:
    """The new name DOS gives `name` for a wildcard pattern (`*.BAK`, `??X*.*`)."""
    src = search.name11(name)
    tmpl = search.template(pattern)
    out = bytes(s if t == 0x3F else t for s, t in zip(src, tmpl, strict=True))
    return search.pack_name(out)


def _dos_stamp(mtime: float) -> tuple[str, str]:
    """("mm-dd-yy", " h:mma") as MS-DOS 5's DIR shows a time."""
    t = time.localtime(mtime)
    hour = t.tm_hour % 12 or 12
    return f"{t.tm_mon:02d}-{t.tm_mday:02d}-{t.tm_year % 100:02d}", f"{hour:2d}:{t.tm_min:02d}{'ap'[t.tm_hour >= 12]}"


@dataclass
class Matched:
    """The files a file spec names: its folder (DOS and host) and the entries found."""

    folder_dos: str
    folder_host: Path
    pattern: str
    entries: list[Entry]


@dataclass
class _CopyArg:
    name: str
    mode: str | None  # "A" (text: up to ^Z), "B" (binary) or None (the default)
    joined: bool  # came after a `+`


class Builtins:
    """Mixed into Shell: one method per built-in command, `cmd_<name>(rest)`."""

    BUILTINS = {
        "DIR": "cmd_dir", "CD": "cmd_cd", "CHDIR": "cmd_cd", "MD": "cmd_md", "MKDIR": "cmd_md",
        "RD": "cmd_rd", "RMDIR": "cmd_rd", "COPY": "cmd_copy", "DEL": "cmd_del", "ERASE": "cmd_del",
        "REN": "cmd_ren", "RENAME": "cmd_ren", "TYPE": "cmd_type", "ECHO": "cmd_echo",
        "SET": "cmd_set", "PATH": "cmd_path", "PROMPT": "cmd_prompt", "CLS": "cmd_cls",
        "VER": "cmd_ver", "VOL": "cmd_vol", "EXIT": "cmd_exit", "CALL": "cmd_call",
        "GOTO": "cmd_goto", "IF": "cmd_if", "FOR": "cmd_for", "SHIFT": "cmd_shift",
        "PAUSE": "cmd_pause", "REM": "cmd_rem", "BREAK": "cmd_break", "VERIFY": "cmd_verify",
        "LH": "cmd_loadhigh", "LOADHIGH": "cmd_loadhigh",
    }
    BUILTIN_NAMES = frozenset(BUILTINS)

    # Provided by Shell (shell_core.py).
    k: Any
    io: Any
    echo: bool
    errorlevel: int
    batch: Any
    in_for: bool
    env: list[list[str]]

    # -- small helpers ---------------------------------------------------------------------------
    def cwd_text(self, letter: str | None = None) -> str:
        drives = self.k.drives
        letter = (letter or drives.current).upper()
        return f"{letter}:\\" + drives.cwd.get(letter, "")

    def prompt_text(self) -> str:
        fmt = self.getenv("PROMPT")
        if fmt is None:
            fmt = "$P$G"
        out: list[str] = []
        i = 0
        while i < len(fmt):
            ch = fmt[i]
            if ch != "$" or i + 1 >= len(fmt):
                out.append(ch)
                i += 1
                continue
            code = fmt[i + 1].upper()
            i += 2
            out.append(self._prompt_code(code))
        return "".join(out)

    def _prompt_code(self, code: str) -> str:
        now = time.localtime()
        major, minor = self.k.version
        simple = {"G": ">", "L": "<", "B": "|", "Q": "=", "$": "$", "_": "\r\n", "E": "\x1b",
                  "H": "\x08", "N": self.k.drives.current}
        if code in simple:
            return simple[code]
        if code == "P":
            return self.cwd_text()
        if code == "T":
            return f"{now.tm_hour:2d}:{now.tm_min:02d}:{now.tm_sec:02d}.00"
        if code == "D":
            return time.strftime("%a %m-%d-%Y", now)
        if code == "V":
            return f"MS-DOS Version {major}.{minor:02d}"
        return ""

    def select_drive(self, letter: str) -> None:
        letter = letter.upper()
        if letter not in self.k.drives.drives:
            self.fail("Invalid drive specification")
            return
        self.k.drives.current = letter

    def resolve(self, path: str, wildcards: bool = False) -> Resolved:
        return self.k.drives.resolve(sp.strip_quotes(path), wildcards=wildcards)

    def match(self, spec: str, dir_means_all: bool = True, implied_ext: bool = False) -> Matched:
        """The entries a file spec (wildcards allowed) names. Raises DosError 3/15."""
        spec = sp.strip_quotes(spec) or "*.*"
        if spec.endswith(("\\", ":")):
            spec += "*.*"
        res = self.resolve(spec, wildcards=True)
        if dir_means_all and res.exists and res.host.is_dir():
            return Matched(res.dos, res.host, "*.*", self._entries(res.host, "*.*"))
        folder_dos = res.dos.rsplit("\\", 1)[0]
        if folder_dos.endswith(":"):
            folder_dos += "\\"
        pattern = res.name or "*.*"
        if implied_ext and "." not in pattern:
            pattern += ".*"
        return Matched(folder_dos, res.parent_host, pattern, self._entries(res.parent_host, pattern))

    def _entries(self, folder: Path, pattern: str) -> list[Entry]:
        tmpl = search.template(pattern)
        return [e for e in self.k.drives.listdir(folder) if search.matches(tmpl, search.name11(e.dos_name))]

    def _writable(self, res: Resolved) -> None:
        if res.drive.readonly:
            raise DosError(ERR_ACCESS_DENIED)

    def _note(self, host: Path) -> None:
        note = getattr(self.k.drives, "note", None)
        if note is not None:
            note(host)

    def _forget(self, host: Path) -> None:
        forget = getattr(self.k.drives, "forget", None)
        if forget is not None:
            forget(host)

    # -- console and environment ------------------------------------------------------------------
    def cmd_rem(self, rest: str) -> None:
        pass

    def cmd_echo(self, rest: str) -> None:
        if not rest.strip():
            self.write(f"ECHO is {'on' if self.echo else 'off'}\n")
            return
        word = rest.strip().upper()
        if word in ("ON", "OFF"):
            self.echo = word == "ON"
            return
        self.write(rest[1:] + "\n")  # the first character only separated the command

    def cmd_set(self, rest: str) -> None:
        text = rest.lstrip(" \t,;")
        if not text.strip():
            for name, value in self.env:
                self.write(f"{name}={value}\n")
            return
        name, eq, value = text.partition("=")
        if not eq:
            shown = self.getenv(name.strip())
            if shown is None:
                self.fail(f"Environment variable {name.strip().upper()} not defined")
            else:
                self.write(f"{name.strip().upper()}={shown}\n")
            return
        if not name.strip():
            self.fail("Syntax error")
            return
        if not self.setenv(name, value):
            self.fail("Out of environment space")

    def cmd_path(self, rest: str) -> None:
        text = rest.lstrip(" \t=").strip()
        if not text:
            value = self.getenv("PATH")
            self.write(f"PATH={value}\n" if value else "No Path\n")
            return
        if not self.setenv("PATH", "" if text == ";" else text.upper()):
            self.fail("Out of environment space")

    def cmd_prompt(self, rest: str) -> None:
        text = rest.lstrip(" \t=")
        if not self.setenv("PROMPT", text):
            self.fail("Out of environment space")

    def cmd_cls(self, rest: str) -> None:
        try:
            info = self.io.device_info(STDOUT)
        except DosError:
            info = DEVICE_BIT | CONSOLE_OUT_BIT
        if info & DEVICE_BIT and info & CONSOLE_OUT_BIT:
            video = self.k.video
            video.scroll(0, 0, video.rows - 1, video.cols - 1, 0, 0x07, True)
            video.set_cursor(0, 0)
        else:
            self.write("\x1b[2J")  # redirected: what ANSI.SYS would act on

    def cmd_ver(self, rest: str) -> None:
        major, minor = self.k.version
        self.write(f"\nMS-DOS Version {major}.{minor:02d}\n\n")

    def cmd_vol(self, rest: str) -> None:
        words = sp.split_words(rest)
        letter = self.k.drives.current
        if words:
            arg = words[0]
            if len(arg) != 2 or arg[1] != ":":
                self.fail("Invalid drive specification")
                return
            letter = arg[0].upper()
        if letter not in self.k.drives.drives:
            self.fail("Invalid drive specification")
            return
        self.write("\n" + self._volume_line(letter) + "\n")

    def _volume_line(self, letter: str) -> str:
        label_of = getattr(self.k, "volume_label", None)
        label = label_of(letter) if label_of is not None else None
        if label:
            return f" Volume in drive {letter} is {label}"
        return f" Volume in drive {letter} has no label"

    def cmd_break(self, rest: str) -> None:
        word = rest.strip().upper()
        if word in ("ON", "OFF"):
            self.k.break_check = word == "ON"
        elif not word:
            self.write(f"BREAK is {'on' if self.k.break_check else 'off'}\n")
        else:
            self.fail("Must specify ON or OFF")

    def cmd_verify(self, rest: str) -> None:
        word = rest.strip().upper()
        if not word:
            self.write("VERIFY is off\n")
        elif word not in ("ON", "OFF"):
            self.fail("Must specify ON or OFF")

    def cmd_exit(self, rest: str) -> None:
        word = rest.strip()
        raise ShellExit(int(word) & 0xFF if word.isdigit() else self.errorlevel)

    def cmd_pause(self, rest: str) -> Generator:
        self.write("Press any key to continue . . .")
        yield Call(self.io.regs(0x0800))
        self.write("\n")

    # -- batch control ----------------------------------------------------------------------------
    def cmd_call(self, rest: str) -> Generator:
        yield from self.run_command(rest.lstrip(" \t,;="), call=True)

    def cmd_loadhigh(self, rest: str) -> Generator:
        yield from self.run_command(rest.lstrip(" \t,;="))

    def cmd_goto(self, rest: str) -> None:
        if self.batch is not None:
            self.goto(rest.strip(" \t,;="))

    def cmd_shift(self, rest: str) -> None:
        if self.batch is not None and self.batch.args:
            self.batch.args.pop(0)

    def cmd_if(self, rest: str) -> Generator:
        test = sp.parse_if(rest)
        if test.kind == "ERRORLEVEL":
            if not test.left.isdigit():
                raise sp.ShellSyntaxError("ERRORLEVEL needs a number")
            result = self.errorlevel >= int(test.left)
        elif test.kind == "EXIST":
            result = self._exists(test.left)
        else:
            result = test.left == test.right
        if result != test.negate:
            yield from self.run_command(test.command)

    def _exists(self, spec: str) -> bool:
        spec = sp.strip_quotes(spec)
        if is_device(spec):
            return True
        try:
            if has_wildcards(spec):
                return any(not e.is_dir for e in self.match(spec, dir_means_all=False).entries)
            res = self.resolve(spec)
        except DosError:
            return False
        return res.exists and res.host.is_file()

    def cmd_for(self, rest: str) -> Generator:
        loop = sp.parse_for(rest)
        if self.in_for:
            self.fail("FOR cannot be nested")
            return
        items: list[str] = []
        for item in loop.items:
            items.extend(self._for_item(item))
        self.in_for = True
        try:
            for item in items:
                yield from self.run_command(sp.substitute_for(loop.command, loop.var, item))
                if self.batch is not None and self.batch.jumped:
                    break
        finally:
            self.in_for = False

    def _for_item(self, item: str) -> list[str]:
        if not has_wildcards(item):
            return [item]
        try:
            found = self.match(item, dir_means_all=False)
        except DosError:
            return []
        cut = max(item.rfind("\\"), item.rfind("/"), item.rfind(":"))
        prefix = item[:cut + 1]
        return [prefix + e.dos_name for e in found.entries if not e.is_dir]

    # -- folders ----------------------------------------------------------------------------------
    def cmd_cd(self, rest: str) -> None:
        words = sp.split_words(rest)
        if not words:
            self.write(self.cwd_text() + "\n")
            return
        arg = sp.strip_quotes(words[0])
        if len(arg) == 2 and arg[1] == ":":
            if arg[0].upper() not in self.k.drives.drives:
                self.fail("Invalid drive specification")
                return
            self.write(self.cwd_text(arg[0]) + "\n")
            return
        try:
            res = self.resolve(arg)
        except DosError as err:
            self.fail("Invalid drive specification" if err.code == 15 else "Invalid directory")
            return
        if not res.exists or not res.host.is_dir():
            self.fail("Invalid directory")
            return
        self.k.drives.cwd[res.dos[0]] = res.dos[3:]

    def cmd_md(self, rest: str) -> None:
        words = sp.split_words(rest)
        if not words:
            self.fail("Required parameter missing")
            return
        for word in words:
            try:
                res = self.resolve(word)
                self._writable(res)
                if res.exists or not res.name or has_wildcards(word):
                    raise DosError(ERR_ACCESS_DENIED)
                res.host.mkdir()
            except (DosError, OSError):
                self.fail("Unable to create directory")
                return
            self._note(res.host)

    def cmd_rd(self, rest: str) -> None:
        words = sp.split_words(rest)
        if not words:
            self.fail("Required parameter missing")
            return
        for word in words:
            bad = "Invalid path, not directory,\nor directory not empty"
            try:
                res = self.resolve(word)
            except DosError:
                self.fail(bad)
                return
            if not res.exists or not res.host.is_dir() or not res.name:
                self.fail(bad)
                return
            cwd = self.k.drives.cwd.get(res.dos[0], "")
            inside = res.dos[3:]
            if cwd == inside or cwd.startswith(inside + "\\"):
                self.fail(f"Attempt to remove current directory - {res.dos}")
                return
            try:
                self._writable(res)
                res.host.rmdir()
            except (DosError, OSError):
                self.fail(bad)
                return
            self._forget(res.host)

    # -- files --------------------------------------------------------------------------------------
    def cmd_type(self, rest: str) -> Generator:
        words, _ = sp.switches(sp.split_words(rest))
        if not words:
            self.fail("Required parameter missing")
            return
        for word in words:
            name = sp.strip_quotes(word)
            if has_wildcards(name):
                self.fail("Invalid filename or file not found")
                return
            if is_device(name):
                data = yield from self.read_device(name)
                self.write_bytes(data)
                continue
            try:
                res = self.resolve(name)
            except DosError as err:
                self.fail(error_text(err.code))
                return
            if not res.exists or not res.host.is_file():
                self.fail(f"File not found - {name.upper()}")
                return
            data = res.host.read_bytes()
            end = data.find(CTRL_Z)
            self.write_bytes(data if end < 0 else data[:end])

    def read_device(self, name: str) -> Generator:
        """Everything a device gives until end of file or ^Z (CON: until ^Z is typed)."""
        try:
            handle = self.io.open(name, 0)
        except DosError:
            return b""
        out = bytearray()
        try:
            while True:
                r = yield Call(self.io.read_regs(handle, 512))
                if r.cf or r.ax == 0:
                    break
                chunk = self.io.buffer(r.ax)
                end = chunk.find(CTRL_Z)
                if end >= 0:
                    out += chunk[:end]
                    break
                out += chunk
        finally:
            try:
                self.io.close(handle)
            except DosError:
                pass
        return bytes(out)

    def write_device(self, name: str, data: bytes) -> None:
        try:
            handle = self.io.open(name, 1)
        except DosError:
            base = name.rsplit("\\", 1)[-1].split(".", 1)[0].upper()
            if base == "CON":
                self.write_bytes(data)
            return
        try:
            self.io.write(handle, data)
        finally:
            self.io.close(handle)

    def cmd_del(self, rest: str) -> Generator:
        words, _ = sp.switches(sp.split_words(rest))
        if not words:
            self.fail("Required parameter missing")
            return
        for word in words:
            try:
                found = self.match(word)
            except DosError as err:
                self.fail(error_text(err.code))
                return
            files = [e for e in found.entries if not e.is_dir]
            if search.template(found.pattern) == b"?" * 11:  # every file: DOS asks first
                self.write("All files in directory will be deleted!\nAre you sure (Y/N)?")
                answer = yield from self.read_answer()
                if answer != "Y":
                    continue
            if not files:
                self.fail("File not found")
                continue
            for entry in files:
                if entry.attrs & search.ATTR_READONLY or self.resolve(found.folder_dos).drive.readonly:
                    self.fail("Access denied")
                    continue
                entry.host.unlink()
                self._forget(entry.host)

    def read_answer(self) -> Generator:
        """A Y/N answer: the first letter, upper case, of a line of standard input ("" at its end)."""
        typed = yield from self.read_line()
        if typed is None:
            self.write("\n")  # input ended: no Enter was echoed
        return (typed or "").strip()[:1].upper()

    def cmd_ren(self, rest: str) -> None:
        words, _ = sp.switches(sp.split_words(rest))
        if len(words) != 2:
            self.fail("Required parameter missing" if len(words) < 2 else "Invalid number of parameters")
            return
        source, new = (sp.strip_quotes(w) for w in words)
        if "\\" in new or ":" in new:
            self.fail("Invalid parameter")
            return
        try:
            found = self.match(source, dir_means_all=False)
            self._writable(self.resolve(found.folder_dos))
        except DosError as err:
            self.fail(error_text(err.code))
            return
        if not found.entries:
            self.fail("Duplicate file name or file not found")
            return
        taken = {e.dos_name for e in self.k.drives.listdir(found.folder_host)}
        for entry in found.entries:
            try:
                target = rename_with(entry.dos_name, new)
            except DosError:
                self.fail("Duplicate file name or file not found")
                return
            if target in taken and target != entry.dos_name:
                self.fail("Duplicate file name or file not found")
                continue
            dest = found.folder_host / target
            entry.host.rename(dest)
            self._forget(entry.host)
            self._note(dest)
            taken.discard(entry.dos_name)
            taken.add(target)

    # -- DIR ------------------------------------------------------------------------------------------
    def cmd_dir(self, rest: str) -> None:
        words = sp.split_words(rest + " " + (self.getenv("DIRCMD") or ""))
        names: list[str] = []
        opts: dict[str, str] = {}
        for word in words:
            if word.startswith("/") and len(word) > 1:
                body = word[1:].upper()
                if body.startswith("-"):
                    opts.pop(body[1:2], None)
                    continue
                opts[body[0]] = body[1:].lstrip(":")
                if body[0] not in "WBSPAOL":
                    self.fail(f"Invalid switch - /{body}")
                    return
            else:
                names.append(word)
        spec = names[0] if names else "*.*"
        try:
            found = self.match(spec, implied_ext=True)
        except DosError as err:
            self.fail("Invalid drive specification" if err.code == 15 else "File not found")
            return
        bare = "B" in opts
        if not bare:
            self.write("\n" + self._volume_line(found.folder_dos[0]) + "\n")
        totals = self._dir_folder(found, opts, top=True)
        if totals is None:
            return
        files, size = totals
        if bare:
            return
        if "S" in opts:
            self.write(f"\nTotal files listed:\n{files:9d} file(s) {size:10d} bytes\n")
        free = shutil.disk_usage(self.resolve(found.folder_dos).drive.root).free
        self.write(f"{min(free, FREE_SPACE_CAP):28d} bytes free\n")

    def _dir_folder(self, found: Matched, opts: dict[str, str], top: bool) -> tuple[int, int] | None:
        bare, wide, recurse = "B" in opts, "W" in opts, "S" in opts
        entries = self._dir_entries(found, opts)
        if bare:
            entries = [e for e in entries if e.dos_name not in (".", "..")]
        if not entries and not recurse:
            if not bare:
                self.write(f" Directory of {found.folder_dos}\n\n")
            self.fail("File not found")
            return None
        files = [e for e in entries if not e.is_dir]
        size = sum(e.size for e in files)
        if entries and not bare:
            self.write(f" Directory of {found.folder_dos}\n\n")
        if bare:
            for e in entries:
                name = dos_join(found.folder_dos, e.dos_name) if recurse else e.dos_name
                self.write((name.lower() if "L" in opts else name) + "\n")
        elif wide:
            self._dir_wide(entries, "L" in opts)
        else:
            for e in entries:
                self.write(self._dir_line(e, "L" in opts) + "\n")
        if entries and not bare:
            self.write(f"{len(files):9d} file(s) {size:10d} bytes\n")
        count = len(files)
        if recurse:
            for sub in self.k.drives.listdir(found.folder_host):
                if not sub.is_dir:
                    continue
                inner = Matched(dos_join(found.folder_dos, sub.dos_name), sub.host, found.pattern,
                                self._entries(sub.host, found.pattern))
                more = self._dir_folder(inner, opts, top=False)
                if more is not None:
                    count += more[0]
                    size += more[1]
        if recurse and top and count == 0:
            self.fail("File not found")
            return None
        return count, size

    def _dir_entries(self, found: Matched, opts: dict[str, str]) -> list:
        entries: list = list(found.entries)
        is_root = found.folder_dos.endswith(":\\")
        if not is_root and search.matches(search.template(found.pattern), search.name11(".")):
            try:
                st = found.folder_host.stat()
                parent = found.folder_host.parent.stat()
            except OSError:
                pass
            else:
                entries[:0] = [_Dot(".", found.folder_host, st.st_mtime), _Dot("..", found.folder_host.parent,
                                                                                parent.st_mtime)]
        entries = [e for e in entries if self._dir_attr_ok(e, opts.get("A"))]
        order = opts.get("O")
        if order is not None:
            entries = _dir_sorted(entries, order or "GN")
        return entries

    @staticmethod
    def _dir_attr_ok(entry: Any, want: str | None) -> bool:
        attrs = entry.attrs
        if want is None:
            return not attrs & (search.ATTR_HIDDEN | search.ATTR_SYSTEM)
        bits = {"D": search.ATTR_DIRECTORY, "H": search.ATTR_HIDDEN, "S": search.ATTR_SYSTEM,
                "R": search.ATTR_READONLY, "A": search.ATTR_ARCHIVE}
        negate = False
        for ch in want:
            if ch == "-":
                negate = True
                continue
            bit = bits.get(ch)
            if bit is not None and bool(attrs & bit) == negate:
                return False
            negate = False
        return True

    @staticmethod
    def _dir_line(entry: Any, lower: bool) -> str:
        name = entry.dos_name
        if name in (".", ".."):
            base, ext = name, ""
        else:
            base, _, ext = name.partition(".")
        date, clock = _dos_stamp(entry.mtime)
        if entry.is_dir:
            line = f"{base:<8} {ext:<3} <DIR>     {date}  {clock}"
        else:
            line = f"{base:<8} {ext:<3}{entry.size:10d} {date}  {clock}"
        return line.lower() if lower else line

    def _dir_wide(self, entries: list, lower: bool) -> None:
        cells = []
        for e in entries:
            name = e.dos_name.lower() if lower else e.dos_name
            cells.append(f"[{name}]" if e.is_dir else name)
        for start in range(0, len(cells), 5):
            row = cells[start:start + 5]
            self.write("".join(f"{c:<16}" for c in row[:-1]) + row[-1] + "\n")

    # -- COPY -------------------------------------------------------------------------------------------
    def cmd_copy(self, rest: str) -> Generator:
        try:
            sources, dest = _copy_args(sp.split_words(_spaced_plus(rest)))
        except _CopyUsage as bad:
            self.fail(str(bad))
            return
        if not sources:
            self.fail("Required parameter missing")
            return
        concat = len(sources) > 1
        if dest is None and concat:
            dest = _CopyArg(sources[0].name, sources[0].mode, False)
        files: list[tuple[str, Path | None, str | None]] = []  # (name shown, host path or None for a device, mode)
        wild = False
        for src in sources:
            if is_device(src.name):
                files.append((src.name.upper(), None, src.mode))
                continue
            try:
                if has_wildcards(src.name):
                    wild = True
                    found = self.match(src.name, dir_means_all=False)
                    files += [(e.dos_name, e.host, src.mode) for e in found.entries if not e.is_dir]
                    continue
                res = self.resolve(src.name)
            except DosError as err:
                self.fail(error_text(err.code))
                return
            if res.exists and res.host.is_dir():  # a folder: all its files
                wild = True
                files += [(e.dos_name, e.host, src.mode) for e in self.k.drives.listdir(res.host)
                          if not e.is_dir]
            elif res.exists:
                files.append((res.name, res.host, src.mode))
        if not files:
            self.fail(f"File not found - {sources[0].name.upper()}")
            self.write(f"{0:9d} file(s) copied\n")
            return
        target = yield from self._copy_files(files, dest, concat, wild)
        if target is not None:
            self.write(f"{target:9d} file(s) copied\n")

    def _copy_files(self, files: list, dest: _CopyArg | None, concat: bool, wild: bool) -> Generator:
        dest_name = dest.name if dest is not None else "."
        if dest_name.endswith(("\\", ":")):
            dest_name += "."
        dest_device = is_device(dest_name)
        dest_dir: Resolved | None = None
        dest_res = None
        if not dest_device:
            try:
                dest_res = self.resolve(dest_name, wildcards=True)
            except DosError as err:
                self.fail(error_text(err.code))
                return 0
            if dest_res.exists and dest_res.host.is_dir():
                dest_dir = dest_res
        pattern = dest_res.name if dest_res is not None and has_wildcards(dest_name) else None
        if wild and dest_dir is None and pattern is None:
            concat = True  # COPY *.TXT ALL.TXT combines the files
        default_mode = "A" if concat else "B"
        dest_mode = (dest.mode if dest is not None else None) or default_mode
        if concat:
            data = bytearray()
            for shown, host, mode in files:
                if wild or len(files) > 1:
                    self.write(shown + "\n")
                chunk = yield from self._copy_read(shown, host, mode or default_mode)
                data += chunk
            if dest_mode == "A":
                data += CTRL_Z
            name = dest_name if dest_dir is None else dos_join(dest_dir.dos, files[0][0])
            return 1 if self._copy_write(name, bytes(data), None) else 0
        count = 0
        for shown, host, mode in files:
            if dest_dir is not None:
                name = dos_join(dest_dir.dos, shown)
            elif pattern is not None:
                name = dos_join(dest_res.dos.rsplit("\\", 1)[0], rename_with(shown, pattern))
            else:
                name = dest_name
            if wild:
                self.write(shown + "\n")
            data = yield from self._copy_read(shown, host, mode or default_mode)
            if dest_mode == "A":
                data += CTRL_Z
            if self._copy_write(name, data, host):
                count += 1
        return count

    def _copy_read(self, shown: str, host: Path | None, mode: str) -> Generator:
        if host is None:
            data = yield from self.read_device(shown)
            return data
        data = host.read_bytes()
        if mode == "A":
            end = data.find(CTRL_Z)
            if end >= 0:
                data = data[:end]
        return data

    def _copy_write(self, name: str, data: bytes, source: Path | None) -> bool:
        """Write a copy's result; False (with the message printed) when it cannot be."""
        if is_device(name):
            self.write_device(name, data)
            return True
        try:
            res = self.resolve(name)
            self._writable(res)
        except DosError as err:
            self.fail(error_text(err.code) if err.code != ERR_PATH_NOT_FOUND else "Path not found")
            return False
        if res.exists and res.host.is_dir():
            self.fail("Access denied")
            return False
        if source is not None and res.exists and _same(res.host, source):
            self.fail("File cannot be copied onto itself")
            return False
        res.host.write_bytes(data)
        if source is not None:
            try:
                st = source.stat()
                os.utime(res.host, (st.st_atime, st.st_mtime))
            except OSError:
                pass
        if not res.exists:
            self._note(res.host)
        return True


@dataclass
class _Dot:
    """`.` or `..` in a DIR listing."""

    dos_name: str
    host: Path
    mtime: float
    is_dir: bool = True
    size: int = 0
    attrs: int = search.ATTR_DIRECTORY


def _dir_sorted(entries: list, order: str) -> list:
    dots = [e for e in entries if e.dos_name in (".", "..")]
    rest = [e for e in entries if e.dos_name not in (".", "..")]
    keys = []
    reverse_next = False
    for ch in order:
        if ch == "-":
            reverse_next = True
            continue
        keys.append((ch, reverse_next))
        reverse_next = False
    for ch, reverse in reversed(keys):
        if ch == "N":
            rest.sort(key=lambda e: e.dos_name.partition(".")[0], reverse=reverse)
        elif ch == "E":
            rest.sort(key=lambda e: e.dos_name.partition(".")[2], reverse=reverse)
        elif ch == "S":
            rest.sort(key=lambda e: e.size, reverse=reverse)
        elif ch == "D":
            rest.sort(key=lambda e: e.mtime, reverse=reverse)
        elif ch == "G":
            rest.sort(key=lambda e: not e.is_dir, reverse=reverse)
    return dots + rest


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


class _CopyUsage(Exception):
    pass


def _spaced_plus(rest: str) -> str:
    """Make each `+` outside quotes a word of its own."""
    out: list[str] = []
    quoted = False
    for ch in rest:
        if ch == '"':
            quoted = not quoted
        out.append(" + " if ch == "+" and not quoted else ch)
    return "".join(out)


def _copy_args(words: list[str]) -> tuple[list[_CopyArg], _CopyArg | None]:
    """Sources (with their /A or /B) and the destination of a COPY command line.

    A /A or /B applies to the name before it and to every name after it until
    the next such switch.
    """
    args: list[_CopyArg] = []
    mode: str | None = None
    join = False
    for word in words:
        if word == "+":
            join = True
            continue
        if word.startswith("/"):
            switch = word[1:].upper()
            if switch in ("A", "B"):
                mode = switch
                if args and not join:
                    args[-1].mode = switch
                continue
            if switch in ("V", "Y", "-Y"):
                continue
            raise _CopyUsage(f"Invalid switch - {word}")
        args.append(_CopyArg(sp.strip_quotes(word), mode, join))
        join = False
    dest = None
    if len(args) > 1 and not args[-1].joined:
        dest = args.pop()
    for extra in args[1:]:
        if not extra.joined:
            raise _CopyUsage(f"Too many parameters - {extra.name}")
    return args, dest

