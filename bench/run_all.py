"""Run every benchmark (mips, int21, startup, fileio, dirio) and print a summary table.

    python3 bench/run_all.py [--runs N] [--no-dosbox] [--only mips,int21,startup,fileio,dirio]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import dirio
import ems
import fileio
import int21
import mips
import sessions
import startup
import xms
from benchlib import BenchError, Options, Result, base_parser, options_from, print_table

BENCHMARKS = {
    "mips": mips.run,
    "int21": int21.run,
    "startup": startup.run,
    "fileio": fileio.run,
    "dirio": dirio.run,
    "xms": xms.run,
    "ems": ems.run,
    "sessions": sessions.run,
}


def parser() -> argparse.ArgumentParser:
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--only", default=",".join(BENCHMARKS), metavar="NAMES",
                   help="comma-separated benchmarks to run (default %(default)s)")
    return p


def selected(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)} (known: {', '.join(BENCHMARKS)})")
    return names


def run_one(name: str, opts: Options) -> Result | list[Result] | None:
    try:
        return BENCHMARKS[name](opts)
    except BenchError as exc:
        print(f"{name}: {exc}")
        return None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    names = selected(args.only)
    opts = options_from(args)
    print(f"host: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    started = time.perf_counter()
    results: list[Result] = []
    failed = False
    for name in names:
        print()
        result = run_one(name, opts)
        failed |= result is None
        if result is not None:
            results.extend(result if isinstance(result, list) else [result])  # sessions gives several
    print(f"\nsummary (medians of {opts.runs} runs, {time.perf_counter() - started:.0f} s in all)")
    print_table(results)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
