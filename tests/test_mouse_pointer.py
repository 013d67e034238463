"""VMOUSE: the pointer the driver draws into video memory, its shapes, and the state functions.

The expected screens are computed here from the masks, as the Microsoft mouse driver documents
them: the screen mask is ANDed with what is on the screen, then the cursor mask XORed.
"""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from conftest import assemble
from mvm import Machine

# The usual arrow, row by row (bit 15: the leftmost pixel), hot spot at its tip.
ARROW_SCREEN = (0x3FFF, 0x1FFF, 0x0FFF, 0x07FF, 0x03FF, 0x01FF, 0x00FF, 0x007F,
                0x003F, 0x001F, 0x01FF, 0x10FF, 0x30FF, 0xF87F, 0xF87F, 0xFC3F)
ARROW_CURSOR = (0x0000, 0x4000, 0x6000, 0x7000, 0x7800, 0x7C00, 0x7E00, 0x7F00,
                0x7F80, 0x7C00, 0x6C00, 0x4600, 0x0600, 0x0300, 0x0300, 0x0000)
TEXT_BASE = 0xB8000


def words(result) -> list[int]:
    """The hex words a guest printed after its last '='."""
    assert result.status == "exited", result.report
    assert result.exit_code == 0, result.stdout
    return [int(w, 16) for w in result.stdout.rsplit(b"=", 1)[1].split()]


@contextlib.contextmanager
def session(name: str, tmp_path, engine, host=None, defines=None):
    """Run guest program `name` (with `host(mouse)` acting as the user on a thread); yields the
    machine, its mouse, and the program's words. The screen stays as the program left it."""
    program = assemble(name, tmp_path, defines=defines)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    mouse = machine.vdd("VMOUSE")
    thread = threading.Thread(target=host, args=(mouse,), daemon=True) if host else None
    try:
        if thread:
            thread.start()
        result = machine.run(program.name, stdin=b"", timeout=20)
        if thread:
            thread.join(5)
        yield machine, mouse, words(result)
    finally:
        machine.close()


def host_move(machine_mouse, x: int, y: int, cell=None) -> None:
    """The user moves the mouse while no program runs: what the session's timer applies."""
    machine_mouse.move(x, y, cell)
    machine_mouse._apply()


def overlay(value: int, screen_bit: bool, cursor_bit: bool, ones: int, xor: int) -> int:
    return (value & (ones if screen_bit else 0)) ^ (xor if cursor_bit else 0)


def pointer_pixels(left: int, top: int, width: int, height: int, screen=ARROW_SCREEN, cursor=ARROW_CURSOR):
    """(x, y, screen bit, cursor bit) for each pixel of a 16x16 pointer at (left, top) on the screen."""
    for j in range(16):
        for i in range(16):
            x, y = left + i, top + j
            if 0 <= x < width and 0 <= y < height:
                yield x, y, bool(screen[j] & (0x8000 >> i)), bool(cursor[j] & (0x8000 >> i))


# -- text mode ---------------------------------------------------------------------------------

def pattern_cell(i: int) -> int:
    """The word mouse_text.asm writes in cell i: character 'A' + i mod 26, attribute i mod 256."""
    return (i & 0xFF) << 8 | (0x41 + i % 26)


def inverted(word: int) -> int:
    return (word & 0x77FF) ^ 0x7700


def test_text_pointer_follows_the_host(tmp_path, engine):
    def user(mouse):
        deadline = time.monotonic() + 15
        while not mouse.visible and time.monotonic() < deadline:
            time.sleep(0.01)
        # Column 10, row 5 of the picture the browser shows (cells of 9x16 pixels).
        mouse.move(10 * 9 + 4, 5 * 16 + 7, cell=(9, 16))

    with session("mouse_text", tmp_path, engine, user) as (machine, mouse, values):
        old, new = 12 * 80 + 40, 5 * 80 + 10
        assert values[0] == inverted(pattern_cell(old))
        assert values[1:3] == [80, 40]  # 03h: the cell the host chose
        assert values[3] == pattern_cell(old)  # put back
        assert values[4] == inverted(pattern_cell(new))
        assert values[5] == pattern_cell(new)  # hidden
        assert values[6] == 0x4F18  # AND 0000h, XOR 4F18h
        before, drawn, after = values[7:11], values[12:16], values[16:20]
        assert values[11] == pattern_cell(new)  # the hardware cursor leaves the cells alone
        assert drawn == [5, 7, new >> 8, new & 0xFF]
        assert after == before
        # The screen as the program left it (under the two rows its report took): its pattern,
        # and the default pointer at row 5, column 10.
        cells = machine.ram.read(TEXT_BASE + 160 * 2, 4000 - 160 * 2)
        expected = [inverted(pattern_cell(i)) if i == new else pattern_cell(i) for i in range(160, 2000)]
        assert [int.from_bytes(cells[2 * i:2 * i + 2], "little") for i in range(1840)] == expected


