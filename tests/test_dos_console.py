"""INT 21h console calls, standard handles and process information, as a program sees them."""

from __future__ import annotations

from conftest import assemble
from mvm import Machine


def test_every_output_path_reaches_stdout(guest):
    result = guest("dos_output")
    assert result.status == "exited", result.report
    assert result.exit_code == 0
    assert result.stdout.decode("utf-8").splitlines() == [
        "ABC", "nine", "forty", "to stderr", "a\tb", "été ╔═╗ π",
    ]


def test_output_also_lands_on_the_text_screen(guest):
    result = guest("dos_output")
    lines = result.screen.splitlines()
    assert lines[0] == "ABC"
    assert lines[4] == "a       b"  # DOS expands the tab on screen
    assert lines[5] == "été ╔═╗ π"


def test_console_input_calls(guest):
    result = guest("dos_input", stdin=b"hello world\nxyz\nmore\n")
    assert result.status == "exited", result.report
    out = result.stdout.decode()
    # 0Ah echoes the line (input is not a terminal), then the program prints it back.
    assert "[hello world]" in out
    lines = out.replace("\r", "\n").split("\n")
    assert "00FF" in lines  # 0Bh: a key is waiting
    assert "0078" in lines  # 08h read 'x' without echo
    assert "y" in lines and "0079" in lines  # 01h echoed 'y'
    assert "007A" in lines  # 06h with DL=FFh read 'z'
    assert out.rstrip().endswith("[0000]")  # 0Ch/0Ah read the empty rest of the line


def test_line_input_at_end_of_input_returns_what_was_typed(guest):
    result = guest("dos_input", stdin=b"partial")
    assert result.status == "exited", result.report
    assert "[partial]" in result.stdout.decode()


def test_filter_reads_stdin_until_end_of_file(guest):
    result = guest("filter", stdin=b"first line\nsecond \xc3\xa9 line\n")
    assert result.status == "exited", result.report
    assert result.stdout.decode("utf-8") == "FIRST LINE\nSECOND é LINE\n"
    assert result.exit_code == 2  # it counts the lines it read


def test_filter_with_empty_input(guest):
    result = guest("filter", stdin=b"")
    assert result.exit_code == 0
    assert result.stdout == b""


def test_information_calls(guest):
    result = guest("dosinfo")
    assert result.status == "exited", result.report
    assert result.exit_code == 0
    assert result.stdout.decode().splitlines() == [
        "0005 FF00",  # DOS 5.00, OEM FFh
        "0001",  # break checking was switched on
        "5678 1234",  # the vector that was set
        "1234",  # 50h changed the current PSP
        "0000",  # 4Dh: no child has run
        "0001",  # unknown function: CF and error 1
    ]


def test_dos_version_setting(tmp_path):
    program = assemble("dosinfo", tmp_path)
    machine = Machine({"C": str(tmp_path)}, settings={"DOS_VERSION": "6.22"})
    result = machine.run(program.name, timeout=20)
    assert result.stdout.decode().splitlines()[0] == "1606 FF00"


def test_exit_codes_by_every_way_of_ending(tmp_path, engine):
    for method, code, expected in ((1, 42, 42), (1, 255, 255), (2, 0, 0), (3, 0, 0), (4, 0, 0)):
        program = assemble("exitcode", tmp_path, f"E{method}.COM", {"METHOD": str(method), "CODE": str(code)})
        result = Machine({"C": str(tmp_path)}, engine=engine).run(program.name, timeout=20)
        assert (result.status, result.exit_code) == ("exited", expected), (method, result.report)
