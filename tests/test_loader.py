"""Loading programs: COM and MZ EXE images, the PSP, the environment, bad files."""

from __future__ import annotations

import struct

import pytest

from conftest import assemble
from mvm import Machine, NotExecutable, ProgramNotFound


def run(tmp_path, name, args=(), **kw):
    machine = Machine({"C": str(tmp_path)}, **kw)
    try:
        return machine.run(name, list(args), timeout=20)
    finally:
        machine.close()


def test_exe_with_relocations_stack_and_segments(tmp_path, engine):
    assemble("exe_reloc", tmp_path, "RELOC.EXE")
    result = run(tmp_path, "RELOC.EXE", engine=engine)
    assert result.stdout == b"EXE running\nlayout ok\n"
    assert result.exit_code == 7


def test_command_tail_and_fcbs(tmp_path, engine):
    assemble("args", tmp_path)
    result = run(tmp_path, "ARGS.COM", ["/x", "file.txt", "other.c"], engine=engine)
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "0000"  # both FCB drives valid
    assert lines[1] == "[ /x file.txt other.c]"
    assert lines[2] == "0000 " + " " * 11  # a switch is not a file name
    assert lines[3] == "0000 FILE    TXT"


def test_fcb_drive_letters_and_wildcards(tmp_path):
    assemble("args", tmp_path)
    result = run(tmp_path, "ARGS.COM", ["q:*.c", "c:ab?.x"])
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "00FF"  # Q: does not exist: AL=FFh, C: does: AH=00h
    assert lines[2] == "0011 ????????C  "
    assert lines[3] == "0003 AB?     X  "


def test_environment_and_psp_fields(tmp_path):
    assemble("exitcode", tmp_path, "PROBE.COM", {"METHOD": "1", "CODE": "0"})
    machine = Machine({"C": str(tmp_path)})
    machine.run("PROBE.COM", ["abc"], timeout=20)
    psp = machine.dos.current_psp  # the system PSP again: the program ended
    assert psp == 0x80
    # Walk the MCB chain: after the exit everything is free again, and the chain is intact.
    blocks = machine.dos.arena.blocks()
    assert all(b.owner == 0 for b in blocks)


def test_psp_and_environment_while_running(tmp_path):
    assemble("exitcode", tmp_path, "PROBE.COM", {"METHOD": "1", "CODE": "0"})
    machine = Machine({"C": str(tmp_path)})
    machine.dos.start_program("PROBE.COM", ["hello", "x.y"])
    ram, psp = machine.ram, machine.dos.current_psp
    base = psp << 4
    assert ram.read(base, 2) == b"\xcd\x20"
    assert ram.rw(base + 2) > psp  # top of memory
    assert ram.rw(base + 0x16) == 0x80  # parent: the session's own PSP
    assert ram.read(base + 0x18, 5) == bytes((0, 1, 2, 3, 4))
    assert ram.read(base + 0x80, 11) == b"\x0a hello x.y" and ram.rb(base + 0x8B) == 0x0D
    env = ram.rw(base + 0x2C) << 4
    block = ram.read(env, 256)
    strings, _, rest = block.partition(b"\0\0")
    assert b"COMSPEC=C:\\COMMAND.COM" in strings.split(b"\0")
    assert b"PATH=C:\\" in strings.split(b"\0")
    assert rest[:2] == b"\x01\x00" and rest[2:].split(b"\0")[0] == b"C:\\PROBE.COM"
    regs = machine.engine.regs()
    assert (regs.cs, regs.ip, regs.ss, regs.sp) == (psp, 0x100, psp, 0xFFFE)
    assert ram.rw((psp << 4) + 0xFFFE) == 0  # RET leads to PSP:0000
    owners = {b.data: b.owner for b in machine.dos.arena.blocks()}
    assert owners[psp] == psp and owners[ram.rw(base + 0x2C)] == psp
    assert ram.read(((psp - 1) << 4) + 8, 5) == b"PROBE"


def test_program_found_case_insensitively_on_a_drive(tmp_path, engine):
    assemble("exitcode", tmp_path, "lower.com", {"METHOD": "1", "CODE": "9"})
    other = tmp_path / "elsewhere"
    other.mkdir()
    result = Machine({"C": str(tmp_path)}, engine=engine).run("LOWER.COM", timeout=20)
    assert result.exit_code == 9
    result = Machine({"C": str(tmp_path)}, engine=engine).run("C:\\LOWER", timeout=20)
    assert result.exit_code == 9


def test_missing_program(tmp_path):
    with pytest.raises(ProgramNotFound, match="no such program"):
        Machine({"C": str(tmp_path)}).run("NOPE.COM")


def mz(**fields) -> bytes:
    """A minimal MZ header (28 bytes) with fields overridden."""
    values = dict(last=0x40, pages=1, nrel=0, hdr=2, minalloc=0, maxalloc=0xFFFF, ss=0, sp=0x100,
                  csum=0, ip=0, cs=0, reloff=0x1C, ovl=0)
    values.update(fields)
    return b"MZ" + struct.pack("<13H", *values.values())


@pytest.mark.parametrize("name,data,message", [
    ("SHORT.EXE", b"MZ\x00\x01", "truncated MZ header"),
    ("HDR.EXE", mz(hdr=40) + b"\0" * 36, "truncated MZ header"),
    ("RELOC.EXE", mz(nrel=200) + b"\0" * 36, "relocation table outside the file"),
    ("TRUNC.EXE", mz(pages=9) + b"\0" * 36, "truncated file"),
    ("BIG.EXE", mz(pages=1300, last=0) + b"\0" * (1300 * 512 - 28), "larger than conventional memory"),
    ("MIN.EXE", mz(minalloc=0xF000) + b"\x90" * 36, "not enough memory"),
    ("TEXT.TXT", b"hello", "not a DOS program"),
    ("EMPTY.COM", b"", "empty file"),
    ("HUGE.COM", b"\x90" * 0xFF01, "too large for a COM program"),
])
def test_bad_programs_are_refused_with_a_reason(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(NotExecutable, match=message):
        Machine({"C": str(tmp_path)}).run(name)
