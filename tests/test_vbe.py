"""The VESA BIOS extensions: guest programs call 4Fxxh and draw; their frames are
checked pixel for pixel against pictures computed here, and the registers they got
are checked by the programs themselves (the exit code names the first check that
failed)."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import assemble
from mvm import Machine
from mvm.vdd.font import glyph_bits

# The default DAC's 16 colours as a VGA shows them: 6-bit values scaled to 8 bits.
RED, GREEN, YELLOW = (170, 0, 0), (0, 170, 0), (255, 255, 85)


@pytest.fixture
def drawn(tmp_path, engine):
    """drawn("name") runs tests/guest/name.asm; returns (result, frame, video)."""

    def run(name: str, defines: dict[str, str] | None = None):
        program = assemble(name, tmp_path, defines=defines)
        machine = Machine({"C": str(tmp_path)}, engine=engine)
        try:
            result = machine.run(program.name, [], timeout=20)
            video = machine.vdd("VVIDEO")
            return result, video.frame(), video
        finally:
            machine.close()

    return run


def passed(result) -> None:
    assert result.status == "exited", result.report
    assert result.exit_code == 0, f"check {result.exit_code} failed"


def dac6(red: int, green: int, blue: int) -> tuple[int, int, int]:
    """A 6-bit DAC entry as the screen shows it."""
    return tuple((c << 2) | (c >> 4) for c in (red, green, blue))


def test_scan_line_length_and_display_start(drawn):
    """4F06h sets a 1024-pixel scan line; INT 10h pixels, teletype and the window draw
    at that pitch; 4F07h shows the framebuffer from pixel 100 of line 1."""
    result, frame, video = drawn("vbe_pitch")
    passed(result)
    assert (video.vbe_pitch, video.vbe_start) == (1024, (100, 1))
    memory = np.zeros((4096, 1024, 3), dtype=np.uint8)  # the framebuffer's lines, as colours
    memory[3, 150] = RED
    memory[5, 700] = GREEN
    glyph = glyph_bits(16)[ord("A")]
    memory[0:16, 104:112][glyph == 1] = YELLOW
    expect = memory[1:481, 100:740]
    assert frame.shape == (480, 640, 3)
    assert np.array_equal(frame, expect)


def test_eight_bit_dac(drawn):
    """4F08h switches the DAC to 8 bits: the ports, 4F09h and INT 10h/10xxh take whole
    bytes, and the screen shows them unscaled."""
    result, frame, video = drawn("vbe_dac")
    passed(result)
    assert video.vga.dac_bits == 8
    assert [tuple(frame[0, x]) for x in range(3)] == [(200, 100, 50), (255, 128, 10), (250, 5, 130)]
    frame[0, 0:3] = 0
    assert not frame.any()


def test_save_and_restore_the_vesa_state(drawn):
    """4F04h saves the VGA's parts (as INT 10h/1Ch) and the VESA state; a restore after
    another mode brings back the mode, pitch, display start, bank and 8-bit DAC."""
    from mvm.vdd.vbe import VesaBios
    from mvm.vdd.video import state_size

    blocks = -(-(state_size(7) + VesaBios.VESA_STATE.size) // 64)
    result, frame, video = drawn("vbe_state", defines={"BLOCKS": str(blocks)})
    passed(result)
    assert (video.vbe_mode, video.vbe_pitch, video.vbe_start, video.vga.dac_bits) == (0x101, 800, (0, 10), 8)
    assert frame.shape == (480, 640, 3)
    assert tuple(frame[0, 3]) == (250, 1, 2)  # the pixel drawn on line 10, in the 8-bit colour
    frame[0, 3] = 0
    assert not frame.any()


def test_protected_mode_interface(drawn):
    """4F0Ah's 32-bit code, called from protected mode, sets the window, the palette and
    the display start (through VVIDEO's port); real mode then sees and draws with them."""
    result, frame, video = drawn("vbe_pm")
    passed(result)
    expect = np.zeros((480, 640, 3), dtype=np.uint8)
    expect[0, 5] = dac6(10, 40, 20)  # entry 8, at line 1 of memory: the screen starts there
    expect[203, 512] = dac6(63, 0, 32)  # entry 7, at byte 20000h of memory (bank 2)
    assert np.array_equal(frame, expect)


# The VESA modes a program finds, as the VBE standard numbers them: (width, height, bits).
STANDARD_MODES = {
    0x100: (640, 400, 8), 0x101: (640, 480, 8), 0x103: (800, 600, 8), 0x105: (1024, 768, 8),
    0x10E: (320, 200, 16), 0x10F: (320, 200, 32), 0x111: (640, 480, 16), 0x112: (640, 480, 32),
    0x114: (800, 600, 16), 0x115: (800, 600, 32), 0x117: (1024, 768, 16), 0x118: (1024, 768, 32),
}


def test_mode_list_and_mode_info(drawn, tmp_path):
    """4F00h lists the modes and 4F01h describes each as VBE 2.0 does; mode 118h's last
    pixel is reached through the window's last bank."""
    import struct

    from mvm.vdd.vbe import LFB_BASE

    result, frame, _ = drawn("vbe_modes")
    passed(result)
    out = (tmp_path / "MODES.BIN").read_bytes()
    info, out = out[:512], out[512:]
    assert info[:4] == b"VESA" and struct.unpack_from("<H", info, 4)[0] == 0x0200
    assert info[10] & 1  # the DAC can switch to 8 bits
    assert struct.unpack_from("<H", info, 18)[0] == 64  # 4 MiB in 64 KiB units
    modes = {}
    while True:
        number, = struct.unpack_from("<H", out)
        if number == 0xFFFF:
            break
        modes[number], out = out[2:258], out[258:]
    assert out == b"\xff\xff"
    assert set(modes) == set(STANDARD_MODES)
    for number, block in modes.items():
        width, height, bpp = STANDARD_MODES[number]
        attributes, win_a, win_b, granularity, size, segment = struct.unpack_from("<HBBHHH", block)
        assert attributes & 0x99 == 0x99, hex(number)  # supported, colour, graphics, linear framebuffer
        assert (win_a, win_b, granularity, size, segment) == (0x07, 0, 64, 64, 0xA000), hex(number)
        assert struct.unpack_from("<H", block, 0x0E)[0] == 0xF000  # WinFuncPtr: in the BIOS
        pitch, = struct.unpack_from("<H", block, 0x10)
        assert pitch == width * bpp // 8
        assert struct.unpack_from("<HH", block, 0x12) == (width, height)
        assert (block[0x18], block[0x19], block[0x1B]) == (1, bpp, 4 if bpp == 8 else 6)
        assert block[0x1D] == min((4 << 20) // (pitch * height) - 1, 255)  # image pages beyond the first
        assert struct.unpack_from("<I", block, 0x28)[0] == LFB_BASE
        if bpp == 16:
            assert tuple(block[0x1F:0x25]) == (5, 11, 6, 5, 5, 0)
        elif bpp == 32:
            assert tuple(block[0x1F:0x27]) == (8, 16, 8, 8, 8, 0, 8, 24)
    assert frame.shape == (768, 1024, 3)
    assert tuple(frame[767, 1023]) == (255, 255, 255)
    frame[767, 1023] = 0
    assert not frame.any()


@pytest.mark.parametrize(("mode", "colour", "rgb"), [
    (0x10E, 0x001F, (0, 0, 255)), (0x10F, 0x00FF00, (0, 255, 0)), (0x105, 0x0C, (255, 85, 85)),
    (0x117, 0xFFE0, (255, 255, 0)), (0x118, 0x808080, (128, 128, 128)),
])
def test_more_modes_geometry_and_pixels(tmp_path, engine, mode, colour, rgb):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        video = machine.vdd("VVIDEO")
        assert video.set_vbe_mode(mode, True)
        width, height, _ = STANDARD_MODES[mode]
        video.set_pixel(width - 1, height - 1, colour)
        assert video.get_pixel(width - 1, height - 1) == colour
        frame = video.frame()
    finally:
        machine.close()
    assert frame.shape == (height, width, 3)
    assert tuple(frame[height - 1, width - 1]) == rgb
    frame[height - 1, width - 1] = 0
    assert not frame.any()


# Entries of the 256-colour palette a VGA BIOS loads, in 6-bit values (red, green, blue),
# as published tables of the IBM VGA's default palette give them.
VGA_DEFAULT_ENTRIES = {
    6: (42, 21, 0), 23: (24, 24, 24), 31: (63, 63, 63),
    33: (16, 0, 63), 34: (31, 0, 63), 35: (47, 0, 63), 40: (63, 0, 0), 44: (63, 63, 0), 52: (0, 63, 63),
    61: (63, 31, 55), 81: (49, 45, 63), 82: (54, 45, 63), 83: (58, 45, 63), 120: (0, 28, 0),
    129: (17, 14, 28), 130: (21, 14, 28), 131: (24, 14, 28), 157: (28, 20, 26),
    225: (12, 11, 16), 226: (13, 11, 16), 227: (15, 11, 16), 247: (11, 12, 16), 250: (0, 0, 0),
}


def test_default_256_colour_palette(tmp_path, engine):
    """Mode 13h shows the VGA BIOS's palette: the hue steps rounded as a VGA has them."""
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        video = machine.vdd("VVIDEO")
        video.set_mode(0x13)
        for x, entry in enumerate(VGA_DEFAULT_ENTRIES):
            video.set_pixel(x, 0, entry)
        frame = video.frame()
    finally:
        machine.close()
    for x, rgb in enumerate(VGA_DEFAULT_ENTRIES.values()):
        assert tuple(frame[0, x]) == dac6(*rgb), f"entry {list(VGA_DEFAULT_ENTRIES)[x]}"


class Regs:
    """The registers of one INT 10h call, for calling the BIOS directly."""

    def __init__(self, **values: int) -> None:
        self.ax = self.bx = self.cx = self.dx = self.es = self.di = 0
        self.__dict__.update(values)

    @property
    def al(self) -> int:
        return self.ax & 0xFF

    @property
    def bl(self) -> int:
        return self.bx & 0xFF

    @property
    def bh(self) -> int:
        return self.bx >> 8


@pytest.mark.parametrize(("mode", "function", "wanted", "pitch", "pixels"), [
    (0x111, 0x02, 1282, 1284, 642),  # bytes, to whole dwords: 642 pixels of 2 bytes
    (0x111, 0x00, 100, 1280, 640),  # never shorter than the screen
    (0x112, 0x00, 700, 2800, 700),
    (0x10F, 0x02, 20972, None, None),  # 20972 bytes x 200 lines: past 4 MiB
])
def test_scan_line_in_direct_colour_modes(tmp_path, engine, mode, function, wanted, pitch, pixels):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        video = machine.vdd("VVIDEO")
        video.set_vbe_mode(mode, True)
        regs = Regs(ax=0x4F06, bx=function, cx=wanted)
        video._vbe(regs)
        if pitch is None:
            assert regs.ax == 0x024F and video.vbe_pitch == video.gfx.width * video.gfx.bpp // 8
            return
        assert (regs.ax, regs.bx, regs.cx, regs.dx) == (0x004F, pitch, pixels, (4 << 20) // pitch)
        video.set_pixel(1, 1, 0xFFFFFFFF)  # white in 5:6:5 and x:8:8:8 alike
        frame = video.frame()
    finally:
        machine.close()
    assert video.vbe.view[pitch + video.gfx.bpp // 8] == 0xFF  # line 1 starts a pitch in
    assert tuple(frame[1, 1]) == (255, 255, 255)
    frame[1, 1] = 0
    assert not frame.any()
