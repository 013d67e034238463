"""Sessions on the server: start latency, memory per session, host CPU of idle sessions.

A real `mvm serve` on 127.0.0.1 (its own runtime folder, any free port):

- start latency: POST /sessions of HELLO.COM (guest/hello.asm) until the answer
  says the program runs, one after another; median and 95th percentile. The
  whole `mvm start` command (a fresh Python process) is timed too, for reference;
- idle CPU: N sessions (50 by default) each waiting for a key at INT 21h/08h;
  the CPU time (user + system, from /proc) of the session processes, and of
  the server with its fork server, over a few seconds;
- memory: RSS, PSS and private memory of those idle session processes (from
  /proc/PID/smaps_rollup); sessions that fit in 4 GiB = (4 GiB - the PSS of
  the server and its fork server) / the median PSS of a session (session
  processes are forked from one parent and share its pages, so PSS is their
  fair share; RSS counts the shared pages in every process).

    python3 bench/sessions.py [--starts N] [--idle N] [--idle-seconds S] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import REPO, BenchError, Options, Result, assemble, base_parser, mvm_env, options_from, print_table

START_GOAL_MS = 150.0
IDLE_GOAL_PERCENT = 5.0
GIB4 = 4 << 30
KEYWAIT_ASM = """\
        org 100h
        mov ah, 08h                 ; wait for a key, no echo
        int 21h
        mov ax, 4C00h
        int 21h
