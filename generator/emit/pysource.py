"""Python source shaped as black writes it, so emitters need not run black: string and
data literals (`q`, `lit`) and the splitting of over-long lines (`layout`)."""

from __future__ import annotations

import bisect
import importlib.util
import keyword
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

# The emitters write code black (line length 88) leaves as it is, so the pipeline need not
# run black: string literals quoted as black quotes them, and a logical line too long for
# 88 columns split at its last bracket, one element per line with a magic trailing comma
# (black keeps such a bracket exploded); a parenthesised condition splits before `or`/`and`.
WIDTH = 88
_TOKEN = re.compile(  # a string, a bracket, a comma, or a run of anything else
    "|".join(
        [
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",
            r"[()\[\]{},]",
            r"[^\"'()\[\]{},]+",
        ]
    )
)
_ESCAPE = re.compile(r"\\.|.", re.S)
_OPEN = "([{"
_CLOSE = ")]}"
_LOGIC = re.compile(r"\s+(or|and)\s+")


def q(text: str) -> str:
    """A string literal as black writes it: double quotes unless that adds escapes."""
    r = repr(text)
    if r[0] == '"' or text.count('"') > text.count("'"):
        return r
    if "'" not in text:  # no quote of either kind: only the delimiters change
        return f'"{r[1:-1]}"'
    return (
        '"'
        + "".join(
            "'" if c == "\\'" else '\\"' if c == '"' else c
            for c in _ESCAPE.findall(r[1:-1])
        )
        + '"'
    )


def lit(value: Any) -> str:
    """A black-normal Python literal for plain data (YAML/JSON values, tuples)."""
    if isinstance(value, str):
        return q(value)
    if isinstance(value, float):
        return repr(value).replace("e+", "e")
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, tuple):
        if len(value) == 1:
            return f"({lit(value[0])},)"
        return "(" + ", ".join(lit(v) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(lit(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{lit(k)}: {lit(v)}" for k, v in value.items()) + "}"
    return repr(value)


def display_width(text: str) -> int:
    """Columns as black counts them (wide East Asian characters and emoji take two): black's
    own measure, so the layout here and black's can never disagree on a character."""
    if text.isascii():
        return len(text)
    table = _width_table()
    if table is None:
        from black.strings import str_width

        return str_width(text)
    return sum(_char_width(c, table) for c in text)


def _char_width(char: str, table: list[tuple[int, int, int]]) -> int:
    """black's `char_width`: the width of the range holding the code point (0 for
    negative), 1 outside every range."""
    codepoint = ord(char)
    index = bisect.bisect_right(table, (codepoint, sys.maxunicode + 1, 0)) - 1
    if index >= 0 and table[index][0] <= codepoint <= table[index][1]:
        return max(table[index][2], 0)
    return 1


@cache
def _width_table() -> list[tuple[int, int, int]] | None:
    """black's width table, read from its source file without importing black (its
    import costs more than a whole small generation); None where the file is absent."""
    found = importlib.util.find_spec("black")
    if found is None or found.origin is None:
        return None
    source = Path(found.origin).parent / "_width_table.py"
    if not source.is_file():
        return None
    namespace: dict[str, Any] = {}
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), namespace)
    table = namespace.get("WIDTH_TABLE")
    return sorted(table) if isinstance(table, list) else None


def fits(line: str) -> bool:
    """Whether a line fits black's line length (display width, as black counts it)."""
    return display_width(line) <= WIDTH


def layout(line: str) -> str:
    """One logical line (indentation included) as black lays it out."""
    if display_width(line) <= WIDTH:
        return line
    code = line.lstrip(" ")
    indent = line[: len(line) - len(code)]
    tokens = _TOKEN.findall(code)
    assign = _assigned(tokens)
    if assign is not None:  # `target = "a long string"`: black wraps it if that fits
        target, value = assign
        bracketed = any(x in target for x in "[(")  # black then wraps even if too long
        if bracketed or len(indent) + 4 + display_width(value) <= WIDTH:
            return f"{indent}{target} = (\n{indent}    {value}\n{indent})"
        return line
    lines = _split(tokens, indent)
    if display_width(lines[0]) > WIDTH and len(lines) > 1:
        wrapped = _wrapped(tokens, indent)
        if wrapped is not None:
            return wrapped
    return "\n".join(lines)


def _closes_at_end(tokens: list[str]) -> bool:
    """Whether the bracket opening `tokens` closes at their end (one bracketed atom)."""
    depth = 0
    for i, t in enumerate(tokens):
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
            if depth == 0:
                return i == len(tokens) - 1
    return False


