"""`callspec generate`: write every artifact from the spec, atomically."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from generator import heap
from generator.commands.common import add_spec_args, config_from, unmatched_paths


def run(args: argparse.Namespace) -> int:
    from generator.compiler import Compiler
    from generator.pipeline import load_api, render_parts
    from generator.progress import Progress
    from generator.writer import write_parts

    started = time.perf_counter()
    config = config_from(args)
    progress = Progress(stages=2)
    try:
        progress.step("loading")
        api = load_api(config)
        heap.trim()  # the parsed document is gone: what it took goes back to the OS
        progress.step("rendering")  # and writing: each part is staged as it comes
        parts = render_parts(api, config)
        count = write_parts(
            config.out, parts, lambda staging: Compiler(staging, config.out)
        )
    finally:
        progress.done()
    for warning in api.warnings:  # tolerated quirks of the spec, each explained
        print(warning, file=sys.stderr)
    for pattern in unmatched_paths(api, config.paths):
        print(
            f"callspec: warning: --paths {pattern!r} matches no operation path",
            file=sys.stderr,
        )
    elapsed = time.perf_counter() - started
    print(
        f"{len(api.operations)} operations, {len(api.types)} schemas, "
        f"{count} files written to {config.out} in {elapsed:.2f}s"
    )
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser("generate", help="write every artifact from the spec")
    add_spec_args(parser)
    parser.set_defaults(func=run)
