"""Processes: the PSP, the environment block, and loading a program into memory."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotExecutable
from ..ist import Registers
from ..ist.memory import GuestRam
from .fcb import PARSE_SKIP_SEPARATORS, parse_filename
from .loader import Image
from .mcb import Arena, DosMemoryError

PSP_PARAS = 0x10
JFT_SIZE = 20
MAX_TAIL = 126

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
    """Fill a PSP; returns the AX value a program gets at entry (FCB drive checks)."""
    base = psp << 4
    ram.fill(base, 0x100)
    ram.write(base + PSP_INT20, b"\xcd\x20")
    ram.ww(base + PSP_TOP, top)
    ram.write(base + PSP_CALL5, call5)
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
