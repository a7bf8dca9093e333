"""Where a JSON pointer sits in a block-style YAML text, found by keys and indentation.

Composing a 3 MB document with PyYAML to place a few warnings costs ~1 s; walking the
lines along one pointer costs milliseconds. The walk only answers when it is sure: at
every level it passes through it reads the children of a block mapping (lines at the
mapping's indentation, `key:` each) or a block sequence (`- ` lines) and checks them
against the parsed data at that level, the same keys in the same order or the same number
of items. Anything else (flow collections, anchors, aliases, tags, merge keys, complex or
escaped keys, tabs, several documents, a key it cannot read) raises `Unsure`, and the
caller composes the document instead. The answer is what composing gives: the key's
position for a mapping entry, the item's for a sequence item, else the nearest ancestor's.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left
from functools import cache, cached_property
from itertools import accumulate
from typing import Any, Iterator


class Unsure(Exception):
    """The text is not plain enough to be sure; compose it."""


# led by the line break (a literal, which the regex engine scans for fast) rather than `^`
_DOCUMENTS = re.compile(r"\n(?:---|\.\.\.|%)")
_PLAIN_KEY = re.compile(r"([^\s#'\"\[\]{},&*!|>%@`?:-][^\n]*?) *:(?: |$)")
_DOUBLE_KEY = re.compile(r'"((?:[^"\\])*)" *:(?: |$)')
_SINGLE_KEY = re.compile(r"'((?:[^']|'')*)' *:(?: |$)")
# what a plain key may not hold where a reader of lines cannot be sure of its end
_UNSURE_IN_KEY = re.compile(r" #|[\t]")

# nodes at most this indented take their children from one index of the lines this
# shallow (`Lines._shallow`); deeper ones, which span less, scan their own lines
_SHALLOW = 4
# an entry: (line, column, rest of the line after it), rest is "" when nothing follows
Entry = tuple[int, int, str]


class Lines:
    """A YAML text's lines, with the children of each block node read once.

    The lines are read from the text where the walk meets them, each located by the
    line breaks counted since the last line met: splitting the full upstream document
    into its 81,000 lines and their offsets first cost ~25 ms, more than the walks."""

    def __init__(self, text: str) -> None:
        documents = text.startswith(("---", "...", "%")) or _DOCUMENTS.search(text)
        if documents or "\t" in text:
            raise Unsure("directives, several documents or tabs")
        self.text = text
        self.mappings: dict[tuple[int, int], dict[str, Entry]] = {}
        self.sequences: dict[tuple[int, int], list[Entry]] = {}
        self.starts: dict[int, int] = {}  # where each line the walk met starts

    @cached_property
    def lines(self) -> list[str]:
        """Every line (what the tests look at; the walk reads the lines it meets)."""
        return self.text.split("\n")

    @cached_property
    def _every_start(self) -> list[int]:
        # where every line starts: only for a node on a line the walk never met
        return list(accumulate(map((1).__add__, map(len, self.lines)), initial=0))

    def _start(self, number: int) -> int:
        start = self.starts.get(number)
        return self._every_start[number] if start is None else start

    def _line(self, start: int) -> str:
        """The line starting at offset `start`."""
        end = self.text.find("\n", start)
        return self.text[start:] if end == -1 else self.text[start:end]

    def position(self, data: Any, tokens: list[str]) -> tuple[int, int]:
        """1-based (line, column) of the value at the pointer's `tokens`, or of its
        nearest ancestor, as composing the document gives it; `Unsure` when the lines do
        not say for sure."""
        node = self._root()
        at = (node[0] + 1, node[1] + 1)
        for token in tokens:
            if isinstance(data, dict):
                entries = self._mapping(node, data)
                if token not in entries:
                    return at
                line, column, rest = entries[token]
                # keys are distinct as text (checked by `_mapping`): a string key equal
                # to the token is the one key whose text it is
                key = (
                    token if token in data else next(k for k in data if str(k) == token)
                )
                data = data[key]
                node = self._value(line, column, rest)
            elif isinstance(data, list):
                items = self._sequence(node, data)
                if not token.isdigit() or int(token) >= len(items):
                    return at
                line, column, _ = items[int(token)]
                data = data[int(token)]
                node = (line, column)
            else:
                return at
            at = (line + 1, column + 1)
        return at

    def _root(self) -> tuple[int, int]:
        number, start = 0, 0
        while True:
            line = self._line(start)
            content = line.lstrip(" ")
            if content and not content.startswith("#"):
                if content[0] in "&!*{[|>'\"":
                    raise Unsure("root is not a plain block node")
                self.starts[number] = start
                return number, len(line) - len(content)
            start += len(line) + 1
            if start > len(self.text):
                raise Unsure("empty document")
            number += 1

    def _value(self, line: int, column: int, rest: str) -> tuple[int, int]:
        """Where the block node under the key at (line, column) starts: the next line
        that is not blank or a comment, deeper, or a `- ` at the same column."""
        if rest and not rest.startswith("#"):
            # on the key's line: a scalar, or a flow collection, anchor, alias or tag,
            # which `_children` refuses to descend into
            return -1, -1
        number, start = line, self._start(line)
        while (end := self.text.find("\n", start)) != -1:
            number, start = number + 1, end + 1
            text = self._line(start)
            content = text.lstrip(" ")
            if not content or content.startswith("#"):
                continue
            indent = len(text) - len(content)
            if indent > column or (indent == column and _is_item(content)):
                self.starts[number] = start
                return number, indent
            return -1, -1
        return -1, -1

    def _children(self, node: tuple[int, int]) -> list[Entry]:
        """The lines at the node's column from its first line to where it ends, each as
        (line, column, content). Blank and comment lines are passed over; the node ends
        at the first other line less indented."""
        first, column = node
        if first < 0:
            raise Unsure("a flow collection, anchor, alias or tag on its key's line")
        first_start = self._start(first)
        first_line = self._line(first_start)
        found = [(first, column, first_line[column:])]
        sequence = _is_item(found[0][2])
        start = first_start + len(first_line)  # the line break that ends the first line
        for brk, number in self._at_column(first, column, start):
            content = self._line(brk + 1)[column:]
            if _is_item(content) != sequence:
                if sequence:
                    break  # a compact sequence ends at its mapping's next key
                continue  # a compact sequence under one of this mapping's keys
            self.starts[number] = brk + 1
            found.append((number, column, content))
        return found

    def _at_column(
        self, first: int, column: int, start: int
    ) -> Iterator[tuple[int, int]]:
        """(the line break before it, its number) of each line with content at `column`
        after the line break `start` that ends line `first`, up to the first line less
        indented. Found by regex over the text (a node such as `components` spans most
        of a large document's lines), or for a shallow node in `_shallow`."""
        if column <= _SHALLOW:
            breaks, indents, numbers = self._shallow
            for at in range(bisect_left(breaks, start), len(breaks)):
                if indents[at] < column:
                    return
                if indents[at] == column:
                    yield breaks[at], numbers[at]
            return
        shallower = _line_indented(0, column - 1).search(self.text, start)
        end = shallower.start() if shallower else len(self.text)
        ended, at = first, start  # `ended` is the line that the line break `at` ends
        for match in _line_indented(column, column).finditer(self.text, start, end):
            brk = match.start()
            ended += self.text.count("\n", at + 1, brk + 1)
            at = brk
            yield brk, ended + 1

    @cached_property
    def _shallow(self) -> tuple[list[int], list[int], list[int]]:
        """Every line with content indented at most _SHALLOW spaces: the line break
        before it, its indentation and its number, in one scan of the text. A node this
        shallow (the root, `components`, `components.schemas`) spans most of a large
        document: scanning its span for its children and again for its end took ~20 ms
        of placing the full upstream document's warnings."""
        breaks, indents, numbers = [], [], []
        number, at = 0, -1  # `number`: the line after the line break `at`
        for match in _line_indented(0, _SHALLOW).finditer(self.text):
            brk = match.start()
            number += self.text.count("\n", at + 1, brk + 1)
            at = brk
            breaks.append(brk)
            indents.append(match.end() - brk - 2)
            numbers.append(number)
        return breaks, indents, numbers

    def _mapping(self, node: tuple[int, int], data: dict[Any, Any]) -> dict[str, Entry]:
        if node not in self.mappings:
            entries: dict[str, Entry] = {}
            for line, column, content in self._children(node):
                key, rest = _key(content)
                if key in entries:
                    raise Unsure("a duplicate key")
                entries[key] = (line, column, rest)
            self.mappings[node] = entries
        entries = self.mappings[node]
        keys, agreed = list(data), self._agreed.get(node, ())
        # the same key objects as last time at this node: agreed, by identity alone
        if len(keys) != len(agreed) or not all(map(operator.is_, keys, agreed)):
            # the data's keys as text (a key equal to a string is that string)
            lines = list(entries)
            if lines != keys and lines != [str(k) for k in data]:
                raise Unsure("the lines' keys are not the data's")
            self._agreed[node] = keys
        return entries

    @cached_property
    def _agreed(self) -> dict[tuple[int, int], list[Any]]:
        """The data's keys each mapping node last agreed with (the key objects): most
        warnings of a large document pass through `components.schemas`, whose ~1,000
        keys were compared as text again for each."""
        return {}

    def _sequence(self, node: tuple[int, int], data: list[Any]) -> list[Entry]:
        if node not in self.sequences:
            items: list[Entry] = []
            for line, column, content in self._children(node):
                if not _is_item(content):
                    raise Unsure("not a block sequence")
                item = content[1:].lstrip(" ")
                if not item or item[0] in "&!*#":
                    raise Unsure("an item on the next line, or an anchor or tag")
                items.append((line, column + len(content) - len(item), ""))
            self.sequences[node] = items
        items = self.sequences[node]
        if len(items) != len(data):
            raise Unsure("the lines' items are not the data's")
        return items


@cache
def _line_indented(least: int, most: int) -> re.Pattern[str]:
    """A line (from the line break before it) with `least` to `most` spaces before
    content that is not a comment: `content` as `_children` reads it, not blank. The
    spaces are taken possessively (`{,}+`): fewer spaces than a line has are followed by
    a space, which never matches, and not trying them halves a scan of a text."""
    return re.compile(f"\\n {{{least},{most}}}+[^ #\\n]")


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


def _key(content: str) -> tuple[str, str]:
    """The key a mapping line starts with and what follows its colon."""
    if content.startswith('"'):
        match = _DOUBLE_KEY.match(content)
        key = match.group(1) if match else ""
    elif content.startswith("'"):
        match = _SINGLE_KEY.match(content)
        key = match.group(1).replace("''", "'") if match else ""
    else:
        match = _PLAIN_KEY.match(content)
        key = match.group(1) if match else ""
        if match and (_UNSURE_IN_KEY.search(key) or key == "<<"):
            match = None
    if match is None:
        raise Unsure(f"not a key this reader is sure of: {content[:40]!r}")
    return key, content[match.end() :].strip(" ")
