"""VKBD: the keyboard BIOS (INT 16h) and its buffer in the BIOS data area.

Keys come from the session's console input. They enter the BDA ring buffer when
a program asks for one, so programs that peek at the buffer, stuff it with
INT 16h/05h or read it through the BIOS all see one queue. A program waiting
for a key makes the session sleep on the host, not spin.
"""

from __future__ import annotations

from ..ist import Registers
from ..ist.base import IF
from ..machine.rom import ROM_SEG
from ..vdh import BLOCK, Vdd, Vdh

BDA_SHIFT = 0x417
BDA_SHIFT2 = 0x418
BDA_HEAD = 0x41A
BDA_TAIL = 0x41C
BDA_BUF_START = 0x480
BDA_BUF_END = 0x482
BDA_KBD_TYPE = 0x496  # bit 4: an enhanced (101/102-key) keyboard, served by 10h-12h
BUF_FIRST, BUF_LAST = 0x1E, 0x3E  # offsets from 0040:0000

# Scan codes of the keys that produce an ASCII code (US layout).
_ROWS = {
    0x02: "1234567890-=", 0x10: "qwertyuiop[]", 0x1E: "asdfghjkl;'`", 0x2B: "\\zxcvbnm,./",
}
_SHIFTED = {
    0x02: "!@#$%^&*()_+", 0x10: "QWERTYUIOP{}", 0x1E: 'ASDFGHJKL:"~', 0x2B: "|ZXCVBNM<>?",
}
SCAN = {0x0D: 0x1C, 0x1B: 0x01, 0x08: 0x0E, 0x09: 0x0F, 0x20: 0x39}
for _first, _keys in list(_ROWS.items()) + list(_SHIFTED.items()):
    for _i, _c in enumerate(_keys):
        SCAN.setdefault(ord(_c), _first + _i)
for _c in range(1, 27):  # Ctrl+letter
    SCAN.setdefault(_c, SCAN[ord("a") + _c - 1])


def interrupts_on_while_waiting(r: Registers) -> None:
    """Let hardware interrupts in while a BIOS call waits, as the ROM's STI does.

    A call that came through the IVT (a program's hook passed it on) waits in
    our ROM stub with IF clear, as INT left it; the stub's IRET restores the
    caller's flags afterwards. A call served in place waits on the caller's
    own INT instruction, whose flags are left as they are.
    """
    if r.cs == ROM_SEG:
        r.set_flag(IF, True)


def key_for(ascii_code: int) -> int:
    """The (scan << 8 | ascii) word a PC keyboard would give for a character."""
    return (SCAN.get(ascii_code, 0) << 8) | ascii_code


def _classic(key: int) -> int:
    """A key as 00h/01h give it: the grey keys' E0h becomes 00h.

    A key with scan code 0 is a character typed as such (CP437 E0h, alpha), not
    a grey key, and keeps its code.
    """
    if key & 0xFF == 0xE0 and key >> 8:
        return key & 0xFF00
    return key


class Keyboard(Vdd):
    name = "VKBD"

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        self.ram = vdh.ram
        self.input = vdh.machine.console_in
        self.output = vdh.machine.console_out
        ram = self.ram
        ram.ww(BDA_BUF_START, BUF_FIRST)
        ram.ww(BDA_BUF_END, BUF_LAST)
        ram.ww(BDA_HEAD, BUF_FIRST)
        ram.ww(BDA_TAIL, BUF_FIRST)
        ram.ww(BDA_SHIFT, 0)
        ram.wb(BDA_KBD_TYPE, 0x10)
        vdh.hook_int(0x16, self.int16)

    # -- the BDA ring buffer ------------------------------------------------------
    def _bounds(self) -> tuple[int, int]:
        return self.ram.rw(BDA_BUF_START), self.ram.rw(BDA_BUF_END)

    def _next(self, ptr: int) -> int:
        start, end = self._bounds()
        ptr += 2
        return start if ptr >= end else ptr

    def buffered(self) -> int | None:
        head, tail = self.ram.rw(BDA_HEAD), self.ram.rw(BDA_TAIL)
        return None if head == tail else self.ram.rw(0x400 + head)

    def push(self, key: int) -> bool:
        tail = self.ram.rw(BDA_TAIL)
        nxt = self._next(tail)
        if nxt == self.ram.rw(BDA_HEAD):
            return False
        self.ram.ww(0x400 + tail, key)
        self.ram.ww(BDA_TAIL, nxt)
        return True

    def _drop(self) -> None:
        self.ram.ww(BDA_HEAD, self._next(self.ram.rw(BDA_HEAD)))

    def peek_key(self) -> int | None:
        """The next key without taking it; pulls one from console input if needed."""
        key = self.buffered()
        if key is None:
            ch = self.input.get()
            if ch is None:
                return None
            if ch == 0x0A:  # the LF of a host line end: Enter was the CR before it
                return self.peek_key()
            self.push(key_for(ch))
            key = self.buffered()
        return key

    def take_key(self) -> int | None:
        key = self.peek_key()
        if key is not None:
            self._drop()
        return key

    def wait_reason(self, r: Registers | None = None):
        """BLOCK while input may still come; end the session when it cannot."""
        if self.input.at_eof:
            self.vdh.machine.end_session(
                "input-ended", 125, "session stopped: the program waits for a key and standard input has ended")
            return None
        self.output.flush()
        if r is not None:
            interrupts_on_while_waiting(r)
        return BLOCK

    # -- INT 16h --------------------------------------------------------------------
    def int16(self, r: Registers):
        fn = r.ah
        if fn in (0x00, 0x10):
            key = self.take_key()
            if key is None:
                return self.wait_reason(r)
            if fn == 0x00:
                key = _classic(key)
            r.ax = key
        elif fn in (0x01, 0x11):
            key = self.peek_key()
            if key is None and self.vdh.idle_poll() is BLOCK:
                return BLOCK  # polling in a loop: sleep a tick instead of spinning
            r.zf = key is None
            if key is not None:
                if fn == 0x01:
                    key = _classic(key)
                r.ax = key
        elif fn in (0x02, 0x12):
            r.al = self.ram.rb(BDA_SHIFT)
            if fn == 0x12:
                r.ah = self.ram.rb(BDA_SHIFT2)
        elif fn == 0x05:
            r.al = 0 if self.push(r.cx) else 1
        return None
