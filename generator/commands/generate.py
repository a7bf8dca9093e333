"""`callspec generate`: write every artifact from the spec, atomically."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from generator import heap
from generator.commands.common import add_spec_args, config_from, unmatched_paths

# `compileall -q -d FINAL` file by file, each staged path read from stdin as the parent
# stages it; a line `\0SOURCE\0COPY` (no path holds a NUL; both relative to the staging
# tree) copies a staged file instead.
# Dies with its parent (Linux PR_SET_PDEATHSIG): a killed run leaves no compiler writing
# into the staging tree the next run removes. What compiling a large module took is
# returned to the OS after it (glibc's malloc_trim, as generator/heap.py). A copy that
# fails makes the exit status 3, and the parent makes the copies itself.
# the pipe to the compiler child holds 1 MiB (Linux's default limit for a user): the
# full upstream document's 1,052 copy lines (~75 KB) outgrew the default 64 KiB, and this
# process then waited ~40-80 ms for the child to finish a compile and read them
PIPE_SIZE = 1 << 20
_COMPILER = """
import os, sys
trim = None
try:
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, 9)
    trim = libc.malloc_trim
except (OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)
import py_compile
staging, final = sys.argv[2], sys.argv[3]
root = os.path.dirname(staging)
create = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
made, failed = set(), False
for line in sys.stdin:
    path = line.rstrip("\\n")
    if path.startswith("\\0"):
        _, source, copy = (os.path.join(root, name) for name in path.split("\\0"))
        try:
            folder = os.path.dirname(copy)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(source, "rb") as handle:
                view = memoryview(handle.read())
            fd = os.open(copy, create, 0o666)
            try:
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
        except OSError:
            failed = True
        continue
    py_compile.compile(path, dfile=os.path.join(final, os.path.relpath(path, staging)))
    if trim is not None and os.path.getsize(path) > 65536:
        trim(0)  # a large module's parser memory, back to the OS (generator/heap.py)
sys.exit(3 if failed else 0)
"""


class Compiler:
    """Byte-compiles the generated package in the staging tree, under the names it will
    have once swapped in (tracebacks and the code objects name `out`), in a child
    process that compiles each module as soon as it is staged, while this one renders
    the rest. `finish` waits for it (or, when the run failed, ends it): nothing outlives
    the run, and the swap brings the caches in with their modules.

    Why at all: with PYTHONDONTWRITEBYTECODE set (as on CI machines) nothing else would
    write them, and every import would compile the package again. The caches are
    ignored by `check` and the golden comparison; a compile failure is reported, not
    fatal (as compileall's was).

    Why a child: compiling takes ~45 bytes of memory per byte of a module (a 775 KB
    module of classes and docstrings peaked at ~36 MB), and on top of what rendering holds
    in this process it would add to the run's peak; a fresh interpreter holds only that,
    returns it after each large module (`malloc_trim`), and costs ~20 ms to start. For
    the same reason the validator's checks and the request types come in modules of at
    most ~130 KB and ~90 KB (generator/emit/check_modules.py, type_modules.py): the
    largest compile of the full upstream document peaks at ~13 MB."""

    def __init__(self, staging: Path, out: Path) -> None:
        self.python = staging / "python"
        optimize = ["-O"] * sys.flags.optimize  # the same pyc names as in-process
        final = str(out.resolve() / "python")
        self.copies: list[tuple[str, str]] = []
        self.child = subprocess.Popen(
            [sys.executable, *optimize, "-S", "-c", _COMPILER, str(os.getpid())]
            + [str(self.python), final],
            stdin=subprocess.PIPE,
            text=True,
        )
        try:  # room for every line of a large spec: this process never waits on it
            import fcntl

            assert self.child.stdin is not None
            fcntl.fcntl(self.child.stdin.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        except (ImportError, OSError, AttributeError):  # not Linux, or a lower limit
            pass

    def staged(self, names: list[str]) -> None:
        paths = [
            f"{self.python.parent / name}\n"
            for name in names
            if name.startswith("python/") and name.endswith(".py")
        ]
        self._send(paths)

    def copy(self, pairs: list[tuple[str, str]]) -> None:
        """The copies are made by the child, between its compiles: this process goes on
        rendering (writer.py says why)."""
        self.copies += pairs
        self._send([f"\0{source}\0{copy}\n" for source, copy in pairs])
        self.staged([copy for _, copy in pairs])

    def _send(self, lines: list[str]) -> None:
        if lines and self.child.stdin is not None:
            try:
                self.child.stdin.write("".join(lines))
                self.child.stdin.flush()
            except BrokenPipeError:
                pass  # the child is gone: `finish` makes the copies

    def finish(self, ok: bool) -> None:
        if not ok:
            self.child.kill()
        try:
            if self.child.stdin is not None:
                self.child.stdin.close()  # the end of the list: it exits when done
        except BrokenPipeError:
            pass
        if self.child.wait() != 0 and ok:  # it stopped short: a copy may be missing
            root = self.python.parent
            for source, copy in self.copies:
                (root / copy).parent.mkdir(parents=True, exist_ok=True)
                (root / copy).write_bytes((root / source).read_bytes())


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
