"""Turning video memory into an RGB frame: a numpy array [height, width, 3] of uint8.

Every mode goes through the same last step the card's DAC does: a colour index
(after the attribute controller's palette for the 16-colour modes), ANDed with
the pixel mask, picks one of 256 DAC entries of 6 bits per component, scaled
here to 8 bits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .font import glyph_bits
from .vga import FONT_MAP_SIZE, SEQ_DOT_CLOCK_HALF, TEXT_WORDS, font_map_offset

if TYPE_CHECKING:
    from .vga import VgaHardware




def dac_rgb(vga: VgaHardware) -> np.ndarray:
    """The DAC as [256, 3] 8-bit colours: the 6 bits repeated into the low ones, as
    a video DAC's full scale maps 3Fh to FFh; an 8-bit DAC's (VBE 4F08h) as they are."""
    dac = np.array(vga.dac, dtype=np.uint8)
    if vga.dac_bits == 8:
        return dac
    dac &= 0x3F
    return (dac << 2) | (dac >> 4)


def through_dac(vga: VgaHardware, index: np.ndarray) -> np.ndarray:
    """The colours of DAC indexes, through the pixel mask (3C6h) as every mode's are."""
    return dac_rgb(vga)[index & vga.dac_mask]


def attr_lookup(vga: VgaHardware) -> np.ndarray:
    """[16] DAC indexes of the 16 colours through the attribute palette."""
    pal = np.frombuffer(bytes(vga.attr[:16]), dtype=np.uint8) & 0x3F
    mode_ctl, color_sel = vga.attr[0x10], vga.attr[0x14]
    if mode_ctl & 0x80:  # P5-P4 come from the colour select register
        pal = (pal & 0x0F) | ((color_sel & 3) << 4)
    return (pal | ((color_sel & 0x0C) << 4)).astype(np.uint8)




def text_lines(vga: VgaHardware, lines: int) -> tuple[np.ndarray, np.ndarray, int]:
    """For each displayed line: the cell address its row of cells starts at and the line
    within the cell (`VgaHardware.text_line`); and the first line below the split screen."""
    split = vga.text_split(lines)
    rows = np.array([vga.text_line(y, split) for y in range(lines)], dtype=np.int64).reshape(lines, 2)
    return rows[:, 0], rows[:, 1], split


def font_maps(vga: VgaHardware) -> np.ndarray:
    """[2, 256, 32] glyph lines of character map B and map A from plane 2."""
    plane = np.frombuffer(vga.planes[2], dtype=np.uint8)
    maps = []
    for block in reversed(vga.char_maps()):
        at = font_map_offset(block)
        maps.append(plane[at:at + FONT_MAP_SIZE].reshape(256, 32))
    return np.stack(maps)


def text_frame(vga: VgaHardware, mem: bytes, blink_on: bool = True) -> np.ndarray:
    """A text mode as the VGA draws it from its registers; `mem` is the 32 KiB at B8000.

    Cells of 8 or 9 dots (sequencer 01h bit 0) from the character maps in plane 2;
    the 9th dot is the background but for the line graphics C0h-DFh (attribute mode
    control bit 2), which repeat the 8th. With blinking enabled (mode control bit 3)
    bit 7 of an attribute blinks the character and the background has 8 colours;
    `blink_on` is the phase, which also blinks the cursor (CRTC 0Ah-0Fh). An
    attribute with bit 0 set and bits 1-2 and 4-6 clear (an MDA's underline) has
    its underline location's line (CRTC 14h) in the foreground: the monochrome
    mode's last line, and none in the colour modes, whose location the BIOS puts
    past the cell. The monochrome mode's attributes take their greys from its
    palette and DAC, as the colour modes' colours. A halved dot clock (40
    columns) draws every dot twice.
    """
    cols, height, lines = vga.text_geometry()
    nine = not vga.seq[1] & 1
    mode_ctl = vga.attr[0x10]
    base, scan, split = text_lines(vga, lines)
    cells = (base[:, None] + np.arange(cols + 1)[None, :]) & (TEXT_WORDS - 1)  # a column more to pan in
    raw = np.frombuffer(mem, dtype=np.uint8)
    chars, attrs = raw[cells * 2], raw[cells * 2 + 1]
    map_a, map_b = vga.char_maps()
    select = (attrs >> 3) & 1 if map_a != map_b else 0
    bits = np.unpackbits(font_maps(vga)[select, chars, scan[:, None]][:, :, None], axis=2)
    if nine:  # [lines, cols + 1, 9]
        graphics = (chars >= 0xC0) & (chars <= 0xDF) if mode_ctl & 4 else np.zeros_like(chars, dtype=bool)
        bits = np.concatenate([bits, np.where(graphics, bits[:, :, 7], 0)[:, :, None]], axis=2)
    # an MDA's underline: bit 0 with bits 1-2 and 4-6 clear, on the underline location's line
    underline = (attrs & 0x77) == 0x01
    bits[underline & (scan[:, None] == (vga.crtc[0x14] & 0x1F))] = 1
    fg, bg = attrs & 0x0F, attrs >> 4
    if mode_ctl & 8:
        blinking = bg >= 8
        bg = bg & 7
        if not blink_on:
            bits[blinking] = 0
    if blink_on:
        bits[_cursor_cells(vga, cells, scan)] = 1
    dots = bits.shape[2]
    index = np.where(bits == 1, fg[:, :, None], bg[:, :, None]).reshape(lines, (cols + 1) * dots)
    x = np.arange(cols * dots)[None, :] + _text_pan(vga, lines, split, nine)
    pixels = np.take_along_axis(index, x, axis=1)
    if vga.seq[1] & SEQ_DOT_CLOCK_HALF:  # 40 columns: each dot twice as wide, the frame as wide as 80
        pixels = np.repeat(pixels, 2, axis=1)
    return through_dac(vga, attr_lookup(vga)[pixels & (vga.attr[0x12] & 0x0F)])


