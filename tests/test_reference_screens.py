"""mvm's frames against screenshots DOSBox took of the same programs.

Each tests/guest/screen_*.asm program sets a mode through INT 10h, draws a test
picture and waits for a key; tests/reference/<name>.png is DOSBox 0.74's own
screenshot of it (tests/reference/make_references.py takes them; its docstring
says how). Here the program runs in mvm, a key ends it with the screen as drawn,
and `video.frame()` must show the same pixels. The pictures come from another
implementation, so a mistake the renderer and the tests computing expected
frames share shows up here.

The programs draw nothing with the BIOS's ROM font: mvm takes its glyphs from the
host's fonts and DOSBox has IBM's, so the text modes load a font the program
computes, and every pixel is the program's.

Where DOSBox's capture is not the picture a VGA's DAC produces, the comparison
says so explicitly (the CAPTURES table):

* Colour precision. A VGA's DAC has 6 bits per component. DOSBox's S3 (the
  graphics modes' machine) captures the palette modes as 8-bit pictures whose
  colours it widens from 6 bits as (v << 2) | (v >> 4), as mvm does (3Fh is FFh,
  2Ah is AAh): these compare exactly (`exact`), so the widening is checked too;
  were either to widen otherwise (v << 2, say), v >> 2 would still be comparable.
  DOSBox draws the 9-dot text of machine=vgaonly (the text modes' machine: its
  S3 draws mode 03h in 8-dot cells, 640 wide) into a 16-bit 5:6:5 buffer, so its
  grey 2Ah is (173, 170, 173): the text modes compare at 5:6:5 (`565`: the top
  5, 6 and 5 bits of red, green and blue), which still tells the 16 text colours
  apart. VESA 111h stores 5:6:5 pixels that mvm widens with rounding and DOSBox
  by repeating the high bits: compared at 5:6:5 too. VESA 112h's 8-bit
  components compare exactly.
* Doubled lines. Modes 06h and 0Eh are 200 lines each scanned twice; DOSBox
  captures the 400 scan lines (640x400), mvm's frame has the 200 (640x200):
  every pair of captured lines must be equal, and one of each pair is compared.
  The other modes capture at mvm's size (DOSBox's S3 keeps 13h, 0Dh and mode X
  at 320 wide; its 200-line modes 04h, 0Dh and 13h at 200 lines).
* 80x43 (1112h on 350 lines). The BIOS reprograms the vertical display end to
  rows x cell height - 1 (the IBM BIOS's rule, mvm's: 43 x 8 = 344 lines shown);
  DOSBox 0.74 leaves it at 349 and shows six lines of a 44th row. The 344 lines
  both show are compared (EXTRA_LINES).
* Mode 11h. The VGA BIOS's palette for it alternates 00h and 3Fh with every
  plane enabled, so only plane 0 shows (mvm); DOSBox 0.74 makes every colour
  but 0 the foreground. The program clears planes 1-3 after drawing, so both
  show the same.
* Mode 07h and the underline. Both put mode 07h's attributes through the
  attribute palette (00h, 08h x7, 10h, 18h x7) and a DAC of black, grey (08h)
  and white (18h), and draw the underline location's line (CRTC 14h) in the
  foreground under an attribute with bit 0 set, in colour modes too (underline).
  A VGA does so only when bits 1-2 and 4-6 are clear; DOSBox 0.74 also when a
  background is there (bits 4-6): mono and underline leave out the 28
  attributes with foreground bits 001 and a background.
* Scrolling and split screens (split12, splitx, splittext: start address,
  preset row scan, pixel panning, line compare). DOSBox 0.74 pans 9-dot text
  otherwise than a VGA, which shifts by value + 1 dots (8: none): splittext
  leaves the panning at 8, and panning is compared in modes 12h and X. In a
  mode whose lines are two scan lines, an even line compare splits a line
  between its two scan lines, which a frame of whole lines cannot show (mvm
  keeps the line above the split, DOSBox shows the one below): splitx uses an
  odd one.
* The DAC's pixel mask (pelmask): a VGA applies it in the DAC, after the
  attribute palette (mvm); DOSBox 0.74 applies it to the colour before the
  palette. The program makes the palette 00h-0Fh, for which both orders agree.
* The cursor blinks in DOSBox: the text programs hide it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import assemble
from mvm import Machine

REFERENCE = Path(__file__).parent / "reference"

# name: (mvm's frame as (width, height), lines DOSBox's capture has per frame line, colour precision)
CAPTURES = {
    "text80": ((720, 400), 1, "565"),
    "text40": ((720, 400), 1, "565"),
    "text50": ((720, 400), 1, "565"),
    "text8": ((640, 400), 1, "565"),
    "text512": ((720, 400), 1, "565"),
    "underline": ((720, 400), 1, "565"),
    "text43": ((640, 344), 1, "565"),
    "mono": ((720, 400), 1, "565"),
    "splittext": ((720, 400), 1, "565"),
    "cga4": ((320, 200), 1, "exact"),
    "cga5": ((320, 200), 1, "exact"),
    "cga6": ((640, 200), 2, "exact"),
    "ega0d": ((320, 200), 1, "exact"),
    "ega0e": ((640, 200), 2, "exact"),
    "ega0f": ((640, 350), 1, "exact"),
    "ega10": ((640, 350), 1, "exact"),
    "vga11": ((640, 480), 1, "exact"),
    "vga12": ((640, 480), 1, "exact"),
    "split12": ((640, 480), 1, "exact"),
    "pelmask": ((640, 480), 1, "exact"),
    "13h": ((320, 200), 1, "exact"),
    "pelmask13": ((320, 200), 1, "exact"),
    "modex": ((320, 240), 1, "exact"),
    "splitx": ((320, 240), 1, "exact"),
    "vesa101": ((640, 480), 1, "exact"),
    "vesascroll": ((640, 480), 1, "exact"),
    "vesa111": ((640, 480), 1, "565"),
    "vesa112": ((640, 480), 1, "exact"),
}

# Lines DOSBox shows below the rows mvm's frame ends with (see the docstring): not compared.
EXTRA_LINES = {"text43": 6}


def precision(frame: np.ndarray, kind: str) -> np.ndarray:
    """The colours reduced to what the comparison `kind` keeps."""
    rgb = frame.astype(np.uint8)
    if kind == "565":
        return rgb >> np.array([3, 2, 3], dtype=np.uint8)
    return rgb


def reference(name: str, lines: int) -> np.ndarray:
    """DOSBox's capture as [height, width, 3], one line of each doubled pair."""
    shot = np.array(Image.open(REFERENCE / f"{name}.png").convert("RGB"))
    if lines > 1:
        assert shot.shape[0] % lines == 0
        pairs = shot.reshape(shot.shape[0] // lines, lines, *shot.shape[1:])
        assert (pairs == pairs[:, :1]).all(), "the capture's doubled lines differ"
        shot = pairs[:, 0]
    return shot


def describe(mvm: np.ndarray, dosbox: np.ndarray, differ: np.ndarray) -> str:
    ys, xs = np.nonzero(differ)
    y, x = ys[0], xs[0]
    return (f"{len(ys)} pixels differ, in lines {ys.min()}-{ys.max()} and columns {xs.min()}-{xs.max()}; "
            f"the first at ({x}, {y}): mvm {tuple(mvm[y, x])}, DOSBox {tuple(dosbox[y, x])}")


@pytest.mark.parametrize("name", list(CAPTURES))
def test_frame_matches_dosbox(name, tmp_path, engine):
    size, lines, kind = CAPTURES[name]
    program = assemble(f"screen_{name}", tmp_path, out_name=f"{name.upper()}.COM")
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        result = machine.run(program.name, [], stdin=b" ", timeout=30)
        frame = machine.vdd("VVIDEO").frame()
    finally:
        machine.close()
    assert result.status == "exited", result.report
    assert result.exit_code == 0
    assert (frame.shape[1], frame.shape[0]) == size
    dosbox = reference(name, lines)
    extra = EXTRA_LINES.get(name, 0)
    assert dosbox.shape == (frame.shape[0] + extra, *frame.shape[1:])
    dosbox = dosbox[:frame.shape[0]]
    differ = (precision(frame, kind) != precision(dosbox, kind)).any(axis=2)
    assert not differ.any(), describe(frame, dosbox, differ)


def test_every_program_has_a_reference():
    import importlib.util

    programs = {p.stem.removeprefix("screen_") for p in (Path(__file__).parent / "guest").glob("screen_*.asm")}
    assert programs == set(CAPTURES)
    assert {p.stem for p in REFERENCE.glob("*.png")} == set(CAPTURES)
    spec = importlib.util.spec_from_file_location("make_references", REFERENCE / "make_references.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert set(script.PROGRAMS) == set(CAPTURES)  # the script takes them all
