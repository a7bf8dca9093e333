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
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UPSTREAM = (
    ROOT.parent / "shared" / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"
)


def run(tree: Path, spec: Path, out: Path) -> tuple[float, float]:
    """One `generate` from `tree` into `out` (bench/ab_generate.py's): wall and CPU
    seconds."""
    sys.path.insert(0, str(Path(__file__).parent))
    from ab_generate import run as timed

    wall, user, system = timed(tree, spec, out)
    return wall, user + system


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
