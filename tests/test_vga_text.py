"""VGA text (and the CGA and 256-colour modes) at the register level: guest programs
program the CRTC, sequencer, attribute controller and plane 2 themselves, and the
frame is checked pixel for pixel against what a VGA shows, computed here from the
values the programs wrote."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import assemble
from mvm import Machine
from mvm.vdd.font import font, glyph_bits

COLOURS16 = np.array([
    (0, 0, 0), (0, 0, 170), (0, 170, 0), (0, 170, 170), (170, 0, 0), (170, 0, 170), (170, 85, 0),
    (170, 170, 170), (85, 85, 85), (85, 85, 255), (85, 255, 85), (85, 255, 255), (255, 85, 85),
    (255, 85, 255), (255, 255, 85), (255, 255, 255)], dtype=np.uint8)


def words(text: str | bytes) -> list[int]:
    """The hex words a guest printed after its last '='."""
    text = text.decode() if isinstance(text, bytes) else text
    return [int(w, 16) for w in text.rsplit("=", 1)[1].split()]


@pytest.fixture
def shown(tmp_path, engine):
    """shown("name", NAME=...) runs tests/guest/name.asm with those defines; returns
    (result, frame, video) with the machine still open for the video's views."""
    machines = []

    def run(name: str, **defines: str):
        program = assemble(name, tmp_path, defines=defines)
        machine = Machine({"C": str(tmp_path)}, engine=engine)
        machines.append(machine)
        result = machine.run(program.name, [], timeout=20)
        assert result.status == "exited", result.report
        video = machine.vdd("VVIDEO")
        return result, video.frame(), video

    yield run
    for machine in machines:
        machine.close()


def cell(ch: int, attr: int, dots: int = 9, lines: range = range(16), glyphs=None) -> np.ndarray:
    """A text cell's pixels: glyph lines `lines` of the 8x16 ROM font (or `glyphs`, [256, n, 8]);
    a 9th dot as the background, or as the 8th for C0h-DFh."""
    bits = (glyph_bits(16) if glyphs is None else glyphs)[ch][list(lines)]
    if dots == 9:
        ninth = bits[:, 7:8] if 0xC0 <= ch <= 0xDF else np.zeros((len(bits), 1), bits.dtype)
        bits = np.concatenate([bits, ninth], axis=1)
    return np.where(bits[:, :, None] == 1, COLOURS16[attr & 15], COLOURS16[attr >> 4])


def blank_text(height: int, width: int) -> np.ndarray:
    return np.zeros((height, width, 3), dtype=np.uint8)  # blanks (07h) are black


# -- the cursor ----------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["shown", "skew", "hidden"])
def test_cursor_programmed_through_the_crtc(shown, variant):
    defines = {"shown": {}, "skew": {"SKEW": "1"}, "hidden": {"HIDE": "1"}}[variant]
    _, frame, video = shown("vgatext_cursor", **defines)
    expect = blank_text(400, 720)
    col = 34 if variant == "skew" else 33  # the skew moves it a cell right
    if variant != "hidden":
        expect[7 * 16 + 2:7 * 16 + 6, col * 9:col * 9 + 9] = COLOURS16[7]  # lines 2-5, all 9 dots
    assert np.array_equal(frame, expect)
    assert video.shown_cursor() == (None if variant == "hidden" else (7, col))
    assert video.cursor() == (0, 0)  # the BIOS was not told


def test_bios_programs_the_crtc(shown):
    result, _, _ = shown("vgatext_bios")
    assert words(result.stdout) == [
        0x019A,  # 02h: cursor location 5 * 80 + 10
        0x000E,  # 01h with 0007h: the 8-line block stretched to lines 0-14 of 16
        0x200E,  # 01h with 2000h: 0Ah bit 5, hidden
        0x0800, 0x0800,  # 05h page 1: start address 800h cells, the cursor of page 1
        0x0852,  # 02h on page 1 (shown) moves it; on page 0 (not shown) not
        0x0000, 0x02D0,  # page 0 again: start 0, its cursor at row 9
        0x478F,  # 1112h: maximum scan line 7; 400 lines (8Fh and the overflow)
        0x2000,  # the cursor hidden by 01h stays hidden in the new cells
        0x004F,  # CRTC 01h write-protected by 11h bit 7
        0x4D5D,  # 350 lines: 14-line cells, display end 15Dh
        0x0001,  # 8-dot cells on 350 lines
        0x0000,  # 9-dot cells on 400 lines
    ]


