"""Where a named definition goes among a generated package's modules of one kind (the
validator's checks, the client's request types): a stable hash of its name into a
power-of-two count of modules, the fewest that keep each under a character budget.

Depending on the name only, a definition stays in its module when others are added or
removed, so regenerating after a spec change moves nothing else and diffs stay
reviewable; doubling the count splits each module in two.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Protocol


class Definition(Protocol):
    """A definition to place: its name and the characters it takes."""

    @property
    def name(self) -> str: ...

    @property
    def size(self) -> int: ...


def placement(name: str, count: int) -> int:
    """The module of the definition `name` among `count` (a power of two): a stable hash
    of the name, so other definitions never move it; doubling `count` splits each module
    in two and moves a definition only to `index + count`."""
    return zlib.crc32(name.encode("utf-8")) & (count - 1)


def module_count(parts: Sequence[Definition], budget: int) -> int:
    """The fewest modules (a power of two) whose definitions each fit `budget`, or that
    put the largest alone where it does not fit by itself."""
    count = 1
    while True:
        sizes: dict[int, int] = {}
        members: dict[int, int] = {}
        for part in parts:
            at = placement(part.name, count)
            sizes[at] = sizes.get(at, 0) + part.size
            members[at] = members.get(at, 0) + 1
        fullest = max(sizes, key=sizes.__getitem__, default=0)
        if sizes.get(fullest, 0) <= budget or members[fullest] == 1:
            return count
        count *= 2
