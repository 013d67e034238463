"""VMOUSE: a two-button mouse served through INT 33h, as the Microsoft mouse driver does.

Coordinates are in the driver's virtual screen of the current video mode:
640 x (rows * 8) in text modes (a cell is 8x8, 16x8 in 40-column modes, and
positions are whole cells), 640 x 200 in the CGA and 320-wide modes (x doubled,
as MOUSE.COM does), the mode's own size in the others. The host moves the
pointer to absolute positions given in pixels of the rendered frame (`move`)
and presses buttons (`button`, `buttons`); both are thread-safe: they are
queued and applied on the session thread by a timer, never in the middle of a
guest call.

A program's event handler (INT 33h/0Ch) is called as the PS/2 mouse BIOS does,
from the mouse's hardware interrupt: IRQ 12 (INT 74h) runs a ROM routine that
saves the registers, asks the gate below for the next event, makes a far call
to the handler with AX = condition bits, BX = buttons, CX/DX = position, SI/DI
= motion counters, then sends the EOIs and returns with IRET.

While the show counter is 0 the driver draws the pointer into video memory, as
a real driver does, and puts back what was under it when the pointer moves,
hides or changes shape (see `pointer.py`). A program therefore sees the
pointer when it reads the screen, and hides it (02h, or the exclusion area of
10h) around its own drawing.
"""

from __future__ import annotations

import struct
import threading
from collections import deque

from ..ist import Registers
from ..machine.rom import ROM_SEG
from ..vdh import Vdd, Vdh
from .pointer import ARROW_CURSOR, ARROW_SCREEN, TEXT_CURSOR, TEXT_SCREEN, PointerDrawing

IRQ = 12  # the PS/2 auxiliary device line, vector 74h
VECTOR = 0x74
IDLE_PERIOD = 3600.0  # the apply timer's period while nothing waits
APPLY_PERIOD = 0.001  # host events wait at most this long for the session thread
BUTTONS = 2
VERSION = 0x0626  # MS mouse driver 6.26 (function 24h)
TYPE_PS2 = 4
BDA_MODE, BDA_COLUMNS, BDA_ROWS, BDA_CHAR_H = 0x449, 0x44A, 0x484, 0x485
# Event condition bits (the 0Ch mask and the handler's AX): moved, then
# pressed/released for the left, right and middle buttons.
MOVED = 0x01
PRESSED = (0x02, 0x08, 0x20)
RELEASED = (0x04, 0x10, 0x40)
# Pixel size of the BIOS graphics modes' frames.
GRAPHICS_SIZE = {0x04: (320, 200), 0x05: (320, 200), 0x06: (640, 200), 0x0D: (320, 200), 0x0E: (640, 200),
                 0x0F: (640, 350), 0x10: (640, 350), 0x11: (640, 480), 0x12: (640, 480), 0x13: (320, 200)}
TEXT_MODES = (0x00, 0x01, 0x02, 0x03, 0x07)

# The driver state of 16h/17h (and of save/load): position, ranges, counter, motion, ratio,
# sensitivity, handler mask and address, hot spot, graphics masks, text cursor (type and masks),
# exclusion area (flag and edges), display page, disabled flag, press and release records.
STATE = struct.Struct("<6hh2H2H3HHIhh16H16H3HH4hHH18H")
# INT 10h hook: cmp ah,0; je gate; cmp ax,4F02h; jne old; gate; old: jmp far [cs:previous].
_HOOK_HEAD = bytes((0x80, 0xFC, 0x00, 0x74, 0x05, 0x3D, 0x02, 0x4F, 0x75, 0x03))

# IRQ 12 in ROM: save what the handler may change, ask the gate for an event
# (ZF set: nothing to call), far-call the handler, EOI both PICs, return.
_ISR_HEAD = bytes((0x50, 0x53, 0x51, 0x52, 0x56, 0x57, 0x55, 0x1E, 0x06))  # push ax bx cx dx si di bp ds es
_ISR_TAIL = bytes((0xB0, 0x20, 0xE6, 0xA0, 0xE6, 0x20,  # mov al,20h; out 0A0h,al; out 20h,al
                   0x07, 0x1F, 0x5D, 0x5F, 0x5E, 0x5A, 0x59, 0x5B, 0x58, 0xCF))  # pop es ... ax; iret


def _s16(value: int) -> int:
    value &= 0xFFFF
    return value - 0x10000 if value & 0x8000 else value


