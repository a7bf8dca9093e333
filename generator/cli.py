"""`callspec`: generate, check, validate, diff and publish, for the Realtime calls API."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

from generator.commands import COMMANDS


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    from generator import __version__

    parser = argparse.ArgumentParser(prog="callspec", description=__doc__)
    parser.add_argument(
        "--version", action="version", version=f"callspec {__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in (only,) if only else COMMANDS:
        try:
            module = importlib.import_module(f"generator.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"generator.commands.{name}":
                raise
            continue  # a subcommand not built yet
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `validate` starts fast (pre-commit, CI): only its own module, no dataclasses/IR
    parser = build_parser("validate" if argv[:1] == ["validate"] else None)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except OSError as exc:
        # a path the user named that cannot be read or written: their input, not our bug
        where = exc.filename or "callspec"
        print(f"{where}: error: {exc.strerror or exc}", file=sys.stderr)
        print("callspec: nothing written", file=sys.stderr)
        return 2
    except Exception as exc:
        from generator.errors import SpecError

        if not isinstance(exc, SpecError):
            if os.environ.get("CALLSPEC_DEBUG"):
                raise
            # a bug of ours, not the user's mistake: say so plainly, no traceback
            print(
                f"callspec: internal error: {type(exc).__name__}: {exc}\n"
                "  this is a bug in callspec; rerun with CALLSPEC_DEBUG=1 for the traceback",
                file=sys.stderr,
            )
            return 70
        for problem in exc.problems:
            print(problem.render(), file=sys.stderr)
        print(
            f"callspec: {len(exc.problems)} problem(s); nothing written",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
