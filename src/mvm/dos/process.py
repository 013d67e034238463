"""Processes: the PSP, the environment block, and loading a program into memory."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotExecutable
from ..ist import Registers
from ..ist.memory import GuestRam
from .constants import ERR_BAD_ENVIRONMENT, ERR_BAD_FORMAT, DosError
from .fcb import PARSE_SKIP_SEPARATORS, parse_filename
from .loader import Image, parse_program
from .mcb import Arena, DosMemoryError

PSP_PARAS = 0x10
JFT_SIZE = 20
MAX_TAIL = 126
ENV_LIMIT = 0x7FFF  # DOS looks this far for the end of an environment
EXE_HEADER = 0x1A  # bytes of the MZ header DOS reads before it decides a file is an EXE
CPM_ENTRY = 0x00C0  # linear address the PSP's CALL 5 reaches (INT 30h's vector slot)

# PSP field offsets
PSP_INT20 = 0x00
PSP_TOP = 0x02
PSP_CALL5 = 0x05
PSP_INT22 = 0x0A
PSP_INT23 = 0x0E
PSP_INT24 = 0x12
PSP_PARENT = 0x16
PSP_JFT = 0x18
PSP_ENV = 0x2C
PSP_SSSP = 0x2E
PSP_JFT_SIZE = 0x32
PSP_JFT_PTR = 0x34
PSP_PREV = 0x38
PSP_DOS_VERSION = 0x40
PSP_INT21_RETF = 0x50
PSP_FCB1 = 0x5C
PSP_FCB2 = 0x6C
PSP_TAIL = 0x80


@dataclass
class Loaded:
    psp: int
    env: int
    cs: int
    ip: int
    ss: int
    sp: int
    fcb_status: int  # AX at entry: FFh in AL/AH when the FCB's drive is invalid


def build_environment(variables: list[tuple[str, str]], program_path: str) -> bytes:
    """The environment block: NAME=value strings, an empty one, then the program's path."""
    body = b"".join(f"{k}={v}".encode("cp437", "replace") + b"\0" for k, v in variables)
    return body + b"\0" + b"\x01\x00" + program_path.encode("cp437", "replace") + b"\0"


def command_tail(args: list[str]) -> bytes:
    text = "".join(" " + a for a in args).encode("cp437", "replace")
    if len(text) > MAX_TAIL:
        raise NotExecutable(f"command line too long ({len(text)} characters, DOS allows {MAX_TAIL})")
    return text


def write_psp(ram: GuestRam, psp: int, *, top: int, parent: int, env: int, tail: bytes,
              vectors: tuple[int, int, int], version: tuple[int, int], call5: bytes,
              valid_drive) -> int:
    """Fill a PSP; returns the AX value a program gets at entry (FCB drive checks).

    `call5` all zero asks for the CP/M entry DOS puts there (see call5_bytes).
    """
    base = psp << 4
    ram.fill(base, 0x100)
    ram.write(base + PSP_INT20, b"\xcd\x20")
    ram.ww(base + PSP_TOP, top)
    ram.write(base + PSP_CALL5, call5 if any(call5) else call5_bytes(psp, top))
    for off, vec in zip((PSP_INT22, PSP_INT23, PSP_INT24), vectors, strict=True):
        ram.wd(base + off, vec)
    ram.ww(base + PSP_PARENT, parent)
    ram.write(base + PSP_JFT, bytes((0, 1, 2, 3, 4)) + b"\xff" * (JFT_SIZE - 5))
    ram.ww(base + PSP_ENV, env)
    ram.ww(base + PSP_JFT_SIZE, JFT_SIZE)
    ram.ww(base + PSP_JFT_PTR, PSP_JFT)
    ram.ww(base + PSP_JFT_PTR + 2, psp)
    ram.wd(base + PSP_PREV, 0xFFFFFFFF)
    ram.wb(base + PSP_DOS_VERSION, version[0])
    ram.wb(base + PSP_DOS_VERSION + 1, version[1])
    ram.write(base + PSP_INT21_RETF, b"\xcd\x21\xcb")
    ram.write(base + PSP_TAIL, bytes((len(tail),)) + tail + b"\r")
    return _parse_fcbs(ram, base, tail, valid_drive)


def _parse_fcbs(ram: GuestRam, base: int, tail: bytes, valid_drive) -> int:
    blank = b"\0" + b" " * 11
    ax = 0
    pos = 0
    for i, off in enumerate((PSP_FCB1, PSP_FCB2)):
        used, fields, status = parse_filename(tail[pos:], blank, PARSE_SKIP_SEPARATORS, valid_drive)
        pos += used
        # Skip to the next argument: the second FCB takes the second word.
        while pos < len(tail) and tail[pos] not in b" \t":
            pos += 1
        ram.write(base + off, fields)
        if status == 0xFF:
            ax |= 0xFF << (8 * i)
    return ax


