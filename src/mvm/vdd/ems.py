"""VEMM: expanded memory (LIM EMS 4.0) for a DOS session.

Every function of LIM 4.0 is served at INT 67h except the DMA register sets:
status, page frame, page counts, allocate (43h, 5Ah raw and standard),
reallocate, deallocate, map and unmap (44h, 50h by physical page number and by
segment), save and restore page maps (47h, 48h, 4Eh, 4Fh), handle counts and
pages (4Bh-4Dh), handle attributes and names (52h-54h), map and jump or call
(55h, 56h), move and exchange memory regions (57h), the mappable physical
address array (58h), hardware information (59h), alternate map register set 0
with a save area (5Bh), warm boot (5Ch) and the OS/E access key (5Dh). A guest
mistake gets the status LIM 4.0 gives for it in AH, never anything else.

Memory. Each session keeps its pages in a file of its own (a memfd, made when
the first page is needed and sized by the session's limit), so nothing another
session owns is ever reachable. A physical page (a 16 KiB window of the first
MiB) shows a logical page by placing the file's page there in the host buffer
that is guest RAM (`Vdh.map_window`): the guest, the DOS kernel reading a file
into the page frame, and this driver all see the same bytes, and one logical
page may show at several windows at once (each write shows through every
window). Mapping takes effect at once, without leaving the CPU loop.

Windows. The page frame is physical pages 0-3 at EMS_FRAME_LOCATION (AUTO is
D000h; NONE: no frame). The low OS map region is the top EMS_LOW_OS_MAP_REGION
KiB of conventional memory (up to 640 KiB): those windows show the pages of
handle 0, the operating system handle, which *are* the conventional memory, so
a program may map other pages over conventional memory and map handle 0's page
back (or unmap the window, which shows its conventional memory again). The high
OS map region is EMS_HIGH_OS_MAP_REGION KiB more windows in C000h-EFFFh, in
ascending order, around the frame. Physical pages other than the frame are
numbered from 4 in ascending segment order, as 58h lists them.

Configuration. As OS/2 has it: `VEMM /S=2048 /L=384 /H=32 /F=D000` (a bare
number is /S) gives the defaults, and a session's DOS settings EMS_MEMORY_LIMIT,
EMS_LOW_OS_MAP_REGION, EMS_HIGH_OS_MAP_REGION and EMS_FRAME_LOCATION override
them. Sizes are KiB, rounded down to whole 16 KiB pages. A limit of 0 installs
no expanded memory in the session at all (no INT 67h driver, no EMMXXXX0).

Detection. INT 67h points into segment F000h, and F000:0000 holds a character
device header named EMMXXXX0, so the name is at offset 0Ah of the vector's
segment; opening EMMXXXX0 through DOS works too (the device is added to the
DOS kernel's device table).
"""

from __future__ import annotations

import mmap
import os
import struct
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from ..dos.devices import Device
from ..ist import Registers
from ..settings import Setting
from ..vdh import Vdd, Vdh

PAGE = 0x4000  # bytes in a LIM page
PARAS = PAGE >> 4  # paragraphs in a LIM page
MIB = 0x100000
ROM_SEG = 0xF000
MAX_HANDLES = 255  # handle numbers 0-254, as LIM allows
VERSION = 0x40
MOVE_LIMIT = MIB  # 57h moves at most 1 MiB
NO_PAGE = 0xFFFF  # logical page FFFFh: unmap

# Status codes (AH), as LIM 4.0 names them.
OK = 0x00
SOFTWARE_ERROR = 0x80
BAD_HANDLE = 0x83
BAD_FUNCTION = 0x84
NO_HANDLES = 0x85
SAVE_RESTORE_ERROR = 0x86
TOO_MANY_TOTAL = 0x87
TOO_MANY_FREE = 0x88
ZERO_PAGES = 0x89
BAD_LOGICAL = 0x8A
BAD_PHYSICAL = 0x8B
MAP_ALREADY_SAVED = 0x8D
NO_SAVED_MAP = 0x8E
BAD_SUBFUNCTION = 0x8F
BAD_ATTRIBUTE = 0x90
NOT_SUPPORTED = 0x91
MOVE_OVERLAPPED = 0x92  # a success: the move's source was partly overwritten
REGION_TOO_LONG = 0x93
CONV_EMS_OVERLAP = 0x94
OFFSET_TOO_BIG = 0x95
LENGTH_TOO_BIG = 0x96
EXCHANGE_OVERLAP = 0x97
BAD_MEMORY_TYPE = 0x98
BAD_ALT_SET = 0x9A
NO_ALT_SETS = 0x9C
NAME_NOT_FOUND = 0xA0
DUPLICATE_NAME = 0xA1  # also: a search for the null name
WRAPS_1M = 0xA2
CORRUPT_MAP = 0xA3
DENIED = 0xA4

DEFAULT_LIMIT_KIB = 2048  # OS/2's EMS_MEMORY_LIMIT default
DEFAULT_LOW_KIB = 384  # 256-640 KiB: OS/2's EMS_LOW_OS_MAP_REGION default
DEFAULT_HIGH_KIB = 32
LOW_END_SEG = 0xA000
HIGH_START_SEG, HIGH_END_SEG = 0xC000, 0xF000
AUTO_FRAME = 0xD000
FRAME_CHOICES = ("AUTO", "NONE") + tuple(f"{seg:04X}" for seg in range(0xC000, 0xE001, PARAS))

# The 56h return path: the target's RETF lands on a gate that restores the old
# map, then an IRET returns to the caller. Bytes of the caller's stack it uses:
CALL_STACK_BYTES = 10
MAX_CALL_DEPTH = 64  # 56h calls whose return is awaited at once
CONTEXT_MAGIC = 0x4D45  # "EM": first word of a 4Eh/5Bh context save area
DEVICE_NAME = b"EMMXXXX0"
DEVICE_ATTRIBUTE = 0xC000  # character device that takes IOCTL
DEVICE_INFO = 0xC080  # INT 21h/4400h on an open EMMXXXX0 handle, as DOSBox gives it


