"""Messages: a value in JSON's words, the nearest allowed word, and the finding each failed
check reports (type, unknown or missing key, enum, bound, pattern, tag).

Copied verbatim into the generated package by callspec.
"""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ._findings import _M, At, Finding, _found


def _show(value: Any) -> str:
    """A value in JSON's words (null, true, "text"), shortened to 60 characters."""
    text = _json(value)
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
    word: object, options: Sequence[Any], prefix: bool = False, cutoff: float = 0.6
) -> Optional[str]:
    """The nearest option (of the strings among `options`); `prefix` also takes an
    option the word starts with ('inf')."""
    if not isinstance(word, str) or not options:
        return None
    if type(options) is not tuple:
        options = tuple(options)
    # by the word, then the options: usually the same constant, so `is` answers; a
    # key holding the options would hash all of them at every look-up
    seen = _SUGGESTED.get(word)
    if seen is None:
        if len(_SUGGESTED) > 4096:
            _SUGGESTED.clear()
        seen = _SUGGESTED[word] = []
    for known, near, cut, found in seen:
        if (known is options or known == options) and near == prefix and cut == cutoff:
            return found
    found = _nearest(word, options, prefix, cutoff)
    seen.append((options, prefix, cutoff, found))
    return found


_SUGGESTED: Dict[str, List[Tuple[Sequence[Any], bool, float, Optional[str]]]] = {}


def _nearest(
    word: str, options: Sequence[Any], prefix: bool, cutoff: float
) -> Optional[str]:
    strings = [o for o in options if isinstance(o, str)]
    if not strings:
        return None
    lowered = {o.lower(): o for o in strings}
    if word.lower() in lowered:
        return lowered[word.lower()]
    normal = word.lower().replace("-", "_").replace(" ", "_")
    for option in strings:
        if option.lower().replace("-", "_") == normal:
            return option
        if prefix and len(option) >= 3 and normal.startswith(option.lower()):
            return option
    import difflib  # only when there is something to suggest

    found = difflib.get_close_matches(word, strings, n=1, cutoff=cutoff)
    return found[0] if found else None


def _listing(values: Sequence[Any]) -> str:
    # allowed strings (module constants) are listed once; only all-string tuples are
    # cached, so equal-but-different values (1 and true) never share an entry
    listed: Optional[str] = None
    if type(values) is tuple:
        try:
            listed = _LISTED.get(values)
        except TypeError:  # an object or array among the values
            pass
    if listed is None:
        listed = ", ".join(_json(v) for v in values)
        if type(values) is tuple and all(type(v) is str for v in values):
            if len(_LISTED) > 4096:
                _LISTED.clear()
            _LISTED[values] = listed
    return listed


_LISTED: Dict[Tuple[str, ...], str] = {}


def _json(value: Any) -> str:
    """JSON's words for a value: null, true/false, "text"; Python's repr for what JSON
    cannot say (NaN, infinities, dates a YAML or TOML file holds)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is str and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # the common case, without json.dumps
    if kind is int:
        return str(value)
    if kind is float:  # json.dumps writes a finite one as its repr; without the call
        return repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, (str, int, float, list, tuple, dict)):
        try:
            return json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            pass
    return repr(value)


def _type(out: List[Finding], p: At, value: Any, expected: str, where: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        _not_finite(out, p, value)
        return
    out.append(
        _found(
            p,
            "error",
            f"expected {expected}, got {_what(value)}",
            f"in {where}",
            "type",
        )
    )


def _not_finite(out: List[Finding], p: At, value: float) -> None:
    out.append(
        _found(
            p,
            "error",
            f"{value!r} is not a JSON number",
            "NaN and infinities are not JSON; the API cannot receive them",
            "not-finite",
        )
    )


def _unknown(
    out: List[Finding], p: At, key: Any, allowed: Tuple[str, ...], where: str
) -> None:
    guess = _suggest(key, allowed)
    message = f"unknown key {_json(key)}"
    if guess is not None:
        message += f"; did you mean {_json(guess)}?"
    hint = (
        f"{where} allows: {', '.join(allowed)}"
        if allowed
        else f"{where} allows no keys"
    )
    out.append(_found((p, key), "error", message, hint, "additionalProperties"))


def _missing(out: List[Finding], p: At, key: str, where: str, const: Any = _M) -> None:
    # by value (an id is not stable once compiled); a constant is a plain JSON scalar
    words = (key, where, const) if type(const) is str or const is _M else None
    said = _MISSING.get(words) if words is not None else None
    if said is None:
        hint = f"{where} requires {_json(key)}"
        if const is not _M:
            hint += f"; its value is always {_json(const)}"
        said = (f"missing required key {_json(key)}", hint)
        if words is not None:
            if len(_MISSING) > 4096:
                _MISSING.clear()
            _MISSING[words] = said
    out.append(_found(p, "error", said[0], said[1], "required"))


_MISSING: Dict[Tuple[str, str, Any], Tuple[str, str]] = {}


def _missing_tag(out: List[Finding], p: At, key: str, allowed: Tuple[str, ...]) -> None:
    """A tagged union's value without its tag (`type`): the hint lists the tags."""
    message = f"missing required key {_json(key)}"
    out.append(_found(p, "error", message, "one of: " + _listing(allowed), "required"))


