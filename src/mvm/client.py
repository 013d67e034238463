"""The command-line client of a running `mvm serve`: start, ps, wait, output, stop, kill, pause, resume, request.

The server is found by itself for a server of the same user: MVM_SERVER (or
--server URL) if given, else the server on the default port, else the one live
server in the runtime folder. The token comes from MVM_TOKEN, else from that
server's file. Exit statuses: 0 done; 1 the server refused the request (unknown
session, wrong state, a VDD error); 2 a bad command line or no server to talk
to; `mvm wait` exits with the session's own exit code.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from .errors import MvmError, UsageError
from .server.auth import DEFAULT_PORT, live_servers, pid_alive, read_server_file, server_file

CLIENT_COMMANDS = ("start", "ps", "wait", "output", "stop", "kill", "pause", "resume", "attach", "request")
EXIT_REFUSED = 1
EXIT_NO_SERVER = 2
EXIT_WAIT_TIMEOUT = 124


class NoServer(MvmError):
    status = EXIT_NO_SERVER


class Refused(MvmError):
    """The server answered with an error."""

    status = EXIT_REFUSED


# -- finding the server -------------------------------------------------------------------------


def _normal_url(url: str) -> str:
    url = url.strip().rstrip("/")
    return url if "://" in url else f"http://{url}"


def find_server(explicit: str | None = None) -> tuple[str, str | None]:
    """(url, token) of the server to talk to."""
    token = os.environ.get("MVM_TOKEN") or None
    url = explicit or os.environ.get("MVM_SERVER")
    if url:
        url = _normal_url(url)
        if token is None:
            token = next((s.token for s in live_servers() if s.url == url), None)
        return url, token
    default = read_server_file(server_file(DEFAULT_PORT))
    if default is not None and pid_alive(default.pid):
        return default.url, token or default.token
    live = live_servers()
    if len(live) == 1:
        return live[0].url, token or live[0].token
    if len(live) > 1:
        urls = ", ".join(s.url for s in live)
        raise UsageError(f"several mvm servers are running ({urls}): choose one with --server URL or MVM_SERVER")
    return f"http://127.0.0.1:{DEFAULT_PORT}", token


class Api:
    """Plain HTTP (no proxies: the server is normally on loopback) with JSON bodies."""

    def __init__(self, url: str, token: str | None, timeout: float = 30.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"bad server URL {url!r}: use http://HOST:PORT")
        self.url = url
        self.token = token
        self.timeout = timeout
        self._parts = parts

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self._parts.scheme == "https" else http.client.HTTPConnection
        return cls(self._parts.hostname, self._parts.port, timeout=timeout)

    def call(self, method: str, path: str, body: Any = None, timeout: float | None = None):
        """Returns (status, headers, body bytes); raises NoServer when nothing answers."""
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn = self._connection(timeout or self.timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except (ConnectionError, OSError, http.client.HTTPException) as exc:
            why = "nothing listens there" if isinstance(exc, ConnectionRefusedError) else str(exc) or type(exc).__name__
            raise NoServer(f"no mvm server at {self.url} ({why}); start one with `mvm serve`") from None
        finally:
            conn.close()

    def json(self, method: str, path: str, body: Any = None, timeout: float | None = None) -> Any:
        status, _, raw = self.call(method, path, body, timeout)
        payload = _parse(raw)
        if status >= 400:
            raise Refused(_error_text(status, payload))
        return payload


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _error_text(status: int, payload: Any) -> str:
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return f"the server answered HTTP {status}"
    message = error.get("message") or error.get("code") or f"HTTP {status}"
    if status == 401:
        message += " (set MVM_TOKEN, or run as the user who started the server)"
    return message


def _key(session: str) -> str:
    return quote(session, safe="")


# -- the commands -------------------------------------------------------------------------------------


def add_client_commands(sub) -> None:
    """Add the client's subcommands to the `mvm` parser."""
    start = _sub(sub, "start", "start a DOS session on the server; prints its id")
    start.add_argument("program", nargs="?", help="the program (host path, or DOS path on a drive)")
    start.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program")
    start.add_argument("--name", help="a name to find the session by")
    start.add_argument("--drive", action="append", default=[], metavar="X=PATH[:ro]",
                       help="map a host folder as a DOS drive (C: is the current folder by default)")
    start.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a DOS setting")
    start.add_argument("--vdd", action="append", default=[], metavar="'NAME /OPT=VALUE'",
                       help="load a VDD into the session (repeatable)")
    start.add_argument("-c", dest="commands", action="append", default=[], metavar="COMMAND",
                       help="a command line for the DOS shell (repeatable)")
    start.add_argument("--timeout", type=float, metavar="SECONDS", help="end the session after this long")
    start.add_argument("--config", metavar="FILE", help="a session configuration (TOML); options given here win")

    ps = _sub(sub, "ps", "list the server's sessions")
    ps.add_argument("--live", action="store_true", help="only sessions that have not ended")

    wait = _sub(sub, "wait", "wait for a session to end; exits with its exit code")
    wait.add_argument("session", metavar="ID", help="session id or name")
    wait.add_argument("--timeout", type=float, metavar="SECONDS", help="give up after this long (exit status 124)")

    output = _sub(sub, "output", "print a session's console output")
    output.add_argument("session", metavar="ID", help="session id or name")
    output.add_argument("--follow", "-f", action="store_true", help="keep printing until the session ends")

    for name, what in (("stop", "end a session's program gracefully"), ("kill", "kill a session's process"),
                       ("pause", "pause a running session"), ("resume", "resume a paused session")):
        _sub(sub, name, what).add_argument("session", metavar="ID", help="session id or name")

    attach = _sub(sub, "attach", "show a session's screen in this terminal and type into it (Ctrl+] detaches)")
    attach.add_argument("session", metavar="ID", help="session id or name")

    request = _sub(sub, "request", "send a request to a VDD of one session, or of every session")
    request.add_argument("vdd", metavar="VDD", help="the VDD's name")
    request.add_argument("cmd", metavar="CMD", help="the request's command number (decimal, or 0x hex)")
    request.add_argument("--session", metavar="ID", help="one session (default: every session)")
    request.add_argument("--data", default="", metavar="HEX|@FILE", help="input bytes, as hex or @file")


