"""How the lines of a check are written: a value's type test (the exact type first), a
condition in black's form where the emitter's own split is not, and the names of the
module-level constants and functions the checks share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.emit.pysource import WIDTH, Call, call, display_width


@dataclass(frozen=True)
class TypeFinding:
    """`_type(out, path, value, expected, where)`, the finding of a value of the wrong
    kind: one statement, written at the indentation of each branch that makes it."""

    args: tuple[str, ...]

    def at(self, indent: str) -> str:
        return call(indent, "_type", ["out", *self.args])


# a constant's name: `_<SUBJECT>_<suffix>`
_SUFFIX = {
    "values": "VALUES",  # the allowed values (an enum, a union's tags)
    "known": "VALUES",  # an open enum's known values (others warn only near a miss)
    "set": "SET",  # the same values as a frozenset, for the membership test
    "keys": "KEYS",  # an object's allowed keys
    "pattern": "PATTERN",  # a compiled `pattern`
    "variants": "VARIANTS",  # a tagged union's tag → member check
}


def _upper_snake(name: str) -> str:
    """`RealtimeAudioConfig` / `output_modalities` → `REALTIME_AUDIO_CONFIG` / ..."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[^0-9A-Za-z]+", "_", name)
    return spaced.strip("_").upper() or "VALUE"


def _part(name: str) -> str:
    """A property name or member word as part of an identifier (`input-audio` →
    `input_audio`); the `_t_` prefix keeps the whole name an identifier, never a keyword.
    """
    return re.sub(r"[^0-9A-Za-z_]", "_", name)


_KIND = {"object": "dict", "array": "(list, tuple)", "string": "str"}


def _if_not_a(ind: str, var: str, kind: str) -> list[str]:
    """`if <var is not of kind>:`. An array's test takes a plain `list` first: its
    `isinstance` with a tuple of types costs three times as much in CPython, and runs
    then only for the others (tuples, subclasses). A dict's and a string's stay one
    `isinstance`, which the compiled build makes a flag test (an exact type's test
    first would cost it more than it saves pure Python); `bool` has no subclasses."""
    if kind == "boolean":
        return [f"{ind}if type({var}) is not bool:"]
    if kind != "array":
        return [f"{ind}if not isinstance({var}, {_KIND[kind]}):"]
    exact, other = f"type({var}) is not list", f"not isinstance({var}, (list, tuple))"
    line = f"{ind}if {exact} and {other}:"
    if display_width(line) <= WIDTH:
        return [line]
    head = f"{ind}if {exact} and not isinstance("
    if display_width(head) <= WIDTH:  # black splits at the last call's brackets then
        return [head, f"{ind}    {var}, (list, tuple)", f"{ind}):"]
    return [f"{ind}if (", f"{ind}    {exact}", f"{ind}    and {other}", f"{ind}):"]


def dedent(lines: list[str]) -> list[str]:
    """`lines` four spaces shallower; a call laid out again there (it may fit on fewer
    lines)."""
    return [
        line.at(line.indent[4:]) if isinstance(line, Call) else line[4:]
        for line in lines
    ]


def _joined_conditions(lines: list[str]) -> list[str]:
    """Black's form of a condition split one operand a line (`elif (`, `A`, `and B`,
    `):`) that fits on one line inside its parentheses (deeper, where a union's tag
    test is written inline, it may not fit on the `elif` line itself)."""
    out: list[str] = []
    at = 0
    while at < len(lines):
        head = lines[at]
        if head.endswith(("if (", "elif (")) and at + 3 < len(lines):
            ind = head[: len(head) - len(head.lstrip())]
            first, second, close = lines[at + 1 : at + 4]
            joined = f"{first} {second.lstrip()}"
            if (
                close == f"{ind}):"
                and second.startswith(f"{ind}    and ")
                and " and " not in first
                and display_width(joined) <= WIDTH
            ):
                out += [head, joined, close]
                at += 4
                continue
        out.append(head)
        at += 1
    return out


class _Within:
    """One step of a trail, taken on entering a `with` block and undone on leaving it."""

    def __init__(self, trail: list[str], part: str) -> None:
        self.trail, self.part = trail, part

    def __enter__(self) -> None:
        self.trail.append(self.part)

    def __exit__(self, *exc: object) -> None:
        self.trail.pop()


def _join(path: str, part: str) -> str:
    """The path expression one key or index deeper: the step `(p, key)` (`At`), one
    small tuple however deep the value is; a finding's `Path` is made only from it."""
    return f"({path}, {part})"


def _base(constant: str) -> str:
    """`_MODEL_VALUES` → `MODEL`: the subject a derived constant shares."""
    return constant.strip("_").rsplit("_", 1)[0]


def _tuple(items: list[str]) -> str:
    """A tuple display of expressions, without a (magic) trailing comma unless one."""
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def _known_kinds(lines: list[str], ind: str, tests: list[str]) -> list[str]:
    """The check `lines` of a union (`if <kind test>: ... elif ...: ... else: <type
    error>`, one branch a kind, at `ind`) where the value is known to be of one of its
    kinds (`tests`, as the union writes them): without the `else:` it cannot reach, and
    the only branch's body without its test. Any other lines are returned as they are.
    """
    top = [i for i, line in enumerate(lines) if line[len(ind) : len(ind) + 1] != " "]
    heads = [lines[i] for i in top]
    chain = [f"{ind}{'elif' if n else 'if'} {test}:" for n, test in enumerate(tests)]
    if (
        not tests
        or heads != [*chain, f"{ind}else:"]
        or top[-1] != len(lines) - 2
        or not lines[-1].startswith(f"{ind}    _type(")
    ):
        return lines
    if len(tests) == 1:
        return dedent(lines[1:-2])
    return lines[:-2]
