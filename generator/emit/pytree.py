"""Python expressions built as trees (calls, lists, dicts: a head ending in an opening
bracket, the elements, the closing bracket) and laid out from that structure as black
lays them out, without tokenising their text.

`pysource.layout` finds the same shape by tokenising a line and pairing its brackets;
for the strategies module's ~1,100 lines of several KB each that was most of the
emitter's time. An emitter that builds its expressions as trees already knows where each
bracket and element is: only widths need adding up. The shapes laid out here are the
right-hand splits `pysource._Line._split` makes; anything else (a first line still too
long, a parenthesised expression, a lone element holding ` for `) is handed to
`pysource.layout` whole, so the result is always the one `layout` gives (tests hold the
two equal, and both to black).
"""

from __future__ import annotations

import keyword
import re
import string
from typing import Union

from generator.emit.pysource import WIDTH, display_width, layout

_FOR = re.compile(r"\sfor\s")  # as pysource: a lone comprehension is kept whole there
_WORD_CHARS = string.ascii_letters + string.digits + "_"  # pysource's `_WORD_END`
Node = Union[str, "Group"]  # an atom, or a bracketed group of nodes


class Group:
    """`head` (text up to and including an opening bracket), its elements, `close` (the
    matching closing bracket): `f(a, b)`, `[a]`, `"key": g(a)`. An element is a Group or
    an atom: a string literal, a number or a name; no atom holds a bracket or a comma
    (a bracketed value is a Group, so its inside can be split). `text` is the group on
    one line (joined once, at C speed, so a line that fits is never put together again),
    `width` its display width, `inside` that of its elements."""

    __slots__ = ("head", "items", "close", "text", "inside", "width")
    head: str
    items: list[Node]
    close: str
    text: str
    inside: int
    width: int

    def __init__(self, head: str, items: list[Node], close: str) -> None:
        self.head = head
        self.items = items
        self.close = close
        inner = ", ".join([i if isinstance(i, str) else i.text for i in items])
        self.text = text = head + inner + close
        if text.isascii():  # most text: measured without a call
            self.inside = len(inner)
            self.width = len(text)
            return
        inside = 2 * len(items) - 2 if items else 0
        for item in items:
            inside += display_width(item) if isinstance(item, str) else item.width
        self.inside = inside
        self.width = display_width(head) + inside + len(close)


def prefixed(prefix: str, node: Node) -> Node:
    """`prefix` + `node` (a dict entry's `"key": `): the same brackets, a longer head."""
    if isinstance(node, str):
        return prefix + node
    grown = Group.__new__(Group)
    grown.head = prefix + node.head
    grown.items = node.items
    grown.close = node.close
    grown.text = prefix + node.text
    grown.inside = node.inside
    grown.width = node.width + display_width(prefix)
    return grown


def flat(node: Node) -> str:
    """The node's text on one line."""
    return node if isinstance(node, str) else node.text


class _Unusual(Exception):
    """A shape this module does not lay out: `pysource.layout` lays out the line."""


def layout_node(indent: str, node: Node) -> str:
    """`indent` + the node's text as one logical line, laid out as `pysource.layout`
    lays it out (as black does)."""
    if isinstance(node, str):
        return layout(indent + node)
    if len(indent) + node.width <= WIDTH:
        return indent + node.text
    lines: list[str] = []
    try:
        _split(node, indent, "", lines)
    except _Unusual:
        return layout(indent + node.text)
    # a first line still too long is wrapped as `target = (...)` by `layout`
    if len(lines) > 1 and display_width(lines[0]) > WIDTH:
        return layout(indent + node.text)
    return "\n".join(lines)


def _called(head: str) -> bool:
    """Whether the bracket ending `head` follows a name (not a keyword) or a closing
    bracket: a call or subscript, not a display or a parenthesised expression."""
    before = head[:-1].rstrip()
    if before.endswith((")", "]")):
        return True
    word = before[len(before.rstrip(_WORD_CHARS)) :]
    return bool(word) and not keyword.iskeyword(word)


def _split(group: Group, indent: str, comma: str, lines: list[str]) -> None:
    """Append the lines of `group` + `comma` at `indent`, too long for one line: split at
    its own brackets (the last bracket of its text), as `pysource._Line._split` splits
    the same text."""
    items = group.items
    head = group.head
    called = _called(head)
    if not items or (called and head[-1] == "["):  # a subscript: kept whole
        lines.append(indent + group.text + comma)
        return
    one = len(items) == 1
    if one and (head[-1] == "(" and not called or _FOR.search(flat(items[0]))):
        raise _Unusual  # a parenthesised expression, or perhaps a lone generator
    inner = indent + "    "
    tail = indent + group.close + comma
    # the elements on a line, if they fit: several elements of a display never are
    if (called or one) and len(inner) + group.inside <= WIDTH:
        body = group.text[len(head) : len(group.text) - len(group.close)]
        lines += (indent + head, inner + body, tail)
        return
    lines.append(indent + head)
    if one:  # a lone element: split inside it, no comma added
        item = items[0]
        if isinstance(item, Group) and len(inner) + item.width > WIDTH:
            _split(item, inner, "", lines)
        else:
            lines.append(inner + flat(item))
    else:
        room = WIDTH - len(inner) - 1  # an element and its comma
        for item in items:
            if isinstance(item, str):  # an atom is never split
                lines.append(inner + item + ",")
            elif item.width <= room:
                lines.append(inner + item.text + ",")
            else:
                _split(item, inner, ",", lines)
    lines.append(tail)
