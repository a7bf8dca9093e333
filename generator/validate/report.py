"""Findings → text, JSON or GitHub annotations."""

from __future__ import annotations

from typing import Any, TextIO


class Located:
    """A finding with its place in a file."""

    __slots__ = (
        "file",
        "document",
        "line",
        "column",
        "severity",
        "json_path",
        "path",
        "message",
        "hint",
        "rule",
    )

    def __init__(
        self,
        file: str,
        document: int | None,  # index in a multi-document YAML stream, else None
        line: int,
        column: int,
        severity: str,
        json_path: str,
        path: tuple[Any, ...],
        message: str,
        hint: str,
        rule: str,
    ) -> None:
        self.file, self.document, self.line, self.column = file, document, line, column
        self.severity, self.json_path, self.path = severity, json_path, path
        self.message, self.hint, self.rule = message, hint, rule

    @property
    def where(self) -> str:
        name = self.file if self.document is None else f"{self.file}[{self.document}]"
        return f"{name}:{self.line}:{self.column}"


class FileResult:
    def __init__(self, file: str) -> None:
        self.file = file
        self.documents = 0
        self.schemas: list[str | None] = []  # None: no schema could be chosen
        self.findings: list[Located] = []
        self.failure: Located | None = None  # unreadable or unparseable (exit 2)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def summary(results: list[FileResult]) -> dict[str, int]:
    return {
        "files": len(results),
        "invalid": sum(1 for r in results if r.errors and r.failure is None),
        "unreadable": sum(1 for r in results if r.failure is not None),
        "errors": sum(r.errors for r in results),
        "warnings": sum(r.warnings for r in results),
    }


def text(results: list[FileResult], out: TextIO, quiet: bool = False) -> None:
    for result in results:
        items = ([result.failure] if result.failure else []) + result.findings
        for f in items:
            out.write(f"{f.where}: {f.severity}: {f.json_path}: {f.message}\n")
            if f.hint:
                out.write(
                    f"    hint: {f.hint}" + (f" [{f.rule}]" if f.rule else "") + "\n"
                )
            elif f.rule:
                out.write(f"    [{f.rule}]\n")
    if not quiet:
        s = summary(results)
        parts = [f"{s['files']} file(s)", f"{s['invalid']} invalid"]
        if s["unreadable"]:
            parts.append(f"{s['unreadable']} unreadable")
        parts += [f"{s['errors']} error(s)", f"{s['warnings']} warning(s)"]
        out.write("callspec validate: " + ", ".join(parts) + "\n")


def as_json(results: list[FileResult], out: TextIO) -> None:
    import json

    def finding(f: Located) -> dict[str, Any]:
        return {
            "file": f.file,
            "document": f.document,
            "line": f.line,
            "column": f.column,
            "severity": f.severity,
            "path": list(f.path),
            "json_path": f.json_path,
            "message": f.message,
            "hint": f.hint,
            "rule": f.rule,
        }

    data = {
        "version": 1,
        "files": [
            {
                "file": r.file,
                "valid": r.failure is None and r.errors == 0,
                "documents": r.documents,
                "schemas": r.schemas,
                "error": finding(r.failure) if r.failure else None,
                "findings": [finding(f) for f in r.findings],
            }
            for r in results
        ],
        "summary": summary(results),
    }
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results: list[FileResult], out: TextIO) -> None:
    """GitHub Actions workflow commands: one `::error` / `::warning` line per finding."""
    for result in results:
        items = ([result.failure] if result.failure else []) + result.findings
        for f in items:
            level = "error" if f.severity == "error" else "warning"
            title = f"callspec {f.rule}" if f.rule else "callspec"
            props = (
                f"file={_escape_property(f.file)},line={f.line},col={f.column},"
                f"title={_escape_property(title)}"
            )
            doc = f"[{f.document}] " if f.document is not None else ""
            message = f"{doc}{f.json_path}: {f.message}" + (
                f"\n{f.hint}" if f.hint else ""
            )
            out.write(f"::{level} {props}::{_escape_data(message)}\n")
