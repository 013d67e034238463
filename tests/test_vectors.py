"""CPU engines against the real-hardware test vectors, and the vector checker itself."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from mvm.ist import vectors

REPO = Path(__file__).resolve().parent.parent
VECTORS = REPO.parent / "shared" / "cpu-tests"
FILES = sorted(VECTORS.glob("8086/*.json.gz")) + sorted(VECTORS.glob("80286/*.json.gz"))
CLOSING_LINE = re.compile(r"^\d+ passed, \d+ failed(, \d+ skipped)?$")


# -- the real vectors --------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    FILES or [pytest.param(None, marks=pytest.mark.skip(reason=f"no CPU test vectors at {VECTORS}"))],
    ids=lambda p: f"{p.parent.name}/{p.name}" if p else "missing",
)
def test_vector_file(path: Path, engine: str) -> None:
    """Every test passes, or fails for a reason written in vectors_skip.toml."""
    result = vectors.run_file(path, engine)
    shown = "\n".join(f"{name}: {reason}" for name, reason in result.failures[:10])
    assert not result.failures, f"{len(result.failures)} unexpected failures:\n{shown}"
    stale = ", ".join(f"{name} ({key})" for name, key in result.stale)
    assert not result.stale, f"skip-listed but passing, remove from vectors_skip.toml: {stale}"


# -- synthetic vectors: the checker must be able to fail ------------------------------
REGS = {"ax": 0x1234, "bx": 0x0200, "cx": 0, "dx": 0, "cs": 0x1000, "ss": 0x2000, "ds": 0x3000,
        "es": 0x4000, "sp": 0x0100, "bp": 0, "si": 0, "di": 0, "ip": 0x0100, "flags": 0xF002}
CODE = 0x10100  # CS:IP above, as a linear address


def _vector(cpu: str, code: list[int], final_regs: dict[str, int], final_ram: Sequence[Sequence[int]] = (),
            ram: Sequence[Sequence[int]] = (), regs: dict[str, int] | None = None, **extra) -> dict:
    """One test as the recorded files have it; 80286 tests end with a HLT."""
    code = code + [0xF4] if cpu == "80286" else code
    regs = {**REGS, **(regs or {})}
    if cpu == "80286":
        regs["flags"] &= 0x0FFF
    code_ram = [[CODE + i, byte] for i, byte in enumerate(code)]
    return {"name": "synthetic", "bytes": code,
            "initial": {"regs": regs, "ram": code_ram + [list(r) for r in ram]},
            "final": {"regs": final_regs, "ram": [list(r) for r in final_ram]}, **extra}


def _write(folder: Path, cpu: str, stem: str, tests: list[dict], metadata: dict | None = None) -> Path:
    path = folder / cpu / f"{stem}.json.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(tests, f)
    if metadata is not None:
        (path.parent / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return path


def _nop(cpu: str, **final_regs: int) -> dict:
    end = 2 if cpu == "80286" else 1  # one past the NOP, or past the HLT after it
    return _vector(cpu, [0x90], {"ip": REGS["ip"] + end, **final_regs})


@pytest.mark.parametrize("cpu", ["8086", "80286"])
def test_right_expectation_passes(tmp_path: Path, cpu: str) -> None:
    result = vectors.run_file(_write(tmp_path, cpu, "90", [_nop(cpu)]))
    assert (result.passed, result.failed, result.skipped) == (1, 0, 0), result.failures


@pytest.mark.parametrize("cpu", ["8086", "80286"])
def test_wrong_register_is_a_failure(tmp_path: Path, cpu: str) -> None:
    result = vectors.run_file(_write(tmp_path, cpu, "90", [_nop(cpu, ax=0x4321)]))
    assert (result.passed, result.failed) == (0, 1)
    assert "ax=1234 want 4321" in result.failures[0][1]


def test_wrong_ram_is_a_failure(tmp_path: Path) -> None:
    """mov [bx], al writes 34h at DS:BX; the test claims 99h."""
    target = (REGS["ds"] << 4) + REGS["bx"]
    test = _vector("8086", [0x88, 0x07], {"ip": 0x0102}, final_ram=[[target, 0x99]], ram=[[target, 0]])
    result = vectors.run_file(_write(tmp_path, "8086", "88", [test]))
    assert result.failed == 1
    assert f"[{target:06X}]=34 want 99" in result.failures[0][1]


def test_write_the_test_does_not_list_is_a_failure(tmp_path: Path) -> None:
    test = _vector("8086", [0x88, 0x07], {"ip": 0x0102})
    result = vectors.run_file(_write(tmp_path, "8086", "88", [test]))
    assert result.failed == 1
    assert "does not list" in result.failures[0][1]


def test_flags_mask_comes_from_metadata(tmp_path: Path) -> None:
    """A flag the metadata calls undefined may differ; the others may not."""
    metadata = {"cpu": "8086", "opcodes": {"90": {"status": "normal", "flags-mask": 0xFFFF & ~0x0001}}}
    path = _write(tmp_path, "8086", "90", [_nop("8086", flags=0xF003), _nop("8086", flags=0xF006)], metadata)
    result = vectors.run_file(path)
    assert (result.passed, result.failed) == (1, 1)
    assert result.failures[0][0].startswith("#1 ")


def _interrupt_frame(return_ip: int) -> tuple[int, list[list[int]]]:
    """SP after an 80286 interrupt from the REGS state, and the RAM of the frame it pushed."""
    sp = REGS["sp"] - 6
    frame = (REGS["ss"] << 4) + sp
    pushed = [return_ip, REGS["cs"], REGS["flags"] & 0x0FFF]
    return sp, [[frame + 2 * i + j, (word >> (8 * j)) & 0xFF] for i, word in enumerate(pushed) for j in (0, 1)]


def _vector_to_handler(vector: int) -> list[list[int]]:
    """IVT entry `vector` pointing at 5000:0000, where a HLT waits."""
    return [[vector * 4, 0], [vector * 4 + 1, 0], [vector * 4 + 2, 0x00], [vector * 4 + 3, 0x50], [0x50000, 0xF4]]


def _divide_error_286() -> dict:
    """div bl with BL=0 on the 80286: the CPU pushes the DIV's own address and enters vector 0."""
    sp, frame = _interrupt_frame(REGS["ip"])
    flags_at = (REGS["ss"] << 4) + sp + 4
    return _vector("80286", [0xF6, 0xF3], {"cs": 0x5000, "ip": 1, "sp": sp}, final_ram=frame,
                   ram=_vector_to_handler(0), regs={"bx": 0}, exception={"number": 0, "flag_address": flags_at})


