"""VIDLE: idle detection, so that sessions waiting for input cost no host CPU.

A DOS program waiting for something often polls: INT 16h/01h or INT 21h/0Bh in a
loop, or it says it is idle with INT 28h or INT 2Fh/1680h. Those calls come
here. Past a number of polls per timer tick (IDLE_SENSITIVITY) the session
sleeps on the host until the next tick or until input arrives; the poll that
slept then completes, so the program still sees time pass and keys arrive.

IDLE_SENSITIVITY is a percentage as in OS/2: 100 turns detection off; lower
values sleep after fewer polls (75, the default, after 16 polls in one tick).
INT 28h and INT 2Fh/1680h always release the rest of the tick.
"""

from __future__ import annotations

from ..ist import Registers
from ..settings import Setting
from ..vdh import BLOCK, Vdd, Vdh

TICK = 65536 / 1193182


class Idle(Vdd):
    name = "VIDLE"
    settings = {
        "IDLE_SENSITIVITY": Setting("IDLE_SENSITIVITY", "int", 75, "polls per tick, in percent, before the "
                                    "session sleeps; 100 = never", 0, 100),
    }

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        sensitivity = int(vdh.machine.settings.get("IDLE_SENSITIVITY", 75))
        self.threshold = None if sensitivity >= 100 else 1 + sensitivity // 5
        self.polls = 0
        self.window = 0.0
        self.slept = False  # the poll being retried after a sleep goes through
        vdh.machine.idle = self
        vdh.hook_int(0x28, self.int28)
        vdh.hook_multiplex(0x16, self.int2f_16)

    def poll(self):
        """A program polled and found nothing: BLOCK when it is polling fast enough to be idle."""
        if self.slept:
            self.slept = False
            return None
        if self.threshold is None:
            return None
        now = self.vdh.now()
        if now - self.window >= TICK:
            self.window, self.polls = now, 0
        self.polls += 1
        if self.polls <= self.threshold:
            return None
        return self.release()

    def release(self):
        """Give up the rest of this tick: sleep until the next timer event or input."""
        if self.slept:
            self.slept = False
            return None
        self.slept = True
        self.polls = 0
        self.vdh.machine.console_out.flush()
        self.vdh.machine.wake_at(self.vdh.now() + TICK)
        return BLOCK

    def int28(self, r: Registers):
        return self.release()

    def int2f_16(self, r: Registers):
        if r.al != 0x80:  # 1680h: release the current time slice
            return None
        result = self.release()
        if result is None:
            r.al = 0  # "supported"
        return result
