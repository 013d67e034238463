"""VVIDEO: the video BIOS (INT 10h) over an emulated VGA.

The screen lives in guest memory at B800:0000 as on a CGA/EGA/VGA, so a program
that writes there directly and one that calls the BIOS see the same cells. The
BIOS keeps its state (mode, columns, cursor of each page) in the BIOS data area
where programs read it. Teletype output is also streamed to the session's
console, so a program run from a script shows what it prints.

The graphics modes (CGA 04h-06h, EGA/VGA 0Dh-13h) and the registers under them
are in `vga.py`; `render.py` turns any mode into an RGB frame; `font.py` says
where the character sets come from.
"""

from __future__ import annotations

from ..ist import Registers
from ..vdh import Vdd, Vdh
from .modes import (
    BDA_CHAR_HEIGHT,
    BDA_COLUMNS,
    BDA_CRTC,
    BDA_CURSOR,
    BDA_CURSOR_SHAPE,
    BDA_MODE,
    BDA_MODE_CTL,
    BDA_PAGE,
    BDA_PAGE_SIZE,
    BDA_PAGE_START,
    BDA_ROWS,
    GFX_MODES,
    TEXT_BASE,
    TEXT_MODES,
    TEXT_WRAP,
    GfxMode,
)
from .vbe import LFB_SIZE, VesaBios
from .vga import A000, MONO64, PLANE_SIZE, SEQ_DOT_CLOCK_HALF, SEQ_SCREEN_OFF, VgaHardware

MONO_BASE = 0xB0000  # the monochrome text mode's cells (B800h is the colour modes' TEXT_BASE)
# Mode 0Fh's attribute palette: colours 1 and 9 normal (DAC entry 08h, grey), 4, 5 and 13
# bright (18h, white), the rest black (the DAC as mode 07h has it, MONO64).
MONO_GFX_PALETTE = bytes((0x00, 0x08, 0x00, 0x00, 0x18, 0x18, 0x00, 0x00,
                          0x00, 0x08, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00))

# The pictures code page 437 shows for control codes when they are drawn as cells.
_CP437_LOW = " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"
CELL_CHARS = [_CP437_LOW[i] if i < 32 else bytes([i]).decode("cp437") for i in range(256)]
CELL_CHARS[0x7F] = "⌂"


# INT 10h/1Ch's buffer: a header of word offsets, then the parts asked for.
STATE_HEADER = 0x20
# The BIOS data a state save keeps: 0040:0049-0066 (mode, columns, page, cursors, CRTC, mode control),
# 0040:0084-008A (rows, character height, EGA/VGA switches) and the save pointer at 0040:00A8.
BIOS_STATE_SPANS = ((0x449, 0x1E), (0x484, 7), (0x4A8, 4))
BIOS_STATE_SIZE = sum(size for _, size in BIOS_STATE_SPANS) + 14  # and the VDD's own: VESA mode, font...


def state_size(states: int) -> int:
    """Bytes INT 10h/1Ch needs for the parts in `states` (CX bits 0-2)."""
    sizes = (VgaHardware.REGISTERS_SIZE, BIOS_STATE_SIZE, VgaHardware.DAC_SIZE)
    return STATE_HEADER + sum(size for bit, size in enumerate(sizes) if states & (1 << bit))