class Mouse(PointerDrawing, Vdd):
    name = "VMOUSE"

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        self.ram = vdh.ram
        self._lock = threading.Lock()  # the host queue is filled by other threads
        self._queue: deque[tuple] = deque()
        self._events: deque[tuple[int, ...]] = deque()  # for the program's handler, oldest first
        self.resets = 0  # how many times a program reset the driver (00h, 21h)
        self.buttons_down = 0
        self.disabled = False  # 1Fh: the driver ignores the mouse until 20h
        self._video_vdd = None
        self._under: tuple | None = None  # what the drawn pointer covers (see _erase)
        self._drawn: tuple | None = None  # where and how the pointer is drawn now
        self._sig: tuple | None = None  # the video mode the pointer was placed in
        self._hook_int10(vdh)
        self._reset_state()
        self._sig = self._screen_sig()
        self.old_int33 = vdh.get_vector(0x33)  # what 1Fh reports: INT 33h before the driver
        vdh.hook_int(0x33, self.int33)
        self._ptr = vdh.rom_alloc(bytes(4))  # the handler's far address, read by the ISR
        gate = vdh.svc(self._next_event)
        call = bytes((0x74, 0x05, 0x2E, 0xFF, 0x1E)) + self._ptr.to_bytes(2, "little")  # jz; call far [cs:ptr]
        vdh.set_vector(VECTOR, ROM_SEG, vdh.rom_alloc(_ISR_HEAD + gate + call + _ISR_TAIL))
        self._period = IDLE_PERIOD
        self._timer = vdh.timer(IDLE_PERIOD, self._apply)

    def _hook_int10(self, vdh: Vdh) -> None:
        """Build the INT 10h hook the driver puts in front of the video BIOS, to take the pointer off
        the screen before a mode set (AH=00h, or the VESA 4F02h); every other call goes straight on.
        It is in the chain only while the pointer is on the screen (see _chain_int10): the video
        BIOS's own fast path serves every call otherwise."""
        self._previous10 = vdh.rom_alloc(bytes(4))  # the far address the hook passes calls on to
        gate = vdh.svc(self._before_mode_set)
        stub = _HOOK_HEAD + gate + bytes((0x2E, 0xFF, 0x2E)) + self._previous10.to_bytes(2, "little")
        self._hook10 = vdh.rom_alloc(stub)
        self._hooked10 = False

    def _chain_int10(self, on: bool) -> None:
        """Put the INT 10h hook in front of the current vector, or take it out again if nothing was
        put in front of it since (then it stays, passing calls on, as a real driver's does)."""
        rom = ROM_SEG << 4
        if on and not self._hooked10:
            seg, off = self.vdh.get_vector(0x10)
            self.ram.ww(rom + self._previous10, off)
            self.ram.ww(rom + self._previous10 + 2, seg)
            self.vdh.set_vector(0x10, ROM_SEG, self._hook10)
            self._hooked10 = True
        elif not on and self._hooked10 and self.vdh.get_vector(0x10) == (ROM_SEG, self._hook10):
            self.vdh.set_vector(0x10, self.ram.rw(rom + self._previous10 + 2), self.ram.rw(rom + self._previous10))
            self._hooked10 = False

    def _reset_state(self) -> None:
        """What 00h and 21h leave: centred, hidden, full ranges, no handler, counters cleared,
        the default pointer shapes, page 0."""
        self._erase()
        width, height = self.virtual_size()
        self.min_x, self.max_x, self.min_y, self.max_y = 0, width - 1, 0, height - 1
        self.x, self.y = width // 2, height // 2
        self.counter = -1  # the cursor shows while this is 0
        self.mickey_x = self.mickey_y = 0
        self.ratio = (8, 16)  # mickeys per 8 pixels, horizontal and vertical
        self.sensitivity = (50, 50, 50)
        self.presses = [[0, 0, 0] for _ in range(3)]  # per button: count, x, y since last asked
        self.releases = [[0, 0, 0] for _ in range(3)]
        self.mask = 0
        self.handler = 0  # seg << 16 | off; 0: none
        self._events.clear()
        self.hot_spot = (0, 0)
        self.shape = (ARROW_SCREEN, ARROW_CURSOR)
        self.text_hardware = False  # 0Ah BX=1: the CRTC's cursor instead of changed cells
        self.text_masks = (TEXT_SCREEN, TEXT_CURSOR)  # software: (screen, cursor); hardware: (start, end)
        self.exclusion: tuple[int, int, int, int] | None = None  # 10h: left, top, right, bottom
        self.page = 0

    @property
    def visible(self) -> bool:
        return self.counter >= 0

    # -- the virtual screen --------------------------------------------------------------
    def _mode(self) -> int:
        return self.ram.rb(BDA_MODE) & 0x7F

    def _text_rows(self) -> int:
        return self.ram.rb(BDA_ROWS) + 1 or 25

    def _video(self):
        """The video VDD, whose memory the pointer is drawn into (None without one)."""
        if self._video_vdd is None:
            try:
                self._video_vdd = self.vdh.machine.vdd("VVIDEO")
            except KeyError:
                return None
        return self._video_vdd

    def _is_text(self) -> bool:
        """A text mode on the screen (the video VDD knows; the BIOS mode byte is ambiguous for VESA
        modes, whose number it keeps only the low 7 bits of)."""
        video = self._video()
        return self._mode() in TEXT_MODES if video is None else video.gfx is None

    def _gfx_size(self) -> tuple[int, int]:
        """Pixel size of a graphics mode: the mode the video VDD set, else the BIOS table's."""
        gfx = getattr(self._video(), "gfx", None)
        if gfx is not None:
            return gfx.width, gfx.height
        return GRAPHICS_SIZE.get(self._mode(), (640, 480))

    def virtual_size(self) -> tuple[int, int]:
        """(width, height) of the driver's coordinate space in the current mode."""
        if self._is_text():
            return 640, self._text_rows() * 8
        width, height = self._gfx_size()
        return (640 if width == 320 else width), height

    def frame_size(self, cell: tuple[int, int] | None = None) -> tuple[int, int]:
        """Pixel size of the picture the host points in: in text modes, cells of `cell` pixels if
        given, else the video VDD's frame (cells of 8 or 9 dots as the sequencer says)."""
        if self._is_text():
            frame = getattr(self._video(), "text_frame_size", None)
            if cell is None and frame is not None:
                return frame()
            cols = max(self.ram.rw(BDA_COLUMNS), 1)
            cell_w, cell_h = cell or (8, self.ram.rb(BDA_CHAR_H) or 16)
            return cols * cell_w, self._text_rows() * cell_h
        return self._gfx_size()

    def _cell(self) -> tuple[int, int]:
        """The granularity of reported positions: a character cell in text modes."""
        if self._is_text():
            return (16 if self.ram.rw(BDA_COLUMNS) <= 40 else 8), 8
        return (2, 1) if self._gfx_size()[0] == 320 else (1, 1)

    def _clamp(self) -> None:
        self.x = min(max(self.x, self.min_x), self.max_x)
        self.y = min(max(self.y, self.min_y), self.max_y)

    def _full_ranges(self) -> None:
        width, height = self.virtual_size()
        self.min_x, self.max_x, self.min_y, self.max_y = 0, width - 1, 0, height - 1
        self._clamp()

    def position(self) -> tuple[int, int]:
        cw, ch = self._cell()
        return self.x - self.x % cw, self.y - self.y % ch

    # -- the host interface (thread-safe) ------------------------------------------------
    def move(self, x: int, y: int, cell: tuple[int, int] | None = None) -> None:
        """Put the pointer at pixel (x, y) of the rendered frame; `cell` is the size in pixels of
        a text cell in the picture the host shows, when it is not the renderer's."""
        if cell is not None:
            cell = (max(int(cell[0]), 1), max(int(cell[1]), 1))  # checked here: the session thread must not fail
        self._enqueue(("move", int(x), int(y), cell))

    def button(self, n: int, down: bool) -> None:
        """Press (down) or release button `n`: 0 left, 1 right, 2 middle."""
        self._enqueue(("button", int(n), bool(down)))

    def buttons(self, mask: int) -> None:
        """Set every button at once: bit 0 left, 1 right, 2 middle (a browser's `buttons`)."""
        for n in range(3):
            self._enqueue(("button", n, bool(mask >> n & 1)))

    def _enqueue(self, item: tuple) -> None:
        with self._lock:
            self._queue.append(item)
            if self._period != APPLY_PERIOD:
                self._period = APPLY_PERIOD
                self.vdh.machine.clock.set_period(self._timer, APPLY_PERIOD)
        self.vdh.machine.wake()

    def _apply(self) -> None:
        """Timer, on the session thread: apply what the host queued, then redraw the pointer."""
        with self._lock:
            items = list(self._queue)
            self._queue.clear()
            self._period = IDLE_PERIOD
            self.vdh.machine.clock.set_period(self._timer, IDLE_PERIOD)
        if self.disabled:  # 1Fh: the driver no longer listens to the mouse
            return
        self._check_mode()
        for item in items:
            if item[0] == "move":
                self._host_move(*item[1:])
            else:
                self._host_button(*item[1:])
        self._refresh()

    def _host_move(self, x: int, y: int, cell: tuple[int, int] | None) -> None:
        frame_w, frame_h = self.frame_size(cell)
        virt_w, virt_h = self.virtual_size()
        old = self.x, self.y
        self.x, self.y = x * virt_w // max(frame_w, 1), y * virt_h // max(frame_h, 1)
        self._clamp()
        dx, dy = self.x - old[0], self.y - old[1]
        if dx or dy:
            self.mickey_x += dx * self.ratio[0] // 8
            self.mickey_y += dy * self.ratio[1] // 8
            self._event(MOVED)

    def _host_button(self, n: int, down: bool) -> None:
        if not 0 <= n < 3 or bool(self.buttons_down >> n & 1) == down:
            return
        self.buttons_down ^= 1 << n
        record = (self.presses if down else self.releases)[n]
        record[:] = [record[0] + 1, *self.position()]
        self._event((PRESSED if down else RELEASED)[n])

    def _event(self, condition: int) -> None:
        """Queue a call of the program's handler if its mask asks for this condition."""
        if self.handler and self.mask & condition and not self._handler_freed():
            x, y = self.position()
            self._events.append((condition, self.buttons_down, x, y, self.mickey_x & 0xFFFF,
                                 self.mickey_y & 0xFFFF))
            self.vdh.raise_irq(IRQ)

    def _handler_freed(self) -> bool:
        """True when the handler lies in DOS memory that is free now: its program ended without
        resetting the driver, and calling it would run whatever comes to live there. It is dropped."""
        arena = getattr(getattr(self.vdh.machine, "dos", None), "arena", None)
        if arena is None:
            return False
        where = (self.handler >> 16 << 4) + (self.handler & 0xFFFF)
        try:
            blocks = arena.blocks()
        except Exception:  # noqa: BLE001 - a chain a program broke: keep the handler
            return False
        for block in blocks:
            if block.data << 4 <= where < block.end << 4:
                if block.owner == 0:
                    self.handler = self.mask = 0
                return block.owner == 0
        return False

    def _next_event(self, r: Registers) -> None:
        """The IRQ 12 routine's gate: the registers of the next handler call (ZF clear), or ZF set."""
        if not self._events or not self.handler:
            self._events.clear()
            r.zf = True
            return
        r.ax, r.bx, r.cx, r.dx, r.si, r.di = self._events.popleft()
        r.zf = False
        if self._events:
            self.vdh.raise_irq(IRQ)  # delivered after this one's EOI

    # -- host requests -------------------------------------------------------------------
    # Numbered from 10h: low numbers stay free (and invalid) for a DOS program's own use.
    REQ_MOVE, REQ_BUTTON, REQ_STATE = 0x10, 0x11, 0x12

    def request(self, cmd: int, data: bytes) -> bytes:
        """10h: move to x, y (words, frame pixels); 11h: button n (byte) down (byte 01) or up (00);
        12h: the state: x, y (virtual screen, words), buttons (word), show counter (signed word)."""
        if cmd == self.REQ_MOVE:
            if len(data) < 4:
                return super().request(cmd, data)
            self.move(int.from_bytes(data[0:2], "little"), int.from_bytes(data[2:4], "little"))
        elif cmd == self.REQ_BUTTON:
            if len(data) < 2:
                return super().request(cmd, data)
            self.button(data[0], data[1] != 0)
        elif cmd == self.REQ_STATE:
            x, y = self.position()
            return b"".join(v.to_bytes(2, "little") for v in (x, y, self.buttons_down, self.counter & 0xFFFF))
        else:
            return super().request(cmd, data)
        return b""

    # -- INT 33h -------------------------------------------------------------------------
    def int33(self, r: Registers) -> None:
        fn = getattr(self, f"_f{r.ax & 0xFFFF:02x}", None)
        if fn is None:
            return
        self._check_mode()
        fn(r)
        self._refresh()

    def _f00(self, r: Registers) -> None:
        """Reset: AX = FFFFh (installed), BX = buttons; the driver listens to the mouse again."""
        self.disabled = False
        self._f21(r)

    def _f21(self, r: Registers) -> None:
        """Software reset: the same answer, the hardware (and a 1Fh disable) left as it is."""
        self._reset_state()
        self.resets += 1
        r.ax, r.bx = 0xFFFF, BUTTONS

    def _f01(self, r: Registers) -> None:
        """Show: count up towards 0 (shown); also ends a 10h exclusion area."""
        if self.counter < 0:
            self.counter += 1
        self.exclusion = None

    def _f02(self, r: Registers) -> None:
        self.counter -= 1

    def _f03(self, r: Registers) -> None:
        r.bx = self.buttons_down
        r.cx, r.dx = self.position()

    def _f04(self, r: Registers) -> None:
        self.x, self.y = _s16(r.cx), _s16(r.dx)
        self._clamp()

    def _press_info(self, r: Registers, records: list[list[int]]) -> None:
        n = r.bx if r.bx < 3 else 0
        count, x, y = records[n]
        records[n][0] = 0
        r.ax, r.bx, r.cx, r.dx = self.buttons_down, count, x, y

    def _f05(self, r: Registers) -> None:
        self._press_info(r, self.presses)

    def _f06(self, r: Registers) -> None:
        self._press_info(r, self.releases)

    def _f07(self, r: Registers) -> None:
        low, high = sorted((_s16(r.cx), _s16(r.dx)))
        self.min_x, self.max_x = low, high
        self._clamp()

    def _f08(self, r: Registers) -> None:
        low, high = sorted((_s16(r.cx), _s16(r.dx)))
        self.min_y, self.max_y = low, high
        self._clamp()

    def _f09(self, r: Registers) -> None:
        """Graphics cursor: hot spot BX (column), CX (row); ES:DX 16 screen-mask then 16 cursor-mask words."""
        data = self.ram.read((r.es << 4) + r.dx, 64)
        words = struct.unpack("<32H", data)
        self.hot_spot = (_s16(r.bx), _s16(r.cx))
        self.shape = (words[:16], words[16:])

    def _f0a(self, r: Registers) -> None:
        """Text cursor: BX=0 software (CX screen mask, DX cursor mask), BX=1 hardware (CX/DX scan lines)."""
        if r.bx in (0, 1):
            self.text_hardware = r.bx == 1
            self.text_masks = (r.cx, r.dx)

    def _f0b(self, r: Registers) -> None:
        r.cx, r.dx = self.mickey_x & 0xFFFF, self.mickey_y & 0xFFFF
        self.mickey_x = self.mickey_y = 0

    def _f0c(self, r: Registers) -> None:
        self._set_handler(r.cx, r.es, r.dx)

    def _set_handler(self, mask: int, seg: int, off: int) -> None:
        self.mask = mask
        self.handler = seg << 16 | off
        self._events.clear()
        self.ram.ww((ROM_SEG << 4) + self._ptr, off)
        self.ram.ww((ROM_SEG << 4) + self._ptr + 2, seg)

    def _f0f(self, r: Registers) -> None:
        if r.cx and r.dx:
            self.ratio = (r.cx, r.dx)

    def _f10(self, r: Registers) -> None:
        """Conditional off: CX, DX left and top, SI, DI right and bottom; the pointer is hidden
        (as by 02h) once its image reaches into the area, until the next 01h."""
        left, right = sorted((_s16(r.cx), _s16(r.si)))
        top, bottom = sorted((_s16(r.dx), _s16(r.di)))
        self.exclusion = (left, top, right, bottom)

    def _f14(self, r: Registers) -> None:
        """Exchange handlers: the old mask and address come back in CX and ES:DX."""
        old_mask, old = self.mask, self.handler
        self._f0c(r)
        r.cx, r.es, r.dx = old_mask, old >> 16, old & 0xFFFF

    def _f15(self, r: Registers) -> None:
        """The size of the 16h/17h state buffer."""
        r.bx = STATE.size

    def _f16(self, r: Registers) -> None:
        self.ram.write((r.es << 4) + r.dx, self._pack())

    def _f17(self, r: Registers) -> None:
        self._erase()
        self._unpack(self.ram.read((r.es << 4) + r.dx, STATE.size))

    def _f1a(self, r: Registers) -> None:
        self.sensitivity = (r.bx, r.cx, r.dx)

    def _f1b(self, r: Registers) -> None:
        r.bx, r.cx, r.dx = self.sensitivity

    def _f1d(self, r: Registers) -> None:
        """The display page the pointer is drawn on."""
        self.page = r.bx & 7

    def _f1e(self, r: Registers) -> None:
        r.bx = self.page

    def _f1f(self, r: Registers) -> None:
        """Disable: the pointer leaves the screen and the mouse is ignored; AX = 001Fh and ES:BX =
        INT 33h as it was before the driver (the INT 33h vector itself is left alone)."""
        self.disabled = True
        self._events.clear()
        r.ax = 0x001F
        r.es, r.bx = self.old_int33

    def _f20(self, r: Registers) -> None:
        """Enable again (AX stays 0020h: success)."""
        self.disabled = False

    def _f24(self, r: Registers) -> None:
        """Version and type: BX = 0626h, CH = PS/2, CL = 0 (the PS/2 mouse's IRQ is implied)."""
        r.bx, r.cx = VERSION, TYPE_PS2 << 8

    def _f26(self, r: Registers) -> None:
        """Maximum virtual coordinates: BX = disabled flag, CX/DX = the largest x and y of the mode."""
        width, height = self.virtual_size()
        r.bx, r.cx, r.dx = int(self.disabled), width - 1, height - 1

    def _f2a(self, r: Registers) -> None:
        """Cursor hot spot and the show counter: AX = counter, BX/CX = hot spot, DX = type."""
        r.ax, r.bx, r.cx, r.dx = self.counter & 0xFFFF, self.hot_spot[0] & 0xFFFF, self.hot_spot[1] & 0xFFFF, TYPE_PS2

    # -- the driver state (16h/17h, save/load) ---------------------------------------------
    def _pack(self) -> bytes:
        area = self.exclusion or (0, 0, 0, 0)
        records = [v & 0xFFFF for rec in (*self.presses, *self.releases) for v in rec]
        return STATE.pack(self.x, self.y, self.min_x, self.max_x, self.min_y, self.max_y, self.counter,
                          self.mickey_x & 0xFFFF, self.mickey_y & 0xFFFF, *self.ratio, *self.sensitivity,
                          self.mask, self.handler, *self.hot_spot, *self.shape[0], *self.shape[1],
                          int(self.text_hardware), *self.text_masks, int(self.exclusion is not None),
                          *(_s16(v) for v in area), self.page, int(self.disabled), *records)

    def _unpack(self, data: bytes) -> None:
        """Put back a state `_pack` made; the position is kept within the ranges it brings."""
        v = STATE.unpack(bytes(data))
        self.x, self.y, self.min_x, self.max_x, self.min_y, self.max_y, self.counter = v[0:7]
        self.mickey_x, self.mickey_y = _s16(v[7]), _s16(v[8])
        self.ratio, self.sensitivity = (v[9], v[10]), (v[11], v[12], v[13])
        self._set_handler(v[14], v[15] >> 16, v[15] & 0xFFFF)
        self.hot_spot, self.shape = (v[16], v[17]), (v[18:34], v[34:50])
        self.text_hardware, self.text_masks = bool(v[50]), (v[51], v[52])
        self.exclusion = tuple(v[54:58]) if v[53] else None
        self.page, self.disabled = v[58] & 7, bool(v[59])
        self.presses = [list(v[60 + 3 * i:63 + 3 * i]) for i in range(3)]
        self.releases = [list(v[69 + 3 * i:72 + 3 * i]) for i in range(3)]
        self.counter = min(self.counter, 0)
        self._clamp()

    def save(self) -> dict:
        """The driver state, the buttons held, and the pointer as drawn with what it covers."""
        return {"driver": self._pack(), "buttons": self.buttons_down, "resets": self.resets,
                "events": [list(e) for e in self._events], "drawn": self._drawn, "under": self._under,
                "int10_hooked": self._hooked10}

    def load(self, state: dict) -> None:
        """Put back `save`'s state; the screen (video memory) is the video VDD's, loaded with it."""
        self._unpack(state["driver"])
        self.buttons_down, self.resets = state["buttons"], state["resets"]
        self._events = deque(tuple(e) for e in state["events"])
        self._drawn, self._under = state["drawn"], state["under"]
        self._hooked10 = state.get("int10_hooked", False)
        self._sig = self._screen_sig()

    # -- sessions --------------------------------------------------------------------------
    def reset(self) -> None:
        self._check_mode()
        self.disabled = False
        self._reset_state()
        self._sig = self._screen_sig()
