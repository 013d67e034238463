"""The built-in command shell (COMMAND.COM): a DOS process run by Python.

A shell is a real process: an environment block and a PSP in the MCB arena,
handles inherited like any program's, and as its program image a stub of guest
code that only loops on the shell's SVC gate (gates run in the BIOS segment):

    PSP:0100  9A oo oo 00 F0    call far F000:oooo     F000:oooo  F4 nn ~nn   the gate
    PSP:0105  EB F9             jmp 0100                           CB          retf

Every time the gate runs, the shell's interpreter (shell_core.Shell, a Python
generator) goes on with its work. To run a program it calls EXEC with the
registers the gate got, so the child returns (INT 22h) to the gate's RETF with
the stub's return address on the stack: the stub calls the gate again and the
interpreter takes the child's exit code as ERRORLEVEL. One gate serves every
shell; the return address on the stack tells which shell is calling.

How a shell starts:
- from the host: `mvm run -c CMD ...`, `mvm run FILE.BAT`, `mvm shell`
  (`start_shell`); it ends the session with its last ERRORLEVEL;
- from a program: EXEC of any path whose name is COMMAND.COM (the usual COMSPEC)
  loads the stub as that program's image (`builtin_program`), whether or not a
  COMMAND.COM file exists, so EXEC builds the shell process like any other
  child. At its first gate call the shell reads its command line (`/C command`,
  `/K command`, `/E:n`, or nothing for a prompt), shrinks its memory block to
  what it needs and gives itself an environment block with room to grow. With
  the setting BUILTIN_SHELL=0, a COMMAND.COM file that does exist is run instead.
"""

from __future__ import annotations

from ..errors import LoadError, NotExecutable
from ..ist import Registers
from ..vdh import BLOCK
from . import process
from .constants import ERR_NOT_ENOUGH_MEMORY, SYSTEM_PSP, DosError
from .mcb import DosMemoryError
from .shell_core import SHELL_NAMES, Script, Shell
from .shell_dosio import DosApi
from .shell_requests import Breathe, Call, Exec, ReadLine

COMSPEC = "C:\\COMMAND.COM"
ROM_SEG = 0xF000  # where `vdh.rom_alloc` places code
STUB_OFFSET = 0x100
LINE_BUFFER = 0x110  # INT 21h/0Ah buffer: 128 bytes typed plus the count bytes
CALL_STACK = 0x200  # the stack of the shell's own INT 21h calls (shell_dosio.DosApi)
IO_BUFFER = 0x200
IO_SIZE = 0x1000
STACK_TOP = 0x1400
SHELL_PARAS = STACK_TOP >> 4
DEFAULT_ENV_SIZE = 1024  # bytes; /E:n sets another (160-32768, as COMMAND.COM allows)
_RUNNING = object()  # the gate hands the CPU to a child (or lets the machine breathe)


