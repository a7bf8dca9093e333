"""Memory a stage of the run has freed, handed back to the operating system.

glibc keeps the blocks a process frees for its own reuse: after rendering the validator
(large strings, many small lists) a generation held ~96 MB of which ~33 MB was free, while
the byte-compiler child beside it needs memory of its own. `malloc_trim(0)` returns every
whole free page (not only the top of the heap), ~1-10 ms a call. Elsewhere (musl, macOS)
there is no such call and this does nothing: the memory is reused by the process as before.
"""

from __future__ import annotations

from functools import cache
from typing import Callable


def trim() -> None:
    """Return the heap's free pages to the OS (glibc), between stages of a run."""
    release = _malloc_trim()
    if release is not None:
        release(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        import ctypes

        function: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, ImportError):
        return None
    return function
