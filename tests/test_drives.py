"""Drives: DOS paths resolved inside host folders, short aliases, confinement."""

from __future__ import annotations

import os

import pytest

from mvm.dos.constants import DosError
from mvm.dos.drives import Drives, dos_component, is_valid_83, make_alias
from mvm.errors import UsageError


@pytest.fixture
def tree(tmp_path):
    c = tmp_path / "c"
    (c / "sub" / "deeper").mkdir(parents=True)
    (c / "hello.txt").write_text("hi")
    (c / "LongFileName.txt").write_text("long")
    (c / "longfilename2.txt").write_text("long2")
    (c / "sub" / "x.dat").write_text("x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    return c, outside


def code_of(fn) -> int:
    with pytest.raises(DosError) as info:
        fn()
    return info.value.code


def test_names_match_without_regard_to_case(tree):
    c, _ = tree
    d = Drives({"C": str(c)})
    found = d.resolve("c:\\HeLLo.TxT")
    assert found.exists and found.host == c / "hello.txt"
    assert found.dos == "C:\\HELLO.TXT"
    assert d.resolve("sub/X.DAT").host == c / "sub" / "x.dat"


def test_long_names_get_stable_aliases(tree):
    c, _ = tree
    d = Drives({"C": str(c)})
    names = {e.dos_name: e.host.name for e in d.listdir(c)}
    assert names["LONGFI~1.TXT"] == "LongFileName.txt"
    assert names["LONGFI~2.TXT"] == "longfilename2.txt"
    assert d.resolve("LONGFI~2.TXT").host == c / "longfilename2.txt"
    # Deleting the first long name and adding another does not move any alias.
    (c / "LongFileName.txt").unlink()
    (c / "LongFileName3.txt").write_text("3")
    names = {e.dos_name: e.host.name for e in d.listdir(c)}
    assert names["LONGFI~2.TXT"] == "longfilename2.txt"
    assert names["LONGFI~3.TXT"] == "LongFileName3.txt"
    assert "LONGFI~1.TXT" not in names
    # The first name comes back: it gets its old alias again.
    (c / "LongFileName.txt").write_text("again")
    assert d.resolve("LONGFI~1.TXT").host == c / "LongFileName.txt"


def test_names_differing_only_in_case_both_reachable(tmp_path):
    (tmp_path / "README.TXT").write_text("upper")
    (tmp_path / "readme.txt").write_text("lower")
    d = Drives({"C": str(tmp_path)})
    names = {e.dos_name: e.host.name for e in d.listdir(tmp_path)}
    assert names == {"README.TXT": "README.TXT", "README~1.TXT": "readme.txt"}


def test_odd_host_names_get_aliases(tmp_path):
    for name in ("a b.c", ".bashrc", "two.dots.txt", "ümlaut€.txt"):
        (tmp_path / name).write_text("x")
    d = Drives({"C": str(tmp_path)})
    names = {e.host.name: e.dos_name for e in d.listdir(tmp_path)}
    assert names["a b.c"] == "AB~1.C"
    assert names[".bashrc"] == "BASHRC~1"
    assert names["two.dots.txt"] == "TWODOT~1.TXT"
    assert names["ümlaut€.txt"].endswith("~1.TXT")
    assert all(is_valid_83(n) for n in names.values())


def test_new_names_are_upper_case_and_cut_to_8_3(tree):
    c, _ = tree
    d = Drives({"C": str(c)})
    found = d.resolve("sub\\newfilename.text")
    assert not found.exists
    assert found.dos == "C:\\SUB\\NEWFILEN.TEX"
    assert found.host == c / "sub" / "NEWFILEN.TEX"
    assert found.parent_host == c / "sub"


def test_dot_dot_past_the_root_is_path_not_found(tree):
    c, _ = tree
    d = Drives({"C": str(c)})
    assert code_of(lambda: d.resolve("C:\\..\\hello.txt")) == 3
    assert code_of(lambda: d.resolve("\\SUB\\..\\..\\hello.txt")) == 3
    assert d.resolve("\\SUB\\..\\hello.txt").host == c / "hello.txt"
    d.cwd["C"] = "SUB"
    assert d.resolve("..\\hello.txt").host == c / "hello.txt"
    assert code_of(lambda: d.resolve("..\\..\\hello.txt")) == 3
    assert d.resolve("x.dat").dos == "C:\\SUB\\X.DAT"
    assert d.split("C:\\..\\x") == ("C", ["x"])  # the lenient form, for names typed on the host


def test_errors(tree):
    c, _ = tree
    d = Drives({"C": str(c)})
    assert code_of(lambda: d.resolve("Q:\\FILE")) == 15
    assert code_of(lambda: d.resolve("nope\\file")) == 3
    assert code_of(lambda: d.resolve("hello.txt\\file")) == 3  # a file is not a folder
    assert code_of(lambda: d.resolve("bad+name")) == 2  # a bad last name: MS-DOS says "file not found"
    assert code_of(lambda: d.resolve("bad+name\\file")) == 3
    assert code_of(lambda: d.resolve("a*.txt")) == 2
    assert code_of(lambda: d.resolve("a*\\b.txt", wildcards=True)) == 3
    assert d.resolve("a*.txt", wildcards=True).name == "A*.TXT"


def test_host_paths_cannot_be_spelled(tree):
    c, outside = tree
    d = Drives({"C": str(c)})
    for path in (str(outside / "secret.txt"), "C:" + str(outside / "secret.txt"), "../outside/secret.txt"):
        try:
            found = d.resolve(path)
        except DosError as err:
            assert err.code in (2, 3)
            continue
        assert not found.exists
        assert c in found.host.parents


def test_symlinks_leading_out_are_refused(tree):
    c, outside = tree
    os.symlink(outside, c / "outdir")
    os.symlink(outside / "secret.txt", c / "secret.txt")
    os.symlink(c / "sub", c / "indir")
    d = Drives({"C": str(c)})
    assert code_of(lambda: d.resolve("outdir\\secret.txt")) == 3
    assert code_of(lambda: d.resolve("secret.txt")) == 5
    assert code_of(lambda: d.resolve("outdir")) == 5
    listed = {e.dos_name for e in d.listdir(c)}
    assert "OUTDIR" not in listed and "SECRET.TXT" not in listed
    assert "INDIR" in listed  # a link that stays inside is an ordinary folder
    assert d.resolve("indir\\x.dat").exists


def test_host_changes_are_seen(tree):
    c, _ = tree
    d = Drives({"C": str(c)})
    assert not d.resolve("later.txt").exists
    (c / "Later.txt").write_text("x")
    assert d.resolve("later.txt").host == c / "Later.txt"
    (c / "Later.txt").unlink()
    assert not d.resolve("later.txt").exists


def test_dos_component_rules():
    assert dos_component("readme.markdown") == "README.MAR"
    assert dos_component("FOO.") == "FOO"
    for bad in ("a;b", "a,b", "a=b", "a[b", "a|b", '"x"', "a b", "...", ".x"):
        with pytest.raises(DosError):
            dos_component(bad)
    assert make_alias("Program Files", set()) == "PROGRA~1"
    assert make_alias("Program Files", {"PROGRA~1"}) == "PROGRA~2"


def test_drive_specs(tmp_path):
    d = Drives({"C": str(tmp_path), "D": f"{tmp_path}:ro"})
    assert d.drives["D"].readonly and not d.drives["C"].readonly
    with pytest.raises(UsageError):
        Drives({"E": str(tmp_path / "missing")})
    with pytest.raises(UsageError):
        Drives({"1": str(tmp_path)})
