"""File control blocks: parsing a file name into an FCB (the rules of INT 21h/29h)."""

from __future__ import annotations

# Characters that end a name field: these, every control character and the blank.
TERMINATORS = frozenset(b'."/\\[]:<|>+=;,')
# Separators that bit 0 of the flags lets the parser skip once (besides blanks and tabs).
SEPARATORS = frozenset(b":<|>+=;, \t")
BLANKS = b" \t"

PARSE_SKIP_SEPARATORS = 0x01
PARSE_KEEP_DRIVE = 0x02
PARSE_KEEP_NAME = 0x04
PARSE_KEEP_EXT = 0x08


def _terminates(ch: int) -> bool:
    return ch <= 0x20 or ch in TERMINATORS


def _upper(ch: int) -> int:
    return ch - 0x20 if 0x61 <= ch <= 0x7A else ch


def _field(data: bytes, pos: int, width: int) -> tuple[bytes, int, bool]:
    """Read a name field up to a terminator; `*` fills the rest with `?`.

    Characters past the field's width are read and dropped, as MS-DOS does.
    Returns (field padded with blanks, position of the terminator, wildcards seen).
    """
    out = bytearray()
    wild = False
    while pos < len(data) and not _terminates(data[pos]):
        ch = _upper(data[pos])
        pos += 1
        if len(out) >= width:
            continue
        if ch == 0x2A:  # '*'
            out += b"?" * (width - len(out))
            wild = True
        else:
            wild = wild or ch == 0x3F
            out.append(ch)
    return bytes(out).ljust(width, b" "), pos, wild


def _skip_blanks(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] in BLANKS:
        pos += 1
    return pos


def parse_filename(data: bytes, old: bytes, flags: int, valid_drive) -> tuple[int, bytes, int]:
    """Parse `data` into the 12-byte drive/name/extension part of an FCB, as MS-DOS does.

    `old` is the FCB's current 12 bytes (kept where the flags say so) and
    `valid_drive(n)` tells whether drive number n (1 = A:) exists. Returns
    (bytes consumed, new 12 bytes, AL: 0 plain, 1 wildcards, FFh bad drive).
    """
    pos = _skip_blanks(data, 0)
    if flags & PARSE_SKIP_SEPARATORS and pos < len(data) and data[pos] in SEPARATORS:
        pos = _skip_blanks(data, pos + 1)
    drive = old[0] if flags & PARSE_KEEP_DRIVE else 0
    status = 0
    if pos + 1 < len(data) and not _terminates(data[pos]) and data[pos + 1] == 0x3A:  # 'X:'
        drive = (_upper(data[pos]) - 0x40) & 0xFF  # the drive byte is stored even when it is bad
        if not 1 <= drive <= 26 or not valid_drive(drive):
            status = 0xFF
        pos += 2
    name = old[1:9] if flags & PARSE_KEEP_NAME else b" " * 8
    ext = old[9:12] if flags & PARSE_KEEP_EXT else b" " * 3
    wild = False
    if pos < len(data) and not _terminates(data[pos]):
        name, pos, wild = _field(data, pos, 8)
    if pos < len(data) and data[pos] == 0x2E:  # '.': an extension, blank if nothing follows
        ext, pos, wild_ext = _field(data, pos + 1, 3)
        wild = wild or wild_ext
    if status == 0 and wild:
        status = 1
    return pos, bytes((drive,)) + name + ext, status


# -- the file control block --------------------------------------------------------------------
# An extended FCB starts with FFh, five reserved bytes and an attribute byte; the normal
# FCB follows at offset 7.
EXT_FLAG = 0xFF
EXT_ATTR = 0x06
EXT_HEADER = 0x07
# Offsets in the normal FCB.
FCB_DRIVE = 0x00  # 0 = default drive, 1 = A:; open sets the actual drive
FCB_NAME = 0x01  # 8 name bytes and 3 extension bytes, blank padded
FCB_BLOCK = 0x0C  # current block (128 records each)
FCB_RECSIZE = 0x0E
FCB_FILESIZE = 0x10
FCB_DATE = 0x14
FCB_TIME = 0x16
FCB_RESERVED = 0x18  # 8 bytes for the kernel: which open file this FCB is
FCB_RECORD = 0x20  # current record in the block
FCB_RANDOM = 0x21  # random record: 4 bytes when the record size is below 64, else 3
FCB_RENAME_NEW = 0x11  # 17h: the new name and extension (11 bytes)
FCB_SEARCH_DRIVE = 0x15  # 11h/12h: the search's drive byte (the rest of the state from offset 1)
RECORDS_PER_BLOCK = 128
DEFAULT_RECORD_SIZE = 128


def upper_name(name: bytes) -> bytes:
    """An FCB name in upper case, as DOS compares names."""
    return bytes(c - 0x20 if 0x61 <= c <= 0x7A else c for c in name)


def random_width(record_size: int) -> int:
    """Bytes of the random record field DOS uses for a record size."""
    return 4 if record_size < 64 else 3


def rename_target(new: bytes, old: bytes) -> bytes:
    """17h's new name for a file: `?` in the new name keeps the old name's character."""
    return bytes(o if n == 0x3F else n for n, o in zip(new, old, strict=True))


# Bytes an FCB name can never hold: they would make it a path, or DOS never allows them.
_FCB_FORBIDDEN = frozenset(b'"/\\[]:<|>+=;,.')


def valid_name(name11: bytes, *, wildcards: bool = False) -> bool:
    """True when 11 FCB name bytes are a DOS name (a blank only as padding at the end of a part)."""
    if name11[:1] == b" ":
        return False
    for part in (name11[:8], name11[8:11]):
        text = part.rstrip(b" ")
        for ch in text:
            if ch < 0x20 or ch == 0x20 or ch in _FCB_FORBIDDEN or (ch == 0x3F and not wildcards):
                return False
    return True