# -- graphics modes --------------------------------------------------------------------------

def mode13_screen(machine) -> list[int]:
    """The 64000 pixels of mode 13h, from video memory at A0000."""
    return list(machine.ram.read(0xA0000, 64000))


def mode13_expected(left: int, top: int, screen=ARROW_SCREEN, cursor=ARROW_CURSOR) -> list[int]:
    """The programs' pattern (colour = offset mod 256) under a pointer at (left, top): a set cursor
    bit XORs 0Fh, so the arrow is white (colour 15) where its screen bit clears the pixel."""
    pixels = [o & 0xFF for o in range(64000)]
    for x, y, s, c in pointer_pixels(left, top, 320, 200, screen, cursor):
        pixels[y * 320 + x] = overlay(pixels[y * 320 + x], s, c, 0xFF, 0x0F)
    return pixels


REPORT_ROWS_13 = 16 * 320  # the two text rows of the program's report (8 lines each)


def test_arrow_in_mode_13h_and_clipped_at_the_edges(tmp_path, engine):
    with session("mouse_arrow13", tmp_path, engine) as (machine, mouse, values):
        assert values == [0]  # shown
        screen = mode13_screen(machine)
        assert screen[REPORT_ROWS_13:] == mode13_expected(100, 60)[REPORT_ROWS_13:]
        assert screen[61 * 320 + 101] == 0x0F  # white inside the arrow
        frame = machine.vdd("VVIDEO").frame()  # as the user sees it: white, on a black outline
        assert frame[61, 101].tolist() == [255, 255, 255] and frame[61, 100].tolist() == [0, 0, 0]
        # The user moves to the bottom right corner (320x200 frame pixels): the old place is
        # itself again, and the arrow is cut at the screen's edges, not wrapped.
        host_move(mouse, 312, 195)
        screen = mode13_screen(machine)
        assert screen[REPORT_ROWS_13:] == mode13_expected(312, 195)[REPORT_ROWS_13:]
        assert screen[196 * 320:196 * 320 + 16] == list(range(196 * 320 & 0xFF, (196 * 320 & 0xFF) + 16))


def test_own_shape_with_hot_spot(tmp_path, engine):
    screen_mask = (0x00FF,) * 8 + (0xFFFF,) * 8
    cursor_mask = (0xF000,) * 8 + (0x000F,) * 8
    with session("mouse_shape", tmp_path, engine) as (machine, mouse, values):
        assert values == [0, 8, 4]  # 2Ah: shown, hot spot (8, 4)
        screen = mode13_screen(machine)
        expected = mode13_expected(100 - 8, 60 - 4, screen_mask, cursor_mask)
        assert screen[REPORT_ROWS_13:] == expected[REPORT_ROWS_13:]
        assert screen[56 * 320 + 92] == 0x0F and screen[56 * 320 + 96] == 0  # white, then black
        assert screen[64 * 320 + 104] == (64 * 320 + 104) & 0xFF ^ 0x0F


