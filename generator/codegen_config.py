"""The codegen config (`spec/codegen.yaml`): the SDK-side decisions, typed and validated.

Read once into a frozen `CodegenConfig` (datamodel-code-generator's `extra="forbid"`
config): a key this module does not know, or a value of the wrong shape, is a located
problem (`FILE:LINE:COL`). An entry naming an operation, a schema or a rule the spec does
not have is a *stale decision* (the spec moved on, the decision stayed): `stale_decisions`
reports each by name, a warning unless the run fails on `stale-decision`.

Product knowledge lives here rather than in the generic stages: the package name, the SDK
package, the schema base URL, the origin relative documentation links point to, each
operation's SDK names (method, params class, response class), what the rules' items are
called, and for `callspec validate` the default schema and the file-name → schema table
(which also feeds the published catalog and the pre-commit hook's `files:` pattern).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Any

from generator.errors import Problem
from generator.ir.nodes import FileSchema
from generator.load import Document, load_document
from generator.load.document import pointer_join

STALE_DECISION = "stale-decision"
_STEM = re.compile(r"[a-z0-9][a-z0-9-]*")
_CLASS_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class OperationDecision:
    """What the SDK calls one operation (by operationId), in page order."""

    method: str | None = None
    params_class: str | None = None
    resource: str | None = None  # dotted (`realtime.calls`), else derived from the path
    response_class: str | None = None
    """The runtime class a binary (non-JSON) success is returned as (`_response.py`:
    `CallCreateResponse`); `BinaryResponseContent` when not given."""


@dataclass(frozen=True)
class CodegenConfig:
    package: str = "realtime_calls"
    sdk_package: str = "openai"
    schema_base_url: str = "https://schemas.callspec.dev/api"
    docs_origin: str = "https://platform.openai.com"
    """Relative links in the spec's descriptions point here."""
    default_schema: str | None = None
    """What `callspec validate` checks a file against when nothing else selects a schema;
    None: the first request body (as the client's `validate()`)."""
    file_schemas: tuple[FileSchema, ...] = ()
    """File-name stem → schema, in catalog order (generator/file_patterns.py)."""
    operations: tuple[tuple[str, OperationDecision], ...] = ()
    param_names: tuple[tuple[str, str], ...] = ()
    """Type → the name it takes where it is a method's direct parameter."""
    context_names: tuple[tuple[str, str, str], ...] = ()
    """(type, "Owner.property", name): one shape named by where it is used."""
    rule_nouns: tuple[tuple[str, str], ...] = ()
    """Rule id → what the items it speaks of are called in docs/rules.md (`tool`)."""
    value_nouns: tuple[tuple[str, str], ...] = ()
    """"Owner.property" → what an open enum's near-miss warning calls its values
    (`transcription model`); the property's name, spaced, when not given."""
    format_assertion: tuple[str, ...] = ()
    """The `format`s the generated validator asserts (JSON Schema makes `format` an
    annotation unless asked): `[uri]`, `true` (every one of ASSERTABLE_FORMATS) or
    `false` (the default). The emitted JSON Schemas keep `format` either way."""
    sdk_names: tuple[tuple[str, str, str], ...] = ()
    """(type, module, name): where the official SDK defines a type (the module under
    `<sdk>.types`, e.g. `webhooks.realtime_call_incoming_webhook_event`, and the class
    name there, e.g. `Data`); written by scripts/sdk_names.py (issues 15, 16)."""
    sdk_modules: tuple[tuple[str, str, str], ...] = ()
    """(module, name, target): the names of each SDK type module the surfaces use and
    what each stands for (`model:PATH`, `param:PATH`, `runtime:MODULE.NAME`,
    `reexport:MODULE`; generator/ir/sdk_paths.py); written by scripts/sdk_names.py."""
    document: Document | None = field(default=None, compare=False, repr=False)

    def operation(self, operation_id: str) -> OperationDecision:
        return dict(self.operations).get(operation_id, OperationDecision())

    def rule_noun(self, rule_id: str) -> str:
        return dict(self.rule_nouns).get(rule_id, "item")

    def locate(self, message: str, pointer: str) -> Problem:
        if self.document is None:
            return Problem(message)
        return self.document.problem(message, pointer)


ASSERTABLE_FORMATS = ("uri",)
"""Formats the validator runtime can assert (`_formats._is_uri`: RFC 3986 absolute-URI)."""

_STRINGS = (
    "package",
    "sdk_package",
    "schema_base_url",
    "docs_origin",
    "default_schema",
)
_SECTIONS = (
    "operations",
    "param_names",
    "context_names",
    "rule_nouns",
    "value_nouns",
    "file_schemas",
    "sdk_names",
    "sdk_modules",
)
_SDK_TARGET = re.compile(
    r"(model|param):[A-Za-z0-9_$.|\[\]{}]+|runtime:[a-z_.]+\.[A-Za-z_]\w*|reexport:[a-z_.]+"
)
_SDK_NAME = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*")
_PLACE = re.compile(r"[^.\s]+\.[^.\s]+")
_OPERATION_KEYS = ("method", "params_class", "resource", "response_class")
_FILE_KEYS = ("schema", "name", "description")