class ShellHost:
    FUNCTIONS: dict[int, str] = {}

    def setup_group(self) -> None:
        self._shells: dict[int, Shell] = {}
        gate = self.vdh.svc(self._shell_gate_entry)
        rom = self.vdh.rom_alloc(gate + b"\xcb")
        # The shell's program image: call far F000:rom (the gate, then RETF); jmp back to the call.
        self._shell_image = b"\x9a" + rom.to_bytes(2, "little") + ROM_SEG.to_bytes(2, "little") + b"\xeb\xf9"

    # -- COMMAND.COM as a program file ------------------------------------------------------------
    def builtin_program(self, dos_path: str) -> tuple[bytes, str] | None:
        """(image, canonical DOS path) when EXEC of `dos_path` should start the built-in shell."""
        name = dos_path.replace("/", "\\").rsplit("\\", 1)[-1].rsplit(":", 1)[-1].upper()
        if name not in SHELL_NAMES or not self.builtin_shell_wanted(dos_path):
            return None
        try:
            canonical = self.drives.resolve(dos_path).dos
        except DosError:
            canonical = dos_path.upper()
        return self._shell_image, canonical

    def builtin_shell_wanted(self, dos_path: str) -> bool:
        """Whether the built-in shell answers for this COMMAND.COM path (setting BUILTIN_SHELL)."""
        setting = str(self.machine.settings.get("BUILTIN_SHELL", "1")).strip().lower()
        if setting not in ("0", "no", "off", "false"):
            return True
        try:
            res = self.drives.resolve(dos_path)
        except DosError:
            return True
        return not (res.exists and res.host.is_file())

    @staticmethod
    def env_block(variables: list[list[str]] | list[tuple[str, str]], program: str) -> bytes:
        return process.build_environment([(k, v) for k, v in variables], program)

    # -- the session's own shell --------------------------------------------------------------------
    def start_shell(self, commands: list[str] | None = None, batch: str | None = None,
                    args: list[str] | None = None) -> None:
        """Start the session's shell: run `commands` (or the batch file) and end, or prompt."""
        if batch is not None:
            dos_path, _host = self.locate(batch)
            typed = batch if self.drives.host_path(batch) is not None else dos_path  # %0 as typed
            line = " ".join([typed, *(_quoted(a) for a in (args or []))])
            script = Script([line])
        elif commands:
            script = Script(list(commands), expand=True)
        else:
            script = Script(interactive=True)
        try:
            psp = self.arena.allocate(SHELL_PARAS, 0xFFFF, b"COMMAND")
        except (DosMemoryError, DosError) as exc:
            raise NotExecutable("no memory for the shell") from exc
        self._set_owner(psp, psp)
        process.write_psp(
            self.ram, psp, top=psp + SHELL_PARAS, parent=SYSTEM_PSP, env=0, tail=b"",
            vectors=(self._vector(0x22), self._vector(0x23), self._vector(0x24)),
            version=self.version, call5=b"\0" * 5, valid_drive=self._valid_drive)
        self.ram.write((psp << 4) + STUB_OFFSET, self._shell_image)
        self.vdh.invalidate(psp << 4, (psp + SHELL_PARAS) << 4)
        try:
            self._new_shell(psp, [("COMSPEC", COMSPEC), ("PATH", "C:\\")], script, DEFAULT_ENV_SIZE)
        except DosError as exc:
            raise NotExecutable("no memory for the shell's environment") from exc
        self.current_psp = psp
        r = self.vdh.regs()
        r.cs = r.ds = r.es = r.ss = psp
        r.eip = STUB_OFFSET
        r.esp = STACK_TOP
        r.eflags = 0x0202
        self.machine.engine.commit()

    def _new_shell(self, psp: int, variables: list[tuple[str, str]], script: Script, env_size: int) -> Shell:
        """The interpreter of the shell process at `psp`, with a master environment of its own."""
        block = self.env_block(variables, COMSPEC)
        env_size = (max(env_size, len(block)) + 15) & ~15
        try:
            env_seg = self.arena.allocate(env_size >> 4, psp, b"")
        except DosMemoryError as exc:
            raise DosError(ERR_NOT_ENOUGH_MEMORY) from exc
        self.ram.fill(env_seg << 4, env_size)
        self.ram.write(env_seg << 4, block)
        self.ram.ww((psp << 4) + process.PSP_ENV, env_seg)
        io = DosApi(self, psp, IO_BUFFER, IO_SIZE, CALL_STACK)
        # Like COMMAND.COM, the shell answers Ctrl-C and critical errors itself: the
        # session's handlers while it runs (its PSP keeps its parent's for the way back).
        for vector, off in ((0x23, process.PSP_INT23), (0x24, process.PSP_INT24)):
            self.ram.wd(vector * 4, self.ram.rd((SYSTEM_PSP << 4) + off))
        shell = Shell(self, psp, env_seg, env_size, variables, io, LINE_BUFFER, script, COMSPEC)
        self._shells[psp] = shell
        return shell

    def _adopt_shell(self, psp: int, r: Registers) -> Shell | None:
        """First gate call of a shell that EXEC started: read its command line, settle its memory.

        None when memory is too short for the shell.

        As COMMAND.COM does: keep only the memory the shell needs (a COM program
        was given the largest block), and make the environment block its own
        with room to grow. The stack moves into the kept memory.
        """
        base = psp << 4
        tail = self.ram.read(base + process.PSP_TAIL + 1, min(self.ram.rb(base + process.PSP_TAIL), 127))
        script, env_size = _parse_switches(tail.decode("cp437", "replace"))
        old_env = self.ram.rw(base + process.PSP_ENV)
        variables = _read_environment(self.ram, old_env)
        env_size = max(env_size, len(self.env_block(variables, COMSPEC)) + 128)
        try:
            self.arena.resize(psp, SHELL_PARAS)
            shell = self._new_shell(psp, variables, script, env_size)
        except (DosMemoryError, DosError):
            return None
        self.ram.ww(base + process.PSP_TOP, psp + SHELL_PARAS)
        if old_env:
            try:
                self.arena.free(old_env)
            except DosMemoryError:
                pass
        # The far return address of the stub's call moves with the stack.
        ret = self.ram.rd((r.ss << 4) + r.sp)
        r.ss, r.sp = psp, STACK_TOP - 4
        self.ram.wd(base + STACK_TOP - 4, ret)
        return shell

    # -- the gate -------------------------------------------------------------------------------------
    def _shell_gate_entry(self, r: Registers):
        caller = self.ram.rw((r.ss << 4) + ((r.sp + 2) & 0xFFFF))  # the stub's CS is its PSP
        shell = self._shells.get(caller)
        if shell is None:
            if self.ram.read((caller << 4) + STUB_OFFSET, len(self._shell_image)) != self._shell_image:
                self.machine.end_session("fault", 125, f"the shell's gate was called from segment {caller:04X}, "
                                                       "which runs no shell")
                return None
            shell = self._adopt_shell(caller, r)
            if shell is None:
                self.con_write(b"Insufficient memory\r\n")
                self.terminate(r, 8)  # a shell EXEC started that cannot settle in
                return None
        value = None
        pending = shell.pending
        if isinstance(pending, Exec):
            value = self.return_code & 0xFFFF  # the child has ended: how (AH) and its code (AL)
        elif isinstance(pending, (Call, ReadLine)):
            value = self._shell_request(shell, pending, r)  # a wait that was not over
            if value is BLOCK:
                return BLOCK
        while True:
            try:
                request = shell.gen.send(value)
            except StopIteration as done:
                return self._shell_exit(shell, r, done.value or 0)
            except Exception as exc:  # noqa: BLE001 - a shell bug ends that shell, not the session
                self.vdh.log(f"shell: internal error {exc!r}")
                self.con_write(b"Internal shell error\r\n")
                return self._shell_exit(shell, r, 255)
            shell.pending = request
            value = self._shell_request(shell, request, r)
            if value is BLOCK:
                return BLOCK
            if value is _RUNNING:
                return None

    def _shell_request(self, shell: Shell, request: object, r: Registers):
        if isinstance(request, Exec):
            return self._shell_run_child(request, r)
        if isinstance(request, ReadLine):
            if self._line is None and self._console_ended():
                return None
            result = shell.io.dispatch(request.regs)
            return BLOCK if result is BLOCK else request.regs
        if isinstance(request, Call):
            result = shell.io.dispatch(request.regs)
            return BLOCK if result is BLOCK else request.regs
        if isinstance(request, Breathe):
            shell.pending = None
            return _RUNNING
        raise TypeError(f"unknown shell request {request!r}")

    def _console_ended(self) -> bool:
        # peek_key also drops the LF of a host line end that 0Ah left behind.
        return self._pending_scan is None and self.keyboard.peek_key() is None and self.console_in.at_eof

    def _shell_run_child(self, request: Exec, r: Registers):
        exec_program = getattr(self, "exec_program", None)
        if exec_program is None:
            return DosError(1, "EXEC is not available")
        try:
            exec_program(r, request.path, request.tail, 0, b"", b"", 0)
        except (DosError, LoadError) as err:
            return err
        return _RUNNING

    def _shell_exit(self, shell: Shell, r: Registers, code: int) -> None:
        self._shells.pop(shell.psp, None)
        shell.pending = None
        r.cf = False
        self.terminate(r, code & 0xFF)


