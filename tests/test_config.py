"""Sessions configured from TOML and the command line; VDDs and settings checked before start."""

from __future__ import annotations

import pytest

from conftest import assemble, run_cli
from mvm import Machine, UsageError
from mvm.config import SessionConfig
from mvm.settings import Setting
from mvm.vdh import Vdd, VddError


def test_config_file_runs_a_program_with_its_drives_and_settings(tmp_path):
    dos = tmp_path / "dos"
    dos.mkdir()
    assemble("dosinfo", dos, "INFO.COM")
    (tmp_path / "s.toml").write_text(
        'program = "INFO.COM"\ntimeout = 20\n[drives]\nC = "dos"\n[settings]\nDOS_VERSION = "6.22"\n')
    proc = run_cli("run", "--config", "s.toml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines()[0] == "1606 FF00"


def test_command_line_overrides_the_file(tmp_path):
    assemble("dosinfo", tmp_path, "INFO.COM")
    (tmp_path / "s.toml").write_text('program = "INFO.COM"\n[settings]\nDOS_VERSION = "6.22"\n')
    proc = run_cli("run", "--config", "s.toml", "--set", "DOS_VERSION=3.30", cwd=tmp_path)
    assert proc.stdout.decode().splitlines()[0] == "1E03 FF00"
    assemble("hello", tmp_path)
    proc = run_cli("run", "--config", "s.toml", "HELLO.COM", cwd=tmp_path)
    assert proc.stdout == b"Hello, world!\n"


def test_config_commands_run_in_the_shell(tmp_path):
    (tmp_path / "s.toml").write_text('commands = ["SET X=7", "ECHO x=%X%", "EXIT 4"]\n')
    proc = run_cli("run", "--config", "s.toml", cwd=tmp_path)
    assert proc.stdout.decode().split() == ["x=7"]
    assert proc.returncode == 4


@pytest.mark.parametrize("text,message", [
    ('program = 3\n', b"program must be a string"),
    ('nonsense = 1\n', b"unknown key 'nonsense'"),
    ('program = "X.COM"\n[settings]\nDOS_FILES = 1000\n', b"bad setting DOS_FILES=1000"),
    ('program = "X.COM"\n[settings]\nNO_SUCH = 1\n', b"unknown setting NO_SUCH"),
    ('program = "X.COM"\nvdds = ["VNOPE /A=1"]\n', b"unknown VDD VNOPE"),
    ('program = "X.COM"\nvdds = ["VIDLE /Q=1"]\n', b"VIDLE: unknown option /Q"),
    ('program = "X.COM\n', b"s.toml"),
    ('program = "X.COM"\ntimeout = -3\n', b"timeout must be a positive"),
])
def test_bad_configurations_are_refused_before_start(tmp_path, text, message):
    (tmp_path / "s.toml").write_text(text)
    proc = run_cli("run", "--config", "s.toml", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert b"Traceback" not in proc.stderr


def test_missing_config_file(tmp_path):
    proc = run_cli("run", "--config", "nope.toml", cwd=tmp_path)
    assert proc.returncode == 2 and b"nope.toml does not exist" in proc.stderr


def test_vdds_and_settings_listings(tmp_path):
    vdds = run_cli("vdds", cwd=tmp_path).stdout.decode()
    for name in ("VPIC", "VTIMER", "VBIOS", "VVIDEO", "VKBD", "VIDLE", "DOSKRNL"):
        assert name in vdds
    table = run_cli("settings", cwd=tmp_path).stdout.decode()
    row = next(line for line in table.splitlines() if line.startswith("DOS_FILES"))
    assert row.split()[:5] == ["DOS_FILES", "int", "8-255", "40", "DOSKRNL"]
    assert any(line.startswith("IDLE_SENSITIVITY") and "VIDLE" in line for line in table.splitlines())


class Echo(Vdd):
    """A VDD with options and requests, as a third party would write one."""

    name = "VECHO"
    options = {"": Setting("", "int", 1, "repeat count", 1, 9), "UP": Setting("UP", "bool", "0", "upper-case")}

    def request(self, cmd: int, data: bytes) -> bytes:
        if cmd == 1:
            out = data * int(self.option_values.get("", 1))
            return out.upper() if self.option_values.get("UP") == "1" else out
        if cmd == 2:
            raise VddError(VddError.BUFFER_TOO_SMALL, "needs more room")
        return super().request(cmd, data)


@pytest.fixture
def echo_installed(monkeypatch):
    from mvm.vdd import registry

    real = registry.installed_vdds
    monkeypatch.setattr(registry, "installed_vdds", lambda: {**real(), "VECHO": Echo})
    import mvm.machine.machine as machine_module

    monkeypatch.setattr(machine_module, "installed_vdds", lambda: {**real(), "VECHO": Echo})


def test_request_api_in_python(echo_installed):
    machine = Machine(vdds=["VECHO 2 /UP=on"])
    handle = machine.open_vdd("vecho")
    assert handle.request(1, b"ab") == b"ABAB"
    with pytest.raises(VddError) as err:
        handle.request(2)
    assert err.value.code == 111 and err.value.name == "BUFFER_TOO_SMALL"
    with pytest.raises(VddError) as err:
        handle.request(99, b"")
    assert err.value.name == "INVALID_FUNCTION"
    handle.close()
    with pytest.raises(VddError) as err:
        handle.request(1, b"x")
    assert err.value.name == "INVALID_HANDLE"
    with pytest.raises(VddError) as err:
        machine.open_vdd("VNOTHERE")
    assert err.value.code == 643 and err.value.name == "VDD_NOT_FOUND"
    machine.close()


def test_vdd_options_are_checked(echo_installed):
    for line, message in (("VECHO 12", "must be 1-9"), ("VECHO /LOUD=1", "unknown option /LOUD"),
                          ("VECHO /UP=maybe", "use on or off")):
        with pytest.raises(UsageError, match=message):
            Machine(vdds=[line])


def test_session_config_in_python(tmp_path):
    assemble("hello", tmp_path)
    config = SessionConfig.from_dict({"program": "HELLO.COM", "drives": {"C": str(tmp_path)}, "timeout": 20})
    result = config.run(config.machine())
    assert result.stdout == b"Hello, world!\n"