def load_image(ram: GuestRam, arena: Arena, image: Image, env_bytes: bytes, name: str) -> tuple[int, int, int]:
    """Allocate the environment and program blocks; returns (psp, env, block paragraphs)."""
    env_paras = (len(env_bytes) + 15) >> 4
    try:
        env = arena.allocate(env_paras, 0xFFFF, b"")
    except DosMemoryError as exc:
        raise NotExecutable(f"{name}: not enough memory for the environment") from exc
    largest = arena.largest_free()
    if image.kind == "COM":
        need = PSP_PARAS + image.paras + 0x10
        want = 0xFFFF
    else:
        need = PSP_PARAS + image.paras + image.min_extra
        want = min(PSP_PARAS + image.paras + image.max_extra, 0xFFFF)
    if need > largest:
        arena.free(env)
        if PSP_PARAS + image.paras > 0xA000 - arena.first:
            raise NotExecutable(f"{name}: image of {len(image.module)} bytes is larger than conventional memory")
        raise NotExecutable(f"{name}: not enough memory ({need * 16} bytes needed, {largest * 16} free)")
    paras = min(max(need, want), largest)
    psp = arena.allocate(paras, 0xFFFF, _mcb_name(name))
    ram.write(env << 4, env_bytes)
    return psp, env, paras


def _mcb_name(name: str) -> bytes:
    stem = name.replace("/", "\\").rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    return stem.upper().encode("cp437", "replace")[:8]


def place_image(ram: GuestRam, image: Image, psp: int, paras: int) -> tuple[int, int, int, int]:
    """Copy the image after the PSP, apply relocations; returns (cs, ip, ss, sp)."""
    if image.kind == "COM":
        ram.write((psp << 4) + 0x100, image.module)
        sp = 0xFFFE if paras >= 0x1000 else (paras << 4) - 2
        ram.ww((psp << 4) + sp, 0)  # a RET at the end of a COM program reaches PSP:0000 (INT 20h)
        return psp, 0x100, psp, sp
    load = psp + PSP_PARAS
    base = load << 4
    ram.write(base, image.module)
    for seg, off in image.relocations:
        addr = base + ((seg << 4) + off)
        if addr + 2 <= ram.size:
            ram.ww(addr, ram.rw(addr) + load)
    return (load + image.cs) & 0xFFFF, image.ip, (load + image.ss) & 0xFFFF, image.sp


def set_entry_registers(r: Registers, loaded: Loaded) -> None:
    """The registers MS-DOS 5 leaves for a program at its first instruction."""
    r.eax = loaded.fcb_status
    r.ebx = 0
    r.ecx = 0x00FF
    r.edx = loaded.psp
    r.esi = loaded.ip
    r.edi = loaded.sp
    r.ebp = 0x091C
    r.ds = r.es = loaded.psp
    r.fs = r.gs = 0
    r.cs, r.eip = loaded.cs, loaded.ip
    r.ss, r.esp = loaded.ss, loaded.sp
    r.eflags = 0x0202


# -- EXEC (INT 21h/4Bh): the pieces a child program is built from --------------------------------
def environment_strings(ram: GuestRam, env_seg: int) -> bytes:
    """The NAME=value strings of the environment at `env_seg`, with the empty string that ends them.

    DOS looks at most 32 KiB far for the two zero bytes; without them the
    environment is bad (error 10).
    """
    data = ram.read(env_seg << 4, ENV_LIMIT + 1)
    end = data.find(b"\0\0")
    if end < 0 or end + 2 > ENV_LIMIT:
        raise DosError(ERR_BAD_ENVIRONMENT)
    return data[: end + 2]


def child_environment(strings: bytes, program_path: str) -> bytes:
    """A child's environment block: the strings, a count word of 1 and the program's full path."""
    return strings + b"\x01\x00" + program_path.encode("cp437", "replace") + b"\0"


def exec_image(data: bytes, name: str) -> Image:
    """What EXEC loads: an MZ file when the header is there, anything else as a COM image.

    Unlike a program started from the host, the extension does not matter (DOS
    decides by the first two bytes). An empty file or a broken MZ header is error 11.
    """
    if not data:
        raise DosError(ERR_BAD_FORMAT)
    if len(data) >= EXE_HEADER and data[:2] in (b"MZ", b"ZM"):
        try:
            image = parse_program(data, name)
        except NotExecutable:
            raise DosError(ERR_BAD_FORMAT) from None
        # DOS reads whole 512-byte pages: the part of the last page beyond its
        # stated length is loaded too.
        header = int.from_bytes(data[8:10], "little") * 16
        pages = int.from_bytes(data[4:6], "little") & 0x7FF
        image.module = data[header: max(pages * 512, header)]
        return image
    return Image("COM", data)


