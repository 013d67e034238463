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
        """Free the block whose memory starts at `data_seg` (INT 21h/49h).

        As in MS-DOS only the block's own header is checked (error 9 when it is not
        an MCB), so a block can be freed even when another part of the chain is
        damaged; when the chain is intact the block must also be one of its members.
        """
        b = self._header(data_seg, ERR_BAD_BLOCK)
        try:
            members = self.blocks()
        except DosMemoryError:
            members = None
        if members is not None and all(m.seg != b.seg for m in members):
            raise DosMemoryError(ERR_BAD_BLOCK)
        self._write(b.seg, b.last, 0, b.size)

    def resize(self, data_seg: int, paras: int, owner: int | None = None) -> None:
        """Grow or shrink a block in place (INT 21h/4Ah), as MS-DOS does it.

        Free blocks that follow are joined to the block first; when it still cannot
        grow that far it keeps everything it joined and the error carries that size
        (BX, the largest the block can be). On success the block's owner becomes
        `owner` (the current process) when one is given, as DOS does.
        """
        b = self._header(data_seg, ERR_ARENA_TRASHED)
        self._coalesce(b)
        if paras > b.size:
            raise DosMemoryError(ERR_NOT_ENOUGH_MEMORY, b.size)
        self._split(b, paras)
        self._write(b.seg, b.last, b.owner if owner is None else owner, b.size)

    def _header(self, data_seg: int, error: int) -> Block:
        """The MCB just below `data_seg`, checked for a valid signature only."""
        seg = (data_seg - 1) & 0xFFFF
        if seg < self.first or (seg << 4) + 16 > self.ram.size:
            raise DosMemoryError(error)
        a = seg << 4
        sig = self.ram.rb(a)
        if sig not in (0x4D, 0x5A):
            raise DosMemoryError(error)
        return Block(seg, sig == 0x5A, self.ram.rw(a + 1), self.ram.rw(a + 3))

    def _coalesce(self, b: Block) -> None:
        """Join the free blocks that follow `b` into it; error 7 if the chain breaks on the way."""
        while not b.last:
            nxt = b.end
            a = nxt << 4
            if nxt >= 0xFFFF or a + 16 > self.ram.size or self.ram.rb(a) not in (0x4D, 0x5A):
                raise DosMemoryError(ERR_ARENA_TRASHED)
            if self.ram.rw(a + 1) != 0:
                return
            b.size += self.ram.rw(a + 3) + 1
            b.last = self.ram.rb(a) == 0x5A
            self._write(b.seg, b.last, b.owner, b.size)

    def free_owned_by(self, owner: int) -> None:
        """Free every block `owner` holds; a damaged chain is walked as far as it goes, never raises."""
        seg = self.first
        for _ in range(0x10000):
            a = seg << 4
            if seg >= 0xFFFF or a + 16 > self.ram.size:
                return
            sig = self.ram.rb(a)
            if sig not in (0x4D, 0x5A):
                return
            if self.ram.rw(a + 1) == owner:
                self.ram.ww(a + 1, 0)
            if sig == 0x5A:
                break
            seg += self.ram.rw(a + 3) + 1
        try:
            self._merge_free()
        except DosMemoryError:
            pass

    def owned_by(self, owner: int) -> list[Block]:
        """The blocks `owner` holds (empty when the chain is damaged)."""
        try:
            return [b for b in self.blocks() if b.owner == owner]
        except DosMemoryError:
            return []
