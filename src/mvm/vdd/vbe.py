"""VESA BIOS extensions 2.0 (INT 10h/4Fxxh) for VVIDEO.

The VESA modes draw into a framebuffer of host memory that the guest sees twice:
whole at LFB_BASE (the linear framebuffer) and 64 KiB at a time, the bank, through
the window at A0000. A program may make the logical scan line longer than the
screen (4F06h) and show any part of the framebuffer (4F07h); the pitch and the
display start are kept here and used by every drawing path of the VDD.

The protected-mode interface (4F0Ah) is 32-bit code in the BIOS ROM that does its
work through I/O ports VVIDEO owns, so it runs in any CPU mode without calling
the BIOS. Ports 1E0h/1E1h (VBE_PORT, which no standard PC device uses) take a
call as a stream of little-endian words, written with OUT DX, AX:

    4F05h, BX, DX                       set window
    4F07h, BX, CX, DX                   set display start (CX:DX, the address in dwords)
    4F09h, BX, CX, DX, then CX entries  set palette (each entry two words: blue,
                                        green in the first, red and pad in the second)

and a word read of VBE_PORT returns the call's status (004Fh...) and starts the
stream afresh.
"""

from __future__ import annotations

import ctypes
import struct
from typing import TYPE_CHECKING

from .modes import BDA_MODE, GfxMode
from .vga import A000, PLANE_SIZE, VgaHardware

if TYPE_CHECKING:
    from ..ist import Registers
    from ..vdh import Vdh


LFB_BASE = 0xE0000000  # where the linear framebuffer appears in the guest's physical space
LFB_SIZE = 4 << 20
VBE_PORT = 0x1E0  # the protected-mode interface's port pair (1E0h, 1E1h)
PITCH_ALIGN = 4  # a scan line is a whole number of dwords long
VBE_MODES = {  # number: (width, height, bits per pixel)
    0x100: (640, 400, 8), 0x101: (640, 480, 8), 0x103: (800, 600, 8), 0x105: (1024, 768, 8),
    0x10E: (320, 200, 16), 0x10F: (320, 200, 32),
    0x111: (640, 480, 16), 0x114: (800, 600, 16), 0x117: (1024, 768, 16),
    0x112: (640, 480, 32), 0x115: (800, 600, 32), 0x118: (1024, 768, 32),
}

# VBE return status in AX: AL=4Fh (supported), AH the result.
OK, FAILED, NOT_SUPPORTED, INVALID_IN_MODE = 0x004F, 0x014F, 0x024F, 0x034F


def char_height(number: int) -> int:
    """The character cell of a VESA mode: 8x8 on 200 lines (25 rows, as the VGA's), 8x16 above."""
    return 8 if VBE_MODES[number][1] <= 200 else 16


