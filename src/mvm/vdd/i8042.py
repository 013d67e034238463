"""The 8042 keyboard controller and the keyboard behind it (ports 60h and 64h).

Only what DOS programs and extenders touch: the status register, the output
buffer with IRQ1, the controller commands (command byte, self tests, A20 through
the output port with D1h, DDh/DFh, the CPU reset pulse FEh) and the keyboard
commands (LEDs with EDh, echo, identify, typematic rate, enable, reset). Scan
codes are set 1, as the 8042's translation gives them to a PC program.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

ACK = 0xFA
ST_OBF = 0x01  # output buffer full: a byte waits at port 60h
ST_SYS = 0x04  # the system flag: the self test passed
ST_CMD = 0x08  # the last write went to port 64h
ST_UNLOCKED = 0x10  # the keylock switch is off
CMD_IRQ1 = 0x01  # command byte: interrupt on output buffer full
CMD_KBD_OFF = 0x10
CMD_XLAT = 0x40

# Controller commands that take a data byte through port 60h.
_WITH_DATA = {0x60, 0xD1, 0xD2, 0xD3, 0xD4}
# Keyboard commands that take an argument byte.
_KBD_WITH_ARG = {0xED, 0xF0, 0xF3}


class I8042:
    """The controller state; `raise_irq` asks for IRQ1, `set_a20` drives the gate."""

    def __init__(self, raise_irq: Callable[[], None], set_a20: Callable[[bool], None],
                 a20: Callable[[], bool], reset_cpu: Callable[[], None] | None = None) -> None:
        self._raise_irq = raise_irq
        self._set_a20 = set_a20
        self._a20 = a20
        self._reset_cpu = reset_cpu
        self.command_byte = CMD_IRQ1 | ST_SYS | CMD_XLAT
        self.status_cmd = 0
        self.output: int | None = None  # the byte at port 60h, when OBF is set
        self.last = 0  # what port 60h reads when the buffer is empty (the last byte, as on a PC)
        self.replies: deque[int] = deque()  # command answers, ahead of keys
        self.pending_cmd: int | None = None  # a controller command waiting for its data
        self.kbd_cmd: int | None = None  # a keyboard command waiting for its argument
        self.leds = 0  # bit 0 Scroll, 1 Num, 2 Caps Lock
        self.scanning = True
        self.on_leds: Callable[[int], None] | None = None

    # -- state ----------------------------------------------------------------------
    @property
    def full(self) -> bool:
        return self.output is not None

    @property
    def keyboard_enabled(self) -> bool:
        return self.scanning and not self.command_byte & CMD_KBD_OFF

    def deliver(self, byte: int) -> bool:
        """Put a byte from the keyboard in the output buffer; False if it is still full."""
        if self.output is not None:
            return False
        self.output = byte & 0xFF
        if self.command_byte & CMD_IRQ1:
            self._raise_irq()
        return True

    def pump(self) -> None:
        """Move the next command reply into an empty output buffer."""
        if self.output is None and self.replies:
            self.deliver(self.replies.popleft())

    def _reply(self, *data: int) -> None:
        self.replies.extend(data)
        self.pump()

    # -- port 64h ---------------------------------------------------------------------
    def read_status(self, port: int = 0x64, size: int = 1) -> int:
        status = (self.command_byte & ST_SYS) | ST_UNLOCKED | self.status_cmd
        return status | (ST_OBF if self.output is not None else 0)

    def write_command(self, port: int, size: int, value: int) -> None:
        self.status_cmd = ST_CMD
        value &= 0xFF
        if value in _WITH_DATA:
            self.pending_cmd = value
        elif value == 0x20:
            self._reply(self.command_byte)
        elif value == 0xAA:  # controller self test
            self._reply(0x55)
        elif value in (0xAB, 0xA9):  # interface tests: no error
            self._reply(0x00)
        elif value == 0xAD:
            self.command_byte |= CMD_KBD_OFF
        elif value == 0xAE:
            self.command_byte &= ~CMD_KBD_OFF
        elif value == 0xC0:  # input port: keylock off, colour adapter
            self._reply(0xBF)
        elif value == 0xD0:
            self._reply(self._output_port())
        elif value == 0xDD:
            self._set_a20(False)
        elif value == 0xDF:
            self._set_a20(True)
        elif value & 0xF0 == 0xF0 and not value & 0x01:
            # Pulse the output port's lines whose bit is 0: bit 0 is the CPU's reset line
            # (FEh is the usual "reboot" command; FFh pulses nothing).
            if self._reset_cpu is not None:
                self._reset_cpu()

    def _output_port(self) -> int:
        # bit 0: the CPU runs; bit 1: A20; bit 4: IRQ1 output-buffer-full.
        return 0x01 | (0x02 if self._a20() else 0) | (0x10 if self.output is not None else 0)

    # -- saved state -------------------------------------------------------------------
    _SAVED = ("command_byte", "status_cmd", "output", "last", "pending_cmd", "kbd_cmd", "leds", "scanning")

    def save(self) -> dict:
        """The controller's registers, its state machine and the replies not yet read."""
        state = {name: getattr(self, name) for name in self._SAVED}
        state["replies"] = list(self.replies)
        return state

    def load(self, state: dict) -> None:
        for name in self._SAVED:
            if name in state:
                setattr(self, name, state[name])
        self.replies = deque(int(b) & 0xFF for b in state.get("replies", ()))

    # -- port 60h ---------------------------------------------------------------------
    def read_data(self, port: int = 0x60, size: int = 1) -> int:
        if self.output is not None:
            self.last = self.output
            self.output = None
        self.pump()
        return self.last

    def write_data(self, port: int, size: int, value: int) -> None:
        value &= 0xFF
        self.status_cmd = 0
        cmd, self.pending_cmd = self.pending_cmd, None
        if cmd == 0x60:
            self.command_byte = value
        elif cmd == 0xD1:
            self._set_a20(bool(value & 0x02))
        elif cmd in (0xD2, 0xD3):  # echo a byte as if from the keyboard (or the mouse)
            self._reply(value)
        elif cmd == 0xD4:  # to the mouse: there is none
            self._reply(0xFE)
        else:
            self._keyboard_command(value)

    def _keyboard_command(self, value: int) -> None:
        arg_of, self.kbd_cmd = self.kbd_cmd, None
        if arg_of is not None:
            if arg_of == 0xED:
                self.leds = value & 0x07
                if self.on_leds is not None:
                    self.on_leds(self.leds)
            self._reply(ACK)
            return
        if value in _KBD_WITH_ARG:
            self.kbd_cmd = value
            self._reply(ACK)
        elif value == 0xEE:
            self._reply(0xEE)
        elif value == 0xF2:  # identify: an MF2 keyboard
            self._reply(ACK, 0xAB, 0x83)
        elif value == 0xF4:
            self.scanning = True
            self._reply(ACK)
        elif value == 0xF5:
            self.scanning = False
            self._reply(ACK)
        elif value == 0xFF:
            self.scanning = True
            self._reply(ACK, 0xAA)
        else:
            self._reply(ACK)
