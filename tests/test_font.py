"""Where the character sets come from: the host's console fonts, gathered glyph by glyph
with the VGA-shaped fonts first; what none has is drawn another way."""

from __future__ import annotations

import gzip
import struct

import pytest

from mvm.vdd import font as fonts


def psf2(glyphs: dict[str, bytes], height: int) -> bytes:
    """A PSF2 font of 8-dot glyphs with a Unicode table: one glyph per character given."""
    chars = list(glyphs)
    header = struct.pack("<4s7I", b"\x72\xb5\x4a\x86", 0, 32, 1, len(chars), height, height, 8)
    table = b"".join(ch.encode() + b"\xff" for ch in chars)
    return header + b"".join(glyphs[ch] for ch in chars) + table


@pytest.fixture
def console_fonts(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "CONSOLE_FONTS", tmp_path)
    fonts.font.cache_clear()
    yield tmp_path
    fonts.font.cache_clear()
    fonts.glyph_bits.cache_clear()


def full_set(mark: int, height: int) -> dict[str, bytes]:
    """Every code page 437 character drawn as `mark` on each line."""
    return {ch: bytes([mark]) * height for ch in fonts.CP437[1:]}


def test_the_vga_font_wins_and_others_fill_its_gaps(console_fonts):
    vga = full_set(0x11, 8)
    del vga["A"], vga["►"]
    vga["▶"] = b"\x33" * 8  # listed under the neighbouring arrow: still taken for ►
    (console_fonts / "Uni2-VGA8.psf.gz").write_bytes(gzip.compress(psf2(vga, 8)))
    (console_fonts / "Lat2-Fixed8.psf").write_bytes(psf2(full_set(0x22, 8), 8))  # not VGA-shaped: second
    (console_fonts / "Lat2-Terminus8.psf").write_bytes(psf2(full_set(0x44, 8), 8))  # outline-made: last
    (console_fonts / "Uni2-VGA16.psf").write_bytes(psf2(full_set(0x55, 16), 16))  # another height: unused
    glyphs = fonts.font(8)

    def glyph(ch: str) -> bytes:
        code = fonts.CP437.index(ch)
        return glyphs[code * 8:(code + 1) * 8]

    assert glyph("B") == b"\x11" * 8 and glyph("A") == b"\x22" * 8
    assert glyph("►") == b"\x33" * 8
    assert glyphs[:8] == bytes(8) and glyph(" ") == bytes(8)  # code 0 and space are blank


def test_too_few_characters_fall_back_to_another_source(console_fonts):
    (console_fonts / "Tiny-VGA14.psf").write_bytes(psf2({"A": b"\x7f" * 14}, 14))
    glyphs = fonts.font(14)
    assert len(glyphs) == 256 * 14
    assert glyphs[ord("A") * 14:][:14] != b"\x7f" * 14  # a font of one letter is no code page 437 font
    assert glyphs[0xDB * 14:][:14] == b"\xff" * 14  # the full block is exact in every source


def test_unreadable_fonts_are_skipped(console_fonts):
    (console_fonts / "Broken-VGA16.psf.gz").write_bytes(b"not gzip at all")
    (console_fonts / "Short-VGA16.psf").write_bytes(b"\x72\xb5\x4a\x86\x00")
    assert len(fonts.font(16)) == 256 * 16


@pytest.mark.skipif(not (fonts.CONSOLE_FONTS / "Uni2-VGA16.psf.gz").exists(),
                    reason="console-setup's fonts are not installed")
def test_the_host_vga_font_gives_the_letters():
    """With console-setup's fonts installed (as the README's setup does), letters are the VGA's."""
    _, glyphs, table = fonts._load_psf(fonts.CONSOLE_FONTS / "Uni2-VGA16.psf.gz")
    ours = fonts.font(16)
    for ch in "Aa0?":
        assert ours[ord(ch) * 16:(ord(ch) + 1) * 16] == glyphs[table[ch]]
