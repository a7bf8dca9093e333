"""`callspec generate`: write every artifact from the spec, atomically."""

from __future__ import annotations

import argparse
import time
from typing import Any

from generator.commands.common import add_spec_args, config_from


def run(args: argparse.Namespace) -> int:
    from generator.pipeline import generate
    from generator.writer import write_tree

    started = time.perf_counter()
    config = config_from(args)
    files = generate(config)
    count = write_tree(config.out, files)
    elapsed = time.perf_counter() - started
    print(f"{count} files written to {config.out} in {elapsed:.2f}s")
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser("generate", help="write every artifact from the spec")
    add_spec_args(parser)
    parser.set_defaults(func=run)