def _sub(sub, name: str, help_text: str) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text)
    p.add_argument("--server", metavar="URL", help="the server (default: MVM_SERVER, or the one of this user)")
    if name != "output":
        p.add_argument("--json", action="store_true", help="print JSON for scripts")
    return p


def run_command(args: argparse.Namespace) -> int:
    """Run one client subcommand; errors are raised as MvmError for cli.main to print."""
    url, token = find_server(args.server)
    api = Api(url, token)
    handler = globals()[f"cmd_{args.command}"]
    return handler(api, args)


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2))


def cmd_start(api: Api, args: argparse.Namespace) -> int:
    body = _start_body(args)
    info = api.json("POST", "/sessions", body, timeout=60)
    if args.json:
        _print_json(info)
    else:
        print(info["id"])
    return 0


def _start_body(args: argparse.Namespace) -> dict[str, Any]:
    """The session's configuration as the server wants it: host paths made absolute here."""
    from .config import SessionConfig

    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    base = SessionConfig.from_toml(args.config) if args.config else SessionConfig()
    program_args = args.args[1:] if args.args[:1] == ["--"] else args.args
    overrides: dict[str, Any] = {"drives": _pairs(args.drive, "--drive", "X=PATH or X=PATH:ro"),
                                 "settings": {k.upper(): v for k, v in _pairs(args.set, "--set", "NAME=VALUE").items()},
                                 "vdds": list(args.vdd), "commands": list(args.commands), "timeout": args.timeout,
                                 "name": args.name}
    if args.program is not None:
        base.args = []  # the file's arguments belong to the file's program
        overrides["program"] = args.program
        overrides["args"] = list(program_args)
    config = base.merged(**overrides)
    body = {"program": _host_program(config.program), "args": config.args, "commands": config.commands,
            "drives": _absolute_drives(config.drives), "settings": config.settings, "vdds": config.vdds,
            "timeout": config.timeout, "window": config.window, "engine": config.engine, "name": config.name}
    return {k: v for k, v in body.items() if v is not None}


def _pairs(specs: list[str], option: str, form: str) -> dict[str, str]:
    out = {}
    for spec in specs:
        key, sep, value = spec.partition("=")
        if not sep or not key.strip() or (option == "--drive" and not value):
            raise UsageError(f"bad {option} {spec!r}: use {form}")
        out[key.strip().upper().rstrip(":") if option == "--drive" else key.strip()] = value
    return out


def _absolute_drives(drives: dict[str, str]) -> dict[str, str]:
    """The server has its own current folder: send absolute paths, and C: = ours by default."""
    out = {}
    for letter, spec in drives.items():
        path, ro = (spec[:-3], ":ro") if spec.lower().endswith(":ro") else (spec, "")
        out[letter.upper().rstrip(":")] = os.path.abspath(os.path.expanduser(path)) + ro
    out.setdefault("C", os.getcwd())
    return out


def _host_program(program: str | None) -> str | None:
    if program and Path(program).is_file():
        return os.path.abspath(program)
    return program


