"""DOS call speed: INT 21h calls per second on mvm and on DOSBox.

The guest (guest/int21.asm) makes N calls of one INT 21h function (AH=30h, get
DOS version, unless --function says otherwise) in a loop. The same loop without
the INT (two NOPs in its place) is timed too, and its time taken off. Each
emulator runs N1 and N2 calls; calls/s = (N2 - N1) / (dT_calls - dT_empty), where
dT is the difference of the median times of the N2 and N1 runs.

    python3 bench/int21.py [--runs N] [--function 0B] [--mvm-calls N1,N2] [--dosbox-calls N1,N2]
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
    fmt_number,
    fmt_samples,
    make_result,
    measure_interleaved,
    parse_counts,
    print_result,
)

SOURCE = "int21.asm"
EXPECT = "calls done"
MVM_CALLS = (30_000, 300_000)
# DOSBox serves AH=30h calls at several million a second, others (AH=0Bh polls the
# keyboard) at well under one million: after the warm-up loop N2 takes about 3 s.
DOSBOX_CALLS = {0x30: (1_000_000, 15_000_000)}
DOSBOX_CALLS_OTHER = (200_000, 2_000_000)
GOAL = 300_000




def build(folder: Path, emu: Emulator, counts: tuple[int, int], function: int) -> dict[str, tuple[str, str]]:
    """Programs per kind: (N1 name, N2 name), in 8.3 names for DOS."""
    names: dict[str, tuple[str, str]] = {}
    for kind, extra in (("call", {}), ("empty", {"EMPTY": None})):
        small, large = (f"{emu.tag}{kind[0].upper()}{i}.COM" for i in (1, 2))
        for name, calls in ((small, counts[0]), (large, counts[1])):
            defines = {"CALLS": calls, "FUNC": f"0x{function:02X}", **extra, **emu.defines}
            assemble(SOURCE, folder / name, defines)
        names[kind] = (small, large)
    return names


def measure(opts: Options, function: int, counts: dict[str, tuple[int, int]]) -> dict[str, Timing]:
    return measure_interleaved(opts, counts, lambda folder, emu, n: build(folder, emu, n, function), EXPECT)


def report(label: str, timing: Timing) -> Sample:
    n1, n2 = timing.counts
    pad = " " * len(label)
    for kind, (small, large) in timing.times.items():
        print(f"  {label if kind == 'call' else pad}  {kind:5} N={n1}: {fmt_samples(small)}")
        print(f"  {pad}  {kind:5} N={n2}: {fmt_samples(large)}")
    value = timing.rate("call", "empty")
    print(f"  {pad}  {1e6 / value.wall:.3f} us per call (wall), {1e6 / value.cpu:.3f} us (cpu)")
    return value


def run(opts: Options, function: int = 0x30, mvm_calls: tuple[int, int] = MVM_CALLS,
        dosbox_calls: tuple[int, int] | None = None) -> Result:
    dosbox_calls = dosbox_calls or DOSBOX_CALLS.get(function, DOSBOX_CALLS_OTHER)
    print(f"DOS calls: INT 21h AH={function:02X}h in a loop, {opts.runs} runs each")
    dosbox_banner(opts)
    timings = measure(opts, function, {"mvm": mvm_calls, "DOSBox": dosbox_calls})
    mvm = report("mvm", timings["mvm"])
    dosbox = report("DOSBox", timings["DOSBox"]) if "DOSBox" in timings else None
    result = make_result(f"INT 21h AH={function:02X}h", "calls/s", mvm, dosbox, f">= {fmt_number(GOAL)} calls/s",
                         mvm.wall >= GOAL)
    print_result(result)
    return result


def parse_function(text: str) -> int:
    value = int(text.lower().removesuffix("h"), 16)
    if not 0 <= value <= 0xFF or value in (0x00, 0x31, 0x4B, 0x4C):
        raise argparse.ArgumentTypeError(f"AH={text} ends or replaces the program")
    return value


def parser() -> argparse.ArgumentParser:
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--function", type=parse_function, default=0x30, metavar="AH",
                   help="INT 21h function in hex (default 30: get DOS version; 0B: input status)")
    p.add_argument("--mvm-calls", type=parse_counts, default=MVM_CALLS, metavar="N1,N2",
                   help="calls of the two mvm runs (default %(default)s)")
    p.add_argument("--dosbox-calls", type=parse_counts, metavar="N1,N2",
                   help=f"calls of the two DOSBox runs (default {DOSBOX_CALLS[0x30]} for AH=30h, "
                        f"{DOSBOX_CALLS_OTHER} for others)")
    return p


def main(argv: list[str] | None = None) -> int:
    return bench_main("int21", parser(),
                      lambda opts, args: run(opts, args.function, args.mvm_calls, args.dosbox_calls), argv)


if __name__ == "__main__":
    raise SystemExit(main())
