"""The bodies and answers of the server's API (pydantic models: they make the OpenAPI document)."""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class SessionSpec(BaseModel):
    """A session's configuration (the fields of a session TOML file) and whether to start it now."""

    model_config = ConfigDict(extra="forbid")

    program: str | None = Field(None, description="a DOS path on a drive, or an absolute host path")
    args: list[str] = Field(default_factory=list)
    drives: dict[str, str] = Field(default_factory=dict, description='{"C": "/abs/path", "D": "/abs/path:ro"}')
    settings: dict[str, str | int | float | bool] = Field(default_factory=dict, description="DOS settings by name")
    vdds: list[str] = Field(default_factory=list, description='VDDs to add, in CONFIG.SYS form: "VEMM /S=1024"')
    commands: list[str] = Field(default_factory=list, description="command lines for the built-in shell, in turn")
    timeout: float | None = Field(None, gt=0, description="seconds; the session ends as 'timeout' after this long")
    window: str = "dumb"
    engine: str = Field("unicorn", description="CPU engine")
    name: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    start: bool = Field(True, description="start the program at once (else POST .../start later)")

    @field_validator("drives")
    @classmethod
    def _drives(cls, drives: dict[str, str]) -> dict[str, str]:
        out = {}
        for letter, path in drives.items():
            key = letter.strip().upper().rstrip(":")
            if len(key) != 1 or not "A" <= key <= "Z":
                raise ValueError(f"bad drive letter {letter!r}")
            if not os.path.isabs(path):
                raise ValueError(f"drive {key}: needs an absolute host path, not {path!r}")
            out[key] = path
        return out

    def config(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"start"}, exclude_none=True)
        data["settings"] = {k.upper(): _setting_text(v) for k, v in self.settings.items()}
        return data


def _setting_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class SessionInfo(BaseModel):
    id: str
    name: str | None
    state: Literal["starting", "created", "running", "paused", "stopping",
                   "exited", "timeout", "failed", "stopped", "killed"]
    pid: int | None
    program: str | None
    args: list[str]
    commands: list[str]
    created: float
    started: float | None
    ended: float | None
    exit_code: int | None = Field(description="the program's code; 124 timeout, 125 failed, 137 killed, 143 stopped")
    reason: str = Field(description="why it failed or ended, when not by exiting")
    output_bytes: int
    rss_kib: int | None


class InputBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="UTF-8 text typed at the console (LF becomes Enter)")
    base64: str | None = Field(None, description="raw bytes, base64-encoded, instead of text")
    eof: bool = Field(False, description="end the console input after this")


class VddRequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cmd: int = Field(ge=0, le=0xFFFFFFFF)
    data: str = Field("", description="the request's input bytes, in `encoding`")
    encoding: Literal["hex", "base64"] = "hex"


class BroadcastBody(VddRequestBody):
    vdd: str = Field(min_length=1, max_length=64)
    session: str | None = Field(None, description='a session id or name; null or "*" for every session')


class VddErrorInfo(BaseModel):
    code: str = Field(description="VDD_NOT_FOUND, INVALID_HANDLE, INVALID_FUNCTION, BUFFER_TOO_SMALL, ...")
    os2_code: int | None
    message: str


class VddAnswer(BaseModel):
    session: str
    vdd: str
    cmd: int
    ok: bool
    data: str | None = None
    encoding: Literal["hex", "base64"] = "hex"
    error: VddErrorInfo | None = None


class BroadcastAnswer(BaseModel):
    results: list[VddAnswer]


class ErrorInfo(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorInfo
