"""VTIMER: the 8254 programmable interval timer (ports 40h-43h) and port 61h.

Channel 0 drives IRQ0 on the host clock: its reload value sets the period, so a
program that reprograms it for 1 kHz gets 1000 interrupts a second (once only
in the one-shot modes). Counters and outputs read back as a real counter's
would be at this instant of host time. Channel 2 is gated by port 61h bit 0 and
its output shows in port 61h bit 5, which programs poll for short delays.
"""

from __future__ import annotations

from ..vdh import Vdd, Vdh

PIT_HZ = 1193182
ONE_SHOT = (0, 1, 4, 5)


class Channel:
    def __init__(self, gate: bool = True) -> None:
        self.reload = 0x10000
        self.mode = 3
        self.bcd = 0
        self.access = 3  # 1 low byte, 2 high byte, 3 low then high
        self.write_high = False
        self.read_high = False
        self.latched: int | None = None  # output latch: held until read out
        self.status: int | None = None  # status byte latched by a read-back command
        self.null_count = False  # a control word came and no count yet
        self.partial = 0
        self.start = 0.0
        self.gate = gate
        self.held: float | None = None if gate else 0.0  # seconds counted while counting is stopped
        self.fired = False  # one-shot modes: the terminal count raised its interrupt

    def elapsed(self, now: float) -> int:
        """Input clocks counted since the count was loaded."""
        seconds = self.held if self.held is not None else now - self.start
        return max(0, int(seconds * PIT_HZ))

    def count_at(self, now: float) -> int:
        ticks = self.elapsed(now)
        if self.mode == 3:  # square wave counts down by two, twice per period
            return (self.reload - (ticks * 2) % self.reload) & 0xFFFF
        if self.mode == 2:
            return (self.reload - ticks % self.reload) & 0xFFFF
        return (self.reload - ticks) & 0xFFFF  # one-shot: goes on past zero from FFFFh

    def out_at(self, now: float) -> int:
        ticks = self.elapsed(now)
        mode, reload = self.mode, self.reload
        if mode in (0, 1):  # low while counting, high from the terminal count on
            return 1 if ticks >= reload else 0
        if mode == 2:  # high, low for the one clock at count 1
            return 0 if self.gate and ticks % reload == reload - 1 else 1
        if mode == 3:  # high for the first half of the period, low for the second
            return 1 if not self.gate or ticks % reload < (reload + 1) // 2 else 0
        return 0 if ticks == reload else 1  # modes 4, 5: a one-clock strobe

    def set_gate(self, on: bool, now: float) -> None:
        if on == self.gate:
            return
        self.gate = on
        if on:
            if self.mode in (0, 4) and self.held is not None:  # counting resumes
                self.start = now - self.held
            else:  # modes 1, 2, 3, 5: the rising edge (re)starts from the reload value
                self.start = now
                self.fired = False
            self.held = None
        elif self.mode not in (1, 5) and self.held is None:  # counting stops
            self.held = now - self.start

    def status_byte(self, now: float) -> int:
        return ((self.out_at(now) << 7) | (int(self.null_count) << 6) | (self.access << 4)
                | (self.mode << 1) | self.bcd)


class Pit(Vdd):
    name = "VTIMER"

    def __init__(self) -> None:
        self.channels = [Channel(), Channel(), Channel(gate=False)]
        self.port61 = 0
        self._timer = None

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        now = vdh.now()
        for ch in self.channels:
            ch.start = now
        vdh.hook_io([0x40, 0x41, 0x42], read=self._read_counter, write=self._write_counter)
        vdh.hook_io([0x43], write=self._write_control)
        vdh.hook_io([0x61], read=self._read_61, write=self._write_61)
        self._timer = vdh.timer(self.period(), self._tick)
        vdh.machine.clock.tick_timer = self._timer

    def period(self) -> float:
        return self.channels[0].reload / PIT_HZ

    def periodic(self) -> bool:
        """Channel 0 gives IRQ0 at a steady rate (not a one-shot count)."""
        return self.channels[0].mode not in ONE_SHOT

    def _tick(self) -> None:
        ch = self.channels[0]
        if ch.mode in ONE_SHOT:
            if ch.fired or ch.null_count:
                return
            ch.fired = True
        self.vdh.raise_irq(0)

    def _write_control(self, port: int, size: int, value: int) -> None:
        sel = (value >> 6) & 3
        now = self.vdh.now()
        if sel == 3:  # read-back command: latch counts and/or status of the selected channels
            for i in range(3):
                if not value & (2 << i):
                    continue
                ch = self.channels[i]
                if not value & 0x20 and ch.latched is None:
                    ch.latched = ch.count_at(now)
                    ch.read_high = False
                if not value & 0x10 and ch.status is None:
                    ch.status = ch.status_byte(now)
            return
        ch = self.channels[sel]
        access = (value >> 4) & 3
        if access == 0:  # counter latch command; ignored while a latched count waits to be read
            if ch.latched is None:
                ch.latched = ch.count_at(now)
                ch.read_high = False
            return
        ch.access = access
        ch.mode = (value >> 1) & 7
        if ch.mode > 5:
            ch.mode -= 4
        ch.bcd = value & 1
        ch.write_high = False
        ch.read_high = False
        ch.latched = None
        ch.status = None
        ch.null_count = True
        # The counter stops until a count is written; OUT takes its initial level.
        ch.held = 0.0

    def _write_counter(self, port: int, size: int, value: int) -> None:
        i = port - 0x40
        ch = self.channels[i]
        value &= 0xFF
        if ch.access == 1:
            self._load(i, value)
        elif ch.access == 2:
            self._load(i, value << 8)
        elif not ch.write_high:
            ch.partial = value
            ch.write_high = True
        else:
            ch.write_high = False
            self._load(i, ch.partial | (value << 8))

    def _load(self, i: int, reload: int) -> None:
        ch = self.channels[i]
        ch.reload = reload or 0x10000
        ch.start = self.vdh.now()
        ch.null_count = False
        ch.fired = False
        stopped = not ch.gate and ch.mode not in (1, 5)
        ch.held = 0.0 if stopped else None
        if i == 0 and self._timer is not None:
            self.vdh.machine.clock.set_period(self._timer, self.period())

    def _read_counter(self, port: int, size: int) -> int:
        ch = self.channels[port - 0x40]
        if ch.status is not None:
            value, ch.status = ch.status, None
            return value
        value = ch.latched if ch.latched is not None else ch.count_at(self.vdh.now())
        if ch.access == 1:
            ch.latched = None
            return value & 0xFF
        if ch.access == 2:
            ch.latched = None
            return value >> 8
        if not ch.read_high:
            ch.read_high = True
            if ch.latched is None:
                ch.latched = value  # both bytes of one reading belong together
            return value & 0xFF
        ch.read_high = False
        ch.latched = None
        return value >> 8

    def _read_61(self, port: int, size: int) -> int:
        now = self.vdh.now()
        refresh = int(now * 66288) & 1  # bit 4 toggles every 15 us (DRAM refresh)
        out2 = self.channels[2].out_at(now)
        return (self.port61 & 0x0F) | (refresh << 4) | (out2 << 5)

    def _write_61(self, port: int, size: int, value: int) -> None:
        self.port61 = value & 0xFF
        self.channels[2].set_gate(bool(value & 0x01), self.vdh.now())
