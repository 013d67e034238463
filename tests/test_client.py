"""The `mvm` client commands against a real server: start, ps, wait, output, stop, kill, pause, resume, request."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from conftest import assemble, run_cli
from test_server import ServerProcess, wait_until


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server and the folder with the guest programs; clients find the server through the runtime folder."""
    dos = tmp_path_factory.mktemp("dos")
    for name in ("server_echo", "server_wait", "server_ticker"):
        assemble(name, dos)
    srv = ServerProcess(tmp_path_factory.mktemp("runtime"))
    yield srv, dos
    srv.stop()


@pytest.fixture
def mvm(served, monkeypatch):
    """mvm(*args) runs the CLI in the guest folder with this server's runtime folder."""
    srv, dos = served
    monkeypatch.setenv("MVM_RUNTIME_DIR", str(srv.runtime))
    for name in ("MVM_SERVER", "MVM_TOKEN"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str, cwd=None, check_clean: bool = True):
        proc = run_cli(*args, cwd=cwd or dos)
        if check_clean:
            assert b"Traceback" not in proc.stderr + proc.stdout, proc.stderr.decode()
        return proc

    return run


def test_start_wait_output(mvm):
    proc = mvm("start", "SERVER_ECHO.COM", "one", "two")
    assert proc.returncode == 0, proc.stderr
    sid = proc.stdout.decode().strip()
    assert sid and "\n" not in sid
    proc = mvm("wait", sid)
    assert proc.returncode == len(" one two")
    assert proc.stdout == b"" and proc.stderr == b""
    proc = mvm("output", sid)
    assert (proc.returncode, proc.stdout) == (0, b"echo: one two\n")


def test_json_and_ps(mvm):
    proc = mvm("start", "--json", "--name", "js", "SERVER_WAIT.COM")
    info = json.loads(proc.stdout)
    assert info["name"] == "js" and info["state"] == "running"
    proc = mvm("ps", "--json")
    listed = {s["id"]: s for s in json.loads(proc.stdout)}
    assert listed[info["id"]]["state"] == "running"
    proc = mvm("ps")
    row = next(line for line in proc.stdout.decode().splitlines() if line.startswith(info["id"]))
    assert row.split()[1:3] == ["js", "running"] and "SERVER_WAIT.COM" in row
    assert proc.stdout.decode().splitlines()[0].split()[:3] == ["ID", "NAME", "STATE"]
    proc = mvm("stop", "js")  # by name
    assert (proc.returncode, proc.stdout.decode().split()) == (0, [info["id"], "stopped"])
    proc = mvm("wait", "--json", info["id"])
    assert proc.returncode == 143 and json.loads(proc.stdout)["state"] == "stopped"


def test_pause_resume_kill(mvm, served):
    srv, _ = served
    sid = mvm("start", "SERVER_TICKER.COM").stdout.decode().strip()
    assert mvm("pause", sid).stdout.decode().split() == [sid, "paused"]
    proc = mvm("pause", sid)
    assert proc.returncode == 1 and proc.stderr.decode().startswith("mvm: session") and proc.stderr.count(b"\n") == 1
    assert mvm("resume", sid).stdout.decode().split() == [sid, "running"]
    assert mvm("kill", sid).stdout.decode().split() == [sid, "killed"]
    proc = mvm("wait", sid)
    assert proc.returncode == 137
    assert proc.stderr.decode() == f"mvm: session {sid} killed: killed by request\n"


def test_wait_gives_up_after_its_timeout(mvm):
    sid = mvm("start", "SERVER_WAIT.COM").stdout.decode().strip()
    started = time.monotonic()
    proc = mvm("wait", "--timeout", "0.5", sid)
    assert proc.returncode == 124
    assert time.monotonic() - started < 10
    assert "still running" in proc.stderr.decode()
    mvm("kill", sid)


def test_drive_config_and_settings(mvm, served, tmp_path):
    srv, dos = served
    work = tmp_path / "work"
    work.mkdir()
    (work / "PROG.COM").write_bytes((dos / "SERVER_ECHO.COM").read_bytes())
    config = tmp_path / "session.toml"
    config.write_text('program = "PROG.COM"\nargs = ["from", "file"]\nname = "cfg"\n[drives]\nC = "work"\n'
                      '[settings]\nDOS_FILES = 60\n')
    # Relative paths are the client's: the drive comes from tmp_path, not the server's folder.
    sid = mvm("start", "--config", str(config), cwd=tmp_path).stdout.decode().strip()
    assert mvm("wait", sid).returncode == len(" from file")
    assert mvm("output", sid).stdout == b"echo: from file\n"
    sid = mvm("start", "--config", str(config), "--drive", "C=work", "PROG.COM", "cli", cwd=tmp_path).stdout
    assert mvm("output", "--follow", sid.decode().strip()).stdout == b"echo: cli\n"
    proc = mvm("start", "--set", "DOS_FILES=5000", "SERVER_ECHO.COM")
    assert proc.returncode == 1 and "DOS_FILES" in proc.stderr.decode() and proc.stderr.count(b"\n") == 1
    proc = mvm("start", "--drive", "nonsense", "SERVER_ECHO.COM")
    assert proc.returncode == 2 and proc.stderr.decode().startswith("mvm: bad --drive")