def _kib(kind: str, name: str, default: int, maximum: int, text: str) -> Setting:
    return Setting(name, kind, default, text, 0, maximum)


SETTINGS = {
    "EMS_MEMORY_LIMIT": _kib("int", "EMS_MEMORY_LIMIT", DEFAULT_LIMIT_KIB, 32768,
                             "KiB of expanded memory a session may allocate; 0: no EMS driver"),
    "EMS_FRAME_LOCATION": Setting("EMS_FRAME_LOCATION", "choice", "AUTO",
                                  "segment of the 64 KiB page frame (AUTO: D000), or NONE", choices=FRAME_CHOICES),
    "EMS_LOW_OS_MAP_REGION": _kib("int", "EMS_LOW_OS_MAP_REGION", DEFAULT_LOW_KIB, 576,
                                  "KiB of conventional memory below 640 KiB that EMS pages may be mapped over"),
    "EMS_HIGH_OS_MAP_REGION": _kib("int", "EMS_HIGH_OS_MAP_REGION", DEFAULT_HIGH_KIB, 96,
                                   "KiB of mappable windows in C000h-EFFFh besides the page frame"),
}
OPTIONS = {
    "S": SETTINGS["EMS_MEMORY_LIMIT"],
    "": SETTINGS["EMS_MEMORY_LIMIT"],
    "L": SETTINGS["EMS_LOW_OS_MAP_REGION"],
    "H": SETTINGS["EMS_HIGH_OS_MAP_REGION"],
    "F": SETTINGS["EMS_FRAME_LOCATION"],
}


