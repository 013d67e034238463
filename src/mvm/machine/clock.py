"""The session clock: host-time timers, and a ticker that interrupts the engine.

Guest code runs inside one long engine call. A small thread wakes at the next
timer deadline (or every 50 ms, so timeouts are seen promptly) and asks the
engine to stop; the session thread then runs the timers that are due and
delivers the interrupts they raised. Counting instructions instead would slow
translated code down almost threefold.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..vdh import Timer

MAX_NAP = 0.05


class Clock:
    def __init__(self, stop_engine: Callable[[], None]) -> None:
        self._stop_engine = stop_engine
        self._timers: list[Timer] = []
        self._wake = threading.Event()
        # Set while guest code runs: only then must the engine be interrupted, so a
        # session that sleeps (waiting for a key) has a ticker that sleeps too.
        self.engine_running = threading.Event()
        self.tick_timer = None  # the PIT's IRQ0 timer, which idle sleeps may skip and count later
        self._quit = False
        self._thread: threading.Thread | None = None
        self.now = time.monotonic

    def add(self, period: float, fn: Callable[[], None]) -> Timer:
        t = Timer(period, fn, self.now() + period)
        self._timers.append(t)
        self._wake.set()
        return t

    def set_period(self, timer: Timer, period: float) -> None:
        timer.period = period
        timer.deadline = self.now() + period
        self._wake.set()

    def next_deadline(self, skip=None, idle: float = MAX_NAP) -> float:
        """The earliest timer deadline (but `skip`), or `idle` seconds from now if none."""
        live = [t.deadline for t in self._timers if t.active and t is not skip]
        return min(live) if live else self.now() + idle

    def skip_ticks(self) -> int:
        """Move the tick timer past now without running it; returns how many periods passed."""
        t = self.tick_timer
        now = self.now()
        if t is None or now < t.deadline:
            return 0
        missed = int((now - t.deadline) / t.period) + 1
        t.deadline += missed * t.period
        return missed

    def run_due(self) -> None:
        """Run every timer whose deadline has passed (once each: no backlog storms)."""
        now = self.now()
        for t in self._timers:
            if t.active and t.deadline <= now:
                t.deadline += t.period
                if t.deadline <= now:
                    t.deadline = now + t.period
                t.fn()
        self._timers = [t for t in self._timers if t.active]

    # -- ticker thread ----------------------------------------------------------
    def start(self) -> None:
        self._quit = False
        self._thread = threading.Thread(target=self._tick, name="mvm-ticker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._quit = True
        self.engine_running.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _tick(self) -> None:
        while not self._quit:
            self.engine_running.wait()
            nap = min(max(self.next_deadline() - self.now(), 0.0005), MAX_NAP)
            self._wake.wait(nap)
            self._wake.clear()
            if not self._quit and self.engine_running.is_set():
                self._stop_engine()
