"""Check a CPU engine against single-step test vectors recorded on real CPUs.

The vectors (see shared/cpu-tests/README.md) give, per opcode, the whole register
file and the RAM bytes an instruction touches before and after it ran on a real
8086 or 80286. `run_file` replays one gzipped file on an engine and compares;
`main` is the `mvm vectors` command.

Engines emulate a 386-class CPU, so some recorded behaviour (aliased and
undefined opcodes, 8086 quirks) differs by design. Those tests are listed with
their reasons in vectors_skip.toml; they are run anyway, counted as skipped, and
reported when they start to pass so that the list stays honest.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import UnknownEngine, create_engine
from .base import Engine, ExitReason
from .memory import MIB, GuestRam

RAM_SIZE = 16 * MIB  # 80286 vectors use 24-bit addresses
SKIP_LIST = Path(__file__).with_name("vectors_skip.toml")

# Test register names, and the 32-bit engine register each one is loaded into
# (loading the whole register clears upper halves left by the previous test).
_REGS = ("ax", "bx", "cx", "dx", "si", "di", "bp", "sp", "ip", "flags", "cs", "ds", "es", "ss")
_WIDE = {"ax": "eax", "bx": "ebx", "cx": "ecx", "dx": "edx", "si": "esi", "di": "edi",
         "bp": "ebp", "sp": "esp", "ip": "eip", "flags": "eflags"}

_PREFIXES = frozenset((0x26, 0x2E, 0x36, 0x3E, 0xF0, 0xF1, 0xF2, 0xF3))
_REP = frozenset((0xF2, 0xF3))
_STRING_OPS = frozenset((0x6C, 0x6D, 0x6E, 0x6F, 0xA4, 0xA5, 0xA6, 0xA7, 0xAA, 0xAB, 0xAC, 0xAD,
                         0xAE, 0xAF))
_HLT = 0xF4
# A segment, and the bytes just past it that an engine without the 64 KiB wrap reaches.
_WINDOW = 0x10000 + 16
# 80286 real mode keeps FLAGS bits 12-15 clear: IOPL and NT cannot be set there.
_FLAGS_286 = 0x0FFF


class VectorError(Exception):
    """A vector file, its metadata or the skip list cannot be read or makes no sense."""


@dataclass
class FileResult:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    # Skip-listed tests that passed: their entries should be removed.
    stale: list[tuple[str, str]] = field(default_factory=list)
    # How many tests each skip-list reason covered.
    skip_reasons: Counter[str] = field(default_factory=Counter)


@dataclass
class _Cpu:
    """What differs between the two recorded CPUs."""

    name: str  # folder name, also the skip-list key
    a20: bool  # False: 20-bit address bus, addresses wrap at 1 MiB
    ends_with_hlt: bool  # the recorded run stops at a HLT placed after the instruction
    flags_mask: int


_CPUS = {
    "8086": _Cpu("8086", a20=False, ends_with_hlt=False, flags_mask=0xFFFF),
    "80286": _Cpu("80286", a20=True, ends_with_hlt=True, flags_mask=_FLAGS_286),
}
_CPU_ALIASES = {"8086": "8086", "286": "80286", "80286": "80286"}


# -- loading -----------------------------------------------------------------------
def _load_tests(path: Path) -> list[dict[str, Any]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            tests = json.load(f)
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise VectorError(f"cannot read {path}: {exc}") from exc
    if not isinstance(tests, list):
        raise VectorError(f"{path}: not a list of tests")
    return tests


@cache
def _load_metadata(folder: Path) -> dict[str, Any]:
    meta = folder / "metadata.json"
    try:
        return json.loads(meta.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}  # no flags masks: every flag is compared
    except (OSError, ValueError) as exc:
        raise VectorError(f"cannot read {meta}: {exc}") from exc


def _cpu_of(path: Path, metadata: dict[str, Any]) -> _Cpu:
    for hint in (str(metadata.get("cpu", "")), path.parent.name):
        if hint in _CPU_ALIASES:
            return _CPUS[_CPU_ALIASES[hint]]
    raise VectorError(f"cannot tell the CPU of {path}: expected it in an 8086/ or 80286/ folder")


@cache
def _load_skip_list(path: Path = SKIP_LIST) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VectorError(f"cannot read {path}: {exc}") from exc


def _stem(path: Path) -> str:
    """`D2.4` for `D2.4.json.gz`: the opcode (and group) a file holds."""
    name = path.name
    for suffix in (".json.gz", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _skipped_tests(engine_name: str, cpu: _Cpu, stem: str, count: int) -> dict[int, str]:
    """Index -> reason key, for the tests of one file that the skip list names."""
    section = _load_skip_list().get(engine_name, {})
    reasons = section.get("reasons", {})
    out: dict[int, str] = {}
    for entry in section.get(cpu.name, {}).get(stem, []):
        reason, tests = entry.get("reason"), entry.get("tests")
        if reason not in reasons:
            raise VectorError(f"{SKIP_LIST.name}: {cpu.name}/{stem}: unknown reason {reason!r}")
        if tests == "all":
            tests = range(count)
        elif not isinstance(tests, list) or not all(isinstance(i, int) for i in tests):
            raise VectorError(f"{SKIP_LIST.name}: {cpu.name}/{stem}: tests must be \"all\" "
                              "or a list of indices")
        for i in tests:
            out[i] = reason
    return out


# -- flags masks ---------------------------------------------------------------------
def _opcode_entry(opcodes: dict[str, Any], code: bytes) -> dict[str, Any]:
    """The metadata entry for an instruction's opcode (and ModRM reg for groups)."""
    i = 0
    while i < len(code) - 1 and code[i] in _PREFIXES:
        i += 1
    entry = opcodes.get(f"{code[i]:02X}", {})
    if "reg" in entry and i + 1 < len(code):
        entry = entry["reg"].get(str((code[i + 1] >> 3) & 7), {})
    return entry


