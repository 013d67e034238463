"""VKVS: a key/value store shared by the DOS programs of a session and host programs.

DOS programs call INT F5h (Ralf Brown's list has F1h-FDh as "reserved for user
interrupt"; F5h's only other entry is an undocumented DoubleDOS use):

    AH=00h  installation check   -> AX=4B56h ('K','V'), BX=version (0100h), CF clear
    AH=01h  put     DS:SI ASCIIZ key, ES:DI value, CX its length
    AH=02h  get     DS:SI ASCIIZ key, ES:DI buffer, CX its size -> CX value length
                    (too small: CF set, AX=111, CX the length needed, nothing copied)
    AH=03h  delete  DS:SI ASCIIZ key
    AH=04h  count   -> CX keys in the store, DX the most it holds

Success clears CF and sets AX=0; failure sets CF and AX to an error code (see
store.py). An unknown AH fails with AX=1.

Host programs send requests (`machine.open_vdd("VKVS").request(cmd, data)`):

    1 PUT     data = key NUL value     -> b""
    2 GET     data = key               -> the value
    3 DELETE  data = key               -> b""
    4 LIST    data ignored             -> the keys, sorted, joined by NUL

Failures raise KvError, a VddError with the same codes as the DOS side.
The store belongs to the VDD instance, so each session has its own; it lives as
long as the session, across the programs the session runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mvm.settings import Setting
from mvm.vdh import Vdd, VddError, Vdh

from .store import (
    ERROR_BUFFER_TOO_SMALL,
    ERROR_INVALID_FUNCTION,
    ERROR_INVALID_PARAMETER,
    ERROR_NAMES,
    MAX_KEY,
    KeyValueStore,
    StoreError,
)

if TYPE_CHECKING:
    from mvm.ist import Registers

VECTOR = 0xF5
SIGNATURE = 0x4B56  # AH='K', AL='V'
VERSION = 0x0100

# INT F5h functions, in AH.
FN_CHECK = 0x00
FN_PUT = 0x01
FN_GET = 0x02
FN_DELETE = 0x03
FN_COUNT = 0x04

# Host request commands.
CMD_PUT = 1
CMD_GET = 2
CMD_DELETE = 3
CMD_LIST = 4
COMMANDS = {"PUT": CMD_PUT, "GET": CMD_GET, "DELETE": CMD_DELETE, "LIST": CMD_LIST}

DEFAULT_MAX_KEYS = 256
DEFAULT_MAX_VALUE = 4096


class KvError(VddError):
    """A refused request; `name` also knows the store's own codes (KEY_NOT_FOUND, ...)."""

    NAMES = {**VddError.NAMES, **ERROR_NAMES}


class KeyValueVdd(Vdd):
    """A key/value store shared by DOS programs (INT F5h) and host programs (requests).

    Each instance, so each session, has a store of its own.
    """

    name = "VKVS"
    settings = {
        "KVS_MAX_KEYS": Setting("KVS_MAX_KEYS", "int", DEFAULT_MAX_KEYS,
                                help="most keys the key/value store holds", minimum=1, maximum=65535),
        "KVS_MAX_VALUE": Setting("KVS_MAX_VALUE", "int", DEFAULT_MAX_VALUE,
                                 help="longest value the key/value store takes, in bytes",
                                 minimum=1, maximum=65535),
    }

    def __init__(self) -> None:
        self.store = KeyValueStore(DEFAULT_MAX_KEYS, DEFAULT_MAX_VALUE)
        self._dos_functions = {
            FN_CHECK: self._dos_check,
            FN_PUT: self._dos_put,
            FN_GET: self._dos_get,
            FN_DELETE: self._dos_delete,
            FN_COUNT: self._dos_count,
        }
        self._requests = {
            CMD_PUT: self._request_put,
            CMD_GET: self._request_get,
            CMD_DELETE: self._request_delete,
            CMD_LIST: self._request_list,
        }

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        # The session has checked the values against `settings`; absent ones take the default.
        chosen = vdh.machine.settings
        self.store.max_keys = int(chosen.get("KVS_MAX_KEYS", DEFAULT_MAX_KEYS))
        self.store.max_value = int(chosen.get("KVS_MAX_VALUE", DEFAULT_MAX_VALUE))
        vdh.hook_int(VECTOR, self._interrupt)

    # -- DOS programs: INT F5h ------------------------------------------------------------
    def _interrupt(self, r: Registers) -> None:
        function = self._dos_functions.get(r.ah)
        try:
            if function is None:
                raise StoreError(ERROR_INVALID_FUNCTION, f"no INT F5h function {r.ah:02X}h")
            function(r)
        except StoreError as err:
            r.ax = err.code
            r.cf = True
            return
        r.cf = False

    def _dos_check(self, r: Registers) -> None:
        r.ax = SIGNATURE
        r.bx = VERSION

    def _dos_put(self, r: Registers) -> None:
        value = self.vdh.ram.read(_span(r.es, r.di, r.cx), r.cx)
        self.store.put(self._dos_key(r), value)
        r.ax = 0

    def _dos_get(self, r: Registers) -> None:
        value = self.store.get(self._dos_key(r))
        if len(value) > r.cx:
            r.cx = len(value)  # tells the program how big a buffer to bring
            raise StoreError(ERROR_BUFFER_TOO_SMALL, "buffer too small")
        self.vdh.ram.write(_span(r.es, r.di, len(value)), value)
        r.cx = len(value)
        r.ax = 0

    def _dos_delete(self, r: Registers) -> None:
        self.store.delete(self._dos_key(r))
        r.ax = 0

    def _dos_count(self, r: Registers) -> None:
        r.cx = len(self.store)
        r.dx = self.store.max_keys
        r.ax = 0

    def _dos_key(self, r: Registers) -> bytes:
        # One byte past the longest key: a string that long has no NUL in time and is refused.
        return self.vdh.ram.asciiz(_span(r.ds, r.si, 0), MAX_KEY + 1)

    # -- host programs: requests ----------------------------------------------------------
    def request(self, cmd: int, data: bytes) -> bytes:
        handler = self._requests.get(cmd)
        if handler is None:
            known = ", ".join(f"{name}={number}" for name, number in COMMANDS.items())
            raise KvError(VddError.INVALID_FUNCTION, f"VKVS has no request {cmd} ({known})")
        try:
            return handler(data)
        except StoreError as err:
            raise KvError(err.code, err.message) from None

    def _request_put(self, data: bytes) -> bytes:
        key, sep, value = data.partition(b"\0")
        if not sep:
            raise StoreError(ERROR_INVALID_PARAMETER, "PUT takes key NUL value")
        self.store.put(key, value)
        return b""

    def _request_get(self, data: bytes) -> bytes:
        return self.store.get(data)

    def _request_delete(self, data: bytes) -> bytes:
        self.store.delete(data)
        return b""

    def _request_list(self, data: bytes) -> bytes:
        return b"\0".join(self.store.keys())

    # -- saved state ------------------------------------------------------------------------
    def save(self) -> dict:
        return {"store": {key.hex(): value.hex() for key, value in self.store.snapshot().items()}}

    def load(self, state: dict) -> None:
        saved = state.get("store", {})
        self.store.restore({bytes.fromhex(key): bytes.fromhex(value) for key, value in saved.items()})


def _span(seg: int, off: int, length: int) -> int:
    """The linear address of seg:off, for `length` bytes that must not run past the segment's end."""
    if off + length > 0x10000:
        raise StoreError(ERROR_INVALID_PARAMETER, "buffer runs past the end of its segment")
    return (seg << 4) + off
