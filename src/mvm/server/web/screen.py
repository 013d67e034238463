"""A session's text screen as cells, read from guest memory as a display adapter reads it.

The snapshot is taken in the session process (between engine slices) as the VGA's
CRTC shows the text buffer (columns, rows, start address, cursor: see
`Video.shown_text`), so it shows what a program drew whether it called the BIOS,
wrote video memory or programmed the CRTC itself.
"""

from __future__ import annotations

from typing import Any

from ...vdd.video import CELL_CHARS

try:
    # Loaded now, in the fork server: a session process may not map new libraries
    # (numpy's) once its memory limit is set, and it renders graphics frames with them.
    from PIL import Image  # noqa: F401 - the PNG of GET /sessions/{id}/screen?format=png

    from ...vdd import render  # noqa: F401
except ImportError:
    pass

BDA_MODE, BDA_COLUMNS, BDA_PAGE_START = 0x449, 0x44A, 0x44E
BDA_CURSOR, BDA_CURSOR_SHAPE, BDA_PAGE, BDA_ROWS = 0x450, 0x460, 0x462, 0x484
BDA_MODE_CONTROL = 0x465  # bit 5: attribute bit 7 blinks (else it is a bright background)
TEXT_MODES = frozenset({0, 1, 2, 3, 7})
MAX_COLS, MAX_ROWS = 132, 100  # bounds on what the BDA or CRTC may claim, so a wild program cannot make huge snapshots


def video_of(machine: Any) -> Any:
    """The session's video VDD, or None when it has none."""
    try:
        return machine.vdd("VVIDEO")
    except KeyError:
        return None


def is_text_mode(mode: int, video: Any) -> bool:
    """Whether the screen is a text page (cells), not a frame of pixels."""
    return mode in TEXT_MODES and getattr(video, "gfx", None) is None


def snapshot(machine: Any) -> dict[str, Any]:
    """The screen: a text page's cells, or a graphics mode's RGB frame when the video VDD can render one."""
    ram = machine.ram
    mode = ram.rb(BDA_MODE) & 0x7F
    video = video_of(machine)
    if is_text_mode(mode, video):
        return text_snapshot(ram, mode, video)
    return graphics_snapshot(video, mode)


def graphics_snapshot(video: Any, mode: int) -> dict[str, Any]:
    """The frame as [height, width, 3] RGB bytes; only the mode when the VDD has no renderer."""
    frame_of = getattr(video, "frame", None)
    if frame_of is None:
        return {"mode": mode, "text": False}
    frame = frame_of()
    height, width = frame.shape[:2]
    return {"mode": mode, "text": False, "width": width, "height": height, "rgb": frame.tobytes()}


def text_snapshot(ram: Any, mode: int, video: Any = None) -> dict[str, Any]:
    """The screen: mode, size, cursor and the raw (char, attr) cell bytes, as the CRTC
    shows them (its columns and rows, start address, split screen, cursor) when the
    video VDD can say, else as the BIOS data area says."""
    if video is not None and hasattr(video, "shown_size"):
        return _crtc_snapshot(mode, video)
    cols = min(max(ram.rw(BDA_COLUMNS), 1), MAX_COLS)
    rows = ram.rb(BDA_ROWS) + 1
    rows = rows if 1 < rows <= MAX_ROWS else 25
    page = ram.rb(BDA_PAGE) & 7
    base = (0xB0000 if mode == 7 else 0xB8000) + ram.rw(BDA_PAGE_START)
    shape = ram.rw(BDA_CURSOR_SHAPE)
    cursor = (ram.rb(BDA_CURSOR + 2 * page + 1), ram.rb(BDA_CURSOR + 2 * page))
    return {
        "mode": mode, "text": True, "cols": cols, "rows": rows,
        "cells": bytes(ram.read(base, cols * rows * 2)),
        "cursor": cursor,
        "cursor_visible": not (shape >> 8) & 0x20,  # bit 5 of the start line hides it, as on the CRTC
        "blink": bool(ram.rb(BDA_MODE_CONTROL) & 0x20),
    }


