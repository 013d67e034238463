"""The system BIOS: INT 11h, 12h, 15h, 1Ah and the A20 gate at port 92h,
checked from guest programs."""

from __future__ import annotations

import datetime as dt
import time

from conftest import assemble
from mvm import Machine

TICKS_PER_SECOND = 1193182 / 65536


def words(result) -> list[int]:
    """The hex words a guest printed after its last '='."""
    assert result.status == "exited", result.report
    assert result.exit_code == 0
    return [int(w, 16) for w in result.stdout.rsplit(b"=", 1)[1].split()]


def bcd(b: int) -> int:
    assert b & 0x0F <= 9 and b >> 4 <= 9, f"{b:02X}h is not BCD"
    return (b >> 4) * 10 + (b & 0x0F)


def run_measured(tmp_path, engine, name: str, **kwargs):
    """Run a guest in this process; returns (result, wall seconds, CPU seconds of the run)."""
    program = assemble(name, tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        wall, cpu = time.monotonic(), time.process_time()
        result = machine.run(program.name, timeout=20, **kwargs)
        return result, time.monotonic() - wall, time.process_time() - cpu
    finally:
        machine.close()


# -- INT 11h, 12h, 15h ----------------------------------------------------------------

def test_equipment_memory_and_system_configuration(guest):
    (equipment, bda_equipment, kib, bda_kib, ext_kib, ext_cf,
     c0_cf, c0_ah, table_seg, table_off, length, model, feature,
     rom_model, f00_cf, f00_ah, fde_cf, fde_ah) = words(guest("bios_info"))
    assert equipment == bda_equipment
    assert equipment & 0x30 == 0x20  # initial video mode: 80x25 colour
    assert equipment & 0x02  # maths coprocessor
    assert (kib, bda_kib) == (640, 640)
    assert ext_kib == (16 << 10) - 1024  # 16 MiB of RAM by default: all above 1 MiB
    assert ext_cf == 0
    assert (c0_cf, c0_ah) == (0, 0)
    assert (table_seg, table_off) == (0xF000, 0xE6F5)
    assert length == 8
    assert model == 0x01FC  # AT, submodel 1
    assert feature & 0x60 == 0x60  # second 8259, real-time clock
    assert rom_model == 0xFC
    assert (f00_cf, f00_ah) == (1, 0x8600)  # no cassette on an AT
    assert (fde_cf, fde_ah) == (1, 0x8600)  # unsupported function


def test_extended_memory_follows_the_ram_size(guest):
    values = words(guest("bios_info", ram_size=4 << 20))
    assert values[4] == 3 * 1024


def test_wait_sleeps_for_the_time_asked(tmp_path, engine):
    result, wall, cpu = run_measured(tmp_path, engine, "bios_wait")
    cf1, ah1, ticks1, cf2, ticks2 = words(result)
    assert (cf1, ah1, cf2) == (0, 0, 0)
    assert 0.78 <= wall < 2.5  # 500 ms + 300 ms
    assert cpu < 0.3, f"waiting {wall:.2f} s took {cpu:.2f} s of CPU time: spinning, not sleeping"
    # The timer goes on meanwhile, also when the call went through a program's hook.
    assert 6 <= ticks1 <= 12
    assert 3 <= ticks2 <= 8


# -- INT 1Ah ------------------------------------------------------------------------------

def test_tick_count_rate_set_and_midnight(guest):
    before = dt.datetime.now()
    started = time.monotonic()
    result = guest("bios_ticks")
    elapsed = time.monotonic() - started
    cx, dx, al, counted, set_cx, set_dx, mid_al, mid_cx, mid_dx, next_al = words(result)
    # Polling INT 1Ah until 9 more ticks came takes about 9 / 18.2 s.
    assert counted == 9
    assert 0.4 < elapsed < 2.5
    # The count started from the host's time of day.
    ticks = (cx << 16) | dx
    seconds = before.hour * 3600 + before.minute * 60 + before.second + before.microsecond / 1e6
    if 10 < seconds < 86390:
        assert abs(ticks / TICKS_PER_SECOND - seconds) < 3
    assert al == 0
    # 01h sets the count; a tick or two may have come since.
    assert set_cx == 0x0012 and 0x3456 <= set_dx <= 0x3458
    # One tick after 1800AFh the count wraps to 0 and AL reports midnight once.
    assert (mid_al, mid_cx) == (1, 0) and mid_dx <= 1
    assert next_al == 0


def clock_of(values: list[int]) -> tuple[dt.time, int, dt.date]:
    hm, sd, cf_time, cy, md, cf_date = values
    assert (cf_time, cf_date) == (0, 0)
    assert sd & 0xFF == 0  # no daylight saving
    time_of_day = dt.time(bcd(hm >> 8), bcd(hm & 0xFF), bcd(sd >> 8))
    date = dt.date(bcd(cy >> 8) * 100 + bcd(cy & 0xFF), bcd(md >> 8), bcd(md & 0xFF))
    return time_of_day, sd & 0xFF, date


def assert_host_clock(values: list[int], before: dt.datetime, after: dt.datetime) -> None:
    time_of_day, _, date = clock_of(values)
    assert date in (before.date(), after.date())
    got = dt.datetime.combine(date, time_of_day)
    assert before.replace(microsecond=0) - dt.timedelta(seconds=1) <= got <= after + dt.timedelta(seconds=1)


def test_real_time_clock_is_the_hosts(guest):
    before = dt.datetime.now()
    result = guest("bios_rtc_read")
    after = dt.datetime.now()
    assert_host_clock(words(result), before, after)


def test_setting_the_clock_changes_only_this_session(tmp_path, engine):
    assemble("bios_rtc_set", tmp_path)
    assemble("bios_rtc_read", tmp_path)
    first = Machine({"C": str(tmp_path)}, engine=engine)
    second = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        values = words(first.run("BIOS_RTC_SET.COM", timeout=20))
        assert values[:3] in ([0, 0x1234, 0x5600], [0, 0x1234, 0x5700])  # set 12:34:56, read back
        assert values[3:6] == [0, 0x2001, 0x0203]  # set 2001-02-03, read back
        assert values[6:9] == [1, 0x2001, 0x0203]  # month 13 refused, date unchanged
        assert values[9] == 1 and values[10] == 0x1234  # hour 25 refused, time unchanged

        before = dt.datetime.now()
        other = words(second.run("BIOS_RTC_READ.COM", timeout=20))
        after = dt.datetime.now()
        assert_host_clock(other, before, after)

        # The moved clock stays moved for the rest of the first session.
        time_of_day, _, date = clock_of(words(first.run("BIOS_RTC_READ.COM", timeout=20)))
        assert date == dt.date(2001, 2, 3)
        assert (time_of_day.hour, time_of_day.minute) == (12, 34)
    finally:
        first.close()
        second.close()

    fresh = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        before = dt.datetime.now()
        values = words(fresh.run("BIOS_RTC_READ.COM", timeout=20))
        assert_host_clock(values, before, dt.datetime.now())
    finally:
        fresh.close()


# -- A20 ---------------------------------------------------------------------------------

def test_a20_gate_at_port_92h(guest):
    port_start, wrapped, port_on, low_on, high_on, port_off, wrapped_again = words(guest("bios_a20"))
    assert port_start & 0x02 == 0  # a PC starts with the 1 MiB wrap
    assert wrapped == 0xA5  # FFFF:0010 is 0000:0000
    assert port_on & 0x02
    assert low_on == 0xA5  # the write went above 1 MiB, not to 0000:0000
    assert high_on == 0x3C
    assert port_off & 0x02 == 0
    assert wrapped_again == 0x5A
