"""The strategies' building blocks: the registries, the strategy of each JSON kind and the
fix of each rule kind (`x-callspec-rules`) that keeps drawn values valid.

Copied verbatim into the generated package by callspec; the generated `__init__.py`
registers what the spec varies (one strategy per public type and request, the rules).
"""

from __future__ import annotations

import json
import math
from typing import Any, Callable

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

JSON = Any

TYPES: dict[str, SearchStrategy[Any]] = {}
"""Public type name → strategy."""
REQUESTS: dict[str, SearchStrategy[Any]] = {}
"""Request schema name (`calls.accept`, ...) → strategy for the body."""
SCHEMA_IDS: dict[str, str] = {}
"""Request schema name → the `$id` a config file may name in its `$schema` key."""
PROPERTIES: dict[tuple[str, str], SearchStrategy[Any]] = {}
"""(owner type, property) → the strategy used for that property's value."""

MAX_INT = (
    2**53
)  # I-JSON (RFC 7493): integers beyond this do not survive every JSON parser


def strategy_for(name: str) -> SearchStrategy[Any]:
    """The strategy for a request schema name or a public type name."""
    return REQUESTS[name] if name in REQUESTS else TYPES[name]


# -- building blocks ---------------------------------------------------------------------


def _ref(name: str) -> SearchStrategy[Any]:
    return st.deferred(lambda: TYPES[name])


def _integers(
    minimum: float | None,
    maximum: float | None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
) -> SearchStrategy[int]:
    lo = -MAX_INT if minimum is None else math.ceil(minimum)
    hi = MAX_INT if maximum is None else math.floor(maximum)
    if exclusive_minimum is not None:
        lo = max(lo, math.floor(exclusive_minimum) + 1)
    if exclusive_maximum is not None:
        hi = min(hi, math.ceil(exclusive_maximum) - 1)
    declared = minimum is not None or exclusive_minimum is not None
    edges = [lo] if declared else []
    if maximum is not None or exclusive_maximum is not None:
        edges.append(hi)
    values = st.integers(lo, hi)
    return st.one_of(st.sampled_from(sorted(set(edges))), values) if edges else values


def _numbers(
    minimum: float | None,
    maximum: float | None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
) -> SearchStrategy[float]:
    lo = minimum if exclusive_minimum is None else exclusive_minimum
    hi = maximum if exclusive_maximum is None else exclusive_maximum
    values = st.floats(
        lo,
        hi,
        exclude_min=exclusive_minimum is not None,
        exclude_max=exclusive_maximum is not None,
        allow_nan=False,
        allow_infinity=False,
    )
    edges = [v for v in (minimum, maximum) if v is not None]
    return st.one_of(st.sampled_from(edges), values) if edges else values


_HOST = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
_SEGMENT = st.from_regex(r"[A-Za-z0-9._~-]{0,10}", fullmatch=True)
_URIS = st.builds(
    "{}://{}.example.com/{}".format, st.sampled_from(["https", "http"]), _HOST, _SEGMENT
)
_FORMATS: dict[str, SearchStrategy[str]] = {
    "uri": _URIS,
    "uri-reference": _URIS,
    "iri": _URIS,
    "url": _URIS,
    "email": st.builds("{}@{}.example.com".format, _HOST, _HOST),
    "uuid": st.uuids().map(str),
    "date-time": st.datetimes(
        timezones=st.just(__import__("datetime").timezone.utc)
    ).map(lambda d: d.isoformat()),
    "date": st.dates().map(str),
}


def _strings(
    min_length: int | None,
    max_length: int | None,
    pattern: str | None,
    format: str | None,
) -> SearchStrategy[str]:
    if format in _FORMATS:
        base = _FORMATS[format]
    elif pattern is not None:
        base = st.from_regex(pattern)
    else:
        lo = min_length or 0
        return st.text(
            min_size=lo, max_size=max_length if max_length is not None else lo + 12
        )
    return base.filter(
        lambda s: (min_length is None or len(s) >= min_length)
        and (max_length is None or len(s) <= max_length)
    )


def _arrays(
    items: SearchStrategy[Any],
    min_items: int | None,
    max_items: int | None,
    unique: bool,
) -> SearchStrategy[list[Any]]:
    lo = min_items or 0
    hi = max_items if max_items is not None else lo + 4
    if unique:
        return st.lists(items, min_size=lo, max_size=hi, unique_by=_canonical)
    return st.lists(items, min_size=lo, max_size=hi)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _maps(values: SearchStrategy[Any]) -> SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.text(max_size=8), values, max_size=3)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-MAX_INT, MAX_INT),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
