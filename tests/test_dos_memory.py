"""Memory calls (48h, 49h, 4Ah, 58h): the MCB chain as programs use and abuse it."""

from __future__ import annotations

from conftest import assemble
from dosbox import run_in_dosbox
from mvm import Machine


def run(folder, name, engine="unicorn"):
    machine = Machine({"C": str(folder)}, engine=engine)
    try:
        return machine.run(name, timeout=20)
    finally:
        machine.close()


def test_allocate_free_resize(tmp_path, engine):
    assemble("mem_test", tmp_path, "MEMTEST.COM")
    result = run(tmp_path, "MEMTEST.COM", engine)
    assert result.exit_code == 0, result.report
    assert result.stdout.decode().splitlines() == [
        "ok",  # 4Ah: the program shrinks its block
        "ok",  # 48h: block A
        "error 0008",  # 48h BX=FFFFh: not enough memory, BX = the largest block
        "error 0008",  # one paragraph more than that
        "ok",  # exactly that: block B
        "error 0008",  # the same again
        "less:ok",  # BX now reports a smaller largest block
        "ok",  # 49h: free B
        "ok",  # 4Ah: shrink A
        "error 0008",  # 4Ah: grow A beyond everything
        "ok",  # to the size BX said: works
        "joined:ok",  # A took all the free memory after it
        "error 0008",
        "ok",  # free A
        "error 0009",  # 49h of what is not a block
        "0000",  # 5800h: first fit
        "ok",  # 5801h: last fit
        "0002",
        "last fit:high",  # a last-fit block comes from the top of memory
    ]


def test_memory_calls_match_dosbox(tmp_path):
    assemble("mem_test", tmp_path, "MEMTEST.COM")
    ours = run(tmp_path, "MEMTEST.COM").stdout.decode()
    assert run_in_dosbox(tmp_path, "MEMTEST.COM") == ours


def test_damaged_chain_gives_error_7_and_the_session_goes_on(tmp_path, engine):
    assemble("mem_bad", tmp_path, "MEMBAD.COM")
    result = run(tmp_path, "MEMBAD.COM", engine)
    assert (result.status, result.exit_code) == ("exited", 3), result.report
    assert result.stdout.decode().splitlines() == [
        "error 0007",  # 4Ah of what is not a block
        "error 0007",  # 48h with B's header overwritten
        "error 0007",  # 48h BX=FFFFh
        "FFFF",  # BX left alone when the chain is broken
        "error 0007",  # 4Ah of B
        "error 0009",  # 49h of B: its header is not an MCB
        "error 0007",  # 4Ah of A: the block after it is broken
        "ok",  # 49h of A: DOS checks only A's own header
        "ok",  # header repaired: 48h works again
        "ok",  # 5802h
        "0000",  # upper memory is not linked
        "error 0001",  # 5803h: there is none to link
        "error 0001",  # 5801h: no such fit
        "ok",  # 5801h 41h: best fit, high only
        "ok",
        "0041",
        "error 0001",  # 5804h
    ]


def test_chain_walk_after_a_trashed_exit_does_not_raise(tmp_path):
    """The program ends with its own chain broken: freeing its memory stops at the damage."""
    assemble("mem_bad", tmp_path, "MEMBAD.COM")
    machine = Machine({"C": str(tmp_path)})
    try:
        result = machine.run("MEMBAD.COM", timeout=20)
        assert result.status == "exited"
        first = machine.ram.rb(0x1000)
        assert first in (0x4D, 0x5A)  # the first MCB is still there
    finally:
        machine.close()
