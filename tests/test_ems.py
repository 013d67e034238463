"""VEMM: LIM EMS 4.0 at INT 67h, as programs use and misuse it.

Each guest program prints one line per call: the status (AH) first, then what
the call returned. The default layout is 2048 KiB, the frame at D000h, a 384 KiB
low OS map region (4000h-9FFFh, physical pages 4-27) and a 32 KiB high one
(C000h and C400h, physical pages 28 and 29).
"""

from __future__ import annotations

import random
import threading

import pytest

import mvm.machine.machine as machine_module
from conftest import assemble
from dosbox import run_in_dosbox
from mvm import Machine
from mvm.errors import UsageError
from mvm.vdd.ems import EmsConfig, Vemm


def run(folder, name, args=(), engine="unicorn", **kwargs):
    machine = Machine({"C": str(folder)}, engine=engine, **kwargs)
    try:
        return machine.run(name, list(args), timeout=20)
    finally:
        machine.close()


def lines(result) -> list[str]:
    assert (result.status, result.exit_code) == ("exited", 0), result.report or result.stdout
    return result.stdout.decode().splitlines()


def test_detected_by_the_name_in_the_vector_segment_and_by_opening_the_device(tmp_path, engine):
    assemble("ems_detect", tmp_path, "EMSDET.COM")
    assert lines(run(tmp_path, "EMSDET.COM", engine=engine)) == [
        "name ok",  # F000:000A, INT 67h's segment
        " C080 FF",  # 3D00h opened EMMXXXX0; 4400h: a device; 4407h: ready
        "00",  # 40h
        "00 40",  # 46h: LIM 4.0
        "00 D000",  # 41h
        "00 0080 0080",  # 42h: 128 free of 128 pages
    ]


def test_a_limit_of_0_installs_no_driver(tmp_path):
    assemble("ems_detect", tmp_path, "EMSDET.COM")
    out = lines(run(tmp_path, "EMSDET.COM", settings={"EMS_MEMORY_LIMIT": 0}))
    assert out[:2] == ["no name", "open error 0002"]
    assert out[2] == "40"  # INT 67h is the BIOS's dummy IRET: AH unchanged


def test_every_function_and_its_errors(tmp_path, engine):
    assemble("ems_funcs", tmp_path, "EMSFUNCS.COM")
    assert lines(run(tmp_path, "EMSFUNCS.COM", engine=engine)) == [
        "00", "00 40", "00 D000", "00 0080 0080",
        "00 0001",  # 4Bh: handle 0, the conventional memory of the low OS map region
        "89",  # 43h of 0 pages
        "87",  # more pages than the limit
        "00 0001",  # 4 pages: handle 1
        "00 007C",
        "88",  # more pages than are free
        "00 0004",  # 4Ch
        "83",
        # 44h
        "00", "83", "8A", "8B", "00",
        "00 1234",  # page 0 again, after page 1 was written at the same address
        "00 0000",  # unmapped: the frame's own RAM
        "00 0002 0000 0018 0001 0004",  # 4Dh: handle 0 has the 24 pages of 4000h-9FFFh
        # 51h
        "00 0006", "00 0002", "87", "83",
        "80",  # handle 0's size is that of the low OS map region
        "00",
        # 52h
        "00 00", "91", "90", "00", "00 00", "8F", "83",
        # 53h, 54h
        "00", "00 TESTNAME", "00 0001", "A0",
        "A1",  # a search for the null name
        "00 0002",  # 5Ah with 0 pages
        "A1",  # a second handle named TESTNAME
        "00 03 0001 0002",  # the directory: 3 handles
        "00 00FF",  # 255 handles in all
        "8F", "83",
        # 47h, 48h, 45h
        "00", "8D",
        "86",  # 45h of a handle with a saved map
        "00", "8E", "83", "00", "83",
        # 4Eh
        "00 7C",  # 4 + 4 bytes for each of 30 physical pages
        "00", "00", " 0002",  # restored: physical page 1 shows page 2 again
        "00",  # get and set at once
        "A3",  # a damaged save area
        "8F",
        # 4Fh
        "00 0A", "8B", "00", "00", " 0002", "8B", "8F",
        # 50h
        "00", " 0001", "00", " 0000", "8B", "8A", "8F",
        # 58h: sorted by segment, the frame's pages are 0-3
        "00 001E", "00 001E 4000 0004 4400 C000 001C D000 0000",
        # 59h: raw page size 400h paragraphs, no alternate sets, save area 7Ch bytes
        "00 0400 0000 007C 0000 0000", "00 007C 0080", "8F",
        # 5Bh
        "00 00 0000 0000",  # set 0, no save area yet
        "00 007C", "00 00",
        "9A", "9C",
        "00", " 0002",  # set 0 with a save area: its map is now the one in force
        "00 area",  # 5B00h gives the save area back
        "A3", "8F",
        # 5Dh, 5Ch
        "00", "A4", "00",
        "A4", "A4",  # 59h and 5Bh while the OS functions are off
        "00", "00", "00",
        "A4",  # 5D02h with no key handed out
        "8F", "00",
        # not there
        "84", "84", "8F",
        "00 0002",  # 5A01h: a raw page
        "00", "00",
        "00 0001",  # back to handle 0 alone
    ]