def _crtc_snapshot(mode: int, video: Any) -> dict[str, Any]:
    """The cells the video VDD says the CRTC shows, cut to MAX_COLS x MAX_ROWS."""
    cols, rows = video.shown_size()
    cells = video.shown_text()
    shown_cols, shown_rows = min(cols, MAX_COLS), min(rows, MAX_ROWS)
    if shown_cols < cols:
        cells = b"".join(cells[r * cols * 2:(r * cols + shown_cols) * 2] for r in range(shown_rows))
    cursor = video.shown_cursor()  # None when hidden or off the screen
    visible = cursor is not None and cursor[0] < shown_rows and cursor[1] < shown_cols
    return {
        "mode": mode, "text": True, "cols": shown_cols, "rows": shown_rows,
        "cells": cells[:shown_cols * shown_rows * 2],
        "cursor": cursor if visible else (0, 0),
        "cursor_visible": visible,
        "blink": bool(video.vga.attr[0x10] & 0x08),  # attribute mode control: bit 7 blinks
    }




COARSE_WIDTH, COARSE_HEIGHT = 160, 100  # a graphics frame for a terminal: it shows no more than this


def _coarse_pixels(snap: dict[str, Any]) -> dict[str, Any]:
    """A graphics frame sampled down to at most COARSE_WIDTH x COARSE_HEIGHT, as RGB bytes in hex."""
    if "rgb" not in snap:
        return {}
    import numpy as np

    width, height = snap["width"], snap["height"]
    frame = np.frombuffer(snap["rgb"], dtype=np.uint8).reshape(height, width, 3)
    ys = np.arange(min(height, COARSE_HEIGHT)) * height // min(height, COARSE_HEIGHT)
    xs = np.arange(min(width, COARSE_WIDTH)) * width // min(width, COARSE_WIDTH)
    small = frame[ys][:, xs]
    return {"pixels": small.tobytes().hex(), "pixels_size": [len(xs), len(ys)]}


def cells_view(snap: dict[str, Any] | None) -> dict[str, Any]:
    """A snapshot as JSON for the screen endpoint's ?format=cells: per text row its characters (code
    page 437 as Unicode, one per cell) and its attribute bytes in hex; a graphics mode's size and a
    coarse copy of its frame ("pixels": RGB in hex, "pixels_size": [width, height])."""
    if snap is None:
        return {"mode": -1, "text": False}
    if not snap.get("text"):
        return {key: snap[key] for key in ("mode", "width", "height") if key in snap} | {"text": False} | \
            _coarse_pixels(snap)
    cols, rows, cells = snap["cols"], snap["rows"], snap["cells"]
    lines = [cells[r * cols * 2:(r + 1) * cols * 2] for r in range(rows)]
    return {"mode": snap["mode"], "text": True, "cols": cols, "rows": rows, "cursor": list(snap["cursor"]),
            "cursor_visible": bool(snap["cursor_visible"]), "blink": bool(snap.get("blink", True)),
            "cells": [["".join(CELL_CHARS[c] for c in line[::2]), line[1::2].hex()] for line in lines]}


def png_snapshot(machine: Any) -> bytes | None:
    """The screen as the monitor shows it (text drawn with the font), as a PNG; None without a renderer.
    Its size is the frame's own: the renderer decides how wide a text cell is."""
    frame_of = getattr(video_of(machine), "frame", None)
    if frame_of is None:
        return None
    return encode_png(frame_of())


def encode_png(pixels: Any) -> bytes:
    """RGB pixels ([height, width, 3 or more] uint8) as a PNG, made for speed over size."""
    import io

    import numpy as np
    from PIL import Image

    if pixels.ndim == 3 and pixels.shape[2] > 3:
        pixels = pixels[..., :3]
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), "RGB").save(out, "PNG", compress_level=1)
    return out.getvalue()
