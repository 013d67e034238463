"""The VDD helper API as a third-party VDD uses it: interrupts, ports, memory ranges, timers."""

from __future__ import annotations

from conftest import assemble
from mvm import Machine
from mvm.vdh import Vdd


class CounterDevice(Vdd):
    """A toy device: a memory window at D000:0000 and a port at 0E0h."""

    name = "VTOY"

    def __init__(self) -> None:
        self.reads = 0
        self.writes: list[tuple[int, int, int]] = []

    def setup(self, vdh) -> None:
        super().setup(vdh)
        vdh.hook_mem(0xD0000, 0xD1000, read=self.read, write=self.write)

    def read(self, addr: int, size: int) -> int:
        self.reads += 1
        return 0x1000 + self.reads

    def write(self, addr: int, size: int, value: int) -> None:
        self.writes.append((addr, size, value))


def test_memory_range_hook(tmp_path, engine):
    assemble("mmio", tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    device = machine.add_vdd(CounterDevice())
    result = machine.run("MMIO.COM", timeout=20)
    assert result.status == "exited", result.report
    assert result.stdout == b"1001 0002\n"  # a word read, then a byte read (low byte of 1002h)
    assert device.writes == [(0xD0010, 1, 0x5A), (0xD0020, 2, 0x1234)]
    assert device.reads == 2


class ServiceDevice(Vdd):
    """Serves INT 60h, port E0h, and raises IRQ 5 from a 20 ms timer."""

    name = "VSVC"

    def __init__(self) -> None:
        self.port_writes: list[int] = []

    def setup(self, vdh) -> None:
        super().setup(vdh)
        vdh.hook_int(0x60, self.int60)
        vdh.hook_io([0xE0], read=lambda port, size: 0x42, write=lambda port, size, v: self.port_writes.append(v))
        vdh.timer(0.02, lambda: vdh.raise_irq(5))

    def int60(self, r) -> None:
        r.cf = r.ax == 0xFFFF
        r.ax = (r.ax * 2) & 0xFFFF


def test_interrupt_port_and_irq_hooks(tmp_path, engine):
    assemble("vddcall", tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    device = machine.add_vdd(ServiceDevice())
    result = machine.run("VDDCALL.COM", timeout=20)
    assert result.status == "exited", result.report
    assert result.stdout.decode().splitlines() == ["2222 0001 0042", "0003"]
    assert device.port_writes == [0x77]
