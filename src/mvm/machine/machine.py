"""The Machine: one DOS session, and the monitor that routes its traps.

Trap flow (see docs/architecture.md):

- Every vector a VDD serves points at a stub in the BIOS ROM: the SVC gate
  (HLT nn ~nn) followed by IRET.
- Fast path: when the guest executes INT n and IVT[n] still points at our stub,
  the engine's interrupt hook calls the handler at once, no guest code runs.
- Otherwise the interrupt goes through the guest's IVT (a TSR's hook, say), and
  when its chain reaches our stub, the SVC gate ends the engine run and the
  monitor calls the same handler, then lets the stub's IRET return.
"""

from __future__ import annotations

import os
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..errors import UsageError
from ..ist import ExitReason, GuestRam, Registers, create_engine
from ..ist.base import ARITH_FLAGS, IF
from ..settings import check_options, parse_device_line
from ..settings import validate as validate_settings
from ..vdd.registry import BASE_VDDS, installed_vdds
from ..vdh import BLOCK, Vdd, VddError, Vdh
from .clock import Clock
from .console import ConsoleInput, ConsoleOutput
from .faults import EXCEPTION_NAMES, fault_report
from .rom import ROM_BASE, ROM_SEG, Rom

DEFAULT_RAM = 16 << 20
_u32 = struct.Struct("<I").unpack_from
# CPU exceptions that stop the session when the guest has not hooked them.
FAULT_VECTORS = (0, 6)
RESTART_REPORT = "the program restarted the machine"


class SessionEnd(Exception):
    """Raised inside a handler to end the session (terminate, fault, input ended)."""

    def __init__(self, status: str, exit_code: int = 0, report: str = "") -> None:
        super().__init__(status)
        self.status = status
        self.exit_code = exit_code
        self.report = report


@dataclass
class RunResult:
    """What a session left behind."""

    exit_code: int
    status: str  # "exited", "timeout", "fault", "input-ended"
    stdout: bytes = b""
    report: str = ""
    screen: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class _IntEntry:
    __slots__ = ("ivt", "handler", "gate")

    def __init__(self, ivt: int, handler: Callable[[Registers], Any], gate: int) -> None:
        self.ivt = ivt
        self.handler = handler
        self.gate = gate


def _vdd_plan(lines) -> list[tuple[type, dict[str, str]]]:
    """The VDD classes of a session with their checked options: the base set, then `lines`."""
    installed = installed_vdds()
    plan: list[tuple[type, dict[str, str]]] = []
    named = [(name, {}) for name in BASE_VDDS] + [parse_device_line(line) for line in lines]
    where: dict[str, int] = {}
    for name, options in named:
        cls = installed.get(name)
        if cls is None:
            raise UsageError(f"unknown VDD {name} (installed: {', '.join(sorted(installed))})")
        checked = check_options(cls, options)
        if name in where:  # a base VDD named again: the line gives its options
            plan[where[name]] = (cls, {**plan[where[name]][1], **checked})
            continue
        where[name] = len(plan)
        plan.append((cls, checked))
    return plan


class VddHandle:
    """An open VDD of a session, as DosOpenVDD gives: send it requests, then close it."""

    def __init__(self, machine: Machine, number: int, vdd: Vdd) -> None:
        self._machine = machine
        self.number = number
        self.vdd = vdd
        self.closed = False

    def request(self, cmd: int, data: bytes = b"") -> bytes:
        if self.closed:
            raise VddError(VddError.INVALID_HANDLE, f"VDD handle {self.number} is closed")
        if not isinstance(cmd, int) or not 0 <= cmd <= 0xFFFFFFFF:
            raise VddError(VddError.INVALID_FUNCTION, f"bad command {cmd!r}")
        with self._machine.request_lock:
            result = self.vdd.request(cmd, bytes(data))
        return bytes(result or b"")

    def close(self) -> None:
        if self.closed:
            raise VddError(VddError.INVALID_HANDLE, f"VDD handle {self.number} is closed")
        self.closed = True
        self._machine._handles.pop(self.number, None)

    def __enter__(self) -> VddHandle:
        return self

    def __exit__(self, *exc) -> None:
        if not self.closed:
            self.close()