def exe_paras(image: Image) -> int:
    """Paragraphs an EXE image takes in memory as DOS counts them (whole pages)."""
    return (len(image.module) + 15) >> 4


def place_exe(ram: GuestRam, image: Image, load_seg: int, reloc: int) -> tuple[int, int, int, int]:
    """Copy an EXE image to `load_seg`, add `reloc` to its fix-ups; returns (cs, ip, ss, sp)."""
    base = load_seg << 4
    ram.write(base, image.module[: max(0, ram.size - base)])
    for seg, off in image.relocations:
        addr = base + ((seg << 4) + off)
        if addr + 2 <= ram.size:
            ram.ww(addr, ram.rw(addr) + reloc)
    return (reloc + image.cs) & 0xFFFF, image.ip, (reloc + image.ss) & 0xFFFF, image.sp


def call5_bytes(psp: int, top: int) -> bytes:
    """The PSP's CP/M entry at offset 5: a far call that wraps round to 0000:00C0.

    Its offset word doubles as the number of bytes the program's segment holds
    (FEF0h at most), which CP/M-style programs read.
    """
    paras = min((top - psp) & 0xFFFF, 0x0FFF) - 0x10
    paras = max(paras, 0)
    off = (paras << 4) & 0xFFFF
    seg = ((CPM_ENTRY >> 4) - paras) & 0xFFFF
    return b"\x9a" + off.to_bytes(2, "little") + seg.to_bytes(2, "little")


def copy_psp(ram: GuestRam, new: int, source: int, *, top: int, vectors: tuple[int, int, int]) -> None:
    """Make a PSP at `new` as DOS does for EXEC, 26h and 55h.

    The source PSP's 256 bytes are copied, then the fields every new process gets
    are set: INT 20h, the top of its memory, the CP/M call, the terminate, Ctrl-C
    and critical-error addresses of the moment, the INT 21h/RETF entry and a
    20-handle JFT in the PSP itself (its contents are the caller's business).
    """
    base = new << 4
    ram.write(base, ram.read(source << 4, 0x100))
    ram.write(base + PSP_INT20, b"\xcd\x20")
    ram.ww(base + PSP_TOP, top)
    ram.write(base + PSP_CALL5, call5_bytes(new, top))
    for off, vec in zip((PSP_INT22, PSP_INT23, PSP_INT24), vectors, strict=True):
        ram.wd(base + off, vec)
    ram.write(base + PSP_INT21_RETF, b"\xcd\x21\xcb")
    ram.ww(base + PSP_JFT_SIZE, JFT_SIZE)
    ram.ww(base + PSP_JFT_PTR, PSP_JFT)
    ram.ww(base + PSP_JFT_PTR + 2, new)
    ram.wd(base + PSP_PREV, 0xFFFFFFFF)


def set_exec_fcbs_and_tail(ram: GuestRam, psp: int, fcb1: bytes, fcb2: bytes, tail: bytes) -> None:
    """The parameter block's FCBs (drive, name and extension; the rest zero) and 128 tail bytes."""
    base = psp << 4
    for off, fcb in ((PSP_FCB1, fcb1), (PSP_FCB2, fcb2)):
        ram.write(base + off, fcb[:12].ljust(12, b"\0") + b"\0" * 4)
    ram.write(base + PSP_TAIL, tail[:0x80].ljust(0x80, b"\0"))


def tail_block(text: bytes) -> bytes:
    """A command tail as it sits at PSP:80h: length, text, CR."""
    text = text[:MAX_TAIL]
    return bytes((len(text),)) + text + b"\r"


def fcbs_from_tail(text: bytes, valid_drive) -> tuple[bytes, bytes, int]:
    """The two FCBs a shell parses from a command tail, and the AX they give the program."""
    blank = b"\0" + b" " * 11
    out = []
    ax = 0
    pos = 0
    for i in range(2):
        used, fields, status = parse_filename(text[pos:], blank, PARSE_SKIP_SEPARATORS, valid_drive)
        pos += used
        while pos < len(text) and text[pos] not in b" \t":
            pos += 1
        out.append(bytes(fields))
        if status == 0xFF:
            ax |= 0xFF << (8 * i)
    return out[0], out[1], ax
