"""ECMA-262 regular expressions (what JSON Schema's `pattern` means) as Python `re` ones.

Python's `re` differs where it matters: `$` also matches before a trailing newline, `\\d`
and `\\w` match any Unicode digit or word character, `.` matches `\\r` and the line
separators, named groups are spelt `(?P<name>...)`, and `\\p{...}` does not exist. The
translation makes each mean what ECMA-262 says; Unicode general categories (`\\p{L}`,
`\\p{Letter}`, `\\P{Nd}`, ...) become explicit character classes, computed from the
interpreter's Unicode database. What cannot be translated (scripts, `\\D` inside a class,
...) is `None`, and the generator reports it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

_CATEGORY_NAMES = {
    "Letter": "L",
    "Cased_Letter": "LC",
    "Uppercase_Letter": "Lu",
    "Lowercase_Letter": "Ll",
    "Titlecase_Letter": "Lt",
    "Modifier_Letter": "Lm",
    "Other_Letter": "Lo",
    "Mark": "M",
    "Nonspacing_Mark": "Mn",
    "Spacing_Mark": "Mc",
    "Enclosing_Mark": "Me",
    "Number": "N",
    "Decimal_Number": "Nd",
    "digit": "Nd",
    "Letter_Number": "Nl",
    "Other_Number": "No",
    "Punctuation": "P",
    "punct": "P",
    "Connector_Punctuation": "Pc",
    "Dash_Punctuation": "Pd",
    "Open_Punctuation": "Ps",
    "Close_Punctuation": "Pe",
    "Initial_Punctuation": "Pi",
    "Final_Punctuation": "Pf",
    "Other_Punctuation": "Po",
    "Symbol": "S",
    "Math_Symbol": "Sm",
    "Currency_Symbol": "Sc",
    "Modifier_Symbol": "Sk",
    "Other_Symbol": "So",
    "Separator": "Z",
    "Space_Separator": "Zs",
    "Line_Separator": "Zl",
    "Paragraph_Separator": "Zp",
    "Other": "C",
    "Control": "Cc",
    "cntrl": "Cc",
    "Format": "Cf",
    "Surrogate": "Cs",
    "Private_Use": "Co",
    "Unassigned": "Cn",
}
_SHORT = set(_CATEGORY_NAMES.values())
_DOT = "[^\\n\\r\\u2028\\u2029]"
_DIGIT, _WORD = "0-9", "0-9A-Za-z_"
_SIMPLE = {
    "d": f"[{_DIGIT}]",
    "D": f"[^{_DIGIT}]",
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
}


def _category(name: str) -> str | None:
    name = name.removeprefix("General_Category=").removeprefix("gc=")
    code = _CATEGORY_NAMES.get(name, name)
    return code if code in _SHORT else None


@cache
def _ranges(code: str) -> str:
    """The code points of general category `code` (`L`, `Lu`, `LC`) as class ranges."""
    if code == "LC":
        wanted: tuple[str, ...] = ("Lu", "Ll", "Lt")
    else:
        wanted = (code,)
    out: list[str] = []
    start = previous = -2
    for point in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(point))
        if category in wanted or category[0] in wanted:
            if point != previous + 1:
                if start >= 0:
                    out.append(_span(start, previous))
                start = point
            previous = point
    if start >= 0:
        out.append(_span(start, previous))
    return "".join(out)


def _span(first: int, last: int) -> str:
    def one(point: int) -> str:
        return f"\\U{point:08x}" if point > 0xFFFF else f"\\u{point:04x}"

    return one(first) if first == last else f"{one(first)}-{one(last)}"


_PROPERTY = re.compile(r"[pP]\{([A-Za-z_=]+)\}")


def translate(pattern: str) -> str | None:
    """`pattern` as a Python regular expression with ECMA-262 semantics, or None."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = pattern[i + 1]
            prop = _PROPERTY.match(pattern, i + 1)
            if prop:
                code = _category(prop.group(1))
                if code is None:
                    return None
                ranges = _ranges(code)
                if e == "P":
                    if in_class:
                        return None
                    out.append(f"[^{ranges}]")
                else:
                    out.append(ranges if in_class else f"[{ranges}]")
                i = prop.end()
                continue
            if e in _SIMPLE:
                if in_class:
                    if e in "DW":
                        return None
                    out.append(_DIGIT if e == "d" else _WORD)
                else:
                    out.append(_SIMPLE[e])
            elif e == "c" and i + 2 < n and pattern[i + 2].isalpha():
                out.append(f"\\x{ord(pattern[i + 2]) % 32:02x}")
                i += 3
                continue
            elif e == "k" and pattern.startswith("<", i + 2) and not in_class:
                end = pattern.find(">", i + 3)
                if end < 0:
                    return None
                out.append(f"(?P={pattern[i + 3:end]})")
                i = end + 1
                continue
            elif e == "u" and pattern.startswith("{", i + 2):
                end = pattern.find("}", i + 3)
                if end < 0:
                    return None
                out.append(f"\\U{int(pattern[i + 3:end], 16):08x}")
                i = end + 1
                continue
            elif e.isalnum() or e in "\\.^$*+?()[]{}|/-":
                out.append(pattern[i : i + 2] if e != "/" else "/")
            else:
                out.append(re.escape(e))
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[":
                c = "\\["  # a literal in ECMA, a set operation warning in Python
            out.append(c)
        elif c == "[":
            in_class = True
            if pattern.startswith("[^]", i):  # ECMA: any character at all
                out.append("[\\s\\S]")
                i += 3
                in_class = False
                continue
            if pattern.startswith("[]", i):  # ECMA: nothing
                out.append("(?!)")
                i += 2
                in_class = False
                continue
            out.append(c)
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                return None
        elif c == "$":
            out.append("\\Z")  # the very end, never before a trailing newline
        elif c == ".":
            out.append(_DOT)
        elif c == "(" and pattern.startswith("(?<", i) and pattern[i + 3] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(c)
        i += 1
    if in_class:
        return None
    translated = "".join(out)
    try:
        re.compile(translated)
    except (re.error, OverflowError, RecursionError):
        return None
    return translated
