"""Whatever a program writes to the VGA's registers, the screen can still be shown: the
frame, the text views the windows use and the cursor never raise, and a frame stays
within what a VGA can scan out."""

from __future__ import annotations

import random

import pytest

from mvm import Machine

INDEXED = (0x3C4, 0x3CE, 0x3D4, 0x3B4)  # index ports: a register number below 20h
PORTS = INDEXED + (0x3C0, 0x3C2, 0x3C5, 0x3CF, 0x3D5, 0x3B5, 0x3C6, 0x3C7, 0x3C8, 0x3C9)
MODES = (0x00, 0x01, 0x03, 0x04, 0x06, 0x07, 0x0D, 0x0F, 0x10, 0x11, 0x12, 0x13)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_register_values_never_break_the_screen(tmp_path, seed):
    rng = random.Random(seed)
    machine = Machine({"C": str(tmp_path)})
    try:
        video = machine.vdd("VVIDEO")
        for step in range(800):
            if step % 80 == 0:
                video.set_mode(rng.choice(MODES))
            for _ in range(8):
                port = rng.choice(PORTS)
                video.vga.port_write(port, 1, rng.randrange(0x20 if port in INDEXED else 0x100))
            frame = video.frame(rng.random() < 0.5)
            height, width, depth = frame.shape
            # at most 256 cells of 9 dots, each dot doubled by a halved dot clock; 1024 scan lines
            assert depth == 3 and 0 < width <= 256 * 9 * 2 and 0 < height <= 1024
            if video.gfx is None:
                cols, rows = video.shown_size()
                assert len(video.shown_text()) == cols * rows * 2
                cursor = video.shown_cursor()
                assert cursor is None or (0 <= cursor[0] < rows and 0 <= cursor[1] < cols)
                video.screen_text()
    finally:
        machine.close()
