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
