"""VMOUSE: the pointer the driver draws into video memory, its shapes, and the state functions.

The expected screens are computed here from the masks, as the Microsoft mouse driver documents
them: the screen mask is ANDed with what is on the screen, then the cursor mask XORed.
"""

from __future__ import annotations

import contextlib
import threading
import time

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
def session(name: str, tmp_path, engine, host=None):
    """Run guest program `name` (with `host(mouse)` acting as the user on a thread); yields the
    machine, its mouse, and the program's words. The screen stays as the program left it."""
    program = assemble(name, tmp_path)
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