def _wrapped(tokens: list[str], indent: str) -> str | None:
    """`target = (` value `)`: black's split when splitting the value leaves the first
    line too long (a long target and callee)."""
    depth = 0
    for i, t in enumerate(tokens):
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        elif depth == 0 and t[0] not in "\"'" and " = " in t:
            before, after = t.split(" = ", 1)
            target = (_join(tokens[:i]) + before).rstrip()
            value = [after.lstrip(), *tokens[i + 1 :]]
            value = [v for v in value if v]
            if value and value[0] in ("(", "[") and _closes_at_end(value):
                return None  # a tuple or list literal: black splits its own brackets
            inner = _split(value, indent + "    ")
            return "\n".join([f"{indent}{target} = (", *inner, f"{indent})"])
    return None


def _assigned(tokens: list[str]) -> tuple[str, str] | None:
    """(target, value) of `target = value` when the value holds no bracket."""
    depth = 0
    for i, t in enumerate(tokens):
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        elif depth == 0 and t[0] not in "\"'" and " = " in t:
            before, after = t.split(" = ", 1)
            rest = [after, *tokens[i + 1 :]]
            if any(x and (x in _OPEN or x in _CLOSE) for x in rest):
                return None
            return (_join(tokens[:i]) + before).rstrip(), _join(rest).strip()
    return None


def _join(tokens: list[str]) -> str:
    return "".join(tokens)