def cmd_ps(api: Api, args: argparse.Namespace) -> int:
    sessions = api.json("GET", "/sessions" + ("?all=false" if args.live else ""))
    if args.json:
        _print_json(sessions)
        return 0
    print(f"{'ID':<10} {'NAME':<14} {'STATE':<9} {'EXIT':>4} {'PID':>7}  PROGRAM")
    for s in sessions:
        what = " ".join([s.get("program") or "", *(s.get("args") or [])]).strip() or "; ".join(s.get("commands") or [])
        code = "" if s.get("exit_code") is None else str(s["exit_code"])
        print(f"{s['id']:<10} {(s.get('name') or '-'):<14} {s['state']:<9} {code:>4} {s.get('pid') or '':>7}  "
              f"{what or '(shell)'}")
    return 0


ENDED = ("exited", "timeout", "failed", "stopped", "killed")


def cmd_wait(api: Api, args: argparse.Namespace) -> int:
    deadline = None if args.timeout is None else time.monotonic() + args.timeout
    while True:
        step = 60.0 if deadline is None else max(0.0, min(60.0, deadline - time.monotonic()))
        info = api.json("GET", f"/sessions/{_key(args.session)}/wait?timeout={step:.3f}", timeout=step + 30)
        if info["state"] in ENDED:
            break
        if deadline is not None and time.monotonic() >= deadline:
            if args.json:
                _print_json(info)
            print(f"mvm: session {info['id']} is still {info['state']} after {args.timeout:g} s", file=sys.stderr)
            return EXIT_WAIT_TIMEOUT
    if args.json:
        _print_json(info)
    elif info["state"] != "exited":
        print(f"mvm: session {info['id']} {info['state']}: {info.get('reason') or 'no reason given'}",
              file=sys.stderr)
    return int(info["exit_code"]) & 0xFF


def cmd_output(api: Api, args: argparse.Namespace) -> int:
    status, headers, data = api.call("GET", f"/sessions/{_key(args.session)}/output")
    if status >= 400:
        raise Refused(_error_text(status, _parse(data)))
    out = sys.stdout.buffer
    out.write(data)
    out.flush()
    if args.follow:
        _follow(api, args.session, int(headers.get("X-Output-End", len(data))))
    return 0


def _follow(api: Api, session: str, offset: int) -> None:
    """Stream the rest over the console WebSocket until the session ends."""
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    ws_url = api.url.replace("http", "ws", 1) + f"/sessions/{_key(session)}/console?offset={offset}"
    headers = {"Authorization": f"Bearer {api.token}"} if api.token else None
    try:
        with connect(ws_url, additional_headers=headers, open_timeout=10, max_size=None) as ws:
            for message in ws:
                if isinstance(message, str):
                    break  # the end notice
                sys.stdout.buffer.write(message)
                sys.stdout.buffer.flush()
    except (OSError, WebSocketException) as exc:
        raise NoServer(f"lost the console stream from {api.url}: {exc}") from None


def _control(action: str):
    def command(api: Api, args: argparse.Namespace) -> int:
        info = api.json("POST", f"/sessions/{_key(args.session)}/{action}", timeout=60)
        if args.json:
            _print_json(info)
        else:
            print(f"{info['id']} {info['state']}")
        return 0

    command.__doc__ = f"`mvm {action} ID`"
    return command


cmd_stop = _control("stop")
cmd_kill = _control("kill")
cmd_pause = _control("pause")
cmd_resume = _control("resume")


def cmd_attach(api: Api, args: argparse.Namespace) -> int:
    from .ui.terminal import attach

    return attach(api, _key(args.session))


def cmd_request(api: Api, args: argparse.Namespace) -> int:
    try:
        cmd = int(args.cmd, 0)
    except ValueError:
        raise UsageError(f"bad CMD {args.cmd!r}: use a number (decimal, or 0x hex)") from None
    body = {"vdd": args.vdd, "cmd": cmd, "data": _request_data(args.data).hex(), "encoding": "hex",
            "session": args.session}
    status, _, raw = api.call("POST", "/requests", body)
    payload = _parse(raw)
    if status >= 400:
        if args.json and isinstance(payload, dict):
            _print_json(payload)
        raise Refused(_error_text(status, payload))
    if args.json:
        _print_json(payload)
    results = payload["results"] if "results" in payload else [payload]
    if not results and not args.json:
        print("mvm: no session is running: nobody to ask", file=sys.stderr)
    failed = False
    for answer in results:
        failed |= not answer["ok"]
        if args.json:
            continue
        prefix = f"{answer['session']}: " if args.session is None else ""
        if answer["ok"]:
            print(f"{prefix}{answer['data']}")
        else:
            err = answer["error"]
            print(f"{prefix}error {err['code']} ({err.get('os2_code')}): {err['message']}")
    return EXIT_REFUSED if failed else 0


def _request_data(spec: str) -> bytes:
    if spec.startswith("@"):
        try:
            return Path(spec[1:]).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read --data file {spec[1:]}: {exc.strerror or exc}") from None
    text = spec.replace(" ", "").removeprefix("0x")
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise UsageError(f"bad --data {spec!r}: use hex bytes (e.g. 01ff) or @FILE") from None
