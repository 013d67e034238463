"""Shared pieces of the benchmarks: assembling guests, timing mvm and DOSBox, reporting.

Every figure is a median over several runs. Rates come from the difference of
two run lengths (N1 and N2 iterations), so that start-up, program loading and
shutdown drop out of the result. The headline figures are wall-clock ones; the
same figures by CPU time (user + system, of this process for in-process mvm runs,
of the child for mvm and DOSBox processes) are shown alongside, as they suffer
less from other load on the machine.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
GUEST = BENCH / "guest"
REPO = BENCH.parent
SRC = REPO / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

DEFAULT_RUNS = 5
# Iterations of a 2-instruction busy loop that DOSBox programs run before the measured
# part (the same for both run lengths, so it drops out): DOSBox's cycles=max starts
# slow and tunes itself during the first second or so.
DOSBOX_WARMUP = 50_000_000
DOSBOX_TIMEOUT = 300.0
MVM_TIMEOUT = 600.0


class BenchError(RuntimeError):
    """A program did not run as expected, so its timing means nothing."""


@dataclass(frozen=True)
class Sample:
    """One timed run: wall-clock seconds, and CPU seconds (user + system) it used."""

    wall: float
    cpu: float


@dataclass
class Result:
    """One line of the summary table (wall-clock figures), with the CPU-time figures."""

    name: str
    unit: str
    mvm: float
    dosbox: float | None
    goal: str
    goal_met: bool | None  # None: not known (a goal relative to DOSBox, without DOSBox)
    higher_is_better: bool = True
    mvm_cpu: float | None = None
    dosbox_cpu: float | None = None


def make_result(name: str, unit: str, mvm: Sample, dosbox: Sample | None, goal: str, goal_met: bool | None,
                higher_is_better: bool = True) -> Result:
    """A Result from (wall, cpu) figures of mvm and, if measured, DOSBox."""
    return Result(name, unit, mvm.wall, None if dosbox is None else dosbox.wall, goal, goal_met, higher_is_better,
                  mvm.cpu, None if dosbox is None else dosbox.cpu)


# -- building guests -----------------------------------------------------------------------
def assemble(source: str, out: Path, defines: dict[str, object] | None = None) -> Path:
    """Assemble bench/guest/SOURCE with nasm into `out` (a .COM file)."""
    if shutil.which("nasm") is None:
        raise BenchError("nasm is not installed (apt-get install nasm)")
    cmd = ["nasm", "-f", "bin", "-I", f"{GUEST}/", str(GUEST / source), "-o", str(out)]
    for key, value in (defines or {}).items():
        cmd.append(f"-D{key}" if value is None else f"-D{key}={value}")
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise BenchError(f"nasm failed on {source}: {done.stderr.strip()}")
    return out


# -- statistics ------------------------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def medians(samples: Sequence[Sample]) -> Sample:
    """The median wall time and the median CPU time (each on its own)."""
    return Sample(median([s.wall for s in samples]), median([s.cpu for s in samples]))


def delta(small: Sequence[Sample], large: Sequence[Sample]) -> Sample:
    """Median times of the longer runs minus those of the shorter ones."""
    lo, hi = medians(small), medians(large)
    return Sample(hi.wall - lo.wall, hi.cpu - lo.cpu)


def per_second(units: float, seconds: Sample) -> Sample:
    """`units` over the wall and the CPU seconds (the fields then hold rates)."""
    if seconds.wall <= 0 or seconds.cpu <= 0:
        raise BenchError(f"the longer runs were not slower than the shorter ones ({seconds}): raise the counts")
    return Sample(units / seconds.wall, units / seconds.cpu)


def parse_counts(text: str) -> tuple[int, int]:
    """'N1,N2' -> (N1, N2) with 0 < N1 < N2."""
    try:
        n1, n2 = (int(part.replace("_", "")) for part in text.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected N1,N2, got {text!r}") from exc
    if not 0 < n1 < n2:
        raise argparse.ArgumentTypeError(f"need 0 < N1 < N2, got {text!r}")
    return n1, n2


@dataclass
class Options:
    """What every benchmark takes from the command line."""

    runs: int = DEFAULT_RUNS
    dosbox: str | None = "dosbox"  # the executable; None: measure mvm only
    dosbox_cycles: str = "max"
    dosbox_warmup: int = DOSBOX_WARMUP
    mvm_process: bool = False


def base_parser(description: str, loops: bool = True) -> argparse.ArgumentParser:
    """The common options; `loops` adds those of the loop benchmarks (mips, int21)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--runs", type=int, default=DEFAULT_RUNS, help=f"runs per measurement (default {DEFAULT_RUNS})")
    p.add_argument("--no-dosbox", action="store_true", help="measure mvm only")
    p.add_argument("--dosbox", default="dosbox", metavar="PATH", help="the DOSBox executable (default %(default)s)")
    p.add_argument("--dosbox-cycles", default="max", metavar="SETTING",
                   help="DOSBox [cpu] cycles setting (default %(default)s)")
    if loops:
        p.add_argument("--dosbox-warmup", type=int, default=DOSBOX_WARMUP, metavar="N",
                       help="busy-loop iterations DOSBox programs run before the measured part "
                            "(default %(default)s; 0 for none)")
        p.add_argument("--mvm-process", action="store_true",
                       help="time whole `python -m mvm run` processes instead of Machine.run in this process")
    return p


