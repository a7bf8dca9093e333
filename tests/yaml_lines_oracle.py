"""generator/load/yaml_lines.py's line walk as it was before `_children` was made a regex
scan: a Python loop over the lines (and `_root` and `_value` as they were before the
lines were read from the text where met). The oracle tests/test_yaml_lines_scan.py holds
the scan to. Kept verbatim; do not optimise."""

from __future__ import annotations

import re
from typing import Any

from generator.load.yaml_lines import Entry, Lines, Unsure, _is_item

_DOCUMENTS = re.compile(r"^(?:---|\.\.\.|%)", re.MULTILINE)


class LoopLines(Lines):
    def __init__(self, text: str) -> None:
        if _DOCUMENTS.search(text) or "\t" in text:
            raise Unsure("directives, several documents or tabs")
        self.lines = text.split("\n")
        self.mappings: dict[tuple[int, int], dict[str, Entry]] = {}
        self.sequences: dict[tuple[int, int], list[Entry]] = {}
        self.text: Any = None  # the loop reads lines only

    def _root(self) -> tuple[int, int]:
        for number, line in enumerate(self.lines):
            content = line.lstrip(" ")
            if content and not content.startswith("#"):
                if content[0] in "&!*{[|>'\"":
                    raise Unsure("root is not a plain block node")
                return number, len(line) - len(content)
        raise Unsure("empty document")

    def _value(self, line: int, column: int, rest: str) -> tuple[int, int]:
        """Where the block node under the key at (line, column) starts: the next line
        that is not blank or a comment, deeper, or a `- ` at the same column."""
        if rest and not rest.startswith("#"):
            # on the key's line: a scalar, or a flow collection, anchor, alias or tag,
            # which `_children` refuses to descend into
            return -1, -1
        for number in range(line + 1, len(self.lines)):
            text = self.lines[number]
            content = text.lstrip(" ")
            if not content or content.startswith("#"):
                continue
            indent = len(text) - len(content)
            if indent > column or (indent == column and _is_item(content)):
                return number, indent
            return -1, -1
        return -1, -1

    def _children(self, node: tuple[int, int]) -> list[Entry]:
        first, column = node
        if first < 0:
            raise Unsure("a flow collection, anchor, alias or tag on its key's line")
        found = [(first, column, self.lines[first][column:])]
        sequence = _is_item(found[0][2])
        for number in range(first + 1, len(self.lines)):
            text = self.lines[number]
            content = text.lstrip(" ")
            if not content or content.startswith("#"):
                continue
            indent = len(text) - len(content)
            if indent < column:
                break
            if indent == column:
                if _is_item(content) != sequence:
                    if sequence:
                        break
                    continue
                found.append((number, column, content))
        return found