@dataclass(frozen=True)
class EmsConfig:
    """A session's EMS layout: its limit and where its windows are."""

    limit_pages: int
    frame: int | None  # page frame segment
    low_pages: int
    high_pages: int

    @classmethod
    def from_values(cls, limit_kib: int, frame: str, low_kib: int, high_kib: int) -> EmsConfig:
        segment = None if frame == "NONE" else AUTO_FRAME if frame == "AUTO" else int(frame, 16)
        return cls(limit_kib // 16, segment, low_kib // 16, high_kib // 16)

    def window_segments(self) -> list[int]:
        """Segments of every physical page, in physical page number order."""
        frame = [self.frame + i * PARAS for i in range(4)] if self.frame is not None else []
        low = [LOW_END_SEG - (self.low_pages - i) * PARAS for i in range(self.low_pages)]
        high = [seg for seg in range(HIGH_START_SEG, HIGH_END_SEG, PARAS) if seg not in frame][:self.high_pages]
        return frame + sorted(low + high)

    def low_start(self) -> int:
        return LOW_END_SEG - self.low_pages * PARAS


class PageStore:
    """The backing file of one session's EMS pages: slot n is bytes [n*PAGE, (n+1)*PAGE).

    Made on first use. The file is sparse, so slots never written cost nothing;
    a freed slot's memory goes back to the host (and it reads as zeros again).
    """

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.fd = -1
        self._map: mmap.mmap | None = None
        self.view: memoryview | None = None

    def open(self) -> None:
        if self.fd >= 0 or self.slots == 0:
            return
        self.fd = os.memfd_create("mvm-ems", os.MFD_CLOEXEC)
        os.ftruncate(self.fd, self.slots * PAGE)
        self._map = mmap.mmap(self.fd, self.slots * PAGE)
        self.view = memoryview(self._map)
        self._finalizer = weakref.finalize(self, _close_store, self.fd, self._map, self.view)

    def close(self) -> None:
        finalizer = getattr(self, "_finalizer", None)
        if finalizer is not None:
            finalizer()

    def clear(self, slot: int) -> None:
        if self._map is not None:
            self._map.madvise(mmap.MADV_REMOVE, slot * PAGE, PAGE)


def _close_store(fd: int, store: mmap.mmap, view: memoryview) -> None:
    try:
        view.release()
        store.close()
    except BufferError:
        pass  # something still holds a view: the mapping goes with it
    os.close(fd)  # pages still shown in guest RAM stay until that RAM is unmapped


class Handle:
    __slots__ = ("slots", "name", "saved")

    def __init__(self, slots: list[int]) -> None:
        self.slots = slots  # store slot of each logical page
        self.name = bytes(8)
        self.saved: list[tuple[int, int] | None] | None = None  # 47h: the frame's map


class Window:
    """One physical page: a 16 KiB window of the first MiB that shows a logical page."""

    __slots__ = ("segment", "number", "linear", "home", "shown")

    def __init__(self, segment: int, number: int, home: int | None) -> None:
        self.segment = segment
        self.number = number
        self.linear = segment << 4
        self.home = home  # for a conventional window: handle 0's page it normally shows
        self.shown: tuple[int, int] | None = (0, home) if home is not None else None


class EmsDevice(Device):
    """EMMXXXX0 as DOS opens it: nothing to read or write, ready for IOCTL status calls."""

    info = DEVICE_INFO
    name = "EMMXXXX0"

    def write(self, kernel, data: bytes) -> int:
        return 0


@dataclass
class _Region:
    """One side of a 57h move: conventional memory (handle None) or a handle's bytes."""

    handle: int | None
    start: int  # linear address, or offset from the handle's first byte


class _Call:
    """What a 56h call restores when its target returns."""

    __slots__ = ("handle", "entries")

    def __init__(self, handle: int, entries: list[tuple[Window, int]]) -> None:
        self.handle = handle
        self.entries = entries


class Vemm(Vdd):
    name = "VEMM"
    settings = SETTINGS
    options = OPTIONS

    # -- set-up -----------------------------------------------------------------------------
    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None:
            store.close()

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        self.ram = vdh.ram
        self._map_window = vdh.map_window
        self.config = self._config()
        self.installed = self.config.limit_pages > 0
        self._init_state()
        if not self.installed:
            return
        self._functions = self._function_table()
        self._install_driver(vdh)

    def _config(self) -> EmsConfig:
        """Session settings first, then this VDD's CONFIG.SYS options, then the defaults."""
        given = self.vdh.machine.settings
        options = self.option_values

        def value(setting: str, option: str, default):
            if setting in given:
                return given[setting]
            if option in options:
                return options[option]
            if option == "S" and "" in options:
                return options[""]
            return default

        return EmsConfig.from_values(
            int(value("EMS_MEMORY_LIMIT", "S", DEFAULT_LIMIT_KIB)),
            str(value("EMS_FRAME_LOCATION", "F", "AUTO")),
            int(value("EMS_LOW_OS_MAP_REGION", "L", DEFAULT_LOW_KIB)),
            int(value("EMS_HIGH_OS_MAP_REGION", "H", DEFAULT_HIGH_KIB)))

    def _init_state(self) -> None:
        cfg = self.config
        self._windows: list[Window] = []
        low_start = cfg.low_start()
        for number, segment in enumerate(cfg.window_segments()):
            home = (segment - low_start) // PARAS if low_start <= segment < LOW_END_SEG else None
            self._windows.append(Window(segment, number, home))
        self._by_segment = {w.segment: w for w in self._windows}
        self._sorted = sorted(self._windows, key=lambda w: w.segment)
        self._frame = [w for w in self._windows if w.number < 4] if cfg.frame is not None else []
        # Store slots: the limit's pages first, then handle 0's (conventional memory).
        self._store = PageStore(cfg.limit_pages + cfg.low_pages)
        self._free_slots = list(range(cfg.limit_pages - 1, -1, -1))
        self._handles: dict[int, Handle] = {0: Handle([cfg.limit_pages + i for i in range(cfg.low_pages)])}
        self._live_home = [False] * cfg.low_pages  # handle 0's page moved into the store yet?
        self._calls: list[_Call] = []
        self._os_enabled = True
        self._access_key: int | None = None
        self._alt_area: tuple[int, int] | None = None  # 5B01h BL=0: the caller's context save area

    def _install_driver(self, vdh: Vdh) -> None:
        retf = vdh.rom_alloc(b"\xcb")
        header = struct.pack("<IHHH8s", 0xFFFFFFFF, DEVICE_ATTRIBUTE, retf, retf, DEVICE_NAME)
        vdh.rom_alloc(header, at=0)  # F000:0000, INT 67h's segment: name at F000:000A
        # Through the IVT (a TSR chained to us) the handler runs at the stub's gate
        # with the caller's frame on the stack; on the fast path no frame exists.
        self._int67_gate_end = vdh.hook_int(0x67, self.int67) + 3
        self._return_gate = vdh.rom_alloc(vdh.svc(self._call_returned) + b"\xcf")
        self._add_dos_device()

    def _add_dos_device(self) -> None:
        """Let INT 21h/3Dh open EMMXXXX0, the other way programs detect an EMM."""
        try:
            kernel = self.vdh.machine.vdd("DOSKRNL")
        except KeyError:
            return
        devices = getattr(kernel, "devices", None)
        if isinstance(devices, dict):
            devices[EmsDevice.name] = EmsDevice()

    def reset(self) -> None:
        self._calls.clear()  # a new program: no 56h call of the last one will return

    def reserved_ranges(self) -> list[tuple[int, int]]:
        """Linear [start, end) ranges above 640 KiB that are EMS windows (not for UMBs)."""
        if not self.installed:
            return []
        return [(w.linear, w.linear + PAGE) for w in self._sorted if w.home is None]

    # -- the INT 67h dispatch -------------------------------------------------------------------
    def _function_table(self) -> list[Callable[[Registers], None] | None]:
        table: list[Callable[[Registers], None] | None] = [None] * 256
        for ah, method in {
            0x40: self._status, 0x41: self._page_frame, 0x42: self._page_counts, 0x43: self._allocate,
            0x44: self._map_page, 0x45: self._deallocate, 0x46: self._version, 0x47: self._save_frame,
            0x48: self._restore_frame, 0x4B: self._handle_count, 0x4C: self._handle_pages,
            0x4D: self._all_handle_pages, 0x4E: self._page_map, 0x4F: self._partial_map,
            0x50: self._map_multiple, 0x51: self._reallocate, 0x52: self._attributes, 0x53: self._handle_name,
            0x54: self._handle_directory, 0x55: self._map_and_jump, 0x56: self._map_and_call,
            0x57: self._move_region, 0x58: self._mappable_array, 0x59: self._hardware_info,
            0x5A: self._allocate_raw, 0x5B: self._alternate_set, 0x5C: self._warm_boot, 0x5D: self._os_functions,
        }.items():
            table[ah] = method
        return table

    def int67(self, r: Registers) -> None:
        fn = self._functions[r.ah]
        if fn is None:
            r.ah = BAD_FUNCTION
            return
        fn(r)

    # -- guest memory -------------------------------------------------------------------------
    def _lin(self, seg: int, off: int) -> int:
        lin = (seg << 4) + off
        return lin if self.vdh.a20() else lin & (MIB - 1)

    def _far(self, at: int) -> int:
        """The linear address a far pointer (offset, segment) stored at `at` points to."""
        return self._lin(self.ram.rw(at + 2), self.ram.rw(at))

    # -- showing pages in windows -------------------------------------------------------------
    def _show(self, w: Window, handle: int, page: int) -> None:
        """Make window `w` show logical page `page` of `handle` (both checked by the caller)."""
        key = (handle, page)
        if w.shown == key:
            return
        if w.home is not None and not self._live_home[w.home]:
            self._bring_home(w.home)  # its conventional memory must survive being covered
        if handle == 0 and not self._live_home[page]:
            self._bring_home(page)  # conventional memory shown at a second address
        self._map_window(w.linear, PAGE, self._store.fd, self._handles[handle].slots[page] * PAGE)
        w.shown = key

    def _unmap(self, w: Window) -> None:
        """A window shows no page: a frame window its own RAM, a conventional one its memory."""
        if w.home is not None:
            self._show(w, 0, w.home)
        elif w.shown is not None:
            self._map_window(w.linear, PAGE, None)
            w.shown = None

    def _bring_home(self, index: int) -> None:
        """Move conventional memory page `index` of handle 0 into the store, shown where it was."""
        self._store.open()
        home = self._low_window(index)
        slot = self._handles[0].slots[index]
        self._store.view[slot * PAGE:(slot + 1) * PAGE] = self.ram.mem[home.linear:home.linear + PAGE]
        self._map_window(home.linear, PAGE, self._store.fd, slot * PAGE)
        self._live_home[index] = True

    def _low_window(self, index: int) -> Window:
        return self._by_segment[self.config.low_start() + index * PARAS]

    def _window(self, number_or_segment: int, by_segment: bool) -> Window | None:
        if by_segment:
            return self._by_segment.get(number_or_segment)
        return self._windows[number_or_segment] if number_or_segment < len(self._windows) else None

    def _check(self, w: Window | None, handle: int, page: int) -> int:
        """The status of mapping `page` of `handle` at `w` (FFFFh: unmapping)."""
        if w is None:
            return BAD_PHYSICAL
        if page == NO_PAGE:
            return OK
        h = self._handles.get(handle)
        if h is None:
            return BAD_HANDLE
        return OK if page < len(h.slots) else BAD_LOGICAL

    def _apply(self, handle: int, entries: list[tuple[Window, int]]) -> None:
        for w, page in entries:
            if page == NO_PAGE:
                self._unmap(w)
            else:
                self._show(w, handle, page)

    # -- 40h-46h: the LIM 3.2 core -----------------------------------------------------------------
    def _status(self, r: Registers) -> None:
        r.ah = OK

    def _page_frame(self, r: Registers) -> None:
        if self.config.frame is None:
            r.ah = SOFTWARE_ERROR  # EMS_FRAME_LOCATION=NONE: there is no page frame
            return
        r.bx = self.config.frame
        r.ah = OK

    def _free_pages(self) -> int:
        return len(self._free_slots)

    def _page_counts(self, r: Registers) -> None:
        r.bx = self._free_pages()
        r.dx = self.config.limit_pages
        r.ah = OK

    def _allocate(self, r: Registers) -> None:
        self._new_handle(r, zero_ok=False)

    def _allocate_raw(self, r: Registers) -> None:
        if r.al > 1:  # 00h standard pages, 01h raw pages: both are 16 KiB here
            r.ah = BAD_SUBFUNCTION
            return
        self._new_handle(r, zero_ok=True)

    def _new_handle(self, r: Registers, zero_ok: bool) -> None:
        count = r.bx
        status = self._can_allocate(count, 0, zero_ok)
        if status == OK:
            number = next((n for n in range(1, MAX_HANDLES) if n not in self._handles), None)
            if number is None:
                status = NO_HANDLES
            else:
                self._store.open()
                self._handles[number] = Handle([self._free_slots.pop() for _ in range(count)])
                r.dx = number
        r.ah = status

    def _can_allocate(self, count: int, have: int, zero_ok: bool) -> int:
        if count == 0 and not zero_ok:
            return ZERO_PAGES
        if count > self.config.limit_pages:
            return TOO_MANY_TOTAL
        if count - have > self._free_pages():
            return TOO_MANY_FREE
        return OK

    def _map_page(self, r: Registers) -> None:
        # The hot path of every EMS program: kept flat.
        number, page = r.al, r.bx
        windows = self._windows
        if number >= len(windows):
            r.ah = BAD_PHYSICAL
            return
        w = windows[number]
        if page == NO_PAGE:
            self._unmap(w)
            r.ah = OK
            return
        handle = r.dx
        h = self._handles.get(handle)
        if h is None:
            r.ah = BAD_HANDLE
            return
        if page >= len(h.slots):
            r.ah = BAD_LOGICAL
            return
        if w.shown != (handle, page):
            if handle == 0 or w.home is not None:
                self._show(w, handle, page)  # conventional memory is involved
            else:
                self._map_window(w.linear, PAGE, self._store.fd, h.slots[page] * PAGE)
                w.shown = (handle, page)
        r.ah = OK

    def _deallocate(self, r: Registers) -> None:
        handle = r.dx
        h = self._handles.get(handle)
        if h is None:
            r.ah = BAD_HANDLE
            return
        if h.saved is not None:
            r.ah = SAVE_RESTORE_ERROR  # 47h saved a map for it that 48h never restored
            return
        if handle == 0:
            h.name = bytes(8)  # the operating system handle stays, with the conventional memory
        else:
            self._release(handle, 0)
            del self._handles[handle]
        r.ah = OK

    def _release(self, handle: int, keep: int) -> None:
        """Free the pages of `handle` from logical page `keep` on; windows showing them unmap."""
        h = self._handles[handle]
        for w in self._windows:
            if w.shown is not None and w.shown[0] == handle and w.shown[1] >= keep:
                self._unmap(w)
        for slot in h.slots[keep:]:
            self._store.clear(slot)
            self._free_slots.append(slot)
        del h.slots[keep:]

    def _version(self, r: Registers) -> None:
        r.al = VERSION
        r.ah = OK

    # -- 47h, 48h: the page frame's map per handle ----------------------------------------------
    def _save_frame(self, r: Registers) -> None:
        h = self._handles.get(r.dx)
        if h is None:
            r.ah = BAD_HANDLE
        elif h.saved is not None:
            r.ah = MAP_ALREADY_SAVED
        else:
            h.saved = [w.shown for w in self._frame]
            r.ah = OK

    def _restore_frame(self, r: Registers) -> None:
        h = self._handles.get(r.dx)
        if h is None:
            r.ah = BAD_HANDLE
            return
        if h.saved is None:
            r.ah = NO_SAVED_MAP
            return
        for w, shown in zip(self._frame, h.saved, strict=True):
            if shown is None or not self._valid(shown):
                self._unmap(w)  # a page freed since the save is not shown again
            else:
                self._show(w, *shown)
        h.saved = None
        r.ah = OK

    def _valid(self, shown: tuple[int, int]) -> bool:
        h = self._handles.get(shown[0])
        return h is not None and shown[1] < len(h.slots)

    # -- 4Bh-4Dh: handles ----------------------------------------------------------------------
    def _handle_count(self, r: Registers) -> None:
        r.bx = len(self._handles)
        r.ah = OK

    def _handle_pages(self, r: Registers) -> None:
        h = self._handles.get(r.dx)
        if h is None:
            r.ah = BAD_HANDLE
            return
        r.bx = len(h.slots)
        r.ah = OK

    def _all_handle_pages(self, r: Registers) -> None:
        out = b"".join(struct.pack("<HH", n, len(h.slots)) for n, h in sorted(self._handles.items()))
        self.ram.write(self._lin(r.es, r.di), out)
        r.bx = len(self._handles)
        r.ah = OK

    # -- 4Eh, 4Fh, 5Bh: mapping contexts ---------------------------------------------------------
    def _context(self) -> bytes:
        """The whole map, in the form 4Eh and 5Bh save it: magic, check word, then per window
        (in physical page order) the handle and logical page, FFFFh FFFFh for none."""
        words: list[int] = []
        for w in self._windows:
            words.extend(w.shown if w.shown is not None else (NO_PAGE, NO_PAGE))
        return struct.pack(f"<HH{len(words)}H", CONTEXT_MAGIC, _check_word(words), *words)

    def _context_size(self) -> int:
        return 4 + 4 * len(self._windows)

    def _read_context(self, at: int) -> list[tuple[Window, tuple[int, int] | None]] | None:
        """A saved context from guest memory, or None when it is not one or no longer valid."""
        size = self._context_size()
        magic, check, *words = struct.unpack(f"<HH{size // 2 - 2}H", self.ram.read(at, size))
        if magic != CONTEXT_MAGIC or check != _check_word(words):
            return None
        out = []
        for w, handle, page in zip(self._windows, words[::2], words[1::2], strict=True):
            if handle == NO_PAGE:
                if w.home is not None:
                    return None
                out.append((w, None))
            elif self._valid((handle, page)):
                out.append((w, (handle, page)))
            else:
                return None
        return out

    def _set_context(self, entries: list[tuple[Window, tuple[int, int] | None]]) -> None:
        for w, shown in entries:
            if shown is None:
                self._unmap(w)
            else:
                self._show(w, *shown)

    def _page_map(self, r: Registers) -> None:
        sub = r.al
        if sub == 0x03:
            r.al = self._context_size()
            r.ah = OK
            return
        if sub > 0x03:
            r.ah = BAD_SUBFUNCTION
            return
        entries = None
        if sub in (0x01, 0x02):
            entries = self._read_context(self._lin(r.ds, r.si))
            if entries is None:
                r.ah = CORRUPT_MAP
                return
        if sub in (0x00, 0x02):
            self.ram.write(self._lin(r.es, r.di), self._context())
        if entries is not None:
            self._set_context(entries)
        r.ah = OK

    def _partial_map(self, r: Registers) -> None:
        sub = r.al
        if sub == 0x00:
            r.ah = self._save_partial(self._lin(r.ds, r.si), self._lin(r.es, r.di))
        elif sub == 0x01:
            r.ah = self._restore_partial(self._lin(r.ds, r.si))
        elif sub == 0x02:
            if r.bx > len(self._windows):
                r.ah = BAD_PHYSICAL
                return
            r.al = 2 + 4 * r.bx
            r.ah = OK
        else:
            r.ah = BAD_SUBFUNCTION

    def _save_partial(self, src: int, dst: int) -> int:
        """4F00h: the map of the windows whose segments are listed; per window its
        physical page number (byte), handle (byte, FFh: none) and logical page."""
        count = self.ram.rw(src)
        if count > len(self._windows):
            return BAD_PHYSICAL
        out = bytearray(struct.pack("<H", count))
        for i in range(count):
            w = self._by_segment.get(self.ram.rw(src + 2 + 2 * i))
            if w is None:
                return BAD_PHYSICAL
            handle, page = w.shown if w.shown is not None else (0xFF, NO_PAGE)
            out += struct.pack("<BBH", w.number, handle, page)
        self.ram.write(dst, bytes(out))
        return OK

    def _restore_partial(self, src: int) -> int:
        count = self.ram.rw(src)
        if count > len(self._windows):
            return CORRUPT_MAP
        entries = []
        for i in range(count):
            number, handle, page = struct.unpack("<BBH", self.ram.read(src + 2 + 4 * i, 4))
            if number >= len(self._windows):
                return CORRUPT_MAP
            w = self._windows[number]
            if handle == 0xFF and page == NO_PAGE:
                entries.append((w, None))
            elif self._valid((handle, page)):
                entries.append((w, (handle, page)))
            else:
                return CORRUPT_MAP
        self._set_context(entries)
        return OK

    # -- 50h, 51h: many pages at once, reallocation ---------------------------------------------
    def _map_multiple(self, r: Registers) -> None:
        if r.al > 1:
            r.ah = BAD_SUBFUNCTION
            return
        count = r.cx
        if count > len(self._windows):
            r.ah = BAD_PHYSICAL
            return
        entries = self._read_entries(r.dx, self._lin(r.ds, r.si), count, by_segment=r.al == 1)
        if isinstance(entries, int):
            r.ah = entries
            return
        self._apply(r.dx, entries)
        r.ah = OK

    def _read_entries(self, handle: int, at: int, count: int, by_segment: bool) -> list[tuple[Window, int]] | int:
        """(logical page, physical page or segment) pairs from guest memory, all checked
        before any is mapped; a status code for the first bad one."""
        entries = []
        for i in range(count):
            page, where = self.ram.rw(at + 4 * i), self.ram.rw(at + 4 * i + 2)
            w = self._window(where, by_segment)
            status = self._check(w, handle, page)
            if status != OK:
                return status
            entries.append((w, page))
        return entries

    def _reallocate(self, r: Registers) -> None:
        handle, count = r.dx, r.bx
        h = self._handles.get(handle)
        if h is None:
            r.ah = BAD_HANDLE
            return
        have = len(h.slots)
        if handle == 0 and count != have:
            r.ah = SOFTWARE_ERROR  # handle 0 is the conventional memory: its size is fixed
            return
        status = self._can_allocate(count, have, zero_ok=True)
        if status == OK:
            if count < have:
                self._release(handle, count)
            else:
                self._store.open()
                h.slots.extend(self._free_slots.pop() for _ in range(count - have))
        r.bx = len(h.slots)
        r.ah = status

    # -- 52h-54h: attributes and names ---------------------------------------------------------
    def _attributes(self, r: Registers) -> None:
        sub = r.al
        if sub == 0x02:
            r.al = 0  # only volatile handles: nothing survives a warm boot
            r.ah = OK
            return
        if sub > 0x02:
            r.ah = BAD_SUBFUNCTION
            return
        if r.dx not in self._handles:
            r.ah = BAD_HANDLE
            return
        if sub == 0x00:
            r.al = 0
            r.ah = OK
        else:
            r.ah = OK if r.bl == 0 else NOT_SUPPORTED if r.bl == 1 else BAD_ATTRIBUTE

    def _handle_name(self, r: Registers) -> None:
        sub = r.al
        if sub > 0x01:
            r.ah = BAD_SUBFUNCTION
            return
        h = self._handles.get(r.dx)
        if h is None:
            r.ah = BAD_HANDLE
            return
        if sub == 0x00:
            self.ram.write(self._lin(r.es, r.di), h.name)
            r.ah = OK
            return
        name = self.ram.read(self._lin(r.ds, r.si), 8)
        if any(name) and any(other.name == name for n, other in self._handles.items() if n != r.dx):
            r.ah = DUPLICATE_NAME
            return
        h.name = name
        r.ah = OK

    def _handle_directory(self, r: Registers) -> None:
        sub = r.al
        if sub == 0x00:
            out = b"".join(struct.pack("<H8s", n, h.name) for n, h in sorted(self._handles.items()))
            self.ram.write(self._lin(r.es, r.di), out)
            r.al = len(self._handles)
            r.ah = OK
        elif sub == 0x01:
            name = self.ram.read(self._lin(r.ds, r.si), 8)
            if not any(name):
                r.ah = DUPLICATE_NAME  # LIM: a search for the null name
                return
            found = next((n for n, h in sorted(self._handles.items()) if h.name == name), None)
            if found is None:
                r.ah = NAME_NOT_FOUND
                return
            r.dx = found
            r.ah = OK
        elif sub == 0x02:
            r.bx = MAX_HANDLES
            r.ah = OK
        else:
            r.ah = BAD_SUBFUNCTION

    # -- 55h, 56h: map and jump, map and call ---------------------------------------------------
    def _map_and_jump(self, r: Registers) -> None:
        if r.al > 1:
            r.ah = BAD_SUBFUNCTION
            return
        at = self._lin(r.ds, r.si)
        target_off, target_seg, count = struct.unpack("<HHB", self.ram.read(at, 5))
        entries = self._read_entries(r.dx, self._far(at + 5), count, by_segment=r.al == 1)
        if isinstance(entries, int):
            r.ah = entries
            return
        self._apply(r.dx, entries)
        r.ah = OK
        if self._via_stub(r):
            frame = self._lin(r.ss, r.sp)  # the stub's IRET goes to the target
            self.ram.ww(frame, target_off)
            self.ram.ww(self._lin(r.ss, (r.sp + 2) & 0xFFFF), target_seg)
        else:
            r.cs, r.ip = target_seg, target_off

    def _map_and_call(self, r: Registers) -> None:
        sub = r.al
        if sub == 0x02:
            r.bx = CALL_STACK_BYTES
            r.ah = OK
            return
        if sub > 0x02:
            r.ah = BAD_SUBFUNCTION
            return
        at = self._lin(r.ds, r.si)
        target_off, target_seg, new_count = struct.unpack("<HHB", self.ram.read(at, 5))
        old_count = self.ram.rb(at + 9)
        by_segment = sub == 0x01
        new = self._read_entries(r.dx, self._far(at + 5), new_count, by_segment)
        old = self._read_entries(r.dx, self._far(at + 10), old_count, by_segment)
        for entries in (new, old):
            if isinstance(entries, int):
                r.ah = entries
                return
        self._apply(r.dx, new)
        if len(self._calls) >= MAX_CALL_DEPTH:
            del self._calls[0]  # a target that never returned: its map is forgotten
        self._calls.append(_Call(r.dx, old))
        r.ah = OK
        if self._via_stub(r):
            # Below the caller's frame: a frame for the stub's IRET into the target,
            # then the target's far return address (the gate that restores the map).
            flags = self.ram.rw(self._lin(r.ss, (r.sp + 4) & 0xFFFF))
            self._push(r, ROM_SEG, self._return_gate)
            self._push(r, flags, target_seg, target_off)
        else:
            self._push(r, r.flags, r.cs, r.ip)  # the frame the gate's IRET returns through
            self._push(r, ROM_SEG, self._return_gate)
            r.cs, r.ip = target_seg, target_off

    def _push(self, r: Registers, *words: int) -> None:
        """Push words in the order given (the last ends up on top)."""
        for word in words:
            r.sp = (r.sp - 2) & 0xFFFF
            self.ram.ww(self._lin(r.ss, r.sp), word)

    def _via_stub(self, r: Registers) -> bool:
        """True when INT 67h came through the IVT: the caller's return frame is on the stack."""
        return r.cs == ROM_SEG and r.ip == self._int67_gate_end

    def _call_returned(self, r: Registers) -> None:
        """The target of a 56h call did its RETF: restore the old map; the IRET that follows
        returns to the caller."""
        if not self._calls:
            r.ah = SOFTWARE_ERROR
            return
        call = self._calls.pop()
        if call.handle not in self._handles:
            r.ah = BAD_HANDLE  # freed during the call: nothing of it to map back
            return
        entries = [(w, page) for w, page in call.entries if page == NO_PAGE or self._valid((call.handle, page))]
        self._apply(call.handle, entries)
        r.ah = OK

    # -- 57h: move and exchange ----------------------------------------------------------------
    def _move_region(self, r: Registers) -> None:
        sub = r.al
        if sub > 1:
            r.ah = BAD_SUBFUNCTION
            return
        at = self._lin(r.ds, r.si)
        length = self.ram.rd(at)
        if length > MOVE_LIMIT:
            r.ah = LENGTH_TOO_BIG
            return
        src = self._region(at + 4, length)
        dst = self._region(at + 0x0B, length)
        if isinstance(src, int) or isinstance(dst, int):
            r.ah = src if isinstance(src, int) else dst
            return
        r.ah = self._transfer(src, dst, length, exchange=sub == 1)

    def _region(self, at: int, length: int) -> _Region | int:
        kind, handle, offset, where = struct.unpack("<BHHH", self.ram.read(at, 7))
        if kind == 0:
            start = (where << 4) + offset
            return WRAPS_1M if start + length > MIB else _Region(None, start)
        if kind != 1:
            return BAD_MEMORY_TYPE
        h = self._handles.get(handle)
        if h is None:
            return BAD_HANDLE
        if offset >= PAGE:
            return OFFSET_TOO_BIG
        if where >= len(h.slots):
            return BAD_LOGICAL
        start = where * PAGE + offset
        return REGION_TOO_LONG if start + length > len(h.slots) * PAGE else _Region(handle, start)

    def _transfer(self, src: _Region, dst: _Region, length: int, exchange: bool) -> int:
        if length == 0:
            return OK
        overlap = src.handle == dst.handle and src.start < dst.start + length and dst.start < src.start + length
        if overlap and exchange:
            return EXCHANGE_OVERLAP
        if src.handle is None and dst.handle is not None and self._shown_at(src.start, length, dst) \
                or dst.handle is None and src.handle is not None and self._shown_at(dst.start, length, src):
            return CONV_EMS_OVERLAP
        data = self._read(src, length)
        if exchange:
            self._write(src, self._read(dst, length))
        self._write(dst, data)
        return MOVE_OVERLAPPED if overlap and src.start != dst.start else OK

    def _shown_at(self, linear: int, length: int, ems: _Region) -> bool:
        """Does a window inside conventional [linear, linear+length) show bytes of `ems`'s range?"""
        end = linear + length
        for w in self._windows:
            if w.shown is None or w.shown[0] != ems.handle:
                continue
            lo, hi = max(linear, w.linear), min(end, w.linear + PAGE)
            if lo >= hi:
                continue
            first = w.shown[1] * PAGE + lo - w.linear  # handle offset shown at `lo`
            if first < ems.start + length and ems.start < first + hi - lo:
                return True
        return False

    def _pieces(self, region: _Region, length: int):
        """(store offset, length) of each piece of a handle's byte range, page by page."""
        h = self._handles[region.handle]
        if region.handle == 0:
            for index in range(region.start // PAGE, (region.start + length - 1) // PAGE + 1):
                if not self._live_home[index]:
                    self._bring_home(index)
        pos = region.start
        end = region.start + length
        while pos < end:
            page, offset = divmod(pos, PAGE)
            size = min(PAGE - offset, end - pos)
            yield h.slots[page] * PAGE + offset, size
            pos += size

    def _read(self, region: _Region, length: int) -> bytes:
        if region.handle is None:
            return self.ram.read(region.start, length)
        view = self._store.view
        return b"".join(view[off:off + size] for off, size in self._pieces(region, length))

    def _write(self, region: _Region, data: bytes) -> None:
        if region.handle is None:
            self.ram.write(region.start, data)
            self.vdh.invalidate(region.start, region.start + len(data))
            return
        view = self._store.view
        done = 0
        for off, size in self._pieces(region, len(data)):
            view[off:off + size] = data[done:done + size]
            done += size
        for w in self._windows:  # code translated from a shown page is stale now
            if w.shown is not None and w.shown[0] == region.handle:
                self.vdh.invalidate(w.linear, w.linear + PAGE)

    # -- 58h, 59h: the hardware --------------------------------------------------------------------
    def _mappable_array(self, r: Registers) -> None:
        sub = r.al
        if sub > 1:
            r.ah = BAD_SUBFUNCTION
            return
        if sub == 0:
            out = b"".join(struct.pack("<HH", w.segment, w.number) for w in self._sorted)
            self.ram.write(self._lin(r.es, r.di), out)
        r.cx = len(self._windows)
        r.ah = OK

    def _hardware_info(self, r: Registers) -> None:
        if not self._os_enabled:
            r.ah = DENIED
            return
        sub = r.al
        if sub == 0x00:
            # Raw page size (paragraphs), alternate register sets, context save area
            # size, DMA register sets, DMA channel operation.
            info = struct.pack("<5H", PARAS, 0, self._context_size(), 0, 0)
            self.ram.write(self._lin(r.es, r.di), info)
            r.ah = OK
        elif sub == 0x01:
            r.bx = self._free_pages()  # raw pages are standard 16 KiB pages here
            r.dx = self.config.limit_pages
            r.ah = OK
        else:
            r.ah = BAD_SUBFUNCTION

    # -- 5Bh-5Dh: operating system functions -----------------------------------------------------
    def _alternate_set(self, r: Registers) -> None:
        """Only set 0 exists: its context lives in a save area the caller names (5B01h)."""
        if not self._os_enabled:
            r.ah = DENIED
            return
        sub = r.al
        if sub == 0x00:
            r.bl = 0
            if self._alt_area is not None:
                seg, off = self._alt_area
                self.ram.write(self._lin(seg, off), self._context())
            r.es, r.di = self._alt_area or (0, 0)
            r.ah = OK
        elif sub == 0x01:
            r.ah = self._select_set(r)
        elif sub == 0x02:
            r.dx = self._context_size()
            r.ah = OK
        elif sub in (0x03, 0x05):
            r.bl = 0  # no alternate map (or DMA) register sets to give
            r.ah = OK
        elif sub == 0x04:
            r.ah = OK if r.bl == 0 else NO_ALT_SETS
        elif sub in (0x06, 0x07, 0x08):
            r.ah = NO_ALT_SETS  # the DMA register set functions
        else:
            r.ah = BAD_SUBFUNCTION

    def _select_set(self, r: Registers) -> int:
        if r.bl != 0:
            return BAD_ALT_SET
        if r.es == 0 and r.di == 0:
            self._alt_area = None
            return OK
        entries = self._read_context(self._lin(r.es, r.di))
        if entries is None:
            return CORRUPT_MAP
        self._set_context(entries)
        self._alt_area = (r.es, r.di)
        return OK

    def _warm_boot(self, r: Registers) -> None:
        r.ah = OK  # nothing in a virtual machine needs preparing

    def _os_functions(self, r: Registers) -> None:
        """5Dh: the first call hands out an access key in BX:CX; later calls must give it."""
        sub = r.al
        if sub > 0x02:
            r.ah = BAD_SUBFUNCTION
            return
        given = (r.bx << 16) | r.cx
        if self._access_key is None:
            if sub == 0x02:
                r.ah = DENIED  # no key was handed out yet
                return
            self._access_key = int.from_bytes(os.urandom(4), "little")
            r.bx, r.cx = self._access_key >> 16, self._access_key & 0xFFFF
        elif given != self._access_key:
            r.ah = DENIED
            return
        if sub == 0x02:
            self._access_key = None  # the next call hands out a new key
        else:
            self._os_enabled = sub == 0x00
        r.ah = OK

    # -- state --------------------------------------------------------------------------------
    def save(self) -> dict:
        """Handles (names, pages with their contents), the map, and the OS function state."""
        if not self.installed:
            return {}
        handles = {}
        for number, h in self._handles.items():
            pages: list[bytes | None] = [self._page_bytes(slot) for slot in h.slots]
            if number == 0:  # conventional memory not yet moved is part of RAM, not of EMS
                pages = [page if self._live_home[i] else None for i, page in enumerate(pages)]
            handles[number] = {"name": h.name, "pages": pages, "saved": h.saved}
        return {
            "windows": [w.segment for w in self._windows],
            "handles": handles,
            "shown": [w.shown for w in self._windows],
            "os_enabled": self._os_enabled,
            "access_key": self._access_key,
            "alt_area": self._alt_area,
        }

    def _page_bytes(self, slot: int) -> bytes:
        view = self._store.view
        return bytes(view[slot * PAGE:(slot + 1) * PAGE]) if view is not None else bytes(PAGE)

    def load(self, state: dict) -> None:
        if not state:
            return
        if not self.installed or state["windows"] != [w.segment for w in self._windows]:
            raise ValueError("VEMM state is from a session with another EMS layout")
        self._calls.clear()
        for number in [n for n in self._handles if n]:
            self._release(number, 0)
            del self._handles[number]
        for number, saved in sorted(state["handles"].items()):
            self._load_handle(int(number), saved)
        for w, shown in zip(self._windows, state["shown"], strict=True):
            if shown is None:
                self._unmap(w)
            elif self._valid(tuple(shown)):
                self._show(w, *shown)
            else:
                raise ValueError(f"VEMM state maps a page that it does not hold: {shown}")
        self._os_enabled = state["os_enabled"]
        self._access_key = state["access_key"]
        self._alt_area = tuple(state["alt_area"]) if state["alt_area"] else None

    def _load_handle(self, number: int, saved: dict) -> None:
        pages = saved["pages"]
        if number == 0:
            h = self._handles[0]
            for index, data in enumerate(pages):
                if data is not None:
                    if not self._live_home[index]:
                        self._bring_home(index)
                    slot = h.slots[index]
                    self._store.view[slot * PAGE:(slot + 1) * PAGE] = data
        else:
            if len(pages) > self._free_pages():
                raise ValueError("VEMM state holds more pages than this session's limit")
            self._store.open()
            h = self._handles[number] = Handle([self._free_slots.pop() for _ in pages])
            for slot, data in zip(h.slots, pages, strict=True):
                self._store.view[slot * PAGE:(slot + 1) * PAGE] = data
        h.name = bytes(saved["name"])
        h.saved = [tuple(s) if s is not None else None for s in saved["saved"]] if saved["saved"] else None


def _check_word(words: list[int]) -> int:
    return (sum(words) + len(words) * 0x9E37) & 0xFFFF
