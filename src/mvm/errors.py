"""Errors a user can cause, each with the exit status `mvm` gives it."""

from __future__ import annotations


class MvmError(Exception):
    """An error to report in one line, with an exit status."""

    status = 2


class UsageError(MvmError):
    status = 2


class LoadError(MvmError):
    """The program could not be started."""

    status = 126


class ProgramNotFound(LoadError):
    status = 127


class NotExecutable(LoadError):
    status = 126