_ANY: SearchStrategy[Any] = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=6), inner, max_size=3),
    ),
    max_leaves=6,
)


def _any_value() -> SearchStrategy[Any]:
    return _ANY


def _free_form() -> SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.text(max_size=6), _ANY, max_size=3)


def _object(
    required: dict[str, SearchStrategy[Any]], optional: dict[str, SearchStrategy[Any]]
) -> SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(required, optional=optional)


def _prop(owner: str, name: str, strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    override = _OVERRIDES.get((owner, name))
    chosen = override() if override is not None else strategy
    PROPERTIES[(owner, name)] = chosen
    return chosen


def _hook(name: str, strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    fixes = _RULE_HOOKS.get(name)
    if not fixes:
        return strategy

    @st.composite
    def fixed(draw: Any) -> Any:
        value = draw(strategy)
        for fix in fixes:
            value = fix(draw, value)
        return value

    return fixed()


# -- the rules beyond the types (the spec's x-callspec-rules) -----------------------------
# Values the JSON Schemas allow but an error-severity rule rejects are never drawn. Each rule
# kind names its fix (`generator/rules/`, `strategy`): a property override (the property's
# strategy is replaced before the types are built) or a hook that repairs a drawn value of
# the types it applies to; the generated module registers each rule's with `_keep*`.

_OVERRIDES: dict[tuple[str, str], Callable[[], SearchStrategy[Any]]] = {}
_RULE_HOOKS: dict[str, list[Callable[[Any, Any], Any]]] = {}
RULES_KEPT: list[str] = []
"""Ids of the rules the strategies keep (the ones a valid value must not break)."""
RULES_NOT_KEPT: list[str] = []
"""Ids of error rules of a kind the strategies have no fix for (none for this spec)."""


def _json_schemas() -> SearchStrategy[dict[str, Any]]:
    """Valid JSON Schemas (for a `valid-json-schema` property such as `parameters`)."""
    leaves = st.sampled_from(
        [
            {"type": "string"},
            {"type": "integer", "minimum": 0},
            {"type": "number"},
            {"type": "boolean"},
            {"type": "string", "enum": ["a", "b"]},
            {},
        ]
    )
    names = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)

    def obj(props: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "properties": props, "required": sorted(props)[:1]}

    nested = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.dictionaries(names, inner, max_size=3).map(obj),
            inner.map(lambda i: {"type": "array", "items": i}),
        ),
        max_leaves=5,
    )
    return st.dictionaries(names, nested, max_size=3).map(obj)


def _prefixed(prefixes: list[str]) -> SearchStrategy[str]:
    return st.builds("{}{}".format, st.sampled_from(prefixes), st.text(max_size=24))


def _maybe_prefixed(prefixes: list[str]) -> SearchStrategy[str]:
    return st.one_of(_prefixed(prefixes), st.text(max_size=24))


def _fresh(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}_{n}", n + 1
    return candidate


def _keyed(params: dict[str, Any], item: Any) -> tuple[Any, str | None]:
    """(tag, key property) of a collection item under a rule's `tag` / `keys` params."""
    if not isinstance(item, dict):
        return None, None
    tag = item.get(params["tag"], params.get("default_tag"))
    return tag, params["keys"].get(tag) if isinstance(tag, str) else None


def _taken(params: dict[str, Any], items: Any) -> set[str]:
    names = set()
    for item in items if isinstance(items, list) else []:
        _, key = _keyed(params, item)
        if key is not None and isinstance(item.get(key), str):
            names.add(item[key])
    return names


def _fix_mutually_exclusive(params: dict[str, Any]) -> Callable[[Any, Any], Any]:
    def fix(draw: Any, value: Any) -> Any:
        items = value.get(params["property"]) if isinstance(value, dict) else None
        if not isinstance(items, list):
            return value
        present = [v for v in params["values"] if v in items]
        if len(present) < 2:
            return value
        keep = draw(st.sampled_from(present))
        dropped = [v for v in present if v != keep]
        return {**value, params["property"]: [i for i in items if i not in dropped]}

    return fix


