"""The command interpreter: lines, batch files, redirection, pipes and running programs.

A `Shell` belongs to one shell process. Its work is a Python generator that the
process's gate drives: each time the guest stub executes the gate, the
generator runs until it needs something only the machine can give, and yields a
request for it:

The requests (shell_requests.py):

- `Exec`: run a program as the shell's child. The gate starts it with EXEC; when
  the child ends, DOS returns to the stub, the gate runs again and the generator
  gets the child's exit code.
- `Call`: an INT 21h call that may have to wait (a key for PAUSE, a line typed at
  the prompt); the gate retries it until it completes.
- `Breathe`: let the machine run a moment (timers, a timeout) during long work
  made only of built-in commands.

The built-in commands themselves are in shell_cmds.py.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import LoadError
from . import shell_parse as sp
from .constants import TERM_CTRL_C, DosError
from .process import MAX_TAIL
from .shell_cmds import Builtins, dos_join, error_text
from .shell_dosio import (
    CONSOLE_IN_BIT,
    CONSOLE_OUT_BIT,
    DEVICE_BIT,
    SEEK_CUR,
    SEEK_END,
    STDERR,
    STDIN,
    STDOUT,
    DosApi,
)
from .shell_requests import Breathe, Call, Exec, ReadLine, ShellExit, Work

if TYPE_CHECKING:
    from .kernel import DosKernel

PROGRAM_EXTENSIONS = (".COM", ".EXE", ".BAT")
SHELL_NAMES = ("COMMAND", "COMMAND.COM")
# Built-in lines run between two chances for the machine to check timers and timeouts.
BREATHE_EVERY = 200
CTRL_Z = 0x1A


@dataclass
class Script:
    """What a shell process does: lines to run, then (maybe) read more from the console."""

    commands: list[str] = field(default_factory=list)
    expand: bool = False  # expand %VAR% in `commands` (the host's -c lines, like DOSBox's)
    interactive: bool = False


@dataclass
class Batch:
    """A running batch file."""

    path: str
    lines: list[str]
    args: list[str]  # %0, %1, ... (SHIFT drops the first)
    echo: bool  # the echo state to restore when it ends
    parent: Batch | None
    pos: int = 0
    jumped: bool = False  # GOTO or a chained batch file: stop what the current line was doing


class Shell(Builtins):
    """One shell process: its environment, batch files, ERRORLEVEL and current work."""

    def __init__(self, kernel: DosKernel, psp: int, env_seg: int, env_size: int,
                 env: list[tuple[str, str]], io: DosApi, line_buf: int, script: Script,
                 comspec: str) -> None:
        self.k = kernel
        self.psp = psp
        self.env_seg = env_seg
        self.env_size = env_size
        self.env: list[list[str]] = [[name, value] for name, value in env]
        self.io = io
        self.line_buf = line_buf
        self.comspec = comspec
        self.echo = True
        self.errorlevel = 0
        self.batch: Batch | None = None
        self.in_for = False
        self._since_breath = 0
        self.gen = self._main(script)
        self.pending: object | None = None

    # -- the environment ----------------------------------------------------------------------
    def getenv(self, name: str) -> str | None:
        key = name.upper()
        for entry in self.env:
            if entry[0].upper() == key:
                return entry[1]
        return None

    def setenv(self, name: str, value: str) -> bool:
        """Set (or with an empty value remove) a variable; False when the block is full."""
        key = name.upper()
        new = [e[:] for e in self.env if e[0].upper() != key]
        if value:
            new.append([key, value])  # as DOS does, a changed variable moves to the end
        block = self.k.env_block(new, self.comspec)
        if len(block) > self.env_size:
            return False
        self.env = new
        self.k.ram.fill(self.env_seg << 4, self.env_size)
        self.k.ram.write(self.env_seg << 4, block)
        return True

    # -- output ---------------------------------------------------------------------------------
    def write(self, text: str, handle: int = STDOUT) -> None:
        data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp437", "replace")
        self.write_bytes(data, handle)

    def write_bytes(self, data: bytes, handle: int = STDOUT) -> None:
        try:
            self.io.write(handle, data)
        except DosError:
            if handle == STDOUT:
                return  # stdout is gone (closed, disk full): DOS drops the text too
            self.k.con_write(data)

    def fail(self, message: str) -> None:
        """A user's mistake: DOS's message on standard error, and ERRORLEVEL 1."""
        self.write(message + "\n", STDERR)
        self.errorlevel = 1

    # -- the main work ----------------------------------------------------------------------------
    def _main(self, script: Script) -> Work:
        try:
            for line in script.commands:
                if script.expand:
                    line = sp.expand(line, [], self.getenv)
                yield from self.execute(line)
            if script.interactive:
                yield from self.interactive()
        except ShellExit as done:
            return done.code & 0xFF
        return self.errorlevel & 0xFF

    def interactive(self) -> Work:
        while True:
            if self.echo:
                self.write(self.prompt_text())
            line = yield from self.read_line()
            if line is None:
                self.write("\n")
                raise ShellExit(self.errorlevel)
            if "\x03" in line:
                continue  # ^C typed: the line is dropped
            yield from self.execute(line)
            if self.echo and line.strip():
                self.write("\n")
            yield from self.breathe()

    def read_line(self) -> Work:
        """One line of standard input for the prompt, or None when input has ended.

        From the console: INT 21h/0Ah, with its echo and editing. From a file
        (`COMMAND < CMDS.TXT`): the next line of the file, shown as if typed.
        """
        if not self._is_console(STDIN, CONSOLE_IN_BIT):
            text = yield from self._read_file_line()
            if text is not None:
                self.write(text + "\n")
            return text
        self.k.ram.wb((self.psp << 4) + self.line_buf, 128)
        r = self.io.regs(0x0A00, dx=self.line_buf)
        r.ds = self.psp
        result = yield ReadLine(r)
        if result is None:
            return None
        base = (self.psp << 4) + self.line_buf
        count = self.k.ram.rb(base + 1)
        text = self.k.ram.read(base + 2, count).decode("cp437")
        if self.k.console_in.is_tty and self._is_console(STDOUT, CONSOLE_OUT_BIT):
            self.k.video.put_char(0x0A)  # the terminal showed the Enter already
        else:
            self.write("\n")  # 0Ah echoed the CR; COMMAND.COM adds the LF
        return text

    def _read_file_line(self) -> Work:
        r = yield Call(self.io.read_regs(STDIN, 128))
        data = b"" if r.cf else self.io.buffer(r.ax)
        cut = data.find(b"\n")
        if 0 <= cut < len(data) - 1:
            try:
                self.io.seek(STDIN, cut + 1 - len(data), SEEK_CUR)  # the rest is for the next read
            except DosError:
                pass
            data = data[:cut + 1]
        end = data.find(bytes((CTRL_Z,)))
        if end >= 0:
            data = data[:end]
        if not data:
            return None
        return data.rstrip(b"\r\n").decode("cp437")

    def _is_console(self, handle: int, bit: int) -> bool:
        """Whether a standard handle is the console (as IOCTL 00h tells)."""
        try:
            info = self.io.device_info(handle)
        except DosError:
            return True
        return bool(info & DEVICE_BIT and info & bit)

    def breathe(self) -> Work:
        self._since_breath += 1
        if self._since_breath >= BREATHE_EVERY:
            self._since_breath = 0
            yield Breathe()

    # -- one line ---------------------------------------------------------------------------------
    def execute(self, line: str) -> Work:
        """Run one command line: redirections and pipes, then the command(s)."""
        line = line.rstrip("\r\n").lstrip(" \t")
        if not line.strip() or line.startswith(":"):
            return
        try:
            stages = sp.split_pipeline(line)
        except sp.ShellSyntaxError:
            self.fail("Syntax error")
            return
        if len(stages) == 1 and not stages[0].redirected:
            yield from self.run_command(stages[0].text)
            return
        yield from self.run_pipeline(stages)

    def run_pipeline(self, stages: list[sp.Stage]) -> Work:
        pipe_in: str | None = None
        for i, stage in enumerate(stages):
            last = i == len(stages) - 1
            pipe_out = None
            if not last:
                pipe_out = self._pipe_file()
                if pipe_out is None:
                    self.fail("Intermediate file error during pipe")
                    break
            saved = self._redirect(stage, pipe_in, pipe_out)
            if saved is not None:
                yield from self.run_command(stage.text)
                self._restore(saved)
            if pipe_in is not None:
                self._remove(pipe_in)
            pipe_in = pipe_out
            if saved is None or (self.batch is not None and self.batch.jumped):
                break
        if pipe_in is not None:
            self._remove(pipe_in)

    def _pipe_file(self) -> str | None:
        """A new empty temporary file for a pipe, in %TEMP% or the current drive's root."""
        folders = [self.getenv("TEMP"), self.getenv("TMP"), f"{self.k.drives.current}:\\"]
        for folder in folders:
            if not folder:
                continue
            try:
                handle, path = self.io.create_unique(folder)
            except DosError:
                continue
            self.io.close(handle)
            return path
        return None

    def _remove(self, path: str) -> None:
        try:
            self.io.delete(path)
        except DosError:
            pass

    def _redirect(self, stage: sp.Stage, pipe_in: str | None, pipe_out: str | None) -> list[tuple[int, int]] | None:
        """Point the shell's handles 0 and 1 at the stage's files; returns what to restore.

        Children inherit the handles; built-in commands write to handle 1 too.
        None when a file could not be opened (the message is printed).
        """
        saved: list[tuple[int, int]] = []
        source = stage.stdin if stage.stdin is not None else pipe_in
        target = stage.stdout if stage.stdout is not None else pipe_out
        try:
            if source is not None:
                try:
                    handle = self.io.open(source, 0)
                except DosError:
                    self.fail("File not found")
                    return None
                saved.append((STDIN, self._swap(STDIN, handle)))
            if target is not None:
                try:
                    handle = self._open_output(target, stage.append and target == stage.stdout)
                except DosError as err:
                    self._restore(saved)
                    self.fail("Access denied" if err.code == 5 else "File creation error")
                    return None
                saved.append((STDOUT, self._swap(STDOUT, handle)))
        except DosError as err:
            self._restore(saved)
            self.fail(error_text(err.code))
            return None
        return saved

    def _open_output(self, path: str, append: bool) -> int:
        if not append:
            return self.io.create(path)
        try:
            handle = self.io.open(path, 2)
        except DosError as err:
            if err.code == 2:
                return self.io.create(path)
            handle = self.io.open(path, 1)  # a device that cannot be read
        try:
            if self.io.seek(handle, 0, SEEK_END) > 0:
                # Append over a text file's ^Z end mark, not behind it.
                self.io.seek(handle, -1, SEEK_END)
                if self.io.read(handle, 1) == bytes((CTRL_Z,)):
                    self.io.seek(handle, -1, SEEK_CUR)
        except DosError:
            pass  # a device: nothing to seek
        return handle

    def _swap(self, std: int, handle: int) -> int:
        """Make `std` refer to `handle`'s file; returns a duplicate of the old `std`."""
        keep = self.io.dup(std)
        self.io.dup2(handle, std)
        self.io.close(handle)
        return keep

    def _restore(self, saved: list[tuple[int, int]]) -> None:
        for std, keep in reversed(saved):
            try:
                self.io.dup2(keep, std)
                self.io.close(keep)
            except DosError:
                pass

    # -- one command -------------------------------------------------------------------------------
    def run_command(self, text: str, call: bool = False) -> Work:
        """Run one command (no redirection left in it): built-in, program or batch file."""
        name, rest = sp.split_command(text, self.BUILTIN_NAMES)
        if not name:
            return
        if len(name) == 2 and name[1] == ":" and not rest.strip():
            self.select_drive(name[0])
            return
        method = self.BUILTINS.get(name.upper())
        if method is not None:
            yield from self.run_builtin(method, rest)
            return
        yield from self.run_external(name, rest, call)

    def run_builtin(self, method: str, rest: str) -> Work:
        try:
            result = getattr(self, method)(rest)
            if isinstance(result, Generator):
                yield from result
        except ShellExit:
            raise
        except sp.ShellSyntaxError:
            self.fail("Syntax error")
        except DosError as err:
            self.fail(error_text(err.code))
        except OSError as err:
            self.fail(f"Access denied ({err.strerror or err})")
        except Exception as err:  # noqa: BLE001 - a shell bug must not end the user's session
            self.k.vdh.log(f"shell: {method} failed: {err!r}")
            self.fail(f"Internal shell error in {method[4:].upper()}")

    def run_external(self, name: str, rest: str, call: bool) -> Work:
        path = self.find_program(name)
        if path is None:
            self.fail("Bad command or file name")
            return
        if path.upper().endswith(".BAT"):
            yield from self.run_batch(path, name, rest, call)
            return
        yield from self.run_program(path, rest)

    def run_program(self, path: str, rest: str) -> Work:
        tail = rest.encode("cp437", "replace")[:MAX_TAIL]
        result = yield Exec(path, tail)
        if isinstance(result, int):
            self.errorlevel = result & 0xFF
            if result >> 8 == TERM_CTRL_C and self.batch is not None:
                yield from self.batch_break()
            return
        if isinstance(result, DosError) and result.code == 8:
            self.fail("Program too big to fit in memory")
        elif isinstance(result, DosError) and result.code in (2, 3):
            self.fail("Bad command or file name")
        else:
            self.fail("EXEC failure")
            if isinstance(result, LoadError):
                self.k.vdh.log(f"shell: {result}")

    # -- finding programs --------------------------------------------------------------------------
    def find_program(self, name: str) -> str | None:
        """The DOS path of the program or batch file a command names.

        The current folder first, then each folder of PATH; without an extension
        .COM, .EXE and .BAT are tried in turn. COMMAND.COM is the shell itself.
        """
        name = sp.strip_quotes(name)
        base = name.replace("/", "\\").rsplit("\\", 1)[-1].rsplit(":", 1)[-1]
        if base.upper() in SHELL_NAMES and self.k.builtin_shell_wanted(name):
            return self.comspec
        stem, dot, ext = base.rpartition(".")
        if dot:
            if "." + ext.upper() not in PROGRAM_EXTENSIONS or not stem:
                return None
            candidates = [name]
        else:
            candidates = [name + e for e in PROGRAM_EXTENSIONS]
        folders = [""]
        if "\\" not in name and "/" not in name and ":" not in name:
            folders += [f for f in (self.getenv("PATH") or "").split(";") if f.strip()]
        for folder in folders:
            for cand in candidates:
                path = dos_join(folder.strip(), cand) if folder else cand
                found = self.existing_file(path)
                if found is not None:
                    return found
        return None

    def existing_file(self, path: str) -> str | None:
        try:
            res = self.k.drives.resolve(path)
        except DosError:
            return None
        if res.exists and res.host.is_file():
            return res.dos
        return None

    # -- batch files -------------------------------------------------------------------------------
    def run_batch(self, path: str, typed: str, rest: str, call: bool) -> Work:
        try:
            lines = self.read_batch(path)
        except (DosError, OSError):
            self.fail("Batch file missing")
            return
        args = [typed] + sp.batch_arguments(rest)
        current = self.batch
        if current is not None and not call:
            # Without CALL a batch file replaces the one running, as in DOS.
            current.path, current.lines, current.args = path, lines, args
            current.pos, current.jumped = 0, True
            return
        ctx = Batch(path, lines, args, self.echo, current)
        self.batch = ctx
        in_for, self.in_for = self.in_for, False  # a batch file CALLed from a FOR may use FOR itself
        try:
            yield from self._batch_lines(ctx)
        finally:
            self.batch = ctx.parent
            self.echo = ctx.echo
            self.in_for = in_for

    def read_batch(self, path: str) -> list[str]:
        res = self.k.drives.resolve(path)
        data = res.host.read_bytes()
        end = data.find(bytes((CTRL_Z,)))
        if end >= 0:
            data = data[:end]
        text = data.decode("cp437")
        return [line.rstrip("\r") for line in text.split("\n")]

    def _batch_lines(self, ctx: Batch) -> Work:
        while ctx.pos < len(ctx.lines):
            raw = ctx.lines[ctx.pos]
            ctx.pos += 1
            ctx.jumped = False
            stripped = raw.lstrip(" \t")
            if not stripped.strip() or stripped.startswith(":"):
                continue
            line = sp.expand(stripped, ctx.args, self.getenv).lstrip(" \t")
            silent = line.startswith("@")
            if silent:
                line = line[1:]
            if self.echo and not silent:
                self.write(self.prompt_text() + line + "\n")
            yield from self.execute(line)
            if self.echo:
                self.write("\n")
            yield from self.breathe()

    def batch_break(self) -> Work:
        """A program of a batch file ended by Ctrl-C: ask whether the batch files stop too."""
        answer = ""
        while answer not in ("Y", "N"):
            self.write("Terminate batch job (Y/N)?")
            answer = yield from self.read_answer()
            if not answer:
                answer = "Y"  # no one left to ask
        if answer == "Y":
            ctx = self.batch
            while ctx is not None:
                ctx.pos, ctx.jumped = len(ctx.lines), True
                ctx = ctx.parent

    def goto(self, label: str) -> None:
        ctx = self.batch
        if ctx is None:
            return
        want = label.lstrip(":").strip().split()[0].upper() if label.strip(" :") else ""
        for i, raw in enumerate(ctx.lines):
            text = raw.strip()
            if text.startswith(":"):
                words = text[1:].split()
                if words and words[0].upper() == want:
                    ctx.pos = i + 1
                    ctx.jumped = True
                    return
        self.fail("Label not found")
        ctx.pos = len(ctx.lines)
        ctx.jumped = True
