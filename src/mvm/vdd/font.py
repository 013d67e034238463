"""The character sets of the video BIOS: 8x8, 8x14 and 8x16, code page 437.

No font data is shipped with the package. A font is taken, in this order, from:

1. the Linux console fonts of the host (`/usr/share/consolefonts/*.psf[.gz]`, as the
   Debian package `console-setup-linux` installs them), gathered glyph by glyph
   through each font's Unicode table, the VGA-shaped fonts (`*-VGA16`: a VGA
   ROM's glyphs) first, so every code page 437 character comes from the best
   font that has it; the few none has are drawn as below;
2. a monospaced TrueType font of the host (DejaVu Sans Mono, free to use and
   redistribute) rasterised with Pillow into the cell;
3. a procedural fallback: a solid block for every printable character, so that
   rendering still shows where text is.

Each font is 256 glyphs of `height` bytes, one byte per row, bit 7 leftmost: the
layout the BIOS ROM tables have, so the bytes go into the ROM as they are.
"""

from __future__ import annotations

import gzip
import struct
from functools import cache
from pathlib import Path

CONSOLE_FONTS = Path("/usr/share/consolefonts")
TTF_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"),
)
HEIGHTS = (8, 14, 16)

# Code page 437 as Unicode, control codes drawn as pictures.
_CP437_LOW = " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"
CP437 = [_CP437_LOW[i] if i < 32 else bytes([i]).decode("cp437") for i in range(256)]
CP437[0x7F] = "⌂"


def _parse_psf(data: bytes) -> tuple[int, list[bytes], dict[str, int]] | None:
    """(height, glyphs, unicode -> glyph) of a PSF1 or PSF2 font of width 8."""
    if data[:2] == b"\x36\x04":
        mode, height = data[2], data[3]
        count = 512 if mode & 1 else 256
        glyphs = [data[4 + i * height: 4 + (i + 1) * height] for i in range(count)]
        table: dict[str, int] = {}
        if mode & 2:  # Unicode table: per glyph, UCS-2 values ended by FFFF
            pos = 4 + count * height
            for index in range(count):
                while pos + 2 <= len(data):
                    (u,) = struct.unpack_from("<H", data, pos)
                    pos += 2
                    if u == 0xFFFF:
                        break
                    if u != 0xFFFE:
                        table.setdefault(chr(u), index)
        return height, glyphs, table
    if data[:4] == b"\x72\xb5\x4a\x86":
        _, header, flags, count, size, height, width = struct.unpack_from("<7I", data, 4)
        if width != 8 or size != height:
            return None
        glyphs = [data[header + i * size: header + (i + 1) * size] for i in range(count)]
        table = {}
        if flags & 1:  # UTF-8 sequences per glyph, ended by FFh
            pos = header + count * size
            for index in range(count):
                end = data.index(b"\xff", pos)
                for part in data[pos:end].split(b"\xfe")[0:1]:
                    for ch in part.decode("utf-8", "replace"):
                        table.setdefault(ch, index)
                pos = end + 1
        return height, glyphs, table
    return None


# Characters some console fonts list under a neighbouring code point.
_ALIASES = {"►": "▶", "◄": "◀", "↕": "⇕", "∟": "⌙", "⌂": "△"}


def _console_font_files(height: int) -> list[Path]:
    """The host's console fonts of the cell height, the VGA-shaped ones first (console-setup's
    `*-VGA16.psf.gz` have the glyphs of a VGA's ROM), outline-derived ones (Terminus) last."""
    if not CONSOLE_FONTS.is_dir():
        return []
    files = [p for p in sorted(CONSOLE_FONTS.glob("*.psf*")) if p.name.split(".")[0].endswith(str(height))]

    def rank(path: Path) -> tuple[int, int]:
        name = path.name.split(".")[0]
        vga = name.endswith(f"-VGA{height}")
        return (0 if vga else 1 if "Terminus" not in name else 2, 0 if name.startswith("Uni2-") else 1)

    return sorted(files, key=rank)