def _cursor_cells(vga: VgaHardware, cells: np.ndarray, scan: np.ndarray) -> np.ndarray:
    """[lines, cols] where the cursor shows: the cell at the cursor location (moved right
    by the skew, 0Bh bits 5-6) on the lines from cursor start to end (0Ah bit 5 hides
    it, and so does a start past the end)."""
    start, end = vga.crtc[0x0A], vga.crtc[0x0B]
    if start & 0x20 or (start & 0x1F) > (end & 0x1F):
        return np.zeros(cells.shape, dtype=bool)
    at = (((vga.crtc[0x0E] << 8) | vga.crtc[0x0F]) + ((end >> 5) & 3)) & (TEXT_WORDS - 1)
    on_line = (scan >= (start & 0x1F)) & (scan <= (end & 0x1F))
    return (cells == at) & on_line[:, None]


def _text_pan(vga: VgaHardware, lines: int, split: int, nine: bool) -> np.ndarray:
    """[lines, 1] dots each line shifts left (attribute 13h): in 9-dot cells 8 is no
    shift and 0-7 shift by 1-8; below the split none if mode control bit 5 says so."""
    value = vga.attr[0x13] & 0x0F
    if nine:
        pan = 0 if value >= 8 else value + 1
    else:
        pan = value if value < 8 else 0
    shift = np.full(lines, pan, dtype=np.int64)
    if vga.attr[0x10] & 0x20:
        shift[split:] = 0
    return shift[:, None]


