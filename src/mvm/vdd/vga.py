"""The VGA hardware: registers, DAC, and the four planes of display memory.

Ports 3C0h-3CFh and 3D4h/3D5h/3DAh are served here. Planar memory (the 16-colour
modes and the unchained 256-colour "mode X") is four 64 KiB planes reached
through the graphics controller: write modes 0-3 with set/reset, rotate,
logical function and bit mask; read modes 0 and 1 (colour compare); the four
latches loaded by every read. The planes appear at A0000-AFFFF through memory
hooks, installed the first time a planar mode is used or a program maps the
window to the planes (sequencer 04h without chain-4, or the graphics
controller's memory map at A0000): until then mode 13h is plain RAM there,
which is much faster for the guest.

Text modes keep their characters and attributes as plain RAM at B8000 (the
planes 0 and 1 of a real VGA), while the character generator is plane 2 as on a
VGA: eight maps of 256 glyphs of 32 bytes, chosen by the sequencer's character
map select register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..vdh import Vdh

A000 = 0xA0000
TEXT_WORDS = 0x4000  # the 32 KiB of text memory at B8000, in cells (character and attribute)
SEQ_DOT_CLOCK_HALF = 0x08  # sequencer clocking mode bit 3: the dot clock divided by two
SEQ_SCREEN_OFF = 0x20  # sequencer clocking mode bit 5: the display blanked (programs load a picture unseen)
PLANE_SIZE = 0x10000

# The 64 colours of the EGA (bits: 0 blue, 1 green, 2 red, 3-5 the same at 1/3).
EGA64 = [(((i >> 2) & 1) * 42 + ((i >> 5) & 1) * 21,
          ((i >> 1) & 1) * 42 + ((i >> 4) & 1) * 21,
          (i & 1) * 42 + ((i >> 3) & 1) * 21) for i in range(64)]
CGA16 = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F]
# The monochrome modes' DAC (07h, and 0Fh in graphics): entry 08h grey (normal video), 18h
# white (bright), every other one black.
MONO64 = [(63, 63, 63) if i & 0x18 == 0x18 else (42, 42, 42) if i & 0x08 else (0, 0, 0) for i in range(64)]
# Mode 07h's attribute palette: colours 1-7 normal, 8 black, 9-15 bright.
MONO_TEXT_PALETTE = [0x00] + [0x08] * 7 + [0x10] + [0x18] * 7


CRTC_PROTECT = 0x8E  # vertical retrace end: bit 7 write-protects CRTC 00h-07h
# The VGA's text timing: CRTC 00h, 02h-07h, 10h, 11h, 15h, 16h for 400 and 350 lines (80 columns).
TEXT_TIMING_400 = (0x5F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x9C, 0x8E, 0x96, 0xB9)
TEXT_TIMING_350 = (0x5F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x83, 0x85, 0x63, 0xBA)
FONT_MAP_SIZE = 0x2000  # 256 glyphs of 32 bytes


def font_map_offset(block: int) -> int:
    """Where character map `block` (0-7) is in plane 2: maps 0-3 every 16 KiB, 4-7 8 KiB after them."""
    return (block & 3) * 0x4000 + ((block >> 2) & 1) * 0x2000


def default_dac256() -> list[tuple[int, int, int]]:
    """The mode 13h palette: the 16 colours, 16 greys, 9 x 24 hues, 8 black."""
    pal = [EGA64[c] for c in CGA16]
    pal += [(g, g, g) for g in (0, 5, 8, 11, 14, 17, 20, 24, 28, 32, 36, 40, 45, 50, 56, 63)]
    for hi, lo in ((63, 0), (63, 31), (63, 45), (28, 0), (28, 14), (28, 20), (16, 0), (16, 8), (16, 11)):
        # the quarter steps rounded to the nearest, halves down: 0 16 31 47 63, 45 49 54 58 63
        steps = [(4 * lo + (hi - lo) * k + 1) // 4 for k in range(5)]
        up, down = steps[:4], steps[4:0:-1]
        # around the wheel from blue: magenta, red, yellow, green, cyan, each four steps on
        r = up + [hi] * 8 + down + [lo] * 8
        g = [lo] * 8 + up + [hi] * 8 + down
        b = [hi] * 4 + down + [lo] * 8 + up + [hi] * 4
        pal += list(zip(r, g, b, strict=True))
    pal += [(0, 0, 0)] * 8
    return pal


class VgaHardware:
    """Register file and planar memory of one VGA."""

    def __init__(self) -> None:
        self.planes = [bytearray(PLANE_SIZE) for _ in range(4)]
        self.latch = [0, 0, 0, 0]
        self.seq = bytearray(8)
        self.gc = bytearray(9)
        self.crtc = bytearray(0x19)
        self.attr = bytearray(0x15)
        self.dac = [(0, 0, 0)] * 256
        self.misc = 0x67
        self.seq_index = self.gc_index = self.crtc_index = self.attr_index = 0
        self.attr_flip = False  # the attribute controller's index/data flip-flop
        self.dac_read = self.dac_write = 0
        self.dac_step = 0
        self.dac_value = [0, 0, 0]
        self.dac_mask = 0xFF
        self.dac_bits = 6  # bits per primary the DAC uses: 6 as a VGA's, 8 after VBE 4F08h
        self.mmio = False
        self.retrace_reads = 0
        self.on_mmio = None  # set by the owner: installs the memory hooks

    # -- the state a mode set leaves ------------------------------------------------
    def load_mode(self, clear: bool, chain4: bool, width: int, height: int, scan: int, bpp: int) -> None:
        """The registers and DAC a BIOS mode set leaves; `clear` empties the planes."""
        self.seq[:] = bytes((3, 1, 0x0F, 0, 0x0E if chain4 else 0x06, 0, 0, 0))
        self.gc[:] = bytes((0, 0, 0, 0, 0, 0x40 if bpp == 8 else 0, 0x05, 0x0F, 0xFF))
        self.attr[:0x10] = bytes(range(16)) if bpp == 8 else bytes(CGA16)
        self.attr[0x10:] = bytes((0x41 if bpp == 8 else 0x01, 0, 0x0F if bpp != 1 else 0x01, 0, 0))
        if bpp == 1:
            self.attr[1] = 0x3F
        self.crtc[:] = bytes(0x19)
        self.crtc[0x01] = (width // (4 if bpp == 8 else 8)) - 1
        self.crtc[0x13] = width // (8 if bpp == 8 else 16)
        lines = height * scan - 1
        self.crtc[0x12] = lines & 0xFF
        # line compare 3FFh (bit 8 in 07h bit 4, bit 9 in 09h bit 6): no split screen
        self.crtc[0x07] = ((lines >> 8) & 1) << 1 | ((lines >> 9) & 1) << 6 | 0x10
        self.crtc[0x09] = (scan - 1) | 0x40
        self.crtc[0x18] = 0xFF
        self.crtc[0x14] = 0x40 if chain4 else 0
        self.crtc[0x17] = 0xA3 if chain4 or bpp != 8 else 0xE3
        self.crtc[0x11] = CRTC_PROTECT  # registers 00h-07h locked, as the BIOS leaves them
        self.dac = default_dac256() if bpp == 8 else [EGA64[i] for i in range(64)] + [(0, 0, 0)] * 192
        self.dac_bits = 6  # a mode set returns the DAC to the VGA's width
        self.latch = [0, 0, 0, 0]
        if clear:
            for plane in self.planes:
                plane[:] = bytes(PLANE_SIZE)

    def load_text(self, cols: int, char_h: int, rows: int, scan_lines: int, nine_dot: bool, mono: bool) -> None:
        """The registers a VGA BIOS sets for a text mode of `cols` x `rows` cells of
        `char_h` lines on a screen of `scan_lines` (200 lines are 400 scanned twice)."""
        double = scan_lines == 200
        self.seq[:] = bytes((3, (0 if nine_dot else 1) | (0x08 if cols == 40 else 0), 0x03, 0, 0x02, 0, 0, 0))
        self.gc[:] = bytes((0, 0, 0, 0, 0, 0x10, 0x0A if mono else 0x0E, 0, 0xFF))
        self.attr[:0x10] = bytes(MONO_TEXT_PALETTE if mono else CGA16)
        # mode control: blink, line graphics, and monochrome attributes for mode 07h;
        # the 9-dot modes pan by 8 for no shift
        self.attr[0x10:] = bytes((0x0E if mono else 0x0C, 0, 0x0F, 0x08 if nine_dot else 0, 0))
        timing = TEXT_TIMING_350 if scan_lines == 350 else TEXT_TIMING_400
        self.crtc[:] = bytes(0x19)
        for index, value in zip((0, 2, 3, 4, 5, 6, 7, 0x10, 0x11, 0x15, 0x16), timing, strict=True):
            self.crtc[index] = value
        if cols == 40:
            self.crtc[0:6] = bytes((0x2D, 0x27, 0x28, 0x90, 0x2B, 0xA0))
        self.crtc[0x01] = cols - 1
        self.crtc[0x13] = cols // 2
        self.crtc[0x14] = (char_h - 1) if mono else 0x1F  # underline: the last line, or none in colour
        self.crtc[0x17] = 0xA3
        self.crtc[0x18] = 0xFF
        self.crtc[0x09] = 0xC0 if double else 0x40  # (line compare bit 9, no split screen)
        self.set_cell_height(char_h, rows * char_h * (2 if double else 1))
        self.misc = 0xA3 if scan_lines == 350 else 0x67
        self.dac = list(MONO64 if mono else EGA64) + [(0, 0, 0)] * 192
        self.dac_bits = 6  # a mode set returns the DAC to the VGA's width
        self.latch = [0, 0, 0, 0]

    def load_cga(self, bpp: int) -> None:
        """The CRTC of modes 04h-06h over `load_mode`'s: two lines of pixels to a row (the
        row scan picks the 8 KiB half), each scanned twice; 80 bytes a row, counted in
        words (04h, 05h) or bytes (06h)."""
        self.crtc[0x09] = 0xC1
        self.crtc[0x13] = 0x14 if bpp == 2 else 0x28
        self.crtc[0x14] = 0
        self.crtc[0x17] = 0xA2 if bpp == 2 else 0xC2

    def set_cell_height(self, char_h: int, scans: int) -> None:
        """Cells of `char_h` lines on `scans` displayed scan lines (the vertical display
        end), with the cursor on the cell's last two lines but one, as the BIOS sets it."""
        end = scans - 1
        self.crtc[0x09] = (self.crtc[0x09] & 0xE0) | ((char_h - 1) & 0x1F)
        self.crtc[0x12] = end & 0xFF
        self.crtc[0x07] = (self.crtc[0x07] & ~0x42 & 0xFF) | ((end >> 8) & 1) << 1 | ((end >> 9) & 1) << 6
        self.crtc[0x0A] = max(char_h - 3, 0) if char_h > 8 else char_h - 2
        self.crtc[0x0B] = char_h - 2 if char_h > 8 else char_h - 1

    # -- the character generator in plane 2 ---------------------------------------------
    def char_maps(self) -> tuple[int, int]:
        """(map A, map B) the sequencer's character map select (03h) chooses: A for
        attributes with bit 3 set, B for the others."""
        value = self.seq[3]
        return ((value >> 2) & 3) | ((value >> 3) & 4), (value & 3) | ((value >> 2) & 4)

    def load_font(self, glyphs: bytes, height: int, block: int, first: int = 0, count: int = 256) -> None:
        """`count` glyphs of `height` bytes into map `block` of plane 2 from character `first`
        on, each in its 32-byte slot with the lines below it cleared."""
        base, plane, height = font_map_offset(block), self.planes[2], min(height, 32)
        for i in range(count):
            at = base + ((first + i) & 0xFF) * 32
            plane[at:at + 32] = glyphs[i * height:(i + 1) * height].ljust(32, b"\0")[:32]

    # -- INT 10h/1Ch: the state a program saves and restores ----------------------------
    REGISTERS_SIZE = 1 + 4 + 1 + 4 + 8 + 9 + 0x19 + 0x15

    def save_registers(self) -> bytes:
        """Miscellaneous output, the index registers, the DAC mask, latches, and the sequencer,
        graphics controller, CRTC and attribute controller registers."""
        return bytes((self.misc, self.seq_index, self.gc_index, self.crtc_index, self.attr_index,
                      self.dac_mask, *self.latch)) + bytes(self.seq + self.gc + self.crtc + self.attr)

    def load_registers(self, data: bytes) -> None:
        self.misc, self.seq_index, self.gc_index, self.crtc_index, self.attr_index, self.dac_mask = data[:6]
        self.latch = list(data[6:10])
        at = 10
        for regs in (self.seq, self.gc, self.crtc, self.attr):
            regs[:] = data[at:at + len(regs)]
            at += len(regs)
        self.attr_flip = False  # as after a read of the input status register

    DAC_SIZE = 3 + 3 * 256

    def save_dac(self) -> bytes:
        """The DAC's read and write indices, its step, and the 256 colours."""
        return bytes((self.dac_read, self.dac_write, self.dac_step & 0xFF)) + bytes(
            c for colour in self.dac for c in colour)

    def load_dac(self, data: bytes) -> None:
        self.dac_read, self.dac_write = data[0], data[1]
        self.dac_step = data[2] - 0x100 if data[2] & 0x80 else data[2]
        # the values as saved: an 8-bit DAC's stay whole, a 6-bit DAC shows only their low 6 bits
        self.dac = [tuple(data[3 + 3 * i:6 + 3 * i]) for i in range(256)]
        self.dac_value = list(self.dac[self.dac_read])

    # -- geometry the CRTC gives ----------------------------------------------------
    @property
    def chain4(self) -> bool:
        return bool(self.seq[4] & 8)

    def start_address(self) -> int:
        return (self.crtc[0x0C] << 8) | self.crtc[0x0D]

    def line_bytes(self) -> int:
        return self.crtc[0x13] * 2

    def scans_per_line(self) -> int:
        """Scan lines each line of pixels takes: the maximum scan line, doubled by 09h bit 7."""
        scan = (self.crtc[0x09] & 0x1F) + 1
        return scan * 2 if self.crtc[0x09] & 0x80 else scan

    def display_lines(self) -> int:
        """Visible lines in pixels, after line doubling."""
        return (self.display_end() + 1) // self.scans_per_line()

    def line_compare(self) -> int:
        """The scan line after which the display restarts at address 0 (the split screen)."""
        return self.crtc[0x18] | ((self.crtc[0x07] >> 4) & 1) << 8 | ((self.crtc[0x09] >> 6) & 1) << 9

    def split_row(self, height: int) -> int:
        """The first line of pixels showing memory from address 0 (`height`: no split)."""
        scan = self.scans_per_line()
        return min(height, -(-(self.line_compare() + 1) // scan))

    def display_end(self) -> int:
        """The last displayed scan line (vertical display end, 10 bits)."""
        ov = self.crtc[0x07]
        return self.crtc[0x12] | ((ov >> 1) & 1) << 8 | ((ov >> 6) & 1) << 9

    def cell_height(self) -> int:
        return (self.crtc[0x09] & 0x1F) + 1

    def scan_doubling(self) -> int:
        """2 when every line is scanned twice (09h bit 7), else 1."""
        return 2 if self.crtc[0x09] & 0x80 else 1

    def byte_pan(self) -> int:
        """Character clocks the display starts later (preset row scan 08h bits 5-6)."""
        return (self.crtc[0x08] >> 5) & 3

    # -- text modes: what the CRTC shows (plain arithmetic: the windows use it without numpy) -----
    def text_geometry(self) -> tuple[int, int, int]:
        """(columns, cell height, lines) of a text mode as the CRTC sets it: the horizontal
        display end, the maximum scan line and the vertical display end (a line scanned
        twice counted once)."""
        lines = (self.display_end() + 1) // self.scan_doubling()
        return self.crtc[0x01] + 1, self.cell_height(), max(lines, 1)

    def text_split(self, lines: int) -> int:
        """The first displayed line below the line compare split (`lines`: no split)."""
        return min(lines, -(-(self.line_compare() + 1) // self.scan_doubling()))

    def text_line(self, y: int, split: int) -> tuple[int, int]:
        """(cell address its row of cells starts at, line within the cell) of displayed line y.
        The first row starts the preset row scan lines into its cells, from the start address
        plus the byte panning; below the split, rows start at address 0 from their top line."""
        height, pitch = self.cell_height(), self.crtc[0x13] * 2
        if y >= split:
            v, start = y - split, 0
        else:
            v, start = y + (self.crtc[0x08] & 0x1F), self.start_address() + self.byte_pan()
        return (start + (v // height) * pitch) & (TEXT_WORDS - 1), v % height

    def chained_size(self, info) -> tuple[int, int]:
        """(width, height) of a 256-colour mode as the CRTC sets it (mode X changes both)."""
        width = (self.crtc[0x01] + 1) * 4
        return (width or info.width), (self.display_lines() or info.height)

    # -- ports ---------------------------------------------------------------------
    def port_read(self, port: int, size: int) -> int:
        if port == 0x3C4:
            return self.seq_index
        if port == 0x3C5:
            return self.seq[self.seq_index] if self.seq_index < 8 else 0
        if port == 0x3CE:
            return self.gc_index
        if port == 0x3CF:
            return self.gc[self.gc_index] if self.gc_index < 9 else 0
        if port in (0x3D4, 0x3B4):
            return self.crtc_index
        if port in (0x3D5, 0x3B5):
            return self.crtc[self.crtc_index] if self.crtc_index < 0x19 else 0
        if port == 0x3C0:
            return self.attr_index
        if port == 0x3C1:
            return self.attr[self.attr_index & 0x1F] if (self.attr_index & 0x1F) < 0x15 else 0
        if port in (0x3DA, 0x3BA):
            return self._input_status()
        if port == 0x3C6:
            return self.dac_mask
        if port == 0x3C7:
            return 3 if self.dac_step < 0 else 0
        if port == 0x3C8:
            return self.dac_write
        if port == 0x3C9:
            return self._dac_data_read()
        if port == 0x3CC:
            return self.misc
        return 0xFF

    def _input_status(self) -> int:
        """Bit 3 vertical retrace, bit 0 display disabled: a pattern that lets
        programs that wait for retrace start and end see both edges quickly."""
        self.attr_flip = False
        self.retrace_reads = (self.retrace_reads + 1) & 7
        return 0x09 if self.retrace_reads >= 4 else 0x00

    def port_write(self, port: int, size: int, value: int) -> None:
        if size == 2 and port in (0x3C4, 0x3CE, 0x3D4, 0x3B4):  # OUT DX, AX: index and data
            self.port_write(port, 1, value & 0xFF)
            self.port_write(port + 1, 1, value >> 8)
            return
        value &= 0xFF
        if port == 0x3C4:
            self.seq_index = value & 7
        elif port == 0x3C5:
            self.seq[self.seq_index] = value
            if self.seq_index == 4 and not value & 8:
                self._need_mmio()
        elif port == 0x3CE:
            self.gc_index = value & 0x0F
        elif port == 0x3CF:
            if self.gc_index < 9:
                self.gc[self.gc_index] = value
            if self.gc_index == 6 and value & 0x0C in (0, 4):  # the window at A0000: the planes
                self._need_mmio()
        elif port in (0x3D4, 0x3B4):
            self.crtc_index = value & 0x3F
        elif port in (0x3D5, 0x3B5):
            self._crtc_write(value)
        elif port == 0x3C0:
            self._attr_write(value)
        elif port == 0x3C2:
            self.misc = value
        elif port == 0x3C6:
            self.dac_mask = value
        elif port == 0x3C7:
            self.dac_read, self.dac_step = value, -1
            self.dac_value = list(self.dac[value])
        elif port == 0x3C8:
            self.dac_write, self.dac_step = value, 0
        elif port == 0x3C9:
            self._dac_data_write(value)

    def _crtc_write(self, value: int) -> None:
        index = self.crtc_index
        if index >= 0x19:
            return
        if index < 8 and self.crtc[0x11] & 0x80:  # write-protected: only line compare bit 8 gets through
            if index == 7:
                self.crtc[7] = (self.crtc[7] & ~0x10 & 0xFF) | (value & 0x10)
            return
        self.crtc[index] = value

    def _attr_write(self, value: int) -> None:
        if not self.attr_flip:
            self.attr_index = value & 0x3F
        elif (self.attr_index & 0x1F) < 0x15:
            self.attr[self.attr_index & 0x1F] = value
        self.attr_flip = not self.attr_flip

    @property
    def dac_limit(self) -> int:
        """The mask of one primary's value at the DAC's width."""
        return 0xFF if self.dac_bits == 8 else 0x3F

    def _dac_data_write(self, value: int) -> None:
        step = max(self.dac_step, 0)
        self.dac_value[step] = value & self.dac_limit
        if step == 2:
            self.dac[self.dac_write] = tuple(self.dac_value)
            self.dac_write = (self.dac_write + 1) & 0xFF
            self.dac_step = 0
        else:
            self.dac_step = step + 1

    def _dac_data_read(self) -> int:
        step = -self.dac_step - 1 if self.dac_step < 0 else 0
        value = self.dac[self.dac_read][step] & self.dac_limit
        if step == 2:
            self.dac_read = (self.dac_read + 1) & 0xFF
            self.dac_step = -1
        else:
            self.dac_step = -(step + 2)
        return value

    # -- planar memory -------------------------------------------------------------
    def _need_mmio(self) -> None:
        if not self.mmio and self.on_mmio is not None:
            self.on_mmio()

    def _locate(self, offset: int) -> tuple[int, int]:
        """(plane mask, plane offset) of a CPU address in chain-4 or planar order."""
        if self.chain4:
            return 1 << (offset & 3), offset & 0xFFFC
        if self.seq[4] & 4 == 0 and self.gc[5] & 0x10:  # odd/even (CGA-like text)
            return (0x5 if offset & 1 == 0 else 0xA), offset & 0xFFFE
        return 0x0F, offset

    def mem_read(self, addr: int, size: int) -> int:
        value = 0
        for i in range(size):
            value |= self.read_byte((addr + i - A000) & 0xFFFF) << (8 * i)
        return value

    def mem_write(self, addr: int, size: int, value: int) -> None:
        for i in range(size):
            self.write_byte((addr + i - A000) & 0xFFFF, (value >> (8 * i)) & 0xFF)

    def read_byte(self, offset: int) -> int:
        mask, off = self._locate(offset)
        planes = self.planes
        self.latch = [planes[0][off], planes[1][off], planes[2][off], planes[3][off]]
        if self.chain4:
            return planes[offset & 3][off]
        if self.gc[5] & 8:  # read mode 1: colour compare
            compare, care = self.gc[2] & 0x0F, self.gc[7] & 0x0F
            result = 0xFF
            for p in range(4):
                if care & (1 << p):
                    result &= ~(self.latch[p] ^ (0xFF if compare & (1 << p) else 0))
            return result & 0xFF
        plane = self.gc[4] & 3
        if mask != 0x0F:  # odd/even: the address picks the plane pair member
            plane = (plane & 2) | (offset & 1)
        return planes[plane][off]

    def write_byte(self, offset: int, value: int) -> None:
        mask, off = self._locate(offset)
        mask &= self.seq[2] & 0x0F
        if self.chain4:
            if mask:
                self.planes[offset & 3][off] = value
            return
        data = self._write_data(value)
        for p in range(4):
            if mask & (1 << p):
                self.planes[p][off] = data[p]

    def _write_data(self, value: int) -> list[int]:
        gc = self.gc
        mode = gc[5] & 3
        latch = self.latch
        if mode == 1:
            return list(latch)
        rotate = gc[3] & 7
        func = (gc[3] >> 3) & 3
        bitmask = gc[8]
        if mode in (0, 3):
            value = ((value >> rotate) | (value << (8 - rotate))) & 0xFF
        if mode == 0:
            setres, enable = gc[0], gc[1]
            data = [(0xFF if setres & (1 << p) else 0) if enable & (1 << p) else value for p in range(4)]
        elif mode == 2:
            data = [0xFF if value & (1 << p) else 0 for p in range(4)]
        else:  # mode 3: the rotated value ANDed with the bit mask is the mask; set/reset the data
            bitmask &= value
            data = [0xFF if gc[0] & (1 << p) else 0 for p in range(4)]
        out = []
        for p in range(4):
            d = data[p]
            if func == 1:
                d &= latch[p]
            elif func == 2:
                d |= latch[p]
            elif func == 3:
                d ^= latch[p]
            out.append((d & bitmask) | (latch[p] & ~bitmask & 0xFF))
        return out

    # -- the guest's view of the hooks ----------------------------------------------
    def install(self, vdh: Vdh) -> None:
        ports = list(range(0x3C0, 0x3D0)) + [0x3B4, 0x3B5, 0x3BA, 0x3D4, 0x3D5, 0x3DA]
        vdh.hook_io(ports, self.port_read, self.port_write)
