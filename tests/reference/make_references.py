"""Reference screenshots of the tests/guest/screen_*.asm programs, taken by DOSBox.

Each program sets a video mode, draws a picture and waits for a key. This script
runs every one of them in DOSBox 0.74 on a virtual X screen, presses DOSBox's
screenshot key (Ctrl+F5) once the picture is drawn, and stores the PNG DOSBox
writes into its captures folder as tests/reference/<name>.png, where
tests/test_reference_screens.py compares it with mvm's frame of the same program.

Run it on a Debian machine (as root for the packages):

    apt-get install -y dosbox nasm xvfb xdotool
    python3 tests/reference/make_references.py            # every program
    python3 tests/reference/make_references.py text80 13h  # some of them

It starts its own Xvfb on a free display; with --keep the DOSBox
folders are left in /tmp for a look. The PNGs are committed: the tests do not
need DOSBox, Xvfb or this script.

The DOSBox configuration makes the capture the emulated screen at its own size:
`output=surface`, `scaler=none` and `aspect=false` (no scaling or aspect
correction; DOSBox writes the picture as the emulated card produced it, before
any scaler), a window of the original size (`fullscreen=false`,
`fullresolution=original`, `windowresolution=original`). The machine decides
the rest:

* the text modes run with `machine=vgaonly`, a plain VGA, which draws 9-dot
  cells (720x400; DOSBox's S3 draws mode 03h in 8-dot cells, 640x400) but
  through a 16-bit 5:6:5 buffer, so the colours are 5:6:5;
* the graphics modes, VESA included, run with `machine=svga_s3` (DOSBox's S3
  Trio and its VESA BIOS), which captures the palette modes as 8-bit pictures
  with the DAC's colours (widened as (v << 2) | (v >> 4)) at the mode's own
  size (320x200 for 13h and 0Dh, 320x240 for mode X; 640x400 for mode 06h,
  whose 200 lines it keeps doubled). With vgaonly these come out 5:6:5 and twice
  as large, so they would be less exact references.

`cycles=max` draws quickly; a picture is taken once two captures a second apart
are the same, so a program still drawing is never caught half way. Each program
gets a fresh Xvfb on a free display: a second DOSBox on a screen another one
has just left now and then shows no window (the script then tries again).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GUEST = HERE.parent / "guest"
sys.path.insert(0, str(HERE.parent))
from dosbox import dosbox_conf  # noqa: E402 - the tests' DOSBox settings, from the folder above

# name: (DOSBox machine, seconds to let the program draw before the first capture)
PROGRAMS = {
    "text80": ("vgaonly", 2),
    "text40": ("vgaonly", 2),
    "text50": ("vgaonly", 2),
    "text8": ("vgaonly", 2),
    "text512": ("vgaonly", 2),
    "underline": ("vgaonly", 2),
    "text43": ("vgaonly", 2),
    "mono": ("vgaonly", 2),
    "splittext": ("vgaonly", 2),
    "cga4": ("svga_s3", 2),
    "cga5": ("svga_s3", 2),
    "cga6": ("svga_s3", 2),
    "ega0d": ("svga_s3", 3),
    "ega0e": ("svga_s3", 3),
    "ega0f": ("svga_s3", 3),
    "ega10": ("svga_s3", 3),
    "vga11": ("svga_s3", 3),
    "vga12": ("svga_s3", 3),
    "pelmask": ("svga_s3", 3),
    "split12": ("svga_s3", 3),
    "13h": ("svga_s3", 2),
    "pelmask13": ("svga_s3", 2),
    "modex": ("svga_s3", 2),
    "splitx": ("svga_s3", 2),
    "vesa101": ("svga_s3", 3),
    "vesascroll": ("svga_s3", 3),
    "vesa111": ("svga_s3", 3),
    "vesa112": ("svga_s3", 3),
}


def conf_text(machine: str, captures: Path, folder: Path, program: str) -> str:
    """The configuration of one capture: the tests' DOSBox settings (tests/dosbox.py) with the
    machine, the captures folder and a window of the emulated screen's own size."""
    return dosbox_conf(folder, [program], {
        "sdl": {"fullscreen": "false", "fullresolution": "original", "windowresolution": "original",
                "autolock": "false"},
        "dosbox": {"machine": machine, "captures": str(captures), "memsize": "16"},
        "render": {"aspect": "false", "scaler": "none"},
    })


