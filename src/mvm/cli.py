"""The `mvm` command line."""

from __future__ import annotations

import argparse
import sys

from .errors import MvmError, UsageError
from .ist import ENGINES, UnknownEngine

EXIT_TIMEOUT = 124
EXIT_FAILED = 125


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, status 2, like every other user error
        self.exit(2, f"mvm: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="mvm", description="Run DOS programs in virtual DOS machines.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run a DOS program or batch file and exit with its return code")
    run.add_argument("program", nargs="?",
                     help="the .COM, .EXE or .BAT to run (host path, or DOS path on a drive)")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program")
    run.add_argument("-c", dest="commands", action="append", default=[], metavar="COMMAND",
                     help="run a command line in the DOS shell (repeatable; run in turn, before PROGRAM)")
    _session_options(run)

    shell = sub.add_parser("shell", help="an interactive DOS command prompt on this terminal")
    _session_options(shell)

    sub.add_parser("vdds", help="list the installed VDDs")
    sub.add_parser("settings", help="list every DOS setting with its type, default and VDD")

    from .client import add_client_commands
    from .server.serve import add_serve_parser

    add_serve_parser(sub)
    add_client_commands(sub)

    vec = sub.add_parser("vectors", help="check a CPU engine against single-step test vectors",
                         add_help=False)
    vec.add_argument("rest", nargs=argparse.REMAINDER)
    return p


def _session_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--drive", action="append", default=[], metavar="X=PATH[:ro]",
                   help="map a host folder as a DOS drive (C: is the current folder by default)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="stop the session after this long")
    p.add_argument("--screen", action="store_true", help="print the final text screen at exit")
    p.add_argument("--screenshot", metavar="PNG", help="write the final screen as a PNG image at exit")
    p.add_argument("--engine", default="unicorn", help=f"CPU engine ({', '.join(ENGINES)})")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a DOS setting")
    p.add_argument("--vdd", action="append", default=[], metavar="'NAME /OPT=VALUE'",
                   help="load a VDD into the session, with CONFIG.SYS-style options (repeatable)")
    p.add_argument("--config", metavar="FILE", help="a session configuration (TOML); options given here win")
    p.add_argument("--window", choices=("dumb", "terminal"), default="dumb",
                   help="dumb: stream text (the default); terminal: draw the screen full-screen here")


def _drives(specs: list[str]) -> dict[str, str]:
    drives = {}
    for spec in specs:
        letter, sep, path = spec.partition("=")
        if not sep or not path:
            raise UsageError(f"bad --drive {spec!r}: use X=PATH or X=PATH:ro")
        drives[letter.strip().upper().rstrip(":")] = path
    return drives


def _settings(specs: list[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        if not sep:
            raise UsageError(f"bad --set {spec!r}: use NAME=VALUE")
        out[name.strip().upper()] = value
    return out


def session_config(args: argparse.Namespace, program: str | None = None, program_args=None):
    """The configuration of a session: --config's file, with the command line laid over it."""
    from .config import SessionConfig

    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    base = SessionConfig.from_toml(args.config) if args.config else SessionConfig()
    overrides = {
        "drives": _drives(args.drive), "settings": _settings(args.set), "vdds": list(args.vdd),
        "timeout": args.timeout, "commands": list(getattr(args, "commands", []) or []),
    }
    if args.engine != "unicorn":
        overrides["engine"] = args.engine
    if program is not None:
        overrides["program"] = program
        base.args = []
        overrides["args"] = list(program_args or [])
    return base.merged(**overrides)


def cmd_run(args: argparse.Namespace) -> int:
    """`mvm run`: a program, a batch file, or -c command lines in the shell."""
    program_args = args.args[1:] if args.args[:1] == ["--"] else args.args
    config = session_config(args, args.program, program_args)
    if config.program is None and not config.commands:
        raise UsageError("the following arguments are required: program (or -c COMMAND, or --config)")
    label = config.program or config.commands[0]
    return _session(args, config, label, lambda m, io: config.run(m, **io))


def cmd_shell(args: argparse.Namespace) -> int:
    """`mvm shell`: the DOS prompt, reading command lines from standard input."""
    config = session_config(args)
    return _session(args, config, "shell",
                    lambda m, io: m.run_shell(**io, timeout=config.timeout))


def cmd_vdds() -> int:
    from .vdd.registry import BASE_VDDS, installed_vdds

    for name, cls in sorted(installed_vdds().items()):
        doc = (sys.modules[cls.__module__].__doc__ or cls.__doc__ or "").strip().splitlines()
        doc = doc[0] if doc else ""
        where = "base" if name in BASE_VDDS else "optional"
        print(f"{name:<9} {where:<9} {doc}")
    return 0


def cmd_settings() -> int:
    from .settings import declared
    from .vdd.registry import installed_vdds

    rows = sorted(declared(installed_vdds().values()), key=lambda row: row[1].name)
    print(f"{'SETTING':<18} {'TYPE':<14} {'DEFAULT':<10} {'VDD':<9} MEANING")
    for owner, setting in rows:
        print(f"{setting.name:<18} {setting.describe_type:<14} {str(setting.default):<10} {owner:<9} "
              f"{setting.help}")
    return 0


def _session(args: argparse.Namespace, config, label: str, start) -> int:
    """Run one session; returns the exit status for the host."""
    machine = config.machine()
    io = {"stdin": sys.stdin.buffer, "stdout": sys.stdout.buffer, "stdin_is_tty": sys.stdin.isatty()}
    try:
        result = _start_windowed(args, machine, io, start)
        if getattr(args, "screenshot", None):
            try:
                machine.vdd("VVIDEO").screenshot(args.screenshot)
            except OSError as exc:
                print(f"mvm: cannot write the screenshot: {exc}", file=sys.stderr)
    finally:
        machine.close()
    if args.screen:
        _print_screen(result.screen)
    if result.status == "timeout":
        print(f"mvm: {label}: stopped after {config.timeout:g} s (--timeout)", file=sys.stderr)
        return EXIT_TIMEOUT
    if result.extra.get("restarted"):  # an installer's last act: not a failure
        print(f"mvm: {label}: {result.report}", file=sys.stderr)
        return 0
    if result.status != "exited":
        print(f"mvm: {result.report}", file=sys.stderr)
        return EXIT_FAILED
    return result.exit_code


def _start_windowed(args: argparse.Namespace, machine, io: dict, start):
    """Run the session in the window --window chose."""
    if getattr(args, "window", "dumb") == "terminal":
        from .ui.terminal import run_in_terminal

        return run_in_terminal(machine, start)
    return start(machine, io)


SCREEN_RULE = "-" * 30 + " screen at exit " + "-" * 34


def _print_screen(screen: str) -> None:
    try:
        sys.stdout.write(f"{SCREEN_RULE}\n{screen}\n")
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()


def _quiet_stdout() -> None:
    """The reader of our stdout went away (`| head`): drop the rest silently."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["vectors"]:
        from .ist.vectors import main as vectors_main

        return vectors_main(argv[1:])
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "shell":
            return cmd_shell(args)
        if args.command == "vdds":
            return cmd_vdds()
        if args.command == "settings":
            return cmd_settings()
        if args.command == "serve":
            from .server.serve import cmd_serve

            return cmd_serve(args)
        from .client import CLIENT_COMMANDS, run_command

        if args.command in CLIENT_COMMANDS:
            return run_command(args)
    except UnknownEngine as exc:
        print(f"mvm: {exc}", file=sys.stderr)
        return 2
    except MvmError as exc:
        print(f"mvm: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 141
    return 2
