"""A host program's view of VKVS: put/get/delete/keys over an open VDD handle.

Works with anything that has `request(cmd, data) -> bytes`, such as the handle
`Machine.open_vdd("VKVS")` returns. Text keys and values are encoded as code
page 437, the DOS side's character set.
"""

from __future__ import annotations

from typing import Protocol

from .vdd import CMD_DELETE, CMD_GET, CMD_LIST, CMD_PUT


class Requester(Protocol):
    def request(self, cmd: int, data: bytes = b"") -> bytes: ...


def encode(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("cp437")


class KvClient:
    """The store's request commands as methods; errors are the handle's VddError (KvError)."""

    def __init__(self, handle: Requester) -> None:
        self.handle = handle

    def put(self, key: str | bytes, value: str | bytes) -> None:
        self.handle.request(CMD_PUT, encode(key) + b"\0" + encode(value))

    def get(self, key: str | bytes) -> bytes:
        return self.handle.request(CMD_GET, encode(key))

    def delete(self, key: str | bytes) -> None:
        self.handle.request(CMD_DELETE, encode(key))

    def keys(self) -> list[bytes]:
        listing = self.handle.request(CMD_LIST)
        return listing.split(b"\0") if listing else []
