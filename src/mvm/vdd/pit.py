"""VTIMER: the 8254 programmable interval timer (ports 40h-43h) and port 61h.

Channel 0 drives IRQ0 on the host clock: its reload value sets the period, so a
program that reprograms it for 1 kHz gets 1000 interrupts a second. Counters
read back as a real counter would be at this instant of host time.
"""

from __future__ import annotations

from ..vdh import Vdd, Vdh

PIT_HZ = 1193182


class Channel:
    def __init__(self) -> None:
        self.reload = 0x10000
        self.mode = 3
        self.access = 3  # 1 low byte, 2 high byte, 3 low then high
        self.write_high = False
        self.read_high = False
        self.latched: int | None = None
        self.partial = 0
        self.start = 0.0

    def count_at(self, now: float) -> int:
        ticks = int((now - self.start) * PIT_HZ)
        step = 2 if self.mode == 3 else 1  # square wave counts down by two
        return (self.reload - (ticks * step) % self.reload) & 0xFFFF


class Pit(Vdd):
    name = "VTIMER"

    def __init__(self) -> None:
        self.channels = [Channel(), Channel(), Channel()]
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
        self._timer = vdh.timer(self.period(), lambda: vdh.raise_irq(0))

    def period(self) -> float:
        return self.channels[0].reload / PIT_HZ

    def _write_control(self, port: int, size: int, value: int) -> None:
        sel = (value >> 6) & 3
        if sel == 3:  # read-back command: latch counts of the selected channels
            for i in range(3):
                if not value & 0x20 and value & (2 << i):
                    ch = self.channels[i]
                    ch.latched = ch.count_at(self.vdh.now())
            return
        ch = self.channels[sel]
        access = (value >> 4) & 3
        if access == 0:  # counter latch command
            ch.latched = ch.count_at(self.vdh.now())
            ch.read_high = False
            return
        ch.access = access
        ch.mode = (value >> 1) & 7
        if ch.mode > 5:
            ch.mode -= 4
        ch.write_high = False
        ch.read_high = False

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
        if i == 0 and self._timer is not None:
            self.vdh.machine.clock.set_period(self._timer, self.period())

    def _read_counter(self, port: int, size: int) -> int:
        ch = self.channels[port - 0x40]
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
        ch2 = self.channels[2]
        out2 = 1 if ch2.count_at(now) > ch2.reload // 2 else 0
        return (self.port61 & 0x0F) | (refresh << 4) | (out2 << 5)

    def _write_61(self, port: int, size: int, value: int) -> None:
        self.port61 = value & 0xFF
