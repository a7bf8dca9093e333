"""Python source shaped as black writes it, so emitters need not run black: string and
data literals (`q`, `lit`) and the splitting of over-long lines (`layout`)."""

from __future__ import annotations

import bisect
import importlib.util
import keyword
import re
import sys
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Callable, Sequence

# The emitters write code black (line length 88) leaves as it is, so the pipeline need not
# run black: string literals quoted as black quotes them, and a logical line too long for
# 88 columns split at its last bracket, one element per line with a magic trailing comma
# (black keeps such a bracket exploded); a parenthesised condition splits before `or`/`and`.
WIDTH = 88
_TOKEN = re.compile(  # a bracket, a comma, a run of anything but those, or a string
    "|".join(  # (each kind known by its first character; a string's loop unrolled)
        [
            r"[()\[\]{},]",
            r"[^\"'()\[\]{},]+",
            r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"',
            r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'",
        ]
    )
)
_ESCAPE = re.compile(r"\\.|.", re.S)
_OPEN = "([{"
_CLOSE = ")]}"
_LOGIC = re.compile(r"\s+(or|and)\s+")
_FOR = re.compile(r"\sfor\s")
_WORD_END = re.compile(r"[A-Za-z0-9_]+$")


@cache  # by value: the same names and messages are quoted again and again
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
    """One logical line (indentation included) as black lays it out; a statement laid
    out over several lines already (`call`) is kept as it is."""
    if display_width(line) <= WIDTH:  # most lines: measured, never tokenised
        return line
    if "\n" in line:
        return line
    return _layout_long(line)


class Call(str):
    """A statement `call` laid out, with what lays it out again at another indentation
    (a branch moved out of the block it was written for)."""

    indent: str
    function: str
    args: tuple[str, ...]

    def at(self, indent: str) -> Call:
        return call(indent, self.function, self.args)


def call(indent: str, function: str, args: Sequence[str]) -> Call:
    """The statement `function(*args)` at `indent` as black lays it out, for arguments
    black keeps whole (names, literals, short tuples: what the callers pass), without
    tokenising it: on one line; else its arguments on a line of their own; else one a
    line, each with a trailing comma. The validator's checks write ~4,000 calls too
    long for one line (`_type(out, (p, key), value, "a string", "Type.field")`)."""
    joined = ", ".join(args)
    text = f"{indent}{function}({joined})"
    if display_width(text) > WIDTH:
        inner = f"{indent}    "
        if len(inner) + display_width(joined) <= WIDTH:
            text = f"{indent}{function}(\n{inner}{joined}\n{indent})"
        else:
            each = "".join(f"{inner}{arg},\n" for arg in args)
            text = f"{indent}{function}(\n{each}{indent})"
    made = Call(text)
    made.indent, made.function, made.args = indent, function, tuple(args)
    return made


@lru_cache(maxsize=4096)  # by value: a quarter of the long lines of a run are repeats
def _layout_long(line: str) -> str:
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
    lines = _Line(tokens).split(indent)
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
            inner = _Line(value).split(indent + "    ")
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


def _parenthesised(tokens: list[str], indent: str) -> list[str]:
    """The inside of `(a or b and c)` too long: one line, or split before each `or` (else
    each `and`), an operand `x in _A_LONG_NAME` split again before `in`."""
    parts = _logic_parts(tokens)
    inner = indent + "    "
    if len(parts) == 1 or len(inner) + display_width(_join(tokens)) <= WIDTH:
        return [inner + _join(tokens)]
    op = "or" if "or" in parts[1::2] else "and"
    chunks, current = [], parts[0]
    for o, part in zip(parts[1::2], parts[2::2]):
        if o == op:
            chunks.append(current)
            current = f"{o} {part}"
        else:
            current += f" {o} {part}"
    chunks.append(current)
    return [inner + part for c in chunks for part in _comparison_split(c, inner)]


# tokens [start, end) of a line; where its text starts and ends in the line's text (an
# element's without the blanks around it); its display width
Run = tuple[int, int, int, int, int]


