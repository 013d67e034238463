"""Instruction set translators: the CPU engines a session can run on."""

from __future__ import annotations

from .base import Engine, Exit, ExitReason, Registers
from .memory import GuestRam, linear

ENGINES = ("unicorn",)


class UnknownEngine(ValueError):
    pass


def create_engine(name: str, ram: GuestRam) -> Engine:
    """Build the engine called `name` over `ram`."""
    if name == "unicorn":
        from .unicorn_engine import UnicornEngine

        return UnicornEngine(ram)
    raise UnknownEngine(f"unknown engine {name!r} (available: {', '.join(ENGINES)})")


__all__ = ["ENGINES", "Engine", "Exit", "ExitReason", "GuestRam", "Registers", "UnknownEngine",
           "create_engine", "linear"]
