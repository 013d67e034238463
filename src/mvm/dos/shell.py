"""The built-in command shell (COMMAND.COM): its commands, batch files, redirection and pipes."""

from __future__ import annotations


class ShellHost:
    FUNCTIONS: dict[int, str] = {}
