"""Robustness figures for issue 7: the fuzz, fault and kill machinery of tests/reliability
run with a larger budget, summarised as a Markdown table.

    .venv/bin/python bench/robustness.py            # the long budget (several minutes)
    .venv/bin/python bench/robustness.py --quick    # the CI budget (about a minute)

Exit 1 if anything crashed, leaked or was left half-written.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability import kill, spec_fuzz, validator_fuzz  # noqa: E402


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 1024 / 1024:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the CI budget")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    q = args.quick
    rows: list[tuple[str, str, str, str, str]] = (
        []
    )  # area, inputs, crashes, memory, time
    failures: list[str] = []

    # -- validator ------------------------------------------------------------------------
    started = time.monotonic()
    corpus = validator_fuzz.run_corpus(big=True, heavy=not q)
    hypo = validator_fuzz.FuzzStats()
    try:
        hypo = validator_fuzz.run_hypothesis(200 if q else 5000, derandomize=False)
    except Exception as exc:  # noqa: BLE001 - a found crash is a figure, not an abort
        hypo.crashes.append(f"hypothesis: {exc}")
        hypo.tried += 1
    rand = validator_fuzz.run_random(
        300 if q else 20_000, args.seed, time.monotonic() + (30 if q else 300)
    )
    tried = corpus.tried + hypo.tried + rand.tried
    crashes = corpus.crashes + hypo.crashes + rand.crashes
    failures += crashes
    rows.append(
        (
            "`callspec validate` fuzzing (hostile corpus incl. 50 MB, alias bombs, 10,000-deep; "
            "Hypothesis bytes + structures; mutated configs)",
            f"{tried:,} ({corpus.tried} hand-made)",
            str(len(crashes)),
            f"{_mb(corpus.peak_bytes)} peak heap for one input (tracemalloc)",
            f"{time.monotonic() - started:.0f} s",
        )
    )

    # -- generator ------------------------------------------------------------------------
    started = time.monotonic()
    gen = spec_fuzz.run(
        150 if q else 2000,
        seed=args.seed,
        render=1 if q else 10,
        deadline=time.monotonic() + (60 if q else 300),
    )
    failures += gen.crashes
    rows.append(
        (
            "generator on mutated specs (deletions, type swaps, dangling/cyclic `$ref`s, "
            "huge enums, syntax damage)",
            f"{gen.tried:,} ({gen.built} built, {gen.rejected} located errors, {gen.rendered} rendered)",
            str(len(gen.crashes)),
            "",
            f"{time.monotonic() - started:.0f} s",
        )
    )

    # -- kills ----------------------------------------------------------------------------
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="callspec-kills-") as tmp:
        work = Path(tmp)
        trees = kill.cli_trees(work / "cli")
        rng = random.Random(args.seed)
        cli = kill.kill_cli(
            trees,
            work / "cli",
            3 if q else 25,
            rng,
            time.monotonic() + (30 if q else 300),
        )
        wtrees = kill.writer_trees(
            work / "writer", trees.new, padding=800 if q else 2000
        )
        writer = kill.kill_writer(
            wtrees,
            work / "writer",
            20 if q else 200,
            rng,
            time.monotonic() + (30 if q else 300),
        )
        planted = kill.leftover_repair(work / "cli", trees)
    failures += cli.failures + writer.failures + planted
    outcomes = cli.outcomes + writer.outcomes
    rows.append(
        (
            "SIGKILL of `callspec generate` / its writer at random points",
            f"{cli.kills + writer.kills} kills ({cli.kills} CLI, {writer.kills} writer); "
            + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())),
            f"{len(cli.failures) + len(writer.failures) + len(planted)} mixed/unrepaired",
            "",
            f"{time.monotonic() - started:.0f} s",
        )
    )
    survived = cli.survived + writer.survived

    # -- client faults ----------------------------------------------------------------------
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/reliability/test_client_faults.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    summary = (result.stdout.strip().splitlines() or ["?"])[-1]
    if result.returncode:
        failures.append("client faults: " + summary)
    rows.append(
        (
            "client on localhost faults (resets, timeouts, 5xx storms, truncated and malformed "
            "bodies; retries, sockets, key redaction)",
            summary.split(" in ")[0],
            "0" if result.returncode == 0 else "see failures",
            "",
            f"{time.monotonic() - started:.0f} s",
        )
    )

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"Robustness ({'CI' if q else 'long'} budget, seed {args.seed}, Python "
        f"{platform.python_version()}, {platform.machine()})\n"
    )
    print("| area | inputs | crashes | memory | time |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(
        f"\nKills survived: {survived} of {cli.kills + writer.kills}. Max RSS of this "
        f"process (it holds the 50 MB and 200,000-key inputs): {own / 1024:.0f} MB."
    )
    if failures:
        print("\nFailures:")
        for failure in failures[:20]:
            print(f"- {failure[:500]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