def test_bios_crtc_values_match_dosbox(shown, tmp_path):
    """DOSBox's VGA BIOS leaves the same values in the CRTC and sequencer; only the cursor
    shapes are encoded differently (DOSBox hides the cursor with a start past the end, and
    ends a stretched block a line lower)."""
    from dosbox import run_in_dosbox

    folder = tmp_path / "dosbox"
    folder.mkdir()
    assemble("vgatext_bios", folder, out_name="VB.COM")
    theirs = words(run_in_dosbox(folder, "VB"))
    ours = words(shown("vgatext_bios")[0].stdout)
    shapes = (1, 2, 9)
    assert [w for i, w in enumerate(ours) if i not in shapes] == [w for i, w in enumerate(theirs) if i not in shapes]

    def hidden(word: int) -> bool:
        return bool(word & 0x2000) or (word >> 8) & 0x1F > word & 0x1F

    assert all(hidden(ws[i]) for ws in (ours, theirs) for i in (2, 9))
    assert ours[1] >> 8 == theirs[1] >> 8 == 0  # the block starts on the top line


# -- geometry tweaked through the CRTC ------------------------------------------------

def test_80x50_by_the_maximum_scan_line(shown):
    _, frame, video = shown("vgatext_tweak")
    assert frame.shape == (400, 720, 3)
    expect = blank_text(400, 720)
    top = range(8)  # cells of 8 lines show the top of the 16-line glyphs in plane 2
    expect[0:8, 0:9] = cell(ord("A"), 0x1F, lines=top)
    expect[8:16, 0:9] = cell(ord("B"), 0x2E, lines=top)
    expect[392:400, 711:720] = cell(ord("Z"), 0x4F, lines=top)
    assert np.array_equal(frame, expect)
    assert video.shown_size() == (80, 50)
    screen = video.screen_text().split("\n")
    assert len(screen) == 50 and screen[:2] == ["A", "B"] and screen[49] == " " * 79 + "Z"


def test_90x30_with_8_dot_cells_on_480_lines(shown):
    _, frame, video = shown("vgatext_tweak", X90="1")
    assert frame.shape == (480, 720, 3)  # 90 cells of 8 dots, 30 rows of 16 lines
    expect = blank_text(480, 720)
    expect[0:16, 0:8] = cell(ord("A"), 0x1F, dots=8)
    expect[16:32, 0:8] = cell(ord("B"), 0x2E, dots=8)
    expect[464:480, 712:720] = cell(ord("Z"), 0x4F, dots=8)
    expect[464 + 13:464 + 15, 704:712] = COLOURS16[7]  # the cursor at row 29, column 88
    assert np.array_equal(frame, expect)
    assert video.shown_size() == (90, 30) and video.shown_cursor() == (29, 88)
    cells = video.shown_text()
    assert len(cells) == 90 * 30 * 2 and cells[-2:] == b"Z\x4f"
    assert video.screen_text().split("\n")[29] == " " * 89 + "Z"


# -- fonts in plane 2 and 9-dot cells --------------------------------------------------

def test_glyphs_written_into_plane_2(shown):
    result, frame, _ = shown("vgatext_font")
    assert result.exit_code == 0  # the mode set put the ROM's glyph of 'B' into plane 2
    stripes = np.zeros((256, 16, 8), dtype=np.uint8)
    stripes[ord("A")] = np.unpackbits(np.array([0xAA, 0x55] * 8, dtype=np.uint8)[:, None], axis=1)
    half = np.zeros((256, 16, 8), dtype=np.uint8)
    half[ord("B"), 0:8] = 1
    expect = blank_text(400, 720)
    expect[0:16, 0:9] = cell(ord("A"), 0x07, glyphs=stripes)  # written through A000
    expect[0:16, 9:18] = cell(ord("B"), 0x07)  # map B: the ROM font
    expect[0:16, 18:27] = cell(ord("B"), 0x0F, glyphs=half)  # attribute bit 3: map A, loaded by 1100h
    assert np.array_equal(frame, expect)


@pytest.mark.parametrize("variant", ["line_graphics", "no_line_graphics", "eight_dots"])
def test_ninth_dot(shown, variant):
    defines = {"line_graphics": {}, "no_line_graphics": {"NOGRAPHICS": "1"}, "eight_dots": {"EIGHT": "1"}}[variant]
    _, frame, _ = shown("vgatext_9dot", **defines)
    dots = 8 if variant == "eight_dots" else 9
    expect = blank_text(400, 80 * dots)
    for col, ch in enumerate((0xC4, ord("M"), 0xB3, 0xDB)):
        expect[0:16, col * dots:col * dots + dots] = cell(ch, 0x1E, dots=dots)
    if variant == "no_line_graphics":
        expect[0:16, 8] = expect[0:16, 35] = COLOURS16[1]  # C4h and DBh: the 9th dot the background
    assert np.array_equal(frame, expect)
    if variant == "line_graphics":  # the horizontal line runs on through the 9th dot
        row = int(np.flatnonzero(glyph_bits(16)[0xC4][:, 7])[0])
        assert (frame[row, 0:9] == COLOURS16[14]).all()