class Machine:
    """A DOS session: memory, an engine, VDDs, a clock and the DOS kernel."""

    def __init__(
        self,
        drives: dict[str, str] | None = None,
        *,
        engine: str = "unicorn",
        ram_size: int = DEFAULT_RAM,
        settings: dict[str, Any] | None = None,
        vdds: list[str] | tuple[str, ...] = (),
    ) -> None:
        """A session. `vdds` adds VDDs to the PC's base set, as CONFIG.SYS-style
        lines (`"VEMM /S=1024"`); `settings` are DOS settings by name. Both are
        checked before anything starts: a bad one raises UsageError naming it."""
        plan = _vdd_plan(vdds)
        self.settings = validate_settings(settings or {}, [cls for cls, _ in plan])
        self._engine_name = engine
        self._new_core(ram_size)
        self.console_in = ConsoleInput(self.wake)
        self.console_out = ConsoleOutput()
        self._wake_event = threading.Event()
        self._end: SessionEnd | None = None
        self._blocked = False
        self._wake_hint: float | None = None
        self._paused = threading.Event()
        self._handles: dict[int, VddHandle] = {}
        self.request_lock = threading.Lock()  # host requests vs the session thread
        self._next_handle = 1
        self.on_slice: Callable[[], None] | None = None
        self.vdds: list[Vdd] = []
        self._drives = drives  # a restart builds the DOS kernel's drives afresh from these
        self.log_lines: list[str] = []

        self._build_ivt()
        for cls, options in plan:
            vdd = cls(drives) if cls.name == "DOSKRNL" else cls()
            vdd.option_values = options
            self.add_vdd(vdd)
        self.pic = self.vdd("VPIC")
        self.dos = self.vdd("DOSKRNL")
        self.engine.set_a20(False)  # a PC starts with the 1 MiB wrap, as old programs expect

    # -- building ------------------------------------------------------------------
    def _new_core(self, ram_size: int) -> None:
        """Fresh guest RAM, engine, ROM, clock and hook tables (at start and at a restart)."""
        self.ram = GuestRam(ram_size)
        self._mem = self.ram.mem
        self.engine = create_engine(self._engine_name, self.ram)
        self.engine.on_interrupt = self._on_interrupt
        self.engine.on_io_read = self._io_read
        self.engine.on_io_write = self._io_write
        self.rom = Rom(self.ram)
        self.clock = Clock(self.engine.stop)
        self.vdh = Vdh(self)
        self._ports: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._ints: dict[int, _IntEntry] = {}
        self._gates: list[Callable[[Registers], Any] | None] = [None] * 256
        self._gate_is_int: list[bool] = [False] * 256
        self._next_gate = 1
        self.multiplex: dict[int, Callable[[Registers], Any]] = {}
        self.idle = None  # the idle-detection VDD, when loaded
        self.tick_counter = None  # the BIOS, which can count ticks a sleeping guest did not see

    def _reboot(self) -> None:
        """Start this PC afresh after the guest restarted it: new memory, every VDD set up again.

        The VDD objects stay (a window and open VDD handles keep them): each takes
        the state of a newly built one, but for the attributes it names in
        `restart_keeps` (the host's side of a device), and is set up over the new memory.
        """
        for vdd in self.vdds:
            vdd.session_end()
            vdd.close()
        old_engine, old_ram = self.engine, self.ram
        self._new_core(old_ram.size)
        self._build_ivt()
        for vdd in self.vdds:
            self._renew(vdd)
            vdd.setup(self.vdh)
        self.engine.set_a20(False)
        self._blocked = False
        self._wake_hint = None
        # Closed last: a window's thread that took the old RAM just before the swap has
        # long finished reading its screen by now. (Closing it also ends its XMS share.)
        old_engine.close()
        old_ram.close()

    def _renew(self, vdd: Vdd) -> None:
        """Give `vdd` the state of a VDD of its class as the session built it."""
        cls = type(vdd)
        try:
            fresh = cls(self._drives) if cls.name == "DOSKRNL" else cls()
        except TypeError:
            return  # a VDD built with arguments of its own: set up again as it is
        keep = {name: vars(vdd)[name] for name in getattr(vdd, "restart_keeps", ()) if name in vars(vdd)}
        fresh.option_values = vdd.option_values
        vars(vdd).clear()
        vars(vdd).update(vars(fresh), **keep)

    def restart(self) -> None:
        """The guest restarted the PC (Ctrl+Alt+Del, the reset vector, INT 19h, a reset line).

        A run of one program ends there (installers restart at their end); an
        interactive shell session starts afresh.
        """
        self._finish(SessionEnd("restart", 0, RESTART_REPORT))

    def add_vdd(self, vdd: Vdd):
        self.vdds.append(vdd)
        vdd.setup(self.vdh)
        return vdd

    def open_vdd(self, name: str) -> VddHandle:
        """Open a VDD of this session by name for host requests (DosOpenVDD)."""
        want = str(name).strip().upper()
        for v in self.vdds:
            if v.name == want:
                handle = VddHandle(self, self._next_handle, v)
                self._handles[handle.number] = handle
                self._next_handle += 1
                return handle
        raise VddError(VddError.VDD_NOT_FOUND, f"no VDD named {want} in this session")

    def handle(self, number: int) -> VddHandle:
        handle = self._handles.get(number)
        if handle is None:
            raise VddError(VddError.INVALID_HANDLE, f"no open VDD handle {number}")
        return handle

    def pause(self) -> None:
        """Stop running guest code until resume(); safe from any thread."""
        self._paused.set()
        self.engine.stop()

    def resume(self) -> None:
        self._paused.clear()
        self._wake_event.set()

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    @property
    def waiting(self) -> bool:
        """Whether the guest waits (for a key or a tick) and the machine sleeps once the
        current break in the engine is over."""
        return self._blocked

    def screen_text(self) -> str:
        return self.vdd("VVIDEO").screen_text()

    def vdd(self, name: str) -> Vdd:
        for v in self.vdds:
            if v.name == name:
                return v
        raise KeyError(name)

    def _build_ivt(self) -> None:
        """Point every vector at a bare IRET; exceptions at a reporting gate."""
        iret = self.rom.place(b"\xcf", at=0xFF53)  # the PC BIOS's dummy handler address
        for v in range(256):
            self.ram.ww(v * 4, iret)
            self.ram.ww(v * 4 + 2, ROM_SEG)
        for v in FAULT_VECTORS:
            self.hook_int(v, self._make_fault_handler(v))

    def _make_fault_handler(self, vector: int):
        def fault(regs: Registers) -> None:
            # Reached through the IVT: the faulting CS:IP is in the interrupt frame.
            base = (regs.ss << 4) + regs.sp
            ip, cs = self.ram.rw(base), self.ram.rw(base + 2)
            regs.sp = regs.sp + 6
            regs.cs, regs.ip = cs, ip
            self.engine.commit()
            raise SessionEnd("fault", 125, fault_report(self, EXCEPTION_NAMES.get(vector, f"exception {vector}")))

        return fault

    def new_gate(self, handler: Callable[[Registers], Any], is_int: bool) -> int:
        if self._next_gate >= 256:
            raise RuntimeError("no SVC gate numbers left")
        n = self._next_gate
        self._next_gate += 1
        self._gates[n] = handler
        self._gate_is_int[n] = is_int
        return n

    def new_svc(self, handler: Callable[[Registers], Any]) -> bytes:
        n = self.new_gate(handler, False)
        return bytes((0xF4, n, n ^ 0xFF))

    def hook_int(self, vector: int, handler: Callable[[Registers], Any], *, tail: bytes = b"") -> int:
        n = self.new_gate(handler, True)
        off = self.rom.place(bytes((0xF4, n, n ^ 0xFF)) + tail + b"\xcf")
        self.ram.ww(vector * 4, off)
        self.ram.ww(vector * 4 + 2, ROM_SEG)
        # With a tail the stub must run as guest code, so no fast path.
        ivt = -1 if tail else (ROM_SEG << 16) | off
        self._ints[vector] = _IntEntry(ivt, handler, n)
        return off

    def hook_multiplex(self, ah: int, handler: Callable[[Registers], Any]) -> None:
        if not self.multiplex:
            self.hook_int(0x2F, self._int2f)
        self.multiplex[ah] = handler

    def _int2f(self, regs: Registers):
        handler = self.multiplex.get(regs.ah)
        return handler(regs) if handler is not None else None  # not installed: AL stays 0

    def hook_io(self, port: int, read, write) -> None:
        self._ports[port] = (read, write)

    def log(self, message: str) -> None:
        self.log_lines.append(message)

    def wake_at(self, when: float) -> None:
        """Ask a blocked session to wake no later than `when` (host monotonic time)."""
        self._wake_hint = when if self._wake_hint is None else min(self._wake_hint, when)

    def wake(self) -> None:
        """Wake a session that sleeps waiting for input or an interrupt."""
        self._wake_event.set()
        self.engine.stop()

    # -- traps -----------------------------------------------------------------------
    def _on_interrupt(self, vector: int, software: bool) -> None:
        """Called by the engine for INT n and exceptions: the fast path or the IVT."""
        entry = self._ints.get(vector)
        if not software or entry is None or _u32(self._mem, vector << 2)[0] != entry.ivt:
            self.engine.interrupt(vector)
            return
        # Fast path, inlined: this runs for every DOS and BIOS call a program makes.
        engine = self.engine
        regs = engine.regs()
        try:
            result = entry.handler(regs)
        except SessionEnd as end:
            self._finish(end)
            return
        if result is BLOCK:
            regs.ip = regs.ip - 2  # back onto the INT instruction
            self._blocked = True
            engine.commit()
            engine.stop()
            return
        engine.commit()

    def _svc(self, number: int) -> None:
        handler = self._gates[number]
        regs = self.engine.regs()
        if handler is None:
            raise SessionEnd("fault", 125, fault_report(self, f"undefined SVC gate {number}"))
        result = handler(regs)
        if result is BLOCK:
            regs.ip = regs.ip - 3  # back onto the gate
            # Wait with interrupts on, as a BIOS does with STI: timer ticks and clock
            # TSRs go on during the wait; the stub's IRET restores the caller's flags.
            regs.eflags = regs.eflags | IF
            self._blocked = True
        elif self._gate_is_int[number]:
            # The stub's IRET reloads FLAGS from the frame: carry the result flags there.
            addr = (regs.ss << 4) + ((regs.sp + 4) & 0xFFFF)
            stacked = self.ram.rw(addr)
            self.ram.ww(addr, (stacked & ~ARITH_FLAGS) | (regs.flags & ARITH_FLAGS))
        self.engine.commit()

    def _io_read(self, port: int, size: int) -> int:
        read = self._ports.get(port, (None, None))[0]
        if read is None:
            return (1 << (8 * size)) - 1
        value = read(port, 1)
        if size > 1:  # a word access reads the next port for the high byte
            hi = self._ports.get(port + 1, (None, None))[0]
            value |= (hi(port + 1, 1) if hi else 0xFF) << 8
        return value

    def _io_write(self, port: int, size: int, value: int) -> None:
        write = self._ports.get(port, (None, None))[1]
        if write is not None:
            write(port, 1, value & 0xFF)
        if size > 1:
            hi = self._ports.get(port + 1, (None, None))[1]
            if hi is not None:
                hi(port + 1, 1, (value >> 8) & 0xFF)

    # -- the run loop ------------------------------------------------------------------
    def _finish(self, end: SessionEnd) -> None:
        if self._end is None:
            self._end = end
        self.engine.stop()

    def end_session(self, status: str, exit_code: int = 0, report: str = "") -> None:
        """Called by a VDD (e.g. DOS terminate) to end the session after this trap."""
        self._finish(SessionEnd(status, exit_code, report))

    def _deliver_interrupts(self) -> None:
        self.clock.run_due()
        if not self.pic.pending():
            return
        regs = self.engine.regs()
        if regs.eflags & IF:
            vector = self.pic.acknowledge()
            if vector >= 0:
                self.engine.interrupt(vector)

    def _sleep(self, deadline: float | None) -> None:
        """Sleep until input arrives or the next timer is due."""
        wake_at = self.clock.next_deadline()
        if deadline is not None:
            wake_at = min(wake_at, deadline)
        if self._wake_hint is not None:
            wake_at = min(wake_at, self._wake_hint)
            self._wake_hint = None
        nap = wake_at - self.clock.now()
        if nap > 0:
            self._wake_event.wait(nap)
        self._wake_event.clear()

    def _tick_free_wait_ok(self) -> bool:
        """Whether a blocked guest may sleep through timer ticks, counting them afterwards.

        True when nothing but the BIOS would see the ticks: its own INT 08h
        and the default INT 1Ch, a periodic timer, and no interrupt pending.
        """
        counter = self.tick_counter
        return (counter is not None and self.clock.tick_timer is not None and counter.ticks_unobserved()
                and not self.pic.pending())

    def _sleep_tick_free(self, deadline: float | None) -> None:
        """Sleep until input, another timer, a wake-up hint or the deadline; then count the ticks."""
        wake_at = self.clock.next_deadline(skip=self.clock.tick_timer, idle=5.0)
        if deadline is not None:
            wake_at = min(wake_at, deadline)
        if self._wake_hint is not None:
            wake_at = min(wake_at, self._wake_hint)
            self._wake_hint = None
        nap = wake_at - self.clock.now()
        if nap > 0:
            self._wake_event.wait(nap)
        self._wake_event.clear()
        missed = self.clock.skip_ticks()
        if missed:
            self.tick_counter.count_ticks(missed)

    def _loop(self, deadline: float | None) -> None:
        engine = self.engine
        while self._end is None:
            if self._paused.is_set():
                deadline = self._wait_paused(deadline)
            if deadline is not None and self.clock.now() >= deadline:
                raise SessionEnd("timeout", 124)
            if self.on_slice is not None:
                self.on_slice()
            self._deliver_interrupts()
            if self._blocked:
                self._blocked = False
                if self._tick_free_wait_ok():
                    self._sleep_tick_free(deadline)
                else:
                    self._sleep(deadline)
                continue
            self.clock.engine_running.set()
            ex = engine.run()
            self.clock.engine_running.clear()
            reason = ex.reason
            if reason is ExitReason.SVC:
                try:
                    self._svc(ex.number)
                except SessionEnd as end:
                    self._finish(end)
            elif reason is ExitReason.HALT:
                self._halt(deadline)
            elif reason is ExitReason.FAULT:
                self._engine_fault(ex.number, ex.detail)

    def _wait_paused(self, deadline: float | None) -> float | None:
        """Sleep while paused; the time spent paused does not count against the timeout."""
        started = self.clock.now()
        while self._paused.is_set():
            self._wake_event.wait(0.2)
            self._wake_event.clear()
        return None if deadline is None else deadline + (self.clock.now() - started)

    def _halt(self, deadline: float | None) -> None:
        """HLT: sleep on the host until an interrupt may be delivered."""
        if not self.engine.regs().eflags & IF:
            what = "HLT with interrupts disabled: the CPU would stop forever"
            raise SessionEnd("fault", 125, fault_report(self, what))
        while not self.pic.pending() and self._end is None:
            if deadline is not None and self.clock.now() >= deadline:
                return
            self._sleep(deadline)
            self.clock.run_due()

    def _engine_fault(self, vector: int, detail: str) -> None:
        if vector >= 0:
            # Reflect the exception to the guest; the default handler reports it.
            self.engine.interrupt(vector)
            return
        raise SessionEnd("fault", 125, fault_report(self, detail))

    def execute(self, timeout: float | None = None) -> SessionEnd:
        """Run the loaded guest until it ends; returns how it ended."""
        deadline = None if timeout is None else self.clock.now() + timeout
        self._end = None
        self.clock.start()
        try:
            self._loop(deadline)
        except SessionEnd as end:
            self._end = end
        except Exception as exc:  # noqa: BLE001 - an internal error ends this session only
            self._end = SessionEnd("fault", 125, fault_report(self, f"internal error: {exc!r}"))
        finally:
            self.clock.stop()
        return self._end

    # -- the public API ---------------------------------------------------------------------
    def run(
        self,
        program: str,
        args: list[str] | tuple[str, ...] = (),
        *,
        stdin: bytes | BinaryIO | None = b"",
        stdout: BinaryIO | None = None,
        timeout: float | None = None,
        stdin_is_tty: bool | None = None,
    ) -> RunResult:
        """Load `program` (a DOS or host path) and run it to the end.

        `stdin` is bytes or a binary stream for DOS standard input; `stdout` a
        binary stream to write DOS standard output to as it comes (when None it
        is collected into the result). Raises `mvm.errors.LoadError` when the
        program is missing or cannot be run.
        """
        return self._session(lambda: self.dos.start_program(program, list(args)),
                             stdin, stdout, timeout, stdin_is_tty)

    def run_shell(
        self,
        commands: list[str] | None = None,
        batch: str | None = None,
        args: list[str] | tuple[str, ...] = (),
        *,
        stdin: bytes | BinaryIO | None = b"",
        stdout: BinaryIO | None = None,
        timeout: float | None = None,
        stdin_is_tty: bool | None = None,
    ) -> RunResult:
        """Run the built-in command shell to the end, as `run` runs a program.

        `commands` are command lines run in turn (like DOSBox's -c); `batch` is a
        batch file (DOS or host path) run with `args`; with neither, the shell
        reads command lines from `stdin` until EXIT or the end of input. The exit
        code is the shell's last ERRORLEVEL.
        """
        return self._session(
            lambda: self.dos.start_shell(list(commands) if commands else None, batch, list(args)),
            stdin, stdout, timeout, stdin_is_tty, restartable=not commands and batch is None)

    def _session(self, start: Callable[[], None], stdin, stdout, timeout, stdin_is_tty,
                 restartable: bool = False) -> RunResult:
        """Attach the console, start the guest with `start`, run it to its end, collect the result.

        `restartable`: an interactive session, which a guest's restart starts afresh.
        """
        self.console_out.attach(stdout)
        self.console_in.attach(stdin, stdin_is_tty)
        for vdd in self.vdds:
            vdd.reset()
        started = time.monotonic()
        try:
            start()
            end = self.execute(timeout)
            while end.status == "restart" and restartable:
                self._reboot()
                for vdd in self.vdds:
                    vdd.reset()
                start()
                left = None if timeout is None else max(timeout - (time.monotonic() - started), 0.001)
                end = self.execute(left)
        finally:
            for vdd in self.vdds:
                vdd.session_end()
            self.console_in.detach()
            self.console_out.flush()
        return RunResult(
            exit_code=end.exit_code,
            # A restart ends a run as an exit with status 0 (report and extra["restarted"] say so).
            status="exited" if end.status == "restart" else end.status,
            stdout=self.console_out.collected(),
            report=end.report,
            screen=self.screen_text(),
            extra={"seconds": time.monotonic() - started, "restarted": end.status == "restart"},
        )

    def close(self) -> None:
        """Free the VDDs' resources, the engine and the guest RAM now rather than at garbage collection."""
        for vdd in self.vdds:
            vdd.close()
        self.engine.close()
        self._mem = None
        self.ram.close()


def host_is_tty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


__all__ = ["Machine", "RunResult", "SessionEnd", "ROM_BASE"]
