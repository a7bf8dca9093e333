"""`generate`'s byte-compiler: the generated package compiled in its staging tree, in a
child process that takes each module as soon as it is staged, while the generator
renders the rest (`Compiler`, the `helper` of `writer.write_parts`).

Why at all: with PYTHONDONTWRITEBYTECODE set (as on CI machines) nothing else would write
the caches, and every import would compile the package again. They are compiled under
the names the modules will have once swapped in (tracebacks and the code objects name
`out`); `check` and the golden comparison ignore them; a compile failure is reported, not
fatal (as compileall's was).

Why a child: compiling takes ~45 bytes of memory per byte of a module (a 775 KB module of
classes and docstrings peaked at ~36 MB), and on top of what rendering holds in the
generator it would add to the run's peak; a fresh interpreter holds only that, returns
it after each large module (`malloc_trim`), and costs ~20 ms to start. For the same
reason the validator's checks and the request types come in modules of at most ~130 KB
and ~90 KB (generator/emit/check_modules.py, type_modules.py): the largest compile of the
full upstream document peaks at ~13 MB.

The child works through its queue from the front. Once everything is rendered, the
generator works through the same queue from the back (`finish`): on the full upstream
document the child was still compiling ~0.2-0.3 s after the last part was rendered,
while the generator's core sat idle. Neither compiles what it finds done (a cache already
there), so they meet in the middle; a module both start at once is compiled twice,
into the same bytes, each cache written by an atomic rename.

A module the writer kept from the tree being replaced (the same file, writer.py
`_Kept`) keeps its cache too, linked in beside it, when that cache is valid for it: a
regeneration compiles only the modules that changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.util import MAGIC_NUMBER, cache_from_source
from pathlib import Path

from generator import heap

# a module whose compiling leaves enough freed memory to hand back to the OS
LARGE_MODULE = 65536
# the pipe to the child holds 1 MiB (Linux's default limit for a user): the generator
# never waits for the child to finish a compile and read the next lines (a spec of many
# path groups stages thousands of modules)
PIPE_SIZE = 1 << 20

# `compileall -q -d FINAL` file by file, each staged path read from stdin as the parent
# stages it. What is done already (by the parent, from the back of the queue) is
# skipped. Dies with its parent (Linux PR_SET_PDEATHSIG): a killed run leaves no
# compiler writing into the staging tree the next run removes. What compiling a large
# module took is returned to the OS after it (glibc's malloc_trim, as generator/heap.py).
_CHILD = f"""
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
from importlib.util import cache_from_source
staging, final = sys.argv[2], sys.argv[3]
for line in sys.stdin:
    path = line.rstrip("\\n")
    if os.path.exists(cache_from_source(path)):
        continue
    py_compile.compile(path, dfile=os.path.join(final, os.path.relpath(path, staging)))
    if trim is not None and os.path.getsize(path) > {LARGE_MODULE}:
        trim(0)  # a large module's parser memory, back to the OS (generator/heap.py)
"""


class Compiler:
    """The child compiling the modules staged under `staging`, for a tree that
    will land at `out`. `finish` does the queue's last items here, then waits for the
    child (or, when the run failed, ends it): nothing outlives the run, and the swap
    brings the caches in with their modules."""

    def __init__(self, staging: Path, out: Path) -> None:
        self.root = staging
        self.python = staging / "python"
        optimize = ["-O"] * sys.flags.optimize  # the same pyc names as in-process
        self.final = str(out.resolve() / "python")
        self.previous = str(out.resolve())  # the tree being replaced, if any
        self.queue: list[str] = []  # the modules the child was given, in its order
        self.child = subprocess.Popen(
            [sys.executable, *optimize, "-S", "-c", _CHILD, str(os.getpid())]
            + [str(self.python), self.final],
            stdin=subprocess.PIPE,
            text=True,
        )
        try:  # room for every line of a large spec: the generator never waits on it
            import fcntl

            assert self.child.stdin is not None
            fcntl.fcntl(self.child.stdin.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        except (ImportError, OSError, AttributeError):  # not Linux, or a lower limit
            pass

    def staged(self, names: list[str]) -> None:
        paths = [
            str(self.root / name)
            for name in names
            if name.startswith("python/")
            and name.endswith(".py")
            and not self._kept(name)
        ]
        self.queue += paths
        if paths and self.child.stdin is not None:
            try:
                self.child.stdin.write("".join(f"{path}\n" for path in paths))
                self.child.stdin.flush()
            except BrokenPipeError:
                pass  # the child is gone: `finish` does its work

    def _kept(self, name: str) -> bool:
        """Whether module `name` is the old tree's file, kept (writer.py `_Kept`), and
        its byte-code cache there, still valid for it, was linked in beside it: then
        there is nothing to compile."""
        staged = str(self.root / name)
        old = os.path.join(self.previous, name)
        try:
            if not os.path.samefile(staged, old):
                return False
            cache = cache_from_source(old)
            if not _valid_cache(cache, os.stat(old)):
                return False
            target = cache_from_source(staged)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(cache, target)
        except OSError:
            return False
        return True

    def finish(self, ok: bool) -> None:
        if not ok:
            self.child.kill()
        try:
            if self.child.stdin is not None:
                self.child.stdin.close()  # the end of the queue: it exits when done
        except BrokenPipeError:
            pass
        if ok:
            try:
                self._from_the_back()
            except BaseException:  # the run fails: nothing goes on in the staging tree
                self.child.kill()
                self.child.wait()
                raise
        self.child.wait()

    def _from_the_back(self) -> None:
        """The queue's modules from the last, until one is found done (the child has
        reached it: what comes before is done or in its hands) or the child is through
        the whole queue. A child that died leaves the rest to this loop."""
        import py_compile
        from importlib.util import cache_from_source

        for path in reversed(self.queue):
            if self.child.poll() == 0:
                return
            if os.path.exists(cache_from_source(path)):
                return
            final = os.path.join(self.final, os.path.relpath(path, self.python))
            py_compile.compile(path, dfile=final)
            if os.path.getsize(path) > LARGE_MODULE:
                heap.trim()


def _valid_cache(cache: str, source: os.stat_result) -> bool:
    """Whether the byte-code cache at `cache` is one this Python would load for a source
    of that `stat`: its magic number, timestamp-based (hash-based ones, written under
    SOURCE_DATE_EPOCH, are compiled again), the source's time and size (PEP 552)."""
    try:
        with open(cache, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    return (
        len(head) == 16
        and head[:4] == MAGIC_NUMBER
        and int.from_bytes(head[4:8], "little") == 0
        and int.from_bytes(head[8:12], "little") == int(source.st_mtime) & 0xFFFFFFFF
        and int.from_bytes(head[12:16], "little") == source.st_size & 0xFFFFFFFF
    )
