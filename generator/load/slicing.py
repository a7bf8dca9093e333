"""The slice of an upstream document: the roots `spec/upstream.yaml` names and the closure
of what they reference, un-aliased (every value its own copy: 5162af9 shares lists by YAML
alias, and an overlay must change one place only).
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem, SpecError
from generator.load.document import Document
from generator.load.upstream_config import SliceRoots

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_KEPT_TOP_LEVEL = ("openapi", "info", "servers", "security")


def unalias(value: Any) -> Any:
    """A copy of `value` in which no mapping or list is shared (YAML aliases expanded).
    Depth is bounded by the loader (MAX_DEPTH), so recursion is safe."""
    if isinstance(value, dict):
        return {k: unalias(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unalias(v) for v in value]
    return value


def refs(value: Any) -> list[str]:
    """Every local `$ref` (`#/...`) in `value`, in document (depth-first) order."""
    found: list[str] = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                found.append(ref)
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            stack.extend(reversed(current))
    return found


def _security_names(value: Any) -> set[str]:
    names: set[str] = set()
    for requirement in value if isinstance(value, list) else ():
        if isinstance(requirement, dict):
            names.update(str(k) for k in requirement)
    return names


def slice_document(document: Document, roots: SliceRoots) -> dict[str, Any]:
    """The roots of `document` and the closure of what they reference, un-aliased, in the
    source's order. A root that does not exist is a located error (in the config)."""
    data = document.data
    problems: list[str] = []
    paths = data.get("paths") if isinstance(data.get("paths"), dict) else {}
    chosen: dict[str, list[str]] = {}
    for root in roots.operations:
        method, _, path_part = root.partition(" ")
        hits = []
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            for verb in HTTP_METHODS:
                op = item.get(verb)
                if not isinstance(op, dict):
                    continue
                if (
                    op.get("operationId") == root
                    or root == path
                    or (path_part == path and method.lower() == verb)
                ):
                    hits.append((path, verb))
        if not hits:
            problems.append(f"operation {root!r}")
        for path, verb in hits:
            chosen.setdefault(path, [])
            if verb not in chosen[path]:
                chosen[path].append(verb)
    webhooks = data.get("webhooks") if isinstance(data.get("webhooks"), dict) else {}
    for name in roots.webhooks:
        if name not in webhooks:
            problems.append(f"webhook {name!r}")
    components = (
        data.get("components") if isinstance(data.get("components"), dict) else {}
    )
    schemas = components.get("schemas") or {}
    for name in roots.schemas:
        if name not in schemas:
            problems.append(f"schema {name!r}")
    if problems:
        raise SpecError(
            [
                Problem(f"slice root {p} is not in {document.path}", str(document.path))
                for p in problems
            ]
        )
    out: dict[str, Any] = {k: data[k] for k in _KEPT_TOP_LEVEL if k in data}
    pending: list[Any] = []
    if chosen:
        out["paths"] = {}
        for path, item in paths.items():
            if path not in chosen:
                continue
            kept = {
                k: v
                for k, v in item.items()
                if k not in HTTP_METHODS or k in chosen[path]
            }
            out["paths"][path] = kept
            pending.append(kept)
    if roots.webhooks:
        out["webhooks"] = {k: v for k, v in webhooks.items() if k in roots.webhooks}
        pending.append(out["webhooks"])
    wanted: dict[str, set[str]] = {"schemas": set(roots.schemas)}
    pending.extend(schemas[n] for n in roots.schemas)
    security = _security_names(data.get("security"))
    for item in pending:
        for verb in HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(verb), dict):
                security |= _security_names(item[verb].get("security"))
    if security:
        wanted["securitySchemes"] = security
    while pending:
        for ref in refs(pending.pop()):
            parts = ref[2:].split("/")
            if len(parts) < 3 or parts[0] != "components":
                continue
            section, name = parts[1], parts[2].replace("~1", "/").replace("~0", "~")
            names = wanted.setdefault(section, set())
            if name in names:
                continue
            names.add(name)
            target = (components.get(section) or {}).get(name)
            if target is not None:
                pending.append(target)
    if any(wanted.values()):
        out["components"] = {}
        for section, values in components.items():
            names = wanted.get(section, set())
            if not isinstance(values, dict) or not names:
                continue
            out["components"][section] = {k: v for k, v in values.items() if k in names}
    result = unalias(out)
    assert isinstance(result, dict)
    return result
