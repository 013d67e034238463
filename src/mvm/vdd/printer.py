"""VLPT: the printer ports and the printer BIOS (INT 17h); where printed bytes go.

Three parallel ports, LPT1-LPT3 at 378h, 278h and 3BCh, are listed in the BIOS
data area (0040:0008) and in the equipment word. One printer stands behind all
of them, always ready (selected, not busy, paper in). What it prints goes where
the PRINTER_FILE setting says: a host file, appended to (made on the first byte
printed, flushed at every write), `-` for the host's standard output, or
nowhere (the default: dropped, as a PC with no printer cable would). DOS's
PRN/LPTn devices print through this VDD too, so bytes written to PRN and bytes
sent with INT 17h land in one stream, in the order they were printed.

A program may also drive a port itself: write the byte to the data register and
pulse the strobe (bit 0 of the control register); the status register reads
"ready" whenever it looks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..ist import Registers
from ..settings import Setting
from ..vdh import Vdd, Vdh

if TYPE_CHECKING:
    from io import BufferedWriter

PORTS = (0x378, 0x278, 0x3BC)  # LPT1, LPT2, LPT3
BDA_LPT = 0x408  # the ports' base addresses, a word each
BDA_EQUIPMENT = 0x410  # bits 14-15: the number of parallel ports
BDA_LPT_TIMEOUT = 0x478  # a time-out count per port

# INT 17h status (AH): bit 7 not busy, 6 acknowledge, 5 out of paper, 4 selected,
# 3 I/O error, 0 time-out.
ST_READY = 0x90  # not busy, selected
ST_TIMEOUT = 0x01
ST_OFFLINE = 0x09  # I/O error and time-out: the host file cannot be written
# The status register (base+1) as a ready printer drives it: not busy (bit 7 high),
# no acknowledge pulse (bit 6 high), paper in (bit 5 low), selected (4), no error (3 high);
# the unused low bits read as 1.
PORT_READY = 0xDF
CTL_STROBE = 0x01
CTL_INIT = 0x04  # active low: 0 resets the printer


class PrinterOutput:
    """Where printed bytes go, as PRINTER_FILE says; one per session, shared by every port."""

    def __init__(self, target: str, console_out) -> None:
        self.target = target
        self.console_out = console_out
        self._file: BufferedWriter | None = None
        self.failed = False  # the host file could not be opened: the printer is off line

    def write(self, data: bytes) -> int:
        """Print `data`; returns the bytes taken (0 when the printer is off line)."""
        if not data:
            return 0
        if self.target == "-":
            self.console_out.write(data)
        elif self.target:
            if self._file is None:
                try:
                    self._file = open(Path(self.target).expanduser(), "ab")  # noqa: SIM115 - lives for the session
                except OSError:
                    self.failed = True
                    return 0
            self._file.write(data)
            self._file.flush()  # printing is rare; a crash must not lose a page
        return len(data)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Vlpt(Vdd):
    name = "VLPT"
    settings = {
        "PRINTER_FILE": Setting("PRINTER_FILE", "str", "", "host file PRN/LPTn and INT 17h output is appended to; "
                                "- for standard output; empty drops it"),
    }

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        self.ram = vdh.ram
        target = str(vdh.machine.settings.get("PRINTER_FILE", ""))
        self.output = PrinterOutput(target, vdh.machine.console_out)
        self.data = [0] * len(PORTS)  # each port's data latch
        self.control = [CTL_INIT] * len(PORTS)  # each port's control register
        for n, base in enumerate(PORTS):
            self.ram.ww(BDA_LPT + 2 * n, base)
            self.ram.wb(BDA_LPT_TIMEOUT + n, 0x14)  # the usual retry count
            vdh.hook_io([base], read=self._read_data, write=self._write_data)
            vdh.hook_io([base + 1], read=self._read_status)
            vdh.hook_io([base + 2], read=self._read_control, write=self._write_control)
        equipment = self.ram.rw(BDA_EQUIPMENT)
        self.ram.ww(BDA_EQUIPMENT, (equipment & 0x3FFF) | (len(PORTS) << 14))
        vdh.hook_int(0x17, self.int17)

    def print_bytes(self, data: bytes) -> int:
        """Print `data` (DOS's PRN device comes here); returns the bytes taken."""
        return self.output.write(bytes(data))

    def close(self) -> None:
        self.output.close()

    # -- INT 17h -------------------------------------------------------------------------
    def int17(self, r: Registers) -> None:
        """00h print AL, 01h initialise, 02h status; DX is the port (0 = LPT1). AH = status."""
        port = self._port(r.dx)
        if port is None:
            r.ah = ST_TIMEOUT  # no port there: nothing answers
            return
        if r.ah == 0x00:
            self.output.write(bytes((r.al,)))
        # A host file that cannot be written is a printer off line.
        r.ah = ST_OFFLINE if self.output.failed else ST_READY

    def _port(self, number: int) -> int | None:
        """The index of LPT`number+1` if the BIOS data area still lists a port for it."""
        if number >= len(PORTS) or self.ram.rw(BDA_LPT + 2 * number) == 0:
            return None
        return number

    # -- the port registers ------------------------------------------------------------------
    def _index(self, port: int) -> int:
        return PORTS.index(port & ~0x03)

    def _read_data(self, port: int, size: int) -> int:
        return self.data[self._index(port)]

    def _write_data(self, port: int, size: int, value: int) -> None:
        self.data[self._index(port)] = value & 0xFF

    def _read_status(self, port: int, size: int) -> int:
        return PORT_READY

    def _read_control(self, port: int, size: int) -> int:
        return self.control[self._index(port)] | 0xE0

    def _write_control(self, port: int, size: int, value: int) -> None:
        n = self._index(port)
        before, self.control[n] = self.control[n], value & 0x1F
        if value & CTL_STROBE and not before & CTL_STROBE:
            self.output.write(bytes((self.data[n],)))  # the strobe's edge: the printer takes the byte
