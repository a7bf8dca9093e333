"""The reference page (a diff view of the SDK docs) and the whitespace-blind comparison."""

from __future__ import annotations

import re
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
PAGE = SHARED / "seeds" / "000_81e8fb55e9d0e396.txt"
_PREFIX = re.compile(r"^(\d+)")
_WS = re.compile(r"\s+")


def page_lines() -> list[str]:
    """The page's 1,685 lines: the two header lines dropped, each line's number stripped."""
    raw = PAGE.read_text(encoding="utf-8").split("\n")[2:]
    out: list[str] = []
    for expected, line in enumerate(raw, start=1):
        if not line and expected > 1685:
            continue
        match = _PREFIX.match(line)
        assert (
            match and int(match.group(1)) == expected
        ), f"page line {expected} is malformed"
        out.append(line[len(match.group(1)) :])
    return out


def squash(line: str) -> str:
    return _WS.sub("", line)


def first_difference(expected: list[str], actual: list[str]) -> str | None:
    """None when equal after removing whitespace; else a readable report of the first diff."""
    for index, (want, got) in enumerate(zip(expected, actual), start=1):
        if squash(want) != squash(got):
            context = "\n".join(
                f"  {i:5d} page: {expected[i - 1]!r}\n        ours: {actual[i - 1]!r}"
                for i in range(
                    max(1, index - 2), min(len(expected), len(actual), index + 2) + 1
                )
            )
            return f"first difference at line {index}:\n{context}"
    if len(expected) != len(actual):
        return f"line counts differ: page {len(expected)}, ours {len(actual)}"
    return None