def test_move_and_exchange(tmp_path, engine):
    assemble("ems_move", tmp_path, "EMSMOVE.COM")
    assert lines(run(tmp_path, "EMSMOVE.COM", engine=engine)) == [
        "00", " same",  # conventional -> expanded, seen through the frame
        "93",  # past the end of B
        "00",  # up to B's last byte, across B's two pages
        "00", " same",
        "00", " same", " same",  # an exchange: both sides changed
        "98",  # memory type 2
        "96",  # more than 1 MiB
        "95",  # offset 4000h
        "8A",  # logical page 4 of a 4-page handle
        "93",  # 16 bytes from 3FF8h of the last page
        "83",
        "A2",  # FFFF:FFF8 + 16 passes 1 MiB
        "8F",
        "00",  # length 0
        "92", " FF00",  # overlapping move in one handle: done, the source overwritten
        "97",  # overlapping exchange
        "92", " 3130",  # overlapping conventional move
        "97",
        "94",  # the conventional side shows the very expanded bytes
        "00", "00",
    ]


def test_one_page_at_several_addresses_and_conventional_memory_remapped(tmp_path, engine):
    assemble("ems_alias", tmp_path, "EMS_ALIA.COM")
    assert lines(run(tmp_path, "EMS_ALIA.COM", engine=engine)) == [
        "00",
        "41 42",  # written at D000h, read at D400h, and back
        "00 41 43",  # the page over conventional memory at 4000h, shared with the frame
        "00 5643",  # unmapped: the conventional memory ('CV') is back
        "00 5643 5958",  # handle 0's page 0 (4000h) in the frame: the same bytes
        "00 5643 3145",  # handle 0's page mapped back; what was written meanwhile is in page 1
        " 02BB",  # INT 21h/3Fh read into D000h: seen through D400h
        "00",
    ]


def test_code_in_pages_map_and_jump_map_and_call(tmp_path, engine):
    assemble("ems_jump", tmp_path, "EMSJUMP.COM")
    calls = [
        " 1111 2222",  # one address, two pages: the code of each runs in turn
        "00 3333",  # 55h jumped into page 2
        "83",  # 55h with a bad handle: no jump
        "00 4444 1111",  # 56h called page 2, and page 0 is back after the return
        "00 4444",  # 56h by segment
        "8B",
        "00 000A",  # 56h/02: stack bytes needed
    ]
    # Served directly, then again through a TSR-style hook that chains to INT 67h.
    assert lines(run(tmp_path, "EMSJUMP.COM", engine=engine)) == calls + calls + ["00"]


