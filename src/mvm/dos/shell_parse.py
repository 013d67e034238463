"""Reading command lines the way COMMAND.COM does: variables, redirection, pipes, words.

Everything here is text in, text out: no guest state. The shell applies these in
order: batch-line expansion (`%1`, `%NAME%`, `%%`), then the split of a line into
pipeline stages with their redirections, then the split of one stage into the
command name and the rest of the line, which a built-in command cuts into words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Characters that end a command name or a word on a DOS command line.
WORD_DELIMITERS = " \t,;="
# Characters that end a command name (besides the delimiters): `DIR/W`, `ECHO+x`.
NAME_ENDS = WORD_DELIMITERS + "/+\"<>|"


class ShellSyntaxError(Exception):
    """A line COMMAND.COM would answer with "Syntax error"."""


# -- batch-line expansion ------------------------------------------------------------------
def expand(line: str, args: list[str], lookup: Callable[[str], str | None]) -> str:
    """Expand `%%`, `%0`-`%9` and `%NAME%` as a batch file line is expanded.

    `args[0]` is %0. An unknown variable or missing argument gives nothing; a `%`
    with no closing `%` is dropped and the text after it is kept.
    """
    out: list[str] = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        nxt = line[i + 1] if i + 1 < n else ""
        if nxt == "%":
            out.append("%")
            i += 2
        elif nxt.isdigit():
            index = int(nxt)
            if index < len(args):
                out.append(args[index])
            i += 2
        else:
            close = line.find("%", i + 1)
            if close < 0:
                i += 1  # a lone percent sign: drop it
                continue
            value = lookup(line[i + 1:close])
            if value is not None:
                out.append(value)
            i = close + 1
    return "".join(out)


# -- pipelines and redirection ----------------------------------------------------------------
@dataclass
class Stage:
    """One command of a pipeline with its own redirections."""

    text: str
    stdin: str | None = None
    stdout: str | None = None
    append: bool = False

    @property
    def redirected(self) -> bool:
        return self.stdin is not None or self.stdout is not None


def split_pipeline(line: str) -> list[Stage]:
    """Split a line at `|` and take `<`, `>` and `>>` out of each part.

    Quoted text ("...") is left alone. Raises ShellSyntaxError for an empty
    pipeline stage or a redirection without a file name.
    """
    stages: list[Stage] = []
    stage = Stage("")
    text: list[str] = []
    i, n = 0, len(line)
    quoted = False
    while i < n:
        ch = line[i]
        if ch == '"':
            quoted = not quoted
            text.append(ch)
            i += 1
            continue
        if quoted or ch not in "<>|":
            text.append(ch)
            i += 1
            continue
        if ch == "|":
            stage.text = "".join(text).strip()
            if not stage.text:
                raise ShellSyntaxError("empty command before |")
            stages.append(stage)
            stage, text = Stage(""), []
            i += 1
            continue
        append = line.startswith(">>", i)
        i += 2 if append else 1
        target, i = _redirect_target(line, i)
        if ch == "<":
            stage.stdin = target
        else:
            stage.stdout, stage.append = target, append
    stage.text = "".join(text).strip()
    if not stage.text and (stages or stage.redirected):
        raise ShellSyntaxError("empty command")
    stages.append(stage)
    return stages


def _redirect_target(line: str, i: int) -> tuple[str, int]:
    n = len(line)
    while i < n and line[i] in " \t":
        i += 1
    start = i
    quoted = False
    while i < n:
        ch = line[i]
        if ch == '"':
            quoted = not quoted
        elif not quoted and (ch in " \t<>|"):
            break
        i += 1
    target = line[start:i].strip('"')
    if not target:
        raise ShellSyntaxError("redirection without a file name")
    return target, i


# -- command name and words ---------------------------------------------------------------------
def split_command(text: str, builtins: frozenset[str] | set[str]) -> tuple[str, str]:
    """The command name and the rest of the line (which keeps its leading delimiter).

    A name ends at a blank, `/`, `=`, `,`, `;`, `+`; also at `.`, `\\` or `:` when
    what came before is a built-in command, so `CD..`, `CD\\DOS` and `ECHO.` work
    while `PROG.EXE` and `SUB\\PROG` stay whole.
    """
    text = text.lstrip(" \t,;=")
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in NAME_ENDS:
            break
        if ch in ".\\:[" and text[:i].upper() in builtins:
            break
        i += 1
    return text[:i], text[i:]


def split_words(rest: str) -> list[str]:
    """Words of a command's arguments: split at DOS delimiters; a `/` starts a switch.

    Quoted text stays one word, quotes included (`strip_quotes` takes them off).
    """
    words: list[str] = []
    cur: list[str] = []
    quoted = False

    def flush() -> None:
        if cur:
            words.append("".join(cur))
            cur.clear()

    for ch in rest:
        if ch == '"':
            quoted = not quoted
            cur.append(ch)
        elif quoted:
            cur.append(ch)
        elif ch in WORD_DELIMITERS:
            flush()
        elif ch == "/":
            flush()
            cur.append(ch)
        else:
            cur.append(ch)
    flush()
    return words


def strip_quotes(word: str) -> str:
    return word.replace('"', "")


def batch_arguments(text: str) -> list[str]:
    """The words of a batch file's command line, for %1-%9 (quotes kept, as DOS shows them)."""
    words: list[str] = []
    cur: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            cur.append(ch)
        elif not quoted and ch in WORD_DELIMITERS:
            if cur:
                words.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


