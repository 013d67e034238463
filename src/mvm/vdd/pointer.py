"""The mouse driver's pointer on the screen, drawn into video memory as a DOS mouse driver does.

Text modes: the software cursor changes the cell's (char, attribute) word (AND screen
mask, XOR cursor mask), the hardware cursor moves the CRTC's. Graphics modes (CGA,
planar, 13h, 8-bit VESA): a 16x16 pointer, AND then XOR per pixel, clipped at the
edges, at the position scaled from the driver's virtual screen. What it covers is kept
in `_under` and put back by `_erase`; `_drawn` says where it is, so that nothing is
rewritten while it stays put. A mode set (the driver's INT 10h hook, or a new mode found
later by `_check_mode`) hides it.

`PointerDrawing` is mixed into the mouse VDD (`mouse.py`), which owns the position,
the show counter, the shapes and the INT 10h hook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..ist import Registers

# The default graphics pointer: an arrow with its hot spot at the tip (0, 0). Row by row,
# bit 15 is the leftmost pixel; the screen mask is ANDed with the screen, then the
# cursor mask XORed: 0/1 white, 0/0 black, 1/0 unchanged.
ARROW_SCREEN = (0x3FFF, 0x1FFF, 0x0FFF, 0x07FF, 0x03FF, 0x01FF, 0x00FF, 0x007F,
                0x003F, 0x001F, 0x01FF, 0x10FF, 0x30FF, 0xF87F, 0xF87F, 0xFC3F)
ARROW_CURSOR = (0x0000, 0x4000, 0x6000, 0x7000, 0x7800, 0x7C00, 0x7E00, 0x7F00,
                0x7F80, 0x7C00, 0x6C00, 0x4600, 0x0600, 0x0300, 0x0300, 0x0000)
# The default text pointer: the cell's colours inverted, its character kept.
TEXT_SCREEN, TEXT_CURSOR = 0x77FF, 0x7700
CURSOR_REGS = (0x0A, 0x0B, 0x0E, 0x0F)  # CRTC cursor start and end line, location high and low
# 256-colour modes: a set cursor-mask bit XORs the low four bits, so the arrow is white (15)
# over black as in the 16-colour modes (all ones would be colour 255, black in the BIOS palette).
XOR_256 = 0x0F


class PointerDrawing:
    """Drawing and erasing the pointer; mixed into the mouse VDD."""

    def _screen_sig(self) -> tuple:
        """What identifies the screen the pointer is drawn on: mode, text size, graphics mode."""
        video = self._video()
        if video is None:
            return (self._mode(),)
        return self._mode(), video.gfx, video.cols, video.rows

    def _check_mode(self) -> None:
        """A new video mode replaced the screen (and whatever the pointer covered): the pointer is
        hidden, as after the driver's INT 10h hook, and the ranges span the new virtual screen."""
        sig = self._screen_sig()
        if sig == self._sig:
            return
        self._sig = sig
        video = self._video()
        if self._under is not None and self._under[0] != "pixels" and video is not None and video.gfx is None:
            self._erase()  # text kept (a font change): a cell still showing the pointer is put back
        self._under = self._drawn = None
        self._chain_int10(False)
        self.counter = -1
        self.exclusion = None
        self._full_ranges()

    def _before_mode_set(self, r: Registers) -> None:
        """The INT 10h hook's gate, before a mode set: take the pointer off the old screen."""
        self._check_mode()
        self._erase()
        self.counter = -1
        self._sig = None  # the ranges follow the new mode at the next look (_check_mode)

    def _refresh(self) -> None:
        """Bring the screen in line with the state: the pointer drawn where it should be, or not."""
        if self.exclusion is not None and self.counter >= 0 and self._in_exclusion():
            self.counter -= 1  # 10h: as a hide (02h), undone by the next show (01h)
            self.exclusion = None
        wanted = self._placement()
        if wanted == self._drawn:
            return
        self._erase()
        if wanted is not None:
            self._draw(wanted)

    def _placement(self) -> tuple | None:
        """Where and how the pointer is to be drawn: ("text", page, row, col, hardware, masks) or
        ("gfx", left, top, shape) in pixels; None when it is not shown."""
        video = self._video()
        if self.counter < 0 or self.disabled or video is None or self._screen_sig() != self._sig:
            return None
        gfx = video.gfx
        if gfx is None:
            col, row = self.x // (16 if video.cols <= 40 else 8), self.y // 8
            if not (0 <= row < video.rows and 0 <= col < video.cols):
                return None
            return "text", self.page, row, col, self.text_hardware, self.text_masks
        if not self._drawable(gfx):
            return None
        width, height = self.virtual_size()
        px, py = self.x * gfx.width // width, self.y * gfx.height // height
        hot_x = self.hot_spot[0] // 2 if self._bit_pairs(gfx) else self.hot_spot[0]
        return "gfx", px - hot_x, py - self.hot_spot[1], self.shape

    @staticmethod
    def _drawable(gfx) -> bool:
        return gfx.kind in ("cga", "planar", "chained", "vesa")

    @staticmethod
    def _bit_pairs(gfx) -> bool:
        """The four-colour CGA modes take the masks two bits a pixel: an 8-pixel-wide pointer."""
        return gfx.kind == "cga" and gfx.bpp == 2

    def _pointer_rect(self) -> tuple[int, int, int, int] | None:
        """The pointer's extent in virtual coordinates (left, top, right, bottom), where it would
        be drawn if shown; None in a mode it is not drawn in."""
        video = self._video()
        if video is None:
            return None
        if video.gfx is None:
            cw = 16 if video.cols <= 40 else 8
            left, top = self.x - self.x % cw, self.y - self.y % 8
            return left, top, left + cw - 1, top + 7
        gfx = video.gfx
        width, height = self.virtual_size()
        sx, sy = width // gfx.width, height // gfx.height
        wide = 8 if self._bit_pairs(gfx) else 16
        hot_x = self.hot_spot[0] // 2 if self._bit_pairs(gfx) else self.hot_spot[0]
        left = (self.x * gfx.width // width - hot_x) * sx
        top = (self.y * gfx.height // height - self.hot_spot[1]) * sy
        return left, top, left + wide * sx - 1, top + 16 * sy - 1

    def _in_exclusion(self) -> bool:
        """Whether the pointer's image reaches into the 10h area."""
        rect = self._pointer_rect()
        if rect is None or self.exclusion is None:
            return False
        left, top, right, bottom = self.exclusion
        return rect[0] <= right and left <= rect[2] and rect[1] <= bottom and top <= rect[3]

    def _draw(self, wanted: tuple) -> None:
        if wanted[0] == "text":
            _, page, row, col, hardware, masks = wanted
            if hardware:
                self._draw_crtc(page, row, col, masks)
            else:
                self._draw_cell(page, row, col, masks)
        else:
            self._draw_pixels(*wanted[1:])
        self._drawn = wanted
        self._chain_int10(True)

    def _draw_cell(self, page: int, row: int, col: int, masks: tuple[int, int]) -> None:
        """The software text cursor: the cell's (char, attribute) word AND screen mask XOR cursor mask."""
        addr = self._video().cell_addr(row, col, page)
        old = self.ram.rw(addr)
        new = (old & masks[0]) ^ masks[1]
        self.ram.ww(addr, new)
        self._under = ("cell", addr, old, new)

    def _draw_crtc(self, page: int, row: int, col: int, lines: tuple[int, int]) -> None:
        """The hardware text cursor: the CRTC's cursor moved to the cell, with the 0Ah scan lines."""
        video = self._video()
        crtc = video.vga.crtc
        where = ((video.cell_addr(row, col, page) - video.text_base) // 2) & 0xFFFF
        values = (lines[0] & 0x1F, lines[1] & 0x1F, where >> 8, where & 0xFF)
        self._under = ("crtc", [(i, crtc[i], v) for i, v in zip(CURSOR_REGS, values, strict=True)])
        for i, value in zip(CURSOR_REGS, values, strict=True):
            crtc[i] = value

    def _pixel_masks(self, gfx, screen: int, cursor: int) -> list[tuple[int, int]]:
        """(AND, XOR) values for each pixel of one row of the pointer in this mode."""
        if self._bit_pairs(gfx):
            return [((screen >> (14 - 2 * i)) & 3, (cursor >> (14 - 2 * i)) & 3) for i in range(8)]
        full = 0x0F if gfx.kind == "planar" else (1 << gfx.bpp) - 1
        # white: the low four bits of a 256-colour index, all of 5:6:5, the 24 colour bits of xRGB
        xor = XOR_256 if gfx.bpp == 8 else 0xFFFFFF if gfx.bpp == 32 else full
        return [(full if screen & (0x8000 >> i) else 0, xor if cursor & (0x8000 >> i) else 0) for i in range(16)]

    def _draw_pixels(self, left: int, top: int, shape: tuple[tuple[int, ...], tuple[int, ...]]) -> None:
        """The graphics pointer, clipped at the screen's edges; planes and RAM are written directly
        through the video VDD, never through the guest-visible VGA registers."""
        video = self._video()
        gfx = video.gfx
        pixels = []
        for j in range(16):
            y = top + j
            if not 0 <= y < gfx.height:
                continue
            for i, (and_v, xor_v) in enumerate(self._pixel_masks(gfx, shape[0][j], shape[1][j])):
                x = left + i
                if not 0 <= x < gfx.width:
                    continue
                old = video.get_pixel(x, y)
                new = (old & and_v) ^ xor_v
                if new != old:
                    video.set_pixel(x, y, new)
                pixels.append((x, y, old, new))
        self._under = ("pixels", pixels)

    def _erase(self) -> None:
        """Put back what the pointer covered. A cell or pixel the program has changed since
        (no longer what the pointer left there) is the program's and is kept."""
        under, self._under, self._drawn = getattr(self, "_under", None), None, None
        if under is None:
            return
        self._chain_int10(False)
        video = self._video()
        if under[0] == "cell":
            _, addr, old, new = under
            if self.ram.rw(addr) == new:
                self.ram.ww(addr, old)
        elif under[0] == "crtc":
            crtc = video.vga.crtc
            for index, old, new in under[1]:
                if crtc[index] == new:
                    crtc[index] = old
        elif video.gfx is not None:
            for x, y, old, new in under[1]:
                if old != new and video.get_pixel(x, y) == new:
                    video.set_pixel(x, y, old)
