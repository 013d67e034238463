"""The memory control block chain: DOS's arena of conventional memory.

Each block is a 16-byte header (the MCB) followed by its memory: signature 'M'
(more follow) or 'Z' (last), the owner PSP (0 = free), the size in paragraphs,
and from DOS 4 on the owner's name. Every walk checks the chain, so a guest that
overwrote an MCB gets error 7 (arena trashed) instead of undefined behaviour.

Upper memory (DOS 5's DOS=UMB): `add_upper` joins UMB regions to the chain as
MS-DOS does. The last paragraph of conventional memory (9FFFh) becomes the link
block, owned by DOS (8, "SC") and spanning up to the first UMB; its signature is
'M' while the UMBs are linked (INT 21h/5803h BX=1) and 'Z' while they are not,
so the chain a program walks ends there. Gaps between UMB regions (the EMS page
frame, say) are DOS-owned "SC" blocks whose headers sit in the last paragraph
of the region before. Allocation strategies 40h (upper memory only) and 80h
(upper first) look in the UMBs when they are linked.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ist.memory import GuestRam

ERR_ARENA_TRASHED = 7
ERR_NOT_ENOUGH_MEMORY = 8
ERR_BAD_BLOCK = 9

FIRST_FIT, BEST_FIT, LAST_FIT = 0, 1, 2
HIGH_ONLY, HIGH_FIRST = 0x40, 0x80
SYSTEM_OWNER = 0x0008  # DOS's own blocks: the UMB link and the gaps between UMBs
SYSTEM_NAME = b"SC"


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
        self.link_seg: int | None = None  # the UMB link block (top - 1), once there is upper memory
        self.linked = False
        self._write(first, True, 0, top - first - 1)

    def _write(self, seg: int, last: bool, owner: int, size: int, name: bytes | None = None) -> None:
        a = seg << 4
        self.ram.wb(a, 0x5A if last else 0x4D)
        self.ram.ww(a + 1, owner)
        self.ram.ww(a + 3, size)
        if name is not None:
            self.ram.write(a + 8, name[:8].ljust(8, b"\0"))

    def blocks(self) -> list[Block]:
        """Walk the chain as programs see it; raises DosMemoryError(7) if it is broken."""
        return self._walk(full=False)

    def _walk(self, full: bool) -> list[Block]:
        """The chain; `full` goes on past the UMB link block while the UMBs are unlinked."""
        out = []
        seg = self.first
        while True:
            a = seg << 4
            sig = self.ram.rb(a)
            if sig not in (0x4D, 0x5A) or len(out) > 0x10000:
                raise DosMemoryError(ERR_ARENA_TRASHED)
            block = Block(seg, sig == 0x5A, self.ram.rw(a + 1), self.ram.rw(a + 3))
            out.append(block)
            if block.last and not (full and seg == self.link_seg):
                return out
            seg = block.end
            if seg >= 0xFFFF or (seg << 4) >= self.ram.size:
                raise DosMemoryError(ERR_ARENA_TRASHED)

    def _merge_free(self) -> list[Block]:
        """Join neighbouring free blocks of the chain programs see (with the UMBs while linked)."""
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

    def _is_upper(self, b: Block) -> bool:
        return self.link_seg is not None and b.seg > self.link_seg

    def _candidates(self, free: list[Block], paras: int) -> list[Block]:
        """The free blocks the current strategy searches for `paras` paragraphs.

        With UMBs and a high strategy the search starts in upper memory, which
        only the linked chain reaches: 40h stops there (unlinked it finds
        nothing), 80h goes on to the whole chain (unlinked: conventional memory).
        Without UMBs the high bits change nothing.
        """
        high = self.strategy & (HIGH_ONLY | HIGH_FIRST)
        if not high or self.link_seg is None:
            return free
        upper = [b for b in free if self._is_upper(b)]
        if high & HIGH_ONLY or any(b.size >= paras for b in upper):
            return upper
        return free

    def allocate(self, paras: int, owner: int, name: bytes | None = None) -> int:
        """Allocate `paras` paragraphs; returns the segment of the memory."""
        blocks = self._candidates([b for b in self._merge_free() if b.owner == 0], paras)
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

    def largest_free(self, need: int = 0) -> int:
        """The largest block an allocation with the current strategy can get.

        With a high strategy and linked UMBs that is the largest UMB when one is
        free and holds `need` paragraphs (EXEC then loads the program high, as
        LOADHIGH does), else the largest anywhere (80h) or in upper memory (40h).
        """
        free = [b for b in self._merge_free() if b.owner == 0]
        high = self.strategy & (HIGH_ONLY | HIGH_FIRST)
        if high and self.link_seg is not None:
            upper = max((b.size for b in free if self._is_upper(b)), default=0)
            if high & HIGH_ONLY or (upper and upper >= need):
                return upper
        return max((b.size for b in free), default=0)

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
            members = self._walk(full=self.link_seg is not None)
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
            if sig == 0x5A and seg != self.link_seg:  # UMBs are freed too, linked or not
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

    # -- upper memory -------------------------------------------------------------------------------
    def add_upper(self, regions: list[tuple[int, int]]) -> bool:
        """Join upper memory [start, end) paragraph ranges to the chain, unlinked, as DOS=UMB does.

        Needs a free last block in conventional memory (it gives up its last
        paragraph for the link block); False when that or the regions do not do.
        """
        if self.link_seg is not None:
            return False
        regions = _upper_ranges(regions, self.top)
        try:
            last = self.blocks()[-1]
        except DosMemoryError:
            return False
        if not regions or last.owner != 0 or last.end != self.top or last.size < 2:
            return False
        link = self.top - 1
        self._write(last.seg, False, 0, last.size - 1)
        self._write(link, True, SYSTEM_OWNER, regions[0][0] - link - 1, SYSTEM_NAME)
        for i, (start, end) in enumerate(regions):
            if i == len(regions) - 1:
                self._write(start, True, 0, end - start - 1, b"")
                break
            self._write(start, False, 0, end - start - 2, b"")
            gap = end - 1  # the gap's header is the region's last paragraph
            self._write(gap, False, SYSTEM_OWNER, regions[i + 1][0] - gap - 1, SYSTEM_NAME)
        self.link_seg = link
        self.linked = False
        return True

    def set_link(self, on: bool) -> None:
        """Link (INT 21h/5803h BX=1) or unlink the UMBs; error 7 if the link block was overwritten.

        Callers check first that there are UMBs (INT 21h/5803h says error 1 when not).
        """
        if self.link_seg is None:
            raise DosMemoryError(ERR_ARENA_TRASHED)
        a = self.link_seg << 4
        if self.ram.rb(a) not in (0x4D, 0x5A) or self.ram.rw(a + 1) != SYSTEM_OWNER:
            raise DosMemoryError(ERR_ARENA_TRASHED)
        self.ram.wb(a, 0x4D if on else 0x5A)
        self.linked = on


def _upper_ranges(regions: list[tuple[int, int]], top: int) -> list[tuple[int, int]]:
    """Sorted, joined where they touch, above conventional memory, each big enough for an MCB and memory."""
    out: list[list[int]] = []
    for start, end in sorted(regions):
        start = max(start, top)
        if end - start < 2:
            continue
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out if b <= 0xFFFF]
