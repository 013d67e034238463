"""The browser window: frames per second of a full-screen animation, and key-to-screen latency.

A real `mvm serve` on 127.0.0.1 and headless Chromium (Debian's `chromium`,
driven by Playwright for Python) on its session page:

- frames per second: guest/browser_anim.asm redraws all of mode 13h every
  vertical retrace; the page counts the frames it draws (each a set of changed
  tiles decoded and put on the canvas) over a few seconds. Goal: 60;
- key to screen: guest/browser_echo.asm echoes each key; in the page, the time
  from a keydown on the screen to the frame that shows the key's character in
  the text mirror (median and 95th percentile over N keys). Goal: under 50 ms;
- idle cost: with the echo program's window still open and nothing changing on
  its screen, the CPU time its session process and the server use, in percent of
  one core over a few seconds. Goal: well under 5% for the session.

    python3 bench/browser.py [--seconds S] [--keys N] [--idle S]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import assemble, mvm_env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FPS_GOAL, LATENCY_GOAL_MS, IDLE_GOAL_PERCENT = 60.0, 50.0, 5.0
QUIET = 1.5  # seconds for a session to notice its screen stands still

# In the page: count frames drawn over `seconds` after the first one.
COUNT_FRAMES = """async (seconds) => {
    while (!window.mvmScreen) await new Promise((r) => setTimeout(r, 10));
    const screen = window.mvmScreen;
    while (screen.frames === 0) await new Promise((r) => setTimeout(r, 10));
    const first = screen.frames, start = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    return (screen.frames - first) / ((performance.now() - start) / 1000);
}"""

# In the page: type `keys` one by one; for each, ms from keydown to the frame that shows it.
KEY_LATENCY = """async (keys) => {
    const screen = window.mvmScreen, canvas = document.getElementById("screen");
    const mirror = document.getElementById("mirror");
    const times = [];
    let typed = "";
    for (const key of keys) {
        typed += key;
        const shown = new Promise((resolve) => {
            screen.onframe = () => { if (mirror.textContent.trimEnd().endsWith(typed)) resolve(performance.now()); };
        });
        const start = performance.now();
        canvas.dispatchEvent(new KeyboardEvent("keydown", {key, code: "Key" + key.toUpperCase(), bubbles: true}));
        times.push((await shown) - start);
        await new Promise((r) => setTimeout(r, 20));
    }
    screen.onframe = null;
    return times;
}"""


class Server:
    def __init__(self, runtime: Path) -> None:
        env = mvm_env()
        env["MVM_RUNTIME_DIR"] = str(runtime)
        self.proc = subprocess.Popen([sys.executable, "-m", "mvm", "serve", "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        self.url = self.proc.stdout.readline().decode().strip() if ready else ""
        if not self.url.startswith("http://"):
            self.proc.kill()
            raise SystemExit("mvm serve did not start")
        port = int(self.url.rsplit(":", 1)[1])
        self.token = json.loads((runtime / f"server-{port}.json").read_text())["token"]
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
        from mvm.client import Api

        self.api = Api(self.url, self.token)

    def session(self, program: str, folder: Path) -> str:
        status, _, raw = self.api.call("POST", "/sessions", {"program": program, "drives": {"C": str(folder)}})
        if status != 201:
            raise SystemExit(f"no session: {raw!r}")
        return json.loads(raw)["id"]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(15)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_percent(pids: list[int], seconds: float) -> list[float]:
    """Percent of one core each process used over `seconds` of wall time."""
    before = [cpu_seconds(pid) for pid in pids]
    start = time.monotonic()
    time.sleep(seconds)
    wall = time.monotonic() - start
    return [100 * (cpu_seconds(pid) - b) / wall for pid, b in zip(pids, before, strict=True)]


def _open(browser, server: Server, sid: str):
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.goto(f"{server.url}/ui/sessions/{sid}?token={server.token}")
    return page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long frames are counted")
    parser.add_argument("--keys", type=int, default=40, help="keys typed for the latency")
    parser.add_argument("--idle", type=float, default=5.0, help="how long the idle cost is measured")
    options = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"no {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        assemble("browser_anim.asm", folder / "ANIM.COM")
        assemble("browser_echo.asm", folder / "ECHO.COM")
        server = Server(folder / "runtime")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = _open(browser, server, server.session("ANIM.COM", folder))
                fps = page.evaluate(COUNT_FRAMES, options.seconds)
                page.close()
                sid = server.session("ECHO.COM", folder)
                page = _open(browser, server, sid)
                page.wait_for_function("window.mvmScreen && window.mvmScreen.frames > 0")
                keys = [chr(ord("a") + i % 26) for i in range(options.keys)]
                times = sorted(page.evaluate(KEY_LATENCY, keys))
                time.sleep(QUIET)
                session_pid = json.loads(server.api.call("GET", f"/sessions/{sid}")[2])["pid"]
                idle_session, idle_server = idle_percent([session_pid, server.proc.pid], options.idle)
                browser.close()
        finally:
            server.stop()
    median, p95 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"frames per second, full-screen mode 13h animation: {fps:.1f} (goal {FPS_GOAL:g}: "
          f"{'met' if fps >= FPS_GOAL else 'not met'})")
    print(f"key to screen: median {median:.1f} ms, p95 {p95:.1f} ms over {len(times)} keys (goal < "
          f"{LATENCY_GOAL_MS:g} ms: {'met' if median < LATENCY_GOAL_MS else 'not met'})")
    print(f"idle, window open, screen still: session process {idle_session:.1f}% of a core, server "
          f"{idle_server:.1f}% (goal < {IDLE_GOAL_PERCENT:g}% for the session: "
          f"{'met' if idle_session < IDLE_GOAL_PERCENT else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
