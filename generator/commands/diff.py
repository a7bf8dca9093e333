"""`callspec diff OLD NEW`: what changed between two specs, and whether it breaks callers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def run(args: argparse.Namespace) -> int:
    from generator.diff import (
        BREAKING,
        diff_apis,
        load_api,
        render_json,
        render_markdown,
        render_text,
    )

    paths = tuple(args.paths or ())
    overlays = tuple(Path(p) for p in args.overlay or ())
    try:
        old = load_api(args.old, paths, overlays=overlays)
        new = load_api(args.new, paths, overlays=overlays)
    except ValueError as exc:
        print(f"callspec diff: {exc}", file=sys.stderr)
        return 2
    changes = diff_apis(old, new)
    if args.format == "json":
        print(json.dumps(render_json(changes, args.old, args.new), indent=2))
    elif args.format == "markdown":
        print("\n".join(render_markdown(changes, args.old, args.new)))
    elif args.format == "summary":
        print("\n".join(list(render_text(changes))[-1:]))
    else:
        print("\n".join(render_text(changes)))
    if args.fail_on == "breaking" and any(c.severity == BREAKING for c in changes):
        return 1
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "diff",
        help="compare two specs: breaking, compatible and docs-only changes",
        description="OLD and NEW are spec files (YAML or JSON) or git:REV:PATH.",
    )
    parser.add_argument("old", help="the earlier spec: a file or git:REV:PATH")
    parser.add_argument("new", help="the later spec: a file or git:REV:PATH")
    parser.add_argument(
        "--format", choices=("text", "markdown", "json", "summary"), default="text"
    )
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "never"),
        default="never",
        help="exit 1 when a change of this kind is found",
    )
    parser.add_argument(
        "--paths",
        action="append",
        metavar="GLOB",
        help="compare only operations whose path matches GLOB (repeatable)",
    )
    parser.add_argument(
        "--overlay",
        action="append",
        metavar="FILE",
        help="apply this OpenAPI Overlay to both sides, after their own (repeatable)",
    )
    parser.set_defaults(func=run)
