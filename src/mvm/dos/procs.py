"""Process calls: EXEC, termination and TSRs, PSPs, Ctrl-Break (INT 23h), critical errors (INT 24h).

Leaving for guest code and coming back. The kernel's functions run in Python,
but some of DOS's work happens in guest code: a child program runs between
EXEC and its termination, a program's Ctrl-C handler (INT 23h) or critical-
error handler (INT 24h) runs in the middle of a DOS call. The kernel leaves a
handler by pointing the registers at guest code and records what it needs to
come back:

- Every switch to another stack goes through an IRET frame written on the
  target stack (`_enter`), so whichever way the INT 21h was reached (served in
  place, or through a hooked vector and our ROM stub) the last instruction
  before the new code is an IRET in ROM.
- The caller of an INT 21h is described by its interrupt frame (IP, CS, FLAGS)
  on its own stack; when the call was served in place the frame is written
  below its SP first (`_caller_frame`). Below the frame EXEC leaves the
  caller's AX BX CX DX SI DI BP DS ES and stores that SS:SP in the caller's PSP
  at 2Eh, as MS-DOS does; termination pops them and returns to the child's
  PSP:0Ah (its INT 22h) with FLAGS 7202h.
- INT 23h and INT 24h handlers return into gates in ROM (`_after_int23`,
  `_after_int24`). A retried call is issued again through a ROM stub that
  calls INT 21h with the caller's frame on the stack (`_redispatch`).
- A critical error found by a file function (`critical_error`) unwinds that
  function with GuestCallPending; after the guest handler answers, the call is
  issued again and `critical_error` returns the answer at the same point.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ist import Registers
from ..ist.base import ARITH_FLAGS, CF, IF, TF
from ..machine.rom import ROM_SEG
from ..vdh import BLOCK
from . import process
from .constants import (
    ERR_ACCESS_DENIED,
    ERR_FILE_NOT_FOUND,
    ERR_INVALID_DRIVE,
    ERR_INVALID_FUNCTION,
    ERR_NOT_ENOUGH_MEMORY,
    ERR_PATH_NOT_FOUND,
    SYSTEM_PSP,
    TERM_CRITICAL,
    TERM_CTRL_C,
    TERM_NORMAL,
    TERM_TSR,
    DosError,
)
from .lol import DosTables
from .mcb import DosMemoryError

FLAGS_AFTER_EXIT = 0x7202  # IF, IOPL 3 and NT, as DOS leaves the parent (DOSBox does the same)
FLAGS_AT_ENTRY = 0x0202
PENDING_LIMIT = 16
COM_PARAS = 0x1000  # a COM program's segment is 64 KiB when memory allows

# INT 24h answers (AL on return) and the bits of AH that say which are allowed
I24_IGNORE, I24_RETRY, I24_ABORT, I24_FAIL = 0, 1, 2, 3
ALLOW_FAIL, ALLOW_RETRY, ALLOW_IGNORE = 0x08, 0x10, 0x20
ALLOW_ALL = ALLOW_FAIL | ALLOW_RETRY | ALLOW_IGNORE
AREA_DOS, AREA_FAT, AREA_DIR, AREA_DATA = 0, 1, 2, 3
I24_NOT_DISK = 0x80
# INT 24h error codes (DI): 0 write-protected, 2 not ready, 9 out of paper, 0Ah write fault,
# 0Bh read fault, 0Ch general failure. What INT 21h/59h reports for each:
I24_EXTENDED = (19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 31, 31, 34)

# Console calls on which DOS always looks for a typed ^C (reads, then output and status),
# and calls it never checks.
BREAK_READS = frozenset((0x01, 0x08, 0x0A))
BREAK_CHECKED = frozenset((0x02, 0x09, 0x0B))
NEVER_CHECKED = frozenset((0x00, 0x06, 0x07, 0x0C, 0x31, 0x33, 0x4C, 0x4D, 0x50, 0x51, 0x59, 0x62))
# Calls that may wait for input: InDOS reads 1 while they wait.
WAITING = frozenset((0x01, 0x07, 0x08, 0x0A, 0x0C, 0x3F))
CTRL_C = 0x03


class GuestCallPending(DosError):
    """Unwinds a DOS function whose work goes on in guest code (an INT 24h handler).

    The dispatcher turns a DosError into "AX = code, CF set"; `code` is the AX the
    guest handler must see, so the registers come out right.
    """

    def __init__(self, ax: int) -> None:
        super().__init__(ax, "a guest handler runs first")


@dataclass
class _Pending:
    """A DOS call waiting for a guest handler (INT 23h or 24h) to return."""

    kind: str  # "break" or "critical"
    psp: int
    ss: int
    frame_sp: int  # the caller's interrupt frame (IP, CS, FLAGS) on its stack
    regs: tuple[int, ...] = ()  # AX BX CX DX SI DI BP DS ES FLAGS of the call (critical errors)
    allowed: int = 0
    key: tuple[int, int, int] = (0, 0, 0)
    last_error: int = 0


class ProcessCalls:
    FUNCTIONS = {
        0x00: "f00_terminate",
        0x26: "f26_create_psp",
        0x31: "f31_keep",
        0x4B: "f4b_exec",
        0x4C: "f4c_exit",
        0x4D: "f4d_return_code",
        0x50: "f50_set_psp",
        0x51: "f51_get_psp",
        0x55: "f55_child_psp",
        0x62: "f51_get_psp",
    }

    def setup_group(self) -> None:
        vdh = self.vdh
        self._pending: list[_Pending] = []
        self._exec_frames: dict[int, int] = {}  # child PSP -> the SS:SP EXEC stored in its parent's PSP
        self._i24_answers: dict[tuple[int, int, int], int] = {}
        self._default_int23 = (ROM_SEG << 16) | vdh.hook_int(0x23, self.int23)
        self._break_pending = False  # Ctrl+Break was pressed: the next ^C check sees it
        vdh.hook_int(0x1B, self.int1b)
        vdh.hook_int(0x27, self.int27)
        self._iret_off = vdh.rom_alloc(b"\xcf")
        self._int23_return = vdh.rom_alloc(vdh.svc(self._after_int23))
        self._int24_return = vdh.rom_alloc(vdh.svc(self._after_int24))
        self._redispatch_off = vdh.rom_alloc(vdh.svc(self._redispatch) + b"\xcf")
        cpm = vdh.rom_alloc(vdh.svc(self._cpm_call))
        self.ram.write(process.CPM_ENTRY, b"\xea" + cpm.to_bytes(2, "little") + ROM_SEG.to_bytes(2, "little"))
        self.kernel_tables()
        # The engine's register view: calls the host makes for a built-in program
        # come with registers of their own and cannot be sent to guest handlers.
        self._cpu_regs = vdh.regs()
        self.plain_table = list(self._table)  # without the ^C checks (the built-in shell uses it)
        self.rewire_break_checks()

    def kernel_tables(self) -> DosTables:
        """The guest-visible kernel tables (made on first use by whichever group needs them)."""
        tables = self.__dict__.get("tables")
        if tables is None:
            files = _files_setting(self.machine.settings)
            tables = self.tables = DosTables(self.ram, self.vdh.rom_alloc, ROM_SEG, files)
        return tables

    # -- guest memory helpers -------------------------------------------------------------------
    def _lin(self, seg: int, off: int) -> int:
        lin = ((seg & 0xFFFF) << 4) + (off & 0xFFFF)
        return lin if self.vdh.a20() else lin & 0xFFFFF

    def _rw(self, seg: int, off: int) -> int:
        return self.ram.rb(self._lin(seg, off)) | (self.ram.rb(self._lin(seg, off + 1)) << 8)

    def _ww(self, seg: int, off: int, value: int) -> None:
        self.ram.wb(self._lin(seg, off), value & 0xFF)
        self.ram.wb(self._lin(seg, off + 1), (value >> 8) & 0xFF)

    def _far(self, linear_of_ptr: int) -> int:
        """The linear address a far pointer stored at `linear_of_ptr` points to."""
        ptr = self.ram.rd(linear_of_ptr)
        return self._lin(ptr >> 16, ptr & 0xFFFF)

    # -- leaving for guest code -----------------------------------------------------------------------
    def _at_stub(self, r: Registers) -> bool:
        """True when the call came through the IVT: r is in a ROM stub, just before its IRET."""
        if r.cs != ROM_SEG:
            return False
        lin = (ROM_SEG << 4) + r.ip
        ram = self.ram
        return ram.rb(lin) == 0xCF and ram.rb(lin - 3) == 0xF4 and ram.rb(lin - 2) ^ ram.rb(lin - 1) == 0xFF

    def _caller_frame(self, r: Registers) -> int:
        """SP of the caller's interrupt frame (IP, CS, FLAGS) on its stack, written there if needed."""
        if self._at_stub(r):
            return r.sp
        sp = (r.sp - 6) & 0xFFFF
        for i, value in enumerate((r.ip, r.cs, r.flags)):
            self._ww(r.ss, sp + 2 * i, value)
        return sp

    def _caller_cs(self, r: Registers) -> int:
        return self._rw(r.ss, r.sp + 2) if self._at_stub(r) else r.cs

    def _enter(self, r: Registers, cs: int, ip: int, ss: int, sp: int, flags: int) -> None:
        """Leave the handler for cs:ip with stack ss:sp, through an IRET frame on that stack."""
        sp = (sp - 6) & 0xFFFF
        for i, value in enumerate((ip, cs, flags)):
            self._ww(ss, sp + 2 * i, value)
        r.ss, r.sp = ss, sp
        r.cs, r.ip = ROM_SEG, self._iret_off
        r.flags = flags

    def _push_pending(self, rec: _Pending) -> None:
        self._pending.append(rec)
        del self._pending[:-PENDING_LIMIT]

    def _pop_pending(self, kind: str) -> _Pending | None:
        for i in range(len(self._pending) - 1, -1, -1):
            if self._pending[i].kind == kind:
                return self._pending.pop(i)
        return None

    def _redispatch(self, r: Registers):
        """ROM stub: issue INT 21h again for the caller whose frame is on the stack."""
        result = self.int21(r)
        if result is BLOCK:
            return BLOCK
        # The stub's IRET returns to the caller: carry the result flags into its frame.
        off = r.sp + 4
        self._ww(r.ss, off, (self._rw(r.ss, off) & ~ARITH_FLAGS) | (r.flags & ARITH_FLAGS))
        return None

    # -- Ctrl-C and Ctrl-Break: INT 23h ----------------------------------------------------------
    def rewire_break_checks(self) -> None:
        """Look for a typed ^C before the console calls, and before every call while BREAK is ON."""
        for ah, fn in enumerate(self.plain_table):
            if fn is None:
                continue
            if ah == 0x3F:
                fn = self._con_read_checked(fn)
            elif ah in BREAK_READS:
                fn = self._break_checked(fn, True)
            elif ah in BREAK_CHECKED or (self.break_check and ah not in NEVER_CHECKED):
                fn = self._break_checked(fn, False)
            if ah in WAITING:
                fn = self._marks_indos(fn)
            self._table[ah] = fn

    def _break_checked(self, fn, reads: bool):
        """`reads`: the call takes input anyway, so the next key may be fetched to look at it;
        other calls only look at keys already typed ahead (the BIOS buffer)."""

        def checked(r: Registers):
            if self._ctrl_c_typed(reads):
                return self.ctrl_c(r)
            return fn(r)

        return checked

    def _con_read_checked(self, fn):
        """Reading the console through a handle in cooked mode also sees ^C."""

        def checked(r: Registers):
            if self._reads_cooked_console(r.bx) and self._ctrl_c_typed(True):
                return self.ctrl_c(r)
            return fn(r)

        return checked

    def _reads_cooked_console(self, handle: int) -> bool:
        find = getattr(self, "file_for_handle", None)
        if find is None:
            return handle == 0
        try:
            entry = find(handle)
        except DosError:
            return False
        device = getattr(entry, "device", None)
        return device is not None and getattr(device, "name", "") == "CON" and not getattr(entry, "raw", False)

    def _marks_indos(self, fn):
        def waiting(r: Registers):
            result = None
            try:
                result = fn(r)
                return result
            finally:
                self.tables.set_indos(1 if result is BLOCK else 0)

        return waiting

    def int1b(self, r: Registers) -> None:
        """DOS's Ctrl+Break handler, which the BIOS's INT 09h calls: as the CON driver does,
        it leaves a ^C for the next check. (A program's own INT 1Bh replaces it.)"""
        self._break_pending = True

    def _ctrl_c_typed(self, fetch: bool) -> bool:
        """Take a ^C that is the next key typed (DOS leaves any other key where it is),
        or a Ctrl+Break DOS's INT 1Bh saw."""
        if self._break_pending:
            self._break_pending = False
            self.keyboard_drop_break_words()
            return True
        if self._pending_scan is not None:
            return False
        key = self.keyboard.peek_key() if fetch else self.keyboard.buffered()
        if key is None or key & 0xFF != CTRL_C:
            return False
        self.keyboard.take_key()
        return True

    def ctrl_c(self, r: Registers) -> None:
        """A ^C was typed during the INT 21h call whose registers are `r`: run INT 23h.

        Call it before changing `r` and return at once. DOS echoes ^C, then calls
        INT 23h with the caller's registers. A handler that returns with IRET (or
        RETF with CF clear) has the call issued again; RETF with CF set, or our
        default handler, ends the program (termination type 1).
        """
        self.con_write(b"^C\r\n")
        self._line = None  # the line being typed is dropped
        if r is not self._cpu_regs:
            return None  # a call the host made: no guest code to run
        if self._vector(0x23) == self._default_int23:
            self.terminate(r, 0, TERM_CTRL_C)
            return None
        frame = self._caller_frame(r)
        self._push_pending(_Pending("break", self.current_psp, r.ss, frame))
        sp = (frame - 6) & 0xFFFF
        flags = (r.flags | IF) & ~CF
        for i, value in enumerate((self._int23_return, ROM_SEG, flags)):
            self._ww(r.ss, sp + 2 * i, value)
        handler = self._vector(0x23)
        r.sp = sp
        r.cs, r.ip = handler >> 16, handler & 0xFFFF
        r.flags = r.flags & ~(IF | TF | CF)
        return None

    def _after_int23(self, r: Registers) -> None:
        rec = self._pop_pending("break")
        if rec is None:
            self.terminate(r, 0, TERM_CTRL_C)
            return
        if r.sp != rec.frame_sp:
            # Returned with RETF: the flags it left are popped; CF set means abort.
            r.sp = r.sp + 2
            if r.cf:
                self.terminate(r, 0, TERM_CTRL_C)
                return
        r.cs, r.ip = ROM_SEG, self._redispatch_off

    def int23(self, r: Registers) -> None:
        """The default Ctrl-C handler: end the program, as COMMAND.COM's does."""
        self.terminate(r, 0, TERM_CTRL_C)

    # -- critical errors: INT 24h ----------------------------------------------------------------
    def critical_error(self, r: Registers, code: int, *, drive: int | None = None, device: str = "",
                       write: bool = False, area: int = AREA_DATA, allowed: int = ALLOW_ALL) -> int:
        """A device or disk failed during the INT 21h call whose registers are `r`; ask INT 24h.

        `code` is the INT 24h error code (0 write-protected, 2 drive not ready,
        9 printer out of paper, 0Ah write fault, 0Bh read fault, 0Ch general
        failure); `drive` (0 = A:) for a disk, else `device` names the character
        device. Returns I24_IGNORE, I24_RETRY or I24_FAIL; on FAIL the function
        should return its error (INT 21h/59h then reports 83, fail on INT 24h).

        With no INT 24h handler of the program's, the answer is FAIL (the session
        has no one to ask). A program's handler runs as guest code: this call
        raises GuestCallPending, which must be left to reach the dispatcher; when
        the handler answers, the INT 21h call is issued again from the start with
        the same registers and critical_error returns the answer there. Abort
        ends the program (termination type 2) and never returns. Call this before
        changing `r`.
        """
        ah = (I24_NOT_DISK if drive is None else 0) | (allowed & ALLOW_ALL) | ((area & 3) << 1) | int(write)
        al = 0 if drive is None else drive & 0xFF
        key = (ah, al, code & 0xFF)
        answer = self._i24_answers.pop(key, None)
        if answer is not None:
            return answer
        tables = self.tables
        default = self._vector(0x24) == self._system_vector(process.PSP_INT24)
        if default or tables.error_mode or r is not self._cpu_regs:
            return I24_FAIL if allowed & ALLOW_FAIL else I24_IGNORE
        self._call_int24(r, ah, al, code & 0xFF, device, allowed, key)
        raise GuestCallPending((ah << 8) | al)

    def _system_vector(self, off: int) -> int:
        """A vector as the session's own PSP keeps it: the kernel's default handler."""
        return self.ram.rd((SYSTEM_PSP << 4) + off)

    def _call_int24(self, r: Registers, ah: int, al: int, code: int, device: str, allowed: int,
                    key: tuple[int, int, int]) -> None:
        regs = (r.ax, r.bx, r.cx, r.dx, r.si, r.di, r.bp, r.ds, r.es, r.flags)
        frame = self._caller_frame(r)
        self._push_pending(_Pending("critical", self.current_psp, r.ss, frame, regs, allowed, key,
                                    self.last_error))
        # The handler sees what DOS leaves on the stack: its own return frame, the
        # caller's AX BX CX DX SI DI BP DS ES, then the caller's interrupt frame.
        sp = (frame - 18) & 0xFFFF
        for i, value in enumerate(regs[:9]):
            self._ww(r.ss, sp + 2 * i, value)
        sp = (sp - 6) & 0xFFFF
        for i, value in enumerate((self._int24_return, ROM_SEG, r.flags | IF)):
            self._ww(r.ss, sp + 2 * i, value)
        header = self.tables.device_addr.get(device.upper(), self.tables.device_addr["NUL"])
        if not ah & I24_NOT_DISK:
            header = self.tables.device_addr.get("", header)
        handler = self._vector(0x24)
        r.sp = sp
        r.di = code
        r.bp, r.si = header >> 16, header & 0xFFFF
        r.cs, r.ip = handler >> 16, handler & 0xFFFF
        r.flags = r.flags & ~(IF | TF)
        self.tables.set_error_mode(1)
        self.last_error = I24_EXTENDED[code] if code < len(I24_EXTENDED) else 31

    def _after_int24(self, r: Registers) -> None:
        self.tables.set_error_mode(0)
        rec = self._pop_pending("critical")
        if rec is None:
            self.terminate(r, 0, TERM_CRITICAL)
            return
        answer = _triage(r.al, rec.allowed)
        if answer == I24_ABORT:
            self.terminate(r, 0, TERM_CRITICAL)
            return
        (r.ax, r.bx, r.cx, r.dx, r.si, r.di, r.bp, r.ds, r.es, flags) = rec.regs
        r.flags = flags
        r.ss, r.sp = rec.ss, rec.frame_sp
        r.cs, r.ip = ROM_SEG, self._redispatch_off
        self.last_error = rec.last_error
        self._i24_answers[rec.key] = answer

    def int24(self, r: Registers) -> None:
        """The default critical-error handler: fail the call, the program gets an error code."""
        r.al = I24_FAIL

    # -- termination ------------------------------------------------------------------------------
    def terminate(self, r: Registers, code: int, how: int = TERM_NORMAL) -> None:
        """End the current process and return to its parent through its INT 22h address.

        The vectors 22h-24h come back from its PSP; unless it stays resident its
        handles are closed and its memory freed. The parent resumes with the
        registers EXEC saved on its stack and FLAGS 7202h. When the parent is the
        session's own PSP the session ends with the exit code.
        """
        psp = self.current_psp
        base = psp << 4
        parent = self.ram.rw(base + process.PSP_PARENT)
        exit_to = self.ram.rd(base + process.PSP_INT22)
        for n, off in ((0x22, process.PSP_INT22), (0x23, process.PSP_INT23), (0x24, process.PSP_INT24)):
            self.ram.wd(n * 4, self.ram.rd(base + off))
        if how != TERM_TSR:
            close = getattr(self, "close_process_handles", None)
            if close is not None and parent != psp:
                close(psp)
            self.arena.free_owned_by(psp)
        self.return_code = (how << 8) | (code & 0xFF)
        self.current_psp = parent
        self._pending = [p for p in self._pending if p.psp != psp]
        self._i24_answers.clear()
        self.tables.set_error_mode(0)
        self.tables.set_indos(0)
        if parent == SYSTEM_PSP or parent == psp:
            self.machine.end_session("exited", code & 0xFF)
            return
        sssp = self.ram.rd((parent << 4) + process.PSP_SSSP)
        ss, sp = sssp >> 16, sssp & 0xFFFF
        if self._exec_frames.pop(psp, None) == sssp:
            # The frame our EXEC left: the parent's registers, then its interrupt frame.
            saved = [self._rw(ss, sp + 2 * i) for i in range(9)]
            r.ax, r.bx, r.cx, r.dx, r.si, r.di, r.bp, r.ds, r.es = saved
            sp += 24
        else:
            r.ds = r.es = parent  # a parent that saved a bare SS:SP itself (the built-in shell)
        self._enter(r, exit_to >> 16, exit_to & 0xFFFF, ss, sp, FLAGS_AFTER_EXIT)

    def _terminated(self, r: Registers) -> None:
        # INT 22h default target: reached only if a program ends with no parent to resume.
        self.machine.end_session("exited", self.return_code & 0xFF)

    def int20(self, r: Registers) -> None:
        self.terminate(r, 0)

    def int27(self, r: Registers) -> None:
        """Terminate and stay resident with DX bytes (INT 27h): 31h with the bytes made paragraphs."""
        self._keep(r, (r.dx + 15) >> 4, 0)

    def f00_terminate(self, r: Registers) -> None:
        self.terminate(r, 0)

    def f4c_exit(self, r: Registers) -> None:
        self.terminate(r, r.al)

    def f31_keep(self, r: Registers) -> None:
        self._keep(r, r.dx, r.al)

    def _keep(self, r: Registers, paras: int, code: int) -> None:
        """Shrink the program's block to `paras` (at least 6, for its PSP) and end it, resident."""
        psp = self.current_psp
        paras = max(paras, 6)
        try:
            self.arena.resize(psp, paras, owner=psp)
            self.ram.ww((psp << 4) + process.PSP_TOP, psp + paras)
        except DosMemoryError:
            pass  # DOS ignores a failed resize here
        self.terminate(r, code, TERM_TSR)

    def f4d_return_code(self, r: Registers) -> None:
        r.ax = self.return_code
        self.return_code = 0
        r.cf = False

    # -- the current PSP ---------------------------------------------------------------------------
    def f50_set_psp(self, r: Registers) -> None:
        self.current_psp = r.bx

    def f51_get_psp(self, r: Registers) -> None:
        r.bx = self.current_psp

    def f26_create_psp(self, r: Registers) -> None:
        """A copy of the caller's PSP (its CS) at DX, with the vectors of the moment."""
        source = self._caller_cs(r)
        self._new_psp(r.dx, source, self.ram.rw((source << 4) + process.PSP_TOP))
        jft = self._far((source << 4) + process.PSP_JFT_PTR)
        self.ram.write((r.dx << 4) + process.PSP_JFT, self.ram.read(jft, process.JFT_SIZE))

    def f55_child_psp(self, r: Registers) -> None:
        """A child PSP at DX for the current process (top of memory SI); it becomes current."""
        parent = self.current_psp
        self._new_psp(r.dx, parent, r.si)
        self.ram.ww((r.dx << 4) + process.PSP_PARENT, parent)
        self._inherit(parent, r.dx)
        self.current_psp = r.dx

    def _new_psp(self, psp: int, source: int, top: int) -> None:
        vectors = (self._vector(0x22), self._vector(0x23), self._vector(0x24))
        process.copy_psp(self.ram, psp, source, top=top, vectors=vectors)

    def _inherit(self, parent: int, child: int) -> None:
        inherit = getattr(self, "inherit_handles", None)
        if inherit is not None:
            inherit(parent, child)
        else:
            jft = self._far((parent << 4) + process.PSP_JFT_PTR)
            self.ram.write((child << 4) + process.PSP_JFT, self.ram.read(jft, process.JFT_SIZE))

    # -- EXEC -----------------------------------------------------------------------------------------
    def f4b_exec(self, r: Registers):
        mode = r.al
        if mode not in (0, 1, 3):
            raise DosError(ERR_INVALID_FUNCTION)
        name = self.guest_string(r.ds, r.dx, 128)
        block = self._lin(r.es, r.bx)
        ram = self.ram
        if mode == 3:
            self._exec_overlay(name, ram.rw(block), ram.rw(block + 2))
            r.cf = False
            return None
        raw = ram.read(self._far(block + 2), 0x80)
        text = raw[1:1 + min(raw[0], process.MAX_TAIL)]
        fcb1 = ram.read(self._far(block + 6), 12)
        fcb2 = ram.read(self._far(block + 10), 12)
        # Through exec_program, which the built-in shell wraps to answer for COMMAND.COM.
        loaded = self.exec_program(r, name, text, ram.rw(block), fcb1, fcb2, mode)
        if mode == 1 and loaded is not None:
            sp = (loaded.sp - 2) & 0xFFFF
            self._ww(loaded.ss, sp, loaded.fcb_status)
            ram.wd(block + 0x0E, (loaded.ss << 16) | sp)
            ram.wd(block + 0x12, (loaded.cs << 16) | loaded.ip)
            r.cf = False
        return None

    def exec_program(self, r: Registers, dos_path: str, tail: bytes, env_seg: int, fcb1: bytes, fcb2: bytes,
                     mode: int) -> process.Loaded:
        """Run a program as INT 21h/4Bh does for the caller whose registers are `r`.

        `tail` is the text after the program name (b" /C DIR", at most 126 bytes);
        `env_seg` 0 copies the current process's environment; empty `fcb1` and
        `fcb2` are parsed from the tail as COMMAND.COM does. Mode 0 switches `r`
        to the child (the caller resumes after its call when the child ends);
        mode 1 loads the child, makes it current and returns its entry registers
        without running it. Raises DosError(2/3/5/8/10/11) leaving everything as it was.
        """
        if mode not in (0, 1):
            raise DosError(ERR_INVALID_FUNCTION)
        text = tail.rstrip(b"\r")
        if not fcb1 and not fcb2:
            fcb1, fcb2, _ = process.fcbs_from_tail(text, self._valid_drive)
        return self._exec(r, dos_path, process.tail_block(text), env_seg, fcb1, fcb2, mode)

    def _read_program(self, name: str) -> tuple[bytes, str]:
        """The bytes and canonical DOS path of a program file; DOS errors as EXEC gives them."""
        builtin = self.builtin_program(name)  # COMMAND.COM: the built-in shell's image
        if builtin is not None:
            return builtin
        if not name or "*" in name or "?" in name:
            raise DosError(ERR_FILE_NOT_FOUND)
        device_for = getattr(self, "device_for", None)
        if device_for is not None and device_for(name) is not None:
            raise DosError(ERR_FILE_NOT_FOUND)  # a device opens, but is not a program
        try:
            found = self.drives.resolve(name)
        except DosError as err:
            # EXEC opens the file: a drive that does not exist is "path not found" there.
            raise DosError(ERR_PATH_NOT_FOUND if err.code == ERR_INVALID_DRIVE else err.code) from None
        if not found.exists:
            raise DosError(ERR_FILE_NOT_FOUND)
        try:
            if found.host.is_dir():
                raise DosError(ERR_ACCESS_DENIED)
            return found.host.read_bytes(), found.dos
        except OSError:
            raise DosError(ERR_ACCESS_DENIED) from None

    def _exec(self, r: Registers, name: str, tail: bytes, env_seg: int, fcb1: bytes, fcb2: bytes,
              mode: int) -> process.Loaded:
        data, dos = self._read_program(name)
        image = process.exec_image(data, dos)
        parent = self.current_psp
        if env_seg == 0:
            env_seg = self.ram.rw((parent << 4) + process.PSP_ENV)
        env_bytes = None
        if env_seg:
            env_bytes = process.child_environment(process.environment_strings(self.ram, env_seg), dos)
        taken: list[int] = []
        try:
            new_env = 0
            if env_bytes is not None:
                new_env = self._allocate((len(env_bytes) + 15) >> 4, parent)
                taken.append(new_env)
                self.ram.write(new_env << 4, env_bytes)
            psp, paras, load_seg = self._allocate_program(image, len(data), parent, taken)
        except DosError:
            for seg in reversed(taken):
                self.arena.free(seg)
            raise
        frame = self._caller_frame(r)
        ret_ip, ret_cs = self._rw(r.ss, frame), self._rw(r.ss, frame + 2)
        regs_sp = (frame - 18) & 0xFFFF
        for i, value in enumerate((r.ax, r.bx, r.cx, r.dx, r.si, r.di, r.bp, r.ds, r.es)):
            self._ww(r.ss, regs_sp + 2 * i, value)
        self.ram.wd((parent << 4) + process.PSP_SSSP, (r.ss << 16) | regs_sp)
        self._exec_frames[psp] = (r.ss << 16) | regs_sp
        self.ram.ww(0x22 * 4, ret_ip)
        self.ram.ww(0x22 * 4 + 2, ret_cs)
        loaded = self._build_child(image, data, dos, parent, psp, paras, load_seg, new_env, tail, fcb1, fcb2)
        self.current_psp = psp
        if mode == 0:
            process.set_entry_registers(r, loaded)
            self._enter(r, loaded.cs, loaded.ip, loaded.ss, loaded.sp, FLAGS_AT_ENTRY)
        return loaded

    def _allocate(self, paras: int, owner: int) -> int:
        try:
            return self.arena.allocate(paras, owner)
        except DosMemoryError as exc:
            raise DosError(exc.code) from None

    def _allocate_program(self, image, size: int, parent: int, taken: list[int]) -> tuple[int, int, int]:
        """The block for PSP and image, as MS-DOS sizes it; returns (psp, paragraphs, load segment)."""
        try:
            # The size matters under a high strategy with linked UMBs: a program that
            # fits no UMB loads low, as LOADHIGH does.
            largest = self.arena.largest_free(process.exe_paras(image) + process.PSP_PARAS
                                              if image.kind != "COM" else (size + 0x200 + 15) >> 4)
        except DosMemoryError as exc:
            raise DosError(exc.code) from None
        if image.kind == "COM":
            if largest == 0 or size >= min(largest << 4, 0x10000) - 0x100:
                raise DosError(ERR_NOT_ENOUGH_MEMORY)
            psp = self._allocate(largest, parent)
            taken.append(psp)
            return psp, largest, psp + process.PSP_PARAS
        resident = process.exe_paras(image)
        need = resident + process.PSP_PARAS
        if largest < 0x11 or need > largest:
            raise DosError(ERR_NOT_ENOUGH_MEMORY)
        high = image.max_extra == 0  # an EXE that asks for no extra memory is loaded at the top
        if high:
            paras = largest
        else:
            if need + image.min_extra > min(largest, 0xFFFF):
                raise DosError(ERR_NOT_ENOUGH_MEMORY)
            paras = min(need + image.max_extra, largest)
        psp = self._allocate(paras, parent)
        taken.append(psp)
        load_seg = psp + paras - resident if high else psp + process.PSP_PARAS
        return psp, paras, load_seg

    def _build_child(self, image, data: bytes, dos: str, parent: int, psp: int, paras: int, load_seg: int,
                     env: int, tail: bytes, fcb1: bytes, fcb2: bytes) -> process.Loaded:
        ram = self.ram
        for seg in (env, psp):
            if seg:
                ram.ww(((seg - 1) << 4) + 1, psp)  # both blocks now belong to the child
        stem = dos.rsplit("\\", 1)[-1].split(".", 1)[0].upper().encode("cp437", "replace")[:8]
        ram.write(((psp - 1) << 4) + 8, stem.ljust(8, b"\0"))
        self._new_psp(psp, parent, psp + paras)
        base = psp << 4
        ram.ww(base + process.PSP_PARENT, parent)
        ram.ww(base + process.PSP_ENV, env)
        self._inherit(parent, psp)
        process.set_exec_fcbs_and_tail(ram, psp, fcb1, fcb2, tail)
        status = 0
        for i, fcb in enumerate((fcb1, fcb2)):
            drive = fcb[0] if fcb else 0
            if drive and not self._valid_drive(drive):
                status |= 0xFF << (8 * i)
        if image.kind == "COM":
            ram.write(base + 0x100, data)
            sp = (min(paras << 4, 0x10000) - 2) & 0xFFFF
            ram.ww(base + sp, 0)  # a RET at the end of the program reaches PSP:0000 (INT 20h)
            cs, ip, ss = psp, 0x100, psp
        else:
            cs, ip, ss, sp = process.place_exe(ram, image, load_seg, load_seg)
        self.vdh.invalidate(base, (psp + paras) << 4)
        reset_dta = getattr(self, "reset_dta", None)
        if reset_dta is not None:
            reset_dta(psp)
        return process.Loaded(psp, env, cs, ip, ss, sp, status)

    def _exec_overlay(self, name: str, load_seg: int, reloc: int) -> None:
        """EXEC 03h: load a program's image at `load_seg` (memory the caller owns), no PSP."""
        data, dos = self._read_program(name)
        image = process.exec_image(data, dos)
        base = load_seg << 4
        if image.kind == "COM":
            data = data[: max(0, min(0xFFFF, self.ram.size - base))]
            self.ram.write(base, data)
            end = base + len(data)
        else:
            process.place_exe(self.ram, image, load_seg, reloc)
            end = base + len(image.module)
        self.vdh.invalidate(base, end)

    # -- the CP/M entry: CALL 5 -----------------------------------------------------------------------
    def _cpm_call(self, r: Registers):
        """CALL 5 from a program: function CL (00h-24h) as INT 21h, back to the caller's CALL.

        PSP:0005 holds a far call that reaches 0000:00C0, which jumps here; the far
        return it pushed is dropped and the near return of the program's CALL 5
        taken, as DOS does.
        """
        ss, sp = r.ss, r.sp
        saved = (r.cs, r.ip, r.sp, r.ax)
        caller_cs, ret_ip = self._rw(ss, sp + 2), self._rw(ss, sp + 4)
        r.cs, r.ip, r.sp = caller_cs, ret_ip, sp + 6
        if r.cl > 0x24:
            r.al = 0
            return None
        r.ah = r.cl
        result = self.int21(r)
        if result is BLOCK:
            r.cs, r.ip, r.sp, r.ax = saved
        return result


def _triage(answer: int, allowed: int) -> int:
    """What DOS does with an INT 24h answer that the error does not allow."""
    if answer == I24_IGNORE and not allowed & ALLOW_IGNORE:
        answer = I24_FAIL
    elif answer == I24_RETRY and not allowed & ALLOW_RETRY:
        answer = I24_FAIL
    elif answer not in (I24_IGNORE, I24_RETRY, I24_FAIL):
        return I24_ABORT
    if answer == I24_FAIL and not allowed & ALLOW_FAIL:
        return I24_ABORT
    return answer


def _files_setting(settings: dict) -> int:
    """The number of SFT entries the file group will make (DOS_FILES), for the SFT mirror."""
    try:
        from .files import DEFAULT_FILES, files_setting

        return files_setting(settings.get("DOS_FILES", DEFAULT_FILES))
    except Exception:  # noqa: BLE001 - a bad setting is reported by the file group itself
        return 40
