"""The session process: one Machine, driven by the server over a pipe.

The server forks these from a fork server that has imported mvm already (and
built one Machine, so lazy imports and caches are warm), which keeps a
session's start to a few milliseconds of fork and Machine set-up.

Threads in a session process:

- main: builds the Machine, waits for "start", runs the program to its end;
- control: reads the server's messages (input, pause, stop, requests) and
  answers them; when the server goes away (end of the pipe) it ends the process,
  so a server killed with -9 leaves no session behind;
- input: writes console input into the pipe the Machine reads DOS stdin from,
  so a guest that does not read cannot stall the control thread.

Messages are dicts with a "t" (type) key. Server -> session: start, input, eof,
pause, resume, stop, request, screen, cells, png, key, paste, mouse, watch. Session -> server: ready,
running, out, reply, exit, error, view (the screen's changes while a window watches: see web/watch.py).
"""

from __future__ import annotations

import contextlib
import os
import queue
import resource
import signal
import threading
import unicodedata
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from ..errors import MvmError
from ..vdh import VddError
from .web.screen import cells_view, png_snapshot, snapshot
from .web.watch import ScreenWatch

STOP_EXIT = 143  # as a host process ended by SIGTERM reports it


def warm_up() -> None:
    """Run in the fork server: import and build once, so every fork starts warm."""
    from ..machine.machine import Machine

    Machine().close()


class _OutputSink:
    """A binary stream for Machine.run(stdout=...): each write goes to the server."""

    def __init__(self, send: Callable[[dict], None]) -> None:
        self._send = send

    def write(self, data: bytes) -> int:
        if data:
            self._send({"t": "out", "data": bytes(data)})
        return len(data)

    def flush(self) -> None:
        pass


def build_session(config: dict[str, Any]):
    """The Machine for `config` and a function that runs it: (machine, stdin, stdout) -> RunResult."""
    from ..config import SessionConfig

    cfg = SessionConfig.from_dict(config, source="session")
    machine = cfg.machine()
    if not cfg.program and not cfg.commands:
        # Nothing to run: an interactive DOS prompt, typed at through the console input.
        return machine, lambda m, stdin, stdout: m.run_shell(stdin=stdin, stdout=stdout, timeout=cfg.timeout,
                                                             stdin_is_tty=False)
    return machine, lambda m, stdin, stdout: cfg.run(m, stdin=stdin, stdout=stdout, stdin_is_tty=False)


