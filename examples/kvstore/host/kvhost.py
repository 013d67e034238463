"""The host half of the key/value store example.

Starts a DOS session with the VKVS VDD loaded, puts a greeting into the store,
runs KVDEMO.COM (which reads the greeting and stores a reply), then reads the
reply. Needs mvm and mvm-kvstore installed, and nasm unless --program names a
KVDEMO.COM built already.

    python examples/kvstore/host/kvhost.py --greeting "hello from the host"

Exit status: 0 when the reply came back; the DOS program's exit code when it
failed (1: VKVS missing, 2: no greeting, ...); 2 for a bad command line or
setting; 3 when the store refused a request.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from mvm_kvstore import KvClient

    from mvm import Machine, MvmError
    from mvm.vdh import VddError
except ImportError as missing:
    sys.exit(f"kvhost: {missing.name} is not installed (pip install mvm, then pip install examples/kvstore)")

DOS_DIR = Path(__file__).resolve().parent.parent / "dos"


def build_kvdemo(out_dir: Path) -> Path:
    """Assemble dos/kvdemo.asm into out_dir/KVDEMO.COM."""
    if shutil.which("nasm") is None:
        raise MvmError("nasm is not installed (apt-get install nasm); or give --program KVDEMO.COM")
    out = out_dir / "KVDEMO.COM"
    cmd = ["nasm", "-f", "bin", "-I", f"{DOS_DIR}/", str(DOS_DIR / "kvdemo.asm"), "-o", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise MvmError(f"nasm failed: {done.stderr.strip()}")
    return out


def parse_settings(pairs: list[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise MvmError(f"--set takes NAME=VALUE, not {pair!r}")
        settings[name] = value
    return settings


def exchange(program: Path, greeting: str, settings: dict[str, str], timeout: float) -> int:
    """Put the greeting, run the DOS program, read its reply; returns the exit status."""
    # The program's folder is drive C:; VKVS is loaded by name through its entry point.
    machine = Machine({"C": str(program.parent)}, vdds=["VKVS"], settings=settings)
    try:
        with machine.open_vdd("VKVS") as handle:
            store = KvClient(handle)
            store.put("greeting", greeting)
            print(f"host: put greeting = {greeting!r}")
            result = machine.run(program.name, timeout=timeout)
            sys.stdout.write(result.stdout.decode("utf-8", "replace"))
            if result.status != "exited" or result.exit_code != 0:
                print(f"host: {program.name} ended ({result.status}) with exit code {result.exit_code}")
                if result.report:
                    print(result.report, file=sys.stderr)
                return result.exit_code or 1
            reply = store.get("reply").decode("cp437")
            print(f"host: got reply = {reply!r}")
            print(f"host: keys in the store: {', '.join(k.decode('cp437') for k in store.keys())}")
            return 0
    finally:
        machine.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Exchange data with a DOS program through the VKVS store.")
    parser.add_argument("--greeting", default="hello from the host", help="what the host puts for DOS")
    parser.add_argument("--program", type=Path, help="a built KVDEMO.COM (default: assemble dos/kvdemo.asm)")
    parser.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="a DOS setting, e.g. KVS_MAX_KEYS=16")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds the DOS program may run")
    args = parser.parse_args(argv)
    try:
        settings = parse_settings(args.settings)
        with tempfile.TemporaryDirectory() as tmp:
            program = args.program.resolve() if args.program else build_kvdemo(Path(tmp))
            return exchange(program, args.greeting, settings, args.timeout)
    except VddError as err:
        print(f"kvhost: VKVS refused: {err.name}: {err}", file=sys.stderr)
        return 3
    except MvmError as err:
        print(f"kvhost: {err}", file=sys.stderr)
        return err.status


if __name__ == "__main__":
    sys.exit(main())
