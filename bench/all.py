"""All three paths in one run, each against its anchor, as one ratio table (issue 17).

    .venv/bin/python bench/all.py [--pairs 5] [--rounds 7] [--spec PATH]   (or `make bench`)

1. Generation: `callspec generate` on the full upstream OpenAI document (cold: a new output
   directory and a new process each time, no cache of parsed documents) against
   datamodel-code-generator in its fastest mode (pydantic v2 models, builtin formatter).
2. Warm validation: `bench/validate.py --json` (the generated validator against
   python-jsonschema's `iter_errors` over the corpus, in-process; median CPU time; pure
   Python and the compiled build).
3. Cold validation: `callspec validate FILE` against `check-jsonschema --schemafile
   calls.accept.json FILE` on the same session config, whole processes.

Whole-process pairs are interleaved (the order alternates within each pair) and each figure
is the median of its side. Wall time from a monotonic clock; peak memory is the most the
child's process tree held at once (bench/generate.py's `TreePeaks`: `generate` has child
processes working beside it; `wait4`'s `ru_maxrss` would give only the largest one's). The anchors are the versions in `uv.lock` (dev group).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
UPSTREAM = (
    ROOT.parent / "shared" / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"
)
SESSION_SCHEMA = ROOT / "generated" / "schemas" / "calls.accept.json"
ANCHORS = ("datamodel-code-generator", "check-jsonschema", "jsonschema")


@dataclass
class Sample:
    seconds: float
    peak_mb: float


def run(argv: list[str], cwd: Path = ROOT) -> Sample:
    """One whole process: wall time and its tree's peak RSS (the sum over its processes);
    a failure stops the bench."""
    sys.path.insert(0, str(Path(__file__).parent))
    from generate import TreePeaks

    started = time.perf_counter()
    child = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    sampler = TreePeaks(child.pid)
    sampler.start()
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        tail = err.decode(errors="replace")[-400:]
        raise SystemExit(f"bench: {argv[0]} failed:\n{tail}")
    # kilobytes on Linux; a sample can miss a short-lived peak
    return Sample(seconds, max(sampler.stop()[0], usage.ru_maxrss / 1024))


def paired(
    ours: list[str], theirs: list[str], pairs: int, fresh: Path | None = None
) -> tuple[list[Sample], list[Sample]]:
    """`pairs` interleaved runs of each command, the order alternating per pair. With
    `fresh`, the last argument of each command is an output path made new for each run.
    """
    mine: list[Sample] = []
    anchor: list[Sample] = []
    for index in range(pairs):
        order = [(ours, mine), (theirs, anchor)]
        for argv, into in order if index % 2 == 0 else reversed(order):
            if fresh is not None:
                target = fresh / f"run{index}-{len(into)}-{Path(argv[0]).name}"
                argv = [*argv[:-1], str(target / argv[-1])]
                target.mkdir(parents=True)
            into.append(run(argv))
    return mine, anchor


def median(samples: list[Sample], field: str) -> float:
    return float(statistics.median(getattr(s, field) for s in samples))


def generation(spec: Path, pairs: int, scratch: Path | None) -> dict[str, Any]:
    """`pairs` interleaved runs of each generator, outputs under `scratch` (None: the
    system's temporary directory)."""
    python = sys.executable
    ours = [python, "-m", "generator", "generate", "--spec", str(spec), "--out", "out"]
    sys.path.insert(0, str(Path(__file__).parent))
    from generate import (
        datamodel_codegen,
    )  # the same anchor command as bench/generate.py

    theirs = datamodel_codegen(BIN, spec, "models.py")
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        mine, anchor = paired(ours, theirs, pairs, fresh=Path(tmp))
    return {
        "ours_s": median(mine, "seconds"),
        "anchor_s": median(anchor, "seconds"),
        "ours_mb": median(mine, "peak_mb"),
        "anchor_mb": median(anchor, "peak_mb"),
    }


def memory_file_system() -> Path | None:
    """A tmpfs to write the generators' outputs to, where there is one (/dev/shm on
    Linux): a file made there costs the same whatever was deleted before it. On a
    journal-less ext4 (this project's VMs), each new inode first skips every inode
    its block group freed in the last 1-6 minutes (`recently_deleted()` in
    fs/ext4/ialloc.c), and a run of ours makes ~1,600: after a test run or an earlier
    bench deleted thousands of files, the same generation took 1.6 s or 2.5 s by the
    disk's recent past. The anchor writes one file, so only ours paid it."""
    try:
        with open("/proc/self/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                fields = line.split()
                if fields[1:3] == ["/dev/shm", "tmpfs"] and os.access(
                    "/dev/shm", os.W_OK
                ):
                    return Path("/dev/shm")
    except OSError:
        pass
    return None


def file_system(path: Path) -> str:
    """The type of the file system `path` is on (Linux's mount table), or "disk"."""
    best, kind = "", "disk"
    try:
        with open("/proc/self/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                fields = line.split()
                point = fields[1]
                inside = str(path).startswith(point.rstrip("/") + "/")
                if inside and len(point) > len(best):
                    best, kind = point, fields[2]
    except OSError:
        pass
    return kind


def cold_validation(pairs: int) -> dict[str, float]:
    """Both byte-compiled first, as an installed package is (pip compiles on install)."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    compileall.compile_dir(str(ROOT / "generated" / "python"), quiet=1)
    sys.path.insert(0, str(Path(__file__).parent))
    from validate import CONFIG  # the session config bench/validate.py uses

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "session.realtime-session.yaml"
        config.write_text(CONFIG, encoding="utf-8")
        ours = [str(BIN / "callspec"), "validate", str(config)]
        theirs = [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(SESSION_SCHEMA),
            str(config),
        ]
        run(ours), run(theirs)  # both accept it; warms the OS caches
        mine, anchor = paired(ours, theirs, pairs)
    return {"ours_s": median(mine, "seconds"), "anchor_s": median(anchor, "seconds")}


def warm_validation(rounds: int) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).parent))
    from validate import COMPILED_NAME, ITER_ERRORS, PURE  # its row names

    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "validate.py"),
            "--json",
            "--runs",
            "1",
            "--rounds",
            str(rounds),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: bench/validate.py failed:\n{done.stderr[-400:]}")
    engines = json.loads(done.stdout)["warm"]["engines"]

    def median_s(name: str) -> float | None:
        row = engines.get(name)
        return row["median_s"] if isinstance(row, dict) else None

    ours, anchor = median_s(PURE), median_s(ITER_ERRORS)
    if ours is None or anchor is None:
        raise SystemExit(f"bench: bench/validate.py gave no {PURE} / {ITER_ERRORS} row")
    return {"ours_s": ours, "anchor_s": anchor, "compiled_s": median_s(COMPILED_NAME)}


def versions() -> str:
    found = []
    for name in ANCHORS:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed: `make venv`)")
    return ", ".join(found)


def table(
    gen: dict[str, Any],
    disk: dict[str, Any] | None,
    warm: dict[str, Any],
    cold: dict[str, float],
) -> str:
    """The ratio table; `disk` (with a tmpfs for `gen`): the generation pairs again,
    outputs on the disk."""
    rows = [
        "| path | callspec | anchor | callspec ÷ anchor | goal |",
        "|---|---:|---:|---:|---|",
    ]

    def row(
        path: str, ours: str, anchor: str, ratio: float, goal: str, ok: bool
    ) -> None:
        verdict = "met" if ok else "missed"
        rows.append(
            f"| {path} | {ours} | {anchor} | {ratio:.2f}× | {goal}: {verdict} |"
        )

    for runs, where in ((gen, gen["where"]), (disk, disk and disk["where"])):
        if runs is None:
            continue
        ratio = runs["ours_s"] / runs["anchor_s"]
        row(
            f"generate, full upstream: time (vs datamodel-code-generator), outputs on {where}",
            f"{runs['ours_s']:.2f} s",
            f"{runs['anchor_s']:.2f} s",
            ratio,
            "≤ 0.25×",
            ratio <= 0.25,
        )
    ratio = gen["ours_mb"] / gen["anchor_mb"]
    row(
        "generate, full upstream: peak RSS",
        f"{gen['ours_mb']:.0f} MB",
        f"{gen['anchor_mb']:.0f} MB",
        ratio,
        "≤ 0.4×",
        ratio <= 0.4,
    )
    speedup = warm["anchor_s"] / warm["ours_s"]
    row(
        "warm validation, per corpus pass (vs python-jsonschema iter_errors)",
        f"{warm['ours_s'] * 1000:.2f} ms",
        f"{warm['anchor_s'] * 1000:.2f} ms",
        warm["ours_s"] / warm["anchor_s"],
        f"≥ 50× faster (here {speedup:.0f}×)",
        speedup >= 50,
    )
    if warm["compiled_s"] is not None:
        speedup = warm["anchor_s"] / warm["compiled_s"]
        row(
            "warm validation, compiled build (`make compiled`)",
            f"{warm['compiled_s'] * 1000:.2f} ms",
            f"{warm['anchor_s'] * 1000:.2f} ms",
            warm["compiled_s"] / warm["anchor_s"],
            f"≥ 100× faster (here {speedup:.0f}×)",
            speedup >= 100,
        )
    ratio = cold["ours_s"] / cold["anchor_s"]
    row(
        "cold `callspec validate one.yaml` (vs check-jsonschema)",
        f"{cold['ours_s'] * 1000:.0f} ms",
        f"{cold['anchor_s'] * 1000:.0f} ms",
        ratio,
        "≤ 0.15×",
        ratio <= 0.15,
    )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=5, help="whole-process pairs")
    parser.add_argument("--rounds", type=int, default=7, help="warm corpus passes")
    parser.add_argument("--spec", type=Path, default=UPSTREAM)
    args = parser.parse_args()
    memory = memory_file_system()
    print(f"bench: generation, {args.pairs} pairs ...", file=sys.stderr)
    gen: dict[str, Any] = generation(args.spec, args.pairs, memory)
    temp = Path(tempfile.gettempdir())
    gen["where"] = f"tmpfs ({memory})" if memory else f"{file_system(temp)} ({temp})"
    disk: dict[str, Any] | None = None
    if memory is not None:
        print(f"bench: generation on the disk, {args.pairs} pairs ...", file=sys.stderr)
        disk = generation(args.spec, args.pairs, None)
        disk["where"] = f"{file_system(temp)} ({temp})"
    print(f"bench: warm validation, {args.rounds} passes ...", file=sys.stderr)
    warm = warm_validation(args.rounds)
    print(f"bench: cold validation, {args.pairs} pairs ...", file=sys.stderr)
    cold = cold_validation(args.pairs)
    print(table(gen, disk, warm, cold))
    print(
        f"\n{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; anchors: {versions()}; "
        f"medians of {args.pairs} interleaved pairs (warm: median CPU time of {args.rounds} passes)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
