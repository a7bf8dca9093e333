"""Benchmark: `callspec validate` and the generated validator against JSON Schema tools.

1. Warm, in-process: passes over the corpus of tests/validate/corpus.py (>= 200 valid and
   invalid configs, the request bundles' schemas) by the generated validator, pure Python
   and compiled (the mypyc build, `make compiled`; built here when missing or stale), and
   by python-jsonschema (``iter_errors``: every error, the like-for-like mode; and
   ``is_valid``), jsonschema-rs and fastjsonschema (first error only). Every round runs
   every engine once (interleaved); the median pass of each in CPU time (other work
   shares the machine: wall time measures the scheduler), and ratios of medians.
2. Cold, whole processes, paired: ``callspec validate FILE`` against ``check-jsonschema
   --schemafile generated/schemas/calls.accept.json FILE`` on the same session config
   (YAML and JSON), one of each per pair, alternating which goes first; the median time of
   each and the median of the pairs' ratios (CPU time too: this machine is shared). Both
   run byte-compiled, as an installed package does (this script compiles the checkout).

Targets: warm >= 50x python-jsonschema ``iter_errors`` (pure Python), >= 100x compiled;
cold <= 0.15x check-jsonschema. Prints Markdown tables (``--json``: one JSON object, the
form bench/all.py reads); ``--check`` exits 1 when a target is missed.

Usage: python bench/validate.py [--runs 11] [--rounds 11] [--no-compiled] [--json] [--check]
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "generated" / "python"))

from tests.validate.corpus import corpus  # noqa: E402

SCHEMAS = ROOT / "generated" / "schemas"
PYTHON_DIR = ROOT / "generated" / "python"
COMPILED = ROOT / "build" / "compiled" / "lib"
TARGETS = {"warm_pure": 50.0, "warm_compiled": 100.0, "cold": 0.15}
PURE = "callspec (pure Python)"
COMPILED_NAME = "callspec (compiled)"
ITER_ERRORS = "python-jsonschema (iter_errors: every error)"

CONFIG = """\
# a call session config, as kept in a repository
$schema: https://schemas.callspec.dev/realtime-calls/calls.accept.json
type: realtime
model: gpt-realtime
instructions: You are Alex, a friendly concierge for Example Corp.
output_modalities: [audio]
audio:
  input:
    format: {type: audio/pcm, rate: 24000}
    noise_reduction: {type: near_field}
    transcription: {model: gpt-4o-transcribe, language: en}
    turn_detection:
      type: server_vad
      threshold: 0.5
      prefix_padding_ms: 300
      silence_duration_ms: 500
  output:
    voice: marin
    speed: 1.1
tools:
  - type: function
    name: lookup_order
    description: Look up an order by its number.
    parameters:
      type: object
      properties:
        order: {type: string}
      required: [order]
  - type: mcp
    server_label: crm
    server_url: https://crm.example.com/mcp
    require_approval: never
