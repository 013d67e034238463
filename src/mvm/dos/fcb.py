"""File control blocks: parsing a file name into an FCB (the rules of INT 21h/29h)."""

from __future__ import annotations

SEPARATORS = b":.;,=+ \t"
TERMINATORS = b':.;,=+ \t<>|/"[]\r\x00'

PARSE_SKIP_SEPARATORS = 0x01
PARSE_KEEP_DRIVE = 0x02
PARSE_KEEP_NAME = 0x04
PARSE_KEEP_EXT = 0x08


def _field(data: bytes, pos: int, width: int) -> tuple[bytes, int, bool]:
    """Read a name field; '*' fills the rest with '?'. Returns (field, pos, wildcard)."""
    out = bytearray()
    wild = False
    while pos < len(data) and data[pos] not in TERMINATORS and data[pos] > 0x20:
        ch = data[pos]
        pos += 1
        if len(out) >= width:
            continue  # DOS skips what does not fit
        if ch == ord("*"):
            out += b"?" * (width - len(out))
            wild = True
            continue
        if ch == ord("?"):
            wild = True
        out.append(ord(chr(ch).upper()) if 0x61 <= ch <= 0x7A else ch)
    return bytes(out).ljust(width, b" ") if out else b"", pos, wild


def parse_filename(data: bytes, old: bytes, flags: int, valid_drive) -> tuple[int, bytes, int]:
    """Parse `data` into the 12-byte drive/name/extension part of an FCB.

    `old` is the FCB's current 12 bytes (kept where the flags say so) and
    `valid_drive(n)` tells whether drive number n (1 = A:) exists. Returns
    (bytes consumed, new 12 bytes, AL: 0 plain, 1 wildcards, FFh bad drive).
    """
    pos = 0
    while pos < len(data) and data[pos] in b" \t":
        pos += 1
    if flags & PARSE_SKIP_SEPARATORS and pos < len(data) and data[pos] in SEPARATORS:
        pos += 1
        while pos < len(data) and data[pos] in b" \t":
            pos += 1
    drive = old[0] if flags & PARSE_KEEP_DRIVE else 0
    status = 0
    if pos + 1 < len(data) and data[pos + 1] == ord(":") and chr(data[pos]).isalpha():
        drive = ord(chr(data[pos]).upper()) - ord("A") + 1
        if not valid_drive(drive):
            status = 0xFF
        pos += 2
    name, pos, wild_name = _field(data, pos, 8)
    ext, wild_ext = b"", False
    if pos < len(data) and data[pos] == ord("."):
        ext, pos, wild_ext = _field(data, pos + 1, 3)
    if not name:
        name = old[1:9] if flags & PARSE_KEEP_NAME else b" " * 8
    if not ext:
        ext = old[9:12] if flags & PARSE_KEEP_EXT else b" " * 3
    if status == 0 and (wild_name or wild_ext or b"?" in name + ext):
        status = 1
    return pos, bytes((drive,)) + name + ext, status
