"""The server's token and the file through which clients of the same user find it.

`mvm serve` makes a random token at start and writes `server-PORT.json` (url,
token, pid) into the runtime folder, readable by its user only; it removes the
file when it stops. Clients read that file unless MVM_SERVER / MVM_TOKEN say
otherwise. The runtime folder is MVM_RUNTIME_DIR, else $XDG_RUNTIME_DIR/mvm,
else ~/.mvm.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470


@dataclass(frozen=True)
class ServerInfo:
    """What a running server tells its clients through its file."""

    url: str
    token: str
    pid: int
    path: Path | None = None


def runtime_dir() -> Path:
    explicit = os.environ.get("MVM_RUNTIME_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return Path(xdg) / "mvm"
    return Path.home() / ".mvm"


def server_file(port: int) -> Path:
    return runtime_dir() / f"server-{port}.json"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_matches(given: str | None, token: str) -> bool:
    # Constant time, so the comparison does not leak how much of a guess was right.
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def write_server_file(port: int, url: str, token: str) -> Path:
    """Write the file atomically, mode 0600 from the first byte on."""
    folder = runtime_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = server_file(port)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"url": url, "token": token, "pid": os.getpid()}, f)
    os.replace(tmp, path)
    return path


def remove_server_file(path: Path, token: str) -> None:
    """Remove the file unless another server has replaced it since."""
    info = read_server_file(path)
    if info is not None and info.token == token:
        path.unlink(missing_ok=True)


def read_server_file(path: Path) -> ServerInfo | None:
    try:
        data = json.loads(path.read_text())
        return ServerInfo(str(data["url"]), str(data["token"]), int(data["pid"]), path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def live_servers() -> list[ServerInfo]:
    """Every server file in the runtime folder whose process still runs."""
    folder = runtime_dir()
    try:
        paths = sorted(folder.glob("server-*.json"))
    except OSError:
        return []
    found = []
    for path in paths:
        info = read_server_file(path)
        if info is not None and pid_alive(info.pid):
            found.append(info)
    return found
