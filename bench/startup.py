"""Start-up: wall time of a whole `python -m mvm run HELLO.COM` process, and of DOSBox.

HELLO.COM (guest/hello.asm) prints one line and exits. mvm runs it as a user
would, in a fresh Python process; DOSBox starts, runs it from its autoexec and
exits. The time of a bare `python -c pass` is shown as the floor for mvm.

    python3 bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from benchlib import (
    BenchError,
    Options,
    Result,
    Sample,
    assemble,
    base_parser,
    bench_main,
    fmt_samples,
    make_result,
    medians,
    print_result,
    time_dosbox,
    time_mvm_process,
    timed_process,
)

SOURCE = "hello.asm"
PROGRAM = "HELLO.COM"
EXPECT = "Hello, world!"
GOAL = 0.3


def time_python(folder: Path) -> Sample:
    sample, done = timed_process([sys.executable, "-c", "pass"], folder, dict(os.environ), 60)
    if done.returncode:
        raise BenchError(f"python -c pass: exit {done.returncode}")
    return sample


def measure(opts: Options, folder: Path) -> dict[str, list[Sample]]:
    """Interleaved runs: python floor, mvm, DOSBox."""
    times: dict[str, list[Sample]] = {"python": [], "mvm": []}
    if opts.dosbox:
        times["DOSBox"] = []
    for _ in range(opts.runs):
        times["python"].append(time_python(folder))
        times["mvm"].append(time_mvm_process(folder, PROGRAM, EXPECT))
        if opts.dosbox:
            times["DOSBox"].append(time_dosbox(folder, PROGRAM, EXPECT, exe=opts.dosbox, cycles=opts.dosbox_cycles))
    return times


def run(opts: Options) -> Result:
    print(f"start-up: hello program, whole process, {opts.runs} runs each")
    with tempfile.TemporaryDirectory(prefix="mvm-bench-") as tmp:
        folder = Path(tmp)
        assemble(SOURCE, folder / PROGRAM)
        times = measure(opts, folder)
    print(f"  python -c pass:     {fmt_samples(times['python'])}")
    print(f"  mvm run {PROGRAM}:  {fmt_samples(times['mvm'])}")
    if "DOSBox" in times:
        print(f"  dosbox {PROGRAM}:   {fmt_samples(times['DOSBox'])}")
    mvm = medians(times["mvm"])
    dosbox = medians(times["DOSBox"]) if "DOSBox" in times else None
    result = make_result("start-up (hello)", "s", mvm, dosbox, f"< {GOAL:g} s", mvm.wall < GOAL,
                         higher_is_better=False)
    print_result(result)
    return result


def parser() -> argparse.ArgumentParser:
    return base_parser(__doc__.splitlines()[0], loops=False)


def main(argv: list[str] | None = None) -> int:
    return bench_main("startup", parser(), lambda opts, args: run(opts), argv)


if __name__ == "__main__":
    raise SystemExit(main())