def test_repeated_divide_errors_each_reach_vector_0(tmp_path: Path) -> None:
    """One engine runs a whole file, so exception state must not leak from test to test."""
    metadata = {"cpu": "286", "opcodes": {"F6": {"reg": {"6": {"flags-mask": 0xF72A}}}}}
    path = _write(tmp_path, "80286", "F6.6", [_divide_error_286() for _ in range(3)], metadata)
    result = vectors.run_file(path)
    assert (result.passed, result.failed) == (3, 0), result.failures


def test_int_6_is_a_software_interrupt(tmp_path: Path) -> None:
    """INT 6 pushes the address after itself, like any INT n (unicorn reports it as #UD)."""
    sp, frame = _interrupt_frame(REGS["ip"] + 2)
    test = _vector("80286", [0xCD, 0x06], {"cs": 0x5000, "ip": 1, "sp": sp}, final_ram=frame,
                   ram=_vector_to_handler(6))
    result = vectors.run_file(_write(tmp_path, "80286", "CD", [test]))
    assert (result.passed, result.failed) == (1, 0), result.failures


def test_8086_interrupt_frame_wraps_at_1_mib(tmp_path: Path) -> None:
    """SS:SP = FFF0:0200 is linear 100100h, which the 8086 reaches as 000100h."""
    regs = {"ss": 0xFFF0, "sp": 0x0200}
    pushed = [REGS["ip"] + 2, REGS["cs"], REGS["flags"]]
    frame = [[0xFA + 2 * i + j, (word >> (8 * j)) & 0xFF] for i, word in enumerate(pushed) for j in (0, 1)]
    test = _vector("8086", [0xCD, 0x21], {"cs": 0x5000, "ip": 0, "sp": 0x01FA}, final_ram=frame,
                   ram=_vector_to_handler(0x21)[:4], regs=regs)
    result = vectors.run_file(_write(tmp_path, "8086", "CD", [test]))
    assert (result.passed, result.failed) == (1, 0), result.failures


def test_instruction_writing_its_own_code_page(tmp_path: Path) -> None:
    """push ds with the stack 256 bytes above the code: one step must still run it."""
    regs = {"ss": REGS["cs"], "sp": 0x0200}
    top = (REGS["cs"] << 4) + 0x01FE
    ds = REGS["ds"]
    test = _vector("8086", [0x1E], {"ip": 0x0101, "sp": 0x01FE}, regs=regs,
                   final_ram=[[top, ds & 0xFF], [top + 1, ds >> 8]])
    result = vectors.run_file(_write(tmp_path, "8086", "1E", [test]))
    assert (result.passed, result.failed) == (1, 0), result.failures


def test_skip_listed_test_is_skipped_and_reported_when_it_passes(tmp_path: Path) -> None:
    """8086 opcode 60h is listed whole (an alias of JO); a NOP in its place passes."""
    result = vectors.run_file(_write(tmp_path, "8086", "60", [_nop("8086")]))
    assert (result.passed, result.failed, result.skipped) == (0, 0, 1)
    assert result.stale == [("#0 synthetic", "alias-jcc")]


# -- the command ---------------------------------------------------------------------
def _closing_line(out: str) -> str:
    return out.strip().splitlines()[-1]


def test_cli_passing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "8086", "90", [_nop("8086"), _nop("8086")])
    assert vectors.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "8086/90.json.gz: 2 passed, 0 failed, 0 skipped"
    assert _closing_line(out) == "2 passed, 0 failed"
    assert CLOSING_LINE.match(_closing_line(out))


def test_cli_failure_exits_1_and_verbose_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "8086", "90", [_nop("8086"), _nop("8086", bx=1)])
    assert vectors.main(["--verbose", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL #1 synthetic: bx=0200 want 0001" in out
    assert _closing_line(out) == "1 passed, 1 failed"


def test_cli_counts_skipped_and_notes_stale_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    passing = _write(tmp_path, "8086", "90", [_nop("8086")])
    listed = _write(tmp_path, "8086", "60", [_nop("8086")])
    assert vectors.main([str(passing), str(listed)]) == 0
    out = capsys.readouterr().out
    assert "note: 8086/60.json.gz #0 synthetic passes" in out
    assert _closing_line(out) == "1 passed, 0 failed, 1 skipped"
    assert CLOSING_LINE.match(_closing_line(out))


def test_cli_unknown_engine_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "8086", "90", [_nop("8086")])
    assert vectors.main(["--engine", "nosuch", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "nosuch" in captured.err


def test_cli_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert vectors.main([str(tmp_path / "8086" / "nothere.json.gz")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nothere.json.gz" in err[0]


def test_cli_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "8086" / "90.json.gz"
    path.parent.mkdir()
    path.write_bytes(b"not gzip at all")
    assert vectors.main([str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot read" in err[0]


def test_cli_without_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert vectors.main([]) == 2
    assert "usage" in capsys.readouterr().err
