"""OpenAPI document → IR, as passes: schemas, operations (with resources), checks,
naming, rules. Every problem of every pass is collected and raised once, with every
location."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.codegen_config import (
    CodegenConfig,
    STALE_DECISION,
    load_codegen,
    stale_decisions,
    stale_schemas,
)
from generator.errors import Problem, SpecError
from generator.ir import nodes as ir
from generator.ir.sdk_paths import resolve
from generator.ir.checks import check_alias_cycles
from generator.ir.naming import (
    check_names,
    name_inline_objects,
    naming_of,
    resolve_operation_names,
)
from generator.ir.operations import Builder
from generator.ir.resources import derive_resource
from generator.ir.rules import build_rules
from generator.ir.schemas import COMPONENT_PREFIX, MAX_SCHEMA_DEPTH
from generator.ir.util import component_of, seq, text_or_none
from generator.ir.walk import closure, references, schema_names, type_names
from generator.ir.webhooks import build_webhooks
from generator.load import Document
from generator.load.document import pointer_join
from generator.load.upstream import effective_document

__all__ = [
    "COMPONENT_PREFIX",
    "MAX_SCHEMA_DEPTH",
    "build_api",
    "derive_resource",
    "references",
]


def operation_ids(data: dict[str, Any]) -> set[str]:
    """Every operationId of the document (all paths, whatever `--paths` selects)."""
    found: set[str] = set()
    paths = data.get("paths") if isinstance(data, dict) else None
    for item in paths.values() if isinstance(paths, dict) else ():
        for op in item.values() if isinstance(item, dict) else ():
            if isinstance(op, dict) and isinstance(op.get("operationId"), str):
                found.add(op["operationId"])
    return found


def upstream_of(builder: Builder, info: dict[str, Any]) -> dict[str, str]:
    """`info.x-callspec-upstream`: which upstream commit (and its date) the spec is from."""
    raw = info.get("x-callspec-upstream")
    if raw is None:
        return {}
    pointer = "/info/x-callspec-upstream"
    if not isinstance(raw, dict):
        builder.fail("must be a mapping with `commit` and `date`", pointer)
        return {}
    commit: Any = raw.get("commit")
    date: Any = raw.get("date")
    if not isinstance(commit, str) or not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        builder.fail(
            "`commit` must be a git commit id (7-40 hex digits)", pointer + "/commit"
        )
        return {}
    if hasattr(date, "isoformat"):  # YAML reads an unquoted 2026-05-13 as a date
        date = date.isoformat()
    if not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        builder.fail("`date` must be the commit's date, YYYY-MM-DD", pointer + "/date")
        return {}
    return {"upstream_commit": commit, "upstream_date": date}


def build_api(
    spec: Path,
    codegen_path: Path | None = None,
    paths: tuple[str, ...] = (),
    fail_on: frozenset[str] = frozenset(),
    overlays: tuple[Path, ...] = (),
    upstream: str | None = None,
    document: Document | None = None,
) -> ir.Api:
    """Load `spec` (and its codegen config) and build the IR, or raise SpecError.
    `fail_on` holds the warning kinds that are errors in this run (`stale-decision`).
    `spec` may be an upstream config (upstream slice + overlays, generator/load/upstream.py);
    `document`, when given, is the effective document already loaded (`callspec update`).
    """
    if document is None:
        document = effective_document(spec, overlays, upstream).document
    codegen, problems = load_codegen(codegen_path)
    builder = Builder(document, codegen)
    builder.problems += problems
    data = document.data
    if not str(data.get("openapi", "")).startswith("3."):
        builder.fail("not an OpenAPI 3.x document (missing `openapi: 3.x`)", "/openapi")
    builder.build_components()
    operations = builder.operations(paths)
    check_names(builder)
    check_alias_cycles(builder)
    operations = resolve_operation_names(builder, operations)
    webhooks = build_webhooks(builder, data)
    rules = tuple(
        replace(rule, noun=codegen.rule_noun(rule.id))
        for rule in build_rules(builder, data)
    )
    stale = stale_decisions(
        codegen, operation_ids(data), set(builder.types), {r.id for r in rules}
    )
    if STALE_DECISION in fail_on:
        builder.problems += stale
    else:
        builder.warnings += stale
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    provenance = upstream_of(builder, info)
    if builder.problems:
        raise SpecError(list(dict.fromkeys(builder.problems)))
    types, operations = name_inline_objects(builder.types, operations)
    known = type_names(types)
    sdk_stale = [
        codegen.locate(
            f"{STALE_DECISION}: sdk_names names {name!r}, a type the spec does not have",
            pointer_join("/sdk_names", name),
        )
        for name, _, _ in codegen.sdk_names
        if name not in known and not paths
    ]
    if STALE_DECISION in fail_on and sdk_stale:
        raise SpecError(sdk_stale)
    builder.warnings += sdk_stale
    if paths:
        # `--paths` selects REST paths; webhooks and realtime events are not paths, so
        # a selection keeps them and what they reach (the client is built from them)
        events = (ir.SERVER_EVENT_UNION, ir.CLIENT_EVENT_UNION)
        types = closure(types, operations, (*(w.payload for w in webhooks), *events))
    schemes = (data.get("components") or {}).get("securitySchemes")
    schemes = schemes if isinstance(schemes, dict) else {}
    api = ir.Api(
        title=str(info.get("title", "API")),
        version=str(info.get("version", "0")),
        description=text_or_none(info.get("description")),
        servers=tuple(
            str(s.get("url")) for s in seq(data.get("servers")) if isinstance(s, dict)
        ),
        types=types,
        operations=tuple(operations),
        warnings=tuple(
            p.render().replace(": error", ": warning", 1)
            for p in dict.fromkeys(builder.warnings)
            if component_of(p.pointer) in types or component_of(p.pointer) is None
        ),
        naming=naming_of(codegen),
        package=codegen.package,
        sdk_package=codegen.sdk_package,
        schema_base_url=codegen.schema_base_url.rstrip("/"),
        docs_origin=codegen.docs_origin.rstrip("/"),
        format_assertion=codegen.format_assertion,
        value_nouns=codegen.value_nouns,
        reasoning_models=seq(data.get("x-callspec-reasoning-models")),
        security_schemes=tuple(sorted(schemes.items())),
        license=info.get("license"),
        **provenance,
        rules=rules,
        default_schema=codegen.default_schema,
        file_schemas=codegen.file_schemas,
        webhooks=webhooks,
        sdk_names=codegen.sdk_names,
        sdk_modules=codegen.sdk_modules,
    )
    if paths:  # a request `--paths` leaves out is not a stale decision
        return api
    # request bodies are named once the API is (`calls.accept`): checked last
    late = stale_schemas(codegen, set(schema_names(api)))
    late += stale_sdk_paths(codegen, api)
    if late and STALE_DECISION in fail_on:
        raise SpecError(late)
    warnings = (p.render().replace(": error", ": warning", 1) for p in late)
    return replace(api, warnings=api.warnings + tuple(warnings))


def stale_sdk_paths(codegen: CodegenConfig, api: ir.Api) -> list[Problem]:
    """`sdk_modules:` entries whose spec path no longer exists (a stale decision)."""
    out = []
    for module, name, target in codegen.sdk_modules:
        kind, _, path = target.partition(":")
        if kind not in ("model", "param"):
            continue
        try:
            resolve(api, path)
        except KeyError as exc:
            at = pointer_join(pointer_join("/sdk_modules", module), name)
            out.append(codegen.locate(f"{STALE_DECISION}: {exc.args[0]}", at))
    return out
