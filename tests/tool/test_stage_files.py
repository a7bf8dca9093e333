"""The staging tree's files are written as `Path.write_bytes` wrote them (the writer uses
bare `os.open`/`os.write` for speed): the bytes, the umask's mode, and a failure that
names the file and leaves nothing staged."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.writer import existing_files, write_parts


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


def test_only_a_large_parts_memory_goes_back_to_the_os(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import heap, writer

    trims: list[int] = []
    monkeypatch.setattr(heap, "trim", lambda: trims.append(len(trims)))
    small = {"a.txt": "x" * 10}
    large = {"b.txt": "y" * (writer.TRIM_AFTER + 1)}
    write_parts(tmp_path / "out", [small, large, small])
    assert trims == [0]  # after the large part only
