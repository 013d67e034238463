"""`mvm run` as a user runs it: output, exit statuses, one-line errors, never a traceback."""

from __future__ import annotations

import time

import pytest

from conftest import assemble, run_cli


def check_clean(proc):
    assert b"Traceback" not in proc.stderr
    assert b"Traceback" not in proc.stdout


def test_hello(tmp_path):
    assemble("hello", tmp_path)
    proc = run_cli("run", "HELLO.COM", cwd=tmp_path)
    check_clean(proc)
    assert proc.returncode == 0
    assert proc.stdout == b"Hello, world!\n"
    assert proc.stderr == b""


def test_host_path_outside_the_drives(tmp_path):
    program = assemble("hello", tmp_path)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    proc = run_cli("run", str(program), cwd=elsewhere)
    assert proc.returncode == 0 and proc.stdout == b"Hello, world!\n"


def test_arguments_reach_the_program(tmp_path):
    assemble("args", tmp_path)
    proc = run_cli("run", "ARGS.COM", "/x", "file.txt", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.decode().splitlines()[1:4] == ["[ /x file.txt]", "0000 " + " " * 11, "0000 FILE    TXT"]


def test_stdin_pipe_and_exit_code(tmp_path):
    assemble("filter", tmp_path)
    proc = run_cli("run", "FILTER.COM", stdin=b"data\nmore\nend\n", cwd=tmp_path)
    check_clean(proc)
    assert proc.stdout == b"DATA\nMORE\nEND\n"
    assert proc.returncode == 3


def test_drives_and_readonly_spec(tmp_path):
    dos = tmp_path / "dos"
    out = tmp_path / "out"
    dos.mkdir()
    out.mkdir()
    assemble("hello", dos, "PROG.COM")
    proc = run_cli("run", "--drive", f"C={dos}", "--drive", f"D={out}:ro", "PROG.COM", cwd=tmp_path)
    check_clean(proc)
    assert proc.returncode == 0 and proc.stdout == b"Hello, world!\n"


@pytest.mark.parametrize("spec,message", [
    ("C", b"bad --drive"),
    ("1=/tmp", b"bad drive letter"),
    ("D=/no/such/folder", b"is not a folder"),
])
def test_bad_drive_options(tmp_path, spec, message):
    assemble("hello", tmp_path)
    proc = run_cli("run", "--drive", spec, "HELLO.COM", cwd=tmp_path)
    check_clean(proc)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_timeout_exit_status(tmp_path):
    assemble("spin", tmp_path)
    start = time.monotonic()
    proc = run_cli("run", "--timeout", "1", "SPIN.COM", cwd=tmp_path)
    check_clean(proc)
    assert proc.returncode == 124
    assert b"--timeout" in proc.stderr
    assert time.monotonic() - start < 10


def test_fault_exit_status_and_report(tmp_path):
    assemble("divzero", tmp_path)
    proc = run_cli("run", "DIVZERO.COM", cwd=tmp_path)
    check_clean(proc)
    assert proc.returncode == 125
    assert b"divide error" in proc.stderr and b"div bx" in proc.stderr


def test_waiting_for_a_key_with_no_input_left(tmp_path):
    assemble("chain16", tmp_path)
    proc = run_cli("run", "CHAIN16.COM", stdin=b"", cwd=tmp_path)
    check_clean(proc)
    assert proc.returncode == 125
    assert b"standard input has ended" in proc.stderr


def test_not_runnable_and_missing(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "bad.exe").write_bytes(b"MZ\0")
    for args, status, message in (
        (["notes.txt"], 126, b"not a DOS program"),
        (["bad.exe"], 126, b"truncated MZ header"),
        (["missing.com"], 127, b"no such program"),
        ([str(tmp_path)], 126, b"is a folder"),
    ):
        proc = run_cli("run", *args, cwd=tmp_path)
        check_clean(proc)
        assert proc.returncode == status, (args, proc.stderr)
        assert message in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_screen_option_prints_the_final_screen(tmp_path):
    assemble("dos_output", tmp_path)
    proc = run_cli("run", "--screen", "DOS_OUTPUT.COM", cwd=tmp_path)
    assert proc.returncode == 0
    text = proc.stdout.decode()
    program_output, rule, screen = text.partition("-" * 30 + " screen at exit " + "-" * 34 + "\n")
    assert rule
    assert "a\tb" in program_output
    assert "a       b" in screen  # the screen shows the expanded tab


def test_unknown_engine_and_usage_errors(tmp_path):
    assemble("hello", tmp_path)
    for args, message in (
        (["run", "--engine", "nosuch", "HELLO.COM"], b"unknown engine 'nosuch'"),
        (["run", "--timeout", "-1", "HELLO.COM"], b"--timeout must be"),
        (["run", "--set", "DOS_VERSION=x", "HELLO.COM"], b"bad setting DOS_VERSION"),
        (["run", "--set", "NO_SUCH=1", "HELLO.COM"], b"unknown setting NO_SUCH"),
        (["run", "--set", "DOS_FILES=999", "HELLO.COM"], b"bad setting DOS_FILES=999"),
        (["bogus"], b"invalid choice"),
        (["run"], b"required"),
    ):
        proc = run_cli(*args, cwd=tmp_path)
        check_clean(proc)
        assert proc.returncode == 2, args
        assert message in proc.stderr, (args, proc.stderr)
