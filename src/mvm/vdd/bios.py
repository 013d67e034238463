"""The system BIOS as VDDs: the data area, INT 05h/08h/11h/12h/15h/19h/1Ah, the A20 gate, restarts.

The video (INT 10h) and keyboard (INT 16h) parts of the BIOS are their own VDDs.
"""

from __future__ import annotations

import datetime as dt

from ..ist import Registers
from ..ist.memory import MIB
from ..vdh import BLOCK, Vdd, Vdh
from .keyboard import _JC, _JNC, Keyboard, assemble, interrupts_on_while_waiting
from .video import Video

DUMMY_IRET = (0xF000 << 16) | 0xFF53  # the default handler of unused vectors
ROM_SEG = 0xF000
BDA_EQUIPMENT = 0x410
BDA_MEMORY_KIB = 0x413
BDA_TICKS = 0x46C
BDA_MIDNIGHT = 0x470
TICKS_PER_DAY = 0x1800B0
CONVENTIONAL_KIB = 640
PRTSC_STATUS = 0x500  # 0050:0000: 01h while the screen prints, 00h done, FFh the printer failed
PRINTER_ERRORS = 0x29  # INT 17h status bits that stop a print: time-out, I/O error, out of paper
TEXT_MODES = (0x00, 0x01, 0x02, 0x03, 0x07)

# The configuration table INT 15h/C0h returns, at its classic ROM address:
# length 8, model FCh (AT), submodel 1, revision 0, feature byte 1:
# bit 6 second 8259 present, bit 5 real-time clock present.
CONFIG_TABLE_OFF = 0xE6F5
CONFIG_TABLE = bytes((8, 0, 0xFC, 0x01, 0x00, 0x60, 0, 0, 0, 0))

# INT 08h runs as guest code after the tick is counted: it calls INT 1Ch
# (programs hook it) and then acknowledges the interrupt at the master PIC.
TIMER_TAIL = bytes((
    0xCD, 0x1C,  # int 1Ch
    0x50,  # push ax
    0xB0, 0x20,  # mov al, 20h
    0xE6, 0x20,  # out 20h, al
    0x58,  # pop ax
))


