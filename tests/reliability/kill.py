"""SIGKILL `callspec generate` (or the writer alone) at random points; the output directory
must hold the complete old tree or the complete new one, and the next run must repair it.

Shared by tests/reliability/test_kill.py and bench/robustness.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.writer import IGNORED_PARTS, repair, write_tree

ROOT = Path(__file__).resolve().parents[2]
# a complete plain OpenAPI spec of the calls API (the hand-written snapshot before issue 13)
SPEC = ROOT / "tests" / "fixtures" / "calls.openapi.yaml"

WRITER_DRIVER = """
import json, sys
from pathlib import Path
from generator import writer
if sys.argv[3] == "rename":  # the fallback path: two renames instead of RENAME_EXCHANGE
    writer._exchange = lambda a, b: False
writer.write_tree(Path(sys.argv[2]), json.loads(Path(sys.argv[1]).read_text()))
"""


def digest(out: Path) -> str | None:
    """A hash of every file (path and bytes) under `out`; None when `out` is missing."""
    if not out.is_dir():
        return None
    h = hashlib.sha256()
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if path.is_file() and not IGNORED_PARTS & set(relative.parts):
            h.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def leftovers(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.*-*"))


@dataclass
class Trees:
    """The complete old and new trees a killed run may leave, as files and as digests."""

    old: dict[str, str]
    new: dict[str, str]
    old_digest: str
    new_digest: str
    seconds: float  # how long an uninterrupted run takes


@dataclass
class KillStats:
    kills: int = 0
    survived: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _digest_of(files: dict[str, str], scratch: Path) -> str:
    write_tree(scratch, files)
    value = digest(scratch)
    assert value is not None
    return value


def _older(files: dict[str, str]) -> dict[str, str]:
    """A plausible previous output: some files gone, some different, one extra."""
    old = {}
    for index, (path, text) in enumerate(sorted(files.items())):
        if index % 7 == 3:
            continue
        old[path] = text + "\n# an older generation\n" if index % 5 == 1 else text
    old["python/realtime_calls/_removed_since.py"] = "# only in the old tree\n"
    return old


def cli_trees(workdir: Path) -> Trees:
    """Generate the bundled spec once through the CLI (timing it) to learn the new tree."""
    reference = workdir / "reference"
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(SPEC),
            "--out",
            str(reference),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    seconds = time.monotonic() - started
    new = {  # the files generate wrote (its byte-code caches are not part of the tree)
        p.relative_to(reference).as_posix(): p.read_text(encoding="utf-8")
        for p in reference.rglob("*")
        if p.is_file() and not IGNORED_PARTS & set(p.relative_to(reference).parts)
    }
    old = _older(new)
    return Trees(
        old, new, _digest_of(old, workdir / "old-ref"), digest(reference) or "", seconds
    )


def writer_trees(workdir: Path, base: dict[str, str], padding: int) -> Trees:
    """`base` plus `padding` small files, so the writer has a long window to be killed in."""
    workdir.mkdir(parents=True, exist_ok=True)
    new = dict(base)
    new.update({f"padding/{i:05}.txt": f"padding {i}\n" * 20 for i in range(padding)})
    old = _older(new)
    payload = workdir / "new-files.json"
    payload.write_text(json.dumps(new))
    trees = Trees(
        old,
        new,
        _digest_of(old, workdir / "old-ref"),
        _digest_of(new, workdir / "new-ref"),
        0.0,
    )
    # time a whole run as the kills will see it: over an existing old tree, whose removal
    # after the swap is part of the run
    probe = workdir / "probe"
    runs = []
    for mode in ("exchange", "rename"):
        write_tree(probe, old)
        started = time.monotonic()
        _writer_process(payload, probe, mode).wait()
        runs.append(time.monotonic() - started)
    trees.seconds = max(runs)
    return trees


def _writer_process(payload: Path, out: Path, mode: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER_DRIVER, str(payload), str(out), mode],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _cli_process(out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(SPEC),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _compare(out: Path, trees: Trees) -> str:
    """Which files of `out` match the old tree, the new one, or neither (for a failure)."""
    found = {
        p.relative_to(out).as_posix(): p.read_text("utf-8", "replace")
        for p in (out.rglob("*") if out.is_dir() else [])
        if p.is_file() and not IGNORED_PARTS & set(p.relative_to(out).parts)
    }
    as_old = sum(trees.old.get(k) == v for k, v in found.items())
    as_new = sum(trees.new.get(k) == v for k, v in found.items())
    odd = sorted(
        k for k, v in found.items() if v not in (trees.old.get(k), trees.new.get(k))
    )
    missing = sorted(set(trees.new) - set(found))
    return (
        f"{len(found)} files: {as_old} as old, {as_new} as new, {len(odd)} neither "
        f"({odd[:3]}), {len(missing)} missing ({missing[:3]})"
    )


def _one_kill(
    stats: KillStats,
    trees: Trees,
    out: Path,
    spawn: "subprocess.Popen[bytes]",
    delay: float,
    refresh: Callable[[], str] | None = None,
) -> None:
    """Kill `spawn` after `delay`; check `out`, repair it, and leave it holding the old tree.

    `refresh` regenerates the new tree's digest: other people edit the generator while a
    long run goes on, so a complete tree unlike the reference is checked against a fresh one
    before it counts as mixed."""
    time.sleep(delay)
    spawn.send_signal(signal.SIGKILL)
    spawn.wait()
    stats.kills += 1
    state = digest(out)
    left = leftovers(out)
    if (
        state is not None
        and state not in (trees.old_digest, trees.new_digest)
        and refresh
    ):
        trees.new_digest = refresh()
    if state == trees.old_digest:
        outcome = "old"
    elif state == trees.new_digest:
        outcome = "new"
    elif state is None and any(".old-" in p.name for p in left):
        outcome = (
            "between renames"  # the old tree is intact beside it; repair puts it back
        )
    else:
        stats.failures.append(
            f"after {delay * 1000:.0f} ms: a mixed or lost tree ({left}): {_compare(out, trees)}"
        )
        outcome = "mixed"
    if outcome != "mixed":
        repair(out)  # what the next run does first
        repaired = digest(out)
        if repaired not in (trees.old_digest, trees.new_digest) or leftovers(out):
            stats.failures.append(
                f"after {delay * 1000:.0f} ms ({outcome}): repair left {leftovers(out)}"
            )
            outcome = "mixed"
        else:
            stats.outcomes[outcome + (" + leftovers" if left else "")] += 1
            stats.survived += 1
    if digest(out) != trees.old_digest or leftovers(out):
        for leftover in leftovers(out):
            shutil.rmtree(leftover, ignore_errors=True)
        write_tree(out, trees.old)  # the next round starts from the old tree again


def _fresh(workdir: Path) -> str:
    """The digest of what the generator makes right now (it may have been edited)."""
    fresh = workdir / "fresh-reference"
    shutil.rmtree(fresh, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(SPEC),
            "--out",
            str(fresh),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return digest(fresh) or ""


def kill_cli(
    trees: Trees, workdir: Path, count: int, rng: random.Random, deadline: float
) -> KillStats:
    """Kill `callspec generate --out DIR` at random points, mostly late (where it writes)."""
    stats = KillStats()
    out = workdir / "out-cli"
    write_tree(out, trees.old)
    for _ in range(count):
        if time.monotonic() + trees.seconds > deadline:
            break
        delay = (
            rng.uniform(0.0, trees.seconds * 1.3)
            if rng.random() < 0.3
            else rng.uniform(trees.seconds * 0.75, trees.seconds * 1.3)
        )
        _one_kill(stats, trees, out, _cli_process(out), delay, lambda: _fresh(workdir))
    return stats


def kill_writer(
    trees: Trees, workdir: Path, count: int, rng: random.Random, deadline: float
) -> KillStats:
    """Kill the writer alone (both swap strategies) at uniformly random points."""
    stats = KillStats()
    payload = workdir / "new-files.json"
    out = workdir / "out-writer"
    write_tree(out, trees.old)
    for index in range(count):
        if time.monotonic() + trees.seconds > deadline:
            break
        mode = "rename" if index % 2 else "exchange"
        delay = rng.uniform(0.0, trees.seconds * 1.5)
        _one_kill(stats, trees, out, _writer_process(payload, out, mode), delay)
    return stats


def leftover_repair(workdir: Path, trees: Trees) -> list[str]:
    """Plant every kind of leftover by hand; the next write (what `generate` runs last)
    must clean them all up and put the new tree in place."""
    failures = []
    payload = workdir / "planted-files.json"
    payload.write_text(json.dumps(trees.new))
    out = workdir / "out-planted"
    write_tree(out, trees.old)
    for name in (f".{out.name}.new-999999", f".{out.name}.old-999998"):
        (out.parent / name / "python").mkdir(parents=True)
        (out.parent / name / "python" / "half.py").write_text("# half written\n")
    # killed between the two renames: no output directory, the old tree beside it
    between = workdir / "out-between"
    write_tree(between, trees.old)
    os.rename(between, between.parent / f".{between.name}.old-123")
    repair(between)
    if digest(between) != trees.old_digest:
        failures.append("repair did not put the old tree back")
    os.rename(between, between.parent / f".{between.name}.old-123")
    for target in (out, between):
        if _writer_process(payload, target, "exchange").wait() != 0:
            failures.append(f"{target.name}: the writer failed")
        if digest(target) != trees.new_digest or leftovers(target):
            failures.append(f"{target.name}: {leftovers(target)}")
    return failures