def cga_frame(mem: bytes, bpp: int, colours: list[int], vga: VgaHardware) -> np.ndarray:
    """Modes 04h-06h: 200 lines, two to a CRTC row, the odd ones 2000h further (the row
    scan replaces address bit 13); rows from the start address (in words, or bytes in
    byte mode), and from address 0 below the line compare split. `mem`: 32 KiB at B8000."""
    raw = np.frombuffer(mem, dtype=np.uint8)
    y = np.arange(200)
    split = min(200, -(-(vga.line_compare() + 1) // 2))  # every line is scanned twice
    below = y >= split
    v = np.where(below, y - split, y)
    start = np.where(below, 0, vga.start_address() + vga.byte_pan())
    unit = 1 if vga.crtc[0x17] & 0x40 else 2
    row = (start + (v >> 1) * vga.crtc[0x13] * 2) * unit
    at = row[:, None] + np.arange(80)[None, :]
    lines = raw[((at & ~0x2000) | ((v & 1) << 13)[:, None]) & 0x7FFF]
    bits = np.unpackbits(lines, axis=1)  # [200, 640]
    if bpp == 2:
        index = bits[:, 0::2] * 2 + bits[:, 1::2]  # [200, 320]
    else:
        index = bits
    colour = np.array(colours, dtype=np.uint8)[index]
    return through_dac(vga, attr_lookup(vga)[colour])


def row_addresses(vga: VgaHardware, height: int) -> np.ndarray:
    """[height] plane addresses each line of pixels starts at: from the CRTC start address
    (and byte panning) every offset register's pitch, and from 0 again below the line
    compare split."""
    rows, split, line = np.arange(height), vga.split_row(height), vga.line_bytes()
    upper = vga.start_address() + vga.byte_pan() + rows * line
    return np.where(rows < split, upper, (rows - split) * line) & 0xFFFF


def pixel_pan(vga: VgaHardware, height: int, bits8: bool) -> np.ndarray:
    """[height, 1] pixels each line is shifted left by (attribute register 13h); in
    the 256-colour modes a unit is half a pixel. The lines below the split are not
    panned when the attribute mode control's bit 5 says so."""
    value = vga.attr[0x13] & 0x0F
    pan = (value >> 1) & 3 if bits8 else (value if value < 8 else 0)
    shift = np.full(height, pan, dtype=np.int64)
    if vga.attr[0x10] & 0x20:
        shift[vga.split_row(height):] = 0
    return shift[:, None]


def planar_frame(vga: VgaHardware, width: int, height: int) -> np.ndarray:
    """The 16-colour planar modes: one bit per plane per pixel, a byte further for panning."""
    offsets = (row_addresses(vga, height)[:, None] + np.arange(width // 8 + 1)[None, :]) & 0xFFFF
    x = np.arange(width)[None, :] + pixel_pan(vga, height, False)
    index = np.zeros((height, width), dtype=np.uint8)
    enable = vga.attr[0x12] & 0x0F
    for p in range(4):
        if enable & (1 << p):
            plane = np.frombuffer(bytes(vga.planes[p]), dtype=np.uint8)
            bits = np.unpackbits(plane[offsets], axis=1)
            index |= np.take_along_axis(bits, x, axis=1) << p
    return through_dac(vga, attr_lookup(vga)[index])


def chained_frame(vga: VgaHardware, width: int, height: int, ram_view: bytes | None) -> np.ndarray:
    """The 256-colour modes (13h and mode X): every character clock four pixels, one from
    each plane, at the CRTC's address shifted by its addressing mode (doubleword in mode
    13h, byte in mode X); from RAM in chain-4 order while the planes are not hooked."""
    x = np.arange(width)[None, :] + pixel_pan(vga, height, True)
    clock = row_addresses(vga, height)[:, None] + (x >> 2)
    shift = 2 if vga.crtc[0x14] & 0x40 else 0 if vga.crtc[0x17] & 0x40 else 1
    offset = (clock << shift) & 0xFFFF
    if ram_view is not None:
        index = np.frombuffer(ram_view, dtype=np.uint8)[(offset & 0xFFFC) | (x & 3)]
    else:
        stacked = np.stack([np.frombuffer(bytes(p), dtype=np.uint8) for p in vga.planes])
        index = stacked[x & 3, offset]
    return through_dac(vga, index)


def unchained_frame(vga: VgaHardware, width: int, height: int) -> np.ndarray:
    """Mode X: the same fetch from the planes."""
    return chained_frame(vga, width, height, None)


def linear_frame(mem: bytes | memoryview, width: int, height: int, bpp: int, pitch: int,
                 vga: VgaHardware) -> np.ndarray:
    """A VESA linear framebuffer: 8 bits through the DAC, 16 bits 5:6:5, 32 bits xRGB.
    A line is `pitch` bytes long (the logical scan line), of which the screen shows the first."""
    shown = width * bpp // 8
    flat = np.frombuffer(mem, dtype=np.uint8)[: pitch * (height - 1) + shown]
    raw = np.lib.stride_tricks.as_strided(flat, shape=(height, shown), strides=(pitch, 1), writeable=False)
    if bpp == 8:
        return through_dac(vga, raw[:, :width])
    if bpp == 16:
        px = raw[:, : width * 2].view("<u2").astype(np.uint32)
        r, g, b = (px >> 11) & 0x1F, (px >> 5) & 0x3F, px & 0x1F
        return np.stack([(r * 255 + 15) // 31, (g * 255 + 31) // 63, (b * 255 + 15) // 31], axis=2).astype(np.uint8)
    px = raw[:, : width * 4].reshape(height, width, 4)
    return px[:, :, 2::-1].copy()


def to_png(frame: np.ndarray, path) -> None:
    from PIL import Image

    Image.fromarray(frame, "RGB").save(path)


# Load the fonts with this module: a server imports it before it forks sessions
# (which may not load libraries such as Pillow's FreeType once their memory is
# limited), so every session then draws with the same glyphs.
for _height in (8, 14, 16):
    glyph_bits(_height)
