"""`callspec update --upstream PATH`: move the project to another upstream document.

Reports the stale decisions and the classified changes (old -> new), then writes the new
extract into spec/ and regenerates the output; with --dry-run, writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _report(plan: Any, fmt: str) -> None:
    from generator.diff import render_json, render_text

    old = f"{plan.old.get('commit', 'unknown')}"
    new = f"{plan.new.get('commit', 'unknown')}"
    if fmt == "json":
        body = {
            "old": plan.old,
            "new": plan.new,
            "stale_decisions": [s.as_json() for s in plan.stale],
            "diff": render_json(plan.changes, old, new),
        }
        print(json.dumps(body, indent=2))
        return
    print(f"callspec update: upstream {old} -> {new} ({plan.new.get('source')})")
    if plan.new.get("date", "unknown") == "unknown":
        print("  (no --date: the package version carries no upstream date)")
    print(f"Stale decisions ({len(plan.stale)}):")
    for stale in plan.stale:
        print(f"  {stale.render()}")
    print("Changes of the effective spec, old -> new:")
    for line in render_text(plan.changes):
        print(f"  {line}")


def run(args: argparse.Namespace) -> int:
    from generator.config import GenerateConfig
    from generator.diff import BREAKING
    from generator.update import UpdateError, plan, write

    # the project found from the current directory, never the checkout callspec runs from
    config = GenerateConfig(overlays=tuple(Path(p) for p in args.overlay or ()))
    try:
        result = plan(config, args.upstream, args.commit, args.date)
    except UpdateError as exc:
        _report(exc.plan, "text")
        raise
    _report(result, args.format)
    out = sys.stderr if args.format == "json" else sys.stdout
    failing = (
        args.fail_on == "breaking"
        and any(c.severity == BREAKING for c in result.changes)
    ) or (args.fail_on == "stale-decision" and result.stale)
    if failing:
        print(f"callspec update: --fail-on {args.fail_on}: nothing written", file=out)
        return 1
    if args.dry_run:
        print("callspec update: dry run, nothing written", file=out)
        return 0
    count = write(result)
    print(
        f"callspec update: wrote {result.extract} and {count} files to {result.out}",
        file=out,
    )
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "update",
        help="move the project to another upstream document: report stale decisions "
        "and changes, write the new extract and regenerate",
    )
    parser.add_argument(
        "--upstream",
        required=True,
        metavar="PATH",
        help="the new upstream OpenAPI document: a file or git:REV:PATH",
    )
    parser.add_argument("--commit", help="the upstream commit the document is from")
    parser.add_argument("--date", help="that commit's date, YYYY-MM-DD")
    parser.add_argument(
        "--dry-run", action="store_true", help="report only; write nothing"
    )
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "stale-decision", "never"),
        default="never",
        help="exit 1 (and write nothing) when a breaking change or a stale decision is found",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--overlay",
        action="append",
        metavar="FILE",
        help="apply this overlay after the project's, on both sides (repeatable)",
    )
    parser.set_defaults(func=run)
