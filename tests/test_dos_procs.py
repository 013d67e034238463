"""Processes: EXEC (COM and EXE children, modes 01h and 03h, nesting), return codes,
TSRs, Ctrl-C (INT 23h) and critical errors (INT 24h), as programs see them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assemble
from dosbox import run_in_dosbox
from mvm import Machine

CHILDREN = (("proc_child", "PCHILD.COM"), ("proc_childx", "PCHILDX.EXE"))


def build(folder: Path, *programs: tuple[str, str]) -> None:
    for source, name in programs:
        assemble(source, folder, name)


def run(folder: Path, name: str, args=(), *, engine: str = "unicorn", stdin: bytes = b"", setup=None):
    machine = Machine({"C": str(folder)}, engine=engine)
    try:
        if setup is not None:
            setup(machine)
        return machine.run(name, list(args), stdin=stdin, timeout=20)
    finally:
        machine.close()


def lines(result) -> list[str]:
    return result.stdout.decode("cp437").splitlines()


def test_exec_com_and_exe_children(tmp_path, engine):
    build(tmp_path, ("proc_parent", "PPARENT.COM"), *CHILDREN)
    result = run(tmp_path, "PPARENT.COM", engine=engine)
    assert (result.status, result.exit_code) == ("exited", 0), result.report
    assert lines(result) == [
        "ax:FF00",  # FCB 1 on C: (valid), FCB 2 on Q: (no such drive)
        "tail:[ FILE.TXT Q:ZZ.C]",
        "fcb1:0003 FILE    TXT",
        "fcb2:0011 ZZ      C  ",
        "parent:ok",
        "env:ALPHA=1",  # the environment the parent passed, copied
        "env:BETA=two",
        "path:C:\\PCHILD.COM",  # and the child's full path after it
        "back:ok ax:4B00",  # registers, stack, DS and ES as they were at the call
        "code:002A",
        "again:0000",  # 4Dh reads the code once
        "exe tail:[ FILE.TXT Q:ZZ.C]",
        "exe env:ALPHA=1",
        "exe layout:ok",
        "back:ok ax:4B00",
        "code:0007",
        "again:0000",
        "missing:0002",
        "memory:ok",  # the children's memory is free again
    ]


def test_exec_matches_dosbox(tmp_path):
    build(tmp_path, ("proc_parent", "PPARENT.COM"), *CHILDREN)
    ours = run(tmp_path, "PPARENT.COM").stdout.decode("cp437")
    theirs = run_in_dosbox(tmp_path, "PPARENT.COM")

    # DOSBox starts every child with AX = 0 where DOS reports the FCB drives, and
    # does not clear the return code once 4Dh has read it.
    def comparable(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith(("ax:", "again:"))]

    assert comparable(ours) == comparable(theirs)


def test_nested_exec_three_levels(tmp_path, engine):
    build(tmp_path, ("proc_nest", "PNEST.COM"))
    result = run(tmp_path, "PNEST.COM", ["3"], engine=engine)
    assert result.exit_code == 3, result.report
    assert lines(result) == [
        "in 3", "in 2", "in 1", "in 0",
        "out 1 child 0000", "out 2 child 0001", "out 3 child 0002",
    ]


def test_nested_exec_matches_dosbox(tmp_path):
    build(tmp_path, ("proc_nest", "PNEST.COM"))
    ours = run(tmp_path, "PNEST.COM", ["3"]).stdout.decode("cp437")
    assert run_in_dosbox(tmp_path, "PNEST.COM 3") == ours


def test_tsr_stays_resident_and_its_vector_works(tmp_path, engine):
    build(tmp_path, ("proc_tsrp", "PTSRP.COM"), ("proc_tsr", "PTSR.COM"))
    result = run(tmp_path, "PTSRP.COM", engine=engine)
    assert result.exit_code == 0, result.report
    assert lines(result) == [
        "code:0305",  # AH 3: stayed resident (31h), AL its code
        "int66:BEEF 0001",  # its handler answers after it ended
        "int66:BEEF 0002",
        "resident:ok",  # and its memory is still taken
        "code:0300",  # INT 27h
        "int66:BEEF 0001",
        "resident:ok",
    ]


def test_tsr_matches_dosbox(tmp_path):
    build(tmp_path, ("proc_tsrp", "PTSRP.COM"), ("proc_tsr", "PTSR.COM"))
    ours = run(tmp_path, "PTSRP.COM").stdout.decode("cp437")
    assert run_in_dosbox(tmp_path, "PTSRP.COM") == ours


def test_tsr_memory_stays_in_the_chain(tmp_path):
    build(tmp_path, ("proc_tsrp", "PTSRP.COM"), ("proc_tsr", "PTSR.COM"))
    machine = Machine({"C": str(tmp_path)})
    try:
        machine.run("PTSRP.COM", timeout=20)
        owned = [b for b in machine.dos.arena.blocks() if b.owner]
        names = {bytes(machine.ram.read((b.seg << 4) + 8, 4)) for b in owned}
    finally:
        machine.close()
    assert len(owned) == 2 and names == {b"PTSR"}  # two resident copies, environments given back


def test_exec_modes_load_only_and_overlay(tmp_path, engine):
    build(tmp_path, ("proc_modes", "PMODES.COM"), *CHILDREN)
    result = run(tmp_path, "PMODES.COM", engine=engine)
    assert result.exit_code == 0, result.report
    relocated = (tmp_path / "PCHILDX.EXE").read_bytes()[0x20 + 3:0x20 + 5]
    assert lines(result) == [
        "current:child",  # 01h makes the child the current process
        "ax on stack:FF00",  # its AX on top of its stack: FCB 2's drive is bad
        "entry:ok",
        "memory:ok",
        "overlay com:ok",
        f"overlay exe:{int.from_bytes(relocated, 'little'):04X}",  # plus the relocation factor
    ]


def test_exec_modes_match_dosbox(tmp_path):
    build(tmp_path, ("proc_modes", "PMODES.COM"), *CHILDREN)
    ours = run(tmp_path, "PMODES.COM").stdout.decode("cp437")
    theirs = run_in_dosbox(tmp_path, "PMODES.COM")

    # DOSBox puts FFFFh on the child's stack whatever the FCB drives are.
    def comparable(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("ax on stack:")]

    assert comparable(ours) == comparable(theirs)


def test_exec_errors(tmp_path):
    build(tmp_path, ("proc_parent", "PPARENT.COM"))
    (tmp_path / "EMPTY.COM").write_bytes(b"")
    (tmp_path / "DIR.COM").mkdir()
    machine = Machine({"C": str(tmp_path)})
    try:
        machine.dos.start_program("PPARENT.COM", [])
        k = machine.dos
        regs = machine.engine.regs()

        def exec_error(path: str, mode: int = 0) -> int:
            from mvm.dos.constants import DosError

            try:
                k.exec_program(regs, path, b"", 0, b"", b"", mode)
            except DosError as err:
                return err.code
            return 0

        assert exec_error("NOSUCH.COM") == 2
        assert exec_error("C:\\NODIR\\X.COM") == 3
        assert exec_error("Q:\\X.COM") == 3  # EXEC opens the file: no drive is "path not found"
        assert exec_error("") == 2
        assert exec_error("*.COM") == 2
        assert exec_error("EMPTY.COM") == 11
        assert exec_error("DIR.COM") == 5
        assert exec_error("NUL") == 2
        assert exec_error("PPARENT.COM", 2) == 1
        assert exec_error("PPARENT.COM") == 8  # the running program holds all memory
        assert k.current_psp == regs.cs  # nothing changed for the caller
    finally:
        machine.close()


@pytest.mark.parametrize(("mode", "stdin", "expected", "code"), [
    ("n", b"ab\x03cdx", "ab^C\n", 0),  # DOS's handler ends the program
    ("i", b"ab\x03cdx", "ab^C\n[h]cd[calls:1]\n", 0x11),  # IRET: the read is made again
    ("c", b"ab\x03cdx", "ab^C\n[h]cd[calls:1]\n", 0x11),  # RETF, CF clear: the same
    ("r", b"ab\x03cdx", "ab^C\n[h]", 0),  # RETF, CF set: the program ends
    ("l", b"\x03abc\r", "^C\n[h]abc\nline:abc[calls:1]\n", 0x11),  # in a line read
])
def test_ctrl_c_in_console_input(tmp_path, engine, mode, stdin, expected, code):
    build(tmp_path, ("proc_break", "PBREAK.COM"))
    result = run(tmp_path, "PBREAK.COM", [mode], engine=engine, stdin=stdin)
    assert (result.status, result.exit_code) == ("exited", code), result.report
    assert result.stdout.decode("cp437").replace("\r", "") == expected


def test_ctrl_c_ends_a_child_with_type_1(tmp_path):
    build(tmp_path, ("proc_brkp", "PBRKP.COM"), ("proc_break", "PBREAK.COM"))
    result = run(tmp_path, "PBRKP.COM", stdin=b"ab\x03")
    assert result.exit_code == 0, result.report
    assert lines(result)[-1] == "code:0100"


def test_break_on_checks_every_call(tmp_path):
    assemble("proc_brkon", tmp_path, "BRK.COM")

    def typed_ahead(machine):
        machine.vdd("VKBD").push(0x2E03)  # ^C already in the keyboard buffer

    result = run(tmp_path, "BRK.COM", setup=typed_ahead)
    assert result.exit_code == 0 and result.stdout == b"^C\n"


def _critical_function(machine):
    """Function E0h: a call that meets 'drive C: not ready' and reports the INT 24h answer."""
    kernel = machine.dos

    def e0(r):
        answer = kernel.critical_error(r, 2, drive=2)
        r.ax = 0x0100 | answer
        r.cf = False

    kernel._table[0xE0] = e0


def test_critical_error_handler_answers(tmp_path, engine):
    build(tmp_path, ("proc_crit", "PCRIT.COM"))
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        _critical_function(machine)
        result = machine.run("PCRIT.COM", timeout=20)
        return_code = machine.dos.return_code
    finally:
        machine.close()
    assert result.status == "exited", result.report
    handler = "int24:3E02 0002 1234 frame:ok 0001"  # AH: fail/retry/ignore allowed, data area; AL: C:
    assert lines(result) == [
        "ax:0103",  # no handler of its own: DOS fails the call
        handler, "ax:0101",  # retry
        handler, "ax:0100",  # ignore
        handler, "ax:0103",  # fail
        handler,  # abort: the program ends, termination type 2
    ]
    assert return_code == 0x0200


def test_guest_cannot_crash_exec(tmp_path):
    """EXEC with pointers into nowhere and a parameter block of garbage: errors, not exceptions."""
    assemble("proc_badexec", tmp_path, "BAD.COM")
    result = run(tmp_path, "BAD.COM")
    assert result.status == "exited", result.report
    assert result.exit_code == 2  # the name is empty: not found


def test_psps_made_by_hand_and_the_cpm_entry(tmp_path, engine):
    build(tmp_path, ("proc_psp", "PPSP.COM"))
    result = run(tmp_path, "PPSP.COM", engine=engine)
    assert result.exit_code == 0, result.report
    assert lines(result) == [
        "55:ok",  # a child PSP, current, with the parent's handles
        "26:ok",  # a copy of the caller's PSP
        "* call 5:ok FEF0",  # CALL 5 with CL = 02h and 09h; PSP:0006 = bytes in the segment
    ]


def test_exec_through_a_hooked_int21(tmp_path, engine):
    build(tmp_path, ("proc_hook", "PHOOK.COM"), *CHILDREN)
    result = run(tmp_path, "PHOOK.COM", engine=engine)
    assert result.exit_code == 0, result.report
    out = lines(result)
    assert out[1] == "tail:[]" and out[-2:] == ["code:002A", "hooked:ok"]


def test_exec_through_a_hooked_int21_matches_dosbox(tmp_path):
    build(tmp_path, ("proc_hook", "PHOOK.COM"), *CHILDREN)
    ours = run(tmp_path, "PHOOK.COM").stdout.decode("cp437")
    theirs = run_in_dosbox(tmp_path, "PHOOK.COM")

    # The environment is each one's own root environment.
    def comparable(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("env:")]

    assert comparable(ours) == comparable(theirs)


def test_ctrl_c_handler_through_a_hooked_int21(tmp_path):
    assemble("proc_hook", tmp_path, "PHOOKB.COM", {"BREAK_CHILD": "1"})
    build(tmp_path, ("proc_break", "PBREAK.COM"))
    result = run(tmp_path, "PHOOKB.COM", stdin=b"ab\x03cdx")
    assert result.exit_code == 0, result.report
    assert lines(result) == ["ab^C", "[h]cd[calls:1]", "code:0011", "hooked:ok"]
