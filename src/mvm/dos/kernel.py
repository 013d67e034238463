"""The DOS kernel VDD: INT 20h/21h dispatch, the console calls, processes and termination."""

from __future__ import annotations

from pathlib import Path

from ..errors import NotExecutable, ProgramNotFound, UsageError
from ..ist import Registers
from ..settings import Setting
from ..vdh import Vdd, Vdh
from . import process
from .conio import ConsoleCalls
from .constants import ERR_INVALID_FUNCTION, FIRST_MCB, MEMORY_TOP, SYSTEM_PSP, DosError
from .dirs import DirCalls
from .drives import Drive, Drives
from .fcbcalls import FcbCalls
from .files import FileCalls
from .info import InfoCalls
from .loader import parse_program
from .mcb import Arena
from .memory import MemoryCalls
from .procs import ProcessCalls
from .shell import ShellHost


class DosKernel(ConsoleCalls, FileCalls, DirCalls, FcbCalls, MemoryCalls, InfoCalls, ProcessCalls, ShellHost, Vdd):
    """The kernel's state and dispatch.

    Each group of INT 21h functions is a mixin in its own module: it declares the
    functions it serves in FUNCTIONS (AH -> method name) and may define
    `setup_group(self)`, called once at set-up, for its own state and hooks.
    """

    name = "DOSKRNL"
    settings = {
        "DOS_VERSION": Setting("DOS_VERSION", "version", "5.0", "version INT 21h/30h reports"),
        "DOS_FILES": Setting("DOS_FILES", "int", 40, "entries of the system file table", 8, 255),
        "DOS_BREAK": Setting("DOS_BREAK", "bool", "0", "check for Ctrl-C on every DOS call (BREAK ON)"),
        # PRINTER_FILE belongs to the printer VDD (VLPT), which DOS's PRN/LPTn print through.
        "LABEL_*": Setting("LABEL_*", "str", "X_DRIVE", "volume label of a drive, e.g. LABEL_C=WORK"),
        "BUILTIN_SHELL": Setting("BUILTIN_SHELL", "bool", "1", "COMMAND.COM is the built-in shell; "
                                 "off runs a real COMMAND.COM file when there is one"),
    }

    def __init__(self, drives: dict[str, str] | None = None) -> None:
        self.drives = Drives(drives)

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        m = vdh.machine
        self.machine = m
        self.ram = vdh.ram
        self.console_in = m.console_in
        self.video = m.vdd("VVIDEO")
        self.keyboard = m.vdd("VKBD")
        self.version = _parse_version(m.settings.get("DOS_VERSION", "5.0"))
        self.arena = Arena(self.ram, FIRST_MCB, MEMORY_TOP)
        self.current_psp = SYSTEM_PSP
        self.return_code = 0  # AL of the last child to end, AH how it ended (INT 21h/4Dh)
        self.break_check = m.settings.get("DOS_BREAK", "0") == "1"
        self.last_error = 0  # the last DOS error code, for INT 21h/59h
        self._pending_scan: int | None = None  # second byte of an extended key
        self._line: bytearray | None = None  # INT 21h/0Ah input collected so far
        self._table = self._dispatch_table()
        for cls in reversed(type(self).__mro__):
            group_setup = cls.__dict__.get("setup_group")
            if group_setup is not None:
                group_setup(self)
        vdh.hook_int(0x20, self.int20)
        vdh.hook_int(0x21, self.int21)
        vdh.hook_int(0x29, self.int29)
        self._terminate_gate = vdh.svc(self._terminated)
        term_off = vdh.rom_alloc(self._terminate_gate)
        vdh.set_vector(0x22, 0xF000, term_off)
        vdh.set_vector(0x24, 0xF000, vdh.hook_int(0x24, self.int24))
        self._write_system_psp()

    def _write_system_psp(self) -> None:
        process.write_psp(
            self.ram, SYSTEM_PSP, top=MEMORY_TOP, parent=SYSTEM_PSP, env=0, tail=b"",
            vectors=(self._vector(0x22), self._vector(0x23), self._vector(0x24)),
            version=self.version, call5=b"\0" * 5, valid_drive=self._valid_drive)

    def _vector(self, n: int) -> int:
        return self.ram.rd(n * 4)

    def _valid_drive(self, number: int) -> bool:
        return number == 0 or chr(ord("A") + number - 1) in self.drives.drives

    # -- starting a program from the host ----------------------------------------------
    def locate(self, program: str) -> tuple[str, Path]:
        """The DOS path and host path of the program a user named."""
        host = Path(program)
        if host.is_file():
            dos = self.drives.dos_path_for(host)
            if dos is None:
                letter = self.drives.free_letter()
                self.drives.add(Drive(letter, host.resolve().parent))
                dos = self.drives.dos_path_for(host)
            return dos, host.resolve()
        candidates = [program]
        if "." not in program.replace("\\", "/").rsplit("/", 1)[-1]:
            candidates = [program + ext for ext in (".COM", ".EXE")]
        for name in candidates:
            found = self.drives.host_path(name)
            if found is not None and found.is_file():
                letter, parts = self.drives.split(name)
                return f"{letter}:\\" + "\\".join(p.upper() for p in parts), found
        if host.is_dir():
            raise NotExecutable(f"{program}: is a folder, not a program")
        raise ProgramNotFound(f"{program}: no such program")

    def start_program(self, program: str, args: list[str]) -> None:
        dos_path, host_path = self.locate(program)
        try:
            data = host_path.read_bytes()
        except OSError as exc:
            raise NotExecutable(f"{program}: cannot read ({exc.strerror})") from exc
        image = parse_program(data, dos_path)
        tail = process.command_tail(args)
        env = process.build_environment(
            [("COMSPEC", "C:\\COMMAND.COM"), ("PATH", "C:\\")], dos_path)
        psp, env_seg, paras = process.load_image(self.ram, self.arena, image, env, dos_path)
        for seg in (psp, env_seg):
            self.arena.find(seg)  # both blocks now exist; give them to the new process
            self._set_owner(seg, psp)
        fcb_status = process.write_psp(
            self.ram, psp, top=psp + paras, parent=self.current_psp, env=env_seg, tail=tail,
            vectors=(self._vector(0x22), self._vector(0x23), self._vector(0x24)),
            version=self.version, call5=b"\0" * 5, valid_drive=self._valid_drive)
        cs, ip, ss, sp = process.place_image(self.ram, image, psp, paras)
        self.vdh.invalidate(psp << 4, (psp + paras) << 4)
        self.current_psp = psp
        loaded = process.Loaded(psp, env_seg, cs, ip, ss, sp, fcb_status)
        process.set_entry_registers(self.vdh.regs(), loaded)
        self.machine.engine.commit()

    def _set_owner(self, data_seg: int, owner: int) -> None:
        self.ram.ww(((data_seg - 1) << 4) + 1, owner)

    def session_end(self) -> None:
        """However the run ended: what the guest wrote must reach the host disk."""
        for name in ("files_session_end", "fcb_session_end"):
            flush = getattr(self, name, None)
            if flush is not None:
                flush()

    # -- dispatch and helpers shared by the function groups ------------------------------------
    def _dispatch_table(self) -> list:
        """AH -> bound method, from the FUNCTIONS of every mixin."""
        names: dict[int, str] = {}
        for cls in reversed(type(self).__mro__):
            names.update(cls.__dict__.get("FUNCTIONS", {}))
        table = [None] * 256
        for ah, name in names.items():
            table[ah] = getattr(self, name)
        return table

    def int21(self, r: Registers):
        fn = self._table[(r.v[0] >> 8) & 0xFF]  # AH, without the property: the hot path
        if fn is None:
            self.vdh.log(f"INT 21h function {r.ah:02X}h is not supported")
            return self.fail(r, ERR_INVALID_FUNCTION)
        try:
            return fn(r)
        except DosError as err:
            return self.fail(r, err.code)

    def fail(self, r: Registers, code: int) -> None:
        """Return DOS error `code`: CF set, AX = code, remembered for INT 21h/59h."""
        r.ax = code
        r.cf = True
        self.last_error = code

    @staticmethod
    def succeed(r: Registers) -> None:
        r.cf = False

    def guest_string(self, seg: int, off: int, limit: int = 128) -> str:
        """The ASCIIZ string at seg:off, decoded from code page 437."""
        return self.ram.asciiz((seg << 4) + off, limit).decode("cp437")


def _parse_version(text: str) -> tuple[int, int]:
    major, _, minor = str(text).partition(".")
    try:
        return int(major), int(minor or 0)
    except ValueError:
        raise UsageError(f"bad DOS_VERSION setting {text!r}: use MAJOR.MINOR") from None
