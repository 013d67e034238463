"""VESA BIOS extensions 2.0 (INT 10h/4Fxxh) for VVIDEO.

The VESA modes draw into a framebuffer of host memory that the guest sees twice:
whole at LFB_BASE (the linear framebuffer) and 64 KiB at a time, the bank, through
the window at A0000.
"""

from __future__ import annotations

import ctypes
import struct
from typing import TYPE_CHECKING

from .modes import BDA_MODE, GfxMode
from .vga import A000, PLANE_SIZE

if TYPE_CHECKING:
    from ..ist import Registers
    from ..vdh import Vdh


LFB_BASE = 0xE0000000  # where the linear framebuffer appears in the guest's physical space
LFB_SIZE = 4 << 20
VBE_MODES = {  # number: (width, height, bits per pixel)
    0x100: (640, 400, 8), 0x101: (640, 480, 8), 0x103: (800, 600, 8),
    0x111: (640, 480, 16), 0x114: (800, 600, 16), 0x112: (640, 480, 32), 0x115: (800, 600, 32),
}


def vbe_mode_info(number: int) -> bytes:
    """The 256-byte ModeInfoBlock of VBE 2.0 for one of VBE_MODES."""
    width, height, bpp = VBE_MODES[number]
    pitch = width * bpp // 8
    info = bytearray(256)
    struct.pack_into("<HBBHHHHIH", info, 0, 0x009B, 0x07, 0x00, 64, 64, 0xA000, 0, 0, pitch)
    pages = max(LFB_SIZE // (pitch * height) - 1, 0)
    struct.pack_into("<HHBBBBBBBBB", info, 0x12, width, height, 8, 16, 1, bpp, 1,
                     4 if bpp == 8 else 6, 0, min(pages, 255), 1)
    if bpp == 16:  # 5:6:5
        info[0x1F:0x27] = bytes((5, 11, 6, 5, 5, 0, 0, 0))
    elif bpp == 32:  # x:8:8:8
        info[0x1F:0x27] = bytes((8, 16, 8, 8, 8, 0, 8, 24))
    struct.pack_into("<I", info, 0x28, LFB_BASE)
    struct.pack_into("<H", info, 0x32, pitch)  # LinBytesPerScanLine (VBE 3 field, harmless)
    return bytes(info)


class VbeMemory:
    """The framebuffer of the VESA modes: host memory shown to the guest at LFB_BASE,
    and 64 KiB at a time (the bank) through the window at A0000."""

    def __init__(self) -> None:
        self._buffer: ctypes.Array | None = None  # allocated by the first VESA mode set
        self.bank = 0
        self.mapped = False

    @property
    def buffer(self) -> ctypes.Array:
        if self._buffer is None:
            self._buffer = (ctypes.c_ubyte * LFB_SIZE)()
            self._view = memoryview(self._buffer).cast("B")
        return self._buffer

    @property
    def view(self) -> memoryview:
        _ = self.buffer  # allocates
        return self._view

    def map_into(self, engine) -> None:
        """Show the buffer at LFB_BASE. The engine has no call for memory beyond RAM,
        so this uses unicorn's own mapping of host memory; other engines go without."""
        if self.mapped:
            return
        uc = getattr(engine, "_uc", None)
        if uc is None or not hasattr(uc, "mem_map_ptr"):
            return
        from unicorn import UC_PROT_READ, UC_PROT_WRITE

        uc.mem_map_ptr(LFB_BASE, LFB_SIZE, UC_PROT_READ | UC_PROT_WRITE, ctypes.addressof(self.buffer))
        self.mapped = True

    def clear(self) -> None:
        ctypes.memset(self.buffer, 0, LFB_SIZE)

    def window_read(self, addr: int, size: int) -> int:
        base = self.bank * PLANE_SIZE + ((addr - A000) & 0xFFFF)
        return int.from_bytes(self.view[base:base + size], "little") if base + size <= LFB_SIZE else 0

    def window_write(self, addr: int, size: int, value: int) -> None:
        base = self.bank * PLANE_SIZE + ((addr - A000) & 0xFFFF)
        if base + size <= LFB_SIZE:
            self.view[base:base + size] = value.to_bytes(size, "little")


class VesaBios:
    """The 4Fxxh functions, mixed into the video VDD (which owns the mode state)."""

    def setup_vbe(self, vdh: Vdh) -> None:
        self.vbe = VbeMemory()
        self.vbe_mode = 0
        self.vbe_start = (0, 0)  # 4F07h: display start (pixel, line)
        # the VBE mode list and OEM string, for 4F00h to point at
        mode_list = b"".join(n.to_bytes(2, "little") for n in VBE_MODES) + b"\xff\xff"
        self._vbe_modes_ptr = vdh.rom_alloc(mode_list)
        self._vbe_oem_ptr = vdh.rom_alloc(b"MVM VGA\0")

    def set_vbe_mode(self, number: int, clear: bool) -> bool:
        """A VESA mode: the framebuffer at LFB_BASE and, banked, at A0000."""
        if number not in VBE_MODES:
            return False
        width, height, bpp = VBE_MODES[number]
        self._install_mmio()
        self.vbe.map_into(self.vdh.machine.engine)
        if clear:
            self.vbe.clear()
        self.vbe.bank = 0
        self.gfx = GfxMode("vesa", width, height, bpp, 16)
        self.vbe_mode = number
        self.vbe_start = (0, 0)
        self.char_h, self.rows = 16, height // 16
        self.vga.load_mode(False, True, 320, 200, 2, 8)
        self.tty_colour = 15 if bpp == 8 else 0xFFFF if bpp == 16 else 0xFFFFFF
        self._bda_mode(number & 0x7F, width // 8, 0, 16)
        return True

    def _vbe(self, r: Registers) -> None:
        fn = r.al
        ok = True
        if fn == 0x00:
            self._vbe_info((r.es << 4) + r.di)
        elif fn == 0x01:
            if r.cx & 0x1FF in VBE_MODES:
                self.ram.write((r.es << 4) + r.di, vbe_mode_info(r.cx & 0x1FF))
            else:
                ok = False
        elif fn == 0x02:
            number = r.bx & 0x1FF
            if number < 0x100:
                ok = self.set_mode(number | (0x80 if r.bx & 0x8000 else 0))
            else:
                ok = self.set_vbe_mode(number, not r.bx & 0x8000)
        elif fn == 0x03:
            r.bx = self.vbe_mode or self.ram.rb(BDA_MODE)
        elif fn == 0x05:
            if r.bh == 0:
                ok = r.dx < LFB_SIZE // PLANE_SIZE
                if ok:
                    self.vbe.bank = r.dx
            else:
                r.dx = self.vbe.bank
        elif fn == 0x06 and self.gfx is not None and self.gfx.kind == "vesa":
            pitch = self.gfx.width * self.gfx.bpp // 8
            r.bx, r.cx, r.dx = pitch, self.gfx.width, LFB_SIZE // pitch
        elif fn == 0x07 and self.gfx is not None and self.gfx.kind == "vesa":
            if r.bl in (0x00, 0x80):  # page flipping: the first pixel shown
                self.vbe_start = (r.cx, r.dx)
            elif r.bl == 0x01:
                r.bh = 0
                r.cx, r.dx = self.vbe_start
            else:
                ok = False
        elif fn == 0x08:
            r.bh = 6  # the DAC stays 6 bits wide
        elif fn == 0x09 and r.bl in (0, 0x80):
            data = self.ram.read((r.es << 4) + r.di, 4 * r.cx)
            for i in range(r.cx):  # entries are blue, green, red, pad
                blue, green, red = data[4 * i:4 * i + 3]
                self.vga.dac[(r.dx + i) & 0xFF] = (red & 0x3F, green & 0x3F, blue & 0x3F)
        else:
            ok = False
        r.ax = 0x004F if ok else 0x014F

    def _vbe_info(self, addr: int) -> None:
        """4F00h: the VbeInfoBlock, VBE 2.0, pointing into the ROM for its lists."""
        block = bytearray(512 if self.ram.read(addr, 4) == b"VBE2" else 256)
        block[0:4] = b"VESA"
        block[4:6] = (0x0200).to_bytes(2, "little")
        block[6:10] = self._vbe_oem_ptr.to_bytes(2, "little") + (0xF000).to_bytes(2, "little")
        block[10:14] = (0).to_bytes(4, "little")  # DAC fixed at 6 bits, VGA compatible
        block[14:18] = self._vbe_modes_ptr.to_bytes(2, "little") + (0xF000).to_bytes(2, "little")
        block[18:20] = (LFB_SIZE // 0x10000).to_bytes(2, "little")
        self.ram.write(addr, bytes(block))
