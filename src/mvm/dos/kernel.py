"""The DOS kernel VDD: INT 20h/21h dispatch, the console calls, processes and termination."""

from __future__ import annotations

from pathlib import Path

from ..errors import NotExecutable, ProgramNotFound, UsageError
from ..ist import Registers
from ..vdh import BLOCK, Vdd, Vdh
from . import process
from .drives import Drive, Drives
from .loader import parse_program
from .mcb import Arena

DOS_DATA_SEG = 0x0060  # kernel data below the arena
SYSTEM_PSP = 0x0080  # the PSP that owns the session: a root program's parent
FIRST_MCB = 0x0100
MEMORY_TOP = 0xA000  # 640 KiB

ERR_INVALID_FUNCTION = 1
ERR_INVALID_HANDLE = 6

TERM_NORMAL, TERM_CTRL_C, TERM_CRITICAL, TERM_TSR = 0, 1, 2, 3


class DosKernel(Vdd):
    name = "DOSKRNL"

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
        self.break_check = False
        self._pending_scan: int | None = None  # second byte of an extended key
        self._line: bytearray | None = None  # INT 21h/0Ah input collected so far
        self._functions = self._function_table()
        self._table = [self._functions.get(n) for n in range(256)]
        vdh.hook_int(0x20, self.int20)
        vdh.hook_int(0x21, self.int21)
        vdh.hook_int(0x29, self.int29)
        self._terminate_gate = vdh.svc(self._terminated)
        term_off = vdh.rom_alloc(self._terminate_gate)
        vdh.set_vector(0x22, 0xF000, term_off)
        vdh.set_vector(0x24, 0xF000, vdh.hook_int(0x24, self.int24))
        self._write_system_psp()

    def _function_table(self):
        return {
            0x00: self.f00_terminate, 0x01: self.f01_read_echo, 0x02: self.f02_write_char,
            0x06: self.f06_direct_io, 0x07: self.f07_read_raw, 0x08: self.f08_read,
            0x09: self.f09_write_string, 0x0A: self.f0a_read_line, 0x0B: self.f0b_input_status,
            0x0C: self.f0c_flush_and_read, 0x25: self.f25_set_vector, 0x30: self.f30_version,
            0x33: self.f33_break, 0x35: self.f35_get_vector, 0x3F: self.f3f_read,
            0x40: self.f40_write, 0x4C: self.f4c_exit, 0x4D: self.f4d_return_code,
            0x50: self.f50_set_psp, 0x51: self.f51_get_psp, 0x62: self.f51_get_psp,
        }

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

    # -- termination --------------------------------------------------------------------------
    def terminate(self, r: Registers, code: int, how: int = TERM_NORMAL) -> None:
        """End the current process: free its memory, restore its vectors, return to its parent."""
        psp = self.current_psp
        base = psp << 4
        parent = self.ram.rw(base + process.PSP_PARENT)
        for n, off in ((0x22, process.PSP_INT22), (0x23, process.PSP_INT23), (0x24, process.PSP_INT24)):
            self.ram.wd(n * 4, self.ram.rd(base + off))
        if how != TERM_TSR:
            self.arena.free_owned_by(psp)
        self.return_code = (how << 8) | (code & 0xFF)
        self.current_psp = parent
        if parent == SYSTEM_PSP or parent == psp:
            self.machine.end_session("exited", code & 0xFF)
            return
        # Return to the parent through INT 22h with the parent's stack (EXEC is
        # the DOS kernel's own issue; a child can only exist once EXEC does).
        term = self.ram.rd(base + process.PSP_INT22)
        sssp = self.ram.rd((parent << 4) + process.PSP_SSSP)
        r.ss, r.sp = sssp >> 16, sssp & 0xFFFF
        r.cs, r.ip = term >> 16, term & 0xFFFF
        r.ds = r.es = parent

    def _terminated(self, r: Registers) -> None:
        # INT 22h default target: reached only if a program ends with no parent to resume.
        self.machine.end_session("exited", self.return_code & 0xFF)

    # -- interrupt entry points -----------------------------------------------------------------
    def int20(self, r: Registers) -> None:
        self.terminate(r, 0)

    def int21(self, r: Registers):
        fn = self._table[(r.v[0] >> 8) & 0xFF]  # AH, without the property: the hot path
        if fn is None:
            self.vdh.log(f"INT 21h function {r.ah:02X}h is not supported")
            r.ax = ERR_INVALID_FUNCTION
            r.cf = True
            return None
        return fn(r)

    def int29(self, r: Registers) -> None:
        self.con_write(bytes((r.al,)))

    def int24(self, r: Registers) -> None:
        r.al = 3  # fail the call: the program gets an error code

    # -- console ----------------------------------------------------------------------------------
    def con_write(self, data: bytes) -> None:
        self.video.write_tty(data, expand_tabs=True)

    def echo(self, data: bytes) -> None:
        """Echo typed input: on the screen; on the host only if its terminal did not already."""
        if self.console_in.is_tty:
            for ch in data:
                self.video.put_char(ch)
        else:
            self.con_write(data)

    def read_char(self):
        """The next input character, BLOCK to wait for one, or 1Ah (^Z) at end of input."""
        if self._pending_scan is not None:
            ch, self._pending_scan = self._pending_scan, None
            return ch
        key = self.keyboard.take_key()
        if key is None:
            if self.console_in.at_eof:
                return 0x1A
            self.machine.console_out.flush()
            return BLOCK
        ch = key & 0xFF
        if ch in (0, 0xE0) and key >> 8:
            self._pending_scan = key >> 8
            return 0
        return ch

    def f00_terminate(self, r: Registers) -> None:
        self.terminate(r, 0)

    def f01_read_echo(self, r: Registers):
        ch = self.read_char()
        if ch is BLOCK:
            return BLOCK
        r.al = ch
        self.echo(bytes((ch,)))
        return None

    def f02_write_char(self, r: Registers) -> None:
        self.con_write(bytes((r.dl,)))
        r.al = r.dl

    def f06_direct_io(self, r: Registers) -> None:
        if r.dl != 0xFF:
            self.con_write(bytes((r.dl,)))
            r.al = r.dl
            return
        if self._pending_scan is None and self.keyboard.peek_key() is None:
            r.al = 0
            r.zf = True
            return
        r.al = self.read_char()
        r.zf = False

    def f07_read_raw(self, r: Registers):
        ch = self.read_char()
        if ch is BLOCK:
            return BLOCK
        r.al = ch
        return None

    f08_read = f07_read_raw

    def f09_write_string(self, r: Registers) -> None:
        addr = (r.ds << 4) + r.dx
        chunk = self.ram.read(addr, 0x10000)
        end = chunk.find(b"$")
        self.con_write(chunk if end < 0 else chunk[:end])
        r.al = 0x24

    def f0a_read_line(self, r: Registers):
        buf = (r.ds << 4) + r.dx
        size = self.ram.rb(buf)
        if size == 0:
            return None
        line = self._line if self._line is not None else bytearray()
        self._line = line
        while True:
            ch = self.read_char()
            if ch is BLOCK:
                return BLOCK
            if ch == 0x1A and self.console_in.at_eof:
                ch = 0x0D
            if ch == 0x0D:
                break
            if ch == 0x08:
                if line:
                    line.pop()
                    self.echo(b"\x08 \x08")
                continue
            if ch == 0 or len(line) >= size - 1:
                continue  # extended keys are not part of a line; a full buffer takes only Enter
            line.append(ch)
            self.echo(bytes((ch,)))
        self._line = None
        self.echo(b"\r")
        self.ram.wb(buf + 1, len(line))
        self.ram.write(buf + 2, bytes(line) + b"\r")
        return None

    def f0b_input_status(self, r: Registers) -> None:
        ready = self._pending_scan is not None or self.keyboard.peek_key() is not None
        r.al = 0xFF if ready else 0x00

    def f0c_flush_and_read(self, r: Registers):
        if self._line is None:  # not a retried wait: flush what was typed ahead
            while self.keyboard.buffered() is not None:
                self.keyboard.take_key()
            self._pending_scan = None
            if self.console_in.is_tty:  # redirected input is a file: nothing to discard
                while self.console_in.get() is not None:
                    pass
        fn = {0x01: self.f01_read_echo, 0x06: self.f06_direct_io, 0x07: self.f07_read_raw,
              0x08: self.f08_read, 0x0A: self.f0a_read_line}.get(r.al)
        if fn is None:
            r.al = 0
            return None
        if r.al == 0x0A and self._line is None:
            self._line = bytearray()
        return fn(r)

    # -- handles 0-2 (files are the DOS kernel's own issue) -------------------------------------
    def f3f_read(self, r: Registers):
        if r.bx != 0:
            return self._fail(r, ERR_INVALID_HANDLE)
        want = r.cx
        out = bytearray()
        src = self.console_in
        while len(out) < want:
            b = src.get()
            if b is None:
                break
            out.append(b)
            if b == 0x0A and src.is_tty:
                break
        if not out and want and not src.at_eof:
            self.machine.console_out.flush()
            return BLOCK
        self.ram.write((r.ds << 4) + r.dx, bytes(out))
        r.ax = len(out)
        r.cf = False
        return None

    def f40_write(self, r: Registers) -> None:
        if r.bx not in (1, 2):
            self._fail(r, ERR_INVALID_HANDLE)
            return
        self.con_write(self.ram.read((r.ds << 4) + r.dx, r.cx))
        r.ax = r.cx
        r.cf = False

    @staticmethod
    def _fail(r: Registers, code: int) -> None:
        r.ax = code
        r.cf = True

    # -- processes and vectors --------------------------------------------------------------------
    def f25_set_vector(self, r: Registers) -> None:
        self.vdh.set_vector(r.al, r.ds, r.dx)

    def f35_get_vector(self, r: Registers) -> None:
        r.es, r.bx = self.vdh.get_vector(r.al)

    def f30_version(self, r: Registers) -> None:
        oem = 0xFF if r.al == 0 else 0x00  # AL=0 asks for the OEM number (FFh: Microsoft)
        major, minor = self.version
        r.ax = (minor << 8) | major
        r.bx = oem << 8  # BL:CX is the user serial number: none
        r.cx = 0

    def f33_break(self, r: Registers) -> None:
        sub = r.al
        if sub == 0x00:
            r.dl = int(self.break_check)
        elif sub == 0x01:
            self.break_check = bool(r.dl & 1)
        elif sub == 0x02:
            old = int(self.break_check)
            self.break_check = bool(r.dl & 1)
            r.dl = old
        elif sub == 0x05:
            r.dl = 3  # booted from C:
        elif sub == 0x06:
            r.bl, r.bh = self.version
            r.dl, r.dh = 0, 0x00
        else:
            r.al = 0xFF

    def f4c_exit(self, r: Registers) -> None:
        self.terminate(r, r.al)

    def f4d_return_code(self, r: Registers) -> None:
        r.ax = self.return_code
        self.return_code = 0
        r.cf = False

    def f50_set_psp(self, r: Registers) -> None:
        self.current_psp = r.bx

    def f51_get_psp(self, r: Registers) -> None:
        r.bx = self.current_psp


def _parse_version(text: str) -> tuple[int, int]:
    major, _, minor = str(text).partition(".")
    try:
        return int(major), int(minor or 0)
    except ValueError:
        raise UsageError(f"bad DOS_VERSION setting {text!r}: use MAJOR.MINOR") from None
