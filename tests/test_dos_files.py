"""INT 21h handle calls, the system file table and devices, as DOS programs see them.

Each guest program prints one line per call: `ok XXXX` or `er XXXX` (carry flag
and AX), sometimes followed by DX or data. Where DOSBox implements a call the
same way, the same program runs in DOSBox too and the outputs must match.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import assemble, run_cli
from dosbox import run_in_dosbox
from mvm import Machine
from mvm.dos import process
from mvm.dos.constants import DosError
from mvm.errors import UsageError


def run_guest(folder: Path, name: str, *, drives: dict[str, str] | None = None, settings: dict | None = None,
              defines: dict[str, str] | None = None, timeout: float = 20, stdin: bytes = b""):
    """Assemble tests/guest/NAME.asm as PROG.COM in `folder` (drive C:) and run it."""
    assemble(name, folder, "PROG.COM", defines)
    machine = Machine({"C": str(folder), **(drives or {})}, settings=settings)
    try:
        return machine.run("PROG.COM", stdin=stdin, timeout=timeout)
    finally:
        machine.close()


def lines_of(result) -> list[str]:
    assert result.status == "exited", result.report
    return result.stdout.decode("cp437").splitlines()


def same_as_dosbox(tmp_path: Path, name: str, mvm_lines: list[str], prepare=None) -> None:
    """Run the same program in DOSBox on a fresh folder and compare its output."""
    folder = tmp_path / "dosbox"
    folder.mkdir()
    if prepare:
        prepare(folder)
    shutil.copy(tmp_path / "c" / "PROG.COM", folder / "PROG.COM")
    out = run_in_dosbox(folder, "PROG")
    assert out.splitlines() == mvm_lines


@pytest.fixture
def c(tmp_path) -> Path:
    folder = tmp_path / "c"
    folder.mkdir()
    return folder


# -- open, read, write, seek, close, delete ---------------------------------------------------
BASIC = [
    "ok 0005",  # 3Ch: the first free handle
    "ok 000E",  # 40h: 14 bytes written
    "ok 3E0E",  # 3Eh
    "er 0006",  # closed twice: bad handle
    "ok 0005",  # 3Dh with a lower-case name
    "ok 000E",  # 3Fh: all 14 bytes
    "Hello, file!",
    "",
    "ok 0000",  # at the end: nothing
    "ok 000E 0000",  # 42h from the end: the size
    "ok 0007 0000",  # from the start
    "ok 0004",
    "file",
    "ok 0005 0000",  # back 6 from the current position
    "ok 000B 0000",  # 3 before the end
    "ok 03E8 0000",  # past the end is allowed
    "ok 0000",  # and reads nothing
    "ok 3E00",
    "ok 4100",  # 41h
    "er 0002",  # gone
    "er 0002",
]


def test_create_write_read_seek_delete(c):
    assert lines_of(run_guest(c, "files_basic")) == BASIC
    assert not (c / "TEST.TXT").exists()


def test_create_write_read_seek_delete_as_dosbox(tmp_path, c):
    same_as_dosbox(tmp_path, "files_basic", lines_of(run_guest(c, "files_basic")))


def test_error_codes(c):
    out = lines_of(run_guest(c, "files_errors"))
    assert out == [
        "er 0003", "er 0002", "er 000C", "er 0003",  # missing folder, file, bad access, create in missing folder
        "er 0005", "er 0005",  # open a folder, create over it
        "ok 0005", "er 0050",  # create; 5Bh over it
        "er 0005", "er 0005",  # write on a read-only handle; read on a write-only one
        "ok 4301", "ok 0001",  # 43h: read-only, and read back
        "er 0005", "er 0005", "er 0005", "ok 0005",  # open to write, delete, create: denied; reading is fine
        "ok 4301", "er 0002", "ok 0010",  # writable again; attributes of a missing file; of a folder
        "er 0002", "er 0005", "ok 5605", "ok 0005", "er 0003",  # 56h: missing, onto a file, moved, there, bad folder
        "er 0006", "er 0006", "er 0006", "er 0006", "er 0006", "er 0006",  # bad handles
        "er 0002", "er 0003", "er 0006",  # bad last name, no such drive, IOCTL on a bad handle
        "er 0001",  # 42h with origin 3
        "er 0002", "er 0002", "er 0002", "er 0003", "er 000C",  # empty, wildcard, root, bad folder name, bit 3
    ]
    assert (c / "SUB" / "MOVED.TXT").read_bytes() == b"DATA."
    assert not (c / "DATA.TXT").exists()


# -- handles -------------------------------------------------------------------------------------
HANDLES = [
    "ok 0005", "ok 0006",  # create, dup
    "ok 0003", "ok 0003 0000",  # a read through one moves the other
    "ok 0004", "3456",  # the copy reads on after the first is closed
    "ok 0001",  # 46h puts standard output back
    "ok 000C 0000",  # what was written while it was redirected went into the file
    "er 0004", "000F",  # 15 more handles fit in a table of 20
]


def test_duplicated_handles_share_the_position(c):
    assert lines_of(run_guest(c, "files_handles")) == HANDLES
    assert (c / "SHARE.TXT").read_bytes() == b"0123456<out>"


def test_duplicated_handles_as_dosbox(tmp_path, c):
    same_as_dosbox(tmp_path, "files_handles", lines_of(run_guest(c, "files_handles")))


def test_handle_table_limit_follows_dos_files(c):
    assert lines_of(run_guest(c, "files_limit")) == ["er 0004", "000F"]  # the JFT (20) is the limit
    assert lines_of(run_guest(c, "files_limit", settings={"DOS_FILES": "10"})) == ["er 0004", "0005"]


@pytest.mark.parametrize("value", ["abc", "3", "300", ""])
def test_bad_dos_files_setting(tmp_path, value):
    with pytest.raises(UsageError, match="DOS_FILES"):
        Machine({"C": str(tmp_path)}, settings={"DOS_FILES": value})


def test_bad_dos_files_setting_from_the_command_line(tmp_path):
    assemble("hello", tmp_path, "HELLO.COM")
    done = run_cli("run", "--set", "DOS_FILES=x", "HELLO.COM", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().strip().splitlines() == ["mvm: bad setting DOS_FILES=x: not a whole number"]


def test_larger_handle_table(c):
    out = lines_of(run_guest(c, "files_jft"))
    assert out[0].startswith("ok ")  # 20 or fewer: nothing to do
    assert out[1] == "er 0008"  # a COM program holds all memory
    if out[2] == "er 0001":
        pytest.skip("INT 21h/4Ah is not served yet, so 67h cannot get memory")
    assert out[2].startswith("ok ") and out[3].startswith("ok ")  # 4Ah gave memory back; 67h
    assert out[4:6] == ["er 0004", "0019"]  # 25 files fit next to the 5 standard handles
    assert out[6].startswith("ok ")  # handle 29 was open
    assert out[7] == "er 0004"  # handles 20-28 are open: the table cannot shrink to 20


def test_handles_pass_to_a_child_and_share_its_entry(tmp_path):
    """inherit_handles copies the JFT and counts references; bit 80h keeps a handle back."""
    machine = Machine({"C": str(tmp_path)})
    try:
        dos = machine.dos
        parent, child = 0x2000, 0x3000
        for psp in (parent, child):
            process.write_psp(machine.ram, psp, top=psp + 0x100, parent=0x80, env=0, tail=b"",
                              vectors=(0, 0, 0), version=(5, 0), call5=b"\0" * 5, valid_drive=lambda n: True)
        dos.current_psp = parent
        shared = dos.open_handle(parent, dos.create_file("SHARED.TXT"))
        private = dos.open_handle(parent, dos.open_file("SHARED.TXT", 0x80 | 0x02))
        entry = dos.file_for_handle(shared, parent)
        dos.inherit_handles(parent, child)
        assert dos.file_for_handle(shared, child) is entry
        assert entry.refs == 2
        with pytest.raises(DosError) as info:
            dos.file_for_handle(private, child)
        assert info.value.code == 6
        dos.close_process_handles(child)
        assert entry.refs == 1 and entry.fd >= 0
        dos.close_handle(shared, parent)
        assert entry.fd < 0  # the last reference closed the host file
    finally:
        machine.close()


# -- sizes ------------------------------------------------------------------------------------------
TRUNC = [
    "ok 0005", "ok 000A",
    "ok 0000", "ok 0004 0000",  # a zero-length write at 4 cuts the file to 4
    "ok 0002", "ok 000A 0000",  # a write at 8 leaves a gap
    "ok 000A", "0030003100320033000000000000000000300031",  # which reads as zeros
    "ok 1170 0001", "ok 0000", "ok 1170 0001",  # a zero-length write at 70000 extends it
    "ok 116B 0001", "ok 3E6B",  # 5 back from the end
]


def test_zero_length_write_truncates_and_extends(c):
    assert lines_of(run_guest(c, "files_trunc")) == TRUNC
    data = (c / "SIZES.DAT").read_bytes()
    assert len(data) == 70000 and data[:10] == b"0123\0\0\0\x0001"


def test_sizes_as_dosbox(tmp_path, c):
    same_as_dosbox(tmp_path, "files_trunc", lines_of(run_guest(c, "files_trunc")))


# -- devices ----------------------------------------------------------------------------------------
def test_devices_by_name(c):
    (c / "SUB").mkdir()
    out = lines_of(run_guest(c, "files_devices"))
    assert out == [
        "ok 0005", "ok 0005",  # NUL opened and written
        "ok 0005", "ok 0000", "ok 8084 8084",  # NUL.TXT in SUB: reads nothing, is NUL
        "er 0003",  # NUL in a folder that does not exist
        "ok 0005", "on the screen", "ok 000F", "ok 80D3 80D3",  # CON.LOG is the console
        "ok 0005", "ok 8084 8084",  # creating \DEV\NUL opens NUL
        "ok 80D3 80D3", "ok 80D3 80D3",  # handles 0 and 1
        "ok 44FF",  # output ready
        "ok 0042 0042", "ok 0002 0002",  # a file on C: (2), clean until written
        "er 0001",  # 4401h on a file
        "ok 44FF", "ok 4400",  # input status before and at the end
        "ok 0001", "er 000F", "er 0001",  # fixed disk; no drive Q:; no such IOCTL call
    ]
    assert sorted(p.name for p in c.iterdir()) == ["INFO.DAT", "PROG.COM", "SUB"]  # no file named like a device


@pytest.mark.parametrize("target", ["file", "stdout", "off"])
def test_printer_output_goes_where_the_setting_says(tmp_path, c, target):
    printer = tmp_path / "printed.txt"
    setting = {"file": str(printer), "stdout": "-", "off": ""}[target]
    result = run_guest(c, "files_print", settings={"PRINTER_FILE": setting})
    out = result.stdout.decode()
    assert result.status == "exited", result.report
    if target == "file":
        assert printer.read_bytes() == b"to PRN\r\nto LPT1\r\nby 05h\r\n"
        assert "to PRN" not in out
    elif target == "stdout":
        assert "to PRN\nto LPT1\n" in out
        assert not printer.exists()
    else:
        assert not printer.exists() and "to PRN" not in out
    assert out.splitlines()[-1] == "done"


def test_printer_output_is_dropped_by_default(tmp_path, c, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_guest(c, "files_print")
    assert lines_of(result) == ["done"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]
    assert sorted(p.name for p in c.iterdir()) == ["PROG.COM"]


# -- 5Ah, 6Ch, 57h, 43h -----------------------------------------------------------------------------
def test_temp_files_extended_open_dates_and_attributes(c):
    (c / "SUB").mkdir()
    out = lines_of(run_guest(c, "files_misc"))
    assert re.fullmatch(r"SUB\\[0-9A-F]{8}", out[1])
    del out[1]
    assert out == [
        "ok 0005", "ok 4105",  # 5Ah made the file (and 41h deleted it)
        "ok 0005", "ok 0002",  # 6Ch created: CX=2
        "ok 0006", "ok 0001",  # opened: CX=1
        "er 0050",  # fail if it exists
        "ok 0006", "ok 0003",  # replaced: CX=3
        "er 0002", "er 0001",  # missing; bad action
        "ok 5701", "ok 5700", "BF40 279F", "BF40 279F",  # the date stays after close
        "er 0001",
        "ok 4301", "ok 0006",  # hidden and system are kept for the session
        "er 0005", "er 0001",
    ]
    stamp = time.localtime((c / "EXT.DAT").stat().st_mtime)
    assert (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min) == (1999, 12, 31, 23, 58)
    assert list((c / "SUB").iterdir()) == []


def test_sharing_modes_and_record_locks(c):
    assert lines_of(run_guest(c, "files_share")) == [
        "ok 0005", "er 0020",  # deny all: a second open is a sharing violation
        "ok 0005", "ok 0006", "er 0020",  # deny write: readers yes, writers no
        "er 000C",  # sharing mode 5
        "ok 5C00", "er 0021",  # a lock, and an overlapping one
        "er 0021", "ok 0004",  # the other handle cannot read the range; the owner can
        "er 0021", "ok 5C01", "ok 0004",  # unlocking must name the range; then it reads
    ]


# -- what reaches the host disk ----------------------------------------------------------------------
@pytest.mark.parametrize("crash", ["1", "0"])
def test_a_write_is_on_disk_when_the_session_ends_badly(c, crash):
    result = run_guest(c, "files_crash", defines={"CRASH": crash}, timeout=1.5)
    assert result.status == ("fault" if crash == "1" else "timeout")
    assert (c / "UNCLOSED.TXT").read_bytes() == b"written before the end\r\n"
    stamp = time.localtime((c / "UNCLOSED.TXT").stat().st_mtime)
    assert (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min) == (2001, 2, 3, 12, 34)


def test_big_transfers_reach_the_file_intact(c):
    result = run_guest(c, "files_bulk")
    assert lines_of(result) == ["ok 0000"]
    data = (c / "BULK.DAT").read_bytes()
    assert len(data) == 32 * 32768
    assert data == bytes(range(256)) * (len(data) // 256)


# -- names and confinement --------------------------------------------------------------------------------
def host_names(folder: Path) -> None:
    (folder / "Long File Name.txt").write_text("long one")
    (folder / "mixed.Txt").write_text("mixed")


def test_long_host_names_are_reached_by_their_alias(c):
    host_names(c)
    out = lines_of(run_guest(c, "files_alias"))
    assert out == ["ok 0005", "long one", "ok 0005", "mixed", "ok 0005"]
    assert (c / "mixed.Txt").read_text() == "MIXED"  # the host name stays, the content changed
    assert sorted(p.name for p in c.iterdir()) == ["Long File Name.txt", "PROG.COM", "mixed.Txt"]


def test_aliases_as_dosbox(tmp_path, c):
    host_names(c)
    same_as_dosbox(tmp_path, "files_alias", lines_of(run_guest(c, "files_alias")), prepare=host_names)
    assert (tmp_path / "dosbox" / "mixed.Txt").read_text() == "MIXED"


def test_no_way_out_of_the_drive(tmp_path, c):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "SECRET.TXT").write_text("secret")
    (c / "real").mkdir()
    (c / "real" / "inside.txt").write_text("in")
    os.symlink(outside, c / "outlink")
    os.symlink(outside / "SECRET.TXT", c / "secret.lnk")
    os.symlink(c / "real", c / "inlink")
    os.mkfifo(c / "pipe")
    out = lines_of(run_guest(c, "files_escape", timeout=10))
    assert out == [
        "er 0003", "er 0003", "er 0003",  # .. past the root
        "er 0003", "er 0005",  # through a link to a folder outside; a link to a file outside
        "er 0003",  # a host path
        "ok 0005",  # a link that stays inside
        "er 0005",  # a FIFO is not a file
        "er 0003", "er 0005", "er 0003",  # creating through them
    ]
    assert [p.name for p in outside.iterdir()] == ["SECRET.TXT"]
    assert (outside / "SECRET.TXT").read_text() == "secret"
    assert not (tmp_path / "NEW.TXT").exists()


def test_read_only_drive(tmp_path, c):
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "KEEP.TXT").write_text("keep")
    out = lines_of(run_guest(c, "files_rodrive", drives={"D": f"{ro}:ro"}))
    assert out == ["ok 0005", "ok 0004"] + ["er 0005"] * 10
    assert [p.name for p in ro.iterdir()] == ["KEEP.TXT"]
    assert (ro / "KEEP.TXT").read_text() == "keep"