def _quoted(arg: str) -> str:
    return f'"{arg}"' if any(ch in arg for ch in " \t,;=") else arg


def _read_environment(ram, seg: int) -> list[tuple[str, str]]:
    """NAME=value pairs of an environment block (stops at the empty string or after 32 KiB)."""
    out: list[tuple[str, str]] = []
    if seg == 0:
        return out
    data = ram.read(seg << 4, 0x8000)
    pos = 0
    while pos < len(data) and data[pos] != 0:
        end = data.find(b"\0", pos)
        if end < 0:
            break
        text = data[pos:end].decode("cp437")
        name, eq, value = text.partition("=")
        if eq:
            out.append((name, value))
        pos = end + 1
    return out


def _parse_switches(tail: str) -> tuple[Script, int]:
    """COMMAND.COM's command line: /C cmd, /K cmd, /E:n; the others are accepted and ignored."""
    env_size = DEFAULT_ENV_SIZE
    text = tail.strip(" \t\r")
    i = 0
    while i < len(text):
        if text[i] in " \t":
            i += 1
            continue
        if text[i] != "/" or i + 1 >= len(text):
            break
        switch = text[i + 1].upper()
        if switch in "CK":
            command = text[i + 2:].lstrip(" \t")
            return Script([command] if command else [], interactive=switch == "K"), env_size
        end = i + 1
        while end < len(text) and text[end] not in " \t/":
            end += 1
        word = text[i + 1:end].upper()
        if word.startswith("E:") and word[2:].isdigit():
            env_size = min(max(int(word[2:]), 160), 32768)
        i = end
    return Script(interactive=True), env_size
