"""DOS settings and VDD options: typed declarations, and checks before a session starts.

Settings keep OS/2's names (DOS_FILES, IDLE_SENSITIVITY, ...). Each belongs to the
VDD that declares it. A value arrives as text (command line, TOML, HTTP) and is
checked against its declaration; a bad one stops the session before it starts
with one line that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import UsageError

_TRUE = {"1", "on", "yes", "true"}
_FALSE = {"0", "off", "no", "false"}


@dataclass(frozen=True)
class Setting:
    """One setting or option. `name` may end in `*` for a family (LABEL_* is LABEL_C, ...)."""

    name: str
    type: str  # "int", "bool", "str", "choice", "version"
    default: Any
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def matches(self, name: str) -> bool:
        if self.name.endswith("*"):
            prefix = self.name[:-1]
            return name.startswith(prefix) and len(name) > len(prefix)
        return name == self.name

    def check(self, name: str, text: Any) -> str:
        """The value in its normal text form; UsageError naming the setting if bad."""
        value = str(text).strip()
        kind = self.type
        if kind == "int":
            try:
                number = int(value, 0)
            except ValueError:
                raise UsageError(f"bad setting {name}={value}: not a whole number") from None
            if self.minimum is not None and number < self.minimum or \
                    self.maximum is not None and number > self.maximum:
                raise UsageError(f"bad setting {name}={value}: must be {self.minimum}-{self.maximum}")
            return str(number)
        if kind == "bool":
            low = value.lower()
            if low not in _TRUE | _FALSE:
                raise UsageError(f"bad setting {name}={value}: use on or off")
            return "1" if low in _TRUE else "0"
        if kind == "choice":
            if value.upper() not in self.choices:
                raise UsageError(f"bad setting {name}={value}: one of {', '.join(self.choices)}")
            return value.upper()
        if kind == "version":
            major, _, minor = value.partition(".")
            if not (major.isdigit() and (minor.isdigit() or not minor)) or not 2 <= int(major) <= 9:
                raise UsageError(f"bad setting {name}={value}: use MAJOR.MINOR, e.g. 5.0")
            return f"{int(major)}.{int(minor or 0)}"
        return value

    @property
    def describe_type(self) -> str:
        if self.type == "int" and self.minimum is not None:
            return f"int {self.minimum}-{self.maximum}"
        if self.type == "choice":
            return "|".join(self.choices)
        return self.type


def declared(vdd_classes) -> list[tuple[str, Setting]]:
    """(owning VDD name, Setting) for every setting the given VDD classes declare."""
    out = []
    for cls in vdd_classes:
        for setting in getattr(cls, "settings", {}).values():
            out.append((cls.name, setting))
    return out


def validate(values: dict[str, Any], vdd_classes) -> dict[str, str]:
    """Check `values` against the declarations of `vdd_classes`; the normal text forms."""
    table = declared(vdd_classes)
    out = {}
    for raw_name, value in values.items():
        name = raw_name.strip().upper()
        for _owner, setting in table:
            if setting.matches(name):
                out[name] = setting.check(name, value)
                break
        else:
            raise UsageError(f"unknown setting {name} (see `mvm settings`)")
    return out


def parse_device_line(line: str) -> tuple[str, dict[str, str]]:
    """`VEMM /S=1024 /F=C800 512` -> ("VEMM", {"S": "1024", "F": "C800", "": "512"})."""
    words = line.split()
    if not words:
        raise UsageError("empty VDD line")
    name, options = words[0].upper(), {}
    for word in words[1:]:
        if word.startswith("/"):
            key, _, value = word[1:].partition("=")
            if not key:
                raise UsageError(f"{name}: bad option {word!r}")
            options[key.upper()] = value
        else:
            options[""] = word  # a bare value, as `VEMM 1024`
    return name, options


def check_options(cls, options: dict[str, str]) -> dict[str, str]:
    """Check a VDD's CONFIG.SYS options against what its class declares."""
    declared_options = getattr(cls, "options", {})
    out = {}
    for key, value in options.items():
        setting = declared_options.get(key)
        if setting is None:
            allowed = " ".join(f"/{k}" if k else "VALUE" for k in declared_options) or "no options"
            shown = f"/{key}" if key else value
            raise UsageError(f"{cls.name}: unknown option {shown} (takes {allowed})")
        out[key] = setting.check(f"{cls.name} /{key}" if key else cls.name, value)
    return out
