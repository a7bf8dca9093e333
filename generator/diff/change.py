"""What a change is, its severities and the sides a type is used on: the vocabulary shared by
the comparison (`compare.py`, `shapes.py`, `rules.py`) and the reports (`render.py`)."""

from __future__ import annotations

from dataclasses import dataclass

BREAKING, COMPATIBLE, DOCS = "breaking", "compatible", "docs-only"
SEVERITIES = (BREAKING, COMPATIBLE, DOCS)
REQUEST, RESPONSE = "request", "response"


@dataclass(frozen=True)
class Change:
    severity: str
    subject: str  # operation (`realtime.calls.accept`) or type name
    where: str  # the field, parameter or value inside it; "" for the subject itself
    message: str

    def render(self) -> str:
        where = f" {self.where}" if self.where else ""
        return f"{self.subject}{where}: {self.message}"


def num(value: float | None) -> str:
    """A bound as the reports write it: `none`, `3` for 3.0, `0.5`."""
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else str(value)


def range_change(
    name: str, before: float | None, after: float | None, *, low: bool
) -> tuple[str, bool]:
    """(message, tightened) for one bound that changed: a bound appearing, a lower bound
    going up or an upper bound going down tightens the range. One wording for the bounds of
    a type and of a rule (`int-range`), so the two reports read alike."""
    if before is None:
        tightened = True
    elif after is None:
        tightened = False
    else:
        tightened = after > before if low else after < before
    verb = "range tightened" if tightened else "range widened"
    return f"{verb}: {name} {num(before)} → {num(after)}", tightened
