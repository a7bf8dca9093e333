"""`callspec check`: exit 1 and name the stale files when the output differs from the spec's."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.commands.common import add_spec_args, command_line, config_from


def run(args: argparse.Namespace) -> int:
    from generator.pipeline import generate
    from generator.writer import stale_files

    config = config_from(args)
    stale = stale_files(config.out, generate(config))
    if stale:
        print(
            f"{config.out} is stale; run `{command_line('generate', args)}`. "
            "Differing files:",
            file=sys.stderr,
        )
        for path in stale:
            print(f"  {path}", file=sys.stderr)
        return 1
    print(f"{config.out} is up to date with {config.spec}")
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "check", help="exit 1 if the output differs from what the spec gives"
    )
    add_spec_args(parser)
    parser.set_defaults(func=run)
