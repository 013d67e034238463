"""Compute speed: MIPS of a real-mode sieve of Eratosthenes on mvm and on DOSBox.

The guest (guest/sieve.asm) repeats the classic 8190-flag sieve ITERS times.
Its instruction count per iteration is counted exactly, once, by single-stepping
two iterations on mvm's unicorn engine (the program uses no REP prefixes, so the
count is the same on every x86 core). Each emulator runs the program for N1 and
N2 iterations; MIPS = (N2 - N1) * instructions per iteration / (T(N2) - T(N1)),
with T the median time, so start-up and shutdown drop out.

    python3 bench/mips.py [--runs N] [--mvm-iters N1,N2] [--dosbox-iters N1,N2]
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchlib import (
    BenchError,
    Emulator,
    Options,
    Result,
    Sample,
    assemble,
    base_parser,
    bench_main,
    delta,
    dosbox_banner,
    emulators,
    fmt_samples,
    make_result,
    parse_counts,
    per_second,
    print_result,
)

if TYPE_CHECKING:
    from mvm.ist.unicorn_engine import UnicornEngine

SOURCE = "sieve.asm"
EXPECT = "primes=1899"
MVM_ITERS = (1000, 5000)
# After the warm-up loop, N2 makes a DOSBox run of about 4 s.
DOSBOX_ITERS = (1000, 5000)
GOAL_RATIO = 2.0
LOAD_SEG = 0x1000
STEP_LIMIT = 5_000_000


@dataclass
class Timing:
    counts: tuple[int, int]
    small: list[Sample]
    large: list[Sample]


def count_per_iteration(folder: Path) -> int:
    """Instructions in one sieve iteration, by single-stepping ITERS=2 on the unicorn engine."""
    from mvm.ist import GuestRam, create_engine
    from mvm.ist.memory import HMA_END

    code = assemble(SOURCE, folder / "COUNT.COM", {"ITERS": 2}).read_bytes()
    done, outer = int.from_bytes(code[3:5], "little"), int.from_bytes(code[5:7], "little")
    ram = GuestRam(HMA_END)
    engine = create_engine("unicorn", ram)
    try:
        ram.write((LOAD_SEG << 4) + 0x100, code)
        engine.set_regs(cs=LOAD_SEG, ds=LOAD_SEG, es=LOAD_SEG, ss=LOAD_SEG, esp=0xFFFE, eip=0x100)
        visits = step_until(engine, done, outer)
    finally:
        engine.close()
        ram.close()
    first, second, end = visits
    if second - first != end - second:
        raise BenchError(f"sieve iterations differ in length: {second - first} and {end - second}")
    return second - first


def step_until(engine: UnicornEngine, done: int, outer: int) -> list[int]:
    """Single-step to IP=`done`; the step numbers at which IP was `outer`, then at `done`."""
    visits: list[int] = []
    for steps in range(STEP_LIMIT):
        ip = engine.regs().ip
        if ip == outer:
            visits.append(steps)
        elif ip == done:
            visits.append(steps)
            break
        engine.step(1)
    else:
        raise BenchError(f"the sieve did not finish within {STEP_LIMIT} single steps")
    if len(visits) != 3:
        raise BenchError(f"expected two sieve iterations, saw visits at steps {visits}")
    return visits


def build(folder: Path, emu: Emulator, counts: tuple[int, int]) -> tuple[str, str]:
    names = (f"{emu.tag}1.COM", f"{emu.tag}2.COM")
    for name, iters in zip(names, counts, strict=True):
        assemble(SOURCE, folder / name, {"ITERS": iters, **emu.defines})
    return names


def measure(opts: Options, counts: dict[str, tuple[int, int]]) -> dict[str, Timing]:
    """Interleave the runs of the emulators, so that load changes on the box hit them alike."""
    emus = emulators(opts)
    timings = {emu.name: Timing(counts[emu.name], [], []) for emu in emus}
    with tempfile.TemporaryDirectory(prefix="mvm-bench-") as tmp:
        folder = Path(tmp)
        names = {emu.name: build(folder, emu, counts[emu.name]) for emu in emus}
        for _ in range(opts.runs):
            for emu in emus:
                small, large = names[emu.name]
                timings[emu.name].small.append(emu.timer(folder, small, EXPECT))
                timings[emu.name].large.append(emu.timer(folder, large, EXPECT))
    return timings


def report(label: str, timing: Timing, per_iter: int) -> Sample:
    """MIPS by wall and by CPU time."""
    n1, n2 = timing.counts
    print(f"  {label}: N={n1}: {fmt_samples(timing.small)}")
    print(f"  {' ' * len(label)}  N={n2}: {fmt_samples(timing.large)}")
    return per_second((n2 - n1) * per_iter / 1e6, delta(timing.small, timing.large))


def run(opts: Options, mvm_iters: tuple[int, int] = MVM_ITERS,
        dosbox_iters: tuple[int, int] = DOSBOX_ITERS) -> Result:
    print(f"compute speed: sieve of Eratosthenes, {opts.runs} runs each")
    with tempfile.TemporaryDirectory(prefix="mvm-bench-") as tmp:
        per_iter = count_per_iteration(Path(tmp))
    print(f"  {per_iter} instructions per sieve iteration (single-stepped on mvm's unicorn engine)")
    dosbox_banner(opts)
    timings = measure(opts, {"mvm": mvm_iters, "DOSBox": dosbox_iters})
    mvm = report("mvm", timings["mvm"], per_iter)
    dosbox = report("DOSBox", timings["DOSBox"], per_iter) if "DOSBox" in timings else None
    met = None if dosbox is None else mvm.wall >= GOAL_RATIO * dosbox.wall
    result = make_result("compute (sieve)", "MIPS", mvm, dosbox, f">= {GOAL_RATIO:g}x DOSBox", met)
    print_result(result)
    return result


def parser() -> argparse.ArgumentParser:
    p = base_parser(__doc__.splitlines()[0])
    p.add_argument("--mvm-iters", type=parse_counts, default=MVM_ITERS, metavar="N1,N2",
                   help="sieve iterations of the two mvm runs (default %(default)s)")
    p.add_argument("--dosbox-iters", type=parse_counts, default=DOSBOX_ITERS, metavar="N1,N2",
                   help="sieve iterations of the two DOSBox runs (default %(default)s)")
    return p


def main(argv: list[str] | None = None) -> int:
    return bench_main("mips", parser(), lambda opts, args: run(opts, args.mvm_iters, args.dosbox_iters), argv)


if __name__ == "__main__":
    raise SystemExit(main())
