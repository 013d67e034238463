"""Session configuration: a TOML file, with command-line options laid over it.

    program = "BUILD.BAT"          # a program or batch file (or leave it out and give commands)
    args = ["ALL"]
    commands = ["SET LIB=C:\\LIB"]  # command lines for the built-in shell, run in turn
    timeout = 60
    name = "nightly"
    window = "dumb"
    vdds = ["VKVS /MAX=100"]       # VDDs to add, CONFIG.SYS style

    [drives]
    C = "./dos"
    D = "/tmp/out:ro"

    [settings]
    DOS_FILES = 60
    IDLE_SENSITIVITY = 50

Everything is checked before a session starts; a mistake gives one line that
names it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, BinaryIO

from .errors import UsageError

WINDOWS = ("dumb",)
_LISTS = {"args": str, "commands": str, "vdds": str}


@dataclass
class SessionConfig:
    program: str | None = None
    args: list[str] = field(default_factory=list)
    drives: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    vdds: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    timeout: float | None = None
    window: str = "dumb"
    name: str | None = None
    engine: str = "unicorn"

    @classmethod
    def from_toml(cls, path: str | Path) -> SessionConfig:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(f"config file {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"config file {path} cannot be read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"config file {path}: {exc}") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "config") -> SessionConfig:
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise UsageError(f"{source}: unknown key {key!r} (known: {', '.join(sorted(known))})")
            values[key] = _check(key, value, source)
        config = cls(**values)
        config.check()
        return config

    def merged(self, **overrides: Any) -> SessionConfig:
        """This configuration with the given values laid over it (None and empty leave a value)."""
        changes: dict[str, Any] = {}
        for key, value in overrides.items():
            if value is None or value == [] or value == {}:
                continue
            if key in ("drives", "settings"):
                value = {**getattr(self, key), **value}
            changes[key] = value
        config = replace(self, **changes)
        config.check()
        return config

    def check(self) -> None:
        if self.window not in WINDOWS:
            raise UsageError(f"window {self.window!r} is not available here (use one of {', '.join(WINDOWS)})")
        if self.timeout is not None and self.timeout <= 0:
            raise UsageError("timeout must be a positive number of seconds")

    def machine(self):
        """The Machine for this configuration (drives, settings and VDDs checked)."""
        from .machine.machine import Machine

        return Machine(self.drives or None, engine=self.engine, settings=self.settings, vdds=self.vdds)

    def run(self, machine, *, stdin: bytes | BinaryIO | None = b"", stdout: BinaryIO | None = None,
            stdin_is_tty: bool | None = None):
        """Run the program, or the shell commands (then the program, if any)."""
        if self.commands or (self.program and self.program.upper().endswith(".BAT")):
            batch = self.program if self.program and self.program.upper().endswith(".BAT") else None
            commands = list(self.commands)
            if self.program and batch is None:
                commands.append(" ".join([self.program, *self.args]))
            return machine.run_shell(commands or None, batch, self.args if batch else [], stdin=stdin,
                                     stdout=stdout, timeout=self.timeout, stdin_is_tty=stdin_is_tty)
        if not self.program:
            raise UsageError("nothing to run: give a program or commands")
        return machine.run(self.program, self.args, stdin=stdin, stdout=stdout, timeout=self.timeout,
                           stdin_is_tty=stdin_is_tty)


def _check(key: str, value: Any, source: str) -> Any:
    if key in _LISTS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{source}: {key} must be a list of strings")
        return list(value)
    if key in ("drives", "settings"):
        if not isinstance(value, dict):
            raise UsageError(f"{source}: [{key}] must be a table")
        return {str(k): str(v) if not isinstance(v, bool) else ("1" if v else "0") for k, v in value.items()}
    if key == "timeout":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UsageError(f"{source}: timeout must be a number of seconds")
        return float(value)
    if not isinstance(value, str):
        raise UsageError(f"{source}: {key} must be a string")
    return value