def max_pitch(number: int) -> int:
    """4F06h/03h: the longest scan line in bytes, so that the mode's lines still fit in memory."""
    height = VBE_MODES[number][1]
    return min(LFB_SIZE // height, 0xFFFF) & ~(PITCH_ALIGN - 1)


def vbe_mode_info(number: int, pitch: int | None = None, window_function: int = 0) -> bytes:
    """The 256-byte ModeInfoBlock of VBE 2.0 for one of VBE_MODES (`pitch`: the
    scan line's bytes when not the mode's own, as after 4F06h; `window_function`:
    the offset in F000 of the far-callable set window, 0 for none)."""
    width, height, bpp = VBE_MODES[number]
    pitch = pitch or width * bpp // 8
    info = bytearray(256)
    # attributes: supported, extended information, TTY output, colour, graphics, linear framebuffer;
    # window A relocatable, readable and writable (window B absent), granularity and size 64 KiB at A000
    far_function = 0xF000 << 16 | window_function if window_function else 0
    struct.pack_into("<HBBHHHHIH", info, 0, 0x009F, 0x07, 0x00, 64, 64, 0xA000, 0, far_function, pitch)
    pages = max(LFB_SIZE // (pitch * height) - 1, 0)
    struct.pack_into("<HHBBBBBBBBB", info, 0x12, width, height, 8, char_height(number), 1, bpp, 1,
                     4 if bpp == 8 else 6, 0, min(pages, 255), 1)
    if bpp == 16:  # 5:6:5
        info[0x1F:0x27] = bytes((5, 11, 6, 5, 5, 0, 0, 0))
    elif bpp == 32:  # x:8:8:8
        info[0x1F:0x27] = bytes((8, 16, 8, 8, 8, 0, 8, 24))
    struct.pack_into("<I", info, 0x28, LFB_BASE)
    screen = pitch * height  # off-screen memory: what follows the first screen
    struct.pack_into("<IH", info, 0x2C, screen, (LFB_SIZE - screen) // 1024)
    struct.pack_into("<H", info, 0x32, pitch)  # LinBytesPerScanLine (VBE 3 field, harmless)
    return bytes(info)


def _word(value: int) -> bytes:
    return value.to_bytes(2, "little")


def pm_table() -> tuple[bytes, int]:
    """4F0Ah: the protected-mode table (offsets of the three functions and of the
    port list, the 32-bit code, the port list) and its length."""
    port = b"\x66\xBA" + _word(VBE_PORT)          # mov dx, VBE_PORT
    out, inp = b"\x66\xEF", b"\x66\xED"           # out dx, ax / in ax, dx

    def call(function: int) -> bytes:
        return port + b"\x66\xB8" + _word(function) + out + b"\x66\x89\xD8" + out  # mov ax, fn; out; mov ax, bx; out

    set_window = (b"\x52\x52" + call(0x4F05)      # push edx (kept), push edx (DX)
                  + b"\x58" + out + inp + b"\x5A\xC3")  # pop eax; out; in (status); pop edx; ret
    set_start = (b"\x52\x52" + call(0x4F07)
                 + b"\x66\x89\xC8" + out          # mov ax, cx; out
                 + b"\x58" + out + inp + b"\x5A\xC3")
    loop = (b"\x26\x8B\x07" + out                 # .next: mov eax, [es:edi]; out (blue, green)
            + b"\xC1\xE8\x10" + out               # shr eax, 16; out (red, pad)
            + b"\x83\xC7\x04")                    # add edi, 4
    loop += b"\xE2" + bytes(((-len(loop) - 2) & 0xFF,))  # loop .next
    set_palette = (b"\x52\x51\x57\x52" + call(0x4F09)  # push edx, ecx, edi; push edx (DX)
                   + b"\x66\x89\xC8" + out            # mov ax, cx; out
                   + b"\x58" + out                    # pop eax; out (DX)
                   + b"\x0F\xB7\xC9"                  # movzx ecx, cx
                   + b"\xE3" + bytes((len(loop),))    # jecxz .done
                   + loop
                   + inp + b"\x5F\x59\x5A\xC3")       # .done: in; pop edi, ecx, edx; ret
    ports = _word(VBE_PORT) + _word(VBE_PORT + 1) + b"\xFF\xFF" + b"\xFF\xFF"  # no memory ranges
    at = 8
    offsets = []
    for part in (set_window, set_start, set_palette, ports):
        offsets.append(at)
        at += len(part)
    table = b"".join(_word(o) for o in offsets) + set_window + set_start + set_palette + ports
    return table, len(table)


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

    def map_into(self, vdh: Vdh) -> None:
        """Show the buffer at LFB_BASE, once."""
        if not self.mapped:
            vdh.map_host_memory(LFB_BASE, LFB_SIZE, self.buffer)
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

    VESA_STATE = struct.Struct("<HHHHIB")  # 4F04h's SVGA state: mode, bank, start pixel and line, pitch, DAC bits

    def setup_vbe(self, vdh: Vdh) -> None:
        self.vbe = VbeMemory()
        self.vbe_mode = 0
        self.vbe_mode_flags = 0  # bits 14 (linear framebuffer) and 15 (memory kept) of 4F02h's BX, for 4F03h
        self.vbe_start = (0, 0)  # 4F07h: display start (pixel, line)
        self.vbe_pitch = 0  # 4F06h: bytes per scan line of the current VESA mode
        # the VBE mode list and the OEM strings, for 4F00h to point at
        mode_list = b"".join(n.to_bytes(2, "little") for n in sorted(VBE_MODES)) + b"\xff\xff"
        self._vbe_modes_ptr = vdh.rom_alloc(mode_list)
        self._vbe_oem_ptr = vdh.rom_alloc(b"MVM VGA\0")
        self._vbe_vendor_ptr = vdh.rom_alloc(b"MVM\0")
        self._vbe_product_ptr = vdh.rom_alloc(b"VVIDEO\0")
        self._vbe_revision_ptr = vdh.rom_alloc(b"2.0\0")
        # WinFuncPtr: set window by a far call, with 4F05h's registers (AX too: it returns the status)
        self._vbe_window_function = vdh.rom_alloc(b"\xB8\x05\x4F\xCD\x10\xCB")  # mov ax, 4F05h; int 10h; retf
        table, self._pm_length = pm_table()
        self._pm_ptr = vdh.rom_alloc(table)
        self._pm_stream = bytearray()
        self._pm_status = OK
        vdh.hook_io([VBE_PORT, VBE_PORT + 1], self._pm_port_read, self._pm_port_write)

    # -- the mode ---------------------------------------------------------------------
    def set_vbe_mode(self, number: int, clear: bool) -> bool:
        """A VESA mode: the framebuffer at LFB_BASE and, banked, at A0000."""
        if number not in VBE_MODES:
            return False
        width, height, bpp = VBE_MODES[number]
        self._install_mmio()
        self.vbe.map_into(self.vdh)
        if clear:
            self.vbe.clear()
        self.vbe.bank = 0
        self.gfx = GfxMode("vesa", width, height, bpp, char_height(number))
        self.vbe_mode = number
        self.vbe_mode_flags = 0
        self.vbe_start = (0, 0)
        self.vbe_pitch = width * bpp // 8
        self.char_h = char_height(number)
        self.rows = height // self.char_h
        self.vga.load_mode(False, True, 320, 200, 2, 8)  # the DAC as mode 13h has it, 6 bits wide
        self.vga.dac_mask = 0xFF
        self.tty_colour = 15 if bpp == 8 else 0xFFFF if bpp == 16 else 0xFFFFFF
        self._bda_mode(number & 0x7F, width // 8, 0, self.char_h)
        return True

    @property
    def _in_vesa_mode(self) -> bool:
        return self.vbe_mode != 0 and self.gfx is not None and self.gfx.kind == "vesa"

    def vbe_offset(self, x: int, y: int) -> int:
        """Where pixel (x, y) of the framebuffer is, at the current pitch."""
        return y * self.vbe_pitch + x * (self.gfx.bpp // 8)

    def vbe_display_offset(self) -> int:
        """The framebuffer offset of the screen's top left pixel (4F07h)."""
        pixel, line = self.vbe_start
        return self.vbe_offset(pixel, line)

    # -- INT 10h/4Fxxh ------------------------------------------------------------------
    def _vbe(self, r: Registers) -> None:
        handler = self._vbe_functions.get(r.al)
        if handler is not None:  # otherwise AL stays as it was, not 4Fh: a function VBE 2.0 lacks
            r.ax = handler(self, r)

    def _vbe_info(self, r: Registers) -> int:
        """4F00h: the VbeInfoBlock, VBE 2.0, pointing into the ROM for its lists."""
        addr = (r.es << 4) + r.di
        vbe2 = self.ram.read(addr, 4) == b"VBE2"
        block = bytearray(512 if vbe2 else 256)

        def far(offset: int) -> bytes:
            return _word(offset) + _word(0xF000)

        block[0:4] = b"VESA"
        block[4:6] = _word(0x0200)
        block[6:10] = far(self._vbe_oem_ptr)
        block[10:14] = (1).to_bytes(4, "little")  # DAC switchable to 8 bits; VGA compatible; no blanking needed
        block[14:18] = far(self._vbe_modes_ptr)
        block[18:20] = _word(LFB_SIZE // 0x10000)
        if vbe2:  # the OEM fields VBE 2.0 added
            block[20:22] = _word(0x0100)
            block[22:34] = far(self._vbe_vendor_ptr) + far(self._vbe_product_ptr) + far(self._vbe_revision_ptr)
        self.ram.write(addr, bytes(block))
        return OK

    def _vbe_mode_info(self, r: Registers) -> int:
        number = r.cx & 0x1FF
        if number not in VBE_MODES:
            return FAILED
        pitch = self.vbe_pitch if self._in_vesa_mode and number == self.vbe_mode else None
        self.ram.write((r.es << 4) + r.di, vbe_mode_info(number, pitch, self._vbe_window_function))
        return OK

    def _vbe_set_mode(self, r: Registers) -> int:
        number = r.bx & 0x1FF
        if number < 0x100:
            return OK if self.set_mode(number | (0x80 if r.bx & 0x8000 else 0)) else FAILED
        if not self.set_vbe_mode(number, not r.bx & 0x8000):
            return FAILED
        self.vbe_mode_flags = r.bx & 0xC000
        return OK

    def _vbe_get_mode(self, r: Registers) -> int:
        """4F03h: the mode as 4F02h set it, with its linear framebuffer and memory bits."""
        r.bx = self.vbe_mode | self.vbe_mode_flags if self._in_vesa_mode else self.ram.rb(BDA_MODE)
        return OK

    def _vbe_window(self, r: Registers) -> int:
        if r.bh == 0:
            return self.set_window(r.bl, r.dx)
        if r.bh == 1 and r.bl == 0:
            r.dx = self.vbe.bank
            return OK
        return FAILED

    def set_window(self, window: int, position: int) -> int:
        """Window A (the only one) at `position` 64 KiB units into the framebuffer."""
        if window != 0 or position >= LFB_SIZE // PLANE_SIZE:
            return FAILED
        self.vbe.bank = position
        return OK

    def _vbe_scan_line(self, r: Registers) -> int:
        """4F06h: the logical scan line, set in pixels (00h) or bytes (02h), got (01h), its maximum (03h)."""
        if not self._in_vesa_mode:
            return INVALID_IN_MODE
        size, function = self.gfx.bpp // 8, r.bl
        if function in (0x00, 0x02):
            wanted = r.cx * size if function == 0x00 else r.cx
            pitch = -(-max(wanted, self.gfx.width * size) // PITCH_ALIGN) * PITCH_ALIGN
            if pitch > max_pitch(self.vbe_mode):
                return NOT_SUPPORTED  # longer than the memory holds for the mode's lines
            self.vbe_pitch = pitch
        elif function == 0x03:
            pitch = max_pitch(self.vbe_mode)
            r.bx, r.cx, r.dx = pitch, pitch // size, LFB_SIZE // pitch
            return OK
        elif function != 0x01:
            return FAILED
        r.bx, r.cx, r.dx = self.vbe_pitch, self.vbe_pitch // size, LFB_SIZE // self.vbe_pitch
        return OK

    def _vbe_display_start(self, r: Registers) -> int:
        if not self._in_vesa_mode:
            return INVALID_IN_MODE
        if r.bl in (0x00, 0x80):  # page flipping: the first pixel shown (80h: at the retrace, the same here)
            return self.set_display_start(r.cx, r.dx)
        if r.bl == 0x01:
            r.bh = 0
            r.cx, r.dx = self.vbe_start
            return OK
        return FAILED

    def set_display_start(self, pixel: int, line: int) -> int:
        """Show the framebuffer from (pixel, line); fails, changing nothing, unless a whole screen fits."""
        info, size = self.gfx, self.gfx.bpp // 8
        start = line * self.vbe_pitch + pixel * size
        if pixel * size >= self.vbe_pitch or start + (info.height - 1) * self.vbe_pitch + info.width * size > LFB_SIZE:
            return FAILED
        self.vbe_start = (pixel, line)
        return OK

    def _vbe_dac_width(self, r: Registers) -> int:
        """4F08h: the DAC's bits per primary, 6 (as a VGA) or 8; not in the direct colour modes."""
        if self._in_vesa_mode and self.gfx.bpp > 8:
            return INVALID_IN_MODE
        if r.bl == 0x00:
            self.vga.dac_bits = 8 if r.bh >= 8 else 6  # the widest the DAC has, up to the one asked for
        elif r.bl != 0x01:
            return FAILED
        r.bh = self.vga.dac_bits
        return OK

    def _vbe_palette(self, r: Registers) -> int:
        """4F09h: set (00h, 80h) or get (01h) CX entries from DX of the primary palette at ES:DI,
        4 bytes each: blue, green, red, alignment. There is no secondary palette (02h, 03h)."""
        addr, count, first = (r.es << 4) + r.di, r.cx, r.dx
        if r.bl in (0x00, 0x80):
            return self.set_palette(first, self.ram.read(addr, 4 * count), count)
        if r.bl == 0x01:
            if first + count > 256:
                return FAILED
            limit = self.vga.dac_limit
            self.ram.write(addr, b"".join(bytes((b & limit, g & limit, red & limit, 0))
                                          for red, g, b in self.vga.dac[first:first + count]))
            return OK
        return NOT_SUPPORTED if r.bl in (0x02, 0x03) else FAILED

    def set_palette(self, first: int, data: bytes, count: int) -> int:
        """DAC entries from `first` from blue, green, red, pad quadruples, as wide as the DAC is."""
        if first + count > 256:
            return FAILED
        limit = self.vga.dac_limit
        for i in range(count):
            blue, green, red = data[4 * i:4 * i + 3]
            self.vga.dac[first + i] = (red & limit, green & limit, blue & limit)
        return OK

    # -- 4F04h: the state, the VGA's parts and the SVGA one --------------------------------
    def _vbe_state(self, r: Registers) -> int:
        """DL=00h the buffer's size in 64-byte blocks (BX), 01h save to ES:BX, 02h restore from it;
        CX: bit 0 the hardware, 1 the BIOS data, 2 the DAC (as INT 10h/1Ch), 3 the VESA state."""
        from .video import state_size

        states, addr = r.cx & 0x0F, (r.es << 4) + r.bx
        size = state_size(states & 7) + (self.VESA_STATE.size if states & 8 else 0)
        if r.dl == 0x00:
            r.bx = -(-size // 64)
        elif r.dl == 0x01:
            self.ram.write(addr, self.save_vbe_state(states))
        elif r.dl == 0x02:
            self.restore_vbe_state(states, self.ram.read(addr, size))
        else:
            return FAILED
        return OK

    def save_vbe_state(self, states: int) -> bytes:
        """INT 10h/1Ch's buffer, with the VESA state after the VGA's parts (its offset in header word 3)."""
        data = bytearray(self.save_state(states & 7))
        if states & 8:
            data[6:8] = _word(len(data))
            pixel, line = self.vbe_start
            data += self.VESA_STATE.pack(self.vbe_mode, self.vbe.bank, pixel, line, self.vbe_pitch, self.vga.dac_bits)
        return bytes(data)

    def restore_vbe_state(self, states: int, data: bytes) -> None:
        self.restore_state(states & 7, data)
        at = int.from_bytes(data[6:8], "little")
        if not states & 8 or not at or at + self.VESA_STATE.size > len(data):
            return
        mode, bank, pixel, line, pitch, bits = self.VESA_STATE.unpack_from(data, at)
        if mode in VBE_MODES and mode != self.vbe_mode:
            self.set_vbe_mode(mode, clear=False)
        self.vga.dac_bits = 8 if bits == 8 else 6
        if states & 4:  # the DAC again: the mode set above reset it, and it may be 8 bits wide
            dac_at = int.from_bytes(data[4:6], "little")
            self.vga.load_dac(bytes(data[dac_at:dac_at + VgaHardware.DAC_SIZE]))
        if not self._in_vesa_mode:
            return
        self.set_window(0, bank)
        size = self.gfx.bpp // 8
        if self.gfx.width * size <= pitch <= max_pitch(self.vbe_mode):
            self.vbe_pitch = pitch
        self.set_display_start(pixel, line)

    # -- 4F0Ah and the ports its code uses ------------------------------------------------
    def _vbe_pm_interface(self, r: Registers) -> int:
        if r.bl != 0x00:
            return FAILED
        r.es, r.di, r.cx = 0xF000, self._pm_ptr, self._pm_length
        return OK

    def _pm_port_read(self, port: int, size: int) -> int:
        """The status of the last call (004Fh...), low byte first; a read ends any call half sent."""
        if port == VBE_PORT:
            self._pm_stream.clear()
            return self._pm_status & 0xFF
        return self._pm_status >> 8

    def _pm_port_write(self, port: int, size: int, value: int) -> None:
        stream = self._pm_stream
        stream.append(value & 0xFF)
        if len(stream) < 2 or len(stream) % 2:
            return
        words = struct.unpack_from(f"<{min(len(stream), 8) // 2}H", stream)
        function = words[0]
        if function not in (0x4F05, 0x4F07, 0x4F09):
            stream.clear()
            self._pm_status = FAILED
        elif function == 0x4F05 and len(words) == 3:
            self._pm_status = self.set_window(words[1] & 0xFF, words[2]) if words[1] >> 8 == 0 else FAILED
            stream.clear()
        elif function == 0x4F07 and len(words) == 4:
            self._pm_status = self._pm_display_start(words[1] & 0xFF, words[3] << 16 | words[2])
            stream.clear()
        elif function == 0x4F09 and len(words) == 4 and len(stream) == 8 + 4 * words[2]:
            bl, count, first = words[1] & 0xFF, words[2], words[3]
            self._pm_status = self.set_palette(first, bytes(stream[8:]), count) if bl in (0, 0x80) else FAILED
            stream.clear()

    def _pm_display_start(self, bl: int, address: int) -> int:
        """The protected-mode set display start: an address in the framebuffer in dwords."""
        if bl not in (0x00, 0x80):
            return FAILED
        if not self._in_vesa_mode:
            return INVALID_IN_MODE
        offset, size = address * 4, self.gfx.bpp // 8
        line, rest = divmod(offset, self.vbe_pitch)
        return self.set_display_start(rest // size, line)

    _vbe_functions = {
        0x00: _vbe_info, 0x01: _vbe_mode_info, 0x02: _vbe_set_mode, 0x03: _vbe_get_mode,
        0x04: _vbe_state, 0x05: _vbe_window, 0x06: _vbe_scan_line, 0x07: _vbe_display_start,
        0x08: _vbe_dac_width, 0x09: _vbe_palette, 0x0A: _vbe_pm_interface,
    }
