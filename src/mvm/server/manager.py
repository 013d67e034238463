"""Sessions of the server: their processes, states, output, limits and requests.

Everything here runs on the server's event loop except one reader thread per
session, which blocks on the session's pipe and hands each message to the loop.
A session process that dies ends its pipe; the reader then reports how it died.

Session states: starting -> created -> running <-> paused -> stopping, and at
the end one of exited (the program returned; its exit code), timeout (124),
failed (125: a CPU fault, input ended, a VDD fault, the process died), stopped
(143) or killed (137).
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import multiprocessing.forkserver
import os
import secrets
import signal
import threading
import time
from collections.abc import Awaitable
from typing import Any

from .limits import Limits
from .worker import session_main

ENDED = frozenset({"exited", "timeout", "failed", "stopped", "killed"})
LIVE = frozenset({"created", "running", "paused", "stopping"})
EXIT_FAILED, EXIT_STOPPED, EXIT_KILLED = 125, 143, 137
RUN_STATUS = {"exited": "exited", "timeout": "timeout", "stopped": "stopped"}  # others: failed


class SessionError(Exception):
    """A request the server refuses: an HTTP status, a code and a one-line message."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _available_mib() -> int | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def _rss_kib(pid: int | None) -> int | None:
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return None


class Session:
    """One DOS session as the server sees it."""

    def __init__(self, manager: SessionManager, sid: str, config: dict[str, Any]) -> None:
        self.manager = manager
        self.id = sid
        self.name: str | None = config.get("name")
        self.config = config
        self.feed: Any = None  # the browser windows' screen (web/feed.py), made when the first one opens
        self.state = "starting"
        self.pid: int | None = None
        self.created = time.time()
        self.started: float | None = None
        self.ended: float | None = None
        self.exit_code: int | None = None
        self.reason = ""
        self.final_screen: str | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        self.conn = None
        self._send_lock = threading.Lock()
        self.output = bytearray()
        self.output_dropped = 0  # bytes dropped from the front of `output`
        self.subscribers: set[asyncio.Event] = set()  # console streams, woken when output comes or it ends
        self.replies: dict[int, asyncio.Future] = {}
        self.ended_event = asyncio.Event()
        self.waiting: asyncio.Future | None = None  # the create/start call waiting for ready/running
        self.kill_requested = False
        self.stop_escalated = False

    # -- facts ----------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @state.setter
    def state(self, value: str) -> None:
        self._state = value
        if self.feed is not None:
            self.feed.wake()  # windows show the state

    @property
    def live(self) -> bool:
        return self.state not in ENDED

    @property
    def output_end(self) -> int:
        return self.output_dropped + len(self.output)

    def info(self) -> dict[str, Any]:
        cfg = self.config
        return {
            "id": self.id, "name": self.name, "state": self.state, "pid": self.pid,
            "program": cfg.get("program"), "args": cfg.get("args") or [], "commands": cfg.get("commands") or [],
            "created": self.created, "started": self.started, "ended": self.ended,
            "exit_code": self.exit_code, "reason": self.reason, "output_bytes": self.output_end,
            "rss_kib": _rss_kib(self.pid) if self.live else None,
        }

    def output_from(self, offset: int) -> tuple[int, bytes]:
        """Output from byte `offset` on (or from the oldest kept byte); returns (start, data)."""
        start = max(offset, self.output_dropped)
        return start, bytes(self.output[start - self.output_dropped:])

    # -- talking to the process ----------------------------------------------------------
    def send(self, message: dict) -> None:
        if self.conn is None or not self.live:
            raise SessionError(409, "session_ended", f"session {self.id} has ended")
        with self._send_lock:
            try:
                self.conn.send(message)
            except (OSError, ValueError) as exc:
                raise SessionError(409, "session_ended", f"session {self.id} has ended ({exc})") from None

    # -- events from the reader thread (on the loop) ----------------------------------------
    def on_message(self, message: dict) -> None:
        kind = message.get("t")
        if kind == "view":
            if self.feed is not None:
                self.feed.on_view(message)
        elif kind == "out":
            self._add_output(message["data"])
        elif kind == "reply":
            future = self.replies.pop(message["id"], None)
            if future is not None and not future.done():
                future.set_result(message)
        elif kind == "ready":
            self.pid = message.get("pid", self.pid)
            self.state = "created"
            self._resolve_waiting(message)
            if self.feed is not None:
                self.feed.on_ready()
        elif kind == "running":
            self.state = "running"
            self.started = time.time()
            self._resolve_waiting(message)
        elif kind == "exit":
            self.final_screen = message.get("screen") or ""
            status = RUN_STATUS.get(message["status"], "failed")
            self._end(status, message["exit_code"], message.get("report") or "")
        elif kind == "error":
            self._resolve_waiting(message)
            self._end("failed", int(message.get("status", EXIT_FAILED)), message.get("message", ""))

    def on_died(self, exitcode: int | None) -> None:
        """The process is gone; if it never said how it ended, that is the report."""
        if self.live:
            if self.kill_requested:
                self._end("killed", EXIT_KILLED, "killed by request")
            elif self.stop_escalated:
                self._end("stopped", EXIT_STOPPED, f"did not stop within {self.manager.limits.stop_grace:g} s; killed")
            elif exitcode is not None and exitcode < 0:
                self._end("failed", EXIT_FAILED, f"the session process was killed by {_signal_name(-exitcode)}")
            else:
                self._end("failed", EXIT_FAILED, f"the session process ended unexpectedly (status {exitcode})")
        self._resolve_waiting({"t": "died"})
        for future in self.replies.values():
            if not future.done():
                future.set_exception(SessionError(409, "session_ended", f"session {self.id} has ended"))
        self.replies.clear()
        self._wake_subscribers()
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _add_output(self, data: bytes) -> None:
        self.output += data
        excess = len(self.output) - self.manager.limits.output_bytes
        if excess > 0:
            del self.output[:excess]
            self.output_dropped += excess
        self._wake_subscribers()

    def _end(self, state: str, exit_code: int, reason: str) -> None:
        if not self.live:
            return
        self.state = state
        self.exit_code = exit_code
        self.reason = reason
        self.ended = time.time()
        self.ended_event.set()
        self._wake_subscribers()
        if self.feed is not None:
            self.feed.on_end()
        self.manager.on_ended(self)

    def _wake_subscribers(self) -> None:
        # A stream reads what it has not sent yet from `output` itself, so a slow
        # reader never makes the server queue output for it.
        for event in self.subscribers:
            event.set()

    def _resolve_waiting(self, message: dict) -> None:
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result(message)


