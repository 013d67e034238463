"""mvm: a multiple virtual DOS machine server."""

from .errors import LoadError, MvmError, NotExecutable, ProgramNotFound, UsageError
from .machine.machine import Machine, RunResult

__version__ = "0.1.0"
__all__ = ["LoadError", "Machine", "MvmError", "NotExecutable", "ProgramNotFound", "RunResult", "UsageError"]
