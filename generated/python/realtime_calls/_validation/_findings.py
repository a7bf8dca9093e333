"""Findings and rules: what the validator reports, and the path each finding names.

Copied verbatim into the generated package by callspec; the generated `__init__.py`
holds what the spec varies (one function per named type, the rules' data).
"""

from __future__ import annotations

import re
from typing import (
    Any,
    Callable,
    Dict,
    Final,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
)

Path = Tuple[Union[str, int], ...]
# Where a check is while it runs: `()` at the root, `(parent, key)` one step down. A step
# is one 2-tuple (no copy of the whole path); `_path` makes a finding's `Path` from it,
# so values without findings never pay for their paths.
At = Tuple[Any, ...]
Check = Callable[[Any, At, "List[Finding]"], None]


class Finding(NamedTuple):
    """One problem (``severity == "error"``) or doubt (``"warning"``) found in a value."""

    path: Path
    severity: str
    message: str
    hint: str
    rule: str

    @property
    def json_path(self) -> str:
        """The path as a JSONPath, e.g. ``$.tools[0].server_url``."""
        return json_path(self.path)

    def as_dict(self) -> Dict[str, Any]:
        return {
            "path": list(self.path),
            "json_path": self.json_path,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "rule": self.rule,
        }


class Rule(NamedTuple):
    """A rule beyond types, from the spec's ``x-callspec-rules``."""

    id: str
    severity: str
    kind: str
    applies_to: Tuple[str, ...]
    source: str
    message: Optional[str]
    params: Dict[str, Any]


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_M: Final[Any] = object()  # a missing key
_MAX_DEPTH: Final = 1000


def json_path(path: Sequence[Union[str, int]]) -> str:
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENT.match(part):
            out.append(f".{part}")
        else:
            out.append("[" + repr(part) + "]")
    return "".join(out)


def _path(at: At) -> Path:
    """The path a chain of steps (`At`) stands for: `((((), "tools"), 0), "name")` →
    `("tools", 0, "name")`."""
    keys: List[Union[str, int]] = []
    while at:
        at, key = at
        keys.append(key)
    keys.reverse()
    return tuple(keys)


# `Finding(...)` runs the named tuple's Python-level `__new__` (interpreted even when
# compiled) and `f._replace(...)` more Python: a finding is made as a plain tuple is,
# by this function held once (not looked up on `tuple` each time)
_NEW: Final = tuple.__new__


def _found(at: At, severity: str, message: str, hint: str, rule: str) -> Finding:
    """The finding at the path `at` stands for."""
    return _NEW(Finding, (_path(at), severity, message, hint, rule))


def _reworded(f: Finding, message: str, hint: str) -> Finding:
    """`f` with another message and hint (what `f._replace(...)` makes)."""
    return _NEW(Finding, (f.path, f.severity, message, hint, f.rule))


def _emit(out: List[Finding], rule: Rule, p: At, message: str) -> None:
    out.append(_found(p, rule.severity, rule.message or message, rule.source, rule.id))


def _get(value: Any, path: Sequence[str]) -> Any:
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return _M
        value = value[key]
    return value