class _Reader:
    """Collects the problems of one config document, each located."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def problem(self, message: str, pointer: str) -> None:
        self.problems.append(self.doc.problem(message, pointer))

    def keys(self, data: dict[Any, Any], known: tuple[str, ...], at: str) -> None:
        for key in data:
            if key not in known:
                self.problem(
                    f"unknown key {key!r} (known: {', '.join(known)})",
                    pointer_join(at, key) if at == "" else at,
                )

    def strings(self, data: dict[Any, Any], keys: tuple[str, ...], at: str) -> None:
        for key in keys:
            if key in data and not (isinstance(data[key], str) and data[key]):
                self.problem(f"{key} must be a non-empty string", pointer_join(at, key))

    def section(self, data: dict[Any, Any], key: str) -> dict[Any, Any]:
        value = data.get(key)
        if value is not None and not isinstance(value, dict):
            self.problem(f"{key} must be a mapping", pointer_join("", key))
            value = None
        return value or {}

    def operations(
        self, section: dict[Any, Any]
    ) -> list[tuple[str, OperationDecision]]:
        operations = []
        for op_id, entry in section.items():
            at = pointer_join("/operations", op_id)
            entry = entry or {}
            if not isinstance(entry, dict):
                self.problem("an operation decision must be a mapping", at)
                continue
            self.keys(entry, _OPERATION_KEYS, at)
            for key, value in entry.items():
                if key in _OPERATION_KEYS and not isinstance(value, str):
                    self.problem(f"{key} must be a string", pointer_join(at, key))
            response = entry.get("response_class")
            if isinstance(response, str) and not _CLASS_NAME.fullmatch(response):
                self.problem(
                    "response_class must be a class name of the client's runtime",
                    pointer_join(at, "response_class"),
                )
            decision = OperationDecision(
                *(
                    v if isinstance(v := entry.get(k), str) else None
                    for k in _OPERATION_KEYS
                )
            )
            operations.append((str(op_id), decision))
        return operations

    def formats(self, value: Any) -> tuple[str, ...]:
        """`format_assertion`: a boolean or a list of ASSERTABLE_FORMATS."""
        at = "/format_assertion"
        if isinstance(value, bool):
            return ASSERTABLE_FORMATS if value else ()
        if not isinstance(value, list):
            self.problem(
                "format_assertion must be true, false or a list of formats"
                f" ({', '.join(ASSERTABLE_FORMATS)})",
                at,
            )
            return ()
        found: list[str] = []
        for index, name in enumerate(value):
            if name not in ASSERTABLE_FORMATS:
                self.problem(
                    f"format {name!r} cannot be asserted (assertable:"
                    f" {', '.join(ASSERTABLE_FORMATS)}; others stay annotations)",
                    pointer_join(at, str(index)),
                )
            elif name not in found:
                found.append(name)
        return tuple(found)

    def file_schemas(self, section: dict[Any, Any]) -> list[FileSchema]:
        found = []
        for stem, entry in section.items():
            at = pointer_join("/file_schemas", stem)
            if not isinstance(stem, str) or not _STEM.fullmatch(stem):
                self.problem(
                    "a file-name stem is lower-case letters, digits and `-`"
                    " (`realtime-session` for *.realtime-session.yaml)",
                    at,
                )
                continue
            if not isinstance(entry, dict):
                self.problem("a file schema must be a mapping with schema", at)
                continue
            self.keys(entry, _FILE_KEYS, at)
            self.strings(entry, _FILE_KEYS, at)
            if not isinstance(entry.get("schema"), str):
                self.problem("a file schema needs schema", at)
                continue
            name = entry.get("name")
            text = entry.get("description")
            found.append(
                FileSchema(
                    stem,
                    entry["schema"],
                    name if isinstance(name, str) else stem,
                    text if isinstance(text, str) else "",
                )
            )
        return found


def load_codegen(path: Path | None) -> tuple[CodegenConfig, list[Problem]]:
    """The config at `path` (defaults when None) and every problem found in it."""
    if path is None:
        return CodegenConfig(), []
    doc = load_document(path)
    reader = _Reader(doc)
    data: Any = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        reader.problem("the codegen config must be a mapping", "")
        return CodegenConfig(document=doc), reader.problems
    reader.keys(data, (*_STRINGS, *_SECTIONS, "format_assertion"), "")
    reader.strings(data, _STRINGS, "")
    strings = {k: data[k] for k in _STRINGS if isinstance(data.get(k), str) and data[k]}
    sections = {key: reader.section(data, key) for key in _SECTIONS}
    contexts: list[tuple[str, str, str]] = []
    for type_name, places in sections["context_names"].items():
        if not isinstance(places, dict):
            at = pointer_join("/context_names", type_name)
            reader.problem("context names must map `Owner.property` to a name", at)
            continue
        contexts += [(str(type_name), str(a), str(n)) for a, n in places.items()]
    for rule_id, noun in sections["rule_nouns"].items():
        if not (isinstance(noun, str) and noun):
            at = pointer_join("/rule_nouns", rule_id)
            reader.problem("a rule noun must be a non-empty string (`tool`)", at)
    for place, noun in sections["value_nouns"].items():
        at = pointer_join("/value_nouns", place)
        if not (isinstance(place, str) and _PLACE.fullmatch(place)):
            reader.problem("a value noun is keyed by `Owner.property`", at)
        elif not (isinstance(noun, str) and noun):
            reader.problem("a value noun must be a non-empty string (`model`)", at)
    sdk_names: list[tuple[str, str, str]] = []
    for type_name, where in sections["sdk_names"].items():
        if not (isinstance(where, str) and _SDK_NAME.fullmatch(where)):
            at = pointer_join("/sdk_names", type_name)
            reader.problem("an SDK name must be `module.under.types:ClassName`", at)
            continue
        module, _, name = where.partition(":")
        sdk_names.append((str(type_name), module, name))
    sdk_modules: list[tuple[str, str, str]] = []
    for module, entries in sections["sdk_modules"].items():
        if not isinstance(entries, dict):
            at = pointer_join("/sdk_modules", module)
            reader.problem("an SDK module must map names to targets", at)
            continue
        for name, target in entries.items():
            if not (isinstance(target, str) and _SDK_TARGET.fullmatch(target)):
                at = pointer_join(pointer_join("/sdk_modules", module), name)
                reader.problem(
                    "an SDK module entry is `model:PATH`, `param:PATH`,"
                    " `runtime:MODULE.NAME` or `reexport:MODULE`",
                    at,
                )
                continue
            sdk_modules.append((str(module), str(name), target))
    config = CodegenConfig(
        **strings,
        sdk_names=tuple(sdk_names),
        sdk_modules=tuple(sdk_modules),
        operations=tuple(reader.operations(sections["operations"])),
        param_names=tuple((str(k), str(v)) for k, v in sections["param_names"].items()),
        context_names=tuple(contexts),
        rule_nouns=tuple(
            (str(k), v) for k, v in sections["rule_nouns"].items() if isinstance(v, str)
        ),
        value_nouns=tuple(
            (k, v)
            for k, v in sections["value_nouns"].items()
            if isinstance(k, str) and _PLACE.fullmatch(k) and isinstance(v, str) and v
        ),
        file_schemas=tuple(reader.file_schemas(sections["file_schemas"])),
        format_assertion=reader.formats(data.get("format_assertion", False)),
        document=doc,
    )
    return config, reader.problems


def _stale(config: CodegenConfig, what: str, pointer: str) -> Problem:
    return config.locate(f"{STALE_DECISION}: {what} the spec does not have", pointer)


def stale_decisions(
    config: CodegenConfig,
    operation_ids: AbstractSet[str],
    type_names: AbstractSet[str],
    rule_ids: AbstractSet[str] = frozenset(),
) -> list[Problem]:
    """Each entry naming an operation, a schema or a rule the spec does not have, by name."""
    found = [
        _stale(config, f"operations names {op_id!r}, an operation", at)
        for op_id, _ in config.operations
        if op_id not in operation_ids
        for at in [pointer_join("/operations", op_id)]
    ]
    named = [("param_names", t) for t, _ in config.param_names]
    named += [
        ("context_names", t)
        for t in dict.fromkeys(t for t, _, _ in config.context_names)
    ]
    found += [
        _stale(config, f"{section} names {name!r}, a schema", at)
        for section, name in named
        if name not in type_names
        for at in [pointer_join("", section, name)]
    ]
    found += [
        _stale(config, f"rule_nouns names {rule_id!r}, a rule", at)
        for rule_id, _ in config.rule_nouns
        if rule_id not in rule_ids
        for at in [pointer_join("/rule_nouns", rule_id)]
    ]
    found += [
        _stale(config, f"value_nouns names {place!r}, a schema's property", at)
        for place, _ in config.value_nouns
        if place.partition(".")[0] not in type_names
        for at in [pointer_join("/value_nouns", place)]
    ]
    return found


def stale_schemas(
    config: CodegenConfig, schema_names: AbstractSet[str]
) -> list[Problem]:
    """`callspec validate`'s decisions naming a schema (request body as `calls.accept`, or
    public type) the spec does not have: checked once the API's requests are named."""
    found = []
    default = config.default_schema
    if default is not None and default not in schema_names:
        found.append(
            _stale(
                config, f"default_schema names {default!r}, a schema", "/default_schema"
            )
        )
    found += [
        _stale(config, f"file_schemas names {entry.schema!r}, a schema", at)
        for entry in config.file_schemas
        if entry.schema not in schema_names
        for at in [pointer_join("/file_schemas", entry.stem, "schema")]
    ]
    return found