def _elements(tokens: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    current: list[str] = []
    depth = 0
    for t in tokens:
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        if t == "," and depth == 0:
            out.append(current)
            current = []
        else:
            current.append(t)
    out.append(current)
    cleaned = []
    for element in out:
        element = list(element)
        while element and not element[0].strip():
            element.pop(0)
        if element:
            element[0] = element[0].lstrip()
            element[-1] = (
                element[-1].rstrip() if element[-1] not in _CLOSE else element[-1]
            )
            cleaned.append(element)
    return cleaned


_COMPARISON = re.compile(r"^((?:and |or )?[\w.]+) ((?:not )?in [\w.]+)$")


def _comparison_split(chunk: str, indent: str) -> list[str]:
    """An operand of `and`/`or` still too long, `x in _A_LONG_NAME`: black splits it
    before its comparison operator (only this simple form: names, no brackets)."""
    match = _COMPARISON.match(chunk)
    if match is None or len(indent) + display_width(chunk) <= WIDTH:
        return [chunk]
    return [match.group(1), match.group(2)]


def _logic_parts(tokens: list[str]) -> list[str]:
    """`a or b and c` → ["a", "or", "b", "and", "c"], at bracket depth 0 only."""
    parts = [""]
    depth = 0
    for t in tokens:
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
        if depth == 0 and t not in _CLOSE and t[0] not in "\"'":
            pieces = _LOGIC.split(t)
            parts[-1] += pieces[0]
            for i in range(1, len(pieces), 2):
                parts += [pieces[i], pieces[i + 1]]
        else:
            parts[-1] += t
    return [p.strip() if i % 2 == 0 else p for i, p in enumerate(parts)]


def _split(tokens: list[str], indent: str) -> list[str]:
    text = _join(tokens)
    if len(indent) + display_width(text) <= WIDTH:
        return [indent + text]
    close = max((i for i, t in enumerate(tokens) if t in _CLOSE), default=-1)
    if close < 0:
        return [indent + text]
    depth = 0
    opening = close
    for i in range(close, -1, -1):
        if tokens[i] in _CLOSE:
            depth += 1
        elif tokens[i] in _OPEN:
            depth -= 1
            if depth == 0:
                opening = i
                break
    head = _join(tokens[: opening + 1])
    body = tokens[opening + 1 : close]
    tail = _join(tokens[close:])
    inner = indent + "    "
    before = head[:-1].rstrip()
    word = re.search(r"[A-Za-z0-9_]+$", before)
    called = before.endswith((")", "]")) or bool(
        word and not keyword.iskeyword(word.group())
    )
    bracket = tokens[opening]
    elements = _elements(body)
    if not elements or (bracket == "[" and called):
        return [indent + text]  # nothing to split, or a subscript: leave it
    one = len(elements) == 1 and not _join(body).rstrip().endswith(",")
    if bracket == "(" and not called and one:  # a parenthesised expression
        parts = _logic_parts(elements[0])
        lines = [indent + head]
        if len(parts) > 1 and len(inner) + display_width(_join(elements[0])) > WIDTH:
            op = "or" if "or" in parts[1::2] else "and"
            chunks, current = [], parts[0]
            for o, part in zip(parts[1::2], parts[2::2]):
                if o == op:
                    chunks.append(current)
                    current = f"{o} {part}"
                else:
                    current += f" {o} {part}"
            chunks.append(current)
            for c in chunks:
                lines += [inner + part for part in _comparison_split(c, inner)]
        else:
            lines.append(inner + _join(elements[0]))
        return lines + [indent + tail]
    if one and re.search(r"\sfor\s", _join(elements[0])):  # a lone generator
        return [indent + head, inner + _join(elements[0]), indent + tail]
    magic = _join(body).rstrip().endswith(",") and not (
        one or bracket == "[" and called
    )
    flat = ", ".join(_join(element) for element in elements)
    display = not called and not one  # a tuple, list, dict or set of several: exploded
    if (
        not magic and not display and len(inner) + display_width(flat) <= WIDTH
    ):  # fits on a line
        return [indent + head, inner + flat, indent + tail]
    if one and not magic:  # a lone element: split inside it, no comma added
        return [indent + head, *_split(elements[0], inner), indent + tail]
    lines = [indent + head]
    for element in elements:
        lines += _split(element + [","], inner)
    return lines + [indent + tail]


# -- black-stable layout -------------------------------------------------------------
# Long annotations are laid out here the way black lays them out, so generated modules
# need no formatter run: split at the outermost bracket; the arguments on one line when
# they fit, else one per line with a trailing comma, each split again if still too long;
# an optional parameter's `X | Omit` wrapped in parentheses when it must be split. Widths
# are display widths, as black measures (a CJK enum value takes two columns a character).
Expr = str | tuple[str, list["Expr"]]  # an atom, or a subscript `name[args]`


def parse_annotation(text: str) -> Expr:
    """`Union[str, Literal["a", "b"]]` → ("Union", ["str", ("Literal", ['"a"', '"b"'])])."""
    expr, rest = _parse(text.strip(), 0)
    if rest != len(text.strip()):
        return text.strip()  # not a plain annotation: keep it whole
    return expr


def _parse(text: str, at: int) -> tuple[Expr, int]:
    start = at
    while at < len(text) and text[at] not in "[],":
        if text[at] == '"':  # a JSON-quoted string: skip to its closing quote
            at += 1
            while text[at] != '"':
                at += 2 if text[at] == "\\" else 1
        at += 1
    name = text[start:at].strip()
    if at < len(text) and text[at] == "[":
        args: list[Expr] = []
        at += 1
        while True:
            while text[at] == " ":
                at += 1
            arg, at = _parse(text, at)
            args.append(arg)
            if text[at] == ",":
                at += 1
                continue
            if text[at] == "]":
                return (name, args), at + 1
            raise ValueError(text)
    return name, at


def flat(expr: Expr) -> str:
    if isinstance(expr, str):
        return expr
    name, args = expr
    return f"{name}[{', '.join(flat(a) for a in args)}]"


def layout_annotation(indent: str, head: str, expr: Expr, tail: str) -> list[str]:
    """Lines of `indent + head + expr + tail`, split as black splits a too-long line."""
    line = indent + head + flat(expr) + tail
    if fits(line):
        return [line]
    if isinstance(expr, str):  # one long name: parenthesised when that makes it fit
        wrapped = indent + "    " + expr
        if head.rstrip().endswith((":", "=")) and fits(wrapped):
            return [indent + head + "(", wrapped, indent + ")" + tail]
        return [line]
    name, args = expr
    inner = indent + "    "
    out = [indent + head + name + "["]
    joined = ", ".join(flat(a) for a in args)
    if fits(inner + joined):
        out.append(inner + joined)
    elif len(args) == 1:
        out.extend(layout_annotation(inner, "", args[0], ""))
    else:
        for arg in args:
            out.extend(layout_annotation(inner, "", arg, ","))
    out.append(indent + "]" + tail)
    return out


def layout_optional(indent: str, head: str, expr: Expr) -> list[str]:
    """An optional parameter, `head + expr | Omit = omit,`: black parenthesises the type
    hint when the line is too long, then splits `X | Omit` before the `|` if needed."""
    line = indent + head + flat(expr) + " | Omit = omit,"
    if fits(line):
        return [line]
    inner = indent + "    "
    body = inner + flat(expr) + " | Omit"
    if fits(body):
        return [indent + head + "(", body, indent + ") = omit,"]
    return [
        indent + head + "(",
        *layout_annotation(inner, "", expr, ""),
        inner + "| Omit",
        indent + ") = omit,",
    ]


# -- docstrings ----------------------------------------------------------------------
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
    out: list[str] = []
    for paragraph in _paragraphs(text.strip("\n")):
        if out:
            out.append("")
        out.extend(_reflow(paragraph, width))
    out = [escape_docstring(line).rstrip() for line in out]
    if out and out[-1].endswith('"'):  # would run into the closing quotes
        out[-1] = out[-1][:-1] + '\\"'
    return out


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
        line = ""
        for word in _WORD.findall(text):
            if line and display_width(line + " " + word) > width:
                out.append(line)
                line = indent + word
            else:
                line = f"{line} {word}" if line else word
        out.append(line)
    return out


def escape_docstring(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