def test_output_follow_streams_until_the_end(mvm, served):
    srv, _ = served
    sid = mvm("start", "SERVER_WAIT.COM").stdout.decode().strip()

    def type_key() -> None:
        assert wait_until(lambda: srv.output(sid) == "press a key: ", 10)
        srv.call("POST", f"/sessions/{sid}/input", {"text": "z"})

    import threading

    typist = threading.Thread(target=type_key)
    typist.start()
    proc = mvm("output", "-f", sid)
    typist.join()
    assert proc.stdout == b"press a key: \ngot z\n"


def test_requests(mvm, served, tmp_path):
    sid = mvm("start", "SERVER_WAIT.COM").stdout.decode().strip()
    proc = mvm("request", "VNOSUCH", "1", "--session", sid)
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert proc.stderr.decode().startswith("mvm: no VDD named VNOSUCH")
    proc = mvm("request", "--json", "VPIC", "0x10", "--session", sid, "--data", "01ff")
    assert proc.returncode == 1 and json.loads(proc.stdout)["error"]["code"] == "INVALID_FUNCTION"
    data = tmp_path / "in.bin"
    data.write_bytes(b"\x00\x01")
    proc = mvm("request", "VKBD", "3", "--data", f"@{data}")  # every session
    assert proc.returncode == 1
    lines = proc.stdout.decode().splitlines()
    mine = [line for line in lines if line.startswith(f"{sid}: ")]
    assert mine == [f"{sid}: error INVALID_FUNCTION (1): {mine[0].split(': ', 2)[2]}"]
    proc = mvm("request", "--json", "VKBD", "3")
    assert any(r["session"] == sid for r in json.loads(proc.stdout)["results"])
    for bad in (["VPIC", "one"], ["VPIC", "1", "--data", "xyz"], ["VPIC", "1", "--data", "@/no/such/file"]):
        proc = mvm("request", *bad)
        assert proc.returncode == 2 and proc.stderr.count(b"\n") == 1, bad
    mvm("kill", sid)


def test_unknown_session(mvm):
    for command in ("wait", "output", "stop", "kill", "pause", "resume"):
        proc = mvm(command, "nosuch")
        assert (proc.returncode, proc.stderr) == (1, b"mvm: no session 'nosuch'\n"), command


def test_program_not_found(mvm):
    proc = mvm("start", "NOSUCH.COM")
    assert proc.returncode == 1
    assert proc.stderr == b"mvm: NOSUCH.COM: no such program\n"


def test_no_server(monkeypatch, tmp_path):
    monkeypatch.setenv("MVM_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("MVM_SERVER", "http://127.0.0.1:9")
    for args in (["ps"], ["start", "X.COM"], ["wait", "x"], ["request", "VPIC", "1"]):
        proc = run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 2, args
        assert proc.stderr.decode().startswith("mvm: no mvm server at http://127.0.0.1:9")
        assert proc.stderr.count(b"\n") == 1 and b"Traceback" not in proc.stderr


def test_server_and_token_overrides(served, monkeypatch, tmp_path):
    srv, dos = served
    monkeypatch.setenv("MVM_RUNTIME_DIR", str(tmp_path))  # no server file here: only the overrides find it
    monkeypatch.setenv("MVM_SERVER", srv.url)
    monkeypatch.setenv("MVM_TOKEN", "wrong")
    proc = run_cli("ps", cwd=dos)
    assert (proc.returncode, proc.stderr) == (1, b"mvm: wrong token\n")
    monkeypatch.delenv("MVM_TOKEN")
    proc = run_cli("ps", cwd=dos)
    assert proc.returncode == 1 and proc.stderr.decode().startswith("mvm: this needs the server's token")
    monkeypatch.setenv("MVM_TOKEN", srv.token)
    monkeypatch.delenv("MVM_SERVER")
    proc = run_cli("ps", "--server", srv.url.removeprefix("http://"), cwd=dos)
    assert proc.returncode == 0 and proc.stdout.startswith(b"ID")


def test_server_stop_by_signal(tmp_path, monkeypatch):
    """`mvm serve` ends on SIGTERM with its sessions, and its file goes with it."""
    dos = tmp_path / "dos"
    dos.mkdir()
    assemble("server_wait", dos)
    srv = ServerProcess(tmp_path / "rt")
    monkeypatch.setenv("MVM_RUNTIME_DIR", str(srv.runtime))
    sid = run_cli("start", "SERVER_WAIT.COM", cwd=dos).stdout.decode().strip()
    pid = json.loads(run_cli("ps", "--json", cwd=dos).stdout)[0]["pid"]
    assert sid and os.path.exists(f"/proc/{pid}")
    srv.stop(signal.SIGTERM)
    assert not srv.file.exists()
    proc = run_cli("ps", cwd=dos)
    assert proc.returncode == 2
