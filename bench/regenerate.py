"""Regeneration: `generate` of the full upstream document into a new directory against
`generate` into the tree an earlier run left there (the same spec, so nothing changed),
alternating, one process per run. Prints the median wall and CPU time (user + system, the
compiler child included) of each.

    .venv/bin/python bench/regenerate.py [RUNS] [--tree CHECKOUT] [--spec PATH]

A regeneration keeps the files that did not change (generator/writer.py `_Kept`): each is
staged as a hard link to the old one, and a kept module's byte-code cache with it, so
nothing is compiled again. What remains is loading, rendering and comparing.
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


def run(tree: Path, spec: Path, out: Path) -> tuple[float, float]:
    """One `generate` from `tree` into `out`: wall and CPU seconds."""
    argv = [sys.executable, "-m", "generator", "generate", "--spec", str(spec)]
    started = time.perf_counter()
    child = subprocess.Popen(
        [*argv, "--out", str(out)],
        cwd=tree,
        env=dict(os.environ, PYTHONPATH=str(tree)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"regenerate: generate from {tree} failed")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=int, nargs="?", default=5, help="runs of each")
    parser.add_argument("--tree", type=Path, default=ROOT, help="a callspec checkout")
    parser.add_argument("--spec", type=Path, default=UPSTREAM)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="callspec-regenerate-"))
    tree = args.tree.resolve()
    samples: dict[str, list[tuple[float, float]]] = {"new": [], "regenerated": []}
    try:
        again = scratch / "again"
        run(tree, args.spec, again)  # the tree the regenerations replace
        for index in range(args.runs):
            samples["new"].append(run(tree, args.spec, scratch / f"new-{index}"))
            samples["regenerated"].append(run(tree, args.spec, again))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for name, runs in samples.items():
        wall = statistics.median(s[0] for s in runs)
        cpu = statistics.median(s[1] for s in runs)
        each = " ".join(f"{s[0]:.2f}" for s in runs)
        print(f"{name:>11}: wall {wall:.2f} s  CPU {cpu:.2f} s  ({each})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
