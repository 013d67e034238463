"""The built-in command shell: commands, batch files, redirection, pipes, COMSPEC, the command line."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import assemble, run_cli
from dosbox import run_in_dosbox
from mvm import Machine
from mvm.dos import shell_parse as sp


# -- helpers -------------------------------------------------------------------------------------
def shell(folder: Path, commands=None, *, batch=None, args=(), stdin: bytes = b"", timeout: float = 20,
          settings=None):
    """Run the shell with `folder` as C: and return the RunResult."""
    machine = Machine({"C": str(folder)}, settings=settings)
    try:
        return machine.run_shell(commands, batch, list(args), stdin=stdin, timeout=timeout)
    finally:
        machine.close()


def lines(result) -> list[str]:
    assert result.status == "exited", result.report
    return result.stdout.decode("utf-8").splitlines()


def write_bat(folder: Path, name: str, *text: str) -> Path:
    path = folder / name
    path.write_bytes(("\r\n".join(text) + "\r\n").encode("cp437"))
    return path


def stamp(path: Path, when: tuple[int, int, int, int, int]) -> None:
    t = time.mktime((*when, 0, 0, 0, -1))
    os.utime(path, (t, t))


@pytest.fixture
def progs(tmp_path) -> Path:
    """tmp_path with SHELL_RC.COM (prints its tail, exits with its number) and FILTER.COM."""
    assemble("shell_rc", tmp_path)
    assemble("filter", tmp_path)
    return tmp_path


# -- reading command lines -----------------------------------------------------------------------
def test_batch_line_expansion():
    env = {"PATH": "C:\\DOS", "X": "1"}

    def lookup(name: str) -> str | None:
        return env.get(name.upper())

    args = ["B.BAT", "one", "two"]
    assert sp.expand("%1-%2-%3 %0", args, lookup) == "one-two- B.BAT"
    assert sp.expand("%path%;%X%%X% %NOPE%.", args, lookup) == "C:\\DOS;11 ."
    assert sp.expand("50%% done, 50% left", args, lookup) == "50% done, 50 left"
    assert sp.expand("FOR %%F IN (*) DO ECHO %%F", args, lookup) == "FOR %F IN (*) DO ECHO %F"


def test_pipes_and_redirections_are_split_off():
    stages = sp.split_pipeline('SORT < IN.TXT | FIND "a|b" >> OUT.TXT')
    assert [(s.text, s.stdin, s.stdout, s.append) for s in stages] == [
        ("SORT", "IN.TXT", None, False), ('FIND "a|b"', None, "OUT.TXT", True)]
    [stage] = sp.split_pipeline("ECHO a>b c")
    assert (stage.text, stage.stdout, stage.append) == ("ECHO a c", "b", False)
    for bad in ("| MORE", "DIR |", "ECHO >", "TYPE <  "):
        with pytest.raises(sp.ShellSyntaxError):
            sp.split_pipeline(bad)


def test_command_names_end_where_dos_ends_them():
    names = frozenset({"CD", "ECHO", "DIR"})
    assert sp.split_command("CD..", names) == ("CD", "..")
    assert sp.split_command("cd\\dos", names) == ("cd", "\\dos")
    assert sp.split_command("ECHO.", names) == ("ECHO", ".")
    assert sp.split_command("DIR/W", names) == ("DIR", "/W")
    assert sp.split_command("SUB\\PROG.EXE a b", names) == ("SUB\\PROG.EXE", " a b")
    assert sp.split_command("  , PROG,x", names) == ("PROG", ",x")
    assert sp.split_words(' a,b;c=d /X/Y "e f"') == ["a", "b", "c", "d", "/X", "/Y", '"e f"']


def test_if_and_for_syntax():
    t = sp.parse_if(' NOT ERRORLEVEL 2 GOTO end')
    assert (t.negate, t.kind, t.left, t.command) == (True, "ERRORLEVEL", "2", "GOTO end")
    t = sp.parse_if(' "%1" == "" ECHO none')
    assert (t.kind, t.left, t.right, t.command) == ("==", '"%1"', '""', "ECHO none")
    t = sp.parse_if(" exist *.TXT TYPE A.TXT")
    assert (t.kind, t.left, t.command) == ("EXIST", "*.TXT", "TYPE A.TXT")
    loop = sp.parse_for(" %A IN (a,b c;d) DO ECHO %A")
    assert (loop.var, loop.items, loop.command) == ("A", ["a", "b", "c", "d"], "ECHO %A")
    for bad in (" ERRORLEVEL", " a=b ECHO x", " a== "):
        with pytest.raises(sp.ShellSyntaxError):
            sp.parse_if(bad)
    with pytest.raises(sp.ShellSyntaxError):
        sp.parse_for(" %A (a) DO ECHO")


# -- batch files -----------------------------------------------------------------------------------
def test_arguments_shift_goto_and_call_nesting(tmp_path):
    write_bat(tmp_path, "MAIN.BAT",
              "@ECHO OFF",
              "ECHO start %0 %1 %2 %3",
              "SHIFT",
              "ECHO shifted %0 %1 %2",
              "CALL SUB.BAT in %1",
              "ECHO back in main",
              "GOTO skip",
              "ECHO never",
              ":skip",
              "SET N=",
              ":loop",
              "SET N=%N%x",
              'IF NOT "%N%"=="xxx" GOTO loop',
              "ECHO N=%N%",
              ":end")
    write_bat(tmp_path, "SUB.BAT",
              "@ECHO OFF",
              "ECHO sub %1 %2",
              "CALL LEAF.BAT",
              "GOTO :end",
              "ECHO never in sub",
              ":END",
              "ECHO sub ends")
    write_bat(tmp_path, "LEAF.BAT", "@ECHO leaf %0")
    out = lines(shell(tmp_path, batch="MAIN.BAT", args=["a", "b"]))
    assert out == ["start MAIN.BAT a b", "shifted a b", "sub in b", "leaf LEAF.BAT", "sub ends",
                   "back in main", "N=xxx"]


def test_for_over_lists_and_files(tmp_path):
    for name in ("B.TXT", "A.TXT", "C.DAT"):
        (tmp_path / name).write_text(name)
    (tmp_path / "SUB").mkdir()
    (tmp_path / "SUB" / "D.TXT").write_text("d")
    write_bat(tmp_path, "LOOP.BAT",
              "@ECHO OFF",
              "FOR %%V IN (1,2;3) DO ECHO item %%V",
              "FOR %%F IN (*.TXT SUB\\*.TXT NOPE.*) DO ECHO file %%F",
              "FOR %%F IN (*.DAT) DO IF EXIST %%F ECHO exists %%F",
              "FOR %%A IN (1) DO FOR %%B IN (2) DO ECHO nested",
              "FOR %%A IN (x y) DO CALL INNER.BAT %%A")
    write_bat(tmp_path, "INNER.BAT", "@FOR %%I IN (a) DO ECHO inner %1 %%I")
    out = lines(shell(tmp_path, batch="LOOP.BAT"))
    assert out == ["item 1", "item 2", "item 3", "file A.TXT", "file B.TXT", "file SUB\\D.TXT",
                   "exists C.DAT", "FOR cannot be nested", "inner x a", "inner y a"]


def test_batch_without_call_replaces_the_running_one(tmp_path):
    write_bat(tmp_path, "FIRST.BAT", "@ECHO OFF", "ECHO first", "SECOND x", "ECHO not reached")
    write_bat(tmp_path, "SECOND.BAT", "ECHO second %1")
    assert lines(shell(tmp_path, batch="FIRST.BAT")) == ["first", "second x"]


def test_echo_on_shows_each_line_after_the_prompt(tmp_path):
    write_bat(tmp_path, "SHOW.BAT", "ECHO hi", "@ECHO quiet", "REM note", "ECHO OFF", "ECHO off now", "ECHO")
    out = lines(shell(tmp_path, batch="SHOW.BAT"))
    assert out == ["C:\\>ECHO hi", "hi", "", "quiet", "", "C:\\>REM note", "", "C:\\>ECHO OFF",
                   "off now", "ECHO is off"]


def test_if_forms(progs):
    (progs / "HERE.TXT").write_text("x")
    write_bat(progs, "IFS.BAT",
              "@ECHO OFF",
              "SHELL_RC 3 > NUL",
              "IF ERRORLEVEL 3 ECHO level 3",
              "IF ERRORLEVEL 4 ECHO level 4",
              "IF NOT ERRORLEVEL 4 ECHO not level 4",
              "IF EXIST HERE.TXT ECHO here",
              "IF EXIST *.TXT ECHO wildcard",
              "IF NOT EXIST GONE.TXT ECHO gone",
              "IF EXIST NUL ECHO device",
              'IF "%1"=="" ECHO no argument',
              "IF a==A ECHO case blind",
              "IF NOT a==A ECHO case matters")
    assert lines(shell(progs, batch="IFS.BAT")) == [
        "level 3", "not level 4", "here", "wildcard", "gone", "device", "no argument", "case matters"]


def test_mistakes_print_dos_messages_and_set_errorlevel(progs):
    write_bat(progs, "BAD.BAT", "@ECHO OFF", "GOTO nowhere", "ECHO not reached")
    cases = [
        ("NOSUCH", "Bad command or file name"),
        ("TYPE MISSING.TXT", "File not found - MISSING.TXT"),
        ("IF ==", "Syntax error"),
        ("FOR x", "Syntax error"),
        ("ECHO >", "Syntax error"),
        ("DIR | ", "Syntax error"),
        ("CD NOWHERE", "Invalid directory"),
        ("Q:", "Invalid drive specification"),
        ("COPY", "Required parameter missing"),
        ("BAD.BAT", "Label not found"),
        ("FILTER < NOFILE.TXT", "File not found"),
    ]
    for command, message in cases:
        result = shell(progs, ["SHELL_RC 0 > NUL", command])
        assert lines(result) == [message], command
        assert result.exit_code == 1, command


def test_an_endless_batch_loop_stops_at_the_timeout(tmp_path):
    write_bat(tmp_path, "LOOP.BAT", "@ECHO OFF", ":top", "SET X=1", "GOTO top")
    start = time.monotonic()
    result = shell(tmp_path, batch="LOOP.BAT", timeout=1)
    assert result.status == "timeout"
    assert time.monotonic() - start < 10


# -- built-in commands -----------------------------------------------------------------------------
def test_set_path_prompt_and_the_environment_children_get(progs):
    assemble("shell_spawn", progs, "SPAWN.COM")
    out = lines(shell(progs, [
        "SET", "SET LIB=C:\\LIB", "set lib", "PATH", "PATH ;", "PATH", "PATH c:\\bin;c:\\",
        "SET A = B", "SET", "SET LIB=", "SET LIB", "SPAWN SET"]))
    assert out == [
        "COMSPEC=C:\\COMMAND.COM", "PATH=C:\\",
        "LIB=C:\\LIB",
        "PATH=C:\\", "No Path",
        "COMSPEC=C:\\COMMAND.COM", "LIB=C:\\LIB", "PATH=C:\\BIN;C:\\", "A = B",
        "Environment variable LIB not defined",
        "COMSPEC=C:\\COMMAND.COM", "PATH=C:\\BIN;C:\\", "A = B", "rc=0000",
    ]


def test_prompt_at_the_interactive_shell(tmp_path):
    result = shell(tmp_path, stdin=b"PROMPT [$n$g]\nCD\nPROMPT\nEXIT 7\n")
    assert result.exit_code == 7
    assert lines(result) == ["C:\\>PROMPT [$n$g]", "", "[C>]CD", "C:\\", "", "[C>]PROMPT", "", "C:\\>EXIT 7"]


def test_dir_listing(tmp_path):
    (tmp_path / "alpha.txt").write_bytes(b"x" * 14)
    (tmp_path / "B.DAT").write_bytes(b"y" * 1234)
    (tmp_path / "Sub").mkdir()
    (tmp_path / "Sub" / "IN.TXT").write_bytes(b"z")
    for name, when in (("alpha.txt", (1993, 1, 2, 13, 5)), ("B.DAT", (1991, 12, 24, 0, 30)),
                       ("Sub", (2001, 7, 8, 9, 10)), ("Sub/IN.TXT", (2001, 7, 8, 9, 10))):
        stamp(tmp_path / name, when)
    out = lines(shell(tmp_path, ["DIR", "DIR /B", "DIR /W *.*", "DIR SUB", "DIR *.NONE", "DIR /B/S *.TXT"]))
    header = ["", " Volume in drive C is C_DRIVE", " Directory of C:\\", ""]
    free = out[8]
    assert free.index(" bytes free") == 28 and int(free.split()[0]) > 0  # numbers end in one column
    assert out[:9] == header + [
        "ALPHA    TXT        14 01-02-93   1:05p",
        "B        DAT      1234 12-24-91  12:30a",
        "SUB          <DIR>     07-08-01   9:10a",
        "        2 file(s)       1248 bytes",
        free,
    ]
    assert out[9:12] == ["ALPHA.TXT", "B.DAT", "SUB"]
    assert out[12:19] == header + ["ALPHA.TXT       B.DAT           [SUB]", "        2 file(s)       1248 bytes", free]
    assert out[19:28] == ["", " Volume in drive C is C_DRIVE", " Directory of C:\\SUB", "",
                          ".            <DIR>     07-08-01   9:10a", out[24],
                          "IN       TXT         1 07-08-01   9:10a", "        1 file(s)          1 bytes", free]
    assert out[24].startswith("..           <DIR>     ")
    assert out[28:] == header + ["File not found", "C:\\ALPHA.TXT", "C:\\SUB\\IN.TXT"]


def test_cd_md_rd(tmp_path):
    (tmp_path / "FULL").mkdir()
    (tmp_path / "FULL" / "F.TXT").write_text("f")
    out = lines(shell(tmp_path, [
        "MD NEW", "MD NEW", "CD NEW", "CD", "MD INNER", "CD INNER\\..\\..\\NEW\\INNER", "CD", "CD\\", "CD",
        "RD NEW\\INNER", "RD FULL", "RD NOPE", "CD NEW", "RD \\NEW", "CD ..", "RD NEW", "CD C:", "MD Q:\\X"]))
    assert out == [
        "Unable to create directory",
        "C:\\NEW", "C:\\NEW\\INNER", "C:\\",
        "Invalid path, not directory,", "or directory not empty",
        "Invalid path, not directory,", "or directory not empty",
        "Attempt to remove current directory - C:\\NEW",
        "C:\\",
        "Unable to create directory",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FULL"]


def test_copy_plain_concatenated_binary_and_wildcards(tmp_path):
    (tmp_path / "A.TXT").write_bytes(b"one\r\n\x1ahidden")
    (tmp_path / "B.TXT").write_bytes(b"two\r\n")
    (tmp_path / "OUT").mkdir()
    stamp(tmp_path / "A.TXT", (1995, 5, 5, 5, 5))
    out = lines(shell(tmp_path, [
        "COPY A.TXT PLAIN.TXT", "COPY A.TXT+B.TXT TEXT.TXT", "COPY /B A.TXT+B.TXT BIN.TXT",
        "COPY *.TXT OUT", "COPY A.TXT OUT\\*.BAK", "COPY A.TXT", "COPY NONE.TXT X.TXT",
        "COPY B.TXT+B.TXT"]))
    assert out == [
        "        1 file(s) copied",
        "A.TXT", "B.TXT", "        1 file(s) copied",
        "A.TXT", "B.TXT", "        1 file(s) copied",
        "A.TXT", "B.TXT", "BIN.TXT", "PLAIN.TXT", "TEXT.TXT", "        5 file(s) copied",
        "        1 file(s) copied",
        "File cannot be copied onto itself", "        0 file(s) copied",
        "File not found - NONE.TXT", "        0 file(s) copied",
        "B.TXT", "B.TXT", "        1 file(s) copied",
    ]
    assert (tmp_path / "PLAIN.TXT").read_bytes() == b"one\r\n\x1ahidden"
    assert (tmp_path / "PLAIN.TXT").stat().st_mtime == (tmp_path / "A.TXT").stat().st_mtime
    assert (tmp_path / "TEXT.TXT").read_bytes() == b"one\r\ntwo\r\n\x1a"  # text mode: up to ^Z, then ^Z
    assert (tmp_path / "BIN.TXT").read_bytes() == b"one\r\n\x1ahiddentwo\r\n"
    assert sorted(p.name for p in (tmp_path / "OUT").iterdir()) == [
        "A.BAK", "A.TXT", "B.TXT", "BIN.TXT", "PLAIN.TXT", "TEXT.TXT"]
    assert (tmp_path / "B.TXT").read_bytes() == b"two\r\ntwo\r\n\x1a"  # COPY A+B appends to A


def test_del_ren_type(tmp_path):
    for name in ("A.TXT", "B.TXT", "C.DAT"):
        (tmp_path / name).write_bytes(name.encode() + b"\r\n\x1aafter the end mark")
    (tmp_path / "KEEP").mkdir()
    (tmp_path / "KEEP" / "K.TXT").write_text("k")
    out = lines(shell(tmp_path, [
        "TYPE A.TXT", "REN *.TXT *.OLD", "REN C.DAT A.OLD", "REN C.DAT D.DAT", "DEL A.OLD", "DEL *.OLD",
        "DEL NONE.*", "DEL KEEP\\*.*", "DIR /B"], stdin=b"n\n"))
    assert out == [
        "A.TXT",
        "Duplicate file name or file not found",
        "File not found",
        "All files in directory will be deleted!", "Are you sure (Y/N)?n",  # the typed answer is echoed
        "D.DAT", "KEEP",
    ]
    assert (tmp_path / "KEEP" / "K.TXT").exists()  # the answer was N
    out = lines(shell(tmp_path, ["ECHO y| DEL KEEP", "DIR /B KEEP"]))
    assert out == ["All files in directory will be deleted!", "Are you sure (Y/N)?y", "File not found"]
    assert list((tmp_path / "KEEP").iterdir()) == []


def test_ver_vol_cls_pause_break_exit(tmp_path):
    result = shell(tmp_path, ["ECHO on screen", "CLS", "VER", "VOL", "VOL Q:", "PAUSE", "BREAK", "EXIT 42",
                              "ECHO not reached"], stdin=b"k", settings={"LABEL_C": "WORK"})
    assert result.exit_code == 42
    assert lines(result) == ["on screen", "", "MS-DOS Version 5.00", "", "", " Volume in drive C is WORK",
                             "Invalid drive specification", "Press any key to continue . . .", "BREAK is off"]
    assert "on screen" not in result.screen  # CLS cleared it
    assert result.screen.splitlines()[1] == "MS-DOS Version 5.00"


# -- programs, redirection and pipes -------------------------------------------------------------------
def test_errorlevel_is_the_last_program_exit_code(progs):
    result = shell(progs, ["SHELL_RC 5 a", "ECHO built-ins keep it", "NOSUCH", "SHELL_RC 2",
                           "IF ERRORLEVEL 2 ECHO two"])
    assert lines(result) == ["[ 5 a]", "built-ins keep it", "Bad command or file name", "[ 2]", "two"]
    assert result.exit_code == 2


def test_program_search_current_folder_then_path(progs):
    tools = progs / "TOOLS"
    tools.mkdir()
    assemble("shell_rc", tools, "TOOL.EXE")
    write_bat(tools, "TOOL.BAT", "@ECHO batch tool %1")
    write_bat(tools, "ONLYBAT.BAT", "@ECHO only the batch")
    shutil.copy(progs / "SHELL_RC.COM", tools / "TOOL.COM")
    out = lines(shell(progs, ["TOOL 1", "PATH C:\\NOPE;C:\\TOOLS", "TOOL 2", "tool.exe 3", "TOOL.BAT 4",
                              "ONLYBAT", "TOOLS\\TOOL 5", "C:\\TOOLS\\TOOL.EXE 6", "TOOL.TXT"]))
    # A batch file run at the prompt starts with ECHO ON: a blank line follows each of its lines.
    assert out == ["Bad command or file name", "[ 2]", "[ 3]", "batch tool 4", "", "only the batch", "", "[ 5]",
                   "[ 6]", "Bad command or file name"]


def test_redirection_of_programs_and_built_ins(progs):
    (progs / "IN.TXT").write_bytes(b"some text\r\nmore\r\n")
    (progs / "ENDMARK.TXT").write_bytes(b"old\r\n\x1a")
    result = shell(progs, [
        "FILTER < IN.TXT > UP.TXT", "ECHO first> LOG.TXT", "SHELL_RC 3 >> LOG.TXT", "DIR /B *.COM >> LOG.TXT",
        "ECHO new >> ENDMARK.TXT", "TYPE NUL > EMPTY.TXT", "REM > ALSO.TXT", "SHELL_RC 9 > NUL"])
    assert lines(result) == []
    assert result.exit_code == 9
    assert (progs / "UP.TXT").read_bytes() == b"SOME TEXT\r\nMORE\r\n"
    assert (progs / "LOG.TXT").read_bytes() == b"first\r\n[ 3]\r\nFILTER.COM\r\nSHELL_RC.COM\r\n"
    assert (progs / "ENDMARK.TXT").read_bytes() == b"old\r\nnew\r\n"  # appended over the ^Z
    assert (progs / "EMPTY.TXT").read_bytes() == b"" == (progs / "ALSO.TXT").read_bytes()


def test_pipes_use_temporary_files_and_leave_none(progs):
    (progs / "TMP").mkdir()
    before = sorted(p.name for p in progs.iterdir())
    result = shell(progs, ["ECHO piped text | FILTER | FILTER", "DIR | FILTER > NUL",
                           "SET TEMP=C:\\TMP", "DIR /B *.COM | FILTER"])
    assert lines(result) == ["PIPED TEXT", "FILTER.COM", "SHELL_RC.COM"]
    assert result.exit_code == 2  # the last stage's exit code: the lines it read
    assert sorted(p.name for p in progs.iterdir()) == before
    assert list((progs / "TMP").iterdir()) == []


def test_a_program_runs_command_com_through_comspec(progs):
    assemble("shell_spawn", progs, "SPAWN.COM")
    (progs / "IN.TXT").write_bytes(b"1\r\n2\r\n3\r\n")
    result = shell(progs, ["SPAWN ECHO from the child shell", "SPAWN SHELL_RC 42",
                           "SPAWN COMMAND /C SHELL_RC 7", "SPAWN NOSUCH",
                           "COMMAND /C SHELL_RC 8 > OUT.TXT", "TYPE OUT.TXT",
                           "COMMAND /C FILTER < IN.TXT > NUL"])
    assert not (progs / "COMMAND.COM").exists()
    assert lines(result) == [
        "from the child shell", "rc=0000",
        "[ 42]", "rc=002A",
        "[ 7]", "rc=0007",
        "Bad command or file name", "rc=0001",
        "[ 8]",
    ]
    assert result.exit_code == 3  # FILTER's exit code, passed on by COMMAND /C


def test_a_real_command_com_answers_when_the_setting_says_so(progs):
    assemble("shell_spawn", progs, "SPAWN.COM")
    assemble("shell_rc", progs, "COMMAND.COM")
    result = shell(progs, ["SPAWN 5"], settings={"BUILTIN_SHELL": "0"})
    assert lines(result) == ["[ /C 5]", "rc=0000"]
    result = shell(progs, ["SPAWN SHELL_RC 5"])
    assert lines(result) == ["[ 5]", "rc=0005"]


def test_a_child_shell_reads_commands_from_redirected_input(progs):
    (progs / "CMDS.TXT").write_bytes(b"ECHO from the file\r\nSHELL_RC 6\r\n")
    result = shell(progs, ["COMMAND < CMDS.TXT", "ECHO back"])
    assert lines(result) == ["C:\\>ECHO from the file", "from the file", "", "C:\\>SHELL_RC 6", "[ 6]", "",
                             "C:\\>", "back"]
    assert result.exit_code == 6  # the end of the file ends that shell, with its ERRORLEVEL


def test_an_interactive_child_shell_reads_the_console(progs):
    result = shell(progs, stdin=b"COMMAND\nECHO inside\nEXIT\nECHO outside\n")
    assert lines(result) == ["C:\\>COMMAND", "C:\\>ECHO inside", "inside", "", "C:\\>EXIT", "",
                             "C:\\>ECHO outside", "outside", "", "C:\\>"]


# -- the mvm command line ---------------------------------------------------------------------------
def test_mvm_run_c_runs_each_line_and_exits_with_the_last_errorlevel(progs):
    proc = run_cli("run", "-c", "SET GREETING=hello", "-c", "ECHO %GREETING%", "-c", "SHELL_RC 3",
                   "-c", "ECHO done", cwd=progs)
    assert b"Traceback" not in proc.stderr
    assert proc.stdout == b"hello\n[ 3]\ndone\n"
    assert proc.returncode == 3
    proc = run_cli("run", "-c", "ECHO first", "SHELL_RC.COM", "4", cwd=progs)
    assert (proc.stdout, proc.returncode) == (b"first\n[ 4]\n", 4)


def test_mvm_run_batch_file(progs):
    write_bat(progs, "BUILD.BAT", "@ECHO OFF", "ECHO building %1", "SHELL_RC 6", "IF ERRORLEVEL 6 EXIT 66")
    proc = run_cli("run", "BUILD.BAT", "all", cwd=progs)
    assert proc.stdout == b"building all\n[ 6]\n"
    assert proc.returncode == 66
    proc = run_cli("run", "MISSING.BAT", cwd=progs)
    assert proc.returncode == 127 and b"no such program" in proc.stderr


def test_mvm_shell_reads_commands_from_stdin(progs):
    proc = run_cli("shell", stdin=b"ECHO hi\nSHELL_RC 4\nBADCMD\n", cwd=progs)
    assert b"Traceback" not in proc.stderr
    assert proc.stdout.decode().splitlines() == [
        "C:\\>ECHO hi", "hi", "", "C:\\>SHELL_RC 4", "[ 4]", "", "C:\\>BADCMD", "Bad command or file name", "",
        "C:\\>"]
    assert proc.returncode == 1


def test_mvm_run_usage_errors(tmp_path):
    proc = run_cli("run", cwd=tmp_path)
    assert proc.returncode == 2 and b"required" in proc.stderr
    proc = run_cli("shell", "--timeout", "0", cwd=tmp_path)
    assert proc.returncode == 2 and b"--timeout" in proc.stderr


# -- the same batch file in DOSBox ------------------------------------------------------------------
COMPARED = [
    "@ECHO OFF",
    "ECHO Hello, world",
    "ECHO.",
    "ECHO  two  spaces",
    "SET COLOR=blue",
    "ECHO colour is %COLOR%, path %path%",
    "ECHO arg1=[%1] arg0=%0 percent=50%% %UNSET%.",
    "SET COLOR=",
    "ECHO colour now [%COLOR%]",
    "SHELL_RC 3",
    "IF ERRORLEVEL 3 ECHO errorlevel 3 or more",
    "IF ERRORLEVEL 4 ECHO errorlevel 4 or more",
    "IF NOT ERRORLEVEL 4 ECHO below 4",
    "IF EXIST A.TXT ECHO A.TXT is there",
    "IF NOT EXIST Z.TXT ECHO no Z.TXT",
    'IF "%1"=="" ECHO no argument',
    "IF abc==abc ECHO same",
    "IF abc==ABC ECHO same again",
    "TYPE A.TXT",
    "COPY /B A.TXT+B.TXT AB.TXT",
    "COPY A.TXT A2.TXT",
    "TYPE AB.TXT",
    "GOTO last",
    "ECHO skipped",
    ":last",
    "ECHO the end",
]


def _compare_folder(folder: Path) -> None:
    folder.mkdir()
    assemble("shell_rc", folder)
    (folder / "A.TXT").write_bytes(b"alpha line\r\n")
    (folder / "B.TXT").write_bytes(b"beta line\r\n")
    write_bat(folder, "T.BAT", *COMPARED)


def _without_copy_chatter(text: str) -> list[str]:
    # The shells report COPY differently: MS-DOS's "A.TXT" and "1 file(s) copied",
    # DOSBox's " A.TXT" for every file and "1 File(s) copied.".
    return [line for line in text.splitlines()
            if "file(s) copied" not in line.lower() and line.strip() not in ("A.TXT", "B.TXT")]


def test_batch_output_matches_dosbox(tmp_path):
    _compare_folder(tmp_path / "box")
    _compare_folder(tmp_path / "mvm")
    expected = run_in_dosbox(tmp_path / "box", "COMMAND /C T.BAT")
    result = shell(tmp_path / "mvm", ["COMMAND /C T.BAT"])
    got = result.stdout.decode()
    assert _without_copy_chatter(got) == _without_copy_chatter(expected.replace("Z:\\", "C:\\"))
    for name in ("AB.TXT", "A2.TXT"):
        assert (tmp_path / "mvm" / name).read_bytes() == (tmp_path / "box" / name).read_bytes()


REDIRECTED = [
    "@ECHO OFF",
    "ECHO a > R.TXT",
    "ECHO b>>R.TXT",
    "SHELL_RC 3 x >> R.TXT",
    "IF ERRORLEVEL 3 ECHO three >> R.TXT",
    "FILTER < A.TXT > V.TXT",
    "TYPE V.TXT > W.TXT",
    "ECHO nothing > NUL",
]


def test_redirection_results_match_dosbox(tmp_path):
    for side in ("box", "mvm"):
        folder = tmp_path / side
        folder.mkdir()
        assemble("shell_rc", folder)
        assemble("filter", folder)
        (folder / "A.TXT").write_bytes(b"mixed Case\r\n")
        write_bat(folder, "R.BAT", *REDIRECTED)
    run_in_dosbox(tmp_path / "box", "COMMAND /C R.BAT")
    result = shell(tmp_path / "mvm", ["COMMAND /C R.BAT"])
    assert lines(result) == []
    for name in ("R.TXT", "V.TXT", "W.TXT"):
        assert (tmp_path / "mvm" / name).read_bytes() == (tmp_path / "box" / name).read_bytes(), name


def test_ctrl_c_in_a_batch_program_asks_to_stop_the_batch(tmp_path):
    assemble("shell_key", tmp_path, "KEY.COM")
    write_bat(tmp_path, "INNER.BAT", "@ECHO OFF", "KEY", "ECHO inner goes on")
    write_bat(tmp_path, "OUTER.BAT", "@ECHO OFF", "CALL INNER.BAT", "ECHO outer goes on")
    stopped = shell(tmp_path, batch="OUTER.BAT", stdin=b"\x03y\n")
    assert lines(stopped) == ["^C", "Terminate batch job (Y/N)?y"]
    going_on = shell(tmp_path, batch="OUTER.BAT", stdin=b"\x03n\n")
    assert lines(going_on) == ["^C", "Terminate batch job (Y/N)?n", "inner goes on", "outer goes on"]