def _limit_memory(limit_mib: int | None) -> None:
    """Let the process grow by at most `limit_mib` beyond what it maps now.

    The address-space limit counts what is mapped at start (the engine's code
    buffer, guest RAM, the interpreter) too, so the allowance is added to that.
    """
    if not limit_mib:
        return
    # Thread stacks are address space too (8 MiB each by default): the few threads
    # of a session do little, so small stacks keep them from eating the allowance.
    threading.stack_size(1 << 20)
    with open("/proc/self/statm") as f:
        size = int(f.read().split()[0]) * resource.getpagesize()
    limit = size + (limit_mib << 20)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class Worker:
    """One session process."""

    def __init__(self, conn: Connection, config: dict[str, Any], memory_mib: int | None) -> None:
        self.conn = conn
        self.config = config
        self.memory_mib = memory_mib
        self._send_lock = threading.Lock()
        self._start = threading.Event()
        self._stop_requested = False
        self._running = False  # the Machine's run loop is on: jobs go through on_slice
        self._state_lock = threading.Lock()
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._input: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.machine = None
        self.watch: ScreenWatch | None = None

    # -- talking to the server --------------------------------------------------------
    def send(self, message: dict) -> None:
        with self._send_lock:
            try:
                self.conn.send(message)
            except (OSError, ValueError):
                os._exit(1)  # the server is gone: nobody is left to serve

    def main(self) -> None:
        try:
            self.machine, runner = build_session(self.config)
        except MvmError as exc:
            self.send({"t": "error", "status": exc.status, "message": str(exc)})
            return
        except Exception as exc:  # noqa: BLE001 - reported to the server as this session's failure
            self.send({"t": "error", "status": 125, "message": f"session set-up failed: {exc!r}"})
            return
        _limit_memory(self.memory_mib)
        self.watch = ScreenWatch(self.machine, self.send)
        stdin_r, stdin_w = os.pipe()
        threading.Thread(target=self._control, name="mvm-control", daemon=True).start()
        threading.Thread(target=self._feed_input, args=(stdin_w,), name="mvm-input", daemon=True).start()
        self.send({"t": "ready", "pid": os.getpid()})
        self._start.wait()
        if self._stop_requested:
            self.send({"t": "exit", "status": "stopped", "exit_code": STOP_EXIT, "report": "stopped before it started",
                       "screen": ""})
            return
        self._run(runner, os.fdopen(stdin_r, "rb", buffering=0))

    def _run(self, runner, stdin) -> None:
        machine = self.machine
        original_execute = machine.execute

        def execute(timeout=None):
            # Loading worked (the program exists and is runnable): tell the server now.
            self.send({"t": "running"})
            with self._state_lock:
                self._running = True
            if self._stop_requested:
                self._end_machine()
            return original_execute(timeout)

        machine.execute = execute
        machine.on_slice = self._on_slice
        try:
            result = runner(machine, stdin, _OutputSink(self.send))
        except MvmError as exc:
            self.send({"t": "error", "status": exc.status, "message": str(exc)})
            return
        except MemoryError:
            self.send({"t": "error", "status": 125,
                       "message": f"out of memory (the limit is {self.memory_mib} MiB per session)"})
            return
        except Exception as exc:  # noqa: BLE001 - reported as this session's failure, the server goes on
            self.send({"t": "error", "status": 125, "message": f"the session failed: {exc!r}"})
            return
        finally:
            with self._state_lock:
                self._running = False
            self._drain_jobs()
        self.send({"t": "exit", "status": result.status, "exit_code": result.exit_code, "report": result.report,
                   "screen": result.screen})

    # -- the session thread's side --------------------------------------------------------
    def _on_slice(self) -> None:
        """Between engine runs, on the session thread: pending jobs, partial output lines."""
        if self._stop_requested:
            self._end_machine()
        if not self._jobs.empty():
            self._drain_jobs()
        # A prompt without a line end is shown now, not when the line is done.
        self.machine.console_out.flush(keep_cr=True)
        self.watch.on_slice()

    def _drain_jobs(self) -> None:
        while True:
            try:
                self._jobs.get_nowait()()
            except queue.Empty:
                return

    def _on_session_thread(self, job: Callable[[], None]) -> None:
        """Run `job` where touching the machine is safe: the session thread while it runs."""
        with self._state_lock:
            if self._running and not self.machine.paused:
                self._jobs.put(job)
                self.machine.wake()
                return
        job()  # not running, or parked in the pause loop: nothing else touches the machine

    def _end_machine(self) -> None:
        self.machine.end_session("stopped", STOP_EXIT, "stopped by request")
        self.machine.resume()
        self.machine.wake()

    # -- the control thread ------------------------------------------------------------------
    def _control(self) -> None:
        handlers = {
            "start": lambda m: self._start.set(),
            "input": lambda m: self._input.put(m["data"]),
            "eof": lambda m: self._input.put(None),
            "pause": lambda m: self.machine.pause(),
            "resume": lambda m: self.machine.resume(),
            "stop": self._stop,
            "request": self._request,
            "screen": self._screen,
            "cells": self._cells,
            "png": self._png,
            "watch": self._watch,
            "key": self._key,
            "paste": self._paste,
            "mouse": self._mouse,
        }
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                os._exit(1)  # the server is gone (even killed -9): end with it
            handler = handlers.get(message.get("t"))
            if handler is not None:
                handler(message)

    def _stop(self, message: dict) -> None:
        self._stop_requested = True
        with self._state_lock:
            running = self._running
        if running:
            self._end_machine()
        self._start.set()

    def _request(self, message: dict) -> None:
        # On the session thread between slices: a VDD never sees a host request
        # in the middle of serving its guest.
        self._on_session_thread(lambda: self.send(self._answer(message)))

    def _answer(self, message: dict) -> dict:
        rid = message["id"]
        try:
            handle = self.machine.open_vdd(message["vdd"])
            try:
                data = handle.request(message["cmd"], message.get("data", b""))
            finally:
                handle.close()
        except VddError as exc:
            return {"t": "reply", "id": rid, "ok": False,
                    "error": {"code": exc.code, "name": exc.name, "message": str(exc)}}
        except Exception as exc:  # noqa: BLE001 - a VDD's own bug is its request's answer, not the session's end
            return {"t": "reply", "id": rid, "ok": False,
                    "error": {"code": VddError.INVALID_FUNCTION, "name": "VDD_FAILED",
                              "message": f"the VDD failed: {exc!r}"}}
        return {"t": "reply", "id": rid, "ok": True, "data": data}

    def _screen(self, message: dict) -> None:
        def job() -> None:
            self.send({"t": "reply", "id": message["id"], "ok": True, "data": self.machine.screen_text()})

        self._on_session_thread(job)

    def _cells(self, message: dict) -> None:
        """The screen (text cells or a graphics frame) for the browser window (see server/web/screen.py)."""
        def job() -> None:
            try:
                # The view, not the snapshot: a graphics frame goes to the server only sampled down.
                data = cells_view(snapshot(self.machine))
            except Exception as exc:  # noqa: BLE001 - a renderer's bug must not end the session it shows
                data = {"mode": -1, "text": False, "error": repr(exc)}
            self.send({"t": "reply", "id": message["id"], "ok": True, "data": data})

        self._on_session_thread(job)

    def _png(self, message: dict) -> None:
        """The screen as the monitor shows it, as a PNG (None when the video VDD cannot draw it)."""
        def job() -> None:
            try:
                data = png_snapshot(self.machine)
            except Exception:  # noqa: BLE001 - a renderer's bug must not end the session it shows
                data = None
            self.send({"t": "reply", "id": message["id"], "ok": True, "data": data})

        self._on_session_thread(job)

    def _watch(self, message: dict) -> None:
        """A window opened (gen > 0: push the screen's changes from a keyframe on) or the last one closed."""
        try:
            gen = int(message.get("gen") or 0)
        except (TypeError, ValueError):
            return
        # On the session thread while the machine runs; otherwise the screen stands still and
        # the control thread may take the keyframe itself.
        self._on_session_thread(lambda: self.watch.watch(gen, self._on_loop()))

    def _on_loop(self) -> bool:
        return threading.current_thread() is threading.main_thread()

    def _key(self, message: dict) -> None:
        """A key with no character (arrows, function keys): pressed on the keyboard VDD, or its BIOS word
        put into the keyboard buffer when the VDD cannot press keys."""
        def job() -> None:
            try:
                keyboard = self.machine.vdd("VKBD")
                if hasattr(keyboard, "press") and message.get("name"):
                    keyboard.press(message["name"], tuple(message.get("mods") or ()))
                elif int(message["key"]) & 0xFFFF:
                    keyboard.push(int(message["key"]) & 0xFFFF)
            except Exception:  # noqa: BLE001 - a key the VDD does not know must not end the session
                pass

        self._on_session_thread(job)

    def _paste(self, message: dict) -> None:
        """Typed or pasted text: typed by the keyboard VDD (pasted text at the VIDEO_FASTPASTE rate),
        or into console input when the session's keyboard cannot type."""
        text = typable(str(message.get("data", "")))
        paced = not message.get("typed")

        def job() -> None:
            keyboard = None
            with contextlib.suppress(KeyError):
                keyboard = self.machine.vdd("VKBD")
            if keyboard is not None and hasattr(keyboard, "paste"):
                keyboard.paste(text, paced)
            else:
                self._input.put(text.replace("\n", "\r").encode("cp437"))

        self._on_session_thread(job)

    def _mouse(self, message: dict) -> None:
        """The browser's pointer and buttons, for VMOUSE (its host calls are thread-safe: no job needed)."""
        try:
            mouse = self.machine.vdd("VMOUSE")
            cell = message.get("cell")
            mouse.move(int(message["x"]), int(message["y"]), tuple(cell) if cell else None)
            mouse.buttons(int(message.get("buttons", 0)))
        except Exception:  # noqa: BLE001 - no mouse in this session, or a malformed event: dropped
            pass

    def _feed_input(self, fd: int) -> None:
        while True:
            data = self._input.get()
            if data is None:
                os.close(fd)
                return
            try:
                os.write(fd, data)
            except OSError:
                return


def typable(text: str) -> str:
    """Text as the keyboard can type it: composed characters (e and a combining acute are one é), line
    ends as LF, and only what code page 437 has (an emoji has no key: it is dropped, not an error)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(ch for ch in text if _in_cp437(ch))


def _in_cp437(ch: str) -> bool:
    try:
        ch.encode("cp437")
    except UnicodeEncodeError:
        return False
    return True


def session_main(conn: Connection, config: dict[str, Any], memory_mib: int | None) -> None:
    """The target of a session process."""
    # Ctrl-C at the server's terminal reaches the whole process group: the server
    # decides what happens to its sessions, not the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    Worker(conn, config, memory_mib).main()