# -- smooth scrolling and the split screen in text ---------------------------------------

def text_memory() -> np.ndarray:
    """The 32 KiB vgatext_scroll fills: cell i is character i mod 256, attribute (5i + i / 128) mod 128."""
    i = np.arange(0x4000)
    mem = np.zeros(0x8000, dtype=np.uint8)
    mem[0::2], mem[1::2] = i & 0xFF, (5 * i + (i >> 7)) & 0x7F
    return mem


def text_picture(features: set[str]) -> np.ndarray:
    """The 720x400 frame a VGA shows of text_memory() with the registers vgatext_scroll sets."""
    mem = text_memory()
    start = 0x123 if "START" in features else 0
    pitch = 88 if "START" in features else 80
    start += 1 if "BYTEPAN" in features else 0
    preset = 5 if "PRESET" in features else 0
    split = 200 if "SPLIT" in features else 400
    pan = 4 if "PAN" in features else 0  # 3 in 9-dot cells
    out = np.zeros((400, 720, 3), dtype=np.uint8)
    for y in range(400):
        line = y + preset if y < split else y - split
        base = (start if y < split else 0) + line // 16 * pitch
        pixels = []
        for col in range(81):
            at = ((base + col) & 0x3FFF) * 2
            pixels.append(cell(int(mem[at]), int(mem[at + 1]), lines=[line % 16])[0])
        shift = 0 if y >= split and "NOPANSPLIT" in features else pan
        out[y] = np.concatenate(pixels)[shift:shift + 720]
    return out


TEXT_SCROLLS = {
    "preset": {"PRESET"}, "start_offset": {"START"}, "byte_pan": {"BYTEPAN"}, "split": {"SPLIT"},
    "pixel_pan": {"PAN"}, "all": {"PRESET", "START", "BYTEPAN", "SPLIT", "PAN"},
    "all_split_unpanned": {"PRESET", "START", "SPLIT", "PAN", "NOPANSPLIT"},
}


@pytest.mark.parametrize("case", list(TEXT_SCROLLS))
def test_text_smooth_scroll_split_and_panning(shown, case):
    features = TEXT_SCROLLS[case]
    _, frame, video = shown("vgatext_scroll", **{name: "1" for name in features})
    assert np.array_equal(frame, text_picture(features))
    if "SPLIT" in features:  # the windows' view: the rows below the split from address 0
        rows = video.shown_text()
        assert rows[13 * 160:13 * 160 + 4] == bytes((0, 0, 1, 5))


# -- mode 13h and the CGA modes ---------------------------------------------------------

def pattern(size: int) -> np.ndarray:
    """What vgatext_13h and vgatext_cga write at address a: (a + 7 * (a / 256)) mod 256."""
    a = np.arange(size)
    return ((a + 7 * (a >> 8)) & 0xFF).astype(np.uint8)


def dac_colours(video) -> np.ndarray:
    dac = np.array(video.vga.dac, dtype=np.int32)
    return ((dac << 2) | (dac >> 4)).astype(np.uint8)


MODE13_CASES = {
    "start_offset": {"START"}, "byte_pan": {"BYTEPAN"}, "split": {"SPLIT"}, "pixel_pan": {"PAN"},
    "all": {"START", "BYTEPAN", "SPLIT", "PAN"}, "all_split_unpanned": {"START", "SPLIT", "PAN", "NOPANSPLIT"},
}


@pytest.mark.parametrize("planes", [False, True], ids=["ram", "planes"])
@pytest.mark.parametrize("case", list(MODE13_CASES))
def test_mode13h_start_split_and_panning(shown, case, planes):
    features = MODE13_CASES[case]
    defines = {name: "1" for name in features} | ({"AFTER_PLANAR": "1"} if planes else {})
    _, frame, video = shown("vgatext_13h", **defines)
    assert video.vga.mmio == planes
    # the CRTC counts doublewords: an address is 4 pixels, the offset 8 pixels
    start = ((0x123 if "START" in features else 0) + (1 if "BYTEPAN" in features else 0)) * 4
    pitch = (0x30 if "START" in features else 0x28) * 8
    split = 100 if "SPLIT" in features else 200
    pan = 1 if "PAN" in features else 0  # half pixels: 2 is one
    y, x = np.mgrid[0:200, 0:320]
    upper = start + y * pitch + x + pan
    lower = (y - split) * pitch + x + (0 if "NOPANSPLIT" in features else pan)
    index = pattern(0x10000)[np.where(y < split, upper, lower) & 0xFFFF]
    assert np.array_equal(frame, dac_colours(video)[index])