def _flags_mask(opcodes: dict[str, Any], code: bytes) -> int:
    return _opcode_entry(opcodes, code).get("flags-mask", 0xFFFF)


# -- one test ------------------------------------------------------------------------
class _Runner:
    """One engine over one RAM, reused for every test of a file."""

    def __init__(self, engine_name: str, cpu: _Cpu, opcodes: dict[str, Any]) -> None:
        self.cpu = cpu
        self.opcodes = opcodes
        self.ram = GuestRam(RAM_SIZE)
        self.mem = self.ram.mem
        try:
            self.engine: Engine = create_engine(engine_name, self.ram)
        except BaseException:
            self.ram.close()
            raise
        engine = self.engine
        # Dispatch INT n and CPU exceptions through the guest IVT, as the CPU does.
        engine.on_interrupt = lambda vector, software: engine.interrupt(vector)
        # The recording rig has no devices: reads see an idle bus (all ones).
        engine.on_io_read = lambda port, size: (1 << (8 * size)) - 1
        engine.on_io_write = lambda port, size, value: None
        engine.set_a20(cpu.a20)

    def close(self) -> None:
        self.engine.close()
        self.ram.close()

    def run(self, test: dict[str, Any]) -> str | None:
        """Run one test; the reason it failed, or None if it passed."""
        initial, final = test["initial"], test["final"]
        self._load(initial)
        problem = self._execute(bytes(test["bytes"]))
        if problem is None:
            problem = self._compare(test)
        windows = self._windows(initial["regs"], final["regs"])
        self._clear(initial["ram"], final["ram"])
        stray = self._stray_write(windows)
        if problem is None and stray is not None:
            problem = f"wrote [{stray:06X}], which the test does not list"
        if problem is not None:
            # Leave no trace for the next test, wherever this one went astray.
            for lo, hi in windows:
                self.mem[lo:hi] = bytes(hi - lo)
        return problem

    def _load(self, initial: dict[str, Any]) -> None:
        regs = dict(initial["regs"])
        regs["flags"] &= self.cpu.flags_mask
        self.engine.set_regs(fs=0, gs=0, **{_WIDE.get(n, n): v for n, v in regs.items()})
        mem = self.mem
        for addr, value in initial["ram"]:
            mem[addr] = value
        # Translated code is cached by address: drop whatever was made from old bytes.
        for lo, hi in _runs(addr for addr, _ in initial["ram"]):
            self.engine.invalidate(lo, hi)

    def _clear(self, *ram_lists: list[list[int]]) -> None:
        mem = self.mem
        for ram in ram_lists:
            for addr, _ in ram:
                mem[addr] = 0

    def _windows(self, *reg_sets: dict[str, int]) -> list[tuple[int, int]]:
        """RAM an instruction can reach: the IVT and 64 KiB (plus a spill) per segment."""
        r = self.engine.regs()
        segs = {r.cs, r.ds, r.es, r.ss}
        for regs in reg_sets:
            segs.update(regs.get(name, 0) for name in ("cs", "ds", "es", "ss"))
        windows = [(0, 0x400)]
        for seg in segs:
            lo, hi = seg << 4, (seg << 4) + _WINDOW
            if self.cpu.a20 or hi <= MIB:
                windows.append((lo, hi))
            else:
                # Past 1 MiB the 8086 wraps to low memory.
                windows.append((lo, MIB))
                windows.append((0, hi - MIB))
        return windows

    def _stray_write(self, windows: list[tuple[int, int]]) -> int | None:
        """The first non-zero byte left in the windows once the test's bytes are cleared."""
        mem = self.mem
        for lo, hi in windows:
            chunk = bytes(mem[lo:hi])
            if chunk != bytes(hi - lo):
                return lo + len(chunk) - len(chunk.lstrip(b"\0"))
        return None

    def _execute(self, code: bytes) -> str | None:
        """Step the instruction (every REP iteration) and, on the 80286, the HLT."""
        engine = self.engine
        r = engine.regs()
        start = (r.cs, r.ip)
        repeats = _is_rep_string(code)
        # One step per REP iteration, one for the instruction, a few to spare for
        # the HLT and an exception: an engine gone astray stops here.
        budget = (r.cx + 1 if repeats else 1) + 3
        for _ in range(budget):
            at_hlt = self.cpu.ends_with_hlt and self._at_hlt()
            exit_ = engine.step(1)
            if exit_.reason is ExitReason.FAULT:
                if exit_.number != 6:
                    return f"engine fault: {exit_.detail}"
                # #UD ends the run instead of calling on_interrupt; deliver it.
                engine.interrupt(6)
            r = engine.regs()
            if self.cpu.ends_with_hlt:
                if at_hlt:
                    return None
            elif not (repeats and (r.cs, r.ip) == start):
                return None
        return "no HLT reached" if self.cpu.ends_with_hlt else "REP did not end"

    def _at_hlt(self) -> bool:
        """Whether the next instruction is a HLT (prefixes included, as in LOCK HLT)."""
        r = self.engine.regs()
        cs, ip, a20 = r.cs, r.ip, self.cpu.a20
        for i in range(15):
            byte = self.mem[_linear(cs, (ip + i) & 0xFFFF, a20)]
            if byte not in _PREFIXES:
                return byte == _HLT
        return False

    def _compare(self, test: dict[str, Any]) -> str | None:
        initial, final = test["initial"], test["final"]
        flags_mask = _flags_mask(self.opcodes, bytes(test["bytes"])) & self.cpu.flags_mask
        r = self.engine.regs()
        wrong = []
        for name in _REGS:
            want = final["regs"].get(name, initial["regs"][name])
            got = getattr(r, name)
            mask = flags_mask if name == "flags" else 0xFFFF
            if (got & mask) != (want & mask):
                wrong.append(f"{name}={got:04X} want {want:04X}")
        flag_addr = _pushed_flags_address(test, self.cpu)
        mem = self.mem
        for addr, want in final["ram"]:
            got = mem[addr]
            mask = 0xFF
            if flag_addr is not None and addr in (flag_addr, flag_addr + 1):
                # Flags pushed by the exception carry the same undefined bits.
                mask = (flags_mask >> (8 * (addr - flag_addr))) & 0xFF
            if (got & mask) != (want & mask):
                wrong.append(f"[{addr:06X}]={got:02X} want {want:02X}")
        return ", ".join(wrong) if wrong else None


