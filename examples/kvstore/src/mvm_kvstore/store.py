"""The store itself: keys and values as bytes, with limits, and no knowledge of DOS or hosts.

Both sides of the VDD (INT F5h for DOS programs, requests for host programs) call
these methods, so both see the same rules and the same error codes.
"""

from __future__ import annotations

import threading

# Error codes, the same on both sides: AX after a failed INT F5h call (with CF set)
# and VddError.code for a failed host request. They are the OS/2 (and DOS) codes
# of the same meaning.
ERROR_INVALID_FUNCTION = 1
ERROR_KEY_NOT_FOUND = 2  # ERROR_FILE_NOT_FOUND
ERROR_STORE_FULL = 8  # ERROR_NOT_ENOUGH_MEMORY
ERROR_INVALID_PARAMETER = 87
ERROR_BUFFER_TOO_SMALL = 111  # ERROR_BUFFER_OVERFLOW

ERROR_NAMES = {
    ERROR_INVALID_FUNCTION: "INVALID_FUNCTION",
    ERROR_KEY_NOT_FOUND: "KEY_NOT_FOUND",
    ERROR_STORE_FULL: "STORE_FULL",
    ERROR_INVALID_PARAMETER: "INVALID_PARAMETER",
    ERROR_BUFFER_TOO_SMALL: "BUFFER_TOO_SMALL",
}

MAX_KEY = 64  # bytes; a DOS program passes keys as ASCIIZ strings


class StoreError(Exception):
    """A refused store operation; `code` is one of the ERROR_* values."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_key(key: bytes) -> bytes:
    """A key is 1-64 bytes without NUL (so that DOS can pass it as ASCIIZ)."""
    if not key:
        raise StoreError(ERROR_INVALID_PARAMETER, "empty key")
    if len(key) > MAX_KEY:
        raise StoreError(ERROR_INVALID_PARAMETER, f"key longer than {MAX_KEY} bytes")
    if 0 in key:
        raise StoreError(ERROR_INVALID_PARAMETER, "key contains a NUL byte")
    return key


class KeyValueStore:
    """Bytes to bytes, at most `max_keys` keys of at most `max_value` bytes each.

    A lock guards it: DOS calls arrive on the session thread, host requests on
    whichever thread serves them.
    """

    def __init__(self, max_keys: int, max_value: int) -> None:
        self.max_keys = max_keys
        self.max_value = max_value
        self._data: dict[bytes, bytes] = {}
        self._lock = threading.Lock()

    def put(self, key: bytes, value: bytes) -> None:
        check_key(key)
        if len(value) > self.max_value:
            raise StoreError(ERROR_INVALID_PARAMETER,
                             f"value of {len(value)} bytes is over KVS_MAX_VALUE={self.max_value}")
        with self._lock:
            if key not in self._data and len(self._data) >= self.max_keys:
                raise StoreError(ERROR_STORE_FULL, f"the store is full (KVS_MAX_KEYS={self.max_keys})")
            self._data[key] = bytes(value)

    def get(self, key: bytes) -> bytes:
        check_key(key)
        with self._lock:
            value = self._data.get(key)
        if value is None:
            raise StoreError(ERROR_KEY_NOT_FOUND, f"no key {_show(key)}")
        return value

    def delete(self, key: bytes) -> None:
        check_key(key)
        with self._lock:
            if self._data.pop(key, None) is None:
                raise StoreError(ERROR_KEY_NOT_FOUND, f"no key {_show(key)}")

    def keys(self) -> list[bytes]:
        with self._lock:
            return sorted(self._data)

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def snapshot(self) -> dict[bytes, bytes]:
        with self._lock:
            return dict(self._data)

    def restore(self, data: dict[bytes, bytes]) -> None:
        with self._lock:
            self._data = dict(data)


def _show(key: bytes) -> str:
    return repr(key.decode("cp437"))
