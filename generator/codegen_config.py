"""The codegen config (`spec/codegen.yaml`): the SDK-side decisions, typed and validated.

Read once into a frozen `CodegenConfig` (datamodel-code-generator's `extra="forbid"`
config): a key this module does not know, or a value of the wrong shape, is a located
problem (`FILE:LINE:COL`). An entry naming an operation or a schema the spec does not have
is a *stale decision* (the spec moved on, the decision stayed): `stale_decisions` reports
each by name, a warning unless the run fails on `stale-decision`.

Product knowledge lives here rather than in the generic emitters: the package name, the
SDK package, the schema base URL and the origin relative documentation links point to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load import Document, load_document
from generator.load.document import pointer_join

STALE_DECISION = "stale-decision"


@dataclass(frozen=True)
class OperationDecision:
    """What the SDK calls one operation (by operationId), in page order."""

    method: str | None = None
    params_class: str | None = None
    resource: str | None = None  # dotted (`realtime.calls`), else derived from the path


@dataclass(frozen=True)
class CodegenConfig:
    package: str = "realtime_calls"
    sdk_package: str = "openai"
    schema_base_url: str = "https://schemas.callspec.dev/api"
    docs_origin: str = "https://platform.openai.com"
    """Relative links in the spec's descriptions point here."""
    operations: tuple[tuple[str, OperationDecision], ...] = ()
    param_names: tuple[tuple[str, str], ...] = ()
    """Type → the name it takes where it is a method's direct parameter."""
    context_names: tuple[tuple[str, str, str], ...] = ()
    """(type, "Owner.property", name): one shape named by where it is used."""
    document: Document | None = field(default=None, compare=False, repr=False)

    def operation(self, operation_id: str) -> OperationDecision:
        return dict(self.operations).get(operation_id, OperationDecision())

    def locate(self, message: str, pointer: str) -> Problem:
        if self.document is None:
            return Problem(message)
        return self.document.problem(message, pointer)


_STRINGS = ("package", "sdk_package", "schema_base_url", "docs_origin")
_SECTIONS = ("operations", "param_names", "context_names")
_OPERATION_KEYS = ("method", "params_class", "resource")


def load_codegen(path: Path | None) -> tuple[CodegenConfig, list[Problem]]:
    """The config at `path` (defaults when None) and every problem found in it."""
    if path is None:
        return CodegenConfig(), []
    doc = load_document(path)
    problems: list[Problem] = []

    def problem(message: str, pointer: str) -> None:
        problems.append(doc.problem(message, pointer))

    data: Any = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        problem("the codegen config must be a mapping", "")
        return CodegenConfig(document=doc), problems
    for key in data:
        if key not in (*_STRINGS, *_SECTIONS):
            known = ", ".join((*_STRINGS, *_SECTIONS))
            problem(f"unknown key {key!r} (known: {known})", pointer_join("", key))
    strings: dict[str, str] = {}
    for key in _STRINGS:
        if key in data:
            if isinstance(data[key], str) and data[key]:
                strings[key] = data[key]
            else:
                problem(f"{key} must be a non-empty string", pointer_join("", key))
    sections = {}
    for key in _SECTIONS:
        value = data.get(key)
        if value is not None and not isinstance(value, dict):
            problem(f"{key} must be a mapping", pointer_join("", key))
            value = None
        sections[key] = value or {}
    operations: list[tuple[str, OperationDecision]] = []
    for op_id, entry in sections["operations"].items():
        at = pointer_join("/operations", op_id)
        entry = entry or {}
        if not isinstance(entry, dict):
            problem("an operation decision must be a mapping", at)
            continue
        for key, value in entry.items():
            if key not in _OPERATION_KEYS:
                known = ", ".join(_OPERATION_KEYS)
                problem(f"unknown key {key!r} (known: {known})", at)
            elif not isinstance(value, str):
                problem(f"{key} must be a string", pointer_join(at, key))
        operations.append(
            (
                str(op_id),
                OperationDecision(
                    *(
                        v if isinstance(v := entry.get(k), str) else None
                        for k in _OPERATION_KEYS
                    )
                ),
            )
        )
    params = [(str(k), str(v)) for k, v in sections["param_names"].items()]
    contexts: list[tuple[str, str, str]] = []
    for type_name, places in sections["context_names"].items():
        if not isinstance(places, dict):
            at = pointer_join("/context_names", type_name)
            problem("context names must map `Owner.property` to a name", at)
            continue
        contexts += [(str(type_name), str(a), str(n)) for a, n in places.items()]
    config = CodegenConfig(
        **strings,
        operations=tuple(operations),
        param_names=tuple(params),
        context_names=tuple(contexts),
        document=doc,
    )
    return config, problems


def stale_decisions(
    config: CodegenConfig, operation_ids: set[str], type_names: set[str]
) -> list[Problem]:
    """Each entry naming an operation or a schema the spec does not have, by name."""
    found: list[Problem] = []
    for op_id, _ in config.operations:
        if op_id not in operation_ids:
            found.append(
                config.locate(
                    f"{STALE_DECISION}: operations names {op_id!r}, an operation the"
                    " spec does not have",
                    pointer_join("/operations", op_id),
                )
            )
    named = [("param_names", t) for t, _ in config.param_names]
    named += [
        ("context_names", t)
        for t in dict.fromkeys(t for t, _, _ in config.context_names)
    ]
    for section, type_name in named:
        if type_name not in type_names:
            found.append(
                config.locate(
                    f"{STALE_DECISION}: {section} names {type_name!r}, a schema the"
                    " spec does not have",
                    pointer_join("", section, type_name),
                )
            )
    return found
