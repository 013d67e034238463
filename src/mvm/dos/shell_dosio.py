"""The shell's own DOS calls: INT 21h issued from Python with the shell's registers.

COMMAND.COM does its handle work (writing to standard output, opening a
redirection target, duplicating handles) through INT 21h like any program. The
shell does the same: it fills a private register set, puts names and data in a
buffer inside its own memory block, and calls the kernel's INT 21h dispatcher.
So whatever the kernel does for programs (devices, the system file table, read-
only drives, inherited handles) it also does for the shell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ist import Registers
from ..ist.base import REG_COUNT
from ..vdh import BLOCK
from .constants import ERR_INVALID_FUNCTION, DosError

if TYPE_CHECKING:
    from .kernel import DosKernel

STDIN, STDOUT, STDERR = 0, 1, 2
SEEK_SET, SEEK_CUR, SEEK_END = 0, 1, 2
DEVICE_BIT = 0x80  # IOCTL 00h: the handle is a device
CONSOLE_IN_BIT = 0x01  # IOCTL 00h: the device is the console input
CONSOLE_OUT_BIT = 0x02  # IOCTL 00h: the device is the console output


class DosApi:
    """INT 21h calls made on behalf of the shell whose buffer is at seg:buf.

    The calls get a stack of their own inside the shell's block (`stack`), so
    that anything the kernel writes on a caller's stack stays in the shell's
    memory. They skip the kernel's Ctrl-C checks: the shell is the program that
    answers ^C (a typed ^C reaches it as a character).
    """

    def __init__(self, kernel: DosKernel, seg: int, buf: int, size: int, stack: int) -> None:
        self.k = kernel
        self.seg = seg
        self.buf = buf
        self.size = size
        self.stack = stack

    @property
    def _addr(self) -> int:
        return (self.seg << 4) + self.buf

    def regs(self, ax: int, **values: int) -> Registers:
        r = Registers([0] * REG_COUNT)
        r.ax = ax
        r.ds = r.es = r.ss = self.seg
        r.sp = self.stack
        r.eflags = 0x0202
        for name, value in values.items():
            setattr(r, name, value)
        return r

    def dispatch(self, r: Registers):
        """Run the INT 21h function for `r` (BLOCK when it has to wait), without Ctrl-C checks."""
        k = self.k
        table = k.plain_table
        fn = table[r.ah]
        if fn is None:
            k.fail(r, ERR_INVALID_FUNCTION)
            return None
        try:
            return fn(r)
        except DosError as err:
            k.fail(r, err.code)
            return None

    def call(self, r: Registers) -> Registers:
        """Issue the call; raise DosError when it sets CF. Never waits."""
        result = self.dispatch(r)
        if result is BLOCK:
            # Only calls on files and devices that answer at once are made here.
            raise DosError(ERR_INVALID_FUNCTION, "the call would wait")
        if r.cf:
            raise DosError(r.ax)
        return r

    def _name(self, path: str) -> int:
        data = path.encode("cp437", "replace")[: self.size - 1] + b"\0"
        self.k.ram.write(self._addr, data)
        return self.buf

    # -- handles ----------------------------------------------------------------------------
    def write(self, handle: int, data: bytes) -> int:
        done = 0
        for start in range(0, len(data), self.size):
            chunk = data[start:start + self.size]
            self.k.ram.write(self._addr, chunk)
            r = self.call(self.regs(0x4000, bx=handle, cx=len(chunk), dx=self.buf))
            done += r.ax
            if r.ax < len(chunk):
                break  # disk full: DOS writes what fits
        return done

    def read(self, handle: int, count: int) -> bytes:
        count = min(count, self.size)
        r = self.call(self.regs(0x3F00, bx=handle, cx=count, dx=self.buf))
        return self.k.ram.read(self._addr, r.ax)

    def read_regs(self, handle: int, count: int) -> Registers:
        """The register set of a read that may have to wait (run it through the shell's gate)."""
        return self.regs(0x3F00, bx=handle, cx=min(count, self.size), dx=self.buf)

    def buffer(self, count: int) -> bytes:
        return self.k.ram.read(self._addr, count)

    def open(self, path: str, mode: int) -> int:
        return self.call(self.regs(0x3D00 | mode, dx=self._name(path))).ax

    def create(self, path: str, attrs: int = 0) -> int:
        return self.call(self.regs(0x3C00, cx=attrs, dx=self._name(path))).ax

    def create_unique(self, folder: str) -> tuple[int, str]:
        """INT 21h/5Ah: a new file with a unique name in `folder`; returns (handle, path)."""
        if not folder.endswith("\\"):
            folder += "\\"
        self.k.ram.write(self._addr, folder.encode("cp437", "replace") + b"\0" * 14)
        r = self.call(self.regs(0x5A00, cx=0, dx=self.buf))
        return r.ax, self.k.ram.asciiz(self._addr, 128).decode("cp437")

    def close(self, handle: int) -> None:
        self.call(self.regs(0x3E00, bx=handle))

    def dup(self, handle: int) -> int:
        return self.call(self.regs(0x4500, bx=handle)).ax

    def dup2(self, handle: int, target: int) -> None:
        self.call(self.regs(0x4600, bx=handle, cx=target))

    def seek(self, handle: int, offset: int, whence: int) -> int:
        offset &= 0xFFFFFFFF
        r = self.call(self.regs(0x4200 | whence, bx=handle, cx=offset >> 16, dx=offset & 0xFFFF))
        return (r.dx << 16) | r.ax

    def delete(self, path: str) -> None:
        self.call(self.regs(0x4100, dx=self._name(path)))

    def device_info(self, handle: int) -> int:
        """IOCTL 00h: the device information word of a handle."""
        return self.call(self.regs(0x4400, bx=handle)).dx
