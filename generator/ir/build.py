"""OpenAPI document → IR, as passes: schemas, operations (with resources), checks,
naming, rules. Every problem of every pass is collected and raised once, with every
location."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.errors import SpecError
from generator.ir import nodes as ir
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
from generator.ir.walk import closure, references
from generator.load import load_document

__all__ = [
    "COMPONENT_PREFIX",
    "MAX_SCHEMA_DEPTH",
    "build_api",
    "derive_resource",
    "references",
]


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
    spec: Path, codegen_path: Path | None = None, paths: tuple[str, ...] = ()
) -> ir.Api:
    """Load `spec` (and its codegen config) and build the IR, or raise SpecError."""
    document = load_document(spec)
    codegen_doc = load_document(codegen_path) if codegen_path is not None else None
    codegen = dict(codegen_doc.data) if codegen_doc is not None else {}
    builder = Builder(document, codegen)
    data = document.data
    if not str(data.get("openapi", "")).startswith("3."):
        builder.fail("not an OpenAPI 3.x document (missing `openapi: 3.x`)", "/openapi")
    builder.build_components()
    operations = builder.operations(paths)
    check_names(builder, codegen, codegen_doc)
    check_alias_cycles(builder)
    operations = resolve_operation_names(builder, operations)
    rules = build_rules(builder, data)
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    upstream = upstream_of(builder, info)
    if builder.problems:
        raise SpecError(list(dict.fromkeys(builder.problems)))
    types, operations = name_inline_objects(builder.types, operations)
    if paths:
        types = closure(types, operations)
    schemes = (data.get("components") or {}).get("securitySchemes")
    schemes = schemes if isinstance(schemes, dict) else {}
    return ir.Api(
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
        package=str(codegen.get("package", "realtime_calls")),
        sdk_package=str(codegen.get("sdk_package", "openai")),
        schema_base_url=str(
            codegen.get("schema_base_url", "https://schemas.callspec.dev/api")
        ).rstrip("/"),
        reasoning_models=seq(data.get("x-callspec-reasoning-models")),
        security_schemes=tuple(sorted(schemes.items())),
        license=info.get("license"),
        **upstream,
        rules=rules,
    )