def _load_psf(path: Path) -> tuple[int, list[bytes], dict[str, int]] | None:
    try:
        raw = path.read_bytes()
        return _parse_psf(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    except (OSError, ValueError, EOFError, struct.error):
        return None


def _from_console_fonts(height: int) -> tuple[bytes, set[int]] | None:
    """Code page 437 gathered glyph by glyph from the host's console fonts: each character from
    the first font (in `_console_font_files` order) that has it. Returns the set and the codes
    no font had; None when the fonts give too little to be a code page 437 font."""
    out = bytearray(256 * height)
    missing = set(range(1, 256)) - {0x20, 0xFF}
    for path in _console_font_files(height):
        parsed = _load_psf(path)
        if parsed is None or parsed[0] != height or not parsed[2]:
            continue
        _, glyphs, table = parsed
        for code in sorted(missing):
            ch = CP437[code]
            index = table.get(ch, table.get(_ALIASES.get(ch, ""), -1))
            if 0 <= index < len(glyphs):
                out[code * height:(code + 1) * height] = glyphs[index]
                missing.discard(code)
        if not missing:
            break
    if len(missing) > 56:
        return None
    return bytes(out), missing


def _from_truetype(height: int) -> bytes | None:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        return None
    path = next((p for p in TTF_CANDIDATES if p.exists()), None)
    if path is None:
        return None
    try:
        if height == 8:  # too few pixels for the outline font: halve the 8x16 set instead
            tall = _rasterise(path, 16, Image, ImageDraw, ImageFont)
            half = bytearray(tall[i] | tall[i + 1] for i in range(0, len(tall), 2))
            _block_graphics(half, 8)
            return bytes(half)
        return _rasterise(path, height, Image, ImageDraw, ImageFont)
    except (OSError, MemoryError):  # FreeType missing, or a session's memory limit: fall back
        return None


def _rasterise(path: Path, height: int, Image, ImageDraw, ImageFont) -> bytes:
    size = height + 2
    while True:  # the largest size whose letters (without accents) fit the cell
        font = ImageFont.truetype(str(path), size=size)
        top_px, bottom_px = font.getbbox("Mgjy|")[1], font.getbbox("Mgjy|")[3]
        if (bottom_px - top_px <= height and font.getlength("M") <= 8) or size <= 6:
            break
        size -= 1
    top = -top_px + (height - (bottom_px - top_px)) // 2
    out = bytearray()
    for code, ch in enumerate(CP437):
        img = Image.new("L", (8, height), 0)
        if code not in (0, 0x20, 0xFF):
            draw = ImageDraw.Draw(img)
            draw.text((0, top), ch, fill=255, font=font)
        pixels = img.tobytes()
        for y in range(height):
            row = pixels[y * 8:(y + 1) * 8]
            out.append(sum(0x80 >> x for x in range(8) if row[x] >= 128))
    _block_graphics(out, height)
    return bytes(out)


def _block_graphics(out: bytearray, height: int) -> None:
    """Draw the shade and block characters exactly: they tile across cells."""
    def put(code: int, rows: list[int]) -> None:
        out[code * height:(code + 1) * height] = bytes(rows)

    put(0xDB, [0xFF] * height)
    put(0xDC, [0] * (height // 2) + [0xFF] * (height - height // 2))
    put(0xDF, [0xFF] * (height // 2) + [0] * (height - height // 2))
    put(0xDD, [0xF0] * height)
    put(0xDE, [0x0F] * height)
    put(0xB0, [0x88 if y % 2 else 0x22 for y in range(height)])
    put(0xB1, [0xAA if y % 2 else 0x55 for y in range(height)])
    put(0xB2, [0x77 if y % 2 else 0xDD for y in range(height)])


def _procedural(height: int) -> bytes:
    """A block per printable glyph, blank for space and code 0."""
    out = bytearray(256 * height)
    for code in range(256):
        if code in (0, 0x20, 0xFF):
            continue
        for y in range(1, height - 1):
            out[code * height + y] = 0x7E
    _block_graphics(out, height)
    return bytes(out)


@cache
def font(height: int) -> bytes:
    """The 256 glyphs of the 8 x `height` character set (256 * height bytes)."""
    if height not in HEIGHTS:
        raise ValueError(f"no 8x{height} font")
    console = _from_console_fonts(height)
    if console is None:
        return _from_truetype(height) or _procedural(height)
    glyphs, missing = console
    if not missing:
        return glyphs
    fallback = _from_truetype(height) or _procedural(height)
    out = bytearray(glyphs)
    for code in missing:  # the few characters no console font has, drawn the other way
        out[code * height:(code + 1) * height] = fallback[code * height:(code + 1) * height]
    return bytes(out)


@cache
def glyph_bits(height: int):
    """The font as a numpy array [256, height, 8] of 0/1, for rendering."""
    import numpy as np

    data = np.frombuffer(font(height), dtype=np.uint8).reshape(256, height)
    return np.unpackbits(data[:, :, None], axis=2)
