"""`callspec validate`: check config files (JSON, YAML, TOML) against a request schema."""

from __future__ import annotations

import argparse
from typing import Any


def run(args: argparse.Namespace) -> int:
    from generator.validate.run import run as validate_files

    return validate_files(args.files, args.schema, args.format)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check session configs and request bodies (JSON, YAML, TOML)",
        description=(
            "Validate FILEs with the generated validator. Exit 0: valid (warnings allowed); "
            "1: a file is invalid; 2: usage error, or a file cannot be read or parsed. "
            "The schema: --schema; else a root `$schema` naming one of callspec's schema "
            "$ids; else the file name (*.realtime-refer.* is calls.refer, "
            "*.realtime-reject.* calls.reject); else calls.accept."
        ),
    )
    parser.add_argument(
        "--schema",
        metavar="NAME",
        help="calls.accept, calls.create.session, calls.create, calls.refer, "
        "calls.reject, or a public type name (wins over `$schema` and the file name)",
    )
    parser.add_argument("--format", choices=("text", "json", "github"), default="text")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.set_defaults(func=run)