class _Line:
    """One logical line's tokens, read once: where each token starts in the text, each
    bracket's partner, the commas directly inside each opening bracket, and running display
    widths (width adds up over text put together, so a run's width is a subtraction).
    `split` lays out runs of these tokens by index, slicing text only for its lines.
    """

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.code = code = "".join(tokens)
        self.offsets = list(accumulate(map(len, tokens), initial=0))
        self.measure: Callable[[str], int] = len
        self.widths = self.offsets
        if not code.isascii():
            self.measure = display_width
            self.widths = list(accumulate(map(display_width, tokens), initial=0))
        self.any_for: bool | None = None
        self.partner = partner = [-1] * len(tokens)
        self.commas = commas = dict[int, list[int]]()
        opened: list[int] = []
        for i, t in enumerate(tokens):
            if t in _OPEN:
                opened.append(i)
                commas[i] = []
            elif t in _CLOSE:
                if opened:  # brackets of any kind pair up, as depth counts them
                    partner[i] = opened.pop()
            elif t == "," and opened:
                commas[opened[-1]].append(i)

    def split(self, indent: str) -> list[str]:
        run = (0, len(self.tokens), 0, len(self.code), self.widths[-1])
        return self._split(run, indent, "")

    def text(self, run: Run, start: int, end: int) -> str:
        """The text of tokens [start, end) of `run`."""
        left = run[2] if start == run[0] else self.offsets[start]
        right = run[3] if end == run[1] else self.offsets[end]
        return self.code[left:right]

    def has_for(self, run: Run) -> bool:
        """Whether `run` holds a ` for ` outside its strings: a comprehension (a string
        saying "for" is no reason to keep an element whole)."""
        if self.any_for is None:  # most lines have none: one search says so
            self.any_for = _FOR.search(self.code) is not None
        if not self.any_for:
            return False
        start, end, left, right, _ = run
        offsets = self.offsets
        return any(
            _FOR.search(self.code, max(left, offsets[i]), min(right, offsets[i + 1]))
            for i in range(start, end)
            if self.tokens[i][0] not in "\"'"
        )

    def elements(self, opening: int, close: int) -> tuple[list[Run], bool]:
        """The comma-separated elements between a bracket pair, each without the blanks
        around it, and whether a comma ends the last (nothing but blanks after it)."""
        tokens, offsets, widths = self.tokens, self.offsets, self.widths
        found: list[Run] = []
        start = opening + 1
        for comma in [*self.commas[opening], close]:
            while start < comma:
                first = tokens[start]
                bare = first.lstrip()
                if bare:
                    break
                start += 1  # a blank token before the element
            else:
                start = comma + 1
                continue
            left = offsets[start] + len(first) - len(bare)
            if comma - start == 1:  # one token: stripped at both ends
                right = left + len(bare.rstrip())
            else:
                last = tokens[comma - 1]
                right = offsets[comma]
                if last not in _CLOSE:
                    right -= len(last) - len(last.rstrip())
            if widths is offsets:
                width = right - left
            else:  # the blanks stripped may be wide (an ideographic space)
                width = widths[comma] - widths[start]
                width -= self.measure(self.code[offsets[start] : left])
                width -= self.measure(self.code[right : offsets[comma]])
            found.append((start, comma, left, right, width))
            start = comma + 1
        trailing = bool(self.commas[opening]) and (not found or found[-1][1] != close)
        return found, trailing

    def _split(self, run: Run, indent: str, comma: str) -> list[str]:
        """`run` + `comma` split at its last bracket, as black splits it."""
        start, end, left, right, width = run
        code = self.code
        if len(indent) + width + len(comma) <= WIDTH:
            return [indent + code[left:right] + comma]
        tokens = self.tokens
        blank_end = right == self.offsets[end - 1]  # its last token was only blanks
        close = start - 1 if blank_end else end - 1  # then it is kept whole
        while close >= start and tokens[close] not in _CLOSE:
            close -= 1
        opening = self.partner[close] if close >= start else -1
        if opening < start:  # no bracket, or none that closes here: nothing to split
            return [indent + code[left:right] + comma]
        head = self.text(run, start, opening + 1)
        tail = self.text(run, close, end) + comma
        inner = indent + "    "
        before = head[:-1].rstrip()
        word = _WORD_END.search(before)
        called = before.endswith((")", "]")) or bool(
            word and not keyword.iskeyword(word.group())
        )
        bracket = tokens[opening]
        elements, trailing = self.elements(opening, close)
        if not elements or (bracket == "[" and called):
            return [indent + code[left:right] + comma]  # or a subscript
        one = len(elements) == 1 and not trailing
        if bracket == "(" and not called and one:  # a parenthesised expression
            element = elements[0]
            inside = [self.text(element, i, i + 1) for i in range(*element[:2])]
            return [indent + head, *_parenthesised(inside, indent), indent + tail]
        if one and self.has_for(elements[0]):  # a lone generator
            lone = code[elements[0][2] : elements[0][3]]
            return [indent + head, inner + lone, indent + tail]
        magic = trailing and not one
        display = not called and not one  # a tuple, list, dict or set of several
        if not magic and not display:
            flat = sum(e[4] for e in elements) + 2 * (len(elements) - 1)
            if len(inner) + flat <= WIDTH:  # fits on a line
                text = ", ".join(code[e[2] : e[3]] for e in elements)
                return [indent + head, inner + text, indent + tail]
        if one and not magic:  # a lone element: split inside it, no comma added
            return [indent + head, *self._split(elements[0], inner, ""), indent + tail]
        lines = [indent + head]
        room = WIDTH - len(inner) - 1
        for e in elements:
            _, _, left, right, width = e
            if width <= room:  # fits with its comma: the common case, said at once
                lines.append(inner + code[left:right] + ",")
            else:
                lines += self._split(e, inner, ",")
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
