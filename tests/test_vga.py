"""The VGA: guest programs draw in each mode family; their frames are checked pixel
for pixel against pictures computed here from what the programs drew, and the
graphics controller's write and read modes are checked at the register level."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import assemble, run_cli
from mvm import Machine
from mvm.vdd.font import glyph_bits
from mvm.vdd.vga import VgaHardware

# The 16 colours of a VGA in 8 bits per component: 0, AAh, 55h and FFh levels.
COLOURS16 = np.array([
    (0, 0, 0), (0, 0, 170), (0, 170, 0), (0, 170, 170), (170, 0, 0), (170, 0, 170), (170, 85, 0),
    (170, 170, 170), (85, 85, 85), (85, 85, 255), (85, 255, 85), (85, 255, 255), (255, 85, 85),
    (255, 85, 255), (255, 255, 85), (255, 255, 255)], dtype=np.uint8)


def cell9(ch: int, attr: int, height: int = 16) -> np.ndarray:
    """[height, 9, 3] a 9-dot text cell of the ROM font: the 9th dot the background, or the
    8th again for the line graphics C0h-DFh."""
    bits = glyph_bits(height)[ch]
    bits = np.concatenate([bits, bits[:, 7:8] if 0xC0 <= ch <= 0xDF else np.zeros((height, 1), bits.dtype)], axis=1)
    return np.where(bits[:, :, None] == 1, COLOURS16[attr & 15], COLOURS16[attr >> 4])


@pytest.fixture
def drawn(tmp_path, engine):
    """drawn("name") runs tests/guest/name.asm; returns (result, frame, video)."""

    def run(name: str, timeout: float = 20, defines: dict[str, str] | None = None):
        program = assemble(name, tmp_path, defines=defines)
        machine = Machine({"C": str(tmp_path)}, engine=engine)
        try:
            result = machine.run(program.name, [], timeout=timeout)
            video = machine.vdd("VVIDEO")
            return result, video.frame(), video
        finally:
            machine.close()

    return run


@pytest.mark.parametrize("after_planar", [False, True], ids=["ram", "planes"])
def test_mode13h_pixels_and_dac(drawn, after_planar):
    result, frame, video = drawn("vga_13h", defines={"AFTER_PLANAR": "1"} if after_planar else None)
    assert video.vga.mmio == after_planar
    assert result.status == "exited", result.report
    assert result.exit_code == 2  # INT 10h/0Dh read back the pixel 0Ch drew
    assert frame.shape == (200, 320, 3)
    y, x = np.mgrid[0:200, 0:320]
    index = (x ^ y) & 0xFF
    index[20, 10] = 2
    index[199, 319] = 1
    assert video.vga.dac[1] == (63, 0, 0) and video.vga.dac[2] == (0, 63, 0)
    dac = np.array(video.vga.dac, dtype=np.int32)
    dac = (dac << 2) | (dac >> 4)
    dac[:16] = COLOURS16  # the default palette starts with the 16 colours
    dac[1], dac[2] = (255, 0, 0), (0, 255, 0)
    assert np.array_equal(frame, dac[index].astype(np.uint8))


def test_planar_write_and_read_modes(drawn):
    result, frame, _ = drawn("vga_planar")
    assert result.status == "exited", result.report
    assert result.stdout.split() == [b"FF", b"00", b"0F", b"FF", b"AA"]
    assert frame.shape == (480, 640, 3)
    index = np.zeros((480, 640), dtype=np.uint8)
    index[0, 0:32] = 9
    index[0, 8:12] = 6  # XOR F0h over colour 9
    index[1, 0:4] = 12  # set/reset under a bit mask
    index[2, 0:8:2] = 2  # plane 1 only
    index[3, 8:16] = 9  # latches copied
    index[4, 4:8] = 4  # write mode 3
    assert np.array_equal(frame[:300], COLOURS16[index][:300])


def test_text_mode_frame(drawn):
    result, frame, video = drawn("vga_text")
    assert result.status == "exited", result.report
    assert frame.shape == (400, 720, 3)  # 80 cells of 9 dots
    expect = np.zeros((400, 720, 3), dtype=np.uint8)
    for col, (ch, attr) in enumerate([(ord("H"), 0x1E), (ord("i"), 0x4F), (0xDB, 0x02)]):
        expect[0:16, col * 9:col * 9 + 9] = cell9(ch, attr)
    assert (expect[0:16, 26] == COLOURS16[2]).all()  # the block's 9th dot repeats its 8th
    # the cursor (row 2, column 5): the BIOS's 06h-07h shape drawn on lines 13-14 of
    # the 16-line cell, as a VGA emulates it, in the blank's colour
    expect[2 * 16 + 13:2 * 16 + 15, 45:54] = COLOURS16[7]
    assert np.array_equal(frame, expect)


def test_text_in_a_graphics_mode(drawn):
    result, frame, _ = drawn("vga_gtext")
    assert result.status == "exited", result.report
    font = glyph_bits(16)
    index = np.zeros((480, 640), dtype=np.uint8)
    for col, ch in enumerate("AB"):
        index[0:16, col * 8:col * 8 + 8] = font[ord(ch)] * 14
    for col in range(3):
        index[16:32, col * 8:col * 8 + 8] = font[ord("C")] * 12
    assert np.array_equal(frame, COLOURS16[index])


def test_mode_x_unchained_planes_and_start_address(drawn):
    result, frame, video = drawn("vga_modex")
    assert result.status == "exited", result.report
    assert frame.shape == (200, 320, 3)
    y, x = np.mgrid[0:200, 0:320]
    index = (x + 2 * (y + 1)) & 0xFF  # the display starts one line down
    dac = np.array(video.vga.dac, dtype=np.int32)
    assert np.array_equal(frame, ((dac << 2) | (dac >> 4))[index].astype(np.uint8))
    assert tuple(frame[0, 0]) == (0, 170, 0)  # index 2: the default palette's green


def test_cga_interleaved_memory_and_palette(drawn):
    result, frame, _ = drawn("vga_cga")
    assert result.status == "exited", result.report
    assert frame.shape == (200, 320, 3)
    index = np.zeros((200, 320), dtype=np.uint8)
    index[0, 0:4] = (0, 1, 2, 3)
    index[1, 0:4] = (3, 2, 1, 0)
    index[2, 4:8] = 3
    index[51, 100] = 3
    palette0 = COLOURS16[[0, 2, 4, 6]]  # black, green, red, brown
    assert np.array_equal(frame, palette0[index])


def test_vesa_window_and_linear_framebuffer(drawn):
    result, frame, _ = drawn("vga_vesa")
    assert result.status == "exited", result.report
    assert result.exit_code == 0  # 4F00h, 4F01h, 4F02h and 4F05h answered as VBE 2.0 does
    assert frame.shape == (480, 640, 3)
    expect = np.zeros((480, 640, 3), dtype=np.uint8)
    expect[0:4, 0:320] = (255, 0, 0)  # through the linear framebuffer
    expect[0:4, 320:640] = (0, 0, 255)
    expect[25, 384] = (0, 255, 0)  # through the window, bank 1
    assert np.array_equal(frame, expect)


def test_vesa_mode_info_blocks():
    import struct

    from mvm.vdd.vbe import LFB_BASE, vbe_mode_info

    info = vbe_mode_info(0x114)
    attrs, = struct.unpack_from("<H", info, 0)
    assert attrs & 0x81 == 0x81  # supported, with a linear framebuffer
    assert struct.unpack_from("<HHH", info, 0x10) == (1600, 800, 600)
    assert info[0x19] == 16 and info[0x1B] == 6  # 16 bits, direct colour
    assert tuple(info[0x1F:0x25]) == (5, 11, 6, 5, 5, 0)  # 5:6:5
    assert struct.unpack_from("<I", info, 0x28)[0] == LFB_BASE


def test_fonts_in_rom_and_80x50_text(tmp_path, engine):
    program = assemble("vga_fonts", tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        result = machine.run(program.name, [], timeout=20)
        assert result.status == "exited", result.report
        # the buffers follow the message, at the next multiple of 16 (segments are too)
        msg = bytes(machine.ram.read(0, 0xA0000)).index(b"row 49$")
        buffers = bytes(machine.ram.read((msg + 7 + 15) & ~15, 40))
        frame = machine.vdd("VVIDEO").frame()
        screen = result.screen.split("\n")
    finally:
        machine.close()
    from mvm.vdd.font import font

    assert buffers[:16] == font(16)[65 * 16:66 * 16]  # what 1130h pointed at is the font
    assert buffers[16:24] == font(8)[65 * 8:66 * 8]
    assert buffers[24:38] == font(14)[65 * 14:66 * 14]
    assert buffers[38:40] == bytes((49, 8))  # 50 rows of 8-line cells
    assert len(screen) == 50 and screen[49] == "row 49"
    assert frame.shape == (400, 720, 3)
    glyph = glyph_bits(8)[ord("r")]
    assert np.array_equal(frame[392:400, 0:8], np.where(glyph[:, :, None] == 1, COLOURS16[7], COLOURS16[0]))


def test_user_text_font(drawn):
    result, frame, _ = drawn("vga_ufont")
    assert result.status == "exited", result.report
    stripes = np.zeros((16, 8, 3), dtype=np.uint8)
    stripes[0::2] = COLOURS16[7]
    assert np.array_equal(frame[0:16, 0:8], stripes)
    assert not frame[0:16, 8].any()  # the 9th dot: background
    assert np.array_equal(frame[0:16, 9:18], cell9(ord("B"), 0x07))  # the other glyphs stay the ROM's


def test_80x43_text_on_350_lines(drawn):
    result, frame, video = drawn("vga_rows43")
    assert result.status == "exited", result.report
    screen = result.screen.split("\n")
    assert len(screen) == 43 and screen[42] == "row 42"
    assert (video.rows, video.char_h) == (43, 8)
    assert frame.shape == (344, 640, 3)


@pytest.mark.parametrize(("mode", "colour", "rgb"), [
    (0x111, 0xF800, (255, 0, 0)), (0x114, 0x07E0, (0, 255, 0)), (0x112, 0x0000FF, (0, 0, 255)),
    (0x101, 0x01, (0, 0, 170)),
])
def test_vesa_pixel_formats(tmp_path, engine, mode, colour, rgb):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        video = machine.vdd("VVIDEO")
        assert video.set_vbe_mode(mode, True)
        video.set_pixel(7, 5, colour)
        assert video.get_pixel(7, 5) == colour
        frame = video.frame()
    finally:
        machine.close()
    assert tuple(frame[5, 7]) == rgb
    frame[5, 7] = 0
    assert not frame.any()


@pytest.mark.parametrize(("mode", "size", "colour", "rgb"), [
    (0x04, (320, 200), 2, COLOURS16[5]), (0x06, (640, 200), 1, COLOURS16[15]),
    (0x0D, (320, 200), 12, COLOURS16[12]), (0x0E, (640, 200), 9, COLOURS16[9]),
    (0x10, (640, 350), 14, COLOURS16[14]), (0x11, (640, 480), 1, COLOURS16[15]),
    (0x12, (640, 480), 6, COLOURS16[6]), (0x13, (320, 200), 4, COLOURS16[4]),
])
def test_every_mode_geometry_and_pixels(tmp_path, engine, mode, size, colour, rgb):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        video = machine.vdd("VVIDEO")
        assert video.set_mode(mode)
        width, height = size
        video.set_pixel(width - 1, height - 1, colour)
        assert video.get_pixel(width - 1, height - 1) == colour
        frame = video.frame()
    finally:
        machine.close()
    assert frame.shape == (height, width, 3)
    assert tuple(frame[height - 1, width - 1]) == tuple(rgb)
    frame[height - 1, width - 1] = 0
    assert not frame.any()


def test_vesa_display_start(tmp_path, engine):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        video = machine.vdd("VVIDEO")
        video.set_vbe_mode(0x101, True)
        video.vbe.view[(480 + 2) * 640 + 3] = 0x0F  # on the second page, past what set_pixel reaches
        regs = type("R", (), {"al": 0x07, "bl": 0x00, "cx": 0, "dx": 480, "ax": 0})()
        video._vbe(regs)
        assert regs.ax == 0x004F
        frame = video.frame()
    finally:
        machine.close()
    assert tuple(frame[2, 3]) == (255, 255, 255)


def test_input_status_shows_retrace_edges():
    vga = VgaHardware()
    seen = [vga.port_read(0x3DA, 1) & 8 for _ in range(16)]
    assert 0 in seen and 8 in seen  # a program waiting for either edge gets it quickly


def test_screenshot_option_writes_png(tmp_path):
    from PIL import Image

    assemble("vga_13h", tmp_path)
    out = tmp_path / "shot.png"
    proc = run_cli("run", "--drive", f"C={tmp_path}", "--screenshot", str(out), "VGA_13H.COM", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    img = np.asarray(Image.open(out).convert("RGB"))
    assert img.shape == (200, 320, 3)
    assert tuple(img[20, 10]) == (0, 255, 0) and tuple(img[199, 319]) == (255, 0, 0)


def _planar() -> VgaHardware:
    vga = VgaHardware()
    vga.load_mode(True, False, 640, 480, 1, 4)
    return vga


def _text_vga(mono: bool = False) -> VgaHardware:
    """A VGA with the registers and font of 80x25 text (9x16 cells)."""
    from mvm.vdd.font import font

    vga = VgaHardware()
    vga.load_text(80, 16, 25, 400, True, mono)
    vga.load_font(font(16), 16, 0)
    return vga


def test_text_blink_and_cursor_phases():
    from mvm.vdd.render import text_frame

    vga = _text_vga()
    vga.crtc[0x0E:0x10] = bytes((0, 1))  # the cursor on cell 1, lines 13-14
    cells = bytes((0xDB, 0x9E)) + bytes((0x20, 0x07)) * 0x3FFF  # a blinking yellow block on blue
    shown = text_frame(vga, cells, blink_on=True)
    hidden = text_frame(vga, cells, blink_on=False)
    assert (shown[0:16, 0:9] == COLOURS16[14]).all()
    assert (hidden[0:16, 0:9] == COLOURS16[1]).all()  # background: bit 7 is the blink, not brightness
    assert (shown[13:15, 9:18] == COLOURS16[7]).all() and not hidden[0:16, 9:18].any()
    vga.attr[0x10] = 0x04  # blink off: 16 background colours, nothing blinks
    vga.crtc[0x0A] |= 0x20  # and the cursor hidden
    bright = text_frame(vga, cells, blink_on=True)
    assert (bright[0:16, 0:9] == COLOURS16[14]).all() and not bright[0:16, 9:18].any()


def test_monochrome_attributes():
    from mvm.vdd.render import text_frame

    vga = _text_vga(mono=True)
    vga.crtc[0x0A] = 0x20
    cells = bytes((0xDB, 0x07, 0xDB, 0x0F, 0x20, 0x70, 0xDB, 0x00, 0x20, 0x01)) + bytes((0x20, 0x07)) * 0x3FFB
    frame = text_frame(vga, cells)
    assert (frame[0:16, 0:9] == COLOURS16[7]).all()  # normal
    assert (frame[0:16, 9:18] == COLOURS16[15]).all()  # bright
    assert (frame[0:16, 18:27] == COLOURS16[7]).all()  # reverse: a blank on grey
    assert not frame[0:16, 27:36].any()  # invisible
    # underlined on the underline location's line (0Fh: the last), across all 9 dots
    assert (frame[15, 36:45] == COLOURS16[7]).all() and not frame[0:15, 36:45].any()


def test_register_write_mode_0_set_reset_and_functions():
    vga = _planar()
    vga.gc[1], vga.gc[0] = 0x05, 0x05  # planes 0 and 2 from set/reset (1), 1 and 3 from data
    vga.write_byte(0, 0x3C)
    assert [p[0] for p in vga.planes] == [0xFF, 0x3C, 0xFF, 0x3C]
    vga.gc[1] = 0
    vga.gc[3] = 0x08  # AND with the latches
    vga.read_byte(0)
    vga.write_byte(0, 0x0F)
    assert [p[0] for p in vga.planes] == [0x0F, 0x0C, 0x0F, 0x0C]
    vga.gc[3] = 0x10  # OR
    vga.read_byte(0)
    vga.write_byte(0, 0x80)
    assert [p[0] for p in vga.planes] == [0x8F, 0x8C, 0x8F, 0x8C]


def test_register_write_modes_1_2_3_and_map_mask():
    vga = _planar()
    vga.gc[5] = 2
    vga.gc[8] = 0x81
    vga.write_byte(5, 0x0A)  # colour 1010b on the two masked pixels
    assert [p[5] for p in vga.planes] == [0x00, 0x81, 0x00, 0x81]
    vga.gc[5], vga.gc[8] = 1, 0xFF
    vga.read_byte(5)
    vga.seq[2] = 0x03
    vga.write_byte(6, 0)  # latches copied, planes 0-1 only
    assert [p[6] for p in vga.planes] == [0x00, 0x81, 0x00, 0x00]
    vga.seq[2] = 0x0F
    vga.gc[5], vga.gc[0], vga.gc[8] = 3, 0x0C, 0xF0
    vga.read_byte(7)
    vga.write_byte(7, 0x3C)  # bit mask = F0h AND 3Ch = 30h
    assert [p[7] for p in vga.planes] == [0x00, 0x00, 0x30, 0x30]


def test_register_read_modes():
    vga = _planar()
    vga.planes[0][9], vga.planes[1][9], vga.planes[2][9], vga.planes[3][9] = 0xF0, 0xCC, 0xAA, 0x00
    vga.gc[4] = 2
    assert vga.read_byte(9) == 0xAA
    assert vga.latch == [0xF0, 0xCC, 0xAA, 0x00]
    vga.gc[5], vga.gc[2], vga.gc[7] = 0x08, 0x07, 0x0F  # colour 7 everywhere?
    assert vga.read_byte(9) == 0x80
    vga.gc[7] = 0x01  # only plane 0 matters
    assert vga.read_byte(9) == 0xF0


def test_dac_ports_read_back():
    vga = _planar()
    vga.port_write(0x3C8, 1, 5)
    for value in (1, 2, 3, 4, 5, 6):
        vga.port_write(0x3C9, 1, value)
    vga.port_write(0x3C7, 1, 5)
    assert [vga.port_read(0x3C9, 1) for _ in range(6)] == [1, 2, 3, 4, 5, 6]
    assert vga.dac[5] == (1, 2, 3) and vga.dac[6] == (4, 5, 6)


def test_save_and_restore_video_state(drawn):
    """INT 10h/1Ch: the size in blocks, a save in mode 03h, a restore after mode 13h."""
    result, frame, video = drawn("gap_vstate")
    assert result.status == "exited", result.report
    assert result.exit_code == 0, f"check {result.exit_code} failed"
    assert video.gfx is None and video.vga.dac[1] == (10, 20, 30)
    assert frame.shape == (400, 720, 3)  # text again


def test_video_state_buffer_layout():
    from mvm.vdd.video import STATE_HEADER, state_size

    hardware = VgaHardware()
    hardware.load_mode(False, True, 320, 200, 2, 8)
    hardware.seq[2], hardware.latch, hardware.dac[7] = 0x05, [1, 2, 3, 4], (1, 2, 3)
    other = VgaHardware()
    other.load_registers(hardware.save_registers())
    other.load_dac(hardware.save_dac())
    assert other.seq == hardware.seq and other.crtc == hardware.crtc and other.latch == [1, 2, 3, 4]
    assert other.dac == hardware.dac
    assert state_size(0) == STATE_HEADER and state_size(5) == STATE_HEADER + len(hardware.save_registers()) + \
        len(hardware.save_dac())


def test_40_column_text_fills_the_80_column_width(drawn):
    result, frame, video = drawn("gap_text40")
    assert result.status == "exited", result.report
    assert video.vga.seq[1] & 0x08  # the dot clock halved, as a VGA's 40-column modes have it
    assert frame.shape == (400, 720, 3)
    for col, ch in enumerate("AB"):
        # each dot twice as wide: a 40-column cell of 9 dots is 18 pixels of the 720
        assert np.array_equal(frame[0:16, col * 18:col * 18 + 18], np.repeat(cell9(ord(ch), 0x1E), 2, axis=1))
    assert not frame[0:16, 36:].any() and not frame[16:].any()  # the rest blank (black)


def _text_cells_frame(cells: dict[tuple[int, int], tuple[str, int]]) -> np.ndarray:
    """An 80x25 frame of 9x16 cells: the given (row, col) cells on black blanks."""
    expect = np.zeros((400, 720, 3), dtype=np.uint8)
    for (row, col), (ch, attr) in cells.items():
        expect[row * 16:row * 16 + 16, col * 9:col * 9 + 9] = cell9(ord(ch), attr)
    return expect


@pytest.mark.parametrize("page", [True, False], ids=["int10_page", "crtc_start"])
def test_text_start_address(drawn, page):
    result, frame, video = drawn("vgx_tstart", defines={"PAGE": "1"} if page else None)
    assert result.status == "exited", result.report
    if page:  # page 1 from its first row; the BIOS set the CRTC start to 800h words
        assert video.vga.start_address() == 0x800
        expect = _text_cells_frame({(0, 0): ("P", 0x1E), (1, 0): ("Q", 0x4F)})
    else:  # the start at row 1 of page 1
        expect = _text_cells_frame({(0, 0): ("Q", 0x4F)})
    assert np.array_equal(frame, expect)


SCROLL_CASES = {"start": ("START",), "split": ("SPLIT",), "pan": ("PAN",),
                "all": ("START", "SPLIT", "PAN"), "all_split_unpanned": ("START", "SPLIT", "PAN", "NOPANSPLIT")}


def _scroll_index(features: tuple[str, ...], modex: bool) -> np.ndarray:
    """The colour indexes vgx_scroll shows: plane p holds (a + 37p) mod 256 at address a;
    lines start at the CRTC start address every offset's pitch, below the split at 0;
    pixels shift left by the panning."""
    width, height = (320, 200) if modex else (640, 480)
    start, pitch = (0x1234, 96) if "START" in features else (0, 80)
    split = (100 if modex else 301) if "SPLIT" in features else height
    pan = (1 if modex else 3) if "PAN" in features else 0
    a = np.arange(0x10000)
    planes = np.stack([(a + 37 * p) & 0xFF for p in range(4)])
    index = np.zeros((height, width), dtype=np.int64)
    for y in range(height):
        base = start + y * pitch if y < split else (y - split) * pitch
        shift = 0 if y >= split and "NOPANSPLIT" in features else pan
        x = np.arange(width) + shift
        if modex:
            index[y] = planes[x & 3, (base + (x >> 2)) & 0xFFFF]
        else:
            addr = (base + (x >> 3)) & 0xFFFF
            bit = 7 - (x & 7)
            index[y] = sum(((planes[p, addr] >> bit) & 1) << p for p in range(4))
    return index


@pytest.mark.parametrize("modex", [False, True], ids=["mode12h", "modex"])
@pytest.mark.parametrize("case", list(SCROLL_CASES))
def test_start_offset_split_and_panning(drawn, case, modex):
    features = SCROLL_CASES[case]
    defines = {name: "1" for name in features} | ({"MODEX": "1"} if modex else {})
    result, frame, video = drawn("vgx_scroll", defines=defines)
    assert result.status == "exited", result.report
    index = _scroll_index(features, modex)
    if modex:
        dac = np.array(video.vga.dac, dtype=np.int32)
        expect = ((dac << 2) | (dac >> 4))[index].astype(np.uint8)
    else:
        expect = COLOURS16[index]
    assert frame.shape == expect.shape
    assert np.array_equal(frame, expect)


def test_int10_page_moves_the_planar_start(drawn):
    result, frame, video = drawn("vgx_scroll", defines={"MODE0D": "1", "PAGE": "1"})
    assert result.status == "exited", result.report
    page_size = 320 * 200 // 8
    assert video.vga.start_address() == page_size
    a = np.arange(0x10000)
    planes = np.stack([(a + 37 * p) & 0xFF for p in range(4)])
    y, x = np.mgrid[0:200, 0:320]
    addr = (page_size + y * 40 + (x >> 3)) & 0xFFFF
    index = sum(((planes[p, addr] >> (7 - (x & 7))) & 1) << p for p in range(4))
    assert np.array_equal(frame, COLOURS16[index])


def test_text_start_moves_the_cursor(drawn):
    result, frame, _ = drawn("vgx_tstart", defines={"ROW1": "1"})
    assert result.status == "exited", result.report
    expect = _text_cells_frame({(0, 0): ("Q", 0x4F)})
    expect[4 * 16 + 13:4 * 16 + 15, 27:36] = COLOURS16[7]  # the cursor of row 5 shown on row 4
    assert np.array_equal(frame, expect)
