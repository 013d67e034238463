"""Directory work: file creates, listings and deletes per second on mvm and on DOSBox.

The guest (guest/dirio.asm) creates N empty files F0001.TXT ... (3Ch + 3Eh), lists
them with find first/next on F*.TXT (4Eh/4Fh) and checks every entry, deletes them
all (41h) and checks that a search then finds nothing. That is 4 INT 21h calls per
file (create, close, one find, delete). Each emulator runs it for N1 and N2 files,
every run in a fresh empty folder; with dT the difference of the median times:

    operations/s = 4 (N2 - N1) / dT        time per file = dT / (N2 - N1)

The cost of a file can grow with the number of files in the folder (it does in
DOSBox), so the figures hold for files N1+1 to N2 of a folder. The host file system
counts too: creating a file costs far more on some disks than in memory, for both
emulators; TMPDIR=/dev/shm runs the folders in memory.

    python3 bench/dirio.py [--runs N] [--counts N1,N2]   (N2 at most 9999)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchlib import (
    Emulator,
    Options,
    Result,
    Sample,
    Series,
    assemble,
    base_parser,
    bench_main,
    dosbox_banner,
    emulators,
    fmt_samples,
    make_result,
    parse_counts,
    per_second,
    print_result,
    time_fresh,
)

SOURCE = "dirio.asm"
FILES = "F*.TXT"
COUNTS = (500, 2000)
CALLS_PER_FILE = 4
GOAL_RATIO = 2.0
KIND = "cycle"


def expect(count: int) -> str:
    """The guest's last line, which a run must print to count."""
    return f"dirio done: {count} created, {count} listed, {count} deleted"


def build(folder: Path, emu: Emulator, counts: tuple[int, int]) -> tuple[Path, Path]:
    """The N1 and N2 programs, with 8.3 names for DOS (not matching F*.TXT)."""
    small, large = (assemble(SOURCE, folder / f"{emu.tag}DIR{index}.COM", {"COUNT": count, **emu.defines})
                    for index, count in enumerate(counts, 1))
    return small, large


def measure(opts: Options, counts: tuple[int, int]) -> dict[str, Series]:
    """Interleave the runs of the emulators, so that load changes on the box hit them alike."""
    emus = emulators(opts)
    series = {emu.name: Series(counts) for emu in emus}
    with tempfile.TemporaryDirectory(prefix="mvm-bench-") as tmp:
        programs = {emu.name: build(Path(tmp), emu, counts) for emu in emus}
        for _ in range(opts.runs):
            for emu in emus:
                for index, (program, count) in enumerate(zip(programs[emu.name], counts, strict=True)):
                    sample = time_fresh(emu.timer, program, expect(count), leftovers=FILES)
                    series[emu.name].add(KIND, index, sample)
    return series


def report(label: str, series: Series) -> Sample:
    """Print the times and the rates; return operations per second."""
    n1, n2 = series.counts
    pad = " " * len(label)
    small, large = series.times[KIND]
    print(f"  {label}  {n1:>4} files: {fmt_samples(small)}")
    print(f"  {pad}  {n2:>4} files: {fmt_samples(large)}")
    files = per_second(n2 - n1, series.delta(KIND))
    print(f"  {pad}  files {n1 + 1}-{n2}: {files.wall:,.0f} files/s, {1e3 / files.wall:.3f} ms per file (wall); "
          f"{files.cpu:,.0f} files/s, {1e3 / files.cpu:.3f} ms (cpu)")
    return Sample(files.wall * CALLS_PER_FILE, files.cpu * CALLS_PER_FILE)


def run(opts: Options, counts: tuple[int, int] = COUNTS) -> Result:
    print(f"directory: create, list, delete {counts[0]} and {counts[1]} files, {opts.runs} runs each")
    dosbox_banner(opts)
    series = measure(opts, counts)
    mvm = report("mvm", series["mvm"])
    dosbox = report("DOSBox", series["DOSBox"]) if "DOSBox" in series else None
    met = None if dosbox is None else mvm.wall >= GOAL_RATIO * dosbox.wall
    result = make_result("directory ops", "ops/s", mvm, dosbox, f">= {GOAL_RATIO:g}x DOSBox", met)
    print_result(result)
    return result


def parse_file_counts(text: str) -> tuple[int, int]:
    counts = parse_counts(text)
    if counts[1] > 9999:
        raise argparse.ArgumentTypeError(f"at most 9999 files (4-digit names), got {text!r}")
    return counts


def parser() -> argparse.ArgumentParser:
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--counts", type=parse_file_counts, default=COUNTS, metavar="N1,N2",
                   help=f"files of the two run lengths (default {COUNTS[0]},{COUNTS[1]})")
    return p


def main(argv: list[str] | None = None) -> int:
    return bench_main("dirio", parser(), lambda opts, args: run(opts, args.counts), argv)


if __name__ == "__main__":
    raise SystemExit(main())
