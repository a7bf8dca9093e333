"""Every identifier the generator emits is decided here, so artifacts never disagree."""

from __future__ import annotations

import keyword
import re
from functools import lru_cache
from typing import NewType

PythonIdentifier = NewType("PythonIdentifier", str)
"""A valid, non-keyword Python identifier (a parameter, attribute or module name)."""
ClassName = NewType("ClassName", str)
"""A valid Python class name."""

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")
_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")
# names repeat (property names, owners): a pass asks for the same one many times
_SEEN_NAMES = 1 << 14


def words(text: str) -> list[str]:
    return _WORD.findall(_NOT_WORD.sub(" ", text))


@lru_cache(maxsize=_SEEN_NAMES)
def pascal(text: str) -> str:
    out = "".join(w[:1].upper() + w[1:] for w in words(text))
    return out if out and not out[0].isdigit() else "T" + out


@lru_cache(maxsize=_SEEN_NAMES)
def snake(text: str) -> str:
    out = "_".join(w.lower() for w in words(text))
    if not out:
        out = "value"
    if out[0].isdigit():
        out = "_" + out
    return out


def python_identifier(name: str) -> PythonIdentifier:
    """A valid, non-keyword Python identifier for a wire name (`from` → `from_`)."""
    ident = name if name.isidentifier() else snake(name)
    if keyword.iskeyword(ident) or keyword.issoftkeyword(ident) and ident in {"_"}:
        ident += "_"
    return PythonIdentifier(ident)


def is_plain_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def python_class_name(name: str) -> ClassName:
    """A valid Python class name for a schema name (`2fa` → `T2fa`, `None` → `None_`)."""
    ident = name if name.isidentifier() else pascal(name)
    if keyword.iskeyword(ident):
        ident += "_"
    return ClassName(ident)


def module_name(name: str) -> PythonIdentifier:
    return python_identifier(snake(name))
