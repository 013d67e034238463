"""The memory control block chain: DOS's arena of conventional memory.

Each block is a 16-byte header (the MCB) followed by its memory: signature 'M'
(more follow) or 'Z' (last), the owner PSP (0 = free), the size in paragraphs,
and from DOS 4 on the owner's name. Every walk checks the chain, so a guest that
overwrote an MCB gets error 7 (arena trashed) instead of undefined behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ist.memory import GuestRam

ERR_ARENA_TRASHED = 7
ERR_NOT_ENOUGH_MEMORY = 8
ERR_BAD_BLOCK = 9

FIRST_FIT, BEST_FIT, LAST_FIT = 0, 1, 2


class DosMemoryError(Exception):
    def __init__(self, code: int, largest: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.largest = largest


@dataclass
class Block:
    seg: int  # the MCB's segment; the memory starts at seg + 1
    last: bool
    owner: int
    size: int

    @property
    def data(self) -> int:
        return self.seg + 1

    @property
    def end(self) -> int:
        return self.seg + 1 + self.size


class Arena:
    def __init__(self, ram: GuestRam, first: int, top: int) -> None:
        self.ram = ram
        self.first = first
        self.top = top
        self.strategy = FIRST_FIT
        self._write(first, True, 0, top - first - 1)

    def _write(self, seg: int, last: bool, owner: int, size: int, name: bytes | None = None) -> None:
        a = seg << 4
        self.ram.wb(a, 0x5A if last else 0x4D)
        self.ram.ww(a + 1, owner)
        self.ram.ww(a + 3, size)
        if name is not None:
            self.ram.write(a + 8, name[:8].ljust(8, b"\0"))

    def blocks(self) -> list[Block]:
        """Walk the chain; raises DosMemoryError(7) if it is broken."""
        out = []
        seg = self.first
        while True:
            a = seg << 4
            sig = self.ram.rb(a)
            if sig not in (0x4D, 0x5A) or len(out) > 0x10000:
                raise DosMemoryError(ERR_ARENA_TRASHED)
            block = Block(seg, sig == 0x5A, self.ram.rw(a + 1), self.ram.rw(a + 3))
            out.append(block)
            if block.last:
                return out
            seg = block.end
            if seg >= 0xFFFF or (seg << 4) >= self.ram.size:
                raise DosMemoryError(ERR_ARENA_TRASHED)

    def _merge_free(self) -> list[Block]:
        blocks = self.blocks()
        merged: list[Block] = []
        for b in blocks:
            if merged and merged[-1].owner == 0 and b.owner == 0:
                prev = merged[-1]
                prev.size += b.size + 1
                prev.last = b.last
                self._write(prev.seg, prev.last, 0, prev.size)
            else:
                merged.append(b)
        return merged

    def allocate(self, paras: int, owner: int, name: bytes | None = None) -> int:
        """Allocate `paras` paragraphs; returns the segment of the memory."""
        blocks = [b for b in self._merge_free() if b.owner == 0]
        fits = [b for b in blocks if b.size >= paras]
        if not fits:
            raise DosMemoryError(ERR_NOT_ENOUGH_MEMORY, max((b.size for b in blocks), default=0))
        strategy = self.strategy & 0x3F
        if strategy == BEST_FIT:
            block = min(fits, key=lambda b: b.size)
        elif strategy == LAST_FIT:
            block = fits[-1]
        else:
            block = fits[0]
        if strategy == LAST_FIT and block.size > paras:
            # Take the top of the block: the free rest stays below.
            rest = block.size - paras - 1
            self._write(block.seg, False, 0, rest)
            seg = block.seg + rest + 1
            self._write(seg, block.last, owner, paras, name)
            return seg + 1
        self._split(block, paras)
        self._write(block.seg, block.last if block.size == paras else False, owner, paras, name)
        return block.data

    def _split(self, block: Block, paras: int) -> None:
        if block.size > paras:
            rest = block.seg + 1 + paras
            self._write(rest, block.last, 0, block.size - paras - 1)
            block.last = False
            block.size = paras

    def largest_free(self) -> int:
        return max((b.size for b in self._merge_free() if b.owner == 0), default=0)

    def find(self, data_seg: int) -> Block:
        for b in self.blocks():
            if b.data == data_seg:
                return b
        raise DosMemoryError(ERR_BAD_BLOCK)

    def free(self, data_seg: int) -> None:
        b = self.find(data_seg)
        self._write(b.seg, b.last, 0, b.size)

    def resize(self, data_seg: int, paras: int) -> None:
        """Grow or shrink a block in place; on failure the error carries the largest size possible."""
        b = self.find(data_seg)
        if paras <= b.size:
            owner = b.owner
            self._split(b, paras)
            self._write(b.seg, b.last, owner, b.size)
            self._merge_free()
            return
        blocks = self.blocks()
        idx = next(i for i, x in enumerate(blocks) if x.seg == b.seg)
        avail = b.size
        if not b.last and blocks[idx + 1].owner == 0:
            avail += blocks[idx + 1].size + 1
        if avail < paras:
            raise DosMemoryError(ERR_NOT_ENOUGH_MEMORY, avail)
        nxt = blocks[idx + 1]
        b.size, b.last = avail, nxt.last
        self._split(b, paras)
        self._write(b.seg, b.last, b.owner, b.size)

    def free_owned_by(self, owner: int) -> None:
        for b in self.blocks():
            if b.owner == owner:
                self._write(b.seg, b.last, 0, b.size)
        self._merge_free()
