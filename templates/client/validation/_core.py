"""The validator's building blocks: findings, messages and the checks every type uses.

Copied verbatim into the generated package by callspec; the generated `__init__.py`
holds what the spec varies (one function per named type, the rules' data).
"""

from __future__ import annotations

import math
import re
from typing import (
    Any,
    Callable,
    Dict,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Tuple,
    Union,
)

Path = Tuple[Union[str, int], ...]
Check = Callable[[Any, Path, "List[Finding]"], None]


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
_M: Any = object()  # a missing key
_MAX_DEPTH = 1000


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


# -- messages ---------------------------------------------------------------------------


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _what(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({_show(value)})"
    if isinstance(value, str):
        return f"a string ({_show(value)})"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    return f"a {type(value).__name__}"


def _suggest(
    word: object, options: Sequence[str], prefix: bool = False, cutoff: float = 0.6
) -> Optional[str]:
    """The nearest option; `prefix` also takes an option the word starts with ('inf')."""
    if not isinstance(word, str) or not options:
        return None
    key = (word, tuple(options), prefix, cutoff)
    if key in _SUGGESTED:
        return _SUGGESTED[key]
    if len(_SUGGESTED) > 4096:
        _SUGGESTED.clear()
    found = _SUGGESTED[key] = _nearest(word, key[1], prefix, cutoff)
    return found


_SUGGESTED: Dict[Tuple[str, Tuple[str, ...], bool, float], Optional[str]] = {}


def _nearest(
    word: str, options: Tuple[str, ...], prefix: bool, cutoff: float
) -> Optional[str]:
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    normal = word.lower().replace("-", "_").replace(" ", "_")
    for option in options:
        if option.lower().replace("-", "_") == normal:
            return option
        if prefix and len(option) >= 3 and normal.startswith(option.lower()):
            return option
    import difflib  # only when there is something to suggest

    found = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return found[0] if found else None


def _listing(values: Sequence[Any]) -> str:
    return ", ".join(repr(v) if isinstance(v, str) else _json(v) for v in values)


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return repr(value)


def _type(out: List[Finding], p: Path, value: Any, expected: str, where: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        _not_finite(out, p, value)
        return
    out.append(
        Finding(
            p,
            "error",
            f"expected {expected}, got {_what(value)}",
            f"in {where}",
            "type",
        )
    )


def _not_finite(out: List[Finding], p: Path, value: float) -> None:
    out.append(
        Finding(
            p,
            "error",
            f"{value!r} is not a JSON number",
            "NaN and infinities are not JSON; the API cannot receive them",
            "not-finite",
        )
    )


def _unknown(
    out: List[Finding], p: Path, key: Any, allowed: Tuple[str, ...], where: str
) -> None:
    guess = _suggest(key, allowed)
    message = f"unknown key {key!r}"
    if guess is not None:
        message += f"; did you mean {guess!r}?"
    hint = (
        f"{where} allows: {', '.join(allowed)}"
        if allowed
        else f"{where} allows no keys"
    )
    out.append(Finding(p + (key,), "error", message, hint, "additionalProperties"))


def _missing(
    out: List[Finding], p: Path, key: str, where: str, const: Any = _M
) -> None:
    hint = f"{where} requires {key!r}"
    if const is not _M:
        hint += f"; its value is always {_json(const) if not isinstance(const, str) else repr(const)}"
    out.append(Finding(p, "error", f"missing required key {key!r}", hint, "required"))


def _variant(variants: Mapping[str, Check], tag: Any) -> Optional[Check]:
    """The check a tagged union's tag selects, if the tag names a variant."""
    return variants.get(tag) if isinstance(tag, str) else None


def _missing_tag(
    out: List[Finding], p: Path, key: str, allowed: Tuple[str, ...]
) -> None:
    """A tagged union's value without its tag (`type`): the hint lists the tags."""
    message = f"missing required key {key!r}"
    out.append(Finding(p, "error", message, "one of: " + _listing(allowed), "required"))


def _enum(out: List[Finding], p: Path, value: Any, allowed: Tuple[Any, ...]) -> None:
    strings = [a for a in allowed if isinstance(a, str)]
    guess = _suggest(value, strings, prefix=True)
    if len(allowed) == 1:
        message = f"expected {_listing(allowed)}, got {_show(value)}"
        rule = "const"
    else:
        message = f"{_show(value)} is not one of {_listing(allowed)}"
        rule = "enum"
    if guess is not None:
        message += f"; did you mean {guess!r}?"
    out.append(Finding(p, "error", message, f"allowed: {_listing(allowed)}", rule))


def _open(
    out: List[Finding], p: Path, value: str, known: Tuple[str, ...], noun: str
) -> None:
    key = (id(known), value)  # `known` is a module constant: its id is stable
    if key in _NEAR:
        guess = _NEAR[key]
    else:
        if len(_NEAR) > 4096:
            _NEAR.clear()
        guess = _NEAR[key] = _near_miss(value, known)
    if guess is None:
        return
    out.append(
        Finding(
            p,
            "warning",
            f"{value!r} is not {noun}; did you mean {guess!r}?",
            f"custom values are allowed; known: {', '.join(known)}",
            "open-enum-near-miss",
        )
    )


_NEAR: Dict[Tuple[int, str], Optional[str]] = {}


def _near_miss(value: str, known: Tuple[str, ...]) -> Optional[str]:
    for k in known:  # a dated snapshot or a new version of a known value
        if value.startswith(k + "-") and value[len(k) + 1 : len(k) + 2].isdigit():
            return None
    guess = _suggest(value, known, cutoff=0.8)
    return None if guess == value else guess


def _bound(out: List[Finding], p: Path, value: Any, keyword: str, limit: Any) -> None:
    words = {
        "minimum": "at least",
        "maximum": "at most",
        "exclusiveMinimum": "greater than",
        "exclusiveMaximum": "less than",
        "minLength": "a length of at least",
        "maxLength": "a length of at most",
        "minItems": "at least {} item(s)",
        "maxItems": "at most {} item(s)",
    }
    word = words[keyword]
    wanted = word.format(limit) if "{}" in word else f"{word} {_json(limit)}"
    out.append(
        Finding(
            p,
            "error",
            f"{_show(value)} is out of range: expected {wanted}",
            "",
            keyword,
        )
    )


def _never(out: List[Finding], p: Path) -> None:
    """The schema `false`: no value is allowed here (e.g. `items: false`)."""
    out.append(Finding(p, "error", "no value is allowed here", "", "false"))


def _pattern(out: List[Finding], p: Path, value: str, pattern: str) -> None:
    out.append(
        Finding(p, "error", f"{_show(value)} does not match {pattern!r}", "", "pattern")
    )


def _is_int(value: Any) -> bool:
    if isinstance(value, int):
        return not isinstance(value, bool)
    return isinstance(value, float) and value.is_integer()


def _is_num(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not isinstance(value, float) or math.isfinite(value)
    return False


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return bool(a == b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and bool(a == b)


def _all_finite(value: Any) -> bool:
    """A quick look without paths; False when unsure (cycles, huge or unusual values)."""
    todo = [value]
    budget = 100_000
    while todo:
        budget -= 1
        if budget < 0:
            return False
        item = todo.pop()
        kind = type(item)
        if kind is dict:
            values: Any = item.values()
        elif kind is list or kind is tuple:
            values = item
        elif kind is float:
            if item - item != 0:
                return False
            continue
        elif kind is str or kind is int or kind is bool or item is None:
            continue
        else:
            return False
        for x in values:
            kind = type(x)
            if kind is str or kind is int or kind is bool or x is None:
                continue
            if kind is float:
                if x - x != 0:
                    return False
            else:
                todo.append(x)
    return True


def _finite(value: Any, p: Path, out: List[Finding]) -> None:
    """Free-form values: any JSON, but no NaN or infinity anywhere inside."""
    if _all_finite(value):
        return
    stack: List[Tuple[Any, Path]] = [(value, p)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                _not_finite(out, at, item)
        elif isinstance(item, dict):
            if len(at) - len(p) > _MAX_DEPTH:
                out.append(Finding(at, "error", "nested too deeply", "", "depth"))
                continue
            stack.extend((x, at + (k,)) for k, x in item.items())
        elif isinstance(item, (list, tuple)):
            if len(at) - len(p) > _MAX_DEPTH:
                out.append(Finding(at, "error", "nested too deeply", "", "depth"))
                continue
            stack.extend((x, at + (i,)) for i, x in enumerate(item))


def _errors(found: List[Finding]) -> int:
    return sum(1 for f in found if f.severity == "error")


def _best(value: Any, p: Path, out: List[Finding], checks: Sequence[Check]) -> None:
    """A union without a usable tag: the first member without errors, else the closest."""
    best: Optional[List[Finding]] = None
    best_score = (0, 0)
    for check in checks:
        found: List[Finding] = []
        check(value, p, found)
        errors = _errors(found)
        if errors == 0:
            out.extend(found)
            return
        unknown = sum(1 for f in found if f.rule == "additionalProperties")
        score = (unknown, errors)
        if best is None or score < best_score:
            best, best_score = found, score
    if best is not None:
        out.extend(best)


def _one(value: Any, p: Path, out: List[Finding], checks: Sequence[Check]) -> None:
    """`oneOf`: exactly one member matches; none gives the closest member's findings."""
    matched: List[List[Finding]] = []
    for check in checks:
        found: List[Finding] = []
        check(value, p, found)
        if _errors(found) == 0:
            matched.append(found)
    if len(matched) == 1:
        out.extend(matched[0])
    elif matched:
        message = f"matches {len(matched)} of the forms where exactly one is allowed"
        out.append(Finding(p, "error", message, "", "oneOf"))
    else:
        _best(value, p, out, checks)


def _tag(
    out: List[Finding], p: Path, tag: Any, key: str, allowed: Tuple[str, ...]
) -> None:
    guess = _suggest(tag, allowed, prefix=True)
    message = f"unknown {key} {_show(tag)}; expected one of {_listing(allowed)}"
    if guess is not None:
        message += f"; did you mean {guess!r}?"
    out.append(
        Finding(
            p + (key,),
            "error",
            message,
            f"the {key!r} key selects the variant: {_listing(allowed)}",
            "discriminator",
        )
    )


# -- rules beyond types (x-callspec-rules): one function per kind -----------------------


def _emit(out: List[Finding], rule: Rule, p: Path, message: str) -> None:
    out.append(Finding(p, rule.severity, rule.message or message, rule.source, rule.id))


def _get(value: Any, path: Sequence[str]) -> Any:
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return _M
        value = value[key]
    return value
