"""Memory calls of INT 21h: allocate, free and resize blocks of the MCB arena, allocation strategy."""

from __future__ import annotations


class MemoryCalls:
    FUNCTIONS: dict[int, str] = {}
