"""VVIDEO: the video BIOS (INT 10h) for the colour text modes.

The screen lives in guest memory at B800:0000 as on a CGA/EGA/VGA, so a program
that writes there directly and one that calls the BIOS see the same cells. The
BIOS keeps its state (mode, columns, cursor of each page) in the BIOS data area
where programs read it. Teletype output is also streamed to the session's
console, so a program run from a script shows what it prints.
"""

from __future__ import annotations

from ..ist import Registers
from ..vdh import Vdd, Vdh

TEXT_SEG = 0xB800
TEXT_BASE = TEXT_SEG << 4
BLANK_ATTR = 0x07

# BIOS data area fields (linear addresses)
BDA_MODE = 0x449
BDA_COLUMNS = 0x44A
BDA_PAGE_SIZE = 0x44C
BDA_PAGE_START = 0x44E
BDA_CURSOR = 0x450  # 8 pages x (column, row)
BDA_CURSOR_SHAPE = 0x460
BDA_PAGE = 0x462
BDA_CRTC = 0x463
BDA_MODE_CTL = 0x465
BDA_ROWS = 0x484  # rows - 1
BDA_CHAR_HEIGHT = 0x485

TEXT_MODES = {0: 40, 1: 40, 2: 80, 3: 80, 7: 80}

# The pictures code page 437 shows for control codes when they are drawn as cells.
_CP437_LOW = " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"
CELL_CHARS = [_CP437_LOW[i] if i < 32 else bytes([i]).decode("cp437") for i in range(256)]
CELL_CHARS[0x7F] = "⌂"


class Video(Vdd):
    name = "VVIDEO"

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        self.ram = vdh.ram
        self.console = vdh.machine.console_out
        self.rows = 25
        self.set_mode(3)
        vdh.hook_int(0x10, self.int10)
        self._functions = {
            0x00: self._set_mode, 0x01: self._set_cursor_shape, 0x02: self._set_cursor,
            0x03: self._get_cursor, 0x05: self._set_page, 0x06: self._scroll_up,
            0x07: self._scroll_down, 0x08: self._read_cell, 0x09: self._write_cells,
            0x0A: self._write_chars, 0x0E: self._teletype, 0x0F: self._get_state,
            0x11: self._font_info, 0x12: self._alt_select, 0x13: self._write_string,
            0x1A: self._display_combination,
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
        p = self.page if page is None else page & 7
        self.ram.wb(BDA_CURSOR + 2 * p, col)
        self.ram.wb(BDA_CURSOR + 2 * p + 1, row)

    def cell_addr(self, row: int, col: int, page: int | None = None) -> int:
        p = self.page if page is None else page & 7
        return TEXT_BASE + p * self.ram.rw(BDA_PAGE_SIZE) + (row * self.cols + col) * 2

    def set_mode(self, mode: int, clear: bool = True) -> bool:
        cols = TEXT_MODES.get(mode & 0x7F)
        if cols is None:
            return False
        ram = self.ram
        ram.wb(BDA_MODE, mode & 0x7F)
        ram.ww(BDA_COLUMNS, cols)
        ram.ww(BDA_PAGE_SIZE, 0x800 if cols == 40 else 0x1000)
        ram.ww(BDA_PAGE_START, 0)
        ram.fill(BDA_CURSOR, 16, 0)
        ram.ww(BDA_CURSOR_SHAPE, 0x0607)
        ram.wb(BDA_PAGE, 0)
        ram.ww(BDA_CRTC, 0x3D4)
        ram.wb(BDA_MODE_CTL, 0x29)
        ram.wb(BDA_ROWS, self.rows - 1)
        ram.ww(BDA_CHAR_HEIGHT, 16)
        if clear and not mode & 0x80:
            ram.write(TEXT_BASE, b"\x20\x07" * 0x4000)
        return True

    # -- INT 10h ------------------------------------------------------------------
    def int10(self, r: Registers) -> None:
        fn = self._functions.get(r.ah)
        if fn is not None:
            fn(r)

    def _set_mode(self, r: Registers) -> None:
        self.set_mode(r.al)

    def _set_cursor_shape(self, r: Registers) -> None:
        self.ram.ww(BDA_CURSOR_SHAPE, r.cx)

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
            self.ram.ww(BDA_PAGE_START, r.al * self.ram.rw(BDA_PAGE_SIZE))

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
        self.write_tty(bytes((r.al,)))

    def _get_state(self, r: Registers) -> None:
        r.al = self.ram.rb(BDA_MODE)
        r.ah = self.cols
        r.bh = self.page

    def _font_info(self, r: Registers) -> None:
        if r.al == 0x30:  # get font information: height and rows
            r.cx = 16
            r.dl = self.rows - 1

    def _alt_select(self, r: Registers) -> None:
        if r.bl == 0x10:  # EGA information: colour, 256 KiB, feature bits clear
            r.bx = 0x0003
            r.cx = 0x0009

    def _display_combination(self, r: Registers) -> None:
        if r.al == 0:
            r.al = 0x1A
            r.bx = 0x0008  # VGA with colour analog display

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
        addr = self.cell_addr(row, col, page)
        end = TEXT_BASE + ((page & 7) + 1) * self.ram.rw(BDA_PAGE_SIZE)
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
        else:
            addr = self.cell_addr(row, col, page)
            self.ram.mem[addr] = ch
            if attr is not None:
                self.ram.mem[addr + 1] = attr
            col += 1
            if col >= cols:
                col = 0
                row += 1
        if row >= self.rows:
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
        """The active page as text lines, trailing blanks and blank lines dropped."""
        lines = []
        cols = self.cols
        for row in range(self.rows):
            addr = self.cell_addr(row, 0)
            cells = self.ram.read(addr, cols * 2)[::2]
            lines.append("".join(CELL_CHARS[c] for c in cells).rstrip())
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)
