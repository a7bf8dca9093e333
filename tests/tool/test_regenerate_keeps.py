"""A regeneration keeps what did not change (generator/writer.py `_Kept`): a file the old
tree holds with the same bytes is staged as a hard link to it, so it keeps its inode and
modification time, and its byte-code cache, still valid, is kept with it rather than
compiled again (generator/compiler.py). What changed, and whatever is not a plain file
of ours with the mode a new file gets, is written anew."""

from __future__ import annotations

import errno
import importlib.util
import os
import py_compile
import struct
from pathlib import Path

import pytest

from generator.writer import existing_files, write_parts
from tests.tool.conftest import run_callspec


def _identity(path: Path) -> tuple[int, int]:
    info = path.lstat()
    return info.st_ino, info.st_mtime_ns


def test_unchanged_files_keep_their_inode_and_changed_ones_are_new(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_parts(out, [{"a/same.txt": "same\n", "a/changed.txt": "old\n"}])
    same, changed = _identity(out / "a/same.txt"), _identity(out / "a/changed.txt")
    write_parts(out, [{"a/same.txt": "same\n", "a/changed.txt": "new\n", "c.txt": "c"}])
    assert existing_files(out) == {
        "a/same.txt": b"same\n",
        "a/changed.txt": b"new\n",
        "c.txt": b"c",
    }
    assert _identity(out / "a/same.txt") == same
    assert _identity(out / "a/changed.txt")[0] != changed[0]
    assert (out / "a/same.txt").stat().st_nlink == 1  # the old tree is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_the_user_changed_the_mode_of_is_written_anew(tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous = os.umask(0o022)
    try:
        write_parts(out, [{"run.sh": "echo\n", "plain.txt": "p\n"}])
        (out / "run.sh").chmod(0o755)
        kept = _identity(out / "plain.txt")
        old = _identity(out / "run.sh")
        write_parts(out, [{"run.sh": "echo\n", "plain.txt": "p\n"}])
    finally:
        os.umask(previous)
    assert (out / "run.sh").stat().st_mode & 0o777 == 0o644
    assert _identity(out / "run.sh")[0] != old[0]
    assert _identity(out / "plain.txt") == kept


def test_a_symbolic_link_in_the_old_tree_is_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outside = tmp_path / "outside.txt"
    text = str(outside)  # as long as the link: the sizes agree
    outside.write_text(text)
    write_parts(out, [{"a.txt": text}])
    (out / "a.txt").unlink()
    (out / "a.txt").symlink_to(outside)
    assert (out / "a.txt").lstat().st_size == len(text)
    write_parts(out, [{"a.txt": text}])
    assert not (out / "a.txt").is_symlink()
    assert (out / "a.txt").read_text() == text
    assert not os.path.samefile(out / "a.txt", outside)
    assert outside.read_text() == text


def test_without_hard_links_everything_is_written_and_linking_tried_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    files = {f"f{n}.txt": f"{n}\n" for n in range(5)}
    write_parts(out, [files])
    before = {name: _identity(out / name)[0] for name in files}
    tried: list[str] = []

    def cross_device(source: str, target: str) -> None:
        tried.append(target)
        raise OSError(errno.EXDEV, "Invalid cross-device link", target)

    monkeypatch.setattr(os, "link", cross_device)
    write_parts(out, [files])
    assert existing_files(out) == {n: t.encode() for n, t in files.items()}
    assert all(_identity(out / n)[0] != before[n] for n in files)
    assert len(tried) == 1  # then it stopped trying


def _compile(source: Path) -> None:
    py_compile.compile(str(source), doraise=True)


def _stage_module(staging: Path, old: Path, name: str, text: str) -> None:
    """Stage `name` as the writer does: a link to the old file when it is the same."""
    target = staging / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if (old / name).is_file() and (old / name).read_text() == text:
        os.link(old / name, target)
    else:
        target.write_text(text)


def test_a_kept_module_keeps_its_cache_and_a_stale_or_new_one_is_compiled(
    tmp_path: Path,
) -> None:
    from generator.compiler import Compiler

    old, staging = tmp_path / "out", tmp_path / "staging"
    modules = {"python/pkg/kept.py": "K = 1\n", "python/pkg/stale.py": "S = 1\n"}
    for name, text in modules.items():
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text(text)
        _compile(old / name)
    # the source's time moved after it was compiled: its cache is stale
    stat = (old / "python/pkg/stale.py").stat()
    os.utime(
        old / "python/pkg/stale.py", ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**10)
    )
    modules["python/pkg/new.py"] = "N = 1\n"
    for name, text in modules.items():
        _stage_module(staging, old, name, text)
    compiler = Compiler(staging, old)
    compiler.staged(list(modules))
    compiler.finish(True)

    def cache(root: Path, name: str) -> Path:
        return Path(importlib.util.cache_from_source(str(root / name)))

    assert os.path.samefile(
        cache(staging, "python/pkg/kept.py"), cache(old, "python/pkg/kept.py")
    )
    assert not os.path.samefile(
        cache(staging, "python/pkg/stale.py"), cache(old, "python/pkg/stale.py")
    )
    for name in modules:  # every cache valid for its staged source
        data = cache(staging, name).read_bytes()
        source = (staging / name).stat()
        assert data[:4] == importlib.util.MAGIC_NUMBER
        assert struct.unpack("<III", data[4:16]) == (
            0,
            int(source.st_mtime) & 0xFFFFFFFF,
            source.st_size & 0xFFFFFFFF,
        ), name


def test_regenerating_the_same_spec_changes_no_file(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "out"
    argv = ("generate", "--spec", str(spec), "--out", str(out))
    assert run_callspec(*argv, cwd=tmp_path).code == 0
    first = {p: _identity(p) for p in out.rglob("*") if p.is_file()}
    assert len(first) > 300
    assert sum(p.suffix == ".pyc" for p in first) > 50
    assert run_callspec(*argv, cwd=tmp_path).code == 0
    # every file, byte-code caches and the manifest included, is the one it was
    assert {p: _identity(p) for p in out.rglob("*") if p.is_file()} == first


def test_a_name_staged_twice_never_writes_through_to_the_old_tree(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_parts(out, [{"a.txt": "same\n"}])
    elsewhere = tmp_path / "elsewhere.txt"
    os.link(out / "a.txt", elsewhere)  # the old file's inode, seen from outside
    write_parts(out, [{"a.txt": "same\n"}, {"a.txt": "other\n"}])
    assert (out / "a.txt").read_text() == "other\n"
    assert elsewhere.read_text() == "same\n"  # the kept link was not written through


def test_a_copy_staged_over_a_kept_name_never_writes_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_parts(out, [{"b.txt": "same\n"}])
    elsewhere = tmp_path / "elsewhere.txt"
    os.link(out / "b.txt", elsewhere)
    text = "other\n"
    # b.txt kept, then staged again in a later part as a copy of a.txt
    write_parts(out, [{"b.txt": "same\n"}, {"a.txt": text, "b.txt": text}])
    assert (out / "b.txt").read_text() == "other\n"
    assert os.path.samefile(out / "a.txt", out / "b.txt")
    assert elsewhere.read_text() == "same\n"
