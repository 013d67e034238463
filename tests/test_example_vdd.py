"""The worked example of a third-party VDD (examples/kvstore): installed with pip, found
through its entry point, and used from both sides, DOS programs and host programs."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from mvm import Machine, UsageError
from mvm.vdh import VddError

EXAMPLE = REPO / "examples" / "kvstore"
DOS = EXAMPLE / "dos"
HOST = EXAMPLE / "host" / "kvhost.py"


def build(name: str, out_dir: Path) -> Path:
    """Assemble examples/kvstore/dos/NAME.asm as tests/conftest.py does for tests/guest."""
    if shutil.which("nasm") is None:
        pytest.fail("nasm is not installed (apt-get install nasm)")
    out = out_dir / f"{name.upper()}.COM"
    subprocess.run(["nasm", "-f", "bin", "-I", f"{DOS}/", str(DOS / f"{name}.asm"), "-o", str(out)],
                   check=True, capture_output=True)
    return out


TREE: dict[str, list[Path]] = {}  # the example's files before and after the install


def _tree(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The package installed with pip into a folder of its own, as a user would install it.

    The source is copied first so that the build leaves nothing in the repository;
    the folder goes on sys.path for this module only, so the environment is as it was after.
    """
    base = tmp_path_factory.mktemp("kvstore")
    TREE["before"] = _tree(EXAMPLE)
    source = base / "src"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = base / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(source)]
    # With the build tools already here when they suffice (no index needed), else as pip does by default.
    done = subprocess.run([*pip, "--no-build-isolation"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        done = subprocess.run(pip, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    TREE["after"] = _tree(EXAMPLE)
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    try:
        yield target
    finally:
        sys.path.remove(str(target))
        for name in [m for m in sys.modules if m == "mvm_kvstore" or m.startswith("mvm_kvstore.")]:
            del sys.modules[name]
        importlib.invalidate_caches()


@pytest.fixture(scope="module")
def programs(tmp_path_factory) -> Path:
    """A folder with KVDEMO.COM and KVCHECK.COM, to be drive C:."""
    folder = tmp_path_factory.mktemp("kvdos")
    build("kvdemo", folder)
    build("kvcheck", folder)
    return folder


@pytest.fixture
def session(site, programs):
    """A session with VKVS loaded by name, and an open handle to it."""
    machines = []

    def make(settings=None, vdds=("VKVS",)):
        machine = Machine({"C": str(programs)}, vdds=list(vdds), settings=settings or {})
        machines.append(machine)
        return machine

    yield make
    for machine in machines:
        machine.close()


def client(machine):
    from mvm_kvstore import KvClient

    return KvClient(machine.open_vdd("VKVS"))


def lines(result) -> list[str]:
    return result.stdout.decode().splitlines()


# -- the package ---------------------------------------------------------------------------
def test_pip_installed_package_is_found_through_its_entry_point(site):
    from mvm.vdd.registry import installed_vdds

    vdds = installed_vdds()
    assert "VKVS" in vdds
    cls = vdds["VKVS"]
    assert cls.__module__.startswith("mvm_kvstore")
    assert Path(sys.modules[cls.__module__].__file__).is_relative_to(site)
    assert set(cls.settings) == {"KVS_MAX_KEYS", "KVS_MAX_VALUE"}


def test_install_left_the_source_tree_as_it_was(site):
    assert TREE["after"] == TREE["before"]


# -- both ways -----------------------------------------------------------------------------
def test_host_to_dos_and_back(session):
    machine = session()
    store = client(machine)
    store.put("greeting", "hello from the host")
    result = machine.run("KVDEMO.COM", timeout=20)
    assert (result.status, result.exit_code) == ("exited", 0), result.report
    assert lines(result) == ["KVDEMO: the host says: hello from the host",
                             "KVDEMO: reply stored; keys in the store: 2"]
    assert store.get("reply") == b"HELLO FROM THE HOST"
    assert store.keys() == [b"greeting", b"reply"]


def test_every_dos_function_and_its_errors(session):
    machine = session()
    result = machine.run("KVCHECK.COM", timeout=20)
    assert (result.status, result.exit_code) == ("exited", 0), result.report
    assert lines(result) == [
        "check 4B56 0100",
        "count 0 0000 0000",
        "put 0 0000 000E",
        "get 0 0000 000E",
        "value from DOS",
        "get-small 1 006F 000E",  # BUFFER_TOO_SMALL, CX = the length needed
        "get-missing 1 0002 0040",  # KEY_NOT_FOUND
        "delete 0 0000 0000",
        "delete-again 1 0002 0000",
        "bad-function 1 0001 0000",  # INVALID_FUNCTION
        "empty-key 1 0057 0001",  # INVALID_PARAMETER
        "long-key 1 0057 0001",
        "put-kvcheck 0 0000 0003",
        "count 0 0000 0001",
    ]
    # What the DOS program left is the host's to read once it has ended.
    assert client(machine).get("kvcheck") == b"ran"


def test_the_store_lives_as_long_as_the_session(session):
    machine = session()
    assert machine.run("KVCHECK.COM", timeout=20).exit_code == 0
    client(machine).put("greeting", "second run")
    result = machine.run("KVDEMO.COM", timeout=20)
    assert result.exit_code == 0, result.stdout
    assert lines(result)[-1] == "KVDEMO: reply stored; keys in the store: 3"  # kvcheck, greeting, reply


def test_each_session_has_its_own_store(session):
    first, second = session(), session()
    client(first).put("greeting", "for the first session only")
    result = second.run("KVDEMO.COM", timeout=20)
    assert result.exit_code == 2
    assert lines(result) == ["KVDEMO: no greeting in the store"]
    assert client(first).keys() == [b"greeting"]


def test_both_sides_while_the_program_runs(session):
    """KVDEMO /W waits for the greeting, then for the host to take the reply, idling meanwhile."""
    from mvm_kvstore import ERROR_KEY_NOT_FOUND, KvError

    machine = session()
    store = client(machine)
    ended = {}
    runner = threading.Thread(target=lambda: ended.update(result=machine.run("KVDEMO.COM", ["/W"], timeout=20)))
    cpu = time.process_time()
    runner.start()
    try:
        time.sleep(0.5)  # the program waits for a greeting meanwhile
        store.put("greeting", "hello while it runs")
        deadline = time.monotonic() + 10
        reply = None
        while reply is None and time.monotonic() < deadline:
            try:
                reply = store.get("reply")
            except KvError as err:
                assert err.code == ERROR_KEY_NOT_FOUND
                time.sleep(0.02)
        assert reply == b"HELLO WHILE IT RUNS"
        time.sleep(0.5)
        assert runner.is_alive()  # it waits for the reply to be taken
        store.delete("reply")
    finally:
        runner.join(20)
    result = ended["result"]
    assert (result.status, result.exit_code) == ("exited", 0), result.report
    assert lines(result) == ["KVDEMO: waiting for a greeting", "KVDEMO: the host says: hello while it runs",
                             "KVDEMO: reply stored; keys in the store: 2",
                             "KVDEMO: waiting for the host to take the reply"]
    # A second of waiting, idle through INT 2Fh/1680h, is not a second of CPU.
    assert time.process_time() - cpu < 0.5


def test_host_program(site, programs):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), str(REPO / "src"), env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, str(HOST), "--greeting", "hi from pytest"], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "host: put greeting = 'hi from pytest'",
        "KVDEMO: the host says: hi from pytest",
        "KVDEMO: reply stored; keys in the store: 2",
        "host: got reply = 'HI FROM PYTEST'",
        "host: keys in the store: greeting, reply",
    ]
    # A bad setting: one line, no traceback, a non-zero status.
    done = subprocess.run([sys.executable, str(HOST), "--program", str(programs / "KVDEMO.COM"),
                           "--set", "KVS_MAX_KEYS=0"], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2
    assert done.stderr.strip() == "kvhost: bad setting KVS_MAX_KEYS=0: must be 1-65535"


def test_command_line(site, programs, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(site))
    listed = run_cli("vdds")
    assert listed.returncode == 0, listed.stderr
    vkvs = [line for line in listed.stdout.decode().splitlines() if line.split()[:1] == ["VKVS"]]
    assert len(vkvs) == 1 and "key/value store" in vkvs[0]  # described by its own docstring
    settings = run_cli("settings").stdout.decode().splitlines()
    assert any(line.split()[:1] == ["KVS_MAX_KEYS"] and "VKVS" in line.split() for line in settings)
    done = run_cli("run", "--vdd", "VKVS", "KVCHECK.COM", cwd=programs)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines()[:2] == ["check 4B56 0100", "count 0 0000 0000"]
    done = run_cli("run", "KVCHECK.COM", cwd=programs)
    assert done.returncode == 1
    assert b"not installed" in done.stdout
    done = run_cli("run", "--set", "KVS_MAX_KEYS=5", "KVCHECK.COM", cwd=programs)
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1 and "KVS_MAX_KEYS" in done.stderr.decode()


def test_over_the_server(site, programs, tmp_path, monkeypatch):
    """`mvm serve` loads the installed VDD into a session's own process; `mvm request` reaches it."""
    from test_server import ServerProcess, wait_until

    monkeypatch.setenv("PYTHONPATH", str(site))  # the server and its sessions see the installed package
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("MVM_RUNTIME_DIR", str(runtime))
    for name in ("MVM_SERVER", "MVM_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    server = ServerProcess(runtime)
    try:
        started = run_cli("start", "--vdd", "VKVS", "KVDEMO.COM", "/W", cwd=programs)
        assert started.returncode == 0, started.stderr
        sid = started.stdout.decode().strip()

        def request(cmd: str, data: bytes = b"", *more: str):
            return run_cli("request", "VKVS", cmd, "--session", sid, "--data", data.hex(), *more)

        assert request("1", b"greeting\0hello over the server").returncode == 0  # PUT
        def reply():  # GET, until KVDEMO has answered
            done = request("2", b"reply")
            return done if done.returncode == 0 else None

        got = wait_until(reply, 15)
        assert got, "no reply from the session"
        assert bytes.fromhex(got.stdout.decode().strip()) == b"HELLO OVER THE SERVER"

        missing = request("2", b"no.such.key", "--json")
        assert missing.returncode == 1
        error = json.loads(missing.stdout)["error"]
        assert (error["code"], error["os2_code"], error["vdd"]) == ("KEY_NOT_FOUND", 2, "VKVS")
        unknown = request("9", b"", "--json")
        assert unknown.returncode == 1
        assert json.loads(unknown.stdout)["error"]["code"] == "INVALID_FUNCTION"

        assert request("3", b"reply").returncode == 0  # DELETE: KVDEMO may end now
        assert run_cli("wait", sid).returncode == 0
        output = run_cli("output", sid).stdout.decode().splitlines()
        assert output == ["KVDEMO: waiting for a greeting", "KVDEMO: the host says: hello over the server",
                          "KVDEMO: reply stored; keys in the store: 2",
                          "KVDEMO: waiting for the host to take the reply"]
    finally:
        server.stop()


# -- error paths ---------------------------------------------------------------------------
def test_missing_key(session):
    from mvm_kvstore import ERROR_KEY_NOT_FOUND, KvError

    machine = session()
    result = machine.run("KVDEMO.COM", timeout=20)
    assert (result.status, result.exit_code) == ("exited", 2)
    assert lines(result) == ["KVDEMO: no greeting in the store"]
    store = client(machine)
    for ask in (lambda: store.get("reply"), lambda: store.delete("reply")):
        with pytest.raises(VddError) as caught:
            ask()
        assert isinstance(caught.value, KvError)
        assert caught.value.code == ERROR_KEY_NOT_FOUND
        assert caught.value.name == "KEY_NOT_FOUND"
        assert "'reply'" in str(caught.value)


def test_value_larger_than_the_dos_buffer(session):
    machine = session()
    store = client(machine)
    store.put("greeting", "x" * 128)  # exactly KVDEMO's buffer
    result = machine.run("KVDEMO.COM", timeout=20)
    assert result.exit_code == 0, result.stdout
    assert store.get("reply") == b"X" * 128
    store.put("greeting", "x" * 129)
    result = machine.run("KVDEMO.COM", timeout=20)
    assert (result.status, result.exit_code) == ("exited", 3)
    assert lines(result) == ["KVDEMO: the greeting is 129 bytes, more than the 128 KVDEMO takes"]


def test_unknown_command_and_bad_requests(session):
    from mvm_kvstore import CMD_GET, CMD_PUT

    machine = session()
    handle = machine.open_vdd("VKVS")
    with pytest.raises(VddError) as caught:
        handle.request(99, b"greeting")
    assert (caught.value.code, caught.value.name) == (VddError.INVALID_FUNCTION, "INVALID_FUNCTION")
    bad = [(CMD_PUT, b"no separator"), (CMD_PUT, b"\0empty key"), (CMD_GET, b""), (CMD_GET, b"k" * 65)]
    for cmd, data in bad:
        with pytest.raises(VddError) as caught:
            handle.request(cmd, data)
        assert caught.value.name == "INVALID_PARAMETER", data
    assert handle.request(CMD_PUT, b"k" * 64 + b"\0") == b""  # the longest key, an empty value
    assert handle.request(CMD_GET, b"k" * 64) == b""
    handle.close()
    with pytest.raises(VddError) as caught:
        handle.request(CMD_GET, b"k")
    assert caught.value.code == VddError.INVALID_HANDLE


def test_settings_limit_the_store(session):
    machine = session(settings={"KVS_MAX_KEYS": "1"})
    client(machine).put("greeting", "only room for this")
    result = machine.run("KVDEMO.COM", timeout=20)
    assert result.exit_code == 4
    assert lines(result)[-1] == "KVDEMO: the store refused the reply: error 8"
    with pytest.raises(VddError) as caught:
        client(machine).put("another", "x")
    assert caught.value.name == "STORE_FULL"

    machine = session(settings={"KVS_MAX_VALUE": "5"})
    with pytest.raises(VddError) as caught:
        client(machine).put("greeting", "longer than five")
    assert caught.value.name == "INVALID_PARAMETER"
    result = machine.run("KVCHECK.COM", timeout=20)
    assert "put 1 0057 000E" in lines(result)  # 14 bytes from DOS: refused too


def test_bad_settings_are_refused_before_the_session_starts(session):
    with pytest.raises(UsageError, match=r"^bad setting KVS_MAX_KEYS=70000: must be 1-65535$"):
        session(settings={"KVS_MAX_KEYS": "70000"})
    with pytest.raises(UsageError, match=r"^unknown setting KVS_MAX_KEYS"):
        session(settings={"KVS_MAX_KEYS": "5"}, vdds=())  # the setting belongs to VKVS


def test_dos_programs_without_the_vdd_fail_cleanly(session):
    machine = session(vdds=())
    with pytest.raises(VddError) as caught:
        machine.open_vdd("VKVS")
    assert caught.value.code == VddError.VDD_NOT_FOUND
    for program, name in (("KVDEMO.COM", "KVDEMO"), ("KVCHECK.COM", "KVCHECK")):
        result = machine.run(program, timeout=20)
        assert (result.status, result.exit_code) == ("exited", 1), result.report
        assert lines(result) == [f"{name}: the VKVS key/value store is not installed (INT F5h)"]
    # A DOS that leaves unused vectors at 0000:0000: the program must not call through it.
    machine.vdh.set_vector(0xF5, 0, 0)
    result = machine.run("KVDEMO.COM", timeout=20)
    assert (result.status, result.exit_code) == ("exited", 1), result.report
