"""Information calls: the list of lists (52h) and what hangs off it, InDOS (34h),
country information (38h, 65h, 66h, 63h), extended errors (59h), the clock (2Ah-2Dh)."""

from __future__ import annotations

import datetime as dt

from conftest import assemble
from dosbox import run_in_dosbox
from mvm import Machine


def run(folder, name, engine="unicorn", **kwargs):
    machine = Machine({"C": str(folder)}, engine=engine, **kwargs)
    try:
        return machine.run(name, timeout=20)
    finally:
        machine.close()


def lines(result) -> list[str]:
    return result.stdout.decode("cp437").splitlines()


def test_list_of_lists_walk(tmp_path, engine):
    assemble("info_lol", tmp_path, "ILOL.COM")
    result = run(tmp_path, "ILOL.COM", engine)
    assert result.exit_code == 0, result.report
    assert lines(result) == [
        "mcb:self",  # the chain from LoL-2 reaches our block, owned by us, named after us
        "mcb end:A000",  # and ends at 640 KiB
        "devices:NUL CON AUX PRN CLOCK$ COM1 LPT1 LPT2 LPT3 COM2 COM3 COM4 ",
        "sft:ILOL    TMP 0001 0003 0003",  # our open file: one handle, 3 bytes, position 3
        "sft:CON        ",  # handle 1
        "cds:001A 4000 C:\\",  # LASTDRIVE Z, C: is a valid physical drive at its root
        "indos:0000 0000",  # InDOS and the critical-error flag
    ]
    assert not (tmp_path / "ILOL.TMP").exists()


def test_list_of_lists_mcb_walk_matches_dosbox(tmp_path):
    assemble("info_lol", tmp_path, "ILOL.COM")
    ours = lines(run(tmp_path, "ILOL.COM"))
    theirs = run_in_dosbox(tmp_path, "ILOL.COM").splitlines()
    # DOSBox keeps neither a device chain nor SFT nor CDS where programs can read them.
    assert theirs[0] == ours[0] == "mcb:self"
    assert theirs[-1] == ours[-1]


def test_cds_follows_the_current_directory(tmp_path):
    (tmp_path / "SUB").mkdir()
    assemble("info_cds", tmp_path, "CDS.COM")
    result = run(tmp_path, "CDS.COM")
    assert result.stdout == b"C:\\SUB"


def test_country_information(tmp_path, engine):
    assemble("info_country", tmp_path, "ICTRY.COM")
    result = run(tmp_path, "ICTRY.COM", engine)
    assert result.exit_code == 0, result.report
    assert lines(result) == [
        "38:0001 0001",  # the United States
        # mdy, "$", ",", ".", "-", ":", symbol first, 2 digits, 12-hour; "," lists; 38h left the rest
        "000024000000002C002E002D003A000002002C00EEEE",
        "65/01:0029 0126000100B501000024000000002C002E002D003A00000200",  # 26h bytes, country 1, cp 437
        "65/02:0002 0080 009A",  # upper-case table: 81h (u umlaut) becomes 9Ah
        "cap:0051 0001 0000 0002",  # q -> Q; y yes, N no, ? neither
        "cp:01B5 01B5",  # code page 437
        "dbcs:0000",  # no lead bytes
    ]


def test_country_information_matches_dosbox(tmp_path):
    assemble("info_country", tmp_path, "ICTRY.COM")
    ours = lines(run(tmp_path, "ICTRY.COM"))
    theirs = run_in_dosbox(tmp_path, "ICTRY.COM").splitlines()
    # The tables behind 65h/02h and the yes/no call are not DOSBox 0.74's strong side.
    assert theirs[:3] == ours[:3]


def test_set_country(tmp_path):
    assemble("info_setctry", tmp_path, "CTRY.COM")
    result = run(tmp_path, "CTRY.COM")
    assert result.exit_code == 0, result.stdout
    data = result.stdout
    assert data[0] == 1  # day-month-year
    assert data[2:4] == b"DM" and data[7:8] == b"." and data[9:10] == b","


def test_extended_error_after_failed_calls(tmp_path, engine):
    assemble("info_err", tmp_path, "IERR.COM")
    result = run(tmp_path, "IERR.COM", engine)
    assert result.exit_code == 0, result.report
    assert lines(result) == [
        "call:0002 59h:0002 0803 0002",  # file not found: class not found, ask the user, disk
        "call:0008 59h:0008 0104 0005",  # out of memory: resource, abort, memory
        "call:0001 59h:0001 0704 0001",  # invalid function: application error, abort
    ]


def test_extended_error_matches_dosbox(tmp_path):
    assemble("info_err", tmp_path, "IERR.COM")
    ours = lines(run(tmp_path, "IERR.COM"))
    theirs = run_in_dosbox(tmp_path, "IERR.COM").splitlines()
    # DOSBox 0.74 gives the error code but its own class, action and locus.
    assert [line[:20] for line in theirs[:2]] == [line[:20] for line in ours[:2]]


def test_setting_the_clock(tmp_path, engine):
    assemble("info_clock", tmp_path, "ICLOCK.COM")
    result = run(tmp_path, "ICLOCK.COM", engine)
    assert result.exit_code == 0, result.report
    assert lines(result) == [
        "0000 00FF 00FF 0000 00FF ",  # 2000-02-29 ok; 2001-02-29 and 1979 refused; 13:45:20 ok, 24:00 refused
        "07D0 021D 0002",  # 29 February 2000, a Tuesday
        "0D2D seconds:ok",
    ]


def test_clock_is_the_host_clock_and_setting_it_stays_in_the_session(tmp_path):
    assemble("info_clock", tmp_path, "ICLOCK.COM")
    assemble("info_clock", tmp_path, "INOW.COM", {"READ_ONLY": "1"})
    run(tmp_path, "ICLOCK.COM")
    before = dt.datetime.now()
    out = lines(run(tmp_path, "INOW.COM"))
    after = dt.datetime.now()
    year, date, _ = (int(x, 16) for x in out[0].split())
    hour_minute = int(out[1].split()[0], 16)
    assert (year, date >> 8, date & 0xFF) in {(t.year, t.month, t.day) for t in (before, after)}
    assert (hour_minute >> 8, hour_minute & 0xFF) in {(t.hour, t.minute) for t in (before, after)}


def test_indos_and_switch_char(tmp_path):
    assemble("info_misc", tmp_path, "MISC.COM")
    assert run(tmp_path, "MISC.COM").stdout == b"0//"
