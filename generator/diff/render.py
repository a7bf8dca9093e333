"""The reports of `callspec diff`: text (one line a change), Markdown (grouped by severity,
for a pull-request comment) and JSON (for tools)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Iterator

from generator.diff.change import BREAKING, COMPATIBLE, DOCS, SEVERITIES, Change


def counts(changes: list[Change]) -> dict[str, int]:
    return {s: sum(1 for c in changes if c.severity == s) for s in SEVERITIES}


def summary(changes: list[Change]) -> str:
    n = counts(changes)
    return f"{n[BREAKING]} breaking, {n[COMPATIBLE]} compatible, {n[DOCS]} docs-only change(s)"


def render_text(changes: list[Change]) -> Iterator[str]:
    for c in changes:
        yield f"{c.severity:<10}  {c.render()}"
    yield summary(changes)


_HEADINGS = {
    BREAKING: "Breaking changes",
    COMPATIBLE: "Compatible changes",
    DOCS: "Documentation",
}


def render_markdown(changes: list[Change], old: str, new: str) -> Iterator[str]:
    yield f"## API changes: `{old}` → `{new}`"
    yield ""
    yield summary(changes) + "."
    for severity in SEVERITIES:
        group = [c for c in changes if c.severity == severity]
        if not group:
            continue
        yield ""
        yield f"### {_HEADINGS[severity]}"
        yield ""
        for c in group:
            where = f" {c.where}" if c.where else ""
            yield f"- `{c.subject}`{_md(where)}: {_md(c.message)}"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def render_json(changes: list[Change], old: str, new: str) -> dict[str, Any]:
    return {
        "old": old,
        "new": new,
        "counts": counts(changes),
        "changes": [asdict(c) for c in changes],
    }
