"""What the reader knows and the validator does not: how a scalar was written (contract rule 8).

The validator sees the values a Python service gets (PyYAML `safe_load`, tomllib): an
unquoted `2026-11-24` is a `datetime.date`, `on` is true, `0123` is 83, `1e3` a string. Where
it objects to such a value, the finding is rewritten in the file's terms:

- a YAML or TOML date or time where a string is expected is an error, "quote it";
- a date anywhere else the validator lets pass (a free-form value) is an error too: it is
  not a JSON value, so the request could not be sent;
- a YAML 1.1 reading that YAML 1.2 reads otherwise gets a hint saying both readings and
  how to write the value.

"Where a string is expected" is decided by validating again with the scalar's text in its
place: if the findings at that path go away, a string was expected.
"""

from __future__ import annotations

import datetime
import json
import math
from typing import Any

from generator.validate.document import Document, JsonPath, Scalar, json_string

# Findings at a key's path that are about the key, not its value.
_ABOUT_THE_KEY = frozenset({"additionalProperties", "duplicate-key"})


def json_words(value: Any) -> str:
    """A value as JSON writes it: null, true, "text", 1.5, an object, an array."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def revise(
    doc: Document, findings: list[Any], schema: str, value: Any, validator: Any
) -> list[Any]:
    """`findings` with those at specially read scalars rewritten, plus an error for each
    date the validator let pass."""
    if not doc.scalars and not doc.dates:
        return findings
    scalars = dict(doc.scalars)
    if doc.dates:  # also the dates an alias or a merge key (<<) copied to another path
        syntax = next((x.syntax for x in scalars.values()), "YAML")
        for path, date in _dates(value):
            if path not in scalars:
                scalars[path] = Scalar(date.isoformat(), "date", syntax)
    out: list[Any] = []
    objected: dict[JsonPath, Any] = {}  # path → a value that passes there, or _NONE
    budget = min(MAX_RECHECKS, MAX_RECHECKED_VALUES // max(1, len(doc.positions)))
    for finding in findings:
        path = tuple(finding.path)
        scalar = scalars.get(path)
        if scalar is None or finding.rule in _ABOUT_THE_KEY or not _inside(value, path):
            out.append(finding)
            continue
        if path not in objected:
            if len(objected) < budget:
                objected[path] = next(
                    (
                        meant
                        for meant in _meant(scalar)
                        if _fixes(validator, schema, value, path, meant)
                    ),
                    _NONE,
                )
            else:  # past the budget: say how it was read, not what would pass
                objected[path] = _UNKNOWN
        fix = objected[path]
        read = _at(value, path)
        if scalar.kind == "date":
            out.append(_date(finding, scalar, read, fix))
        else:
            out.append(_yaml11(finding, scalar, read, fix))
    if doc.dates:
        for path, scalar in scalars.items():
            if scalar.kind == "date" and path not in objected and _inside(value, path):
                out.append(
                    validator.Finding(
                        path,
                        "error",
                        f"a date is not a JSON value ({_unquoted(scalar)})",
                        f"quote it: {json_string(scalar.text)}",
                        "date",
                    )
                )
    return out


_NONE: Any = object()  # no other writing of the scalar passes
_UNKNOWN: Any = object()  # not tried (over MAX_RECHECKS)
# Each recheck validates the whole document again: a file with thousands of specially read
# scalars that the validator objects to stays linear (past the budget a finding gets the
# reading, not the fix). At most 50 rechecks, and about a million values revalidated.
MAX_RECHECKS = 50
MAX_RECHECKED_VALUES = 1_000_000


def _dates(value: Any) -> list[tuple[JsonPath, Any]]:
    """Every date or time in `value`, with its path, in document order."""
    found: list[tuple[JsonPath, Any]] = []
    stack: list[tuple[JsonPath, Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            stack.extend((path + (k,), x) for k, x in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((path + (i,), x) for i, x in reversed(list(enumerate(item))))
        elif isinstance(item, (datetime.date, datetime.time)):
            found.append((path, item))
    return found


def _meant(scalar: Scalar) -> list[Any]:
    """What the writer may have meant: a date's text; the YAML 1.2 reading, else the text."""
    if scalar.kind == "date":
        return [scalar.text]
    return [scalar.yaml12] + ([scalar.text] if scalar.yaml12 != scalar.text else [])


def _unquoted(scalar: Scalar) -> str:
    return f"{scalar.text} unquoted is a {scalar.syntax} date"


def _date(finding: Any, scalar: Scalar, read: Any, fix: Any) -> Any:
    quote = f"quote it: {json_string(scalar.text)}"
    if fix is _UNKNOWN:
        return finding._replace(
            message=finding.message.replace(repr(read), scalar.text),
            hint=_join(
                f"{_unquoted(scalar)}; {quote} if you mean a string", finding.hint
            ),
        )
    if fix is not _NONE:  # a string was expected
        return finding._replace(
            severity="error",
            message=f"expected a string, got a date ({_unquoted(scalar)})",
            hint=quote,
            rule="date",
        )
    return finding._replace(
        message=finding.message.replace(repr(read), scalar.text),
        hint=_join(f"{_unquoted(scalar)}", finding.hint),
    )


def _yaml11(finding: Any, scalar: Scalar, read: Any, fix: Any) -> Any:
    reading = (
        f"YAML 1.1 (PyYAML's safe_load, as a Python service reads this file) reads "
        f"{scalar.text} as {_described(read)}, YAML 1.2 as {_described(scalar.yaml12)}"
    )
    if isinstance(fix, str):
        reading += f"; quote it: {json_string(scalar.text)}"
    elif fix is not _NONE and fix is not _UNKNOWN:
        reading += f"; write {_plain_number(fix)}"
    message = finding.message
    if not isinstance(read, str):  # Python's words for what was read → JSON's
        message = message.replace(repr(read), json_words(read))
    return finding._replace(message=message, hint=_join(reading, finding.hint))


def _described(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {json_string(value)}"
    return json_words(value)


def _plain_number(value: Any) -> str:
    """A number as PyYAML reads it back as that number (a float needs a dot: 1000.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return json_words(value)


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if second else first


def _at(value: Any, path: JsonPath) -> Any:
    for key in path:
        value = value[key]
    return value


def _inside(value: Any, path: JsonPath) -> bool:
    """Whether `path` is in the validated value (a root `$schema` key was taken out)."""
    for key in path:
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            return False
    return True


def _replaced(value: Any, path: JsonPath, new: Any) -> Any:
    """A copy of `value` with `path` set to `new` (only the containers on the path copied)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    copy = list(value)
    assert isinstance(head, int)
    copy[head] = _replaced(copy[head], rest, new)
    return copy


def _fixes(validator: Any, schema: str, value: Any, path: JsonPath, new: Any) -> bool:
    """Whether writing `new` at `path` leaves no error at or under `path`."""
    if not _inside(value, path):
        return False
    again = validator.validate(schema, _replaced(value, path, new))
    return not any(
        f.severity == "error" and tuple(f.path[: len(path)]) == path for f in again
    )