def _bcd(n: int) -> int:
    return ((n // 10) << 4) | (n % 10)


def _from_bcd(b: int) -> int:
    return (b >> 4) * 10 + (b & 0x0F)


class SystemBios(Vdd):
    """INT 08h timer tick, 11h equipment, 12h memory size, 15h system services,
    1Ah time of day, and the fast A20 gate at port 92h."""

    name = "VBIOS"

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        ram = self.ram = vdh.ram
        self.rtc_offset = 0.0  # seconds a guest moved the real-time clock by
        self._wait_until: float | None = None
        self._wait_call: tuple[int, ...] = ()
        self.port92 = 0
        # Equipment: FPU present (bit 1), 80x25 colour (bits 4-5 = 10), no floppies.
        ram.ww(BDA_EQUIPMENT, 0x0022)
        ram.ww(BDA_MEMORY_KIB, CONVENTIONAL_KIB)
        self.set_ticks_from_host()
        vdh.rom_alloc(CONFIG_TABLE, at=CONFIG_TABLE_OFF)
        vdh.rom_alloc(b"01/01/92", at=0xFFF5)
        vdh.rom_alloc(bytes((0xFC,)), at=0xFFFE)
        vdh.rom_alloc(bytes((0xEA, 0x5B, 0xE0, 0x00, 0xF0)), at=0xFFF0)  # reset: jmp F000:E05B
        # The POST: a program that jumps to the reset vector restarts the machine.
        vdh.rom_alloc(vdh.svc(self._restart), at=0xE05B)
        vdh.hook_int(0x19, self._restart)  # the bootstrap loader: a restart too
        self._print_screen: list[int] = []  # the bytes INT 05h has still to print
        vdh.set_vector(0x05, ROM_SEG, vdh.rom_alloc(self._int05_code(vdh)))
        self._int08_stub = (ROM_SEG << 16) | vdh.hook_int(0x08, self.int08, tail=TIMER_TAIL)
        vdh.machine.tick_counter = self
        vdh.hook_int(0x11, self.int11)
        vdh.hook_int(0x12, self.int12)
        vdh.hook_int(0x15, self.int15)
        vdh.hook_int(0x1A, self.int1a)
        vdh.hook_io([0x92], read=self._read_92, write=self._write_92)

    def reset(self) -> None:
        self.set_ticks_from_host()  # the tick count stood still while no program ran

    # -- clock ----------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return dt.datetime.now() + dt.timedelta(seconds=self.rtc_offset)

    def set_ticks_from_host(self) -> None:
        t = self.now()
        seconds = t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6
        self.ram.wd(BDA_TICKS, int(seconds * TICKS_PER_DAY / 86400))
        self.ram.wb(BDA_MIDNIGHT, 0)

    def ticks_unobserved(self) -> bool:
        """Only this BIOS sees timer ticks: INT 08h and 1Ch are ours, IRQ0 unmasked and periodic."""
        ram = self.ram
        machine = self.vdh.machine
        return (ram.rd(0x08 * 4) == self._int08_stub and ram.rd(0x1C * 4) == DUMMY_IRET
                and not machine.pic.master.imr & 1 and machine.vdd("VTIMER").periodic())

    def count_ticks(self, count: int) -> None:
        """Add ticks a sleeping session did not run INT 08h for (midnight rollover included)."""
        ticks = self.ram.rd(BDA_TICKS) + count
        if ticks >= TICKS_PER_DAY:
            ticks %= TICKS_PER_DAY
            self.ram.wb(BDA_MIDNIGHT, 1)
        self.ram.wd(BDA_TICKS, ticks)

    def int08(self, r: Registers) -> None:
        ticks = self.ram.rd(BDA_TICKS) + 1
        if ticks >= TICKS_PER_DAY:
            ticks = 0
            self.ram.wb(BDA_MIDNIGHT, 1)
        self.ram.wd(BDA_TICKS, ticks)

    def int1a(self, r: Registers) -> None:
        fn = r.ah
        r.cf = False
        if fn == 0x00:
            ticks = self.ram.rd(BDA_TICKS)
            r.cx, r.dx = ticks >> 16, ticks & 0xFFFF
            r.al = self.ram.rb(BDA_MIDNIGHT)
            self.ram.wb(BDA_MIDNIGHT, 0)
        elif fn == 0x01:
            self.ram.wd(BDA_TICKS, (r.cx << 16) | r.dx)
            self.ram.wb(BDA_MIDNIGHT, 0)
        elif fn == 0x02:
            t = self.now()
            r.ch, r.cl, r.dh, r.dl = _bcd(t.hour), _bcd(t.minute), _bcd(t.second), 0
        elif fn == 0x03:
            self._move_rtc(time=(_from_bcd(r.ch), _from_bcd(r.cl), _from_bcd(r.dh)), r=r)
        elif fn == 0x04:
            t = self.now()
            r.ch, r.cl = _bcd(t.year // 100), _bcd(t.year % 100)
            r.dh, r.dl = _bcd(t.month), _bcd(t.day)
        elif fn == 0x05:
            year = _from_bcd(r.ch) * 100 + _from_bcd(r.cl)
            self._move_rtc(date=(year, _from_bcd(r.dh), _from_bcd(r.dl)), r=r)
        else:
            r.cf = True

    def _move_rtc(self, r: Registers, time=None, date=None) -> None:
        """Set this session's clock only, by keeping an offset from the host's."""
        cur = self.now()
        try:
            if time is not None:
                target = cur.replace(hour=time[0], minute=time[1], second=time[2], microsecond=0)
            else:
                target = cur.replace(year=date[0], month=date[1], day=date[2])
        except ValueError:
            r.cf = True
            return
        self.rtc_offset += (target - cur).total_seconds()

    def _restart(self, r: Registers) -> None:
        self.vdh.machine.restart()

    # -- INT 05h: print the screen ----------------------------------------------------
    def _int05_code(self, vdh: Vdh) -> bytes:
        """INT 05h as guest code, so that each byte goes through INT 17h (a program may hook it):
        a gate takes a copy of the screen, a loop prints it byte by byte on LPT1."""
        return assemble(
            b"\xFB\x50\x52", vdh.svc(self._prtsc_begin), (_JC, "out"),  # sti; push ax; push dx
            "next", vdh.svc(self._prtsc_next), (_JC, "out"),  # AL = the next byte
            b"\x31\xD2\xB4\x00\xCD\x17",  # xor dx,dx; mov ah,0; int 17h
            vdh.svc(self._prtsc_status), (_JNC, "next"),
            "out", b"\x5A\x58\xCF")  # pop dx; pop ax; iret

    def _prtsc_begin(self, r: Registers) -> None:
        """CF set: a print is already under way. Else copy the active page's text (a row,
        then CR LF, for every row) and mark 0050:0000 busy."""
        ram = self.ram
        if ram.rb(PRTSC_STATUS) == 0x01:
            r.cf = True
            return
        ram.wb(PRTSC_STATUS, 0x01)
        self._print_screen = list(self._screen_bytes())
        r.cf = False

    def _screen_bytes(self) -> bytes:
        ram = self.ram
        mode = ram.rb(0x449) & 0x7F
        if mode not in TEXT_MODES:
            return b""  # no characters to read back in a graphics mode
        cols = min(ram.rw(0x44A) or 80, 255)
        rows = min((ram.rb(0x484) or 24) + 1, 0x8000 // (2 * cols))  # within the text buffer
        base = (0xB0000 if mode == 0x07 else 0xB8000) + ram.rw(0x44E)
        cells = ram.read(base, cols * rows * 2)
        out = bytearray()
        for row in range(rows):
            line = cells[row * cols * 2:(row + 1) * cols * 2:2]
            out += line.replace(b"\0", b" ") + b"\r\n"
        return bytes(out)

    def _prtsc_next(self, r: Registers) -> None:
        """AL = the next byte to print; CF set when all are printed (0050:0000 = 00h)."""
        if not self._print_screen:
            self.ram.wb(PRTSC_STATUS, 0x00)
            r.cf = True
            return
        r.al = self._print_screen.pop(0)
        r.cf = False

    def _prtsc_status(self, r: Registers) -> None:
        """After INT 17h: a printer error ends the print with 0050:0000 = FFh (CF set)."""
        if r.ah & PRINTER_ERRORS:
            self._print_screen = []
            self.ram.wb(PRTSC_STATUS, 0xFF)
            r.cf = True
            return
        r.cf = False

    # -- equipment and memory --------------------------------------------------------
    def int11(self, r: Registers) -> None:
        r.ax = self.ram.rw(BDA_EQUIPMENT)

    def int12(self, r: Registers) -> None:
        r.ax = self.ram.rw(BDA_MEMORY_KIB)

    def int15(self, r: Registers):
        fn = r.ah
        if fn == 0x88:
            r.ax = min((self.ram.size - MIB) // 1024, 0xFFFF)
            r.cf = False
        elif fn == 0x86:
            return self._wait(r)
        elif fn == 0x85:  # SysRq pressed or released: nothing to do unless a program hooks it
            r.ah = 0
            r.cf = False
        elif fn == 0xC0:
            r.es, r.bx = 0xF000, CONFIG_TABLE_OFF
            r.ah = 0
            r.cf = False
        else:
            r.ah = 0x86
            r.cf = True
        return None

    def _wait(self, r: Registers):
        """INT 15h/86h: wait CX:DX microseconds, sleeping on the host."""
        now = self.vdh.now()
        # A call met again after a hardware interrupt or a sleep is the same wait; any
        # other call (a new one, or one after an abandoned wait) starts afresh.
        call = (r.cs, r.ip, r.ss, r.sp, r.cx, r.dx)
        if self._wait_until is None or self._wait_call != call:
            self._wait_until = now + ((r.cx << 16) | r.dx) / 1e6
            self._wait_call = call
        if now < self._wait_until:
            self.vdh.machine.wake_at(self._wait_until)
            interrupts_on_while_waiting(r)
            return BLOCK
        self._wait_until = None
        r.cf = False
        r.ah = 0
        return None

    # -- A20 ----------------------------------------------------------------------------
    def _read_92(self, port: int, size: int) -> int:
        return (self.port92 & ~0x02) | (0x02 if self.vdh.a20() else 0x00)

    def _write_92(self, port: int, size: int, value: int) -> None:
        # Bit 0 going from 0 to 1 resets the CPU (the "fast reset" of PS/2 and later PCs).
        reset = value & 0x01 and not self.port92 & 0x01
        self.port92 = value & 0xFD
        self.vdh.set_a20(bool(value & 0x02))
        if reset:
            self.vdh.machine.restart()


def default_bios_vdds() -> list[Vdd]:
    return [SystemBios(), Video(), Keyboard()]
