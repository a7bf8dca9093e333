"""generator/heap.py: freed memory goes back to the OS between a run's stages."""

from __future__ import annotations

import ctypes
import ctypes.util

import pytest

from generator import heap


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_trim_returns_freed_heap_pages() -> None:
    try:
        ctypes.CDLL(None).malloc_trim
    except AttributeError:  # not glibc: trim is documented to do nothing
        pytest.skip("no malloc_trim in this C library")
    # many blocks just under glibc's mmap threshold: freed, they stay in the heap
    blocks = [bytearray(100_000) for _ in range(400)]
    for block in blocks:
        block[::4096] = b"x" * len(block[::4096])  # touch every page
    keep = blocks[-1]  # the top of the heap stays in use: free() alone trims nothing
    del blocks
    before = _rss_kb()
    heap.trim()
    assert before - _rss_kb() > 20_000  # of the ~40 MB freed
    assert keep[0] == ord("x")
