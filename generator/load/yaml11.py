"""How our PyYAML loader (YAML 1.1, timestamps kept as text) reads a plain scalar, known
without importing PyYAML: its implicit resolvers, and the value of a token simple enough
to read by hand.

Why: the fast YAML path (fast_yaml.py) only asks PyYAML how it would read a few hundred
short tokens, and importing PyYAML for that cost ~15 ms of every generation (its reader
compiles a regex over most of Unicode at import). tests/test_yaml11.py holds the table
to PyYAML's and each value read here to what PyYAML loads.
"""

from __future__ import annotations

import re
from typing import Any

STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_FLOAT = "tag:yaml.org,2002:float"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"

# PyYAML's `Resolver.add_implicit_resolver` calls (yaml/resolver.py, 6.0), in its order,
# without the timestamp one, which our loader drops
_IMPLICIT: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        _BOOL,
        re.compile(
            r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""",
            re.X,
        ),
        "yYnNtTfFoO",
    ),
    (
        _FLOAT,
        re.compile(
            r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        "-+0123456789.",
    ),
    (
        _INT,
        re.compile(
            r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
            re.X,
        ),
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), "<"),
    (_NULL, re.compile(r"""^(?: ~
                    |null|Null|NULL
                    | )$""", re.X), "~nN\0"),  # fmt: skip
    ("tag:yaml.org,2002:value", re.compile(r"^(?:=)$"), "="),
    # documentation only in PyYAML (no plain scalar starts so), but in its table
    ("tag:yaml.org,2002:yaml", re.compile(r"^(?:!|&|\*)$"), "!&*"),
)


def _table() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """The resolvers by a value's first character ("" for the empty value), as PyYAML
    keeps them in `yaml_implicit_resolvers`."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, firsts in _IMPLICIT:
        for first in firsts:
            table.setdefault("" if first == "\0" else first, []).append((tag, pattern))
    return table


RESOLVERS = _table()


def tag_of(value: str, resolvers: Any = RESOLVERS) -> str:
    """The tag PyYAML (ours: no timestamps) gives `value` as a plain scalar."""
    for tag, pattern in resolvers.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return STR


# one plain scalar as a whole document, of no indicator or escape: a number-like word
# (a sign, then a digit first; a `:` inside, not last: `2024-10-01T00:00:00Z`) or
# letters (`null`, `yes`, `Infinity`)
_SIMPLE = re.compile(r"[-+]?[0-9][0-9A-Za-z_.:+-]*(?<!:)|[A-Za-z~]+")
_BOOL_VALUES = {"yes": True, "no": False, "true": True, "false": False}
_BOOL_VALUES |= {"on": True, "off": False}
UNKNOWN: Any = object()  # what `plain_value` gives where PyYAML must be asked


def plain_value(token: str) -> Any:
    """What PyYAML (ours) loads from the document `token`, where that is plain to read
    (SafeConstructor's rules: a decimal or leading-zero octal int, a float, neither with
    `_` or `:`; a bool, null, a string), else UNKNOWN."""
    if not _SIMPLE.fullmatch(token):
        return UNKNOWN
    tag = tag_of(token)
    if tag == STR:
        return token
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOL_VALUES[token.lower()]
    if "_" in token or ":" in token:  # sexagesimal, or digits `_` separates
        return UNKNOWN
    if tag == _FLOAT:
        return float(token)  # `.inf`/`.nan` are not simple: no digit first
    unsigned = token.lstrip("+-")
    if tag != _INT or unsigned[1:2] in ("b", "x"):
        return UNKNOWN
    if unsigned[:1] == "0" and unsigned != "0":  # PyYAML's octal: `017` is 15
        return -int(unsigned, 8) if token[0] == "-" else int(unsigned, 8)
    return int(token)
