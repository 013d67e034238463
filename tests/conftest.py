"""Shared fixtures: assembling guest programs with nasm and running them in a session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mvm import Machine
from mvm.ist import ENGINES

GUEST = Path(__file__).parent / "guest"
REPO = Path(__file__).parent.parent


def assemble(name: str, out_dir: Path, out_name: str | None = None, defines: dict[str, str] | None = None) -> Path:
    """Assemble tests/guest/NAME.asm into out_dir (NAME.COM unless out_name says otherwise)."""
    if shutil.which("nasm") is None:
        pytest.fail("nasm is not installed (apt-get install nasm)")
    src = GUEST / f"{name}.asm"
    out = out_dir / (out_name or f"{name.upper()}.COM")
    cmd = ["nasm", "-f", "bin", "-I", f"{GUEST}/", str(src), "-o", str(out)]
    for key, value in (defines or {}).items():
        cmd.append(f"-D{key}={value}")
    subprocess.run(cmd, check=True, capture_output=True)
    return out


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    """Every test that takes this fixture runs once per engine present."""
    return request.param


@pytest.fixture
def guest(tmp_path, engine):
    """guest("name", args=..., stdin=...) assembles and runs tests/guest/name.asm."""

    def run(name: str, args=(), stdin: bytes = b"", timeout: float = 20, **kwargs):
        program = assemble(name, tmp_path)
        machine = Machine({"C": str(tmp_path)}, engine=engine, **kwargs)
        try:
            return machine.run(program.name, list(args), stdin=stdin, timeout=timeout)
        finally:
            machine.close()

    return run


def run_cli(*args: str, stdin: bytes = b"", cwd: Path | None = None, timeout: float = 60):
    """Run `python -m mvm ARGS` as a user would; returns the CompletedProcess."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "mvm", *args], input=stdin, capture_output=True,
                          cwd=cwd, timeout=timeout, env=env)