def _pushed_flags_address(test: dict[str, Any], cpu: _Cpu) -> int | None:
    """Where an exception pushed FLAGS, if the test raised one.

    Those FLAGS carry the instruction's undefined bits, so they get its flags
    mask. The 80286 tests say when an exception was raised (their flag_address is
    the word-aligned bus address, so the place is taken from the final SS:SP);
    the 8086 tests do not, but only a divide error can send them to the IVT's
    vector 0.
    """
    initial, final = test["initial"], test["final"]
    regs = {**initial["regs"], **final["regs"]}
    if "exception" not in test and not _entered_vector_0(initial["ram"], regs):
        return None
    return _linear(regs["ss"], (regs["sp"] + 4) & 0xFFFF, cpu.a20)


def _entered_vector_0(ram: list[list[int]], regs: dict[str, int]) -> bool:
    ivt = {addr: value for addr, value in ram if addr < 4}
    if len(ivt) < 4:
        return False
    return regs["ip"] == ivt[0] | ivt[1] << 8 and regs["cs"] == ivt[2] | ivt[3] << 8


def _linear(seg: int, off: int, a20: bool) -> int:
    addr = (seg << 4) + off
    return addr if a20 else addr & (MIB - 1)


def _is_rep_string(code: bytes) -> bool:
    has_rep = False
    for byte in code:
        if byte in _REP:
            has_rep = True
        elif byte not in _PREFIXES:
            return has_rep and byte in _STRING_OPS
    return False