def _enum(out: List[Finding], p: At, value: Any, allowed: Tuple[Any, ...]) -> None:
    guess = _suggest(value, allowed, prefix=True)  # the nearest of its strings
    if len(allowed) == 1:
        message = f"expected {_listing(allowed)}, got {_show(value)}"
        rule = "const"
    else:
        message = f"{_show(value)} is not one of {_listing(allowed)}"
        rule = "enum"
    if guess is not None:
        message += f"; did you mean {_json(guess)}?"
    out.append(_found(p, "error", message, f"allowed: {_listing(allowed)}", rule))


def _open(
    out: List[Finding], p: At, value: str, known: Tuple[str, ...], noun: str
) -> None:
    # by the value, then the known values (as `_suggest` keeps its answers)
    seen = _NEAR.get(value)
    if seen is None:
        if len(_NEAR) > 4096:
            _NEAR.clear()
        seen = _NEAR[value] = []
    for values, near in seen:
        if values is known or values == known:
            guess = near
            break
    else:
        guess = _near_miss(value, known)
        seen.append((known, guess))
    if guess is None:
        return
    out.append(
        _found(
            p,
            "warning",
            f"{_json(value)} is not {noun}; did you mean {_json(guess)}?",
            f"custom values are allowed; known: {', '.join(known)}",
            "open-enum-near-miss",
        )
    )


_NEAR: Dict[str, List[Tuple[Tuple[str, ...], Optional[str]]]] = {}


def _near_miss(value: str, known: Tuple[str, ...]) -> Optional[str]:
    for k in known:  # a dated snapshot or a new version of a known value
        if value.startswith(k + "-") and value[len(k) + 1 : len(k) + 2].isdigit():
            return None
    guess = _suggest(value, known, cutoff=0.8)
    return None if guess == value else guess


def _bound(out: List[Finding], p: At, value: Any, keyword: str, limit: Any) -> None:
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
        _found(
            p,
            "error",
            f"{_show(value)} is out of range: expected {wanted}",
            "",
            keyword,
        )
    )


def _numeral(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _never(out: List[Finding], p: At) -> None:
    """The schema `false`: no value is allowed here (e.g. `items: false`)."""
    out.append(_found(p, "error", "no value is allowed here", "", "false"))


def _pattern(out: List[Finding], p: At, value: str, pattern: str) -> None:
    out.append(
        _found(
            p,
            "error",
            f"{_show(value)} does not match {_json(pattern)}",
            "",
            "pattern",
        )
    )


def _tag(
    out: List[Finding], p: At, tag: Any, key: str, allowed: Tuple[str, ...]
) -> None:
    guess = _suggest(tag, allowed, prefix=True)
    message = f"unknown {key} {_show(tag)}; expected one of {_listing(allowed)}"
    if guess is not None:
        message += f"; did you mean {_json(guess)}?"
    out.append(
        _found(
            (p, key),
            "error",
            message,
            f"the {_json(key)} key selects the variant: {_listing(allowed)}",
            "discriminator",
        )
    )
