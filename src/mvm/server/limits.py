"""What a server allows (kept apart so that `mvm --help` need not load the session manager)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    """What the server allows; over a limit a request is refused at once."""

    max_sessions: int = 64
    session_memory_mib: int = 256  # growth of a session process beyond its start
    host_reserve_mib: int = 128  # new sessions are refused when the host has less available
    output_bytes: int = 1 << 20  # console output kept per session (the oldest is dropped)
    keep_ended: int = 200  # ended sessions kept for ps/wait/output
    start_timeout: float = 20.0
    request_timeout: float = 10.0
    stop_grace: float = 3.0
