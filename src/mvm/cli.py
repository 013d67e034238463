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

    vec = sub.add_parser("vectors", help="check a CPU engine against single-step test vectors",
                         add_help=False)
    vec.add_argument("rest", nargs=argparse.REMAINDER)
    return p


def _session_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--drive", action="append", default=[], metavar="X=PATH[:ro]",
                   help="map a host folder as a DOS drive (C: is the current folder by default)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="stop the session after this long")
    p.add_argument("--screen", action="store_true", help="print the final text screen at exit")
    p.add_argument("--engine", default="unicorn", help=f"CPU engine ({', '.join(ENGINES)})")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a DOS setting")


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


def cmd_run(args: argparse.Namespace) -> int:
    """`mvm run`: a program, a batch file, or -c command lines in the shell."""
    program_args = args.args[1:] if args.args[:1] == ["--"] else args.args
    if args.program is None and not args.commands:
        raise UsageError("the following arguments are required: program (or -c COMMAND)")
    if args.commands:
        lines = list(args.commands)
        if args.program is not None:
            lines.append(" ".join([args.program, *program_args]))
        return _session(args, args.commands[0], lambda m, io: m.run_shell(lines, **io))
    if args.program.upper().endswith(".BAT"):
        return _session(args, args.program,
                        lambda m, io: m.run_shell(batch=args.program, args=program_args, **io))
    return _session(args, args.program, lambda m, io: m.run(args.program, program_args, **io))


def cmd_shell(args: argparse.Namespace) -> int:
    """`mvm shell`: the DOS prompt, reading command lines from standard input."""
    return _session(args, "shell", lambda m, io: m.run_shell(**io))


def _session(args: argparse.Namespace, label: str, start) -> int:
    """Run one session with the common options; returns the exit status for the host."""
    from .machine.machine import Machine

    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    machine = Machine(_drives(args.drive), engine=args.engine, settings=_settings(args.set))
    io = {"stdin": sys.stdin.buffer, "stdout": sys.stdout.buffer, "timeout": args.timeout,
          "stdin_is_tty": sys.stdin.isatty()}
    try:
        result = start(machine, io)
    finally:
        machine.close()
    if args.screen:
        _print_screen(result.screen)
    if result.status == "timeout":
        print(f"mvm: {label}: stopped after {args.timeout:g} s (--timeout)", file=sys.stderr)
        return EXIT_TIMEOUT
    if result.status != "exited":
        print(f"mvm: {result.report}", file=sys.stderr)
        return EXIT_FAILED
    return result.exit_code


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