"""

sys.path.insert(0, str(REPO / "src"))
from mvm.client import Api  # noqa: E402 - after the path set-up above


class Server:
    """`python -m mvm serve --port 0` with its own runtime folder."""

    def __init__(self, folder: Path, max_sessions: int) -> None:
        env = mvm_env()
        env["MVM_RUNTIME_DIR"] = str(folder / "runtime")
        self.env = env
        self.proc = subprocess.Popen([sys.executable, "-m", "mvm", "serve", "--port", "0",
                                      "--max-sessions", str(max_sessions)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        self.url = self.proc.stdout.readline().decode().strip() if ready else ""
        if not self.url.startswith("http://"):
            self.stop()
            raise BenchError(f"mvm serve did not start: {self.proc.stderr.read().decode()[-500:]}")
        port = self.url.rsplit(":", 1)[1]
        token = json.loads((folder / "runtime" / f"server-{port}.json").read_text())["token"]
        self.api = Api(self.url, token, timeout=60)
        self.token = token

    def start(self, program: str, folder: Path) -> dict:
        status, _, raw = self.api.call("POST", "/sessions", {"program": program, "drives": {"C": str(folder)}})
        if status != 201:
            raise BenchError(f"session start refused: HTTP {status} {raw[:300]!r}")
        return json.loads(raw)

    def family(self) -> list[int]:
        """The server and every process under it."""
        return [self.proc.pid, *descendants(self.proc.pid)]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid: int) -> dict[str, int]:
    """Rss, Pss and private (clean + dirty) KiB of one process."""
    values: dict[str, int] = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                values[parts[0][:-1]] = int(parts[1])
    return {"rss": values.get("Rss", 0), "pss": values.get("Pss", 0),
            "private": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


# -- the measurements -------------------------------------------------------------------------------------


def measure_starts(server: Server, folder: Path, count: int) -> list[float]:
    """Seconds from POST /sessions to its answer (the program runs), one session after another."""
    times, ids = [], []
    for _ in range(count):
        started = time.perf_counter()
        info = server.start("HELLO.COM", folder)
        times.append(time.perf_counter() - started)
        ids.append(info["id"])
    for sid in ids[-3:]:  # a start only counts if the program ran
        status, _, raw = server.api.call("GET", f"/sessions/{sid}/wait?timeout=20")
        status, _, out = server.api.call("GET", f"/sessions/{sid}/output")
        if out != b"Hello, world!\n":
            raise BenchError(f"session {sid} printed {out!r}")
    return times


def measure_cli_starts(server: Server, folder: Path, runs: int) -> list[float]:
    env = dict(server.env, MVM_SERVER=server.url, MVM_TOKEN=server.token)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mvm", "start", "HELLO.COM"], cwd=folder, env=env,
                              capture_output=True, timeout=60)
        times.append(time.perf_counter() - started)
        if done.returncode:
            raise BenchError(f"mvm start failed: {done.stderr.decode().strip()}")
    return times


def measure_idle(server: Server, folder: Path, count: int, seconds: float) -> dict:
    sessions = [server.start("KEYWAIT.COM", folder) for _ in range(count)]
    pids = [s["pid"] for s in sessions]
    time.sleep(1.0)  # let start-up work settle
    others = [p for p in server.family() if p not in pids]
    before = {p: cpu_seconds(p) for p in pids + others}
    began = time.perf_counter()
    time.sleep(seconds)
    elapsed = time.perf_counter() - began
    after = {p: cpu_seconds(p) for p in pids + others}
    memory = [memory_kib(p) for p in pids]
    status, _, raw = server.api.call("GET", "/sessions?all=false")
    alive = sum(1 for s in json.loads(raw) if s["state"] == "running")
    if alive != count:
        raise BenchError(f"only {alive} of {count} idle sessions still run")
    overhead = sum(memory_kib(p)["pss"] for p in others if os.path.exists(f"/proc/{p}"))
    return {
        "sessions_cpu": sum(after[p] - before[p] for p in pids) / elapsed * 100,
        "server_cpu": sum(after[p] - before[p] for p in others) / elapsed * 100,
        "rss": statistics.median(m["rss"] for m in memory),
        "pss": statistics.median(m["pss"] for m in memory),
        "private": statistics.median(m["private"] for m in memory),
        "server_pss": overhead,
        "seconds": elapsed,
    }


def run(opts: Options, starts: int = 40, idle: int = 50, idle_seconds: float = 10.0) -> list[Result]:
    print(f"sessions: {starts} starts, {idle} idle sessions over {idle_seconds:g} s")
    with tempfile.TemporaryDirectory(prefix="mvm-bench-") as tmp:
        folder = Path(tmp)
        assemble("hello.asm", folder / "HELLO.COM")
        (folder / "keywait.asm").write_text(KEYWAIT_ASM)
        subprocess.run(["nasm", "-f", "bin", str(folder / "keywait.asm"), "-o", str(folder / "KEYWAIT.COM")],
                       check=True, capture_output=True)
        server = Server(folder, max_sessions=idle + 16)
        try:
            latencies = [t * 1000 for t in measure_starts(server, folder, starts)]
            cli = [t * 1000 for t in measure_cli_starts(server, folder, opts.runs)]
            idle_figures = measure_idle(server, folder, idle, idle_seconds)
        finally:
            server.stop()
    median_ms, p95_ms = statistics.median(latencies), percentile(latencies, 95)
    print(f"  start over the API: median {median_ms:.1f} ms, p95 {p95_ms:.1f} ms, "
          f"min {min(latencies):.1f} ms, max {max(latencies):.1f} ms")
    print(f"  `mvm start` whole command: median {statistics.median(cli):.0f} ms ({opts.runs} runs)")
    f = idle_figures
    room = GIB4 - f["server_pss"] * 1024  # the server and its fork server take their share first
    fit = int(room // (f["pss"] * 1024)) if f["pss"] else 0
    fit_rss = int(room // (f["rss"] * 1024)) if f["rss"] else 0
    print(f"  idle session process: RSS {f['rss'] / 1024:.1f} MiB, PSS {f['pss'] / 1024:.1f} MiB, "
          f"private {f['private'] / 1024:.1f} MiB (medians); server + fork server PSS {f['server_pss'] / 1024:.1f} MiB")
    print(f"  sessions in 4 GiB (after the server's share): {fit} by PSS ({fit_rss} if nothing were shared, by RSS)")
    print(f"  CPU of {idle} idle sessions: {f['sessions_cpu']:.2f}% of one core "
          f"(server and fork server: {f['server_cpu']:.2f}%), over {f['seconds']:.1f} s")
    results = [
        Result("session start (median)", "ms", median_ms, None, f"< {START_GOAL_MS:g} ms", median_ms < START_GOAL_MS,
               higher_is_better=False),
        Result("session start (p95)", "ms", p95_ms, None, "-", None, higher_is_better=False),
        Result(f"CPU of {idle} idle sessions", "% core", f["sessions_cpu"], None, f"< {IDLE_GOAL_PERCENT:g} %",
               f["sessions_cpu"] < IDLE_GOAL_PERCENT, higher_is_better=False),
        Result("sessions in 4 GiB (PSS)", "sessions", float(fit), None, "-", None),
    ]
    for r in results:
        if r.goal_met is not None:
            print(f"  goal {r.name}: {r.goal} -> {'met' if r.goal_met else 'NOT met'}")
    return results


def parser() -> argparse.ArgumentParser:
    p = base_parser(__doc__.splitlines()[0], loops=False)
    p.add_argument("--starts", type=int, default=40, help="sessions started for the latency (default %(default)s)")
    p.add_argument("--idle", type=int, default=50, help="idle sessions (default %(default)s)")
    p.add_argument("--idle-seconds", type=float, default=10.0, help="how long idle CPU is measured (default 10)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.starts < 1 or args.idle < 1 or args.idle_seconds <= 0:
        raise SystemExit("--starts and --idle must be at least 1, --idle-seconds positive")
    try:
        results = run(options_from(args), args.starts, args.idle, args.idle_seconds)
    except BenchError as exc:
        print(f"sessions: {exc}")
        return 1
    print()
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
