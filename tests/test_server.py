"""`mvm serve` as a real process on 127.0.0.1, driven through its HTTP + WebSocket API.

Each server here is a subprocess (`python -m mvm serve --port 0`) with its own
runtime folder; it is stopped at the end and every process it had is checked
to be gone.
"""

from __future__ import annotations

import json
import os
import select
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO, assemble
from mvm.client import Api

GUESTS = ("server_echo", "server_wait", "server_ticker")


def _children(pid: int) -> list[int]:
    """Every descendant of `pid` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(check, timeout: float = 10.0, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


class ServerProcess:
    """A `mvm serve --port 0` subprocess with its own runtime folder."""

    def __init__(self, runtime: Path, *options: str) -> None:
        self.runtime = runtime
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
        env["MVM_RUNTIME_DIR"] = str(runtime)
        self.env = env
        self.proc = subprocess.Popen([sys.executable, "-m", "mvm", "serve", "--port", "0", *options],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        line = self.proc.stdout.readline().decode().strip() if ready else ""
        if not line.startswith("http://127.0.0.1:"):
            self.proc.kill()
            raise AssertionError(f"no URL from mvm serve: {line!r} {self.proc.stderr.read().decode()[-2000:]}")
        self.url = line
        self.port = int(line.rsplit(":", 1)[1])
        self.file = runtime / f"server-{self.port}.json"
        self.token = json.loads(self.file.read_text())["token"]
        self.api = Api(self.url, self.token)
        self.anonymous = Api(self.url, None)

    # -- helpers -----------------------------------------------------------------------------
    def call(self, method: str, path: str, body=None, token: str | None = "default"):
        api = self.api if token == "default" else Api(self.url, token)
        status, headers, raw = api.call(method, path, body)
        return status, (json.loads(raw) if raw and headers.get("content-type", "").startswith("application/json")
                        else raw)

    def start(self, program: str, folder: Path, *args: str, **extra) -> dict:
        body = {"program": program, "args": list(args), "drives": {"C": str(folder)}, **extra}
        status, info = self.call("POST", "/sessions", body)
        assert status == 201, info
        return info

    def wait(self, sid: str, timeout: float = 20) -> dict:
        status, info = self.call("GET", f"/sessions/{sid}/wait?timeout={timeout}")
        assert status == 200, info
        return info

    def output(self, sid: str) -> str:
        status, raw = self.call("GET", f"/sessions/{sid}/output")
        assert status == 200
        return raw.decode()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> list[int]:
        """Stop the server; returns the processes it had, all of which must be gone."""
        family = _children(self.proc.pid)
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            for pid in [self.proc.pid, *family]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            raise AssertionError("mvm serve did not stop within the time allowed") from None
        left = wait_until(lambda: not [p for p in family if _alive(p)], 10)
        assert left, f"processes left behind: {[p for p in family if _alive(p)]}"
        self.proc.stdout.close()
        self.stderr = self.proc.stderr.read().decode()
        self.proc.stderr.close()
        assert "Traceback" not in self.stderr, self.stderr
        return family


@pytest.fixture(scope="module")
def dos(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dos")
    for name in GUESTS:
        assemble(name, folder)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = ServerProcess(tmp_path_factory.mktemp("runtime"), "--max-sessions", "40")
    yield srv
    srv.stop()


# -- sessions ------------------------------------------------------------------------------------------


def test_twenty_sessions_at_once(server, dos):
    def one(i: int) -> tuple[int, dict, str]:
        info = server.start("SERVER_ECHO.COM", dos, f"S{i:02d}", "x" * i)
        done = server.wait(info["id"])
        return i, done, server.output(info["id"])

    started = time.monotonic()
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(one, range(20)))
    for i, done, output in results:
        tail = f" S{i:02d} {'x' * i}"
        assert done["state"] == "exited", done
        assert done["exit_code"] == len(tail)
        assert output == f"echo:{tail}\n"
    pids = {done["pid"] for _, done, _ in results}
    assert len(pids) == 20  # each in its own process
    assert time.monotonic() - started < 30


def test_kill_9_of_one_session_leaves_the_others(server, dos):
    sessions = [server.start("SERVER_WAIT.COM", dos) for _ in range(3)]
    victim = sessions[1]
    os.kill(victim["pid"], signal.SIGKILL)
    done = server.wait(victim["id"])
    assert done["state"] == "failed"
    assert done["exit_code"] == 125
    assert "SIGKILL" in done["reason"]
    for key, info in zip("ac", (sessions[0], sessions[2]), strict=True):
        status, _ = server.call("GET", f"/sessions/{info['id']}")
        assert status == 200
        status, _ = server.call("POST", f"/sessions/{info['id']}/input", {"text": key})
        assert status == 204
        done = server.wait(info["id"])
        assert (done["state"], done["exit_code"]) == ("exited", ord(key))
        assert server.output(info["id"]).endswith(f"got {key}\n")
    status, health = server.call("GET", "/health", token=None)
    assert status == 200 and health["status"] == "ok"


def test_stop_and_kill(server, dos):
    waiting = server.start("SERVER_WAIT.COM", dos, name="stopme")
    status, info = server.call("POST", "/sessions/stopme/stop")
    assert status == 200
    assert (info["state"], info["exit_code"]) == ("stopped", 143)
    assert wait_until(lambda: not _alive(waiting["pid"]), 5)
    ticking = server.start("SERVER_TICKER.COM", dos)
    status, info = server.call("POST", f"/sessions/{ticking['id']}/kill")
    assert (status, info["state"], info["exit_code"]) == (200, "killed", 137)
    assert wait_until(lambda: not _alive(ticking["pid"]), 5)
    # Both are ended: another stop or kill changes nothing, a pause is refused.
    assert server.call("POST", f"/sessions/{ticking['id']}/kill")[1]["state"] == "killed"
    status, body = server.call("POST", f"/sessions/{ticking['id']}/pause")
    assert status == 409 and body["error"]["code"] == "bad_state"


def test_pause_and_resume(server, dos):
    info = server.start("SERVER_TICKER.COM", dos)
    sid = info["id"]
    assert wait_until(lambda: len(server.output(sid)) >= 3, 5)
    status, paused = server.call("POST", f"/sessions/{sid}/pause")
    assert (status, paused["state"]) == (200, "paused")
    time.sleep(0.2)  # what was under way when the pause came is out now
    before = len(server.output(sid))
    time.sleep(0.6)
    assert len(server.output(sid)) == before  # nothing runs while paused (about 11 ticks would have printed)
    status, body = server.call("POST", f"/sessions/{sid}/pause")
    assert status == 409
    status, resumed = server.call("POST", f"/sessions/{sid}/resume")
    assert (status, resumed["state"]) == (200, "running")
    assert wait_until(lambda: len(server.output(sid)) >= before + 3, 5)
    server.call("POST", f"/sessions/{sid}/kill")


def test_console_over_websocket(server, dos):
    from websockets.sync.client import connect

    info = server.start("SERVER_WAIT.COM", dos)
    url = server.url.replace("http", "ws", 1) + f"/sessions/{info['id']}/console"
    with connect(url, additional_headers={"Authorization": f"Bearer {server.token}"}, open_timeout=10) as ws:
        received = b""
        while b"press a key: " not in received:  # a prompt without a line end still arrives
            received += ws.recv(timeout=10)
        status, screen = server.call("GET", f"/sessions/{info['id']}/screen")
        assert status == 200 and "press a key:" in screen.decode()
        ws.send("k")
        end = None
        while end is None:
            message = ws.recv(timeout=10)
            if isinstance(message, str):
                end = json.loads(message)
            else:
                received += message
    assert received.decode() == "press a key: \ngot k\n"
    assert end == {"event": "end", "state": "exited", "exit_code": ord("k"), "reason": ""}
    # A late subscriber gets what was said, then the end.
    with connect(url + "?token=" + server.token, open_timeout=10) as ws:
        assert ws.recv(timeout=10) == received
        assert json.loads(ws.recv(timeout=10))["event"] == "end"


def test_shell_session_typed_at(server, dos):
    status, info = server.call("POST", "/sessions", {"drives": {"C": str(dos)}})
    assert status == 201, info
    server.call("POST", f"/sessions/{info['id']}/input", {"text": "ECHO typed line\nEXIT 5\n"})
    done = server.wait(info["id"])
    assert (done["state"], done["exit_code"]) == ("exited", 5)
    assert "typed line" in server.output(info["id"])


def test_created_then_started(server, dos):
    info = server.start("SERVER_ECHO.COM", dos, "later", start=False)
    assert info["state"] == "created"
    status, started = server.call("POST", f"/sessions/{info['id']}/start")
    assert status == 200 and started["state"] in ("running", "exited")
    assert server.wait(info["id"])["exit_code"] == len(" later")
    status, body = server.call("POST", f"/sessions/{info['id']}/start")
    assert status == 409


def test_guest_fault_is_a_failed_session(server, dos, tmp_path):
    assemble("divzero", tmp_path)
    status, info = server.call("POST", "/sessions", {"program": "DIVZERO.COM", "drives": {"C": str(tmp_path)}})
    assert status == 201
    done = server.wait(info["id"])
    assert (done["state"], done["exit_code"]) == ("failed", 125)
    assert "divide" in done["reason"].lower()


def test_timeout(server, dos):
    info = server.start("SERVER_WAIT.COM", dos, timeout=0.3)
    done = server.wait(info["id"])
    assert (done["state"], done["exit_code"]) == ("timeout", 124)


# -- VDD requests ------------------------------------------------------------------------------------------


def test_vdd_request_errors_one_session(server, dos):
    info = server.start("SERVER_WAIT.COM", dos)
    sid = info["id"]
    status, body = server.call("POST", f"/sessions/{sid}/vdds/VNOSUCH/request", {"cmd": 1})
    assert status == 404
    assert body["error"]["code"] == "VDD_NOT_FOUND" and body["error"]["os2_code"] == 643
    status, body = server.call("POST", f"/sessions/{sid}/vdds/VPIC/request", {"cmd": 99, "data": "0102"})
    assert status == 400 and body["error"]["code"] == "INVALID_FUNCTION"
    status, body = server.call("POST", "/requests", {"session": sid, "vdd": "VPIC", "cmd": 99})
    assert status == 400 and body["error"]["code"] == "INVALID_FUNCTION"
    status, body = server.call("POST", f"/sessions/{sid}/vdds/VPIC/request", {"cmd": 1, "data": "zz"})
    assert status == 400 and body["error"]["code"] == "bad_data"
    status, body = server.call("POST", "/sessions/nosuch/vdds/VPIC/request", {"cmd": 1})
    assert status == 404 and body["error"]["code"] == "session_not_found"
    server.call("POST", f"/sessions/{sid}/kill")
    status, body = server.call("POST", f"/sessions/{sid}/vdds/VPIC/request", {"cmd": 1})
    assert status == 409 and body["error"]["code"] == "session_ended"


def test_vdd_request_to_all_sessions(server, dos):
    sessions = [server.start("SERVER_WAIT.COM", dos) for _ in range(3)]
    for target in (None, "*"):
        status, body = server.call("POST", "/requests", {"session": target, "vdd": "VNOSUCH", "cmd": 2})
        assert status == 200
        answers = {r["session"]: r for r in body["results"]}
        for info in sessions:
            answer = answers[info["id"]]
            assert not answer["ok"] and answer["error"]["code"] == "VDD_NOT_FOUND"
    status, body = server.call("POST", "/requests", {"vdd": "VKBD", "cmd": 7, "data": "AAE=", "encoding": "base64"})
    assert status == 200
    assert {r["error"]["code"] for r in body["results"] if r["session"] in {s["id"] for s in sessions}} == {
        "INVALID_FUNCTION"}
    for info in sessions:
        server.call("POST", f"/sessions/{info['id']}/kill")


def _has_vkvs() -> bool:
    from mvm.vdd.registry import installed_vdds

    try:
        return "VKVS" in installed_vdds()
    except Exception:  # noqa: BLE001 - a broken plugin means: not available
        return False


@pytest.mark.skipif(not _has_vkvs(), reason="the example VDD VKVS (examples/kvstore) is not installed")
def test_vdd_request_answers_with_bytes(server, dos):
    sessions = [server.start("SERVER_WAIT.COM", dos, vdds=["VKVS"]) for _ in range(2)]
    put = (b"color\0" + b"blue").hex()
    status, body = server.call("POST", "/requests", {"session": sessions[0]["id"], "vdd": "VKVS", "cmd": 1,
                                                     "data": put})
    assert status == 200 and body["ok"], body
    status, body = server.call("POST", f"/sessions/{sessions[0]['id']}/vdds/VKVS/request",
                               {"cmd": 2, "data": b"color".hex()})
    assert status == 200 and bytes.fromhex(body["data"]) == b"blue"
    status, body = server.call("POST", "/requests", {"vdd": "VKVS", "cmd": 1, "data": (b"all\0" + b"yes").hex()})
    assert status == 200 and all(r["ok"] for r in body["results"] if r["session"] in {s["id"] for s in sessions})
    for info in sessions:
        path = f"/sessions/{info['id']}/vdds/VKVS/request"
        status, body = server.call("POST", path, {"cmd": 2, "data": b"all".hex()})
        assert bytes.fromhex(body["data"]) == b"yes"
        server.call("POST", f"/sessions/{info['id']}/kill")


# -- errors: the right status, a JSON error, nothing changes ----------------------------------------------------


def _count(server) -> int:
    return len(server.call("GET", "/sessions")[1])


def test_token_required_and_checked(server, dos):
    before = _count(server)
    body = {"program": "SERVER_ECHO.COM", "drives": {"C": str(dos)}}
    status, answer = server.call("POST", "/sessions", body, token=None)
    assert status == 401 and answer["error"]["code"] == "token_required"
    status, answer = server.call("POST", "/sessions", body, token="wrong")
    assert status == 403 and answer["error"]["code"] == "bad_token"
    for path in ("/sessions", "/sessions/x/output", "/nowhere"):
        assert server.call("GET", path, token=None)[0] == 401
    # Even a malformed body without the token is refused for the token first.
    status, _, raw = server.anonymous.call("POST", "/sessions", None)
    assert status == 401
    assert _count(server) == before
    for path in ("/health", "/openapi.json"):
        assert server.call("GET", path, token=None)[0] == 200


def test_websocket_needs_the_token(server, dos):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    info = server.start("SERVER_WAIT.COM", dos)
    url = server.url.replace("http", "ws", 1) + f"/sessions/{info['id']}/console"
    for suffix in ("", "?token=wrong"):
        with pytest.raises(InvalidStatus):
            connect(url + suffix, open_timeout=10)
    server.call("POST", f"/sessions/{info['id']}/kill")


def test_unknown_session(server):
    for method, path in (("GET", "/sessions/nosuch"), ("POST", "/sessions/nosuch/stop"),
                         ("POST", "/sessions/nosuch/kill"), ("POST", "/sessions/nosuch/pause"),
                         ("GET", "/sessions/nosuch/output"), ("GET", "/sessions/nosuch/screen"),
                         ("GET", "/sessions/nosuch/wait"), ("DELETE", "/sessions/nosuch")):
        status, body = server.call(method, path)
        assert status == 404, (method, path)
        assert body["error"]["code"] == "session_not_found"


def _raw_post(server, path: str, raw: bytes, content_type: str = "application/json") -> tuple[int, dict]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("POST", path, body=raw, headers={"Authorization": f"Bearer {server.token}",
                                                      "Content-Type": content_type})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


@pytest.mark.parametrize("raw,status,code", [
    (b"{not json", 400, "malformed_body"),
    (b'{"program": "X.COM", "args": 5}', 422, "invalid_body"),
    (b'{"program": "X.COM", "colour": "blue"}', 422, "invalid_body"),
    (b'{"program": "X.COM", "drives": {"C": "relative/dir"}}', 422, "invalid_body"),
    (b'{"program": "X.COM", "timeout": -1}', 422, "invalid_body"),
    (b'[1, 2]', 422, "invalid_body"),
])
def test_malformed_bodies(server, raw, status, code):
    before = _count(server)
    got_status, body = _raw_post(server, "/sessions", raw)
    assert (got_status, body["error"]["code"]) == (status, code), body
    assert body["error"]["message"]
    assert _count(server) == before


@pytest.mark.parametrize("extra,code,words", [
    ({"vdds": ["VNOSUCH"]}, "bad_config", "VNOSUCH"),
    ({"settings": {"DOS_FILES": "9999"}}, "bad_config", "DOS_FILES"),
    ({"program": "NOSUCH.COM"}, "program_not_found", "NOSUCH.COM"),
])
def test_bad_configurations(server, dos, extra, code, words):
    before = _count(server)
    status, body = server.call("POST", "/sessions", {"program": "SERVER_ECHO.COM", "drives": {"C": str(dos)}, **extra})
    assert (status, body["error"]["code"]) == (422, code), body
    assert words in body["error"]["message"] and "\n" not in body["error"]["message"]
    assert _count(server) == before


def test_oversized_payloads(server, dos):
    before = _count(server)
    big = json.dumps({"program": "SERVER_ECHO.COM", "args": ["x" * (2 << 20)]}).encode()
    status, body = _raw_post(server, "/sessions", big)
    assert (status, body["error"]["code"]) == (413, "payload_too_large")
    info = server.start("SERVER_WAIT.COM", dos)
    status, body = server.call("POST", f"/sessions/{info['id']}/vdds/VPIC/request", {"cmd": 1, "data": "00" * 300_000})
    assert status == 413
    assert _count(server) == before + 1
    server.call("POST", f"/sessions/{info['id']}/kill")


def test_openapi_document(server):
    status, doc = server.call("GET", "/openapi.json", token=None)
    assert status == 200
    assert doc["openapi"].startswith("3.")
    for path in ("/sessions", "/sessions/{key}", "/sessions/{key}/stop", "/sessions/{key}/output", "/requests",
                 "/sessions/{key}/vdds/{vdd}/request"):
        assert path in doc["paths"], path
    assert "HTTPBearer" in json.dumps(doc["components"]["securitySchemes"])


# -- limits, and the server's own end ----------------------------------------------------------------------------


def test_limits_and_a_clean_stop(tmp_path, dos):
    runtime = tmp_path / "runtime"
    srv = ServerProcess(runtime, "--max-sessions", "2", "--session-memory", "20")
    try:
        mode = stat.S_IMODE(srv.file.stat().st_mode)
        assert mode == 0o600
        assert stat.S_IMODE(runtime.stat().st_mode) == 0o700
        body = {"program": "SERVER_ECHO.COM", "drives": {"C": str(dos)}, "settings": {"EMS_MEMORY_LIMIT": 32768}}
        status, answer = srv.call("POST", "/sessions", body)
        assert (status, answer["error"]["code"]) == (422, "memory_limit")
        assert "32 MiB" in answer["error"]["message"] and "20 MiB" in answer["error"]["message"]
        running = [srv.start("SERVER_WAIT.COM", dos), srv.start("SERVER_TICKER.COM", dos)]
        # The process may grow by 20 MiB past what it mapped at its start, no more.
        limits = Path(f"/proc/{running[0]['pid']}/limits").read_text()
        line = next(line for line in limits.splitlines() if line.startswith("Max address space"))
        address_space = int(line.split()[3])
        with open(f"/proc/{running[0]['pid']}/statm") as f:
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        assert 0 < address_space - mapped <= 20 << 20
        started = time.monotonic()
        status, body = srv.call("POST", "/sessions", {"program": "SERVER_ECHO.COM", "drives": {"C": str(dos)}})
        assert (status, body["error"]["code"]) == (429, "too_many_sessions")
        assert time.monotonic() - started < 2  # refused, not queued
        assert len(srv.call("GET", "/sessions")[1]) == 2
    finally:
        family = srv.stop(signal.SIGINT)
    pids = {info["pid"] for info in running}
    assert pids <= set(family)
    assert not srv.file.exists()
    assert srv.proc.returncode == 0


def test_server_killed_takes_its_sessions_along(tmp_path, dos):
    srv = ServerProcess(tmp_path / "runtime")
    info = srv.start("SERVER_WAIT.COM", dos)
    family = _children(srv.proc.pid)
    assert info["pid"] in family
    srv.stop(signal.SIGKILL)  # checks that every process of the server is gone
    assert not _alive(info["pid"])


def test_port_in_use(tmp_path):
    srv = ServerProcess(tmp_path / "a")
    try:
        proc = subprocess.run([sys.executable, "-m", "mvm", "serve", "--port", str(srv.port)], capture_output=True,
                              env={**srv.env, "MVM_RUNTIME_DIR": str(tmp_path / "b")}, timeout=30)
        assert proc.returncode == 2
        assert proc.stderr.decode().strip() == f"mvm: cannot listen on 127.0.0.1:{srv.port}: address already in use"
    finally:
        srv.stop()