class SessionManager:
    """All sessions of one server."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.sessions: dict[str, Session] = {}
        self._ids = itertools.count(1)
        self._request_ids = itertools.count(1)
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["mvm.server.preload", "mvm.cli"])
        self._loop: asyncio.AbstractEventLoop | None = None
        self._readers: list[threading.Thread] = []
        self.closing = False
        self._shutdown: asyncio.Future | None = None

    # -- start-up and shutdown ---------------------------------------------------------
    async def startup(self) -> None:
        """Start the fork server and let it load mvm now, not at the first session."""
        self._loop = asyncio.get_running_loop()
        proc = self._ctx.Process(target=_nothing, name="mvm-warm-up")
        await self._loop.run_in_executor(None, proc.start)
        await self._loop.run_in_executor(None, proc.join)

    async def shutdown(self) -> None:
        """Stop every session (killing the ones that do not stop), then the fork server.

        Called at a stop signal and again at the app's shutdown: both wait for the same work.
        """
        self.closing = True
        if self._shutdown is None:
            self._shutdown = asyncio.ensure_future(self._shutdown_all())
        await asyncio.shield(self._shutdown)

    async def _shutdown_all(self) -> None:
        live = [s for s in self.sessions.values() if s.live]
        await asyncio.gather(*(self._stop_quietly(s) for s in live))
        for thread in self._readers:
            await self._loop.run_in_executor(None, thread.join, 5)
        server = multiprocessing.forkserver._forkserver
        if getattr(server, "_forkserver_pid", None):
            server._stop()

    async def _stop_quietly(self, session: Session) -> None:
        try:
            await self.stop(session)
        except SessionError:
            pass

    # -- finding -----------------------------------------------------------------------
    def get(self, key: str) -> Session:
        """A session by id, or by name when one session has it (the newest live one first)."""
        session = self.sessions.get(key)
        if session is not None:
            return session
        named = [s for s in self.sessions.values() if s.name == key]
        if named:
            live = [s for s in named if s.live]
            return (live or named)[-1]
        raise SessionError(404, "session_not_found", f"no session {key!r}")

    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.live]

    # -- creating and starting -------------------------------------------------------------
    def _check_memory(self, config: dict[str, Any]) -> None:
        """Refuse a session whose settings let it take more host memory than one session may.

        Guest RAM (with the XMS blocks in it) is a fixed 16 MiB made before the
        limit applies; expanded memory is host memory allocated as the program
        asks, up to EMS_MEMORY_LIMIT.
        """
        try:
            ems_mib = int(str(config.get("settings", {}).get("EMS_MEMORY_LIMIT", "0")), 0) / 1024
        except ValueError:
            return  # not a number: the session's own check reports it
        limit = self.limits.session_memory_mib
        if ems_mib > limit:
            raise SessionError(422, "memory_limit", f"EMS_MEMORY_LIMIT asks for {ems_mib:g} MiB, over the limit of "
                                                    f"{limit} MiB per session (mvm serve --session-memory)")

    def _check_limits(self) -> None:
        if self.closing:
            raise SessionError(503, "server_stopping", "the server is stopping")
        live = len(self.live_sessions())
        if live >= self.limits.max_sessions:
            limit = self.limits.max_sessions
            raise SessionError(429, "too_many_sessions",
                               f"the server runs {live} sessions, its limit (--max-sessions {limit})")
        available = _available_mib()
        if available is not None and available < self.limits.host_reserve_mib:
            raise SessionError(507, "host_memory_low",
                               f"the host has only {available} MiB of memory available "
                               f"(at least {self.limits.host_reserve_mib} MiB must stay free)")

    def _new_id(self) -> str:
        return f"{next(self._ids)}{secrets.token_hex(2)}"

    async def create(self, config: dict[str, Any], start: bool = True) -> Session:
        """Make a session process for `config`; with `start`, also start its program."""
        self._check_limits()
        self._check_memory(config)
        session = Session(self, self._new_id(), config)
        self.sessions[session.id] = session  # counts against the limit from now on
        try:
            await self._spawn(session)
            ready = await self._wait_for(session)
            if ready["t"] != "ready":
                raise self._start_error(session, ready)
            if start:
                await self.start(session)
        except BaseException:
            self.sessions.pop(session.id, None)  # refused: as if it had never been asked for
            if session.process is not None and session.process.is_alive():
                session.process.kill()
            raise
        return session

    async def _spawn(self, session: Session) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=session_main, args=(child, session.config, self.limits.session_memory_mib),
                                    name=f"mvm-session-{session.id}", daemon=True)
        session.waiting = self._loop.create_future()
        await self._loop.run_in_executor(None, process.start)
        child.close()
        session.process, session.conn, session.pid = process, parent, process.pid
        self._readers = [t for t in self._readers if t.is_alive()]
        reader = threading.Thread(target=self._read, args=(session, parent, process),
                                  name=f"mvm-reader-{session.id}", daemon=True)
        self._readers.append(reader)
        reader.start()

    async def start(self, session: Session) -> None:
        if session.state != "created":
            raise SessionError(409, "bad_state", f"session {session.id} is {session.state}; only a created one starts")
        session.waiting = self._loop.create_future()
        session.send({"t": "start"})
        answer = await self._wait_for(session)
        if answer["t"] != "running":
            raise self._start_error(session, answer)

    async def _wait_for(self, session: Session) -> dict:
        try:
            return await asyncio.wait_for(asyncio.shield(session.waiting), self.limits.start_timeout)
        except TimeoutError:
            session.process.kill()
            raise SessionError(504, "start_timeout",
                               f"session {session.id} did not start within {self.limits.start_timeout:g} s") from None

    def _start_error(self, session: Session, answer: dict) -> SessionError:
        if answer["t"] == "error":
            codes = {126: "not_executable", 127: "program_not_found"}
            code = codes.get(answer.get("status"), "bad_config")
            return SessionError(422, code, answer.get("message", "the session could not start"))
        if answer["t"] == "exit" or not session.live:
            return SessionError(422, "session_ended", f"session {session.id} ended at once: {session.reason}")
        return SessionError(500, "start_failed", f"session {session.id} could not start: {session.reason}")

    def _read(self, session: Session, conn, process) -> None:
        """The reader thread: every message to the loop, then how the process ended."""
        loop = self._loop
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            except Exception:  # noqa: BLE001 - an unreadable message means a broken session
                break
            loop.call_soon_threadsafe(session.on_message, message)
        process.join()
        loop.call_soon_threadsafe(session.on_died, process.exitcode)

    def on_ended(self, session: Session) -> None:
        """Keep only so many ended sessions around for ps, wait and output."""
        ended = [s for s in self.sessions.values() if not s.live]
        for old in ended[:max(0, len(ended) - self.limits.keep_ended)]:
            self.sessions.pop(old.id, None)

    # -- control -----------------------------------------------------------------------------
    def _require_live(self, session: Session) -> None:
        if not session.live:
            raise SessionError(409, "session_ended", f"session {session.id} has ended ({session.state})")

    def pause(self, session: Session) -> None:
        if session.state != "running":
            raise SessionError(409, "bad_state", f"session {session.id} is {session.state}; only a running one pauses")
        session.send({"t": "pause"})
        session.state = "paused"

    def resume(self, session: Session) -> None:
        if session.state != "paused":
            raise SessionError(409, "bad_state", f"session {session.id} is {session.state}, not paused")
        session.send({"t": "resume"})
        session.state = "running"

    async def stop(self, session: Session) -> None:
        """Ask the program to end (files are flushed); kill it if it does not within the grace time."""
        if not session.live:
            return
        if session.state != "stopping":
            session.state = "stopping"
            try:
                session.send({"t": "stop"})
            except SessionError:
                pass
        try:
            await asyncio.wait_for(session.ended_event.wait(), self.limits.stop_grace)
        except TimeoutError:
            session.stop_escalated = True
            await self.kill(session, requested=False)

    async def kill(self, session: Session, requested: bool = True) -> None:
        if not session.live:
            return
        session.kill_requested = requested
        if session.process is not None:
            session.process.kill()
        await asyncio.wait_for(session.ended_event.wait(), 10)

    async def wait(self, session: Session, timeout: float | None) -> bool:
        """Wait for the session to end; False when `timeout` ran out first."""
        try:
            await asyncio.wait_for(session.ended_event.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def send_input(self, session: Session, data: bytes, eof: bool = False) -> None:
        self._require_live(session)
        if data:
            session.send({"t": "input", "data": data})
        if eof:
            session.send({"t": "eof"})

    async def screen(self, session: Session) -> str:
        if not session.live or session.state == "starting":
            return session.final_screen or ""
        reply = await self._ask(session, {"t": "screen"})
        return reply["data"]

    # -- VDD requests ---------------------------------------------------------------------------
    def _ask(self, session: Session, message: dict) -> Awaitable[dict]:
        self._require_live(session)
        rid = next(self._request_ids)
        future = self._loop.create_future()
        session.replies[rid] = future
        try:
            session.send({**message, "id": rid})
        except SessionError:
            session.replies.pop(rid, None)
            raise
        return self._await_reply(session, rid, future)

    async def _await_reply(self, session: Session, rid: int, future: asyncio.Future) -> dict:
        try:
            return await asyncio.wait_for(future, self.limits.request_timeout)
        except TimeoutError:
            session.replies.pop(rid, None)
            wait = self.limits.request_timeout
            raise SessionError(504, "session_busy", f"session {session.id} did not answer within {wait:g} s") from None

    async def vdd_request(self, session: Session, vdd: str, cmd: int, data: bytes) -> dict:
        """One session's answer: {"ok": True, "data": bytes} or {"ok": False, "error": {code, name, message}}."""
        return await self._ask(session, {"t": "request", "vdd": vdd, "cmd": cmd, "data": data})

    async def vdd_broadcast(self, vdd: str, cmd: int, data: bytes) -> list[tuple[Session, dict]]:
        """The same request to every live session, all at once."""
        targets = [s for s in self.live_sessions() if s.state != "stopping"]

        async def one(session: Session) -> tuple[Session, dict]:
            try:
                return session, await self.vdd_request(session, vdd, cmd, data)
            except SessionError as exc:
                return session, {"ok": False, "error": {"code": None, "name": exc.code.upper(), "message": exc.message}}

        return list(await asyncio.gather(*(one(s) for s in targets)))


def _nothing() -> None:
    """The warm-up process: starting it makes the fork server load its preload."""
