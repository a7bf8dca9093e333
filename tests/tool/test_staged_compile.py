"""`generate` byte-compiles the package in its staging tree, in a child process, while the
rest of the tree is rendered and written (generator/commands/generate.py): after the swap
every module's cache is valid for its source where it landed, so imports use the caches
as they are, and names the final path. A run that fails after the package was staged
stops that work and leaves neither the new tree nor anything staged."""

from __future__ import annotations

import errno
import importlib.util
import marshal
import os
import signal
import struct
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

from generator.writer import existing_files, write_parts, write_tree
from tests.tool.conftest import run_callspec

IMPORT_ALL = """
import importlib, pkgutil, realtime_calls
for module in pkgutil.walk_packages(realtime_calls.__path__, "realtime_calls."):
    importlib.import_module(module.name)
print("ok")
"""


def test_the_caches_are_valid_where_the_tree_lands(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "out"
    done = run_callspec(
        "generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path
    )
    assert done.code == 0, done
    python = out / "python"
    sources = sorted(python.rglob("*.py"))
    assert len(sources) > 100
    for source in sources:
        cache = Path(importlib.util.cache_from_source(str(source)))
        data = cache.read_bytes()
        assert data[:4] == importlib.util.MAGIC_NUMBER, source
        flags, mtime, size = struct.unpack("<III", data[4:16])
        stat = source.stat()
        # timestamp-based: the source's mtime and size, unchanged by the swap
        assert (flags, mtime, size) == (
            0,
            int(stat.st_mtime) & 0xFFFFFFFF,
            stat.st_size & 0xFFFFFFFF,
        ), source
        # compiled under its final name, not the staging tree's
        assert marshal.loads(data[16:]).co_filename == str(source.resolve())
    caches = {p: p.stat().st_mtime_ns for p in python.rglob("__pycache__/*.pyc")}
    imported = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL],
        cwd=python,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin"
        },  # no PYTHONDONTWRITEBYTECODE: a stale cache is rewritten
    )
    assert imported.stdout.strip() == "ok", imported.stderr[-2000:]
    after = {p: p.stat().st_mtime_ns for p in python.rglob("__pycache__/*.pyc")}
    assert after == caches  # every cache used as written, none added or rewritten


def _parts(fail: bool) -> Iterator[dict[str, str]]:
    yield {"python/pkg/m.py": "x = 1\n"}
    if fail:
        raise RuntimeError("the rest failed to render")
    yield {"docs/page.md": "# page\n"}


