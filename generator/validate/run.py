"""Validate files: read, select the schema, run the generated validator, report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from generator.file_patterns import schema_for_file
from generator.validate import engine, report
from generator.validate.document import Document, ParseError, json_string
from generator.validate.loader import read
from generator.validate.readings import revise

FORMATS = ("text", "json", "github")


class Choice:
    """The schema a document is validated against, and why (contract rule 4)."""

    __slots__ = ("name", "value", "problem", "hint")

    def __init__(
        self, name: str | None, value: Any, problem: str = "", hint: str = ""
    ) -> None:
        self.name, self.value = name, value  # name None: no schema (problem says why)
        self.problem, self.hint = problem, hint


def select(
    doc: Document,
    explicit: str | None,
    path: str,
    validator: Any,
    table: engine.Selection,
) -> Choice:
    """An explicit `--schema` wins; else a root `$schema` naming one of our `$id`s; else the
    file name (`*.realtime-refer.yaml` → `calls.refer` by the validator's table,
    generator/file_patterns.py); else the default schema (`calls.accept`). A root `$schema`
    string is never validated as a key of the body. A `$schema` under our schema base that
    names none of our schemas is an error."""
    value = doc.value
    uri = value.get("$schema") if isinstance(value, dict) else None
    if not isinstance(uri, str):
        return _chosen(explicit or schema_for_file(path, table.files), value, table)
    value = {k: v for k, v in value.items() if k != "$schema"}
    named = validator.schema_for_id(uri)
    problem = hint = ""
    if named is None:
        problem, hint = _unknown_schema_uri(uri, validator)
    if explicit:
        return Choice(explicit, value, problem, hint)
    if problem:
        return Choice(None, value, problem, hint)
    return _chosen(named or schema_for_file(path, table.files), value, table)


def _chosen(name: str | None, value: Any, table: engine.Selection) -> Choice:
    """`name`, else the default schema; with neither (an API without request bodies) no
    schema, and why."""
    if name or table.default:
        return Choice(name or table.default, value)
    return Choice(
        None,
        value,
        "no schema selected for this file",
        "name one with --schema or a root $schema (`callspec validate --schema NAME`)",
    )


def _unknown_schema_uri(uri: str, validator: Any) -> tuple[str, str]:
    """('', '') for a `$schema` that is not ours (ignored), else the error and its hint."""
    base = str(getattr(validator, "SCHEMA_BASE", "")).rstrip("/")
    if not base or not uri.startswith(base + "/"):
        return "", ""
    head, _, last = uri.split("#", 1)[0].rpartition("/")
    name = last[: -len(".json")] if last.endswith(".json") else last
    names = validator.schema_names()
    guess = validator._suggest(name, names)
    message = f"$schema {json_string(uri)} names no callspec schema"
    if guess is not None:
        message += f"; did you mean {json_string(f'{head}/{guess}.json')}?"
    requests = list(getattr(validator, "REQUESTS", ())) or names
    hint = (
        f"callspec schemas under {base}/ are named <schema>.json: "
        + ", ".join(requests)
        + ", or a public type name"
    )
    return message, hint


def check_file(
    path: str,
    explicit: str | None,
    validator: Any,
    table: engine.Selection | None = None,
) -> report.FileResult:
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

        def located(
            at: tuple[Any, ...], severity: str, message: str, hint: str, rule: str
        ) -> report.Located:
            line, column = doc.position(at)
            return report.Located(
                path,
                index,
                line,
                column,
                severity,
                validator.json_path(at),
                at,
                message,
                hint,
                rule,
            )

        choice = select(
            doc, explicit, path, validator, table or engine.selection(validator)
        )
        result.schemas.append(choice.name)
        if choice.problem:
            result.findings.append(
                located(
                    ("$schema",), "error", choice.problem, choice.hint, "schema-uri"
                )
            )
        for note in doc.notes:
            found = located(note.path, "error", note.message, note.hint, note.rule)
            found.line, found.column = note.line, note.column
            result.findings.append(found)
        if choice.name is None:
            continue
        findings = validator.validate(choice.name, choice.value)
        findings = revise(doc, findings, choice.name, choice.value, validator)
        for f in findings:
            result.findings.append(
                located(tuple(f.path), f.severity, f.message, f.hint, f.rule)
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
    if schema is not None and schema not in names:
        guess = validator._suggest(schema, names)
        hint = f"; did you mean {guess!r}?" if guess else ""
        err.write(f"callspec validate: unknown schema {schema!r}{hint}\n")
        err.write("  schemas: " + ", ".join(names) + "\n")
        return 2
    table = engine.selection(validator)
    results = [check_file(path, schema, validator, table) for path in files]
    if fmt == "json":
        report.as_json(results, out)
    elif fmt == "github":
        report.github(results, out)
    else:
        report.text(results, out)
    if any(r.failure for r in results):
        return 2
    return 1 if any(r.errors for r in results) else 0
