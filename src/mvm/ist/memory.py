"""Guest physical memory: one host buffer that every engine maps without copies."""

from __future__ import annotations

import ctypes
import mmap

MIB = 1 << 20
HMA_START = MIB
HMA_END = MIB + 0x10000


class GuestRam:
    """The RAM of one session, with the little-endian accessors VDDs use.

    The buffer is an anonymous mmap, so pages that are never touched cost no host
    memory, and its address can be handed to an engine to map directly.
    """

    def __init__(self, size: int) -> None:
        if size < HMA_END:
            raise ValueError("guest RAM must cover the first MiB and the HMA")
        self.size = size
        self._map = mmap.mmap(-1, size)
        self.mem = memoryview(self._map)
        self.address = ctypes.addressof(ctypes.c_char.from_buffer(self._map))

    # Linear-address accessors. Callers pass addresses inside the buffer.
    def rb(self, addr: int) -> int:
        return self.mem[addr]

    def rw(self, addr: int) -> int:
        m = self.mem
        return m[addr] | (m[addr + 1] << 8)

    def rd(self, addr: int) -> int:
        return int.from_bytes(self.mem[addr:addr + 4], "little")

    def wb(self, addr: int, value: int) -> None:
        self.mem[addr] = value & 0xFF

    def ww(self, addr: int, value: int) -> None:
        m = self.mem
        m[addr] = value & 0xFF
        m[addr + 1] = (value >> 8) & 0xFF

    def wd(self, addr: int, value: int) -> None:
        self.mem[addr:addr + 4] = (value & 0xFFFFFFFF).to_bytes(4, "little")

    def read(self, addr: int, length: int) -> bytes:
        return bytes(self.mem[addr:addr + length])

    def write(self, addr: int, data: bytes) -> None:
        self.mem[addr:addr + len(data)] = data

    def fill(self, addr: int, length: int, value: int = 0) -> None:
        self.mem[addr:addr + length] = bytes([value]) * length

    def asciiz(self, addr: int, limit: int = 256) -> bytes:
        """The bytes of a zero-terminated string (without the zero), at most `limit`."""
        chunk = bytes(self.mem[addr:min(addr + limit, self.size)])
        end = chunk.find(0)
        return chunk if end < 0 else chunk[:end]

    def close(self) -> None:
        try:
            self.mem.release()
            self._map.close()
        except BufferError:
            # Something still holds a view of the buffer; it is freed with that view.
            pass


def linear(seg: int, off: int) -> int:
    """Real-mode linear address of seg:off (may reach into the HMA)."""
    return ((seg & 0xFFFF) << 4) + (off & 0xFFFF)