@pytest.mark.parametrize("mode6", [False, True], ids=["mode04h", "mode06h"])
@pytest.mark.parametrize("features", [{"START"}, {"SPLIT"}, {"START", "SPLIT"}], ids=["start", "split", "both"])
def test_cga_start_address_and_split(shown, mode6, features):
    defines = {name: "1" for name in features} | ({"MODE6": "1"} if mode6 else {})
    _, frame, _ = shown("vgatext_cga", **defines)
    mem = pattern(0x4000)
    unit = 1 if mode6 else 2  # mode 06h counts bytes, 04h words
    start = (0x15 if "START" in features else 0) * unit
    split = 100 if "SPLIT" in features else 200
    y = np.arange(200)
    line = np.where(y < split, y, y - split)
    row = np.where(y < split, start, 0) + (line >> 1) * 80  # two lines of 80 bytes to a CRTC row
    at = row[:, None] + np.arange(80)[None, :]
    data = mem[((at & ~0x2000) | ((line & 1) << 13)[:, None]) & 0x3FFF]  # odd lines 2000h on
    bits = np.unpackbits(data, axis=1)
    if mode6:
        expect = COLOURS16[[0, 15]][bits]
    else:
        expect = COLOURS16[[0, 3, 5, 7]][bits[:, 0::2] * 2 + bits[:, 1::2]]
    assert np.array_equal(frame, expect)


def test_rom_font_loaded_by_a_mode_set_is_in_plane_2(tmp_path, engine):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        video = machine.vdd("VVIDEO")
        plane = bytes(video.vga.planes[2])
    finally:
        machine.close()
    assert plane[ord("Q") * 32:ord("Q") * 32 + 16] == font(16)[ord("Q") * 16:ord("Q") * 16 + 16]
    assert plane[ord("Q") * 32 + 16:ord("Q") * 32 + 32] == bytes(16)


@pytest.mark.parametrize(("lines", "mode", "size", "cells"), [
    (400, 3, (720, 400), (80, 25)), (350, 3, (640, 350), (80, 25)), (200, 3, (640, 200), (80, 25)),
    (400, 1, (720, 400), (40, 25)), (350, 7, (720, 350), (80, 25)),
])
def test_text_frame_size_follows_the_scan_lines(tmp_path, engine, lines, mode, size, cells):
    """9-dot cells on 400 lines (and in mode 07h), 8-dot on 350 and 200 (200 scanned twice)."""
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        video = machine.vdd("VVIDEO")
        video.scan_lines = lines  # as INT 10h/12h BL=30h leaves it
        assert video.set_mode(mode)
        frame = video.frame()
        assert frame.shape == (size[1], size[0], 3) and video.text_frame_size() == size
        assert video.shown_size() == cells
        assert bool(video.vga.crtc[0x09] & 0x80) == (lines == 200)
    finally:
        machine.close()


# -- the display blanked -------------------------------------------------------------------

def test_screen_off_blanks_the_display(shown):
    """Sequencer 01h bit 5 blanks the screen; video memory keeps the picture for when it is
    turned on again."""
    _, frame, video = shown("vgatext_screenoff")
    assert frame.shape == (200, 320, 3) and not frame.any()
    video.vga.port_write(0x3C4, 1, 0x01)
    video.vga.port_write(0x3C5, 1, video.vga.seq[1] & ~0x20)
    shown_again = video.frame()
    assert (shown_again == COLOURS16[4]).all()


def test_screen_off_blanks_the_text_the_windows_show(shown):
    """The windows' text views follow the screen-off bit too: no characters, no cursor."""
    _, _, video = shown("vgatext_tweak")
    assert video.screen_text().startswith("A")  # what the program wrote, before the screen goes off
    video.vga.port_write(0x3C4, 2, 0x01 | ((video.vga.seq[1] | 0x20) << 8))
    cols, rows = video.shown_size()
    assert video.shown_text() == bytes(cols * rows * 2) and video.shown_cursor() is None
    assert video.screen_text() == "" and not video.frame().any()
