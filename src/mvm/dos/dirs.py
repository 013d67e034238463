"""Directory and search calls of INT 21h: drives and folders, find first/next, DTA, truename."""

from __future__ import annotations


class DirCalls:
    FUNCTIONS: dict[int, str] = {}
