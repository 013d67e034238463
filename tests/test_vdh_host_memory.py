"""Vdh.map_host_memory: a VDD shows its own memory to the guest above RAM, as a
graphics card shows its framebuffer."""

from __future__ import annotations

import ctypes

import pytest

from conftest import assemble
from mvm import Machine
from mvm.vdh import Vdd

DEVICE_BASE = 0xD0000000


class HostMemoryDevice(Vdd):
    """A toy device with 8 KiB of memory at D0000000h that starts with "MVM!"."""

    name = "VHOSTMEM"

    def setup(self, vdh) -> None:
        super().setup(vdh)
        self.memory = (ctypes.c_ubyte * 0x2000)()
        self.memory[0:4] = list(b"MVM!")
        vdh.map_host_memory(DEVICE_BASE, 0x2000, self.memory)


def test_guest_reads_and_writes_device_memory(tmp_path, engine):
    assemble("vbe_hostmem", tmp_path)
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        device = machine.add_vdd(HostMemoryDevice())
        result = machine.run("VBE_HOSTMEM.COM", timeout=20)
    finally:
        machine.close()
    assert result.status == "exited", result.report
    assert result.stdout == b"MVM!"  # what the device put there
    assert bytes(device.memory[0x1FFC:0x2000]) == bytes.fromhex("78563412")  # what the program wrote


@pytest.mark.parametrize(("addr", "size", "buffer_size"), [
    (DEVICE_BASE + 0x800, 0x1000, 0x1000),  # not on a page
    (DEVICE_BASE, 0x2000, 0x1000),  # more than the buffer holds
    (0x80000, 0x1000, 0x1000),  # inside guest RAM
])
def test_bad_mappings_are_refused(tmp_path, engine, addr, size, buffer_size):
    machine = Machine({"C": str(tmp_path)}, engine=engine)
    try:
        with pytest.raises(ValueError):
            machine.vdh.map_host_memory(addr, size, (ctypes.c_ubyte * buffer_size)())
    finally:
        machine.close()