def options_from(args: argparse.Namespace) -> Options:
    if args.runs < 1:
        raise SystemExit("--runs must be at least 1")
    return Options(runs=args.runs, dosbox=find_dosbox(args.dosbox, args.no_dosbox), dosbox_cycles=args.dosbox_cycles,
                   dosbox_warmup=getattr(args, "dosbox_warmup", DOSBOX_WARMUP),
                   mvm_process=getattr(args, "mvm_process", False))


def bench_main(name: str, parser: argparse.ArgumentParser, run, argv: list[str] | None = None) -> int:
    """A bench script's main: parse its arguments, call `run(options, args)`, and turn a
    BenchError (no DOSBox, a program that failed) into one line and exit status 1."""
    args = parser.parse_args(argv)
    try:
        run(options_from(args), args)
    except BenchError as exc:
        print(f"{name}: {exc}")
        return 1
    return 0


@dataclass
class Emulator:
    """How to time a program on one emulator, and what its programs need built in."""

    name: str
    timer: Callable[[Path, str, str], Sample]
    defines: dict[str, object]
    tag: str


def emulators(opts: Options) -> list[Emulator]:
    """mvm, then DOSBox when it is to be measured."""
    found = [Emulator("mvm", mvm_timer(opts.mvm_process), {}, "M")]
    if opts.dosbox:
        extra: dict[str, object] = {"WARMUP": opts.dosbox_warmup} if opts.dosbox_warmup > 0 else {}
        timer = functools.partial(time_dosbox, exe=opts.dosbox, cycles=opts.dosbox_cycles)
        found.append(Emulator("DOSBox", timer, extra, "D"))
    return found


def dosbox_banner(opts: Options) -> None:
    if opts.dosbox:
        print(f"  DOSBox {dosbox_version(opts.dosbox)}: core=dynamic, cycles={opts.dosbox_cycles}, "
              f"warm-up loop {opts.dosbox_warmup:,} iterations")


# -- mvm -----------------------------------------------------------------------------------------
def mvm_env() -> dict[str, str]:
    env = dict(os.environ)
    # Measure mvm as installed Python programs run: with their compiled modules cached (a
    # PYTHONDONTWRITEBYTECODE inherited from the shell would add their compilation to every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return env


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_process(cmd: list[str], folder: Path, env: dict[str, str], timeout: float,
                  ) -> tuple[Sample, subprocess.CompletedProcess[bytes]]:
    """Run a command to its end; its wall and CPU time."""
    cpu = children_cpu()
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{' '.join(cmd)}: still running after {timeout:g} s") from exc
    wall = time.perf_counter() - start
    return Sample(wall, children_cpu() - cpu), done


def time_mvm_process(folder: Path, program: str, expect: str) -> Sample:
    """Time of a whole `python -m mvm run PROGRAM` process run in `folder`."""
    sample, done = timed_process([sys.executable, "-m", "mvm", "run", program], folder, mvm_env(), MVM_TIMEOUT)
    out = done.stdout.decode("latin-1")
    if done.returncode != 0 or expect not in out:
        raise BenchError(f"mvm run {program}: exit {done.returncode}, stdout {out[-200:]!r}, "
                         f"stderr {done.stderr.decode('latin-1')[-400:]!r}")
    return sample


