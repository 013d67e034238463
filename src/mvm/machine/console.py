"""The host side of the DOS console: stdin and stdout of a session run from a script.

The guest speaks code page 437 with CR LF line ends; the host speaks UTF-8 with
LF. Input: a host LF becomes CR LF, so DOS line input ends with Enter and DOS
file-style reads see DOS text. Output: CR LF becomes LF; a lone CR stays (for
progress lines). Bytes that are not UTF-8 on input, and characters that code
page 437 lacks, map to themselves or to '?' instead of failing.
"""

from __future__ import annotations

import codecs
import io
import os
import threading
from collections import deque
from collections.abc import Callable
from typing import BinaryIO


def _console_errors(exc: UnicodeError):
    if isinstance(exc, UnicodeEncodeError):
        text = exc.object[exc.start:exc.end]
        out = bytes(ord(c) - 0xDC00 if 0xDC80 <= ord(c) <= 0xDCFF else 0x3F for c in text)
        return out, exc.end
    if isinstance(exc, UnicodeDecodeError):
        return "".join(chr(0xDC00 + b) for b in exc.object[exc.start:exc.end]), exc.end
    raise exc


codecs.register_error("mvm-console", _console_errors)


def host_to_dos(text: str) -> bytes:
    return text.encode("cp437", "mvm-console")


def dos_to_host(data: bytes) -> str:
    return data.decode("cp437")


class ConsoleInput:
    """DOS standard input fed from host bytes or a host stream (read by a thread)."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self._wake = wake
        self._buf: deque[int] = deque()
        self._lock = threading.Lock()
        self._eof = True
        self._decoder = codecs.getincrementaldecoder("utf-8")("mvm-console")
        self._last_cr = False
        self._thread: threading.Thread | None = None
        self._stream: BinaryIO | None = None
        self.is_tty = False

    def attach(self, source: bytes | BinaryIO | None, is_tty: bool | None = None) -> None:
        self._buf.clear()
        self._decoder.reset()
        self._last_cr = False
        self.is_tty = bool(is_tty)
        if source is None:
            self._eof = True
        elif isinstance(source, (bytes, bytearray, memoryview)):
            self._feed(bytes(source), final=True)
            self._eof = True
        else:
            self._eof = False
            self._stream = source
            self._thread = threading.Thread(target=self._reader, args=(source,), name="mvm-stdin", daemon=True)
            self._thread.start()

    def detach(self) -> None:
        # The reader thread may sit in a blocking read; it is a daemon and ends with
        # the process or at the stream's end.
        self._stream = None

    def _reader(self, stream: BinaryIO) -> None:
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, io.UnsupportedOperation):
            fd = None
        while self._stream is stream:
            try:
                chunk = os.read(fd, 4096) if fd is not None else stream.read1(4096)
            except OSError:
                chunk = b""
            if not chunk:
                self._feed(b"", final=True)
                self._eof = True
                self._wake()
                return
            self._feed(chunk)
            self._wake()

    def _feed(self, data: bytes, final: bool = False) -> None:
        text = self._decoder.decode(data, final)
        out = bytearray()
        for ch in host_to_dos(text):
            if ch == 0x0A and not self._last_cr:
                out.append(0x0D)
            out.append(ch)
            self._last_cr = ch == 0x0D
        with self._lock:
            self._buf.extend(out)

    def available(self) -> bool:
        return bool(self._buf)

    @property
    def at_eof(self) -> bool:
        """True when nothing is buffered and nothing more will come."""
        return self._eof and not self._buf

    def peek(self) -> int | None:
        with self._lock:
            return self._buf[0] if self._buf else None

    def get(self) -> int | None:
        with self._lock:
            return self._buf.popleft() if self._buf else None

    def push_front(self, byte: int) -> None:
        with self._lock:
            self._buf.appendleft(byte)


class ConsoleOutput:
    """DOS standard output streamed to a host binary stream, or collected."""

    def __init__(self) -> None:
        self._stream: BinaryIO | None = None
        self._collect = bytearray()
        self._pending = bytearray()
        self._cr = False

    def attach(self, stream: BinaryIO | None) -> None:
        self._stream = stream
        self._collect.clear()
        self._pending.clear()
        self._cr = False

    def write(self, data: bytes) -> None:
        out = self._pending
        for b in data:
            if self._cr:
                self._cr = False
                if b == 0x0A:
                    out.append(0x0A)
                    continue
                out.append(0x0D)
            if b == 0x0D:
                self._cr = True
            else:
                out.append(b)
        if b"\n" in data or len(out) > 4096:
            self.flush(keep_cr=True)

    def flush(self, keep_cr: bool = False) -> None:
        if self._cr and not keep_cr:
            self._pending.append(0x0D)
            self._cr = False
        if not self._pending:
            return
        text = dos_to_host(bytes(self._pending)).encode("utf-8")
        self._pending.clear()
        if self._stream is None:
            self._collect += text
        else:
            try:
                self._stream.write(text)
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                self._stream = None

    def collected(self) -> bytes:
        return bytes(self._collect)
