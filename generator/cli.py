"""`callspec`: generate, check, validate, diff and publish, for the Realtime calls API."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from generator.commands import COMMANDS
from generator.errors import SpecError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="callspec", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"generator.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"generator.commands.{name}":
                raise
            continue  # a subcommand not built yet
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except SpecError as exc:
        for problem in exc.problems:
            print(problem.render(), file=sys.stderr)
        print(
            f"callspec: {len(exc.problems)} problem(s); nothing written",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