def time_mvm_inprocess(folder: Path, program: str, expect: str) -> Sample:
    """Time of Machine.run(PROGRAM) in this process (building the Machine is not timed)."""
    from mvm import Machine

    machine = Machine({"C": str(folder)})
    try:
        cpu, start = time.process_time(), time.perf_counter()
        result = machine.run(program, stdin=b"", timeout=MVM_TIMEOUT)
        sample = Sample(time.perf_counter() - start, time.process_time() - cpu)
    finally:
        machine.close()
    out = result.stdout.decode("latin-1")
    if result.status != "exited" or result.exit_code != 0 or expect not in out:
        raise BenchError(f"mvm {program}: {result.status} (exit {result.exit_code}), stdout {out[-200:]!r}, "
                         f"{result.report[-400:]}")
    return sample


def mvm_timer(process: bool) -> Callable[[Path, str, str], Sample]:
    return time_mvm_process if process else time_mvm_inprocess


# -- DOSBox --------------------------------------------------------------------------------------
DOSBOX_CONF = """\
[sdl]
output=surface
pauseonfocuslost=false
[render]
frameskip=0
[cpu]
core={core}
cputype=auto
cycles={cycles}
[mixer]
nosound=true
[midi]
mpu401=none
mididevice=none
[speaker]
pcspeaker=false
tandy=off
disney=false
[sblaster]
sbtype=none
[gus]
gus=false
[autoexec]
mount c "{folder}"
c:
{command} > {output}
exit
"""


def find_dosbox(name: str, skip: bool) -> str | None:
    """The DOSBox executable to measure, or None (and says why) to measure mvm only."""
    if skip:
        return None
    exe = shutil.which(name)
    if exe is None:
        print(f"{name} is not installed: reporting mvm figures only")
    return exe


def dosbox_version(exe: str) -> str:
    done = subprocess.run([exe, "-version"], capture_output=True, text=True, env=dosbox_env(), timeout=30)
    for line in (done.stdout + done.stderr).splitlines():
        if line.startswith("DOSBox version"):
            return line.split(",")[0].removeprefix("DOSBox version").strip()
    return "unknown version"


def dosbox_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SDL_VIDEODRIVER"] = "dummy"
    env["SDL_AUDIODRIVER"] = "dummy"
    return env


def write_dosbox_conf(folder: Path, command: str, output: str, core: str, cycles: str) -> Path:
    conf = folder / f"{Path(command).stem.lower()}.conf"
    conf.write_text(DOSBOX_CONF.format(core=core, cycles=cycles, folder=folder, command=command, output=output))
    return conf


def time_dosbox(folder: Path, program: str, expect: str, *, exe: str = "dosbox", core: str = "dynamic",
                cycles: str = "max") -> Sample:
    """Time of a whole DOSBox process that runs PROGRAM (in `folder`) and exits.

    The program's output goes to a file through a DOS redirect; unless it holds
    `expect` afterwards the run counts as failed, so a DOSBox that never ran the
    program cannot pass for a fast one.
    """
    output = "OUT.TXT"
    out_path = folder / output
    out_path.unlink(missing_ok=True)
    conf = write_dosbox_conf(folder, program, output, core, cycles)
    sample, done = timed_process([exe, "-conf", str(conf)], folder, dosbox_env(), DOSBOX_TIMEOUT)
    text = out_path.read_text("latin-1") if out_path.exists() else ""
    if expect not in text:
        log = (done.stdout + done.stderr).decode("latin-1")
        raise BenchError(f"DOSBox did not run {program} to the end (exit {done.returncode}); "
                         f"{output}: {text[-200:]!r}; log tail: {log[-600:]!r}")
    return sample


# -- runs in fresh folders ---------------------------------------------------------------------
@dataclass
class Series:
    """One emulator's samples for two run lengths (counts), per kind of program."""

    counts: tuple[int, int]
    # kind -> [samples of the N1 runs, samples of the N2 runs]
    times: dict[str, list[list[Sample]]] = field(default_factory=dict)

    def add(self, kind: str, index: int, sample: Sample) -> None:
        self.times.setdefault(kind, [[], []])[index].append(sample)

    def delta(self, kind: str) -> Sample:
        """Median time of the N2 runs minus that of the N1 runs of one kind."""
        return delta(*self.times[kind])


def time_fresh(timer: Callable[[Path, str, str], Sample], program: Path, expect: str,
               leftovers: str | None = None) -> Sample:
    """Time `program` in a fresh temporary folder holding only a copy of it.

    For guests that write files: each run starts from an empty folder. `leftovers`
    is a file name pattern (any case) that nothing in the folder may match after
    the run, as a host-side check that the guest's deletes really happened.
    """
    with tempfile.TemporaryDirectory(prefix="mvm-bench-run-") as tmp:
        folder = Path(tmp)
        shutil.copyfile(program, folder / program.name)
        sample = timer(folder, program.name, expect)
        if leftovers:
            left = sorted(p.name for p in folder.iterdir() if fnmatch.fnmatch(p.name.upper(), leftovers.upper()))
            if left:
                raise BenchError(f"{program.name}: {len(left)} file(s) left behind: {', '.join(left[:5])}")
    return sample


