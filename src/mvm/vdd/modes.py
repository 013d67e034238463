"""The video BIOS's modes and where it keeps its state in the BIOS data area."""

from __future__ import annotations

from dataclasses import dataclass

TEXT_SEG = 0xB800
TEXT_BASE = TEXT_SEG << 4
TEXT_WRAP = 0x8000  # the text memory the CRTC addresses at B800h
BLANK_ATTR = 0x07

# BIOS data area fields (linear addresses)
BDA_MODE = 0x449
BDA_COLUMNS = 0x44A
BDA_PAGE_SIZE = 0x44C
BDA_PAGE_START = 0x44E
BDA_CURSOR = 0x450  # 8 pages x (column, row)
BDA_CURSOR_SHAPE = 0x460
BDA_PAGE = 0x462
BDA_CRTC = 0x463
BDA_MODE_CTL = 0x465
BDA_ROWS = 0x484  # rows - 1
BDA_CHAR_HEIGHT = 0x485

TEXT_MODES = {0: 40, 1: 40, 2: 80, 3: 80, 7: 80}


@dataclass(frozen=True)
class GfxMode:
    """A graphics mode: its family, size in pixels, bits per pixel and text cell height."""

    kind: str  # "cga", "planar", "chained", "vesa"
    width: int
    height: int
    bpp: int
    char_h: int
    scan: int = 1  # CRTC lines per pixel line


GFX_MODES = {
    0x04: GfxMode("cga", 320, 200, 2, 8, 2), 0x05: GfxMode("cga", 320, 200, 2, 8, 2),
    0x06: GfxMode("cga", 640, 200, 1, 8, 2),
    0x0D: GfxMode("planar", 320, 200, 4, 8, 2), 0x0E: GfxMode("planar", 640, 200, 4, 8, 2),
    0x0F: GfxMode("planar", 640, 350, 4, 14), 0x10: GfxMode("planar", 640, 350, 4, 14),
    0x11: GfxMode("planar", 640, 480, 1, 16), 0x12: GfxMode("planar", 640, 480, 4, 16),
    0x13: GfxMode("chained", 320, 200, 8, 8, 2),
}
