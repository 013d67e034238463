"""mvm-kvstore: a key/value store VDD that carries data between host and DOS programs.

Install it next to mvm (`pip install examples/kvstore`) and load it by name:
`Machine(vdds=["VKVS"])`, `mvm run --vdd VKVS ...`. See vdd.py for the INT F5h
interface DOS programs use and the request commands host programs send.
"""

from .client import KvClient
from .store import (
    ERROR_BUFFER_TOO_SMALL,
    ERROR_INVALID_FUNCTION,
    ERROR_INVALID_PARAMETER,
    ERROR_KEY_NOT_FOUND,
    ERROR_STORE_FULL,
    KeyValueStore,
    StoreError,
)
from .vdd import (
    CMD_DELETE,
    CMD_GET,
    CMD_LIST,
    CMD_PUT,
    COMMANDS,
    SIGNATURE,
    VECTOR,
    KeyValueVdd,
    KvError,
)

__version__ = "0.1.0"
__all__ = [
    "CMD_DELETE", "CMD_GET", "CMD_LIST", "CMD_PUT", "COMMANDS", "ERROR_BUFFER_TOO_SMALL",
    "ERROR_INVALID_FUNCTION", "ERROR_INVALID_PARAMETER", "ERROR_KEY_NOT_FOUND", "ERROR_STORE_FULL",
    "SIGNATURE", "VECTOR", "KeyValueStore", "KeyValueVdd", "KvClient", "KvError", "StoreError",
]