class Recorder:
    """A `write_parts` helper noting what it is told and what is staged at the time."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self.seen: list[object] = []

    def staged(self, names: list[str]) -> None:
        on_disk = sorted(
            p.relative_to(self.staging).as_posix()
            for p in self.staging.rglob("*")
            if p.is_file()
        )
        self.seen.append((names, on_disk))

    def finish(self, ok: bool) -> None:
        self.seen.append((ok, self.staging.is_dir()))


def _into(made: list[Recorder]) -> Callable[[Path], Recorder]:
    def make(staging: Path) -> Recorder:
        made.append(Recorder(staging))
        return made[-1]

    return make


def test_each_part_is_handed_over_once_staged_then_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.txt": "old"})
    made: list[Recorder] = []
    assert write_parts(out, _parts(fail=False), _into(made)) == 2
    assert made[0].seen == [
        (["python/pkg/m.py"], ["python/pkg/m.py"]),
        (["docs/page.md"], ["docs/page.md", "python/pkg/m.py"]),
        (True, True),  # before the swap
    ]
    assert set(existing_files(out)) == {"python/pkg/m.py", "docs/page.md"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_part_stops_the_work_and_leaves_the_old_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.txt": "old"})
    made: list[Recorder] = []
    with pytest.raises(RuntimeError):
        write_parts(out, _parts(fail=True), _into(made))
    # told the run failed while the staging tree was still there, then it went
    assert made[0].seen[1:] == [(False, True)]
    assert existing_files(out) == {"a.txt": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_text_given_twice_is_staged_once_and_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = '{"type": "object"}\n'
    part = {"schemas/A.json": schema, "python/pkg/schemas/A.json": schema}
    part["docs/same.md"] = "".join(["# same", "\n"])  # equal, but another object
    part["docs/other.md"] = "".join(["# same", "\n"])
    made: list[Recorder] = []
    assert write_parts(tmp_path / "out", [part], _into(made)) == 4
    # the helper is told of the link with the rest, once it is there
    assert made[0].seen[0] == (list(part), sorted(part))
    out = tmp_path / "out"
    written = existing_files(out)
    assert written["python/pkg/schemas/A.json"] == schema.encode()
    assert len(written) == 4
    first, copy = out / "schemas/A.json", out / "python/pkg/schemas/A.json"
    assert os.path.samefile(first, copy)  # one inode: no second file made
    assert not os.path.samefile(out / "docs/same.md", out / "docs/other.md")
    # with no helper, the same; and where the file system has no hard links, the
    # copy is written as a file of its own
    assert write_parts(tmp_path / "plain", [part]) == 4
    assert existing_files(tmp_path / "plain") == written

    def refused(source: str, target: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted", target)

    monkeypatch.setattr(os, "link", refused)
    assert write_parts(tmp_path / "nolinks", [part]) == 4
    assert existing_files(tmp_path / "nolinks") == written
    nolinks = tmp_path / "nolinks"
    assert not os.path.samefile(
        nolinks / "schemas/A.json", nolinks / "python/pkg/schemas/A.json"
    )


def _compiler_run(tmp_path: Path, kill_first: bool, done: str | None = None) -> Path:
    """Two staged modules given to a compiler; `done` names a module whose cache is
    already there (as garbage, to see it kept)."""
    from generator.compiler import Compiler

    staging = tmp_path / "staging"
    (staging / "python" / "pkg" / "sub").mkdir(parents=True)
    (staging / "python" / "pkg" / "m.py").write_text("X = 1\n")
    (staging / "python" / "pkg" / "sub" / "n.py").write_text("X = 2\n")
    if done is not None:
        cache = Path(importlib.util.cache_from_source(str(staging / done)))
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(b"done before")
    compiler = Compiler(staging, tmp_path / "out")
    if kill_first:  # as if it had died: its work falls to this process
        compiler.child.kill()
        compiler.child.wait()
    compiler.staged(["python/pkg/m.py", "python/pkg/sub/n.py", "docs/x.md"])
    compiler.finish(True)
    return staging


def _caches(staging: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (staging / "python").rglob("*.pyc")}


@pytest.mark.parametrize("kill_first", [False, True], ids=["child", "this-process"])
def test_the_compiler_does_every_compile_or_this_process_does(
    tmp_path: Path, kill_first: bool
) -> None:
    staging = _compiler_run(tmp_path, kill_first)
    tag = sys.implementation.cache_tag
    # by this process from the back of the queue when the child is gone
    caches = _caches(staging)
    assert sorted(caches) == [f"m.{tag}.pyc", f"n.{tag}.pyc"]
    assert all(data[:4] == importlib.util.MAGIC_NUMBER for data in caches.values())


@pytest.mark.parametrize(
    "kill_first, done",
    [(False, "python/pkg/sub/n.py"), (True, "python/pkg/m.py")],
    ids=["the-child-skips", "this-process-stops"],
)
def test_what_is_found_done_is_not_done_again(
    tmp_path: Path, kill_first: bool, done: str
) -> None:
    staging = _compiler_run(tmp_path, kill_first, done)
    tag = sys.implementation.cache_tag
    caches = _caches(staging)
    name = f"{Path(done).stem}.{tag}.pyc"
    assert caches[name] == b"done before"  # neither compiled it again
    other = f"{'m' if name.startswith('n') else 'n'}.{tag}.pyc"
    assert caches[other][:4] == importlib.util.MAGIC_NUMBER  # the rest was done


def test_the_pipe_to_the_compiler_holds_a_large_specs_lines(tmp_path: Path) -> None:
    import fcntl

    from generator.compiler import PIPE_SIZE, Compiler

    (tmp_path / "staging" / "python").mkdir(parents=True)
    compiler = Compiler(tmp_path / "staging", tmp_path / "out")
    try:
        assert compiler.child.stdin is not None
        size = fcntl.fcntl(compiler.child.stdin.fileno(), fcntl.F_GETPIPE_SZ)
        assert size >= PIPE_SIZE  # a large spec's lines, never waited on
    finally:
        compiler.finish(True)


def test_a_failure_while_helping_ends_the_child_and_is_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import py_compile

    from generator import compiler as module

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(py_compile, "compile", full)
    staging = tmp_path / "staging"
    (staging / "python").mkdir(parents=True)
    (staging / "python" / "a.py").write_text("A = 1\n")
    compiler = module.Compiler(staging, tmp_path / "out")
    compiler.child.send_signal(signal.SIGSTOP)  # the compile is left to this process
    compiler.staged(["python/a.py"])
    with pytest.raises(OSError):
        compiler.finish(True)
    assert compiler.child.returncode is not None  # ended, not left running
