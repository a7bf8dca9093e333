"""The runtime check of each rule kind (`x-callspec-rules`): one function per kind,
`_r_<kind>(rule, ctx, value, path, out)`; the generated validator calls the ones its rules use.

Copied verbatim into the generated package by callspec; `generator/rules/` describes each
kind to the generator (parameters, docs, JSON Schema, trigger, strategy fix).
"""

from __future__ import annotations

import re
from typing import (
    Any,
    Dict,
    List,
    Optional,
    Set,
    Tuple,
)

from ._findings import _M, At, Finding, Rule, _emit, _get, json_path
from ._messages import _json, _suggest
from ._values import _is_int, _same
from ._json_schema import _schema, _schema_ok


def _r_mutually_exclusive_values(
    rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]
) -> None:
    prop = rule.params["property"]
    items = v.get(prop) if isinstance(v, dict) else None
    if not isinstance(items, (list, tuple)):
        return
    present = [
        x
        for x in rule.params["values"]
        if (x in items if isinstance(x, str) else any(_same(x, i) for i in items))
    ]
    if len(present) > 1:
        _emit(
            out,
            rule,
            (p, prop),
            f"{prop} cannot contain both {' and '.join(map(_json, present))}",
        )


def _r_require_one_of(rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]) -> None:
    props = rule.params["properties"]
    if isinstance(v, dict) and not any(k in v for k in props):
        _emit(out, rule, p, f"one of {' or '.join(props)} is required")


def _r_at_most_one_of(rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]) -> None:
    props = rule.params["properties"]
    if not isinstance(v, dict):
        return
    present = [k for k in props if k in v]
    if len(present) > 1:
        _emit(out, rule, (p, present[1]), f"give only one of {' or '.join(present)}")


def _tool_key(
    item: Any, tag: str, default: Any, keys: Dict[str, str]
) -> Optional[Tuple[str, str, str]]:
    """(kind, key, name) of an item of a collection: its `tag` (or `default`) selects the
    key (`keys`) under which it has its name; None when any of them is missing."""
    if not isinstance(item, dict):
        return None
    kind = item.get(tag, default)
    key = keys.get(kind) if isinstance(kind, str) else None
    name = item.get(key) if key is not None else None
    if not isinstance(name, str) or not isinstance(key, str):
        return None
    return str(kind), key, name


def _r_reference_must_exist(
    rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]
) -> None:
    if not isinstance(v, dict):
        return
    params = rule.params
    prop, collection, tag = params["property"], params["collection"], params["tag"]
    reference = v.get(prop)
    if not isinstance(reference, dict) or tag not in reference:
        return
    default, keys = params.get("default_tag"), params["keys"]
    wanted = _tool_key(reference, tag, default, keys)
    if wanted is None:
        return
    kind, key, name = wanted
    items = v.get(collection)
    names: List[str] = []  # the names the collection defines for items of that kind
    if isinstance(items, (list, tuple)):
        for item in items:  # what `_tool_key` says of each, without a call
            if isinstance(item, dict):
                found = item.get(tag, default)
                if isinstance(found, str) and str(found) == kind:
                    at = keys.get(found)
                    defined = item.get(at) if at is not None else None
                    if isinstance(defined, str) and isinstance(at, str):
                        if defined == name:
                            return  # the usual case: it is there
                        names.append(defined)
    message = f"{prop} names {kind} {_json(name)}, which {collection} does not define"
    guess = _suggest(name, names)
    if guess is not None:
        message += f"; did you mean {_json(guess)}?"
    _emit(out, rule, ((p, prop), key), message)