def planar_screen(machine, width: int, height: int):
    """The colours of a 16-colour planar mode, decoded from the four planes."""
    import numpy as np

    planes = machine.vdd("VVIDEO").vga.planes
    colours = np.zeros((height, width), dtype=np.uint8)
    for p, plane in enumerate(planes):
        bits = np.unpackbits(np.frombuffer(bytes(plane[:width * height // 8]), dtype=np.uint8))
        colours |= (bits.reshape(height, width) << p).astype(np.uint8)
    return colours


def test_arrow_in_mode_12h(tmp_path, engine):
    with session("mouse_arrow12", tmp_path, engine) as (machine, mouse, values):
        assert values == [0]
        # Planes 0 and 2 hold CCh, plane 1 AAh: colours 7 5 2 0 across every 4 pixels.
        expected = [[(7, 5, 2, 0)[x % 4] for x in range(640)] for _ in range(480)]
        for x, y, s, c in pointer_pixels(300, 200, 640, 480):
            expected[y][x] = overlay(expected[y][x], s, c, 0x0F, 0x0F)
        screen = planar_screen(machine, 640, 480)
        assert screen[32:].tolist() == expected[32:]  # under the report's two rows of 16 lines
        assert screen[201, 301] == 0x0F  # white just inside the tip


def cga_screen(machine, bpp: int) -> list[list[int]]:
    """The pixels of a CGA mode, from its two interleaved banks at B8000."""
    data = machine.ram.read(0xB8000, 0x4000)
    per_byte, mask = 8 // bpp, (1 << bpp) - 1
    width = 80 * per_byte
    return [[data[(y & 1) * 0x2000 + (y >> 1) * 80 + x // per_byte] >> ((per_byte - 1 - x % per_byte) * bpp) & mask
             for x in range(width)] for y in range(200)]


def test_arrow_in_cga_modes(tmp_path, engine):
    """Mode 06h takes a mask bit a pixel; mode 04h two bits a pixel (an arrow 8 pixels wide)."""
    for mode, bpp in ((6, 1), (4, 2)):
        with session("mouse_cga", tmp_path, engine, defines={"MODE": str(mode)}) as (machine, mouse, values):
            assert values == [0]
            per_byte = 8 // bpp
            background = [[0x1B >> ((per_byte - 1 - x % per_byte) * bpp) & ((1 << bpp) - 1)
                           for x in range(80 * per_byte)] for _ in range(200)]
            expected = [row[:] for row in background]
            left = 320 if bpp == 1 else 160  # x as the 640-wide virtual screen scales to the mode
            for j in range(16):
                for i in range(16 // bpp):
                    shift = 16 - bpp * (i + 1)
                    s = ARROW_SCREEN[j] >> shift & ((1 << bpp) - 1)
                    c = ARROW_CURSOR[j] >> shift & ((1 << bpp) - 1)
                    expected[100 + j][left + i] = (background[100 + j][left + i] & s) ^ c
            assert cga_screen(machine, bpp)[16:] == expected[16:], f"mode {mode:02X}h"


# -- the driver's functions --------------------------------------------------------------------

def test_conditional_off(tmp_path, engine):
    with session("mouse_exclude", tmp_path, engine) as (machine, mouse, values):
        assert values[0:2] == [0, 0x7020]  # shown: the blank cell's colours inverted
        assert values[2:4] == [0, 0x7020]  # an area elsewhere
        assert values[4:6] == [0xFFFF, 0x0720]  # the pointer in the area: hidden, the cell itself
        assert values[6] == 0xFFFF  # moving out does not show it again
        assert values[7:9] == [0, 0x7020]  # 01h does, at the new place
        assert values[9:12] == [0, 0x7020, 0x0720]  # and the area is gone
        assert values[12:15] == [0xFFFF, 0x0720, 0x0720]  # moved into a new area: hidden
        assert values[15:17] == [0x2E5A, 0x7020]  # the program's own write under the pointer stays


def test_state_saved_and_restored(tmp_path, engine):
    with session("mouse_state", tmp_path, engine) as (machine, mouse, values):
        size = values[0]
        assert 0 < size <= 400
        assert values[1:4] == [0xFFFE, 0x0720, 0x0720]  # moved, hidden twice, other masks
        assert values[4:7] == [0, 160, 80]  # restored: shown, at (160, 80)
        assert values[7:9] == [0x1E2A, 0x0720]  # with the saved masks, at the saved place


def test_mode_set_hides_the_pointer_and_driver_functions(tmp_path, engine):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    int10 = machine.ram.read(0x40, 4)
    machine.close()
    with session("mouse_modes", tmp_path, engine) as (machine, mouse, values):
        assert values[0] == 0x6058  # 1F58h shown: (1F58h AND 77FFh) XOR 7700h
        assert values[1:3] == [0x1F58, 0xFFFF]  # a mode set (memory kept): the cell back, hidden
        assert values[3] == 0x6058
        assert values[4:6] == [0xFFFF, 0]  # mode 13h: hidden, nothing drawn
        assert values[6:9] == [0, 639, 199]  # 26h: enabled, the largest x and y
        assert values[9] == 0x0F  # shown in mode 13h
        assert values[10:13] == [0x1F, 0xF000, 0xFF53]  # 1Fh: INT 33h before the driver
        assert values[13:15] == [0, 1]  # disabled: off the screen; 26h says so
        assert values[15:17] == [0x20, 0x0F]  # 20h: back on the screen
        assert values[17] == 1  # 1Eh: the page 1Dh set
        assert machine.ram.read(0x40, 4) == int10  # the pointer hidden, INT 10h is the BIOS's again


def test_vdd_save_and_load(tmp_path, engine):
    """A saved session (the mouse's state with video memory) goes on as it was: the pointer is
    taken off where it was drawn when the user moves it after the load."""
    with session("mouse_state", tmp_path, engine) as (machine, mouse, values):
        video = machine.vdd("VVIDEO")
        screen = machine.ram.read(TEXT_BASE, 4000)
        state = mouse.save()
        host_move(mouse, 75 * 8, 18 * 16, cell=(8, 16))  # column 75, row 18
        assert machine.ram.rw(video.cell_addr(18, 75)) == 0x1E2A
        machine.ram.write(TEXT_BASE, screen)  # the video VDD's part of the load
        mouse.load(state)
        assert (mouse.position(), mouse.visible) == ((160, 80), True)
        host_move(mouse, 30 * 8, 3 * 16, cell=(8, 16))  # column 30, row 3
        assert machine.ram.rw(video.cell_addr(10, 20)) == 0x0720
        assert machine.ram.rw(video.cell_addr(18, 75)) == 0x0720
        assert machine.ram.rw(video.cell_addr(3, 30)) == 0x1E2A


def test_arrow_in_a_vesa_mode(tmp_path, engine):
    with session("mouse_vesa", tmp_path, engine) as (machine, mouse, values):
        assert values == [0x004F, 0]  # the mode set, the pointer shown
        view = machine.vdd("VVIDEO").vbe.view
        expected = [o & 0xFF for o in range(0x10000)]
        for x, y, s, c in pointer_pixels(300, 60, 640, 480):
            expected[y * 640 + x] = overlay(expected[y * 640 + x], s, c, 0xFF, 0x0F)
        start = 32 * 640  # under the report's two rows
        assert list(view[start:0x10000]) == expected[start:]
        assert view[61 * 640 + 301] == 0x0F


@pytest.mark.parametrize("mode, size", [("111h", 2), ("112h", 4)])
def test_arrow_in_direct_colour_vesa_modes(tmp_path, engine, mode, size):
    """16 and 32 bits a pixel: the screen mask keeps a pixel whole, the cursor mask makes it white
    (all of 5:6:5, the 24 colour bits of xRGB)."""
    with session("mouse_vesa", tmp_path, engine, defines={"MODE": mode}) as (machine, mouse, values):
        assert values == [0x004F, 0]
        view = machine.vdd("VVIDEO").vbe.view
        pitch, ones, white = 640 * size, (1 << 8 * size) - 1, 0xFFFF if size == 2 else 0xFFFFFF
        start, end = 32 * pitch, 80 * pitch  # under the report's rows, down past the arrow
        expected = bytearray(o & 0xFF for o in range(0x10000)) + bytearray(end - 0x10000)
        for x, y, s, c in pointer_pixels(300, 60, 640, 480):
            at = y * pitch + x * size
            old = int.from_bytes(expected[at:at + size], "little")
            expected[at:at + size] = overlay(old, s, c, ones, white).to_bytes(size, "little")
        assert bytes(view[start:end]) == bytes(expected[start:end])
        at = 61 * pitch + 301 * size
        assert int.from_bytes(view[at:at + size], "little") == white


def test_arrow_in_mode_0dh_at_half_x(tmp_path, engine):
    """320 pixels wide: virtual x 320 is pixel 160, the arrow a mask bit a pixel."""
    with session("mouse_cga", tmp_path, engine, defines={"MODE": "0Dh"}) as (machine, mouse, values):
        assert values == [0]
        expected = [[0] * 320 for _ in range(200)]
        for x, y, s, c in pointer_pixels(160, 100, 320, 200):
            expected[y][x] = overlay(0, s, c, 0x0F, 0x0F)
        assert planar_screen(machine, 320, 200)[16:].tolist() == expected[16:]
