"""File I/O throughput: MiB/s of INT 21h file writes and reads on mvm and on DOSBox.

The guest (guest/fileio.asm) creates a file (3Ch), writes S KiB to it in 32 KiB
writes (40h), closes it (3Eh), opens it again (3Dh), reads it back in 32 KiB reads
(3Fh) and checks the data, closes it and deletes it (41h). A second build
(WRITEONLY) deletes the file right after writing it. Each emulator runs both for
sizes S1 and S2, every run in a fresh empty folder; with dT the difference of the
median times of the S2 and S1 runs:

    write MiB/s          = (S2 - S1) / dT_write-only
    read MiB/s           = (S2 - S1) / (dT_full - dT_write-only)
    write + read MiB/s   = 2 (S2 - S1) / dT_full          (the headline figure)

    python3 bench/fileio.py [--runs N] [--sizes S1,S2]   (KiB, multiples of 32)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchlib import (
    BenchError,
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

SOURCE = "fileio.asm"
DATA_FILE = "FILEIO.DAT"
# KiB: 4 MiB and 64 MiB. DOSBox's file I/O time is small next to its start-up and
# warm-up (about 2 s): a 16 MiB run is only about 0.3 s longer than a 4 MiB one, too
# close to the noise; 64 MiB makes the difference about 1.5 s.
SIZES = (4096, 65536)
KINDS = {"full": {}, "write": {"WRITEONLY": None}}
GOAL_RATIO = 2.0


def expect(kind: str, kib: int) -> str:
    """The guest's last line, which a run must print to count."""
    return f"fileio done: {kib} KiB written, {0 if kind == 'write' else kib} KiB read"


def build(folder: Path, emu: Emulator, sizes: tuple[int, int]) -> dict[str, tuple[Path, Path]]:
    """Programs per kind: (S1 program, S2 program), with 8.3 names for DOS."""
    programs: dict[str, tuple[Path, Path]] = {}
    for kind, extra in KINDS.items():
        pair = []
        for index, kib in enumerate(sizes, 1):
            out = folder / f"{emu.tag}{kind[0].upper()}{index}.COM"
            pair.append(assemble(SOURCE, out, {"KIB": kib, **extra, **emu.defines}))
        programs[kind] = (pair[0], pair[1])
    return programs


def measure(opts: Options, sizes: tuple[int, int]) -> dict[str, Series]:
    """Interleave the runs of the emulators, so that load changes on the box hit them alike."""
    emus = emulators(opts)
    series = {emu.name: Series(sizes) for emu in emus}
    with tempfile.TemporaryDirectory(prefix="mvm-bench-") as tmp:
        programs = {emu.name: build(Path(tmp), emu, sizes) for emu in emus}
        for _ in range(opts.runs):
            for emu in emus:
                for kind, pair in programs[emu.name].items():
                    for index, (program, kib) in enumerate(zip(pair, sizes, strict=True)):
                        sample = time_fresh(emu.timer, program, expect(kind, kib), leftovers=DATA_FILE)
                        series[emu.name].add(kind, index, sample)
    return series


def size_text(kib: int) -> str:
    return f"{kib // 1024} MiB" if kib % 1024 == 0 else f"{kib} KiB"


def mib_per_second(mib: float, seconds: float) -> str:
    return f"{mib / seconds:,.1f} MiB/s" if seconds > 0 else "n/a (no time difference)"


def report(label: str, series: Series) -> Sample:
    """Print the times and the write, read and combined rates; return the combined one."""
    s1, s2 = series.counts
    pad = " " * len(label)
    for n, (kind, (small, large)) in enumerate(series.times.items()):
        print(f"  {pad if n else label}  {kind:5} {size_text(s1):>8}: {fmt_samples(small)}")
        print(f"  {pad}  {kind:5} {size_text(s2):>8}: {fmt_samples(large)}")
    mib = (s2 - s1) / 1024
    full, write = series.delta("full"), series.delta("write")
    print(f"  {pad}  write {mib_per_second(mib, write.wall)}, read {mib_per_second(mib, full.wall - write.wall)} "
          f"(wall); write {mib_per_second(mib, write.cpu)}, read {mib_per_second(mib, full.cpu - write.cpu)} (cpu)")
    return per_second(2 * mib, full)


def run(opts: Options, sizes: tuple[int, int] = SIZES) -> Result:
    if any(kib % 32 for kib in sizes):
        raise BenchError(f"sizes must be multiples of 32 KiB, got {sizes}")
    print(f"file I/O: write, then read back, {size_text(sizes[0])} and {size_text(sizes[1])} in 32 KiB calls, "
          f"{opts.runs} runs each")
    dosbox_banner(opts)
    series = measure(opts, sizes)
    mvm = report("mvm", series["mvm"])
    dosbox = report("DOSBox", series["DOSBox"]) if "DOSBox" in series else None
    met = None if dosbox is None else mvm.wall >= GOAL_RATIO * dosbox.wall
    result = make_result("file write+read", "MiB/s", mvm, dosbox, f">= {GOAL_RATIO:g}x DOSBox", met)
    print_result(result)
    return result


def parse_sizes(text: str) -> tuple[int, int]:
    sizes = parse_counts(text)
    if any(kib % 32 for kib in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be multiples of 32 KiB, got {text!r}")
    return sizes


def parser() -> argparse.ArgumentParser:
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", type=parse_sizes, default=SIZES, metavar="S1,S2",
                   help=f"file sizes of the two run lengths in KiB, multiples of 32 (default {SIZES[0]},{SIZES[1]})")
    return p


def main(argv: list[str] | None = None) -> int:
    return bench_main("fileio", parser(), lambda opts, args: run(opts, args.sizes), argv)


if __name__ == "__main__":
    raise SystemExit(main())
