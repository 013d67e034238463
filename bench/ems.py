"""EMS page mapping: INT 67h/44h calls per second on mvm and on DOSBox's built-in EMS.

The guest (guest/ems.asm) finds the driver by its name at INT 67h's segment,
allocates 8 pages and makes N map calls in a loop, each one changing what a
frame page shows (logical page i mod 8 at physical page i mod 4). The same loop
without the INT (two instructions in its place) is timed too, and its time
taken off. Each emulator runs N1 and N2 calls; calls/s = (N2 - N1) /
(dT_calls - dT_empty), where dT is the difference of the median times of the N2
and N1 runs. DOSBox runs with its default `ems=true`.

    python3 bench/ems.py [--runs N] [--mvm-calls N1,N2] [--dosbox-calls N1,N2]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchlib import (
    Emulator,
    Options,
    Result,
    Sample,
    Timing,
    assemble,
    base_parser,
    bench_main,
    dosbox_banner,
    fmt_samples,
    make_result,
    measure_interleaved,
    parse_counts,
    print_result,
)

SOURCE = "ems.asm"
EXPECT = "calls done"
MVM_CALLS = (20_000, 200_000)
# DOSBox maps several million pages a second: after its warm-up loop N2 takes about 1-2 s.
DOSBOX_CALLS = (1_000_000, 10_000_000)
GOAL_FACTOR = 2.0




def build(folder: Path, emu: Emulator, counts: tuple[int, int]) -> dict[str, tuple[str, str]]:
    """Programs per kind: (N1 name, N2 name), in 8.3 names for DOS."""
    names: dict[str, tuple[str, str]] = {}
    for kind, extra in (("call", {}), ("empty", {"EMPTY": None})):
        small, large = (f"{emu.tag}EMS{kind[0].upper()}{i}.COM" for i in (1, 2))
        for name, calls in ((small, counts[0]), (large, counts[1])):
            assemble(SOURCE, folder / name, {"CALLS": calls, **extra, **emu.defines})
        names[kind] = (small, large)
    return names


def measure(opts: Options, counts: dict[str, tuple[int, int]]) -> dict[str, Timing]:
    return measure_interleaved(opts, counts, build, EXPECT)


def report(label: str, timing: Timing) -> Sample:
    n1, n2 = timing.counts
    pad = " " * len(label)
    for kind, (small, large) in timing.times.items():
        print(f"  {label if kind == 'call' else pad}  {kind:5} N={n1}: {fmt_samples(small)}")
        print(f"  {pad}  {kind:5} N={n2}: {fmt_samples(large)}")
    value = timing.rate("call", "empty")
    print(f"  {pad}  {1e6 / value.wall:.3f} us per call (wall), {1e6 / value.cpu:.3f} us (cpu)")
    return value


def run(opts: Options, mvm_calls: tuple[int, int] = MVM_CALLS,
        dosbox_calls: tuple[int, int] = DOSBOX_CALLS) -> Result:
    print(f"EMS page mapping: INT 67h AH=44h in a loop, {opts.runs} runs each")
    dosbox_banner(opts)
    timings = measure(opts, {"mvm": mvm_calls, "DOSBox": dosbox_calls})
    mvm = report("mvm", timings["mvm"])
    dosbox = report("DOSBox", timings["DOSBox"]) if "DOSBox" in timings else None
    met = None if dosbox is None else mvm.wall >= GOAL_FACTOR * dosbox.wall
    result = make_result("EMS map (INT 67h/44h)", "calls/s", mvm, dosbox, f">= {GOAL_FACTOR:g}x DOSBox", met)
    print_result(result)
    return result


def parser() -> argparse.ArgumentParser:
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--mvm-calls", type=parse_counts, default=MVM_CALLS, metavar="N1,N2",
                   help="calls of the two mvm runs (default %(default)s)")
    p.add_argument("--dosbox-calls", type=parse_counts, default=DOSBOX_CALLS, metavar="N1,N2",
                   help="calls of the two DOSBox runs (default %(default)s)")
    return p


def main(argv: list[str] | None = None) -> int:
    return bench_main("ems", parser(), lambda opts, args: run(opts, args.mvm_calls, args.dosbox_calls), argv)


if __name__ == "__main__":
    raise SystemExit(main())
