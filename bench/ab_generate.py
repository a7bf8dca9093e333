"""Two source trees of callspec, A/B: `generate` on the full upstream document from each,
alternating (A B, B A, ...), one process per run into a new output directory. Prints the
median wall time, user and system CPU of each tree's process tree (the compiler child
included). Nothing is deleted until every run is done: on ext4, files created within
minutes of a large deletion are slower to make, which would favour one side.

    .venv/bin/python bench/ab_generate.py 10 /path/to/old/checkout /path/to/new/checkout

Each tree runs with itself first on `PYTHONPATH` and this environment's packages.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UPSTREAM = (
    ROOT.parent / "shared" / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"
)


def run(tree: Path, spec: Path, out: Path) -> tuple[float, float, float]:
    """One `generate` of `spec` into `out` from `tree`: wall, user and system seconds."""
    argv = [sys.executable, "-m", "generator", "generate", "--spec", str(spec)]
    env = dict(os.environ, PYTHONPATH=str(tree))
    started = time.perf_counter()
    child = subprocess.Popen(
        [*argv, "--out", str(out)],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ab_generate: generate from {tree} failed")
    return wall, usage.ru_utime, usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=int, help="runs of each tree")
    parser.add_argument("trees", type=Path, nargs="+", help="callspec checkouts")
    parser.add_argument("--spec", type=Path, default=UPSTREAM)
    args = parser.parse_args()
    samples: dict[Path, list[tuple[float, float, float]]] = {t: [] for t in args.trees}
    scratch = Path(tempfile.mkdtemp(prefix="callspec-ab-"))
    try:
        for index in range(args.runs):
            order = args.trees if index % 2 == 0 else args.trees[::-1]
            for number, tree in enumerate(order):
                out = scratch / f"{index}-{number}" / "out"
                samples[tree].append(run(tree.resolve(), args.spec, out))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for tree, runs in samples.items():
        wall, user, system = (statistics.median(s[i] for s in runs) for i in range(3))
        each = " ".join(f"{s[0]:.2f}" for s in runs)
        print(
            f"{tree}: wall {wall:.3f} s  user {user:.3f} s  sys {system:.3f} s  ({each})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
