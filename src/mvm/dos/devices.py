"""Character devices: CON, NUL, AUX, PRN, CLOCK$, COM1-4, LPT1-3.

A device name is recognised in any folder that exists (and in the `\\DEV`
pseudo-folder) and with any extension, as DOS does: `C:\\OUT\\NUL.TXT` is NUL.

What each device does on the host:

- CON reads DOS standard input from the session's console (raw bytes from the
  host's standard input when it is a pipe or a file, keys when it is a
  terminal) and writes to the screen and the host's standard output.
- NUL reads nothing and swallows what is written.
- AUX and COM1-COM4 have no serial line behind them: reads give end of file,
  writes are accepted and dropped (DOSBox without a serial port does the same).
- PRN and LPT1-LPT3 are the printer (the printer VDD, VLPT). Their output goes where the PRINTER_FILE
  setting says: a host file, appended to (made on the first byte printed and
  flushed at every write), `-` for the host's standard output (mixed with the
  program's), or nothing (the default): the output is dropped, as DOSBox does
  without a printer, so that a program never writes outside its drives unless
  the user asked for it.
- CLOCK$ reads 6 bytes: days since 1980-01-01, minutes, hours, hundredths,
  seconds; writes to it are accepted (the date and time are the host's).
"""

from __future__ import annotations

import datetime
from typing import Any

from ..vdd.printer import PrinterOutput
from ..vdh import BLOCK

# IOCTL device information words (INT 21h/4400h), as MS-DOS reports them.
INFO_CON = 0x80D3  # device, console in and out, special (INT 29h), not EOF
INFO_NUL = 0x8084
INFO_CLOCK = 0x80C8
INFO_AUX = 0x80C0
INFO_PRN = 0xA0C0  # output until busy
INFO_RAW = 0x0020  # binary mode bit, the one a program may change with 4401h

DEVICE_NAMES = ("CON", "NUL", "AUX", "PRN", "CLOCK$", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3")
PRINTER_DEFAULT = ""  # no printer: output dropped


class Device:
    """A character device; one object per name, shared by every handle open on it."""

    info = 0x80C0
    name = ""

    def read(self, kernel: Any, count: int):
        """Up to `count` bytes, or BLOCK to wait for input."""
        return b""

    def write(self, kernel: Any, data: bytes) -> int:
        return len(data)

    def input_ready(self, kernel: Any) -> bool:
        return False

    def close(self) -> None:
        """Called when the session ends."""


class Console(Device):
    info = INFO_CON

    def read(self, kernel: Any, count: int):
        out = bytearray()
        src = kernel.console_in
        keyboard = kernel.keyboard
        # Input already taken into the BIOS keyboard buffer (a ^C check peeks
        # there) comes first: it was typed first.
        while len(out) < count and keyboard.buffered() is not None:
            key = keyboard.take_key()
            out.append(key & 0xFF)
            if key & 0xFF in (0, 0xE0) and key >> 8 and len(out) < count:
                out.append(key >> 8)  # an extended key: 0, then its scan code
        while len(out) < count:
            b = src.get()
            if b is None:
                break
            out.append(b)
            if b == 0x0A and src.is_tty:
                break  # a terminal gives a line at a time
        if not out and count and not src.at_eof:
            kernel.machine.console_out.flush()
            return BLOCK
        return bytes(out)

    def write(self, kernel: Any, data: bytes) -> int:
        kernel.con_write(data)
        return len(data)

    def input_ready(self, kernel: Any) -> bool:
        return kernel.console_in.available() or kernel.keyboard.peek_key() is not None


class Null(Device):
    info = INFO_NUL


class Serial(Device):
    info = INFO_AUX


class Clock(Device):
    info = INFO_CLOCK

    def read(self, kernel: Any, count: int):
        now = datetime.datetime.now()
        days = (now.date() - datetime.date(1980, 1, 1)).days
        record = bytes((days & 0xFF, days >> 8, now.minute, now.hour, now.microsecond // 10000, now.second))
        return record[:count]

    def input_ready(self, kernel: Any) -> bool:
        return True


class Printer(Device):
    """All printer names share one output: the printer VDD's (VLPT), as PRINTER_FILE says.

    Going through VLPT keeps PRN output and INT 17h output in one stream, in order.
    """

    info = INFO_PRN

    def __init__(self, target: str) -> None:
        self.target = target
        self._own: PrinterOutput | None = None  # a session without VLPT prints here

    def write(self, kernel: Any, data: bytes) -> int:
        try:
            lpt = kernel.machine.vdd("VLPT")
        except KeyError:
            if self._own is None:
                self._own = PrinterOutput(self.target, kernel.machine.console_out)
            return self._own.write(data)
        return lpt.print_bytes(data)

    def close(self) -> None:
        if self._own is not None:
            self._own.close()
            self._own = None


def make_devices(printer_target: str) -> dict[str, Device]:
    """One device object per DOS name."""
    printer = Printer(printer_target)
    aux = Serial()
    devices: dict[str, Device] = {
        "CON": Console(), "NUL": Null(), "CLOCK$": Clock(), "AUX": aux, "COM1": aux, "PRN": printer, "LPT1": printer,
    }
    for n in (2, 3, 4):
        devices[f"COM{n}"] = Serial()
    for n in (2, 3):
        devices[f"LPT{n}"] = printer
    for name, device in devices.items():
        if not device.name:
            device.name = name
    return devices


def device_base(component: str) -> str:
    """The part of a path's last component that names a device: before the dot, no colon."""
    base = component.upper().split(".", 1)[0].rstrip(" ")
    return base[:-1] if base.endswith(":") else base