def test_a_session_cannot_take_more_than_its_limit(tmp_path):
    assemble("ems_limit", tmp_path, "EMSLIMIT.COM")
    assert lines(run(tmp_path, "EMSLIMIT.COM", settings={"EMS_MEMORY_LIMIT": 64})) == [
        "00 0004 0004",
        "87",  # 5 pages: more than the session has at all
        "00",
        "88",  # 2 pages: more than are left
        "88",
        "87",  # 51h to 5 pages
        "00",  # 51h to 4
        "00 0000",
        "88",
        "85 00FD",  # handles 1-254: 253 more after the first
        "00 00FF",
    ]


def test_sessions_at_once_see_only_their_own_pages(tmp_path):
    assemble("ems_isolate", tmp_path, "EMSISO.COM")
    letters = "PQRS"
    results: dict[str, object] = {}

    def session(letter: str) -> None:
        results[letter] = run(tmp_path, "EMSISO.COM", [letter])

    threads = [threading.Thread(target=session, args=(letter,)) for letter in letters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for letter in letters:
        # Every session got handle 1 named SHARED, filled with its own letter, and
        # sees two handles (0 and its own) and finds the name once.
        assert lines(results[letter]) == [f"ok {letter} 0002 02 00"]


def test_state_round_trip_into_a_new_session(tmp_path, engine):
    assemble("ems_state", tmp_path, "EMSSTATE.COM")
    first = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        assert lines(first.run("EMSSTATE.COM", ["W"], timeout=20)) == ["00"]
        state = first.vdd("VEMM").save()
    finally:
        first.close()
    assert state["handles"][1]["name"] == b"KEEPME  "
    assert [page[:1] for page in state["handles"][1]["pages"]] == [b"a", b"b", b"c"]
    second = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        second.vdd("VEMM").load(state)
        assert lines(second.run("EMSSTATE.COM", ["R"], timeout=20)) == [
            "00 0001 00 0003",  # found by name, 3 pages
            "63 62",  # page 2 still at DC00h, page 1 still over conventional memory at 4400h
            "same",  # every byte of every page
            "00",  # the map 47h saved in the first session is restored
            "00",
        ]
    finally:
        second.close()


def test_state_of_another_layout_is_refused(tmp_path):
    first = Machine({"C": str(tmp_path)})
    second = Machine({"C": str(tmp_path)}, settings={"EMS_FRAME_LOCATION": "E000"})
    try:
        with pytest.raises(ValueError):
            second.vdd("VEMM").load(first.vdd("VEMM").save())
    finally:
        first.close()
        second.close()


def test_answers_match_dosbox(tmp_path):
    assemble("ems_dosbox", tmp_path, "EMSDBOX.COM")
    ours = run(tmp_path, "EMSDBOX.COM").stdout.decode()
    assert "same" in ours and "name ok" in ours
    assert run_in_dosbox(tmp_path, "EMSDBOX.COM") == ours


# -- configuration ---------------------------------------------------------------------------------
def test_layouts():
    default = EmsConfig.from_values(2048, "AUTO", 384, 32)
    segments = default.window_segments()
    assert segments[:4] == [0xD000, 0xD400, 0xD800, 0xDC00]
    assert segments[4:] == [0x4000 + i * 0x400 for i in range(24)] + [0xC000, 0xC400]
    assert EmsConfig.from_values(1000, "C000", 100, 96).window_segments() == [
        0xC000, 0xC400, 0xC800, 0xCC00,  # the frame
        0x8800, 0x8C00, 0x9000, 0x9400, 0x9800, 0x9C00,  # 100 KiB: 6 whole pages below A000h
        0xD000, 0xD400, 0xD800, 0xDC00, 0xE000, 0xE400,  # 96 KiB above the frame
    ]
    assert EmsConfig.from_values(64, "NONE", 0, 32).window_segments() == [0xC000, 0xC400]
    assert EmsConfig.from_values(1000, "AUTO", 0, 0).limit_pages == 62


@pytest.fixture
def optional_vemm(monkeypatch):
    """VEMM as a CONFIG.SYS line rather than part of every session, so that it takes options."""
    monkeypatch.setattr(machine_module, "BASE_VDDS", tuple(v for v in machine_module.BASE_VDDS if v != "VEMM"))


def test_options_give_the_defaults_and_settings_override_them(tmp_path, optional_vemm):
    machine = Machine({"C": str(tmp_path)}, vdds=["VEMM /S=64 /F=E000 /L=0 /H=16"])
    try:
        cfg = machine.vdd("VEMM").config
        assert (cfg.limit_pages, cfg.frame, cfg.low_pages, cfg.high_pages) == (4, 0xE000, 0, 1)
    finally:
        machine.close()
    machine = Machine({"C": str(tmp_path)}, vdds=["VEMM 128 /F=E000"],
                      settings={"EMS_MEMORY_LIMIT": 256, "EMS_LOW_OS_MAP_REGION": 32})
    try:
        cfg = machine.vdd("VEMM").config
        assert (cfg.limit_pages, cfg.frame, cfg.low_pages, cfg.high_pages) == (16, 0xE000, 2, 2)
    finally:
        machine.close()


def test_bad_options_and_settings_stop_the_session_before_it_starts(tmp_path, optional_vemm):
    with pytest.raises(UsageError, match="/F"):
        Machine({"C": str(tmp_path)}, vdds=["VEMM /F=D100"])
    with pytest.raises(UsageError, match="/X"):
        Machine({"C": str(tmp_path)}, vdds=["VEMM /X=1"])
    with pytest.raises(UsageError, match="EMS_MEMORY_LIMIT"):
        Machine({"C": str(tmp_path)}, settings={"EMS_MEMORY_LIMIT": 40000})


def test_frame_elsewhere_or_none(tmp_path):
    assemble("ems_detect", tmp_path, "EMSDET.COM")
    out = lines(run(tmp_path, "EMSDET.COM", settings={"EMS_FRAME_LOCATION": "C800", "EMS_MEMORY_LIMIT": 256}))
    assert out[4:] == ["00 C800", "00 0010 0010"]
    out = lines(run(tmp_path, "EMSDET.COM", settings={"EMS_FRAME_LOCATION": "NONE"}))
    assert out[4].startswith("80")  # 41h: there is no page frame


def test_reserved_ranges_leave_the_rest_of_upper_memory(tmp_path):
    machine = Machine({"C": str(tmp_path)})
    try:
        ranges = machine.vdd("VEMM").reserved_ranges()
    finally:
        machine.close()
    assert ranges == [(0xC0000, 0xC4000), (0xC4000, 0xC8000), (0xD0000, 0xD4000), (0xD4000, 0xD8000),
                      (0xD8000, 0xDC000), (0xDC000, 0xE0000)]


# -- robustness --------------------------------------------------------------------------------------
def test_random_calls_give_status_codes_not_exceptions(tmp_path):
    """Thousands of INT 67h calls with random registers and memory, straight to the handler."""
    rng = random.Random(67)
    machine = Machine({"C": str(tmp_path)}, settings={"EMS_MEMORY_LIMIT": 256})
    try:
        vemm: Vemm = machine.vdd("VEMM")
        regs = machine.engine.regs()
        scratch = 0x20000
        for _ in range(20000):
            machine.ram.write(scratch, rng.randbytes(512))
            ah = rng.choice([rng.randrange(0x40, 0x5E), rng.randrange(256)])
            regs.ax = (ah << 8) | rng.choice([0, 1, 2, 3, rng.randrange(256)])
            regs.bx, regs.cx, regs.dx = (rng.choice([0, 1, 2, 3, rng.randrange(0x10000)]) for _ in range(3))
            regs.si, regs.di = rng.randrange(256), rng.randrange(256)
            regs.ds = regs.es = scratch >> 4
            regs.cs, regs.ip, regs.ss, regs.sp = 0x1000, 0x100, 0x1000, 0xFFF0
            vemm.int67(regs)
            assert regs.ah in STATUS_CODES, hex(regs.ax)
        assert sum(len(h.slots) for n, h in vemm._handles.items() if n) + len(vemm._free_slots) == 16
    finally:
        machine.close()


STATUS_CODES = {0x00, 0x80, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8D, 0x8E, 0x8F, 0x90,
                0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x9A, 0x9C, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4}
