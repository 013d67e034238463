"""Turning video memory into an RGB frame: a numpy array [height, width, 3] of uint8.

Every mode goes through the same last step the card's DAC does: a colour index
(after the attribute controller's palette for the 16-colour modes) picks one of
256 DAC entries of 6 bits per component, scaled here to 8 bits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .font import glyph_bits

if TYPE_CHECKING:
    from .vga import VgaHardware


SEQ_DOT_CLOCK_HALF = 0x08  # sequencer clocking mode bit 3: the dot clock divided by two


def dac_rgb(vga: VgaHardware) -> np.ndarray:
    """The DAC as [256, 3] 8-bit colours: the 6 bits repeated into the low ones, as
    a video DAC's full scale maps 3Fh to FFh."""
    dac = np.array(vga.dac, dtype=np.uint8) & 0x3F
    return (dac << 2) | (dac >> 4)


def attr_lookup(vga: VgaHardware) -> np.ndarray:
    """[16] DAC indexes of the 16 colours through the attribute palette."""
    pal = np.frombuffer(bytes(vga.attr[:16]), dtype=np.uint8) & 0x3F
    mode_ctl, color_sel = vga.attr[0x10], vga.attr[0x14]
    if mode_ctl & 0x80:  # P5-P4 come from the colour select register
        pal = (pal & 0x0F) | ((color_sel & 3) << 4)
    return (pal | ((color_sel & 0x0C) << 4)).astype(np.uint8)


def text_frame(cells: bytes, cols: int, rows: int, height: int, vga: VgaHardware,
               cursor: tuple[int, int] | None, cursor_shape: tuple[int, int],
               blink_on: bool = True, mono: bool = False, font: bytes | None = None) -> np.ndarray:
    """A text page: `cells` is rows*cols (character, attribute) pairs.

    With blinking enabled (attribute mode control bit 3) bit 7 of an attribute
    blinks the character and the background has 8 colours; `blink_on` is the
    phase. The cursor is drawn in the foreground colour from its start to end line.
    A halved dot clock (the 40-column modes) draws every dot twice, so the frame has
    the width of an 80-column one. `mono` reads the attributes as a monochrome adapter does (mode 7). `font`, when
    given, is a loaded character set: 256 glyphs of 32 bytes (as in plane 2).
    """
    data = np.frombuffer(cells, dtype=np.uint8)[: rows * cols * 2].reshape(rows, cols, 2)
    chars, attrs = data[:, :, 0], data[:, :, 1]
    underline = None
    if mono:
        attrs, underline = mono_attributes(attrs)
    fg = attrs & 0x0F
    bg = attrs >> 4
    blink = bool(vga.attr[0x10] & 8)
    if font is None:
        table = glyph_bits(height)
    else:
        rows32 = np.frombuffer(font, dtype=np.uint8).reshape(256, 32)[:, :height]
        table = np.unpackbits(rows32[:, :, None], axis=2)
    glyphs = table[chars].copy()  # [rows, cols, height, 8]
    if blink:
        blinking = bg >= 8
        bg = bg & 7
        if not blink_on:
            glyphs[blinking] = 0
    if underline is not None:
        glyphs[underline, height - 2 if height > 8 else height - 1, :] = 1
    if cursor is not None:
        row, col = cursor
        start, end = cursor_shape
        if blink_on and 0 <= row < rows and 0 <= col < cols and not start & 0x20 and start <= end:
            glyphs[row, col, start:min(end, height - 1) + 1, :] = 1
    index = np.where(glyphs == 1, fg[:, :, None, None], bg[:, :, None, None])
    pixels = index.transpose(0, 2, 1, 3).reshape(rows * height, cols * 8)
    if vga.seq[1] & SEQ_DOT_CLOCK_HALF:  # 40 columns: each dot twice as wide, the frame as wide as 80
        pixels = np.repeat(pixels, 2, axis=1)
    return dac_rgb(vga)[attr_lookup(vga)[pixels]]


