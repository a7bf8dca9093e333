"""`callspec generate`: write every artifact from the spec, atomically."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

from generator.commands.common import add_spec_args, config_from, unmatched_paths

# `compileall -q -d FINAL STAGED` that dies with its parent (Linux PR_SET_PDEATHSIG): a
# killed run leaves no compiler writing into the staging tree the next run removes.
_COMPILER = """
import os, sys
try:
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, 9)
except (OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)
import compileall
compileall.compile_dir(sys.argv[2], ddir=sys.argv[3], quiet=1)
"""


def start_compile(staging: Path, out: Path) -> Callable[[bool], None]:
    """Byte-compile the generated package in the staged tree, under the names it will
    have once swapped in (`-d`: tracebacks and the code objects name `out`), in a child
    process started as soon as the package is staged, so that it compiles while this one
    renders and writes the rest. Returns what waits for it (or, when the run failed,
    ends it first) before the swap or the clean-up: nothing outlives the run and the
    swap brings the caches in with their modules.

    Why at all: with PYTHONDONTWRITEBYTECODE set (as on CI machines) nothing else would
    write them, and every import would compile the package again. The caches are
    ignored by `check` and the golden comparison; a compile failure is reported, not
    fatal (as compile_dir's result was).

    Why a child: compiling the 3 MB generated validator module takes ~150 MB of parser
    memory, which on top of what rendering holds in this process would be the whole
    run's peak; a fresh interpreter holds only that (and costs ~20 ms to start)."""
    python = staging / "python"
    if not python.is_dir():
        return lambda ok: None
    optimize = ["-O"] * sys.flags.optimize  # the same pyc names as in-process
    final = str(out.resolve() / "python")
    child = subprocess.Popen(
        [sys.executable, *optimize, "-S", "-c", _COMPILER, str(os.getpid())]
        + [str(python), final]
    )

    def finish(ok: bool) -> None:
        if not ok:
            child.kill()
        child.wait()

    return finish


def run(args: argparse.Namespace) -> int:
    from generator.pipeline import load_api, render_parts
    from generator.progress import Progress
    from generator.writer import write_parts

    started = time.perf_counter()
    config = config_from(args)
    progress = Progress(stages=2)
    try:
        progress.step("loading")
        api = load_api(config)
        progress.step("rendering")  # and writing: each part is staged as it comes
        parts = render_parts(api, config)
        count = write_parts(
            config.out, parts, lambda staging: start_compile(staging, config.out)
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
