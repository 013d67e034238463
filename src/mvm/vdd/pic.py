"""VPIC: the two cascaded 8259A interrupt controllers of an AT (ports 20h/21h, A0h/A1h)."""

from __future__ import annotations

from ..vdh import Vdd, Vdh


class I8259:
    """One 8259A in the modes a PC uses: edge triggered, fully nested, 8086 mode."""

    def __init__(self, base_vector: int) -> None:
        self.base = base_vector
        self.irr = 0  # requests waiting
        self.isr = 0  # requests being served
        self.imr = 0  # masked lines
        self.read_isr = False
        self.init_step = 0  # >0 while an ICW sequence is being written
        self.needs_icw4 = False
        self.single = False
        self.auto_eoi = False
        self.rotate_aeoi = False
        self.lowest = 7  # the line of lowest priority: 7 until a rotation moves it

    def write_command(self, value: int) -> None:
        if value & 0x10:  # ICW1: start initialisation
            self.init_step = 2
            self.needs_icw4 = bool(value & 0x01)
            self.single = bool(value & 0x02)
            self.imr = 0
            self.isr = 0
            self.irr = 0
            self.read_isr = False
            self.lowest = 7
            if not self.needs_icw4:  # no ICW4: its functions are all off
                self.auto_eoi = False
            self.rotate_aeoi = False
            return
        if value & 0x08:  # OCW3
            if value & 0x02:
                self.read_isr = bool(value & 0x01)
            return
        self._ocw2(value)

    def _ocw2(self, value: int) -> None:
        op, line = value >> 5, value & 7
        if op in (1, 5):  # non-specific EOI (5: and rotate): the served line of highest priority
            served = self._first(self.isr)
            if served >= 0:
                self.isr &= ~(1 << served)
                if op == 5:
                    self.lowest = served
        elif op in (3, 7):  # specific EOI (7: and rotate)
            self.isr &= ~(1 << line)
            if op == 7:
                self.lowest = line
        elif op == 6:  # set priority: `line` becomes the lowest
            self.lowest = line
        elif op in (0, 4):  # rotate in automatic EOI mode: clear / set
            self.rotate_aeoi = op == 4

    def _first(self, bits: int) -> int:
        """The line of highest priority among `bits`, or -1."""
        if not bits:
            return -1
        base = (self.lowest + 1) & 7
        if base:
            bits = ((bits >> base) | (bits << (8 - base))) & 0xFF
        return ((bits & -bits).bit_length() - 1 + base) & 7

    def write_data(self, value: int) -> None:
        step = self.init_step
        if step == 2:  # ICW2: vector base
            self.base = value & 0xF8
            self.init_step = 3 if not self.single else (4 if self.needs_icw4 else 0)
        elif step == 3:  # ICW3: cascade wiring, nothing to model
            self.init_step = 4 if self.needs_icw4 else 0
        elif step == 4:  # ICW4
            self.auto_eoi = bool(value & 0x02)
            self.init_step = 0
        else:  # OCW1: the mask
            self.imr = value

    def read_command(self) -> int:
        return self.isr if self.read_isr else self.irr

    def highest_request(self) -> int:
        """Line of the request that may interrupt now, or -1."""
        line = self._first(self.irr & ~self.imr)
        if line < 0:
            return -1
        if self.isr:
            served = self._first(self.isr)
            base = self.lowest + 1
            if (served - base) & 7 <= (line - base) & 7:
                return -1
        return line

    def acknowledge(self, line: int) -> int:
        bit = 1 << line
        self.irr &= ~bit
        if not self.auto_eoi:
            self.isr |= bit
        elif self.rotate_aeoi:
            self.lowest = line
        return self.base + line


class Pic(Vdd):
    """The master (IRQ 0-7, vectors 08h-0Fh) and slave (IRQ 8-15, 70h-77h) pair."""

    name = "VPIC"

    def __init__(self) -> None:
        self.master = I8259(0x08)
        self.slave = I8259(0x70)

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        for port, chip in ((0x20, self.master), (0xA0, self.slave)):
            vdh.hook_io([port], read=self._reader(chip.read_command),
                        write=self._writer(chip.write_command))
            vdh.hook_io([port + 1], read=self._reader(lambda c=chip: c.imr),
                        write=self._writer(chip.write_data))

    @staticmethod
    def _reader(fn):
        return lambda port, size: fn()

    @staticmethod
    def _writer(fn):
        return lambda port, size, value: fn(value & 0xFF)

    def raise_irq(self, line: int) -> None:
        if line < 8:
            self.master.irr |= 1 << line
        else:
            self.slave.irr |= 1 << (line - 8)
            self.master.irr |= 1 << 2

    def pending(self) -> bool:
        return self.master.highest_request() >= 0

    def acknowledge(self) -> int:
        """The vector of the interrupt to deliver now, or -1 when none may be."""
        line = self.master.highest_request()
        if line < 0:
            return -1
        if line == 2:
            slave_line = self.slave.highest_request()
            if slave_line < 0:
                self.master.irr &= ~0x04
                return -1
            self.master.acknowledge(2)
            vector = self.slave.acknowledge(slave_line)
            if self.slave.irr & ~self.slave.imr:
                self.master.irr |= 0x04
            return vector
        return self.master.acknowledge(line)

    def save(self) -> dict:
        return {name: vars(chip).copy() for name, chip in (("master", self.master), ("slave", self.slave))}

    def load(self, state: dict) -> None:
        for name in ("master", "slave"):
            vars(getattr(self, name)).update(state[name])
