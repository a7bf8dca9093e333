"""Validate files: read, select the schema, run the generated validator, report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from generator.validate import engine, report
from generator.validate.loader import Document, ParseError, read

DEFAULT_SCHEMA = "calls.accept"
FORMATS = ("text", "json", "github")


def select(doc: Document, default: str, validator: Any) -> tuple[str, Any]:
    """The schema name for a document and the value to validate (root `$schema` dropped)."""
    value = doc.value
    if isinstance(value, dict) and isinstance(value.get("$schema"), str):
        chosen = validator.schema_for_id(value["$schema"])
        value = {k: v for k, v in value.items() if k != "$schema"}  # otherwise ignored
        return chosen or default, value
    return default, value


def check_file(path: str, default: str, validator: Any) -> report.FileResult:
    result = report.FileResult(path)
    try:
        documents = read(Path(path))
    except ParseError as exc:
        result.failure = report.Located(
            path,
            None,
            exc.line or 1,
            exc.column or 1,
            "error",
            "$",
            (),
            f"cannot parse: {exc.message}" if exc.line else exc.message,
            "",
            "parse",
        )
        return result
    result.documents = len(documents)
    multi = len(documents) > 1
    for doc in documents:
        index = doc.index if multi else None
        name, value = select(doc, default, validator)
        result.schemas.append(name)
        for note in doc.notes:
            result.findings.append(
                report.Located(
                    path,
                    index,
                    note.line,
                    note.column,
                    "error",
                    validator.json_path(note.path),
                    note.path,
                    note.message,
                    note.hint,
                    note.rule,
                )
            )
        for f in validator.validate(name, value):
            line, column = doc.position(f.path)
            result.findings.append(
                report.Located(
                    path,
                    index,
                    line,
                    column,
                    f.severity,
                    f.json_path,
                    f.path,
                    f.message,
                    f.hint,
                    f.rule,
                )
            )
    result.findings.sort(key=lambda f: (f.document or 0, f.line, f.column))
    return result


def run(
    files: list[str],
    schema: str | None,
    fmt: str,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Validate `files`; the exit code: 0 valid, 1 invalid, 2 usage or unreadable."""
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (
        out,
        err,
    ):  # lone surrogates (from a file's `\ud800` or name) print escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    try:
        validator = engine.load()
    except RuntimeError as exc:
        err.write(f"callspec validate: {exc}\n")
        return 2
    names = validator.schema_names()
    default = schema or DEFAULT_SCHEMA
    if default not in names:
        guess = validator._suggest(default, names)
        hint = f"; did you mean {guess!r}?" if guess else ""
        err.write(f"callspec validate: unknown schema {default!r}{hint}\n")
        err.write("  schemas: " + ", ".join(names) + "\n")
        return 2
    results = [check_file(path, default, validator) for path in files]
    if fmt == "json":
        report.as_json(results, out)
    elif fmt == "github":
        report.github(results, out)
    else:
        report.text(results, out)
    if any(r.failure for r in results):
        return 2
    return 1 if any(r.errors for r in results) else 0
