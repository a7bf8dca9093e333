"""Unions: the variant a tag selects, the closest member of an untagged union, `oneOf`,
and the wording of unions of plain values and of string modes.

Copied verbatim into the generated package by callspec.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Sequence, Tuple

from ._findings import At, Check, Finding, _found, _path, _reworded
from ._messages import _json, _numeral, _what


def _forms(value: Any, p: At, out: List[Finding], check: Check, forms: str) -> None:
    """A union of plain values: an error on the value itself states every allowed form
    (`expected an integer 1–4096 or "inf", got a string ("4096")`)."""
    found: List[Finding] = []
    check(value, p, found)
    if not found:
        return
    here = _path(p)
    for f in found:
        if f.severity == "error" and f.path == here:
            at = f.message.find("; did you mean ")
            message = f"expected {forms}, got {_what(value)}"
            hint = "" if f.hint.startswith("allowed: ") else f.hint
            if (
                isinstance(value, str)
                and _numeral(value)
                and ("integer" in forms or "number" in forms)
            ):
                hint = (
                    f"{_json(value)} is a string; write {value.strip()} without quotes"
                )
            f = _reworded(f, message + (f.message[at:] if at >= 0 else ""), hint)
        out.append(f)


def _string_form(
    value: Any,
    p: At,
    out: List[Finding],
    check: Check,
    modes: Tuple[str, ...],
    name: str,
) -> None:
    """An object where a string mode was meant (`truncation: {type: auto}`): the first
    error's hint gives the string form."""
    found: List[Finding] = []
    check(value, p, found)
    if not found:
        return
    named = [x for x in value.values() if isinstance(x, str) and x in modes]
    if p and isinstance(p[1], str):
        name = p[1]  # the key it stands under (`truncation`), else the type's name
    for index, f in enumerate(found):
        if named and f.severity == "error":
            hint = f"write {name}: {_json(named[0])} (a string mode), not an object"
            found[index] = _reworded(
                f, f.message, hint + ("; " + f.hint if f.hint else "")
            )
            break
    out.extend(found)


def _errors(found: List[Finding]) -> int:
    return sum(1 for f in found if f.severity == "error")


def _best(value: Any, p: At, out: List[Finding], checks: Sequence[Check]) -> None:
    """A union without a usable tag: the first member without errors, else the closest."""
    best: Optional[List[Finding]] = None
    best_score = (0, 0)
    for check in checks:
        found: List[Finding] = []
        check(value, p, found)
        if not found:  # the usual match: nothing to count
            return
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


def _one(value: Any, p: At, out: List[Finding], checks: Sequence[Check]) -> None:
    """`oneOf`: exactly one member matches; none gives the closest member's findings."""
    matched: List[List[Finding]] = []
    for check in checks:
        found: List[Finding] = []
        check(value, p, found)
        if not found or _errors(found) == 0:
            matched.append(found)
    if len(matched) == 1:
        out.extend(matched[0])
    elif matched:
        message = f"matches {len(matched)} of the forms where exactly one is allowed"
        out.append(_found(p, "error", message, "", "oneOf"))
    else:
        _best(value, p, out, checks)