def switches(words: list[str]) -> tuple[list[str], set[str]]:
    """Separate `/X` switches (upper-cased, without the slash) from the other words."""
    plain: list[str] = []
    found: set[str] = set()
    for word in words:
        if word.startswith("/") and len(word) > 1:
            found.add(word[1:].upper())
        else:
            plain.append(word)
    return plain, found


# -- IF and FOR -----------------------------------------------------------------------------------
@dataclass
class IfTest:
    negate: bool
    kind: str  # "ERRORLEVEL", "EXIST" or "=="
    left: str
    right: str
    command: str


def parse_if(rest: str) -> IfTest:
    """`[NOT] ERRORLEVEL n cmd`, `[NOT] EXIST file cmd` or `[NOT] a==b cmd`."""
    text = rest.lstrip(" \t,;=")
    negate = False
    word, after = _first_word(text)
    if word.upper() == "NOT":
        negate = True
        text = after.lstrip(" \t,;=")
        word, after = _first_word(text)
    key = word.upper()
    if key in ("ERRORLEVEL", "EXIST"):
        arg, command = _first_word(after)
        if not arg or not command.strip():
            raise ShellSyntaxError(f"IF {key} needs a value and a command")
        return IfTest(negate, key, arg, "", command.strip())
    left, pos = _if_operand(text, 0)
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if not text.startswith("==", pos) or not left:
        raise ShellSyntaxError("IF without ==")
    pos += 2
    while pos < len(text) and text[pos] in " \t=":
        pos += 1
    right, pos = _if_operand(text, pos)
    command = text[pos:].strip()
    if not command:
        raise ShellSyntaxError("IF without a command")
    return IfTest(negate, "==", left, right, command)


def _first_word(text: str) -> tuple[str, str]:
    text = text.lstrip(" \t,;=")
    i = 0
    while i < len(text) and text[i] not in " \t,;=":
        i += 1
    return text[:i], text[i:]


def _if_operand(text: str, pos: int) -> tuple[str, int]:
    """A comparison operand: ends at a blank or `=` (quoted text is kept whole)."""
    start = pos
    quoted = False
    while pos < len(text):
        ch = text[pos]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in " \t=":
            break
        pos += 1
    return text[start:pos], pos


@dataclass
class ForLoop:
    var: str
    items: list[str]
    command: str


_FOR = re.compile(r"^\s*%(\S)\s+IN\s*\((.*?)\)\s*DO\s+(.*\S)\s*$", re.IGNORECASE | re.DOTALL)


def parse_for(rest: str) -> ForLoop:
    """`%V IN (set) DO command`: the set split at blanks, commas and semicolons."""
    match = _FOR.match(rest)
    if not match:
        raise ShellSyntaxError("FOR %V IN (set) DO command")
    var, items, command = match.groups()
    words = [w for w in re.split(r"[ \t,;=]+", items) if w]
    return ForLoop(var, words, command)


def substitute_for(command: str, var: str, value: str) -> str:
    return command.replace("%" + var, value)
