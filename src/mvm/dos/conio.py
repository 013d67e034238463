"""Console calls of INT 21h (01h-0Ch) and INT 29h: the CON device as programs use it."""

from __future__ import annotations

import os

from ..ist import Registers
from ..vdh import BLOCK
from .constants import DosError
from .devices import Console


class ConsoleCalls:
    FUNCTIONS = {
        0x01: "f01_read_echo",
        0x02: "f02_write_char",
        0x06: "f06_direct_io",
        0x07: "f07_read_raw",
        0x08: "f08_read",
        0x09: "f09_write_string",
        0x0A: "f0a_read_line",
        0x0B: "f0b_input_status",
        0x0C: "f0c_flush_and_read",
    }

    def con_write(self, data: bytes) -> None:
        self.video.write_tty(data, expand_tabs=True)

    def echo(self, data: bytes) -> None:
        """Echo typed input to standard output. On the console, the host sees it only if
        its terminal did not already show what was typed."""
        if self.console_in.is_tty and self._stdout_is_console():
            for ch in data:
                self.video.put_char(ch)
        else:
            self.stdout_write(data)

    def _stdout_is_console(self) -> bool:
        try:
            device = self.file_for_handle(1).device
        except DosError:
            return False
        return isinstance(device, Console)

    def _redirected_char(self, stdin) -> int:
        """A character from a file on handle 0: 1Ah (^Z) at its end, as DOS gives."""
        data = self.read_handle(0, 1)
        return data[0] if data else 0x1A

    def read_char(self):
        """The next input character, BLOCK to wait for one, or 1Ah (^Z) at end of input."""
        if self._pending_scan is not None:
            ch, self._pending_scan = self._pending_scan, None
            return ch
        stdin = self.stdin_file()
        if stdin is not None:
            return self._redirected_char(stdin)
        self.keyboard_drop_break_words()
        if self._break_pending:  # Ctrl+Break, seen by DOS's INT 1Bh, reads as a ^C
            self._break_pending = False
            return 0x03
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

    def keyboard_drop_break_words(self) -> None:
        """Skip the 0000h words Ctrl+Break leaves in the BIOS buffer: they are not characters."""
        while self.keyboard.buffered() == 0x0000:
            self.keyboard.take_key()

    def int29(self, r: Registers) -> None:
        self.con_write(bytes((r.al,)))

    def _is_break(self, ch: int) -> bool:
        """^C typed at the console (in a file on handle 0 it is just data)."""
        return ch == 0x03 and self.stdin_file() is None

    def f01_read_echo(self, r: Registers):
        ch = self.read_char()
        if ch is BLOCK:
            return BLOCK
        if self._is_break(ch):
            return self.ctrl_c(r)
        r.al = ch
        self.echo(bytes((ch,)))
        return None

    def f02_write_char(self, r: Registers) -> None:
        self.stdout_write(bytes((r.dl,)))
        r.al = r.dl

    def f06_direct_io(self, r: Registers):
        if r.dl != 0xFF:
            self.stdout_write(bytes((r.dl,)))
            r.al = r.dl
            return
        stdin = self.stdin_file()
        if stdin is not None:
            data = self.read_handle(0, 1)
            r.al = data[0] if data else 0
            r.zf = not data
            return
        self.keyboard_drop_break_words()
        if self._pending_scan is None and self.keyboard.peek_key() is None:
            if self.vdh.idle_poll() is BLOCK:
                return BLOCK
            r.al = 0
            r.zf = True
            return None
        r.al = self.read_char()
        r.zf = False

    def f07_read_raw(self, r: Registers):
        ch = self.read_char()
        if ch is BLOCK:
            return BLOCK
        r.al = ch
        return None

    def f08_read(self, r: Registers):
        ch = self.read_char()
        if ch is BLOCK:
            return BLOCK
        if self._is_break(ch):
            return self.ctrl_c(r)
        r.al = ch
        return None


    def f09_write_string(self, r: Registers) -> None:
        addr = (r.ds << 4) + r.dx
        chunk = self.ram.read(addr, 0x10000)
        end = chunk.find(b"$")
        self.stdout_write(chunk if end < 0 else chunk[:end])
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
            if self._is_break(ch):
                self._line = None
                return self.ctrl_c(r)
            if ch == 0x1A and (self.stdin_file() is not None or self.console_in.at_eof):
                ch = 0x0D  # the end of input ends the line
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

    def f0b_input_status(self, r: Registers):
        stdin = self.stdin_file()
        if stdin is not None:  # a file: ready until its end
            r.al = 0xFF if os.fstat(stdin.fd).st_size > stdin.pos else 0x00
            return
        self.keyboard_drop_break_words()
        ready = self._pending_scan is not None or self.keyboard.peek_key() is not None
        if not ready and self.vdh.idle_poll() is BLOCK:
            return BLOCK  # polling in a loop: sleep a tick instead of spinning
        r.al = 0xFF if ready else 0x00
        return None

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