# -- reporting -----------------------------------------------------------------------------------
def fmt_samples(samples: Sequence[Sample]) -> str:
    walls = [s.wall for s in samples]
    cpu = median([s.cpu for s in samples])
    return f"wall {median(walls):.3f} s (spread {min(walls):.3f}-{max(walls):.3f}), cpu {cpu:.3f} s"


def fmt_number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def ratio_text(mvm: float, dosbox: float | None, higher_is_better: bool) -> str:
    """mvm against DOSBox as a speed factor (> 1 means mvm is faster)."""
    if dosbox is None or mvm <= 0 or dosbox <= 0:
        return "-"
    factor = mvm / dosbox if higher_is_better else dosbox / mvm
    return f"{factor:.2f}x"


def met_text(met: bool | None) -> str:
    return "unknown" if met is None else "met" if met else "not met"


def cpu_note(value: float | None, unit: str) -> str:
    return "" if value is None else f"   (by CPU time: {fmt_number(value)} {unit})"


def print_result(result: Result) -> None:
    print(f"  mvm:    {fmt_number(result.mvm)} {result.unit}{cpu_note(result.mvm_cpu, result.unit)}")
    if result.dosbox is None:
        print("  DOSBox: not measured")
    else:
        print(f"  DOSBox: {fmt_number(result.dosbox)} {result.unit}{cpu_note(result.dosbox_cpu, result.unit)}")
        ratio = ratio_text(result.mvm, result.dosbox, result.higher_is_better)
        cpu_ratio = ratio_text(result.mvm_cpu or 0, result.dosbox_cpu, result.higher_is_better)
        print(f"  speed of mvm / DOSBox: {ratio}   (by CPU time: {cpu_ratio})")
    print(f"  goal: {result.goal} -> {met_text(result.goal_met)}")


def print_table(results: Sequence[Result]) -> None:
    rows = [("benchmark", "mvm", "DOSBox", "mvm speed/DOSBox", "goal", "met")]
    for r in results:
        dosbox = "-" if r.dosbox is None else f"{fmt_number(r.dosbox)} {r.unit}"
        rows.append((r.name, f"{fmt_number(r.mvm)} {r.unit}", dosbox, ratio_text(r.mvm, r.dosbox, r.higher_is_better),
                     r.goal, met_text(r.goal_met)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


@dataclass
class Timing:
    """Samples of a short and a long run per kind of program, for rates by difference."""

    counts: tuple[int, int]
    # kind -> [samples of the N1 run, samples of the N2 run]
    times: dict[str, list[list[Sample]]] = field(default_factory=dict)

    def add(self, kind: str, index: int, sample: Sample) -> None:
        self.times.setdefault(kind, [[], []])[index].append(sample)

    def rate(self, kind: str, baseline: str | None = None) -> Sample:
        """Units per second of `kind`, less the time of the `baseline` kind (an empty loop)."""
        n1, n2 = self.counts
        seconds = delta(*self.times[kind])
        if baseline is not None:
            empty = delta(*self.times[baseline])
            seconds = Sample(seconds.wall - empty.wall, seconds.cpu - empty.cpu)
        return per_second(n2 - n1, seconds)


def measure_interleaved(opts: Options, counts: dict[str, tuple[int, int]],
                        build: Callable[[Path, Emulator, tuple[int, int]], dict[str, tuple[str, str]]],
                        expect: str) -> dict[str, Timing]:
    """Run every emulator's programs (built by `build`: kind -> (N1 name, N2 name)) `opts.runs`
    times, interleaving the emulators so that load changes on the box hit them alike."""
    emus = emulators(opts)
    timings = {emu.name: Timing(counts[emu.name]) for emu in emus}
    with tempfile.TemporaryDirectory(prefix="mvm-bench-") as tmp:
        folder = Path(tmp)
        names = {emu.name: build(folder, emu, counts[emu.name]) for emu in emus}
        for _ in range(opts.runs):
            for emu in emus:
                for kind, pair in names[emu.name].items():
                    for index, name in enumerate(pair):
                        timings[emu.name].add(kind, index, emu.timer(folder, name, expect))
    return timings
