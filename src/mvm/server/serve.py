"""`mvm serve`: bind, announce the URL, write the token file, run until a signal, clean up."""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
import socket
import sys

from ..errors import UsageError
from .auth import DEFAULT_HOST, DEFAULT_PORT, new_token, remove_server_file, write_server_file
from .limits import Limits


def add_serve_parser(sub) -> None:
    p = sub.add_parser("serve", help="run the mvm server: many DOS sessions behind an HTTP + WebSocket API")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on (default %(default)s; anything else exposes the API to the network)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s; 0 picks a free one)")
    p.add_argument("--max-sessions", type=int, default=Limits.max_sessions, metavar="N",
                   help="sessions that may be alive at once (default %(default)s)")
    p.add_argument("--session-memory", type=int, default=Limits.session_memory_mib, metavar="MIB",
                   help="memory a session process may take beyond its start, in MiB (default %(default)s)")


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        why = "address already in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        raise UsageError(f"cannot listen on {host}:{port}: {why}") from None
    sock.listen(128)
    sock.set_inheritable(False)
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def cmd_serve(args) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"bad --port {args.port}: use 0-65535")
    if args.max_sessions < 1 or args.session_memory < 16:
        raise UsageError("--max-sessions must be at least 1 and --session-memory at least 16 (MiB)")
    import uvicorn

    from .app import create_app

    sock = _bind(args.host, args.port)
    url, token = _url(sock), new_token()
    port = sock.getsockname()[1]
    written = []

    def on_ready() -> None:
        written.append(write_server_file(port, url, token))
        print(url, flush=True)
        print(f"mvm: serving on {url}; token in {written[0]}", file=sys.stderr, flush=True)
        if args.host not in ("127.0.0.1", "::1", "localhost"):
            print("mvm: warning: listening beyond loopback; the token is sent in clear over HTTP", file=sys.stderr)

    limits = Limits(max_sessions=args.max_sessions, session_memory_mib=args.session_memory)
    app = create_app(token, limits, on_ready)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", ws_max_size=1 << 20,
                            timeout_graceful_shutdown=5, ws_per_message_deflate=False)
    server = _Server(config, app)
    logging.getLogger("uvicorn.error").setLevel(logging.ERROR)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        if written:
            remove_server_file(written[0], token)
    return 0 if server.started else 1


class _Server:
    """uvicorn's server, told about a stop signal before it drains connections.

    uvicorn waits for open requests before it runs the app's shutdown; a client
    blocked in `wait` or a console WebSocket would hold it up, so sessions are
    stopped as soon as the signal comes, which ends those requests.
    """

    def __init__(self, config, app) -> None:
        import uvicorn

        manager = app.app.state.manager

        class Server(uvicorn.Server):
            def handle_exit(self, sig, frame) -> None:
                if self.should_exit and sig == signal.SIGINT:
                    self.force_exit = True
                self.should_exit = True
                loop = manager._loop
                if loop is not None and not manager.closing:
                    loop.call_soon_threadsafe(lambda: asyncio.ensure_future(manager.shutdown()))

        self._server = Server(config)

    @property
    def started(self) -> bool:
        return self._server.started

    def run(self, sockets) -> None:
        self._server.run(sockets=sockets)
