"""Invalid values by mutation: each mutant knows where and why it must be rejected.

`mutants(api, root, value, draw_valid)` walks a *valid* value alongside the IR and returns
one `Mutant` per applicable operator and site:

- type level (JSON Schema expresses them): a wrong type, `null` where not nullable, a missing
  required key, an unknown key, a number just outside its range, a length outside its bounds,
  a value outside an enum, a wrong union tag, a right tag with another branch's body;
- NaN and ±infinity (not JSON: fed to the CLI's YAML reader as `.nan` / `.inf`);
- one mutant per rule of the spec (`api.rules`) that breaks exactly that rule.

Every type-level mutant is checked against an independent IR conformance check
(`conforms`): a mutation that happens to stay valid (a free string where an enum was) is
dropped, so no mutant is mislabelled. Paths are tuples like the validator's `Finding.path`.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

from generator.ir import nodes as ir

Path = tuple[Any, ...]
DrawValid = Callable[[str, str], Any]  # (owner type, property) → a valid value
UNKNOWN_KEY = "zz_unknown_key"
BAD_TAG = "zz_no_such_variant"


# Values of an asserted format that every validator of the differential rejects: RFC 3986
# (ours, python-jsonschema's rfc3986-validator), ajv-formats' `uri` and pydantic's `AnyUrl`
# disagree elsewhere (tests/properties/test_uri_agreement.py pins where).
INVALID_FORMATS = {
    "uri": (
        "crm.example.com/mcp",  # no scheme: a relative reference
        "reports/q3.pdf",
        "https://example.com/foo bar",  # a space
        "http://example.com/%zz",  # a broken percent-escape
    ),
}


@dataclass(frozen=True)
class Mutant:
    operator: str
    data: Any
    path: Path  # where the finding must be
    reasons: frozenset[str]  # acceptable rule ids / JSON Schema keywords
    anchor: Path | None = None  # inside an untagged union: any path in [anchor, path]
    rule: str | None = None  # the rule it breaks (rule mutants only)
    severity: str = "error"
    json: bool = True  # False for NaN/inf: not JSON, only the CLI (via YAML) judges it

    def matches(self, finding: Any) -> bool:
        """`finding` (a validator `Finding`) reports this mutant: right reason, right place."""
        if finding.rule not in self.reasons or finding.severity != self.severity:
            return False
        path = tuple(finding.path)
        if self.anchor is None:
            return path == self.path
        return path[: len(self.anchor)] == self.anchor

    @property
    def type_level(self) -> bool:
        return self.rule is None

    def describe(self) -> str:
        where = "".join(
            f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in self.path
        )
        return f"{self.operator} at ${where} ({'/'.join(sorted(self.reasons))})"


# -- independent conformance (IR only, no rules) -----------------------------------------


def conforms(api: ir.Api, node: ir.TypeNode, value: Any) -> bool:
    node = api.resolve(node)
    if isinstance(node, ir.Nullable):
        return value is None or conforms(api, node.inner, value)
    if isinstance(node, ir.AnyValue):
        return _finite(value)
    if isinstance(node, ir.Literal):
        return any(_same(value, v) for v in node.values)
    if isinstance(node, ir.Primitive):
        if node.format in api.format_assertion and isinstance(value, str):
            if not _conforms_format(node.format, value):
                return False
        return _primitive(node, value)
    if isinstance(node, ir.Union):
        return any(conforms(api, m, value) for m in node.members)
    if isinstance(node, ir.Array):
        if not isinstance(value, list):
            return False
        if node.min_items is not None and len(value) < node.min_items:
            return False
        if node.max_items is not None and len(value) > node.max_items:
            return False
        return all(conforms(api, node.items, v) for v in value)
    if isinstance(node, ir.Map):
        return isinstance(value, dict) and all(
            conforms(api, node.values, v) for v in value.values()
        )
    if isinstance(node, ir.FreeForm):
        return isinstance(value, dict) and _finite(value)
    if isinstance(node, ir.Object):
        if not isinstance(value, dict):
            return False
        props = {p.name: p for p in node.properties}
        for prop in node.properties:
            if prop.required and prop.name not in value:
                return False
        for key, item in value.items():
            if key in props:
                if not conforms(api, props[key].type, item):
                    return False
            elif node.closed:
                return False
            elif node.extra is not None and not conforms(api, node.extra, item):
                return False
        return True
    raise TypeError(node)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _conforms_format(name: str, value: str) -> bool:
    """An independent reading of an asserted format (not the runtime's regex)."""
    from rfc3986_validator import validate_rfc3986  # jsonschema[format-nongpl]

    assert name == "uri", name
    return bool(validate_rfc3986(value, rule="URI"))


def _primitive(node: ir.Primitive, value: Any) -> bool:
    if node.kind == "boolean":
        return isinstance(value, bool)
    if node.kind == "string":
        if not isinstance(value, str):
            return False
        if node.min_length is not None and len(value) < node.min_length:
            return False
        if node.max_length is not None and len(value) > node.max_length:
            return False
        return node.pattern is None or re.search(node.pattern, value) is not None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if not math.isfinite(value):
        return False
    if node.kind == "integer" and not float(value).is_integer():
        return False
    if node.minimum is not None and value < node.minimum:
        return False
    if node.maximum is not None and value > node.maximum:
        return False
    if node.exclusive_minimum is not None and value <= node.exclusive_minimum:
        return False
    if node.exclusive_maximum is not None and value >= node.exclusive_maximum:
        return False
    return True


# -- sites -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    path: Path
    node: ir.TypeNode  # resolved, Nullable stripped
    value: Any
    nullable: bool
    type_name: str | None  # the named type entered here, if any
    anchor: Path | None  # nearest enclosing union the validator cannot dispatch by tag


def sites(
    api: ir.Api,
    node: ir.TypeNode,
    value: Any,
    path: Path = (),
    nullable: bool = False,
    type_name: str | None = None,
    anchor: Path | None = None,
) -> Iterator[Site]:
    while isinstance(node, (ir.Ref, ir.Nullable)):
        if isinstance(node, ir.Ref):
            type_name = node.name
            node = api.types[node.name].type
        else:
            nullable = True
            node = node.inner
    if value is None and nullable:
        yield Site(path, node, value, nullable, type_name, anchor)
        return
    if isinstance(node, ir.Union):
        tag = node.discriminator
        tags = dict(node.tags)
        if tag and isinstance(value, dict) and value.get(tag) in tags:
            index = tags[value[tag]]
            inner_anchor = anchor
        else:
            index = next(
                (i for i, m in enumerate(node.members) if conforms(api, m, value)), None
            )
            inner_anchor = anchor if anchor is not None else path
        yield Site(path, node, value, nullable, type_name, inner_anchor)
        if index is not None:
            yield from sites(
                api, node.members[index], value, path, nullable, None, inner_anchor
            )
        return
    yield Site(path, node, value, nullable, type_name, anchor)
    if isinstance(node, ir.Object) and isinstance(value, dict):
        for prop in node.properties:
            if prop.name in value:
                yield from sites(
                    api, prop.type, value[prop.name], path + (prop.name,), anchor=anchor
                )
    elif isinstance(node, ir.Array) and isinstance(value, list):
        for i, item in enumerate(value):
            yield from sites(api, node.items, item, path + (i,), anchor=anchor)
    elif isinstance(node, ir.Map) and isinstance(value, dict):
        for key, item in value.items():
            yield from sites(api, node.values, item, path + (key,), anchor=anchor)


def replace_at(root: Any, path: Path, new: Any) -> Any:
    if not path:
        return new
    out = copy.deepcopy(root)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return out


def delete_at(root: Any, path: Path) -> Any:
    out = copy.deepcopy(root)
    target = out
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return out


# -- type-level operators ----------------------------------------------------------------

WRONG_VALUES: tuple[Any, ...] = ("zz-wrong", 12345, True, [], {"zz": 1}, 0.5)


UNION_REASONS = frozenset({"type", "const", "enum", "required", "additionalProperties"})


def _same_kind(node: ir.TypeNode, value: Any) -> bool:
    """Whether `value` is of the JSON kind a primitive node declares."""
    if not isinstance(node, ir.Primitive):
        return False
    if isinstance(value, bool):
        return node.kind == "boolean"
    if isinstance(value, str):
        return node.kind == "string"
    if isinstance(value, int):
        return node.kind in ("integer", "number")
    if isinstance(value, float):
        return node.kind == "number"
    return False


def type_mutants(api: ir.Api, root_node: ir.TypeNode, value: Any) -> Iterator[Mutant]:
    """Type-level mutants. Inside a union the validator cannot dispatch by tag, it reports
    the closest branch's problem: there the reason may be any type-level keyword."""
    for mutant in _type_mutants(api, root_node, value):
        if mutant.anchor is not None and mutant.json:
            mutant = replace(mutant, reasons=mutant.reasons | UNION_REASONS)
        yield mutant


def _type_mutants(api: ir.Api, root_node: ir.TypeNode, value: Any) -> Iterator[Mutant]:
    def valid_root(candidate: Any) -> bool:
        return conforms(api, root_node, candidate)

    tagged_at: dict[Path, str] = (
        {}
    )  # union path → its tag key, where the tag dispatches
    union_paths: set[Path] = set()
    for site in sites(api, root_node, value):
        node, path = site.node, site.path
        if (
            isinstance(node, ir.Union)
            and node.discriminator
            and isinstance(site.value, dict)
        ):
            if site.value.get(node.discriminator) in dict(node.tags):
                tagged_at[path] = node.discriminator
        literalish = isinstance(node, (ir.Literal, ir.Union))
        type_reasons = frozenset({"type", "const", "enum"} if literalish else {"type"})
        if path and tagged_at.get(path[:-1]) == path[-1]:
            type_reasons |= {"discriminator"}  # the tag itself: the union reports it
        member = not isinstance(node, ir.Union) and path in union_paths
        if isinstance(node, ir.Union):
            union_paths.add(path)
        # wrong type (for a union member: already done at the union)
        for wrong in () if member else WRONG_VALUES:
            if _same_kind(api.resolve(node), wrong):
                continue  # e.g. a string failing a string's pattern is no wrong *type*
            if not conforms(api, node, wrong):
                data = replace_at(value, path, wrong)
                if not valid_root(data):
                    yield Mutant("wrong type", data, path, type_reasons, site.anchor)
                break
        # null where not nullable
        if (
            not member
            and not site.nullable
            and site.value is not None
            and not conforms(api, node, None)
        ):
            data = replace_at(value, path, None)
            yield Mutant(
                "null where not nullable", data, path, type_reasons, site.anchor
            )
        if site.value is None:
            continue
        if isinstance(node, ir.Object) and isinstance(site.value, dict):
            for prop in node.properties:
                if prop.required and prop.name in site.value:
                    data = delete_at(value, path + (prop.name,))
                    if not valid_root(data):
                        if (
                            tagged_at.get(path) == prop.name
                        ):  # no tag: another branch judges
                            yield Mutant(
                                "missing required tag",
                                data,
                                path,
                                frozenset(
                                    {
                                        "required",
                                        "additionalProperties",
                                        "discriminator",
                                    }
                                ),
                                site.anchor if site.anchor is not None else path,
                            )
                            continue
                        yield Mutant(
                            "missing required key",
                            data,
                            path,
                            frozenset({"required"}),
                            site.anchor,
                        )
            if node.closed:
                data = replace_at(value, path, {**site.value, UNKNOWN_KEY: 1})
                yield Mutant(
                    "unknown key",
                    data,
                    path + (UNKNOWN_KEY,),
                    frozenset({"additionalProperties"}),
                    site.anchor,
                )
        if isinstance(node, ir.Primitive) and node.kind in ("integer", "number"):
            yield from _range_mutants(api, node, site, value, valid_root)
            for bad in (math.nan, math.inf, -math.inf):
                yield Mutant(
                    f"not finite ({bad})",
                    replace_at(value, path, bad),
                    path,
                    frozenset({"not-finite"}),
                    site.anchor,
                    json=False,
                )
        if isinstance(node, ir.Primitive) and node.kind == "string":
            if node.max_length is not None:
                data = replace_at(value, path, "x" * (node.max_length + 1))
                yield Mutant(
                    "too long", data, path, frozenset({"maxLength"}), site.anchor
                )
            if node.min_length:
                data = replace_at(value, path, "x" * (node.min_length - 1))
                yield Mutant(
                    "too short", data, path, frozenset({"minLength"}), site.anchor
                )
            if node.format in api.format_assertion:
                for bad in INVALID_FORMATS.get(node.format, ()):
                    data = replace_at(value, path, bad)
                    if not valid_root(data):
                        yield Mutant(
                            f"not a {node.format} ({bad!r})",
                            data,
                            path,
                            frozenset({"format"}),
                            site.anchor,
                        )
        if isinstance(node, ir.Literal) and all(
            isinstance(v, str) for v in node.values
        ):
            data = replace_at(value, path, "zz-not-allowed")
            if not valid_root(data):
                yield Mutant(
                    "value outside enum",
                    data,
                    path,
                    frozenset({"enum", "const"}) | (type_reasons & {"discriminator"}),
                    site.anchor,
                )
        if (
            isinstance(node, ir.Union)
            and node.discriminator
            and isinstance(site.value, dict)
        ):
            tag = node.discriminator
            if tag in site.value:
                data = replace_at(value, path + (tag,), BAD_TAG)
                if not valid_root(data):
                    yield Mutant(
                        "wrong tag",
                        data,
                        path + (tag,),
                        frozenset({"discriminator"}),
                        site.anchor,
                    )
                for other, _ in node.tags:
                    if other == site.value[tag]:
                        continue
                    data = replace_at(value, path + (tag,), other)
                    if not valid_root(data):
                        yield Mutant(
                            "right tag, another branch's body",
                            data,
                            path,
                            frozenset(
                                {
                                    "additionalProperties",
                                    "required",
                                    "type",
                                    "const",
                                    "enum",
                                }
                            ),
                            path,
                        )
                        break


def _range_mutants(
    api: ir.Api,
    node: ir.Primitive,
    site: Site,
    value: Any,
    valid_root: Callable[[Any], bool],
) -> Iterator[Mutant]:
    integer = node.kind == "integer"
    below: list[tuple[Any, str]] = []
    above: list[tuple[Any, str]] = []
    if node.minimum is not None:
        low = (
            math.ceil(node.minimum) - 1
            if integer
            else math.nextafter(node.minimum, -math.inf)
        )
        below.append((low, "minimum"))
    if node.exclusive_minimum is not None:
        low = math.floor(node.exclusive_minimum) if integer else node.exclusive_minimum
        below.append((low, "exclusiveMinimum"))
    if node.maximum is not None:
        high = (
            math.floor(node.maximum) + 1
            if integer
            else math.nextafter(node.maximum, math.inf)
        )
        above.append((high, "maximum"))
    if node.exclusive_maximum is not None:
        high = math.ceil(node.exclusive_maximum) if integer else node.exclusive_maximum
        above.append((high, "exclusiveMaximum"))
    for bad, keyword in below + above:
        data = replace_at(value, site.path, bad)
        if not valid_root(data):
            yield Mutant(
                f"just outside its range ({keyword} {bad!r})",
                data,
                site.path,
                frozenset({keyword}),
                site.anchor,
            )


# -- rule operators ----------------------------------------------------------------------


def rule_mutants(
    api: ir.Api, root_node: ir.TypeNode, value: Any, draw_valid: DrawValid
) -> Iterator[Mutant]:
    by_type: dict[str, list[ir.Rule]] = {}
    for rule in getattr(api, "rules", ()):
        for owner in rule.applies_to:
            by_type.setdefault(owner, []).append(rule)
    for site in sites(api, root_node, value):
        if site.type_name is None or site.value is None:
            continue
        for rule in by_type.get(site.type_name, ()):
            for data, path in _break(api, rule, site, value, draw_valid):
                if not conforms(api, root_node, data):
                    continue  # breaking the rule broke the types too: not this rule's case
                yield Mutant(
                    f"rule {rule.id} broken",
                    data,
                    path,
                    frozenset({rule.id}),
                    anchor=path,
                    rule=rule.id,
                    severity=rule.severity,
                )


def _break(
    api: ir.Api, rule: ir.Rule, site: Site, root: Any, draw_valid: DrawValid
) -> Iterator[tuple[Any, Path]]:
    p, v, params, owner = site.path, site.value, rule.params, site.type_name
    assert owner is not None
    kind = rule.kind
    if kind == "mutually-exclusive-values" and isinstance(v, dict):
        yield replace_at(
            root, p, {**v, params["property"]: list(params["values"])}
        ), p + (params["property"],)
    elif kind == "require-one-of" and isinstance(v, dict):
        yield replace_at(
            root, p, {k: x for k, x in v.items() if k not in params["properties"]}
        ), p
    elif kind == "at-most-one-of" and isinstance(v, dict):
        both = dict(v)
        for prop in params["properties"]:
            both.setdefault(prop, draw_valid(owner, prop))
        yield replace_at(root, p, both), p
    elif kind == "reference-must-exist" and isinstance(v, dict):
        tag = params.get("default_tag")
        key = params["keys"].get(tag)
        if key is not None:
            ref = {params["tag"]: tag, key: "zz_undefined_tool"}
            yield replace_at(root, p, {**v, params["property"]: ref}), p + (
                params["property"],
            )
    elif kind == "unique-by" and isinstance(v, list):
        for item in v:
            tag = (
                item.get(params["tag"], params.get("default_tag"))
                if isinstance(item, dict)
                else None
            )
            key = params["keys"].get(tag) if isinstance(tag, str) else None
            if key is not None and key in item:
                yield replace_at(root, p, [*v, copy.deepcopy(item)]), p
                break
    elif kind == "valid-json-schema" and isinstance(v, dict):
        yield replace_at(
            root, p, {**v, params["property"]: {"type": "zz-no-such-type"}}
        ), p + (params["property"],)
    elif kind == "int-range" and isinstance(v, dict):
        for bad in (params["minimum"] - 1, params["maximum"] + 1):
            yield replace_at(root, p, {**v, params["property"]: bad}), p + (
                params["property"],
            )
    elif kind == "string-prefix" and isinstance(v, dict):
        yield replace_at(root, p, {**v, params["property"]: "zz:" + "x"}), p + (
            params["property"],
        )
    elif kind == "model-gated" and isinstance(v, dict):
        other = _other_known_model(api, owner, params)
        if other is not None:
            changed = {**v, params["model"]: other}
            changed.setdefault(
                params["property"], draw_valid(owner, params["property"])
            )
            yield replace_at(root, p, changed), p + (params["property"],)
    elif kind == "conditional" and isinstance(v, dict):
        cond, then = params["if"], params["then"]
        changed = copy.deepcopy(v)
        if not _set_path(
            changed, list(cond["path"]), cond["equals"], owner, api, draw_valid
        ):
            return
        target_path = list(then["path"])
        if then.get("absent"):
            value = _valid_at(api, owner, target_path, draw_valid, lambda x: True)
        else:
            value = _valid_at(
                api, owner, target_path, draw_valid, lambda x: x != then.get("equals")
            )
        if value is _NONE:
            return
        _set_path(changed, target_path, value, owner, api, draw_valid)
        yield replace_at(root, p, changed), p


_NONE: Any = object()


def _owner_of(api: ir.Api, owner: str, path: list[str]) -> str | None:
    """The named type holding the last property of `path`, from `owner`."""
    current = owner
    for key in path[:-1]:
        node = api.resolve(api.types[current].type)
        prop = node.property(key) if isinstance(node, ir.Object) else None
        target = prop.type if prop else None
        if isinstance(target, ir.Nullable):
            target = target.inner
        if not isinstance(target, ir.Ref):
            return None
        current = target.name
    return current


def _valid_at(
    api: ir.Api,
    owner: str,
    path: list[str],
    draw_valid: DrawValid,
    ok: Callable[[Any], bool],
) -> Any:
    holder = _owner_of(api, owner, path)
    if holder is None:
        return _NONE
    for _ in range(20):
        value = draw_valid(holder, path[-1])
        if ok(value):
            return value
    return _NONE


def _set_path(
    target: dict[str, Any],
    path: list[str],
    value: Any,
    owner: str,
    api: ir.Api,
    draw_valid: DrawValid,
) -> bool:
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[path[-1]] = value
    return True


def _other_known_model(api: ir.Api, owner: str, params: dict[str, Any]) -> str | None:
    node = api.resolve(api.types[owner].type)
    prop = node.property(params["model"]) if isinstance(node, ir.Object) else None
    if prop is None:
        return None
    stack = [prop.type]
    while stack:
        current = api.resolve(stack.pop())
        if isinstance(current, ir.Nullable):
            stack.append(current.inner)
        elif isinstance(current, ir.Union):
            stack.extend(current.members)
        elif isinstance(current, ir.Literal):
            for known in current.values:
                if isinstance(known, str) and known not in params["models"]:
                    return known
    return None


def mutants(api: ir.Api, root: str, value: Any, draw_valid: DrawValid) -> list[Mutant]:
    """Every mutant of `value` (valid as named type `root`). A root `$schema` key (allowed
    in config files) is set aside while mutating and put back on every mutant."""
    node = ir.Ref(root)
    schema_key = value.get("$schema") if isinstance(value, dict) else None
    if schema_key is not None:
        value = {k: v for k, v in value.items() if k != "$schema"}
    out = [*type_mutants(api, node, value), *rule_mutants(api, node, value, draw_valid)]
    if schema_key is None:
        return out
    return [
        (
            replace(m, data={"$schema": schema_key, **m.data})
            if isinstance(m.data, dict)
            else m
        )
        for m in out
    ]