def mono_attributes(attrs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Monochrome attributes as colour ones, and which cells are underlined.

    Foreground and background 0 is blank, background 7 with foreground 0 is
    reverse video, anything else light grey (white with bit 3) on black; a
    foreground of 1 underlines.
    """
    fg, bg = attrs & 0x07, (attrs >> 4) & 0x07
    bright, blink = attrs & 0x08, attrs & 0x80
    reverse = (fg == 0) & (bg == 7)
    blank = (fg == 0) & (bg == 0)
    colour = np.where(reverse, 0x70, np.where(blank, 0x00, 0x07 | bright)) | blink
    return colour.astype(np.uint8), fg == 1


def cga_frame(mem: bytes, bpp: int, colours: list[int], vga: VgaHardware) -> np.ndarray:
    """Modes 04h-06h: 200 lines interleaved (even lines at 0, odd at 2000h)."""
    raw = np.frombuffer(mem, dtype=np.uint8)
    lines = np.empty((200, 80), dtype=np.uint8)
    lines[0::2] = raw[:8000].reshape(100, 80)
    lines[1::2] = raw[0x2000:0x2000 + 8000].reshape(100, 80)
    bits = np.unpackbits(lines, axis=1)  # [200, 640]
    if bpp == 2:
        index = bits[:, 0::2] * 2 + bits[:, 1::2]  # [200, 320]
    else:
        index = bits
    colour = np.array(colours, dtype=np.uint8)[index]
    return dac_rgb(vga)[attr_lookup(vga)[colour]]


def row_addresses(vga: VgaHardware, height: int) -> np.ndarray:
    """[height] plane addresses each line of pixels starts at: from the CRTC start address
    every offset register's pitch, and from 0 again below the line compare split."""
    rows, split, line = np.arange(height), vga.split_row(height), vga.line_bytes()
    upper = vga.start_address() + rows * line
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
    return dac_rgb(vga)[attr_lookup(vga)[index]]


def chained_frame(vga: VgaHardware, width: int, height: int, ram_view: bytes | None) -> np.ndarray:
    """Mode 13h: one byte per pixel, from RAM or from the planes in chain-4 order."""
    count = width * height
    start = vga.start_address() * 4
    if ram_view is not None:
        raw = np.frombuffer(ram_view, dtype=np.uint8)
        addr = (start + np.arange(count)) & 0xFFFF
        index = raw[addr]
    else:
        addr = (start + np.arange(count)) & 0xFFFF
        stacked = np.stack([np.frombuffer(bytes(p), dtype=np.uint8) for p in vga.planes])
        index = stacked[addr & 3, addr & 0xFFFC]
    index = index & vga.dac_mask
    return dac_rgb(vga)[index.reshape(height, width)]


def unchained_frame(vga: VgaHardware, width: int, height: int) -> np.ndarray:
    """Mode X: pixel x of a line (after panning) in plane x mod 4, at byte x / 4 of the line."""
    x = np.arange(width)[None, :] + pixel_pan(vga, height, True)
    offsets = (row_addresses(vga, height)[:, None] + (x >> 2)) & 0xFFFF
    stacked = np.stack([np.frombuffer(bytes(p), dtype=np.uint8) for p in vga.planes])
    index = stacked[x & 3, offsets] & vga.dac_mask
    return dac_rgb(vga)[index]


def linear_frame(mem: bytes | memoryview, width: int, height: int, bpp: int, pitch: int,
                 vga: VgaHardware) -> np.ndarray:
    """A VESA linear framebuffer: 8 bits through the DAC, 16 bits 5:6:5, 32 bits xRGB."""
    raw = np.frombuffer(mem, dtype=np.uint8)[: pitch * height].reshape(height, pitch)
    if bpp == 8:
        return dac_rgb(vga)[raw[:, :width]]
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
