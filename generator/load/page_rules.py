"""The reference page's presentation rules, applied to the sliced document in place as
`spec/upstream.yaml` asks: absolute documentation links, operation titles, required-first
property order, the page's descriptions, components in reading order.
"""

from __future__ import annotations

import re
from typing import Any

from generator.load.slicing import HTTP_METHODS, refs

_RELATIVE_LINK = re.compile(r"\]\((/[^)\s]*)\)")


def absolute_links(value: Any, base: str) -> Any:
    """Markdown links to site-relative paths (`](/docs/...)`) made absolute under `base`,
    in every string of the document (in place; returns the value)."""
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = absolute_links(item, base)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = absolute_links(item, base)
    elif isinstance(value, str) and "](/" in value:
        return _RELATIVE_LINK.sub(lambda m: f"]({base}{m.group(1)})", value)
    return value


def operation_titles(data: dict[str, Any]) -> None:
    """OpenAI's reference titles an operation by `x-oaiMeta.name` and describes it with the
    document's `summary`: make them the operation's `summary` and `description` (in place).
    An operation without `x-oaiMeta.name`, or with a description already, is left alone.
    """
    for item in (data.get("paths") or {}).values():
        for verb in HTTP_METHODS:
            op = item.get(verb) if isinstance(item, dict) else None
            if not isinstance(op, dict) or "description" in op:
                continue
            meta = op.get("x-oaiMeta")
            name = meta.get("name") if isinstance(meta, dict) else None
            if isinstance(name, str) and isinstance(op.get("summary"), str):
                op["description"] = op["summary"]
                op["summary"] = name


_NULL = {"type": "null"}


def _described_member(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The one non-null member of a nullable union `schema` (anyOf/oneOf [X, null])."""
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if isinstance(members, list) and len(members) == 2 and _NULL in members:
            other = members[1 - members.index(_NULL)]
            return other if isinstance(other, dict) else None
    return None


def _bare_ref(schema: Any) -> str | None:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        if "description" not in schema:
            return str(schema["$ref"]).rpartition("/")[2]
    return None


def _open_enum_branch(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The enum branch of an open enum `anyOf: [string, string enum(, null)]`."""
    members = schema.get("anyOf")
    if not isinstance(members, list):
        return None
    kinds = [m for m in members if m != _NULL]
    if len(kinds) == 2 and kinds[0] == {"type": "string"}:
        branch = kinds[1]
        if isinstance(branch, dict) and "enum" in branch:
            return branch
    return None


def page_descriptions(data: dict[str, Any]) -> None:
    """Where the reference page shows upstream's descriptions (in place):
    - a nullable union `anyOf: [X, null]` is described by X's description;
    - an inline open enum (`anyOf: [string, enum]`) repeats its description on the enum;
    - a property that refers to a component (bare, or in a nullable union) without a
      description of its own is described by the component's description, which then
      stays on the component only where the component is also a member of a union (the
      page shows it there as a class);
    - a description ends at its last visible character (YAML `|` blocks end in a newline).
    """
    schemas = (data.get("components") or {}).get("schemas") or {}
    stack: list[Any] = [data]
    uses: dict[str, list[dict[str, Any]]] = {}
    in_union: set[str] = set()
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            member = _described_member(current)
            if (
                member is not None
                and "description" not in current
                and isinstance(member.get("description"), str)
            ):
                current["description"] = member.pop("description")
            branch = _open_enum_branch(current)
            if branch is not None and isinstance(current.get("description"), str):
                branch.setdefault("description", current["description"])
            text = current.get("description")
            if isinstance(text, str) and text != text.rstrip():
                current["description"] = text.rstrip()
            for keyword in ("anyOf", "oneOf"):
                for item in current.get(keyword) or ():
                    name = _bare_ref(item)
                    if name is not None and member is None:
                        in_union.add(name)
            props = current.get("properties")
            if isinstance(props, dict):
                for prop in props.values():
                    if not isinstance(prop, dict) or "description" in prop:
                        continue
                    inner = _described_member(prop)
                    name = _bare_ref(prop if inner is None else inner)
                    if name is not None:
                        uses.setdefault(name, []).append(prop)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    for name, props in uses.items():
        component = schemas.get(name)
        if isinstance(component, dict) and isinstance(
            component.get("description"), str
        ):
            text = component["description"]
            if name not in in_union:
                del component["description"]
            for prop in props:
                prop["description"] = text


def required_first(value: Any) -> None:
    """Every schema's `properties` in the page's order: the required ones, then the others,
    each alphabetically; `required` itself sorted (in place)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            props = current.get("properties")
            required = current.get("required")
            if isinstance(props, dict) and all(isinstance(k, str) for k in props):
                names = set(required) if isinstance(required, list) else set()
                current["properties"] = {
                    k: props[k]
                    for k in sorted(props, key=lambda k: (k not in names, k))
                }
            if isinstance(required, list) and all(isinstance(r, str) for r in required):
                current["required"] = sorted(required)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _ref_names(value: Any) -> list[str]:
    """Component schema names referenced in `value`, in document (depth-first) order."""
    prefix = "#/components/schemas/"
    return [r[len(prefix) :] for r in refs(value) if r.startswith(prefix)]


def reading_order(data: dict[str, Any]) -> None:
    """Component schemas in the order a reader of the operations meets them (in place):
    the request bodies in path order and the JSON parts of multipart bodies, then what
    each refers to, depth first, then what the responses refer to, then the rest."""
    schemas = (data.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return
    operations = [
        op
        for item in (data.get("paths") or {}).values()
        if isinstance(item, dict)
        for verb in HTTP_METHODS
        if isinstance(op := item.get(verb), dict)
    ]
    roots: list[str] = []
    for op in operations:
        body = op.get("requestBody")
        content = body.get("content") if isinstance(body, dict) else None
        for media in (content or {}).values():
            if not isinstance(media, dict):
                continue
            names = _ref_names(media.get("schema"))
            roots.extend(names)
            for name in names:
                props = (schemas.get(name) or {}).get("properties") or {}
                for part, encoding in (media.get("encoding") or {}).items():
                    json_part = (
                        isinstance(encoding, dict)
                        and encoding.get("contentType") == "application/json"
                    )
                    if json_part and isinstance(props.get(part), dict):
                        roots.extend(_ref_names(props[part]))
    order: dict[str, None] = dict.fromkeys(n for n in roots if n in schemas)

    def visit(name: str) -> None:
        pending = [name]
        while pending:
            current = pending.pop()
            if current in order and current != name:
                continue
            order[current] = None
            children = [n for n in _ref_names(schemas[current]) if n in schemas]
            pending.extend(reversed([n for n in children if n not in order]))

    for name in list(order):
        visit(name)
    for op in operations:
        for name in _ref_names(op.get("responses")):
            if name in schemas and name not in order:
                visit(name)
    for name in schemas:
        order.setdefault(name, None)
    data["components"]["schemas"] = {name: schemas[name] for name in order}
