"""Information calls of INT 21h: version, vectors, break flag, clock, country, list of lists, errors.

The clock is the host's: setting the date or time (2Bh, 2Dh) moves this
session's DOS clock only (an offset from the host clock), as the BIOS clock of
INT 1Ah keeps its own offset. Country information is the built-in table below,
as if NLSFUNC and COUNTRY.SYS were loaded with code page 437: the United States
by default, a few other countries on request, error 2 for any other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..ist import Registers
from ..machine.rom import ROM_SEG
from .constants import ERR_FILE_NOT_FOUND, ERR_INVALID_FUNCTION, DosError
from .lol import upcase

CODE_PAGE = 437
COUNTRY_INFO_SIZE = 0x22  # the buffer of 38h and the body of 65h/01h
OLD_COUNTRY_SIZE = 0x18  # what 38h copies: the reserved tail is left alone
EXT_COUNTRY_SIZE = 0x26  # 65h/01h: country, code page, then the 22h bytes

# INT 21h/59h: class, suggested action and locus of each error, as MS-DOS's tables give them.
ERROR_CLASS: dict[int, tuple[int, int, int]] = {
    1: (7, 4, 1), 2: (8, 3, 2), 3: (8, 3, 2), 4: (1, 4, 1), 5: (3, 3, 2), 6: (7, 4, 1),
    7: (7, 5, 5), 8: (1, 4, 5), 9: (7, 4, 5), 10: (7, 4, 5), 11: (9, 3, 1), 12: (7, 4, 1),
    13: (9, 4, 1), 15: (8, 3, 2), 16: (3, 3, 2), 17: (13, 3, 2), 18: (8, 3, 2),
    19: (11, 7, 2), 20: (4, 5, 1), 21: (5, 7, 2), 22: (4, 5, 1), 23: (11, 4, 2), 24: (4, 5, 1),
    25: (5, 1, 2), 26: (11, 7, 2), 27: (11, 4, 2), 28: (2, 7, 4), 29: (5, 4, 1), 30: (5, 4, 1),
    31: (13, 4, 1), 32: (10, 2, 2), 33: (10, 2, 2), 34: (11, 7, 2), 35: (7, 4, 1), 36: (1, 4, 5),
    50: (9, 3, 3), 80: (12, 3, 2), 82: (1, 4, 2), 83: (13, 4, 1), 84: (1, 4, 1), 85: (12, 3, 3),
    86: (3, 3, 1), 87: (9, 3, 1),
}
UNKNOWN_ERROR_CLASS = (13, 4, 1)


@dataclass(frozen=True)
class Country:
    date_format: int  # 0 month-day-year, 1 day-month-year, 2 year-month-day
    currency: bytes
    thousands: bytes
    decimal: bytes
    date_sep: bytes
    time_sep: bytes
    currency_format: int  # bit 0: symbol after the amount; bit 1: a space between
    digits: int
    time_format: int  # bit 0: 24-hour clock
    list_sep: bytes

    def info(self, case_map: int) -> bytes:
        """The 34-byte country information block (INT 21h/38h, 65h/01h)."""
        out = bytearray(COUNTRY_INFO_SIZE)
        out[0:2] = self.date_format.to_bytes(2, "little")
        out[2:7] = self.currency[:4].ljust(5, b"\0")
        for off, text in ((7, self.thousands), (9, self.decimal), (0x0B, self.date_sep), (0x0D, self.time_sep),
                          (0x16, self.list_sep)):
            out[off:off + 2] = text[:1].ljust(2, b"\0")
        out[0x0F], out[0x10], out[0x11] = self.currency_format, self.digits, self.time_format
        out[0x12:0x16] = case_map.to_bytes(4, "little")
        return bytes(out)


COUNTRIES: dict[int, Country] = {
    1: Country(0, b"$", b",", b".", b"-", b":", 0, 2, 0, b","),
    44: Country(1, b"\x9c", b",", b".", b"/", b":", 0, 2, 0, b","),
    49: Country(1, b"DM", b".", b",", b".", b".", 3, 2, 1, b";"),
}
DEFAULT_COUNTRY = 1


class InfoCalls:
    FUNCTIONS = {
        0x25: "f25_set_vector",
        0x2A: "f2a_get_date",
        0x2B: "f2b_set_date",
        0x2C: "f2c_get_time",
        0x2D: "f2d_set_time",
        0x30: "f30_version",
        0x33: "f33_break",
        0x34: "f34_indos",
        0x35: "f35_get_vector",
        0x37: "f37_switch_char",
        0x38: "f38_country",
        0x52: "f52_list_of_lists",
        0x59: "f59_extended_error",
        0x63: "f63_dbcs",
        0x65: "f65_ext_country",
        0x66: "f66_code_page",
    }

    def setup_group(self) -> None:
        self.clock_offset = 0.0  # seconds this session's DOS clock is ahead of the host's
        self.country = DEFAULT_COUNTRY
        self.kernel_tables()
        self._case_map = (ROM_SEG << 16) | self.vdh.rom_alloc(self.vdh.svc(self._case_map_call) + b"\xcb")

    # -- vectors, version, break ----------------------------------------------------------------
    def f25_set_vector(self, r: Registers) -> None:
        self.vdh.set_vector(r.al, r.ds, r.dx)

    def f35_get_vector(self, r: Registers) -> None:
        r.es, r.bx = self.vdh.get_vector(r.al)

    def f30_version(self, r: Registers) -> None:
        oem = 0xFF if r.al == 0 else 0x00  # AL=0 asks for the OEM number (FFh: Microsoft)
        major, minor = self.version
        r.ax = (minor << 8) | major
        r.bx = oem << 8  # BL:CX is the user serial number: none
        r.cx = 0

    def f33_break(self, r: Registers) -> None:
        sub = r.al
        if sub == 0x00:
            r.dl = int(self.break_check)
        elif sub == 0x01:
            self._set_break(bool(r.dl & 1))
        elif sub == 0x02:
            old = int(self.break_check)
            self._set_break(bool(r.dl & 1))
            r.dl = old
        elif sub == 0x05:
            r.dl = 3  # booted from C:
        elif sub == 0x06:
            r.bl, r.bh = self.version
            r.dl, r.dh = 0, 0x00
        else:
            r.al = 0xFF

    def _set_break(self, on: bool) -> None:
        if on != self.break_check:
            self.break_check = on
            self.rewire_break_checks()

    def f34_indos(self, r: Registers) -> None:
        """ES:BX -> the InDOS byte; the critical-error flag is the byte before it."""
        r.es, r.bx = self.tables.indos

    def f37_switch_char(self, r: Registers) -> None:
        """The switch character is '/' (DOS 5 keeps it whatever a program sets)."""
        sub = r.al
        if sub == 0x00:
            r.dl = ord("/")
        elif sub == 0x02:
            r.dl = 0xFF  # device names work without \DEV\
        elif sub not in (0x01, 0x03):
            r.al = 0xFF
            return
        r.al = 0

    # -- the clock -----------------------------------------------------------------------------------
    def dos_now(self) -> dt.datetime:
        return dt.datetime.now() + dt.timedelta(seconds=self.clock_offset)

    def _move_clock(self, target: dt.datetime) -> None:
        self.clock_offset += (target - self.dos_now()).total_seconds()

    def f2a_get_date(self, r: Registers) -> None:
        now = self.dos_now()
        r.cx = now.year
        r.dh, r.dl = now.month, now.day
        r.al = (now.weekday() + 1) % 7  # 0 is Sunday

    def f2b_set_date(self, r: Registers) -> None:
        now = self.dos_now()
        try:
            if not 1980 <= r.cx <= 2099:
                raise ValueError(r.cx)
            target = now.replace(year=r.cx, month=r.dh, day=r.dl)
        except ValueError:
            r.al = 0xFF
            return
        self._move_clock(target)
        r.al = 0

    def f2c_get_time(self, r: Registers) -> None:
        now = self.dos_now()
        r.ch, r.cl = now.hour, now.minute
        r.dh, r.dl = now.second, now.microsecond // 10000

    def f2d_set_time(self, r: Registers) -> None:
        if r.ch > 23 or r.cl > 59 or r.dh > 59 or r.dl > 99:
            r.al = 0xFF
            return
        target = self.dos_now().replace(hour=r.ch, minute=r.cl, second=r.dh, microsecond=r.dl * 10000)
        self._move_clock(target)
        r.al = 0

    # -- country information ----------------------------------------------------------------------------
    def _case_map_call(self, r: Registers) -> None:
        """The far routine whose address the country information gives: AL in capitals (80h-FFh)."""
        if r.al >= 0x80:
            r.al = upcase(r.al)

    def f38_country(self, r: Registers) -> None:
        code = r.bx if r.al == 0xFF else r.al
        if r.dx == 0xFFFF:  # set the current country
            if code not in COUNTRIES:
                raise DosError(ERR_INVALID_FUNCTION if code == 0 else ERR_FILE_NOT_FOUND)
            self.country = code
        else:
            code = code or self.country
            country = COUNTRIES.get(code)
            if country is None:
                raise DosError(ERR_FILE_NOT_FOUND)
            self.ram.write((r.ds << 4) + r.dx, country.info(self._case_map)[:OLD_COUNTRY_SIZE])
        r.ax = r.bx = code
        r.cf = False

    def f65_ext_country(self, r: Registers) -> None:
        sub = r.al
        if sub >= 0x20:
            return self._capitalise(r, sub)
        if r.cx < 5:
            raise DosError(ERR_INVALID_FUNCTION)
        country = self.country if r.dx == 0xFFFF else r.dx
        if country not in COUNTRIES or r.bx not in (0xFFFF, CODE_PAGE):
            raise DosError(ERR_FILE_NOT_FOUND)
        out = (r.es << 4) + r.di
        if sub == 0x01:
            body = (country.to_bytes(2, "little") + CODE_PAGE.to_bytes(2, "little")
                    + COUNTRIES[country].info(self._case_map))
            size = min(r.cx - 3, EXT_COUNTRY_SIZE)
            self.ram.write(out, bytes((1,)) + size.to_bytes(2, "little") + body[:size])
            r.cx = size + 3
        else:
            where = self.tables.table_pointer(sub)
            if where is None:
                raise DosError(ERR_INVALID_FUNCTION)
            seg, off = where
            self.ram.write(out, bytes((sub,)) + off.to_bytes(2, "little") + seg.to_bytes(2, "little"))
            r.cx = 5
        r.ax = CODE_PAGE
        r.cf = False
        return None

    def _capitalise(self, r: Registers, sub: int) -> None:
        """65h/20h-23h (and A0h-A2h, file names): capitals by the country's table; yes/no."""
        kind = sub & 0x7F
        addr = (r.ds << 4) + r.dx
        if sub not in (0x20, 0x21, 0x22, 0x23, 0xA0, 0xA1, 0xA2):
            raise DosError(ERR_INVALID_FUNCTION)
        if kind == 0x20:
            r.dl = upcase(r.dl)
        elif kind == 0x21:
            self.ram.write(addr, bytes(upcase(c) for c in self.ram.read(addr, r.cx)))
        elif kind == 0x22:
            self.ram.write(addr, bytes(upcase(c) for c in self.ram.asciiz(addr, 0x10000)))
        else:
            r.ax = {ord("Y"): 1, ord("y"): 1, ord("N"): 0, ord("n"): 0}.get(r.dl, 2)
        r.cf = False

    def f66_code_page(self, r: Registers) -> None:
        if r.al == 0x01:
            r.bx = r.dx = CODE_PAGE
        elif r.al == 0x02:
            if r.bx != CODE_PAGE:
                raise DosError(ERR_FILE_NOT_FOUND)
        else:
            raise DosError(ERR_INVALID_FUNCTION)
        r.cf = False

    def f63_dbcs(self, r: Registers) -> None:
        """DOS 5 outside the Far East: no double-byte lead bytes."""
        if r.al == 0x00:
            r.ds, r.si = self.tables.dbcs
            r.al = 0
            r.cf = False
        else:
            r.al = 0xFF

    # -- the list of lists and the last error --------------------------------------------------------
    def f52_list_of_lists(self, r: Registers) -> None:
        extended = max(0, (self.ram.size >> 10) - 1024)  # as INT 15h/88h reports it
        self.tables.refresh(drives=self.drives, sft=getattr(self, "sft", None), extended_kb=extended,
                            arena=self.arena)
        r.es, r.bx = self.tables.lol

    def f59_extended_error(self, r: Registers) -> None:
        code = self.last_error & 0xFFFF
        err_class, action, locus = ERROR_CLASS.get(code, UNKNOWN_ERROR_CLASS) if code else (0, 0, 0)
        r.ax = code
        r.bh, r.bl = err_class, action
        r.ch = locus
