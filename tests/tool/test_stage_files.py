"""The staging tree's files are written as `Path.write_bytes` wrote them (the writer uses
bare `os.open`/`os.write` for speed): the bytes, the umask's mode, and a failure that
names the file and leaves nothing staged; a file rendered as another's very text is a
hard link to it, and written where links are refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.writer import existing_files, write_parts
from tests.tool.conftest import run_callspec


def test_staged_files_hold_their_bytes_with_the_umasks_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    big = "x" * (3 * 1024 * 1024) + "é\n"  # more than one write's worth
    previous = os.umask(0o027)
    try:
        count = write_parts(out, [{"a/b/big.txt": big, "top.txt": "t\n"}])
    finally:
        os.umask(previous)
    assert count == 2
    assert existing_files(out) == {
        "a/b/big.txt": big.encode("utf-8"),
        "top.txt": b"t\n",
    }
    for name in ("a/b/big.txt", "top.txt"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o640


def test_a_file_that_cannot_be_staged_is_an_error_naming_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # a file and a directory of the same name: the second cannot be created
    parts = [{"docs": "a file\n"}, {"docs/page.md": "# page\n"}]
    with pytest.raises(OSError) as failed:
        write_parts(out, parts)
    assert failed.value.filename is not None
    assert str(failed.value.filename).endswith("docs")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing staged is left


def test_a_file_rendered_as_another_files_text_is_a_hard_link_to_it(
    tmp_path: Path,
) -> None:
    """The same text object twice (the client's copy of a schema): one inode. Equal text
    that is another object is written on its own."""
    out = tmp_path / "out"
    text = '{"type": "object"}\n'
    other = "".join(['{"type": ', '"object"}\n'])  # equal, not the same object
    assert other == text and other is not text
    write_parts(out, [{"schemas/a.json": text, "copy/a.json": text, "b.json": other}])
    assert existing_files(out) == {
        name: text.encode() for name in ("schemas/a.json", "copy/a.json", "b.json")
    }
    linked, copy, alone = (
        (out / name).stat() for name in ("schemas/a.json", "copy/a.json", "b.json")
    )
    assert (linked.st_ino, linked.st_nlink) == (copy.st_ino, 2)
    assert alone.st_nlink == 1


def test_where_hard_links_are_refused_the_twin_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links (FAT, some network ones) refuses `link`, as
    simulated here: the file is written instead, with the same bytes."""

    def refuse(source: str, target: str) -> None:
        raise PermissionError(1, "Operation not permitted", source)

    monkeypatch.setattr(os, "link", refuse)
    out = tmp_path / "out"
    text = "twice\n"
    write_parts(out, [{"a.txt": text, "b.txt": text}])
    assert existing_files(out) == {"a.txt": b"twice\n", "b.txt": b"twice\n"}
    assert (out / "a.txt").stat().st_nlink == (out / "b.txt").stat().st_nlink == 1


def test_generate_links_the_clients_schemas_to_the_published_ones(
    tmp_path: Path, spec: Path
) -> None:
    """End to end: every JSON Schema of the client package shares its inode with the one
    under schemas/, and `check` finds the tree as the spec gives it."""
    out = tmp_path / "out"
    args = ("--spec", str(spec), "--out", str(out))
    assert run_callspec("generate", *args, cwd=tmp_path).code == 0
    copies = sorted((out / "python" / "realtime_calls" / "schemas").glob("*.json"))
    assert len(copies) > 10
    for copy in copies:
        published = out / "schemas" / copy.name
        assert copy.stat().st_ino == published.stat().st_ino, copy.name
    assert run_callspec("check", *args, cwd=tmp_path).code == 0
