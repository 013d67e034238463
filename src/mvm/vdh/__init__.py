"""The virtual device helper API: everything a VDD may ask of the machine.

A VDD never touches the engine. It hooks interrupts, I/O ports and timers through
a `Vdh`, and is called back with the register view when guest code reaches what it
hooked. The BIOS and the DOS kernel are VDDs like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..ist import Registers
from ..ist.memory import GuestRam

if TYPE_CHECKING:
    from ..machine.machine import Machine


class _Block:
    """Returned by an interrupt handler that must wait (for a key, say).

    The monitor rewinds the guest to the INT instruction, sleeps until an event
    (input, a timer), runs any hardware interrupts that became due, and lets the
    guest issue the call again. The host sleeps instead of spinning.
    """

    def __repr__(self) -> str:
        return "BLOCK"


BLOCK = _Block()

IntHandler = Callable[[Registers], Any]
PortRead = Callable[[int, int], int]
PortWrite = Callable[[int, int, int], None]
MemRead = Callable[[int, int], int]  # (linear address, size) -> value
MemWrite = Callable[[int, int, int], None]  # (linear address, size, value)


class VddError(Exception):
    """An error of the request API, with the OS/2 code DosOpenVDD/DosRequestVDD give."""

    INVALID_FUNCTION = 1
    INVALID_HANDLE = 6
    NOT_READY = 21
    BUFFER_TOO_SMALL = 111  # OS/2's ERROR_BUFFER_OVERFLOW
    VDD_NOT_FOUND = 643
    INVALID_CALLER = 644
    NAMES = {1: "INVALID_FUNCTION", 6: "INVALID_HANDLE", 21: "NOT_READY", 111: "BUFFER_TOO_SMALL",
             643: "VDD_NOT_FOUND", 644: "INVALID_CALLER"}

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def name(self) -> str:
        return self.NAMES.get(self.code, f"ERROR_{self.code}")


class Vdd:
    """Base of every virtual device driver.

    A VDD class is registered under the entry-point group `mvm.vdd`. It declares
    the DOS settings it owns in `settings` (name -> mvm.settings.Setting) and the
    CONFIG.SYS-style options it takes (`VEMM /S=1024`) in `options` (option ->
    Setting); a session sets the validated values in `option_values` before `setup`.
    """

    name = ""
    settings: dict[str, Any] = {}
    options: dict[str, Any] = {}
    option_values: dict[str, str] = {}  # this session's validated options, set before setup

    def setup(self, vdh: Vdh) -> None:
        self.vdh = vdh

    def request(self, cmd: int, data: bytes) -> bytes:
        raise VddError(VddError.INVALID_FUNCTION, f"{self.name} has no request {cmd}")

    def reset(self) -> None:
        """Called when the session starts a program afresh."""

    def close(self) -> None:
        """Called by Machine.close(): release host resources (files, memory) now."""

    def session_end(self) -> None:
        """Called when a run ends, however it ended (exit, fault, timeout): flush what must persist."""

    def save(self) -> dict:
        return {}

    def load(self, state: dict) -> None:
        pass


class Timer:
    """A periodic host-clock timer owned by a VDD; runs on the session thread."""

    __slots__ = ("period", "deadline", "fn", "active")

    def __init__(self, period: float, fn: Callable[[], None], deadline: float) -> None:
        self.period = period
        self.fn = fn
        self.deadline = deadline
        self.active = True

    def cancel(self) -> None:
        self.active = False


class Vdh:
    """The helper API one machine offers its VDDs."""

    def __init__(self, machine: Machine) -> None:
        self._m = machine
        self.ram: GuestRam = machine.ram

    # -- guest state ---------------------------------------------------------------
    def regs(self) -> Registers:
        """The current registers (outside a hook; inside one the handler gets them)."""
        return self._m.engine.regs()

    @property
    def machine(self) -> Machine:
        return self._m

    # -- hooks ---------------------------------------------------------------------
    def hook_int(self, vector: int, handler: IntHandler, *, tail: bytes = b"") -> int:
        """Serve INT `vector` with `handler`; returns the stub's offset in F000.

        `tail` is guest code placed after the SVC gate and before the IRET (the
        timer interrupt uses it to chain INT 1Ch and send EOI from guest code).
        """
        return self._m.hook_int(vector, handler, tail=tail)

    def hook_multiplex(self, ah: int, handler: IntHandler) -> None:
        """Serve INT 2Fh calls whose AH is `ah` (the DOS multiplex interrupt)."""
        self._m.hook_multiplex(ah, handler)

    def idle_poll(self):
        """Tell the session a program polled and found nothing; BLOCK means: sleep now."""
        idle = self._m.idle
        return idle.poll() if idle is not None else None

    def svc(self, handler: Callable[[Registers], Any]) -> bytes:
        """Register a plain call gate; returns the gate's bytes to place in guest code."""
        return self._m.new_svc(handler)

    def hook_io(self, ports, read: PortRead | None = None, write: PortWrite | None = None) -> None:
        for port in ports:
            self._m.hook_io(port, read, write)

    def hook_mem(self, start: int, end: int, read: MemRead | None = None, write: MemWrite | None = None) -> None:
        """Serve guest accesses to linear [start, end) with callbacks (memory-mapped I/O).

        The range must be whole 4 KiB pages; it stops being RAM for this session.
        """
        self._m.engine.map_mmio(start, end - start, read, write)

    def rom_alloc(self, code: bytes, at: int | None = None) -> int:
        """Place `code` in the BIOS ROM segment (F000); returns its offset."""
        return self._m.rom.place(code, at)

    def set_vector(self, vector: int, seg: int, off: int) -> None:
        self.ram.ww(vector * 4, off)
        self.ram.ww(vector * 4 + 2, seg)

    def get_vector(self, vector: int) -> tuple[int, int]:
        return self.ram.rw(vector * 4 + 2), self.ram.rw(vector * 4)

    # -- time and interrupts ---------------------------------------------------------
    def timer(self, period: float, fn: Callable[[], None]) -> Timer:
        return self._m.clock.add(period, fn)

    def raise_irq(self, line: int) -> None:
        self._m.pic.raise_irq(line)

    def now(self) -> float:
        return self._m.clock.now()

    # -- misc ------------------------------------------------------------------------
    def set_a20(self, enabled: bool) -> None:
        self._m.engine.set_a20(enabled)

    def a20(self) -> bool:
        return self._m.engine.a20

    def invalidate(self, start: int, end: int) -> None:
        self._m.engine.invalidate(start, end)

    def map_window(self, start: int, size: int, fd: int | None = None, offset: int = 0) -> None:
        """Show `size` bytes of host file `fd` from `offset` at linear [start, start+size).

        The same file page may be shown at several addresses at once (each shows
        every write through the others). With `fd` None the range shows its own
        RAM again, with the contents it had when it was first remapped. Takes
        effect at once, for the guest and for `ram` alike; whole 4 KiB pages only.
        """
        self._m.engine.map_window(start, size, fd, offset)

    def map_host_memory(self, addr: int, size: int, buffer) -> None:
        """Show a device's own memory to the guest at physical [addr, addr+size), above its RAM.

        `buffer` is a ctypes object of at least `size` bytes (a framebuffer, say):
        guest reads and writes go straight to it, with no callback, and the VDD sees
        them at once through the buffer. Whole 4 KiB pages only; the mapping lasts
        as long as the machine and keeps the buffer alive.
        """
        self._m.engine.map_host_memory(addr, size, buffer)

    def log(self, message: str) -> None:
        self._m.log(message)