def _fix_one_of(
    owner: str, params: dict[str, Any], at_least: bool
) -> Callable[[Any, Any], Any]:
    props = params["properties"]

    def fix(draw: Any, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        present = [p for p in props if p in value]
        if (present or not at_least) and (len(present) <= 1 or at_least):
            return value
        keep = draw(st.sampled_from(present or props))
        out = {k: v for k, v in value.items() if k not in props or k == keep}
        if keep not in out:
            out[keep] = draw(PROPERTIES[(owner, keep)])
        return out

    return fix


def _fix_unique_by(params: dict[str, Any]) -> Callable[[Any, Any], Any]:
    def fix(draw: Any, items: Any) -> Any:
        if not isinstance(items, list):
            return items
        taken: set[str] = set()
        out = []
        for item in items:
            _, key = _keyed(params, item)
            if key is not None and isinstance(item.get(key), str):
                item = {**item, key: _fresh(item[key], taken)}
                taken.add(item[key])
            out.append(item)
        return out

    return fix


def _fix_reference(
    params: dict[str, Any], tagged: dict[str, SearchStrategy[Any]]
) -> Callable[[Any, Any], Any]:
    prop, collection = params["property"], params["collection"]

    def fix(draw: Any, value: Any) -> Any:
        ref = value.get(prop) if isinstance(value, dict) else None
        if not isinstance(ref, dict) or params["tag"] not in ref:
            return value
        tag, key = _keyed(params, ref)
        if key is None or tag not in tagged:
            return value
        items = value.get(collection)
        items = items if isinstance(items, list) else []
        defined = [
            i[key]
            for i in items
            if _keyed(params, i) == (tag, key) and isinstance(i.get(key), str)
        ]
        if ref.get(key) in defined:
            return value
        if defined and draw(st.booleans()):
            return {**value, prop: {**ref, key: draw(st.sampled_from(defined))}}
        name = _fresh(str(ref.get(key, tag)), _taken(params, items))
        item = dict(draw(tagged[tag]))
        item.update({params["tag"]: tag, key: name})
        return {**value, prop: {**ref, key: name}, collection: [*items, item]}

    return fix


def _fix_conditional(params: dict[str, Any]) -> Callable[[Any, Any], Any]:
    def get(value: Any, path: list[str]) -> Any:
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return _ABSENT
            value = value[key]
        return value

    def fix(draw: Any, value: Any) -> Any:
        cond, then = params["if"], params["then"]
        if get(value, cond["path"]) != cond.get("equals", _ABSENT):
            return value
        *parents, last = then["path"]
        out = json.loads(json.dumps(value))
        target = out
        for key in parents:
            if not isinstance(target.get(key), dict):
                return value
            target = target[key]
        if then.get("absent"):
            target.pop(last, None)
        elif "equals" in then:
            target[last] = then["equals"]
        return out

    return fix


def _fix_model_gated(params: dict[str, Any]) -> Callable[[Any, Any], Any]:
    def fix(draw: Any, value: Any) -> Any:
        if not isinstance(value, dict) or params["property"] not in value:
            return value
        model = value.get(params["model"])
        if not isinstance(model, str) or model in params["models"]:
            return value
        return {k: v for k, v in value.items() if k != params["property"]}

    return fix


_ABSENT: Any = object()


def _keep(
    rule_id: str,
    owners: list[str],
    fix: Callable[[str], Callable[[Any, Any], Any]],
) -> None:
    """Keep drawn values of each owner type clear of a rule: `fix(owner)` repairs them."""
    for owner in owners:
        _RULE_HOOKS.setdefault(owner, []).append(fix(owner))
    RULES_KEPT.append(rule_id)


def _keep_property(
    rule_id: str,
    owners: list[str],
    prop: str,
    strategy: Callable[[], SearchStrategy[Any]],
    kept: bool = True,
) -> None:
    """Draw an owner's `prop` from `strategy` (made when the types are built); `kept`
    False: the drawn values may still break the rule (a warning drawn on both sides)."""
    for owner in owners:
        _OVERRIDES[(owner, prop)] = strategy
    if kept:
        RULES_KEPT.append(rule_id)


def _with_schema_key(body: SearchStrategy[Any], schema_id: str) -> SearchStrategy[Any]:
    """A config file may name its schema in a root `$schema` key (contract rule 4)."""
    return st.one_of(
        body,
        body.map(lambda b: {"$schema": schema_id, **b} if isinstance(b, dict) else b),
    )