class Video(VesaBios, Vdd):
    name = "VVIDEO"

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        self.ram = vdh.ram
        self.console = vdh.machine.console_out
        self.rows = 25
        self.char_h = 16
        self.scan_lines = 400  # what 12h/30h selected for text modes
        self.mode_lines = 400  # the scan lines of the text mode set last (200 are scanned twice)
        self.cursor_emulation = True  # 12h/34h: CGA cursor shapes scaled to the cell
        self.gfx: GfxMode | None = None
        self.vga = VgaHardware()
        self.vga.on_mmio = self._install_mmio
        self.vga.install(vdh)
        self.cga_colours = [0, 3, 5, 7]
        self.tty_colour = 15
        self._font_rom: dict[int, int] = {}
        for height in (8, 14, 16):  # filled on first use: loading a font takes a moment
            self._font_rom[height] = vdh.rom_alloc(bytes(256 * height))
        self._fonts_loaded = False
        self.setup_vbe(vdh)
        self.set_mode(3)
        vdh.hook_int(0x10, self.int10)
        self._functions = {
            0x00: self._set_mode, 0x01: self._set_cursor_shape, 0x02: self._set_cursor,
            0x03: self._get_cursor, 0x05: self._set_page, 0x06: self._scroll_up,
            0x07: self._scroll_down, 0x08: self._read_cell, 0x09: self._write_cells,
            0x0A: self._write_chars, 0x0B: self._cga_palette, 0x0C: self._write_pixel,
            0x0D: self._read_pixel, 0x0E: self._teletype, 0x0F: self._get_state,
            0x10: self._palette, 0x11: self._font_info, 0x12: self._alt_select,
            0x13: self._write_string, 0x1A: self._display_combination, 0x1B: self._state_info,
            0x1C: self._save_restore,
            0x4F: self._vbe,
        }

    # -- state in the BIOS data area ---------------------------------------------
    @property
    def cols(self) -> int:
        return self.ram.rw(BDA_COLUMNS)

    @property
    def page(self) -> int:
        return self.ram.rb(BDA_PAGE)

    def cursor(self, page: int | None = None) -> tuple[int, int]:
        """(row, column) of a page's cursor."""
        p = self.page if page is None else page & 7
        return self.ram.rb(BDA_CURSOR + 2 * p + 1), self.ram.rb(BDA_CURSOR + 2 * p)

    def set_cursor(self, row: int, col: int, page: int | None = None) -> None:
        """A page's cursor in the BIOS data area, and in the CRTC when the page shows."""
        p = self.page if page is None else page & 7
        self.ram.wb(BDA_CURSOR + 2 * p, col)
        self.ram.wb(BDA_CURSOR + 2 * p + 1, row)
        if p == self.page:
            self._crtc_cursor()

    def _crtc_cursor(self) -> None:
        """The active page's cursor into the CRTC's cursor location (in cells from address 0)."""
        if self.gfx is None:
            row, col = self.cursor()
            at = (self.ram.rw(BDA_PAGE_START) // 2 + row * self.cols + col) & 0xFFFF
            self.vga.crtc[0x0E], self.vga.crtc[0x0F] = at >> 8, at & 0xFF

    @property
    def text_base(self) -> int:
        """Where the text modes' cells are: B0000 for the monochrome mode (the graphics
        controller's memory map 2, B0000-B7FFF), B8000 for the others."""
        return MONO_BASE if (self.vga.gc[0x06] >> 2) & 3 == 2 else TEXT_BASE

    def cell_addr(self, row: int, col: int, page: int | None = None) -> int:
        p = self.page if page is None else page & 7
        return self.text_base + p * self.ram.rw(BDA_PAGE_SIZE) + (row * self.cols + col) * 2

    def set_mode(self, mode: int, clear: bool = True, rows: int | None = None, char_h: int | None = None) -> bool:
        """Set a BIOS mode (bit 7 of `mode`: keep video memory); False if unknown. A text mode
        has the cells 12h/30h's scan lines call for unless `rows` and `char_h` say otherwise."""
        number = mode & 0x7F
        if number in GFX_MODES or number in TEXT_MODES:
            self.vga.dac_mask = 0xFF  # the BIOS opens the DAC's pixel mask again
        if number in GFX_MODES:
            self._set_gfx_mode(number, clear and not mode & 0x80)
            return True
        cols = TEXT_MODES.get(number)
        if cols is None:
            return False
        self.gfx = None
        self.vbe_mode = 0
        lines = self.scan_lines if self.scan_lines in (200, 350) else 400
        char_h = char_h or {200: 8, 350: 14}.get(lines, 16)
        self.rows, self.char_h = rows or lines // char_h, char_h
        rows = self.rows
        self.mode_lines = lines
        # 9-dot cells on 400 lines (and for the monochrome mode); 8 on 350 and 200 lines
        nine = lines == 400 or number == 7
        self.vga.load_text(cols, char_h, rows, lines, nine, number == 7)
        self._load_rom_font(char_h, 0)
        self._bda_mode(number, cols, 0x800 if cols == 40 else 0x1000, char_h)
        self._crtc_cursor()
        if clear and not mode & 0x80:
            self.ram.write(self.text_base, b"\x20\x07" * 0x4000)
        return True

    def _bda_mode(self, number: int, cols: int, page_size: int, char_h: int) -> None:
        ram = self.ram
        ram.wb(BDA_MODE, number)
        ram.ww(BDA_COLUMNS, cols)
        ram.ww(BDA_PAGE_SIZE, page_size)
        ram.ww(BDA_PAGE_START, 0)
        ram.fill(BDA_CURSOR, 16, 0)
        ram.ww(BDA_CURSOR_SHAPE, 0x0607)  # as programs expect it; the CRTC shape is scaled when drawn
        ram.wb(BDA_PAGE, 0)
        ram.ww(BDA_CRTC, 0x3B4 if number == 7 else 0x3D4)
        ram.wb(BDA_MODE_CTL, 0x29)
        ram.wb(BDA_ROWS, self.rows - 1)
        ram.ww(BDA_CHAR_HEIGHT, char_h)

    def _set_gfx_mode(self, number: int, clear: bool) -> None:
        info = GFX_MODES[number]
        self.vbe_mode = 0
        self.gfx = info
        self.char_h = info.char_h
        self.rows = info.height // info.char_h
        planar = info.kind == "planar"
        if planar:
            self._install_mmio()
        self.vga.load_mode(clear and (planar or self.vga.mmio), info.kind == "chained", info.width, info.height,
                           info.scan, info.bpp)
        if number == 0x0F:  # monochrome: planes 0 and 2 through the BIOS's palette, the DAC in greys
            self.vga.attr[:0x10] = MONO_GFX_PALETTE
            self.vga.attr[0x12] = 0x05
            self.vga.dac[:0x40] = MONO64
        if info.kind == "cga":
            self.vga.load_cga(info.bpp)
            self.cga_colours = [0, 3, 5, 7] if info.bpp == 2 else [0, 15]
            if clear:
                self.ram.fill(TEXT_BASE, 0x4000, 0)
        elif info.kind == "chained" and clear and not self.vga.mmio:
            self.ram.fill(A000, 0x10000, 0)
        self.tty_colour = 3 if info.bpp == 2 else 1 if info.bpp == 1 else 15
        cols = info.width // 8
        page = (info.width * info.height * max(info.bpp, 1) // 8) if info.kind != "planar" else \
            info.width * info.height // 8
        self._bda_mode(number, cols, page, info.char_h)

    def _install_mmio(self) -> None:
        """Put the planes behind A0000-AFFFF, keeping what mode 13h drew in RAM."""
        vga = self.vga
        if vga.mmio:
            return
        if self.gfx is not None and self.gfx.kind == "chained":  # (a text mode's fonts stay in plane 2)
            data = self.ram.read(A000, PLANE_SIZE)
            for addr in range(0, PLANE_SIZE):  # chain-4 order: plane = address mod 4
                vga.planes[addr & 3][addr & 0xFFFC] = data[addr]
        self.vdh.hook_mem(A000, A000 + PLANE_SIZE, self._window_read, self._window_write)
        vga.mmio = True

    def _window_read(self, addr: int, size: int) -> int:
        if self.vbe_mode:
            return self.vbe.window_read(addr, size)
        return self.vga.mem_read(addr, size)

    def _window_write(self, addr: int, size: int, value: int) -> None:
        if self.vbe_mode:
            self.vbe.window_write(addr, size, value)
        else:
            self.vga.mem_write(addr, size, value)

    # -- INT 10h ------------------------------------------------------------------
    def int10(self, r: Registers) -> None:
        fn = self._functions.get(r.ah)
        if fn is not None:
            fn(r)

    def _set_mode(self, r: Registers) -> None:
        self.set_mode(r.al)

    def _set_cursor_shape(self, r: Registers) -> None:
        """01h: the shape as given in the BIOS data area, the CRTC's cursor start and end
        lines scaled from an 8-line shape to the cell (the VGA's CGA cursor emulation)."""
        self.ram.ww(BDA_CURSOR_SHAPE, r.cx)
        self._crtc_cursor_shape()

    def _crtc_cursor_shape(self) -> None:
        """The BIOS data area's cursor shape into CRTC 0Ah/0Bh for the cell height."""
        shape = self.ram.rw(BDA_CURSOR_SHAPE)
        start, end = self._cursor_lines(shape) if self.cursor_emulation else ((shape >> 8) & 0x1F, shape & 0x1F)
        if shape & 0x6000:  # either option bit: no cursor on an EGA/VGA
            start |= 0x20
        self.vga.crtc[0x0A] = (self.vga.crtc[0x0A] & 0xC0) | (start & 0x3F)
        self.vga.crtc[0x0B] = (self.vga.crtc[0x0B] & 0xE0) | (end & 0x1F)

    def _set_cursor(self, r: Registers) -> None:
        self.set_cursor(r.dh, r.dl, r.bh)

    def _get_cursor(self, r: Registers) -> None:
        row, col = self.cursor(r.bh)
        r.dx = (row << 8) | col
        r.cx = self.ram.rw(BDA_CURSOR_SHAPE)
        r.ax = 0

    def _set_page(self, r: Registers) -> None:
        if r.al < 8:
            self.ram.wb(BDA_PAGE, r.al)
            start = r.al * self.ram.rw(BDA_PAGE_SIZE)
            self.ram.ww(BDA_PAGE_START, start)
            if self.gfx is None or self.gfx.kind == "planar":  # the CRTC counts text in words, planes in bytes
                addr = start >> 1 if self.gfx is None else start
                self.vga.crtc[0x0C], self.vga.crtc[0x0D] = (addr >> 8) & 0xFF, addr & 0xFF
            self._crtc_cursor()  # the cursor of the page now shown

    def _scroll_up(self, r: Registers) -> None:
        self.scroll(r.ch, r.cl, r.dh, r.dl, r.al, r.bh, up=True)

    def _scroll_down(self, r: Registers) -> None:
        self.scroll(r.ch, r.cl, r.dh, r.dl, r.al, r.bh, up=False)

    def _read_cell(self, r: Registers) -> None:
        row, col = self.cursor(r.bh)
        r.ax = self.ram.rw(self.cell_addr(row, col, r.bh))

    def _write_cells(self, r: Registers) -> None:
        self.fill_at_cursor(r.bh, r.al, r.bl, r.cx)

    def _write_chars(self, r: Registers) -> None:
        self.fill_at_cursor(r.bh, r.al, None, r.cx)

    def _teletype(self, r: Registers) -> None:
        if self.gfx is not None:
            self.tty_colour = r.bl
        self.write_tty(bytes((r.al,)))

    def _get_state(self, r: Registers) -> None:
        r.al = self.ram.rb(BDA_MODE)
        r.ah = self.cols
        r.bh = self.page

    def _font_info(self, r: Registers) -> None:
        al = r.al
        if al == 0x30:  # get font information: height, rows, and where a font is
            self._load_fonts()
            height = {2: 14, 3: 8, 4: 8, 5: 14, 6: 16, 7: 16}.get(r.bh, self.char_h)
            r.cx = self.char_h
            r.dl = self.rows - 1
            r.es = 0xF000
            r.bp = self._font_rom[height] + (128 * 8 if r.bh == 4 else 0)
        elif self.gfx is not None:
            return
        elif al == 0x03:  # the block specifier: character maps A and B
            self.vga.seq[3] = r.bl & 0x3F
        elif al in (0x00, 0x10):  # the program's own glyphs
            height = r.bh or 16
            data = self.ram.read((r.es << 4) + r.bp, r.cx * height)
            self.vga.load_font(data, height, r.bl & 7, r.dx & 0xFF, min(r.cx, 256))
            if al == 0x10:
                self._set_char_height(min(height, 32))
        elif al in (0x01, 0x02, 0x04, 0x11, 0x12, 0x14):  # a ROM font: 8x14, 8x8, 8x16
            height = {0x01: 14, 0x02: 8, 0x04: 16}[al & 0x0F]
            self._load_rom_font(height, r.bl & 7)
            if al & 0x10:  # and the cells to match: as many rows as fit the screen
                self._set_char_height(height)

    def _load_rom_font(self, height: int, block: int) -> None:
        from .font import font

        self.vga.load_font(font(height), height, block)

    def _set_char_height(self, height: int) -> None:
        """11h with AL=1xh: cells of `height` lines, as many rows as fit the mode's scan
        lines (8x8 gives 50 rows on 400 lines, 43 on 350); the CRTC, cursor and BIOS data follow."""
        rows = max(self.mode_lines // height, 1)
        self.char_h, self.rows = height, rows
        self.vga.set_cell_height(height, rows * height * (2 if self.mode_lines == 200 else 1))
        self.ram.wb(BDA_ROWS, rows - 1)
        self.ram.ww(BDA_CHAR_HEIGHT, height)
        self._crtc_cursor_shape()  # the program's shape (or its hidden cursor) scaled to the new cells
        self.ram.ww(BDA_PAGE_SIZE, ((self.cols * rows * 2) + 0xFF) & ~0xFF)

    def _load_fonts(self) -> None:
        if not self._fonts_loaded:
            from .font import font

            for height, off in self._font_rom.items():
                self.ram.write(0xF0000 + off, font(height))
            self._fonts_loaded = True

    def _alt_select(self, r: Registers) -> None:
        if r.bl == 0x10:  # EGA information: colour, 256 KiB, feature bits clear
            r.bx = 0x0003
            r.cx = 0x0009
        elif r.bl == 0x30 and r.al <= 2:  # scan lines of the next text mode set
            self.scan_lines = (200, 350, 400)[r.al]
            r.al = 0x12
        elif r.bl == 0x34 and r.al <= 1:  # cursor emulation on (0) or off (1)
            self.cursor_emulation = r.al == 0
            r.al = 0x12
        elif r.bl in (0x31, 0x32, 0x33, 0x35, 0x36):  # palette loading, video enable...: accepted
            r.al = 0x12

    def _display_combination(self, r: Registers) -> None:
        if r.al == 0:
            r.al = 0x1A
            r.bx = 0x0008  # VGA with colour analog display

    def _state_info(self, r: Registers) -> None:
        """1Bh: the functionality/state table at ES:DI (64 bytes)."""
        if r.bx != 0:
            return
        self._load_fonts()
        table = bytearray(64)
        table[0:4] = (self._font_rom[16]).to_bytes(2, "little") + (0xF000).to_bytes(2, "little")
        table[4:0x22] = self.ram.read(BDA_MODE, 30)
        table[0x22] = self.rows
        table[0x23:0x25] = self.char_h.to_bytes(2, "little")
        table[0x25] = 0x08  # VGA colour display
        table[0x27:0x29] = (256 if self.gfx and self.gfx.bpp == 8 else 16).to_bytes(2, "little")
        table[0x29] = 8
        table[0x2A] = {200: 0, 350: 1, 400: 2, 480: 3}.get(self.rows * self.char_h, 2)
        self.ram.write((r.es << 4) + r.di, bytes(table))
        r.al = 0x1B

    # -- INT 10h/1Ch: save and restore the video state --------------------------------
    def _save_restore(self, r: Registers) -> None:
        """1Ch: AL=00 the buffer's size in 64-byte blocks (BX), 01 save to ES:BX, 02 restore from it;
        CX bit 0: the hardware registers, bit 1: the BIOS data (the mode), bit 2: the DAC."""
        states = r.cx & 7
        addr = (r.es << 4) + r.bx
        if r.al == 0x00:
            r.bx = -(-state_size(states) // 64)
        elif r.al == 0x01:
            self.ram.write(addr, self.save_state(states))
        elif r.al == 0x02:
            self.restore_state(states, self.ram.read(addr, state_size(states)))
        else:
            return
        r.al = 0x1C

    def save_state(self, states: int) -> bytes:
        """The state buffer: a header of word offsets to each part saved (0: not saved), then the parts."""
        header, body = bytearray(STATE_HEADER), bytearray()
        parts = (self.vga.save_registers, self._save_bios_data, self.vga.save_dac)
        for bit, save in enumerate(parts):
            if states & (1 << bit):
                header[2 * bit:2 * bit + 2] = (STATE_HEADER + len(body)).to_bytes(2, "little")
                body += save()
        return bytes(header + body)

    def restore_state(self, states: int, data: bytes) -> None:
        """Put back what `save_state` saved: the mode first (it resets the hardware), then the registers."""
        def part(bit: int, size: int) -> bytes | None:
            at = int.from_bytes(data[2 * bit:2 * bit + 2], "little")
            return bytes(data[at:at + size]) if states & (1 << bit) and at else None

        bios = part(1, BIOS_STATE_SIZE)
        if bios is not None:
            self._load_bios_data(bios)
        registers = part(0, VgaHardware.REGISTERS_SIZE)
        if registers is not None:
            self.vga.load_registers(registers)
        dac = part(2, VgaHardware.DAC_SIZE)
        if dac is not None:
            self.vga.load_dac(dac)

    def _save_bios_data(self) -> bytes:
        out = bytearray()
        for start, size in BIOS_STATE_SPANS:
            out += self.ram.read(start, size)
        out += self.vbe_mode.to_bytes(2, "little") + bytes((self.rows, self.char_h))
        out += self.scan_lines.to_bytes(2, "little") + bytes(self.cga_colours)
        return bytes(out + self.tty_colour.to_bytes(4, "little"))

    def _load_bios_data(self, data: bytes) -> None:
        """The mode the data names, set again without clearing video memory (as the program left it),
        with the hardware and DAC as they are now; then the BIOS data area itself."""
        at = sum(size for _, size in BIOS_STATE_SPANS)
        vbe_mode = int.from_bytes(data[at:at + 2], "little")
        rows, char_h = data[at + 2], data[at + 3]
        vga = self.vga
        registers, dac = vga.save_registers(), vga.save_dac()
        self.scan_lines = int.from_bytes(data[at + 4:at + 6], "little")
        if vbe_mode:
            self.set_vbe_mode(vbe_mode, clear=False)
        else:
            self.set_mode(data[0] | 0x80, rows=rows or None, char_h=char_h or None)
        vga.load_registers(registers)
        vga.load_dac(dac)
        pos = 0
        for start, size in BIOS_STATE_SPANS:
            self.ram.write(start, data[pos:pos + size])
            pos += size
        self.scan_lines = int.from_bytes(data[at + 4:at + 6], "little")
        self.cga_colours = list(data[at + 6:at + 10])
        self.tty_colour = int.from_bytes(data[at + 10:at + 14], "little")

    # -- graphics: INT 10h 0Bh-0Dh and 10h ---------------------------------------------
    def _cga_palette(self, r: Registers) -> None:
        if r.bh == 0:  # background (graphics) / border
            self.cga_colours[0] = r.bl & 0x0F
            if self.gfx is not None and self.gfx.bpp == 2:
                bright = 8 if r.bl & 0x10 else 0
                self.cga_colours[1:] = [(c & 7) | bright for c in self.cga_colours[1:]]
        elif r.bh == 1 and self.gfx is not None and self.gfx.bpp == 2:
            bright = self.cga_colours[1] & 8
            self.cga_colours[1:] = [c | bright for c in ((3, 5, 7) if r.bl & 1 else (2, 4, 6))]

    def _write_pixel(self, r: Registers) -> None:
        if self.gfx is not None:
            self.set_pixel(r.cx, r.dx, r.al)

    def _read_pixel(self, r: Registers) -> None:
        if self.gfx is not None:
            r.al = self.get_pixel(r.cx, r.dx)

    def _palette(self, r: Registers) -> None:
        vga, al = self.vga, r.al
        if al == 0x00 and r.bl < 16:
            vga.attr[r.bl] = r.bh & 0x3F
        elif al == 0x01:
            vga.attr[0x11] = r.bh
        elif al == 0x02:
            regs = self.ram.read((r.es << 4) + r.dx, 17)
            vga.attr[:16] = regs[:16]
            vga.attr[0x11] = regs[16]
        elif al == 0x03:
            vga.attr[0x10] = (vga.attr[0x10] & ~8) | (8 if r.bl else 0)
        elif al == 0x07 and r.bl < 0x15:
            r.bh = vga.attr[r.bl]
        elif al == 0x08:
            r.bh = vga.attr[0x11]
        elif al == 0x09:
            self.ram.write((r.es << 4) + r.dx, bytes(vga.attr[:16]) + bytes((vga.attr[0x11],)))
        elif al == 0x10:  # the DAC calls take and give values as wide as the DAC is (VBE 4F08h)
            limit = vga.dac_limit
            vga.dac[r.bx & 0xFF] = (r.dh & limit, r.ch & limit, r.cl & limit)
        elif al == 0x12:
            data, limit = self.ram.read((r.es << 4) + r.dx, 3 * r.cx), vga.dac_limit
            for i in range(r.cx):
                vga.dac[(r.bx + i) & 0xFF] = tuple(b & limit for b in data[3 * i:3 * i + 3])
        elif al == 0x13:
            if r.bl == 0:
                vga.attr[0x10] = (vga.attr[0x10] & 0x7F) | (0x80 if r.bh & 1 else 0)
            else:
                vga.attr[0x14] = r.bh & 0x0F
        elif al == 0x15:
            red, green, blue = (c & vga.dac_limit for c in vga.dac[r.bx & 0xFF])
            r.dh, r.ch, r.cl = red, green, blue
        elif al == 0x17:
            out = bytes(c & vga.dac_limit for i in range(r.cx) for c in vga.dac[(r.bx + i) & 0xFF])
            self.ram.write((r.es << 4) + r.dx, out)
        elif al == 0x18:
            vga.dac_mask = r.bl
        elif al == 0x19:
            r.bl = vga.dac_mask
        elif al == 0x1A:
            r.bl = vga.attr[0x10] >> 7
            r.bh = vga.attr[0x14] & 0x0F
        elif al == 0x1B:
            for i in range(r.cx):
                red, green, blue = vga.dac[(r.bx + i) & 0xFF]
                grey = (30 * red + 59 * green + 11 * blue + 50) // 100
                vga.dac[(r.bx + i) & 0xFF] = (grey, grey, grey)

    # -- pixels ---------------------------------------------------------------------
    def _cga_addr(self, x: int, y: int) -> tuple[int, int, int]:
        """(linear address, shift, mask) of a CGA pixel."""
        info = self.gfx
        assert info is not None
        per_byte = 8 // info.bpp
        addr = TEXT_BASE + (y & 1) * 0x2000 + (y >> 1) * 80 + x // per_byte
        shift = (per_byte - 1 - x % per_byte) * info.bpp
        return addr, shift, (1 << info.bpp) - 1

    def set_pixel(self, x: int, y: int, colour: int) -> None:
        info = self.gfx
        if info is None or not (0 <= x < info.width and 0 <= y < info.height):
            return
        xor = bool(colour & 0x80) and info.bpp < 8
        if info.kind == "vesa":
            size, at = info.bpp // 8, self.vbe_offset(x, y)
            self.vbe.view[at:at + size] = (colour & ((1 << info.bpp) - 1)).to_bytes(size, "little")
        elif info.kind == "cga":
            addr, shift, mask = self._cga_addr(x, y)
            old = self.ram.rb(addr)
            value = (colour & mask) << shift
            self.ram.wb(addr, old ^ value if xor else (old & ~(mask << shift)) | value)
        elif info.kind == "planar":
            off = (self.vga.start_address() + y * self.vga.line_bytes() + (x >> 3)) & 0xFFFF
            bit = 0x80 >> (x & 7)
            for p, plane in enumerate(self.vga.planes):
                on = bool(colour & (1 << p))
                if xor:
                    plane[off] ^= bit if on else 0
                else:
                    plane[off] = (plane[off] | bit) if on else (plane[off] & ~bit)
        elif info.kind == "chained":
            addr = y * info.width + x
            if self.vga.mmio:
                self.vga.planes[addr & 3][addr & 0xFFFC] = colour & 0xFF
            else:
                self.ram.wb(A000 + addr, colour & 0xFF)

    def get_pixel(self, x: int, y: int) -> int:
        info = self.gfx
        if info is None or not (0 <= x < info.width and 0 <= y < info.height):
            return 0
        if info.kind == "cga":
            addr, shift, mask = self._cga_addr(x, y)
            return (self.ram.rb(addr) >> shift) & mask
        if info.kind == "vesa":
            size, at = info.bpp // 8, self.vbe_offset(x, y)
            return int.from_bytes(self.vbe.view[at:at + size], "little")
        if info.kind == "planar":
            off = (self.vga.start_address() + y * self.vga.line_bytes() + (x >> 3)) & 0xFFFF
            bit = 0x80 >> (x & 7)
            return sum(1 << p for p, plane in enumerate(self.vga.planes) if plane[off] & bit)
        addr = y * info.width + x
        if self.vga.mmio:
            return self.vga.planes[addr & 3][addr & 0xFFFC]
        return self.ram.rb(A000 + addr)

    def draw_glyph(self, row: int, col: int, ch: int, colour: int) -> None:
        """A character cell in a graphics mode: foreground `colour`, background 0."""
        from .font import font

        height = self.char_h
        glyphs = font(height)
        xor = colour & 0x80 and self.gfx is not None and self.gfx.bpp < 8
        for y in range(height):
            bits = glyphs[ch * height + y]
            for x in range(8):
                on = bits & (0x80 >> x)
                px, py = col * 8 + x, row * height + y
                if xor:
                    if on:
                        self.set_pixel(px, py, colour)
                else:
                    self.set_pixel(px, py, colour if on else 0)

    def _gfx_scroll(self, top: int, left: int, bottom: int, right: int, lines: int, colour: int,
                    up: bool) -> None:
        """Scroll a window of character cells in a graphics mode: whole pixel rows
        when the window spans the screen's width, pixel by pixel otherwise."""
        h = self.char_h
        if left == 0 and (right + 1) * 8 >= self.gfx.width:
            self._gfx_scroll_rows(top * h, (bottom + 1) * h, lines * h, colour, up)
            return
        x0, x1 = left * 8, (right + 1) * 8
        if up:
            rows = range(top * h, (bottom + 1 - lines) * h)
        else:
            rows = range((bottom + 1) * h - 1, (top + lines) * h - 1, -1)
        shift = lines * h if up else -lines * h
        for y in rows:
            for x in range(x0, x1):
                self.set_pixel(x, y, self.get_pixel(x, y + shift))
        cleared = range((bottom + 1 - lines) * h, (bottom + 1) * h) if up else range(top * h, (top + lines) * h)
        for y in cleared:
            for x in range(x0, x1):
                self.set_pixel(x, y, colour)

    def _row_spans(self, y: int, colour: int) -> list[tuple[object, int, int, bytes]]:
        """The memory of pixel row y: (buffer, start, length, one byte or pixel of `colour`)."""
        info, vga = self.gfx, self.vga
        assert info is not None
        if info.kind == "cga":
            fill = (colour & 3) * 0x55 if info.bpp == 2 else (0xFF if colour & 1 else 0)
            return [(self.ram.mem, TEXT_BASE + (y & 1) * 0x2000 + (y >> 1) * 80, 80, bytes((fill,)))]
        if info.kind == "planar":
            start = vga.start_address() + y * vga.line_bytes()
            return [(plane, start, info.width // 8, bytes((0xFF if colour & (1 << p) else 0,)))
                    for p, plane in enumerate(vga.planes)]
        if info.kind == "vesa":  # the screen's width of a logical scan line
            size = info.bpp // 8
            return [(self.vbe.view, self.vbe_offset(0, y), info.width * size, colour.to_bytes(size, "little"))]
        if vga.mmio:
            return [(plane, y * info.width, info.width, bytes((colour & 0xFF,))) for plane in vga.planes]
        return [(self.ram.mem, A000 + y * info.width, info.width, bytes((colour & 0xFF,)))]

    def _gfx_scroll_rows(self, top: int, end: int, shift: int, colour: int, up: bool) -> None:
        """Move pixel rows [top, end) by `shift` rows, and blank the rows left behind."""
        shift = min(shift, end - top)
        order = range(top, end - shift) if up else range(end - 1, top + shift - 1, -1)
        for y in order:
            source = y + shift if up else y - shift
            for (buf, dst, length, _), (_, src, _, _) in zip(self._row_spans(y, 0), self._row_spans(source, 0),
                                                          strict=True):
                buf[dst:dst + length] = buf[src:src + length]
        blank = range(end - shift, end) if up else range(top, top + shift)
        for y in blank:
            for buf, dst, length, unit in self._row_spans(y, colour):
                buf[dst:dst + length] = unit * (length // len(unit))

    def _write_string(self, r: Registers) -> None:
        mode, page = r.al, r.bh
        addr = (r.es << 4) + r.bp
        step = 2 if mode & 2 else 1
        data = self.ram.read(addr, r.cx * step)
        saved = self.cursor(page)
        self.set_cursor(r.dh, r.dl, page)
        for i in range(0, len(data), step):
            attr = data[i + 1] if step == 2 else r.bl
            self.put_char(data[i], page, attr)
        if mode & 1:  # a string that moves the cursor reads like teletype output: stream it
            self.console.write(data[::step])
        if not mode & 1:
            self.set_cursor(*saved, page)

    # -- drawing ------------------------------------------------------------------
    def fill_at_cursor(self, page: int, char: int, attr: int | None, count: int) -> None:
        row, col = self.cursor(page)
        if self.gfx is not None:
            for i in range(min(count, self.cols - col)):
                self.draw_glyph(row, col + i, char, attr if attr is not None else self.tty_colour)
            return
        addr = self.cell_addr(row, col, page)
        end = self.text_base + ((page & 7) + 1) * self.ram.rw(BDA_PAGE_SIZE)
        count = min(count, max(0, (end - addr) // 2))
        m = self.ram.mem
        for i in range(count):
            m[addr + 2 * i] = char
            if attr is not None:
                m[addr + 2 * i + 1] = attr

    def scroll(self, top: int, left: int, bottom: int, right: int, lines: int, attr: int,
               up: bool, page: int | None = None) -> None:
        cols, rows = self.cols, self.rows
        bottom, right = min(bottom, rows - 1), min(right, cols - 1)
        if top > bottom or left > right:
            return
        if self.gfx is not None:
            height = bottom - top + 1
            self._gfx_scroll(top, left, bottom, right, height if not lines or lines > height else lines, attr, up)
            return
        height = bottom - top + 1
        if lines == 0 or lines > height:
            lines = height
        width = (right - left + 1) * 2
        m = self.ram.mem
        order = range(top, bottom + 1 - lines) if up else range(bottom, top + lines - 1, -1)
        for row in order:
            src = self.cell_addr(row + lines if up else row - lines, left, page)
            dst = self.cell_addr(row, left, page)
            m[dst:dst + width] = m[src:src + width]
        blank = bytes((0x20, attr)) * (width // 2)
        cleared = range(bottom - lines + 1, bottom + 1) if up else range(top, top + lines)
        for row in cleared:
            dst = self.cell_addr(row, left, page)
            m[dst:dst + width] = blank

    def put_char(self, ch: int, page: int | None = None, attr: int | None = None) -> None:
        """Teletype one character: controls move the cursor, others are drawn."""
        row, col = self.cursor(page)
        cols = self.cols
        if ch == 0x0D:
            col = 0
        elif ch == 0x0A:
            row += 1
        elif ch == 0x08:
            col = max(col - 1, 0)
        elif ch == 0x07:
            return
        elif self.gfx is not None:
            self.draw_glyph(row, col, ch, attr if attr is not None else self.tty_colour)
            col += 1
            if col >= cols:
                col = 0
                row += 1
        else:
            addr = self.cell_addr(row, col, page)
            self.ram.mem[addr] = ch
            if attr is not None:
                self.ram.mem[addr + 1] = attr
            col += 1
            if col >= cols:
                col = 0
                row += 1
        if row >= self.rows and self.gfx is not None:
            self.scroll(0, 0, self.rows - 1, cols - 1, 1, 0, True, page)
            row = self.rows - 1
        elif row >= self.rows:
            keep = self.ram.rb(self.cell_addr(self.rows - 1, 0, page) + 1)
            self.scroll(0, 0, self.rows - 1, cols - 1, 1, keep, True, page)
            row = self.rows - 1
        self.set_cursor(row, col, page)

    def write_tty(self, data: bytes, expand_tabs: bool = False) -> None:
        """Teletype `data` on the active page and stream it to the console."""
        for ch in data:
            if ch == 0x09 and expand_tabs:
                _, col = self.cursor()
                for _ in range(8 - col % 8):
                    self.put_char(0x20)
            else:
                self.put_char(ch)
        self.console.write(data)

    # -- for windows and --screen ---------------------------------------------------
    def screen_text(self) -> str:
        """The text on the screen as the CRTC shows it, trailing blanks and blank lines dropped."""
        if self.gfx is not None:
            return ""
        cols, rows = self.shown_size()
        cells = self.shown_text()
        lines = ["".join(CELL_CHARS[c] for c in cells[row * cols * 2:(row + 1) * cols * 2:2]).rstrip()
                 for row in range(rows)]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)

    def frame(self, blink_on: bool = True):
        """The screen as the monitor shows it: a numpy array [height, width, 3] of uint8; black
        while the sequencer's screen-off bit (01h bit 5) blanks the display."""
        picture = self._picture(blink_on)
        if self.vga.seq[1] & SEQ_SCREEN_OFF:
            picture[:] = 0
        return picture

    def _picture(self, blink_on: bool):
        from . import render

        vga, info = self.vga, self.gfx
        if info is None:
            return render.text_frame(vga, self.ram.read(self.text_base, TEXT_WRAP), blink_on)
        if info.kind == "cga":
            return render.cga_frame(self.ram.read(TEXT_BASE, TEXT_WRAP), info.bpp, self.cga_colours, vga)
        if info.kind == "planar":
            return render.planar_frame(vga, info.width, info.height)
        if info.kind == "vesa":  # from the display start (4F07h), a line every logical scan line (4F06h)
            pitch = self.vbe_pitch
            last = LFB_SIZE - (pitch * (info.height - 1) + info.width * info.bpp // 8)
            start = min(self.vbe_display_offset(), last)
            return render.linear_frame(self.vbe.view[start:], info.width, info.height, info.bpp, pitch, vga)
        width, height = vga.chained_size(info)
        if vga.chain4 and not vga.mmio:
            return render.chained_frame(vga, width, height, self.ram.read(A000, PLANE_SIZE))
        return render.chained_frame(vga, width, height, None)

    def text_frame_size(self) -> tuple[int, int]:
        """(width, height) in pixels of a text mode's frame, without drawing it: cells of 8 or 9
        dots (twice as wide with the dot clock halved), the displayed lines high."""
        cols, _, lines = self.vga.text_geometry()
        seq1 = self.vga.seq[1]
        return cols * (8 if seq1 & 1 else 9) * (2 if seq1 & SEQ_DOT_CLOCK_HALF else 1), lines

    def shown_size(self) -> tuple[int, int]:
        """(columns, rows) of whole cells a text mode shows, as the CRTC sets them (a
        program that programs it itself may differ from the BIOS's columns and rows)."""
        cols, height, lines = self.vga.text_geometry()
        return cols, max(lines // height, 1)

    def shown_text(self) -> bytes:
        """The (char, attr) cells of a text mode as the CRTC shows them, `shown_size()` rows
        of columns: each row from the address its top line shows (start address, offset,
        split screen), wrapping in the 32 KiB of text memory. All blank (black) while the
        sequencer's screen-off bit blanks the display."""
        bases, cols = self._shown_rows()
        if self.vga.seq[1] & SEQ_SCREEN_OFF:
            return bytes(len(bases) * cols * 2)
        mem = self.ram.read(self.text_base, TEXT_WRAP)
        out = bytearray()
        for base in bases:
            at = base * 2
            line = mem[at:at + cols * 2]
            out += line + mem[:cols * 2 - len(line)]
        return bytes(out)

    def shown_cursor(self) -> tuple[int, int] | None:
        """(row, column) where the CRTC shows the cursor, None when it is hidden or off screen."""
        vga = self.vga
        start, end = vga.crtc[0x0A], vga.crtc[0x0B]
        if self.gfx is not None or start & 0x20 or (start & 0x1F) > (end & 0x1F) or vga.seq[1] & SEQ_SCREEN_OFF:
            return None
        at = ((vga.crtc[0x0E] << 8) | vga.crtc[0x0F]) + ((end >> 5) & 3)
        bases, cols = self._shown_rows()
        for row, base in enumerate(bases):
            col = (at - base) % (TEXT_WRAP // 2)
            if col < cols:
                return row, col
        return None

    def _shown_rows(self) -> tuple[list[int], int]:
        """The cell addresses the shown rows start at (the top line of each), and the columns."""
        cols, rows = self.shown_size()
        height = self.vga.cell_height()
        split = self.vga.text_split(rows * height)
        return [self.vga.text_line(row * height, split)[0] for row in range(rows)], cols

    def _cursor_lines(self, shape: int) -> tuple[int, int]:
        """Start and end line of the cursor in the cell, with the VGA's CGA emulation:
        a shape given for 8-line cells (as programs give it) is moved to the cell's
        bottom (an underline) or stretched to it (a block)."""
        start, end = (shape >> 8) & 0x1F, shape & 0x1F
        h = self.char_h
        if h > 8 and end < 8 and start < 8:
            if start >= 6:
                return h - 3, h - 2
            return start * h // 8, h - 2
        return start, end

    def screenshot(self, path, blink_on: bool = True) -> None:
        """Write the screen as a PNG."""
        from .render import to_png

        to_png(self.frame(blink_on), path)
