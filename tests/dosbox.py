"""Running a DOS command in DOSBox, headless, to compare its results with mvm's.

    out = run_in_dosbox(folder, "PROG ARG")   # PROG's standard output, or the test is skipped

The folder is mounted as C:, the command runs there with its standard output
redirected to a file, and DOSBox exits. The text comes back decoded from code
page 437 with CR LF turned into LF, so that it compares with what mvm printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

DOSBOX = "dosbox"
OUTPUT = "OUT.TXT"

# What every DOSBox run here uses (section -> setting -> value): no window to wait for,
# the fastest CPU, and no sound devices.
BASE_SETTINGS: dict[str, dict[str, str]] = {
    "sdl": {"output": "surface", "pauseonfocuslost": "false"},
    "dosbox": {"machine": "svga_s3"},
    "render": {"frameskip": "0"},
    "cpu": {"core": "normal", "cputype": "auto", "cycles": "max"},
    "mixer": {"nosound": "true"},
    "midi": {"mpu401": "none", "mididevice": "none"},
    "speaker": {"pcspeaker": "false", "tandy": "off", "disney": "false"},
    "sblaster": {"sbtype": "none"},
    "gus": {"gus": "false"},
}


def dosbox_conf(folder: Path, lines: list[str], settings: dict[str, dict[str, str]] | None = None) -> str:
    """A DOSBox configuration: BASE_SETTINGS with `settings` over them, and an autoexec that
    mounts `folder` as C:, runs `lines` there and exits."""
    merged = {section: dict(values) for section, values in BASE_SETTINGS.items()}
    for section, values in (settings or {}).items():
        merged.setdefault(section, {}).update(values)
    text = "".join(f"[{section}]\n" + "".join(f"{name}={value}\n" for name, value in values.items())
                   for section, values in merged.items())
    return text + f'[autoexec]\nmount c "{folder}"\nc:\n' + "".join(f"{line}\n" for line in lines) + "exit\n"


def dosbox_available() -> bool:
    return shutil.which(DOSBOX) is not None


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["SDL_VIDEODRIVER"] = "dummy"
    env["SDL_AUDIODRIVER"] = "dummy"
    return env


def _find_ci(folder: Path, name: str) -> Path | None:
    for entry in folder.iterdir():
        if entry.name.upper() == name.upper():
            return entry
    return None


def normalise(data: bytes) -> str:
    """DOS text as mvm prints it: code page 437 decoded, LF line ends, no trailing ^Z."""
    return data.rstrip(b"\x1a").decode("cp437").replace("\r\n", "\n")


def run_in_dosbox(folder: Path, command: str, timeout: float = 60, *, output: str = OUTPUT,
                  before: list[str] | None = None, skip: bool = True) -> str | None:
    """Run `command` in DOSBox with `folder` as C:; returns its standard output.

    When DOSBox is not installed the calling test is skipped (or None is returned
    with skip=False). `before` are extra autoexec lines run first (SET, MD, ...).
    The output file `output` is left in `folder` only while DOSBox runs.
    """
    if not dosbox_available():
        if skip:
            pytest.skip(f"{DOSBOX} is not installed: no comparison with DOSBox")
        return None
    folder = Path(folder).resolve()
    old = _find_ci(folder, output)
    if old is not None:
        old.unlink()
    lines = [*(before or []), f"{command} > {output}"]
    conf = folder.parent / f"dosbox-{folder.name}.conf"
    conf.write_text(dosbox_conf(folder, lines))
    try:
        subprocess.run([DOSBOX, "-conf", str(conf), "-exit"], env=_env(), capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"DOSBox did not finish {command!r} within {timeout:g} s")
    finally:
        conf.unlink(missing_ok=True)
    out = _find_ci(folder, output)
    if out is None:
        pytest.fail(f"DOSBox left no {output} for {command!r}")
    data = out.read_bytes()
    out.unlink()
    return normalise(data)
