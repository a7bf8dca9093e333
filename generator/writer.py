"""Atomic output: render into a sibling temporary tree, then swap it in.

After a failure or a kill at any point the output directory holds either the complete old
tree or the complete new one; the next run removes (or restores from) any leftover.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path
from typing import Callable

IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".pytest_cache"}

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD,
        os.fsencode(a),
        _AT_FDCWD,
        os.fsencode(b),
        ctypes.c_uint(_RENAME_EXCHANGE),
    )
    return bool(result == 0)


def _siblings(out: Path, tag: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{tag}-*"))


def repair(out: Path) -> None:
    """Finish or undo an interrupted swap left by an earlier, killed run."""
    old = _siblings(out, "old")
    if not out.exists() and old:
        os.rename(old[-1], out)  # killed between the two renames: put the old tree back
        old = old[:-1]
    for leftover in old + _siblings(out, "new"):
        shutil.rmtree(leftover, ignore_errors=True)


def is_ignored(relative: Path) -> bool:
    return any(
        part in IGNORED_PARTS or part.endswith(".egg-info") for part in relative.parts
    )


def existing_files(out: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    if not out.is_dir():
        return found
    for path in out.rglob("*"):
        relative = path.relative_to(out)
        if path.is_file() and not is_ignored(relative):
            found[relative.as_posix()] = path.read_bytes()
    return found


def write_tree(out: Path, files: dict[str, str]) -> int:
    """Write `files` as the complete new content of `out`. Returns the number of files."""
    swap_in(out, {k: v.encode("utf-8") for k, v in files.items()})
    return len(files)


def swap_in(
    out: Path,
    files: dict[str, bytes],
    finish: Callable[[Path], None] | None = None,
) -> None:
    """Stage `files` in a sibling directory, let `finish` touch up the staged tree (modes,
    times), then swap it in: `out` holds the whole old tree or the whole new one."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    repair(out)
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    staging.mkdir()
    try:
        for relative, data in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if finish is not None:
            finish(staging)
        if out.exists():
            if _exchange(staging, out):
                shutil.rmtree(staging)
                return
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            os.rename(out, old)
            os.rename(staging, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def stale_files(out: Path, files: dict[str, str]) -> list[str]:
    """Paths under `out` that differ from, are missing from, or are extra to `files`."""
    current = existing_files(out)
    wanted = {k: v.encode("utf-8") for k, v in files.items()}
    changed = [p for p, data in wanted.items() if current.get(p) != data]
    extra = [p for p in current if p not in wanted]
    return sorted(changed + extra)
