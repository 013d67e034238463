"""What the shell's interpreter asks of its process's gate (see shell_core.py)."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from ..ist import Registers

Work = Generator[Any, Any, Any]  # a step of the interpreter's work: yields requests


@dataclass
class Exec:
    """Run a program as the shell's child; the answer is INT 21h/4Dh's AX, or the error."""

    path: str
    tail: bytes


@dataclass
class Call:
    """An INT 21h call that may have to wait; the answer is its registers."""

    regs: Registers


@dataclass
class ReadLine:
    """INT 21h/0Ah at the prompt; the answer is None when console input has ended."""

    regs: Registers


class Breathe:
    """Let the machine run a moment (timers, a timeout) during long built-in work."""


class ShellExit(Exception):
    """EXIT: the shell process ends with this code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code