def _r_unique_by(rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]) -> None:
    if type(v) is not list and not isinstance(v, (list, tuple)):
        return
    params = rule.params
    # typed: the compiled build looks them up as a str and a dict, not as any object
    tag: str = params["tag"]
    default: Any = params.get("default_tag")
    keys: Dict[str, Any] = params["keys"]
    names: Set[str] = (
        set()
    )  # every item's name, whatever its kind: all distinct is usual
    for item in v:
        if type(item) is dict:
            kind = item.get(tag, default)
            if type(kind) is str:
                key = keys.get(kind)
                if type(key) is str:
                    name = item.get(key)
                    if type(name) is str:
                        if name in names:
                            break
                        names.add(name)
    else:
        return
    seen: Dict[Tuple[Any, str], int] = {}  # (kind, name) → the first index
    for index, item in enumerate(v):
        if type(item) is dict:
            kind = item.get(tag, default)
            key = keys.get(kind) if type(kind) is str else None
            name = item.get(key) if type(key) is str else None
            if type(name) is str:  # so are its kind and key
                first = seen.setdefault((kind, name), index)
                if first != index:
                    message = (
                        f"duplicate {kind} {key} {_json(name)} (first at [{first}])"
                    )
                    _emit(out, rule, ((p, index), key), message)


def _r_valid_json_schema(
    rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]
) -> None:
    prop = rule.params["property"]
    if isinstance(v, dict) and isinstance(v.get(prop), dict):
        if not _schema_ok(v[prop], 0):  # the quick look doubts: the full check says why
            _schema(rule, v[prop], (p, prop), out, 0)


def _r_int_range(rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]) -> None:
    prop = rule.params["property"]
    value = v.get(prop) if isinstance(v, dict) else None
    low, high = rule.params["minimum"], rule.params["maximum"]
    if _is_int(value) and not low <= value <= high:
        _emit(out, rule, (p, prop), f"{prop} {value} is outside {low}-{high}")


def _r_string_prefix(rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]) -> None:
    prop = rule.params["property"]
    value = v.get(prop) if isinstance(v, dict) else None
    prefixes = tuple(rule.params["prefixes"])
    if isinstance(value, str) and not value.startswith(prefixes):
        verb = "must" if rule.severity == "error" else "should"
        _emit(
            out,
            rule,
            (p, prop),
            f"{prop} {verb} start with {' or '.join(map(repr, prefixes))}",
        )


def _r_model_gated(rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]) -> None:
    if not isinstance(v, dict):
        return
    prop, model = rule.params["property"], v.get(rule.params["model"])
    if prop not in v or not isinstance(model, str) or model not in ctx:
        return
    key = (rule.id, model)  # by value: the message for a model is the same each time
    message = _GATED.get(key, _M)
    if message is _M:
        if len(_GATED) > 4096:
            _GATED.clear()
        message = _GATED[key] = _gated(rule, prop, model)
    if message is not None:
        _emit(out, rule, (p, prop), message)


_GATED: Dict[Tuple[str, str], Optional[str]] = {}


def _gated(rule: Rule, prop: str, model: str) -> Optional[str]:
    """The finding's message when `model` may not have `prop`, else None."""
    allowed = rule.params["models"]
    if any(model == m or model.startswith(m + "-") for m in allowed):
        return None
    what = rule.params.get("description") or " / ".join(allowed)
    return f"{prop} is only supported by {what}, not {_json(model)}"


def _r_conditional(rule: Rule, ctx: Any, v: Any, p: At, out: List[Finding]) -> None:
    when = rule.params["if"]
    found = _get(v, when["path"])
    if found is _M:
        return
    equals = when["equals"]
    if type(found) is str and type(equals) is str:  # the usual case, without a call
        if found != equals:
            return
    elif not _same(found, equals):
        return
    then = rule.params["then"]
    value = _get(v, then["path"])
    at = p
    for key in then["path"]:
        at = (at, key)
    if then.get("absent"):
        if value is not _M:
            _emit(out, rule, at, f"{json_path(then['path'])[2:]} should be absent")
    elif value is _M or not _same(value, then["equals"]):
        _emit(
            out,
            rule,
            at,
            f"{json_path(then['path'])[2:]} should be {_json(then['equals'])}",
        )