tool_choice: auto
tracing: auto
"""


def run_once(cmd: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) of one whole process."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def cold(runs: int) -> dict[str, dict[str, float]]:
    """Per file kind: median wall and CPU s of each command, median ratios of the pairs."""
    compileall.compile_dir(str(ROOT / "generator"), quiet=1)
    compileall.compile_dir(str(PYTHON_DIR), quiet=1)
    import yaml

    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "yaml": Path(tmp) / "session.realtime-session.yaml",
            "json": Path(tmp) / "session.realtime-session.json",
        }
        files["yaml"].write_text(CONFIG)
        files["json"].write_text(json.dumps(yaml.safe_load(CONFIG), indent=2))
        for kind, path in files.items():
            ours_cmd = [str(BIN / "callspec"), "validate", str(path)]
            theirs_cmd = [
                str(BIN / "check-jsonschema"),
                "--schemafile",
                str(SCHEMAS / "calls.accept.json"),
                str(path),
            ]
            for cmd in (ours_cmd, theirs_cmd):  # both must accept the file
                done = subprocess.run(cmd, capture_output=True, text=True)
                if done.returncode != 0:
                    raise SystemExit(
                        f"{cmd[0]} rejected the sample: {done.stdout}{done.stderr}"
                    )
                run_once(cmd)  # warm the OS caches
            ours: list[tuple[float, float]] = []
            theirs: list[tuple[float, float]] = []
            for index in range(runs):
                pair = (
                    (ours_cmd, theirs_cmd) if index % 2 == 0 else (theirs_cmd, ours_cmd)
                )
                first, second = run_once(pair[0]), run_once(pair[1])
                ours.append(first if index % 2 == 0 else second)
                theirs.append(second if index % 2 == 0 else first)
            out[kind] = {
                "ours_s": statistics.median(o[0] for o in ours),
                "theirs_s": statistics.median(t[0] for t in theirs),
                "ratio": statistics.median(o[0] / t[0] for o, t in zip(ours, theirs)),
                "ours_cpu_s": statistics.median(o[1] for o in ours),
                "theirs_cpu_s": statistics.median(t[1] for t in theirs),
                "cpu_ratio": statistics.median(
                    o[1] / t[1] for o, t in zip(ours, theirs)
                ),
            }
    return out


def compiled_validator(lib: Path) -> Any:
    """The compiled build at `lib`, (re)built first when missing or not of this tree."""
    copy = lib / "realtime_calls_compiled" / "_validation"
    sources = sorted((PYTHON_DIR / "realtime_calls" / "_validation").glob("*.py"))
    fresh = all(
        (copy / s.name).is_file() and (copy / s.name).read_bytes() == s.read_bytes()
        for s in sources
    )
    if not fresh:
        from generator.validate.compiled import build

        print(f"building the compiled validator into {lib} ...", file=sys.stderr)
        build(PYTHON_DIR, lib)
    sys.path.insert(0, str(lib))
    module = importlib.import_module("realtime_calls_compiled._validation")
    if not str(module.__file__).endswith(".so"):
        raise SystemExit(f"{module.__file__}: not a compiled module")
    return module


def engines(
    entries: list[tuple[str, str, Any, bool]], compiled: Any
) -> dict[str, Callable[[], int] | str]:
    """name → a function validating the whole corpus once (or why it cannot run)."""
    names = sorted({e[1] for e in entries})
    schemas = {n: json.loads((SCHEMAS / f"{n}.json").read_text()) for n in names}
    work = [(e[1], e[2]) for e in entries]
    out: dict[str, Callable[[], int] | str] = {}

    def ours(module: Any) -> Callable[[], int]:
        validate = module.validate

        def run() -> int:
            return sum(
                1
                for schema, data in work
                if any(f.severity == "error" for f in validate(schema, data))
            )

        return run

    out[PURE] = ours(importlib.import_module("realtime_calls._validation"))
    out[COMPILED_NAME] = (
        ours(compiled) if compiled is not None else "n/a (--no-compiled)"
    )

    import jsonschema

    py = {n: jsonschema.Draft202012Validator(s) for n, s in schemas.items()}
    out[ITER_ERRORS] = lambda: sum(
        1 for schema, data in work if list(py[schema].iter_errors(data))
    )
    out["python-jsonschema (is_valid)"] = lambda: sum(
        1 for schema, data in work if not py[schema].is_valid(data)
    )
    try:
        import jsonschema_rs

        rs = {n: jsonschema_rs.validator_for(s) for n, s in schemas.items()}
        out["jsonschema-rs"] = lambda: sum(
            1 for schema, data in work if not rs[schema].is_valid(data)
        )
    except Exception as exc:  # not installed, or the schema is not supported
        out["jsonschema-rs"] = f"n/a ({type(exc).__name__}: {exc})"[:80]
    try:
        import fastjsonschema

        fast = {n: fastjsonschema.compile(s) for n, s in schemas.items()}

        def fast_run() -> int:
            invalid = 0
            for schema, data in work:
                try:
                    fast[schema](data)
                except fastjsonschema.JsonSchemaException:
                    invalid += 1
            return invalid

        out["fastjsonschema"] = fast_run
    except Exception as exc:
        out["fastjsonschema"] = f"n/a ({type(exc).__name__}: {exc})"[:80]
    return out


def warm(rounds: int, compiled: Any) -> dict[str, Any]:
    """Per engine: median pass s, invalid count, and how many times faster the pure and
    the compiled validator are (ratios of medians); or why it could not run."""
    entries = corpus()
    runners = engines(entries, compiled)
    times: dict[str, list[float]] = {n: [] for n, r in runners.items() if callable(r)}
    counts: dict[str, int] = {}
    for name, runner in runners.items():
        if callable(runner):
            counts[name] = runner()  # warm-up (and the verdicts)
    for _ in range(rounds):
        for name in times:
            runner = runners[name]
            assert callable(runner)
            start = time.process_time()  # CPU time: other work shares this machine
            runner()
            times[name].append(time.process_time() - start)
    medians = {name: statistics.median(found) for name, found in times.items()}
    rows: dict[str, Any] = {}
    for name, runner in runners.items():
        if not callable(runner):
            rows[name] = runner
            continue
        rows[name] = {
            "median_s": medians[name],
            "invalid": counts[name],
            "pure_faster_by": medians[name] / medians[PURE],
            "compiled_faster_by": (
                medians[name] / medians[COMPILED_NAME]
                if COMPILED_NAME in medians
                else None
            ),
        }
    return {
        "corpus": len(entries),
        "rounds": rounds,
        "engines": rows,
        "ratio_pure": medians[ITER_ERRORS] / medians[PURE],
        "ratio_compiled": (
            medians[ITER_ERRORS] / medians[COMPILED_NAME]
            if COMPILED_NAME in medians
            else None
        ),
    }


def report(results: dict[str, Any], runs: int) -> None:
    warm_rows, cold_rows = results["warm"], results["cold"]
    size, rounds = warm_rows["corpus"], warm_rows["rounds"]
    print(
        f"## Warm: {size} configs in-process (median CPU time of {rounds} interleaved passes)\n"
    )
    print(
        "| engine | per pass | configs/s | invalid found | pure is faster by | compiled is faster by |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, row in warm_rows["engines"].items():
        if isinstance(row, str):
            print(f"| {name} | {row} | | | | |")
            continue
        seconds = row["median_s"]
        by_compiled = row["compiled_faster_by"]
        compiled_text = "" if by_compiled is None else f"{by_compiled:.1f}x"
        print(
            f"| {name} | {seconds * 1000:.2f} ms | {size / seconds:,.0f} | {row['invalid']}"
            f" | {row['pure_faster_by']:.1f}x | {compiled_text} |"
        )
    print(
        f"\nAgainst `iter_errors` (every error, like for like): pure Python"
        f" {warm_rows['ratio_pure']:.1f}x (target >= {TARGETS['warm_pure']:.0f}x),"
        f" compiled {_times(warm_rows['ratio_compiled'])} (target >= {TARGETS['warm_compiled']:.0f}x)."
    )
    print(f"\n## Cold: one file, whole processes (medians of {runs} paired runs)\n")
    print(
        "| file | `callspec validate` | `check-jsonschema --schemafile` | ratio (wall) | ratio (CPU) |"
    )
    print("|---|---:|---:|---:|---:|")
    for kind, row in cold_rows.items():
        print(
            f"| {kind} | {row['ours_s'] * 1000:.0f} ms ({row['ours_cpu_s'] * 1000:.0f} ms CPU)"
            f" | {row['theirs_s'] * 1000:.0f} ms ({row['theirs_cpu_s'] * 1000:.0f} ms CPU)"
            f" | {row['ratio']:.3f}x | {row['cpu_ratio']:.3f}x |"
        )
    print(
        f"\nTarget cold <= {TARGETS['cold']}x. callspec reports every finding with its"
        " message, hint and rule, and also checks the rules beyond types (a metaschema check"
        " of every function's `parameters`, tool references, duplicate names, model notes):"
        " its invalid count is higher by the configs breaking only those. `is_valid` and"
        " the other engines stop at the first error."
    )


def _times(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="cold pairs per file")
    parser.add_argument(
        "--rounds", type=int, default=11, help="warm passes over the corpus"
    )
    parser.add_argument(
        "--compiled-lib",
        type=Path,
        default=COMPILED,
        help="the compiled build to measure (built there when missing or stale)",
    )
    parser.add_argument(
        "--no-compiled", action="store_true", help="measure the pure validator only"
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object (for bench/all.py)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target is missed"
    )
    args = parser.parse_args(argv)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

    compiled = None if args.no_compiled else compiled_validator(args.compiled_lib)
    warm_rows = warm(args.rounds, compiled)
    cold_rows = cold(args.runs)
    cold_ratio = max(row["ratio"] for row in cold_rows.values())
    met = {
        "warm_pure": warm_rows["ratio_pure"] >= TARGETS["warm_pure"],
        "warm_compiled": (warm_rows["ratio_compiled"] or 0) >= TARGETS["warm_compiled"],
        "cold": cold_ratio <= TARGETS["cold"],
    }
    if args.no_compiled:
        del met["warm_compiled"]
    results = {
        "benchmark": "validate",
        "warm": warm_rows,
        "cold": cold_rows,
        "cold_ratio": cold_ratio,
        "targets": TARGETS,
        "met": met,
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        report(results, args.runs)
    return 0 if all(met.values()) or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
