"""Program images: checking and parsing COM and MZ EXE files before they are loaded."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from ..errors import NotExecutable

MAX_COM = 0xFF00  # a COM program and its PSP share one 64 KiB segment
MZ_HEADER = struct.Struct("<2s13H")


@dataclass
class Image:
    kind: str  # "COM" or "EXE"
    module: bytes
    min_extra: int = 0  # paragraphs beyond the image the program needs
    max_extra: int = 0xFFFF  # and would like
    cs: int = 0
    ip: int = 0x100
    ss: int = 0
    sp: int = 0xFFFE
    relocations: list[tuple[int, int]] = field(default_factory=list)

    @property
    def paras(self) -> int:
        return (len(self.module) + 15) >> 4


def parse_program(data: bytes, name: str) -> Image:
    """An Image for a program file's bytes; NotExecutable says what is wrong."""
    if data[:2] in (b"MZ", b"ZM"):
        return _parse_exe(data, name)
    ext = name.rsplit(".", 1)[-1].upper() if "." in name else ""
    if ext not in ("COM", "EXE"):
        raise NotExecutable(f"{name}: not a DOS program (expected a .COM or .EXE file)")
    if not data:
        raise NotExecutable(f"{name}: empty file")
    if len(data) > MAX_COM:
        raise NotExecutable(f"{name}: {len(data)} bytes is too large for a COM program (at most {MAX_COM})")
    return Image("COM", data)


def _parse_exe(data: bytes, name: str) -> Image:
    if len(data) < MZ_HEADER.size:
        raise NotExecutable(f"{name}: truncated MZ header ({len(data)} bytes)")
    (_, last_page, pages, nrelocs, header_paras, min_alloc, max_alloc, ss, sp, _checksum,
     ip, cs, reloc_off, _overlay) = MZ_HEADER.unpack_from(data)
    header = header_paras * 16
    if header < MZ_HEADER.size or header > len(data):
        raise NotExecutable(f"{name}: truncated MZ header (header of {header} bytes, file of {len(data)})")
    if pages == 0:
        raise NotExecutable(f"{name}: bad MZ header (zero pages)")
    size = (pages - 1) * 512 + (last_page if 0 < last_page <= 512 else 512)
    if size < header:
        raise NotExecutable(f"{name}: bad MZ header (image smaller than its header)")
    if size > len(data) + 511:
        raise NotExecutable(f"{name}: truncated file ({len(data)} bytes, MZ header says {size})")
    if reloc_off + 4 * nrelocs > len(data):
        raise NotExecutable(f"{name}: relocation table outside the file")
    relocs = [struct.unpack_from("<HH", data, reloc_off + 4 * i) for i in range(nrelocs)]
    module = data[header:size]
    return Image("EXE", module, min_alloc, max_alloc, cs, ip, ss, sp,
                 [(seg, off) for off, seg in relocs])
