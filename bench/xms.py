"""XMS move speed: MiB/s of 1 MiB XMS moves (function 0Bh) on mvm and on DOSBox's built-in XMS.

The guest (guest/xms.asm) allocates two EMBs of 1 MiB and moves 1 MiB N times:
EMB to EMB, or (built with CONV) from conventional memory (the first MiB, from
0000:0000) to an EMB. Each emulator runs N1 and N2 moves of each kind; MiB/s =
(N2 - N1) / (T(N2) - T(N1)), with T the median time, so start-up, the driver
look-up and the allocations drop out. The headline figure is the kind on which
mvm's lead over DOSBox is the smaller one.

    python3 bench/xms.py [--runs N] [--mvm-moves N1,N2] [--dosbox-moves N1,N2]
"""

from __future__ import annotations

from pathlib import Path

from benchlib import (
    BenchError,
    Emulator,
    Options,
    Result,
    Sample,
    Timing,
    assemble,
    base_parser,
    dosbox_banner,
    fmt_number,
    fmt_samples,
    make_result,
    measure_interleaved,
    options_from,
    parse_counts,
    print_result,
)

SOURCE = "xms.asm"
EXPECT = "moves done"
KINDS = {"emb": ("EMB->EMB", {}), "conv": ("conv->EMB", {"CONV": None})}
MVM_MOVES = (2_000, 20_000)
# DOSBox copies about 1 GiB/s: after the warm-up loop N2 takes about 2 s.
DOSBOX_MOVES = (200, 2_000)
GOAL_RATIO = 2.0




def build(folder: Path, emu: Emulator, counts: tuple[int, int]) -> dict[str, tuple[str, str]]:
    """Programs per kind: (N1 name, N2 name), in 8.3 names for DOS."""
    names: dict[str, tuple[str, str]] = {}
    for kind, (_label, extra) in KINDS.items():
        small, large = (f"{emu.tag}X{kind[0].upper()}{i}.COM" for i in (1, 2))
        for name, moves in ((small, counts[0]), (large, counts[1])):
            assemble(SOURCE, folder / name, {"MOVES": moves, **extra, **emu.defines})
        names[kind] = (small, large)
    return names


def measure(opts: Options, counts: dict[str, tuple[int, int]]) -> dict[str, Timing]:
    return measure_interleaved(opts, counts, build, EXPECT)


def report(label: str, timing: Timing) -> dict[str, Sample]:
    n1, n2 = timing.counts
    pad = " " * len(label)
    rates = {}
    for n, (kind, (small, large)) in enumerate(timing.times.items()):
        what = KINDS[kind][0]
        print(f"  {label if n == 0 else pad}  {what:9} N={n1}: {fmt_samples(small)}")
        print(f"  {pad}  {what:9} N={n2}: {fmt_samples(large)}")
        rates[kind] = timing.rate(kind)
        print(f"  {pad}  {what:9} {fmt_number(rates[kind].wall)} MiB/s (wall), "
              f"{fmt_number(rates[kind].cpu)} MiB/s (cpu)")
    return rates


def run(opts: Options, mvm_moves: tuple[int, int] = MVM_MOVES,
        dosbox_moves: tuple[int, int] = DOSBOX_MOVES) -> Result:
    print(f"XMS moves: 1 MiB per move (function 0Bh), EMB->EMB and conv->EMB, {opts.runs} runs each")
    dosbox_banner(opts)
    timings = measure(opts, {"mvm": mvm_moves, "DOSBox": dosbox_moves})
    mvm = report("mvm", timings["mvm"])
    dosbox = report("DOSBox", timings["DOSBox"]) if "DOSBox" in timings else None
    results = {}
    for kind, (what, _extra) in KINDS.items():
        other = None if dosbox is None else dosbox[kind]
        met = None if other is None else mvm[kind].wall >= GOAL_RATIO * other.wall
        results[kind] = make_result(f"XMS move {what}", "MiB/s", mvm[kind], other,
                                    f">= {GOAL_RATIO:g}x DOSBox", met)
    for result in results.values():
        print(f" {result.name}:")
        print_result(result)
    # The summary line: the kind on which mvm is the least ahead (both when DOSBox is absent: EMB->EMB).
    if dosbox is None:
        return results["emb"]
    return min(results.values(), key=lambda r: r.mvm / r.dosbox)


def parser():
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--mvm-moves", type=parse_counts, default=MVM_MOVES, metavar="N1,N2",
                   help="moves of the two mvm runs (default %(default)s)")
    p.add_argument("--dosbox-moves", type=parse_counts, default=DOSBOX_MOVES, metavar="N1,N2",
                   help="moves of the two DOSBox runs (default %(default)s)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        run(options_from(args), args.mvm_moves, args.dosbox_moves)
    except BenchError as exc:
        print(f"xms: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
