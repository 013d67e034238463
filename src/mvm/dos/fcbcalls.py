"""The FCB calls of INT 21h (0Fh-17h, 21h-24h, 27h, 28h, 29h) used by DOS 1.x/2.x-era programs."""

from __future__ import annotations


class FcbCalls:
    FUNCTIONS: dict[int, str] = {}
