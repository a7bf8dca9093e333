"""Docstrings as the SDK writes them: paragraphs reflowed at 80 columns (display width, as
black measures it), Markdown links never split, list items with a hanging indent."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.emit.pysource import display_width

DOC_WIDTH = 80
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s")
# a Markdown link (with what sticks to it) is one word: the SDK never breaks inside one
_WORD = re.compile(r"(?:\[[^\]\n]*\]\([^)\s]*\)|\S)+")


def doc_lines(text: str | None, width: int = DOC_WIDTH) -> list[str]:
    """Docstring lines reflowed by paragraph as the SDK's are: a paragraph's lines joined
    and wrapped at `width` (a Markdown link never split), each list item on its own with a
    hanging indent, indented blocks and fenced code kept as written."""
    if not text:
        return []
    return list(_doc_lines(text, width))


@lru_cache(maxsize=None)  # by value: half of a large spec's descriptions are repeats
def _doc_lines(text: str, width: int) -> tuple[str, ...]:
    out: list[str] = []
    for paragraph in _paragraphs(text.strip("\n")):
        if out:
            out.append("")
        out.extend(_reflow(paragraph, width))
    out = [escape_docstring(line).rstrip() for line in out]
    if out and out[-1].endswith('"'):  # would run into the closing quotes
        out[-1] = out[-1][:-1] + '\\"'
    return tuple(out)


def _paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(line.rstrip())
    return [p for p in paragraphs if p]


def _reflow(lines: list[str], width: int) -> list[str]:
    """One paragraph: kept as written when it is code (indented or fenced), else each
    run of text (a list item and its continuation lines) joined and wrapped."""
    if lines[0].startswith((" ", "\t", "```")):
        return lines
    runs: list[tuple[str, str]] = []  # (hanging indent, text)
    for line in lines:
        item = _LIST_ITEM.match(line)
        if item or not runs:
            runs.append((" " * len(item.group()) if item else "", line))
        else:
            runs[-1] = (runs[-1][0], f"{runs[-1][1]} {line.strip()}")
    out: list[str] = []
    for indent, text in runs:
        plain = text.isascii() and "[" not in text  # one column a character, no link
        out += (_wrap_plain if plain else _wrap_words)(text, indent, width)
    return out


def _wrap_words(text: str, indent: str, width: int) -> list[str]:
    """One run of text wrapped at `width` a word at a time (a Markdown link is one word),
    continuation lines after the hanging `indent`."""
    out: list[str] = []
    words: list[str] = []  # the line's words, the first after a break with the indent
    used = 0  # display width adds up: the line is never measured again
    # without a `[` there is no link: the words are what `split` gives (the same blanks
    # as the pattern's `\S`), at a fraction of the pattern's cost
    for word in _WORD.findall(text) if "[" in text else text.split():
        size = display_width(word)
        if words and used + 1 + size > width:
            out.append(" ".join(words))
            words, used = [indent + word], len(indent) + size
        else:
            used += 1 + size if words else size
            words.append(word)
    out.append(" ".join(words))
    return out


def _wrap_plain(text: str, indent: str, width: int) -> list[str]:
    """`_wrap_words` for ASCII text without links (most of a large spec's prose), cut
    at the last blank that fits rather than measured a word at a time: the longest run of
    whole words that fits, or one word alone when it is longer than that."""
    rest = " ".join(text.split())
    lines: list[str] = []
    room = width
    while len(rest) > room:
        cut = rest.rfind(" ", 0, room + 1)
        if cut < 0:  # its first word alone is too long
            cut = rest.find(" ")
            if cut < 0:
                break
        lines.append(rest[:cut])
        rest = rest[cut + 1 :]
        room = width - len(indent)
    lines.append(rest)
    return [lines[0], *(indent + line for line in lines[1:])]


def escape_docstring(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