def _runs(addresses: Iterable[int]) -> list[tuple[int, int]]:
    """Contiguous [lo, hi) ranges covering the given addresses."""
    runs: list[tuple[int, int]] = []
    for addr in sorted(addresses):
        if runs and addr <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], addr + 1))
        else:
            runs.append((addr, addr + 1))
    return runs


# -- files ---------------------------------------------------------------------------
def run_file(path: str | Path, engine_name: str = "unicorn") -> FileResult:
    """Replay every test of one vector file on one engine."""
    path = Path(path)
    tests = _load_tests(path)
    metadata = _load_metadata(path.parent)
    cpu = _cpu_of(path, metadata)
    skips = _skipped_tests(engine_name, cpu, _stem(path), len(tests))
    result = FileResult()
    runner = _Runner(engine_name, cpu, metadata.get("opcodes", {}))
    try:
        for index, test in enumerate(tests):
            name = f"#{index} {test.get('name', '?')}" if isinstance(test, dict) else f"#{index}"
            try:
                problem = runner.run(test)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
                raise VectorError(f"{path}: test {name} is malformed ({exc!r})") from exc
            _record(result, name, problem, skips.get(index))
    finally:
        runner.close()
    return result


def _record(result: FileResult, name: str, problem: str | None, skip: str | None) -> None:
    if skip is not None:
        result.skipped += 1
        result.skip_reasons[skip] += 1
        if problem is None:
            result.stale.append((name, skip))
    elif problem is None:
        result.passed += 1
    else:
        result.failed += 1
        result.failures.append((name, problem))


# -- command -------------------------------------------------------------------------
def _display_name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _summary(passed: int, failed: int, skipped: int) -> str:
    text = f"{passed} passed, {failed} failed"
    return f"{text}, {skipped} skipped" if skipped else text


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="mvm vectors",
        description="Check a CPU engine against the single-step test vectors of real CPUs.")
    parser.add_argument("--engine", default="unicorn", help="engine to check (default: unicorn)")
    parser.add_argument("--verbose", action="store_true",
                        help="list every failing test and what the skip list covered")
    parser.add_argument("files", nargs="+", metavar="FILES", help="gzipped JSON vector files")
    return parser.parse_args(argv)


def _report(label: str, result: FileResult, verbose: bool) -> None:
    print(f"{label}: {result.passed} passed, {result.failed} failed, {result.skipped} skipped")
    if verbose:
        for test, reason in result.failures:
            print(f"  FAIL {test}: {reason}")
        for key, count in sorted(result.skip_reasons.items()):
            print(f"  skipped {count}: {key}")
    for test, key in result.stale:
        print(f"  note: {label} {test} passes but {SKIP_LIST.name} lists it ({key})")


def main(argv: list[str]) -> int:
    """`mvm vectors [--engine NAME] [--verbose] FILES...`; exit 0, 1 (failures) or 2."""
    try:
        args = _parse_args(argv)
    except SystemExit as exc:  # usage errors and --help: argparse has printed them
        return exc.code if isinstance(exc.code, int) else 2
    paths = [Path(name) for name in args.files]
    for path in paths:
        if not path.is_file():
            problem = "not a file" if path.exists() else "no such file"
            print(f"mvm vectors: {path}: {problem}", file=sys.stderr)
            return 2
    totals = FileResult()
    for path in paths:
        try:
            result = run_file(path, args.engine)
        except (UnknownEngine, VectorError) as exc:
            print(f"mvm vectors: {exc}", file=sys.stderr)
            return 2
        _report(_display_name(path), result, args.verbose)
        totals.passed += result.passed
        totals.failed += result.failed
        totals.skipped += result.skipped
    print(_summary(totals.passed, totals.failed, totals.skipped))
    return 1 if totals.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
