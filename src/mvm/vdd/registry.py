"""Finding VDDs: every VDD, built-in or third party, is an entry point in group `mvm.vdd`."""

from __future__ import annotations

from importlib.metadata import entry_points

from ..errors import UsageError

GROUP = "mvm.vdd"
# The PC and DOS every session has; a configuration adds to these.
BASE_VDDS = ("VPIC", "VTIMER", "VBIOS", "VVIDEO", "VKBD", "VLPT", "VIDLE", "DOSKRNL", "VXMS", "VEMM", "VMOUSE")


def installed_vdds() -> dict[str, type]:
    """VDD name -> class, for every installed VDD (a broken plugin is reported, not fatal)."""
    # The built-in set first, so a source tree run without installing still works.
    found: dict[str, type] = _builtin_vdds()
    for ep in entry_points(group=GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # noqa: BLE001 - a third-party package may be broken
            raise UsageError(f"VDD {ep.name} ({ep.value}) cannot be loaded: {exc}") from None
        found[ep.name.upper()] = cls
    return found


def _builtin_vdds() -> dict[str, type]:
    from ..dos.kernel import DosKernel
    from .bios import SystemBios
    from .ems import Vemm
    from .idle import Idle
    from .keyboard import Keyboard
    from .mouse import Mouse
    from .pic import Pic
    from .pit import Pit
    from .printer import Vlpt
    from .video import Video
    from .xms import Vxms

    return {cls.name: cls for cls in (Pic, Pit, SystemBios, Video, Keyboard, Vlpt, Idle, DosKernel, Vxms, Vemm,
                                       Mouse)}


def vdd_class(name: str) -> type:
    vdds = installed_vdds()
    cls = vdds.get(name.upper())
    if cls is None:
        raise UsageError(f"unknown VDD {name} (installed: {', '.join(sorted(vdds))})")
    return cls