def assemble(name: str, folder: Path) -> str:
    """tests/guest/screen_NAME.asm as folder/NAME.COM (an 8.3 name); returns the DOS name."""
    dos = f"{name.upper()[:8]}.COM"
    subprocess.run(["nasm", "-f", "bin", "-I", f"{GUEST}/", str(GUEST / f"screen_{name}.asm"),
                    "-o", str(folder / dos)], check=True)
    return dos


def xdotool(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True).stdout.strip()


def capture(window: str, captures: Path, env: dict[str, str], timeout: float = 10) -> bytes:
    """Press Ctrl+F5 in DOSBox's window; the PNG it writes, once complete."""
    before = set(captures.iterdir())
    xdotool("key", "--window", window, "ctrl+F5", env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = [p for p in captures.iterdir() if p not in before and p.suffix == ".png"]
        if new:
            time.sleep(0.5)  # let DOSBox finish writing it
            return new[0].read_bytes()
        time.sleep(0.1)
    raise RuntimeError("DOSBox wrote no screenshot")


def take(name: str, env: dict[str, str], keep: bool) -> bytes:
    machine, settle = PROGRAMS[name]
    work = Path(tempfile.mkdtemp(prefix=f"mvm-ref-{name}-"))
    folder, captures = work / "c", work / "captures"
    folder.mkdir()
    captures.mkdir()
    program = assemble(name, folder)
    conf = work / "dosbox.conf"
    conf.write_text(conf_text(machine, captures, folder, program))
    log = (work / "dosbox.log").open("w")
    proc = subprocess.Popen(["dosbox", "-conf", str(conf)], env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT)
    try:
        window = ""
        deadline = time.monotonic() + 20
        while not window and time.monotonic() < deadline:
            time.sleep(0.2)
            window = xdotool("search", "--name", "DOSBox", env=env).split("\n")[0]
        if not window:
            ended = "" if proc.poll() is None else f" (DOSBox ended with {proc.returncode})"
            raise RuntimeError(f"no DOSBox window{ended}: {(work / 'dosbox.log').read_text()[-300:]!r}")
        time.sleep(settle)
        shot = capture(window, captures, env)
        for _ in range(10):  # the same picture twice: the program has finished drawing
            time.sleep(1)
            again = capture(window, captures, env)
            if pixels(again) == pixels(shot):
                break
            shot = again
        else:
            raise RuntimeError("the picture kept changing")
        xdotool("key", "--window", window, "space", env=env)
        return shot
    finally:
        time.sleep(0.5)
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"  kept {work}")


def pixels(png: bytes) -> bytes:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return repr(image.size).encode() + image.tobytes()


def virtual_screen() -> tuple[subprocess.Popen, dict[str, str]]:
    """A fresh Xvfb on a free display (a DOSBox started on a screen another one has
    just left now and then shows no window); the environment to run DOSBox on it."""
    read, write = os.pipe()  # Xvfb writes the display number it picked here
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write,))
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    if not display:
        sys.exit("Xvfb did not start")
    env = dict(os.environ, DISPLAY=f":{display}", SDL_AUDIODRIVER="dummy")
    env.pop("SDL_VIDEODRIVER", None)
    for _ in range(50):  # until it takes connections
        if xdotool("getdisplaygeometry", env=env):
            break
        time.sleep(0.1)
    return xvfb, env


def main() -> int:
    from PIL import Image

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help=f"programs (default all: {' '.join(PROGRAMS)})")
    parser.add_argument("--keep", action="store_true", help="keep the DOSBox folders")
    args = parser.parse_args()
    names = args.names or list(PROGRAMS)
    for tool in ("dosbox", "nasm", "Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed")
    for name in names:
        for _attempt in range(3):  # DOSBox now and then shows no window on a fresh Xvfb
            xvfb, env = virtual_screen()
            try:
                png = take(name, env, args.keep)
                break
            except RuntimeError as exc:
                print(f"{name}: {exc}, again")
            finally:
                xvfb.terminate()
                xvfb.wait()
        else:
            sys.exit(f"{name}: no screenshot")
        out = HERE / f"{name}.png"
        out.write_bytes(png)
        print(f"{out.name}: {Image.open(out).size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
