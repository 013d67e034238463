"""The timer chain: 8254 channel 0 -> IRQ0 at the 8259 -> INT 08h -> BIOS tick
count and INT 1Ch; the 8254 counters and channel 2 at port 61h. Rates are
checked with loose bounds: the host may be busy."""

from __future__ import annotations

import time

PIT_HZ = 1193182


def words(result) -> list[int]:
    """The hex words a guest printed after its last '='."""
    assert result.status == "exited", result.report
    assert result.exit_code == 0
    return [int(w, 16) for w in result.stdout.rsplit(b"=", 1)[1].split()]


def timed(guest, name: str):
    started = time.monotonic()
    result = guest(name)
    return result, time.monotonic() - started


def test_int1c_hook_is_called_every_tick(guest):
    result, elapsed = timed(guest, "timer_1c")
    calls, ticks = words(result)
    assert calls == 9
    assert 8 <= ticks <= 10  # one INT 1Ch per BIOS tick (one may come before the count is read)
    assert 0.35 < elapsed < 2.5  # 9 ticks at 18.2 Hz: 0.49 s


def test_channel0_reprogrammed_to_1000_hz(guest):
    (count,) = words(guest("timer_pit"))
    # 500 ms at 1000 Hz; a busy host loses some, none come extra.
    assert 250 <= count <= 650


def test_latched_counter_counts_down(guest):
    values = words(guest("timer_latch"))
    assert len(values) == 21
    pairs = list(zip(values[0:16:2], values[1:16:2], strict=True))
    falling = sum(1 for first, second in pairs if 0 < first - second < 0x4000)
    assert falling >= 6, pairs
    # Mode 3 (the BIOS's square wave) counts down by two: the count stays even.
    assert all(v % 2 == 0 for v in values[:16]), values


def test_second_latch_is_ignored_until_the_count_is_read(guest):
    values = words(guest("timer_latch"))
    first, later = values[16:18]
    # The first latch (just after loading 65536) held through a 1 ms wait and
    # a second latch command; a fresh latch shows the 1193 counts per ms since.
    assert first >= 0xFF00
    assert 500 <= (first - later) & 0xFFFF < 0xC000


def test_read_back_command_latches_status_and_count(guest):
    status, status2, count = words(guest("timer_latch"))[18:]
    for s in (status, status2):
        assert s & 0x3F == 0x36  # low then high byte, mode 3, binary; count loaded
    assert count % 2 == 0 and count != 0x3636


def test_masking_irq0_stops_the_timer(guest):
    mask_start, mask_set, ticks_masked, mask_clear, ticks_unmasked = words(guest("timer_mask"))
    assert mask_start & 1 == 0
    assert mask_set & 1 == 1
    assert ticks_masked == 0
    assert mask_clear == mask_start
    assert 3 <= ticks_unmasked <= 9  # 300 ms at 18.2 Hz, plus the tick kept pending


def test_end_of_interrupt(guest):
    chained, ticks, calls_no_eoi, isr, isr_after_eoi, calls_after_eoi, isr_end = words(guest("timer_eoi"))
    assert chained in (5, 6)
    assert ticks in (chained - 1, chained)  # chaining to the BIOS handler: it counts and acknowledges
    assert calls_no_eoi == 1  # no EOI: IRQ0 stays in service, no more come
    assert isr & 1 == 1
    assert isr_after_eoi & 1 == 0  # specific EOI for IRQ0
    assert calls_after_eoi == 2  # one more came, and is in service again
    assert isr_end & 1 == 0  # non-specific EOI


def test_rotating_eoi_and_reinitialised_vector_base(guest):
    rot_calls, calls_at_50h, calls_back_at_08h, slave_mask = words(guest("timer_pic"))
    assert 3 <= rot_calls <= 9  # A0h (rotate on non-specific EOI) acknowledges too
    assert 3 <= calls_at_50h <= 9  # ICW2 = 50h: IRQ0 arrives as INT 50h
    assert 3 <= calls_back_at_08h <= 9
    assert slave_mask == 0xB7


def test_channel2_one_shot_delay_at_port_61h(guest):
    result, elapsed = timed(guest, "timer_oneshot")
    values = words(result)
    assert len(values) == 24
    reload = round(PIT_HZ / 100)  # 10 ms: 11932
    held1, held2, out_before = values[:3]
    assert held1 == held2 == reload  # gate low: the count holds at its start
    assert out_before == 0  # mode 0: OUT low until the count runs out
    outs, counts = values[3:23:2], values[4:23:2]
    assert outs == [1] * 10
    # After zero the count goes on from FFFFh: unless the host stalled the
    # program for 45 ms, a reading just after OUT rose is above the reload value.
    assert sum(1 for count in counts if count > reload) >= 8, counts
    assert values[23] == 1  # and OUT stays high
    assert elapsed >= 0.1  # ten delays of 10 ms each
