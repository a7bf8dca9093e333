"""The rule-kind registry (`generator/rules/`): each kind is one module, its runtime check
exists, and its strategy fix really keeps drawn values clear of that check."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import itertools
import json
import pkgutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import generator.rules
from generator.emit.rules import describe, fragment
from generator.ir import nodes as ir
from generator.rules import kind, kinds
from generator.rules.protocol import Bound

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_RULES = ROOT / "templates" / "client" / "validation" / "_rules.py"


def rule(kind_name: str, severity: str = "error", **params: Any) -> ir.Rule:
    return ir.Rule(
        id="r",
        severity=severity,
        applies_to=("T",),
        kind=kind_name,
        source="test",
        params=params,
        message=None,
    )


def test_every_module_registers_the_kind_it_is_named_after() -> None:
    modules = {
        m.name
        for m in pkgutil.iter_modules(generator.rules.__path__)
        if m.name != "protocol"
    }
    assert modules == {name.replace("-", "_") for name in kinds()}
    assert len(kinds()) == 10


def test_every_kind_has_its_runtime_check_and_no_check_lacks_a_kind() -> None:
    tree = ast.parse(RUNTIME_RULES.read_text(encoding="utf-8"))
    checks = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("_r_")
    }
    assert checks == {k.runtime_check for k in kinds().values()}


# An error rule of each kind, with what a drawn owner value looks like before its fix (keys
# the rule speaks of, often breaking it) and the context its runtime check gets.
_OWNER = "T"
_TOOLS = {"tag": "type", "default_tag": "function", "keys": {"function": "name"}}
_NAMES = st.sampled_from(["a", "b"])
_TOOL = st.fixed_dictionaries({"type": st.just("function"), "name": _NAMES})
_CASES: dict[str, tuple[dict[str, Any], SearchStrategy[Any], Any]] = {
    "int-range": ({"property": "n", "minimum": 3, "maximum": 9}, st.just({}), None),
    "string-prefix": (
        {"property": "u", "prefixes": ["tel:", "sip:"]},
        st.just({}),
        None,
    ),
    "valid-json-schema": ({"property": "parameters"}, st.just({}), None),
    "mutually-exclusive-values": (
        {"property": "m", "values": ["x", "y"]},
        st.fixed_dictionaries({"m": st.lists(st.sampled_from(["x", "y", "z"]))}),
        None,
    ),
    "require-one-of": (
        {"properties": ["a", "b"]},
        st.dictionaries(st.sampled_from(["a", "b", "c"]), st.just(1)),
        None,
    ),
    "at-most-one-of": (
        {"properties": ["a", "b"]},
        st.dictionaries(st.sampled_from(["a", "b", "c"]), st.just(1)),
        None,
    ),
    "unique-by": (_TOOLS, st.lists(_TOOL), None),
    "reference-must-exist": (
        {"property": "choice", "collection": "tools", **_TOOLS},
        st.fixed_dictionaries(
            {
                "choice": st.fixed_dictionaries(
                    {"type": st.just("function"), "name": _NAMES}
                )
            },
            optional={"tools": st.lists(_TOOL)},
        ),
        None,
    ),
    "conditional": (
        {"if": {"path": ["a"], "equals": 1}, "then": {"path": ["b"], "absent": True}},
        st.dictionaries(st.sampled_from(["a", "b"]), st.sampled_from([1, 2])),
        None,
    ),
    "model-gated": (
        {"model": "model", "property": "p", "models": ["m1"]},
        st.fixed_dictionaries(
            {"p": st.just(1)}, optional={"model": st.sampled_from(["m1", "m2"])}
        ),
        ("m1", "m2"),
    ),
}


def _runtime(module: str) -> Any:
    """A private copy of a runtime module of the generated package (its registries are
    module state: the copy keeps the real strategies module untouched)."""
    source = ROOT / "generated" / module
    spec = importlib.util.spec_from_file_location(f"_rule_kinds_{source.stem}", source)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def test_every_kind_has_a_case() -> None:
    assert set(_CASES) == set(kinds())


@pytest.mark.parametrize("kind_name", sorted(_CASES))
@settings(max_examples=60, derandomize=True, deadline=None)
@given(data=st.data())
def test_every_kinds_strategy_fix_keeps_drawn_values_clear_of_its_check(
    kind_name: str, data: st.DataObject
) -> None:
    """The kind's fix (its `strategy`, run through the strategies' runtime) repairs drawn
    values so that the kind's runtime check in the validator finds nothing."""
    params, raw, ctx = _CASES[kind_name]
    fix = kind(kind_name).strategy(rule(kind_name, **params))
    assert fix is not None and fix.kept
    runtime = _runtime("testing/realtime_calls_strategies/_runtime.py")
    runtime.PROPERTIES.update({(_OWNER, "a"): st.just(1), (_OWNER, "b"): st.just(2)})
    bound = {Bound.OWNER: _OWNER, Bound.VARIANTS: {"function": _TOOL}}
    made = getattr(runtime, fix.function)(
        *(bound[a] if isinstance(a, Bound) else a for a in fix.args)
    )
    if fix.property is not None:  # the property's strategy: draw from it
        value = {**data.draw(raw), fix.property: data.draw(made)}
    else:  # a hook: repair what the owner's strategy drew
        value = made(data.draw, data.draw(raw))
    checks = importlib.import_module("realtime_calls._validation._rules")
    found: list[Any] = []
    check = getattr(checks, kind(kind_name).runtime_check)
    check(_validator_rule(kind_name, params), ctx, value, (), found)
    assert found == []


def _validator_rule(kind_name: str, params: dict[str, Any]) -> Any:
    findings = importlib.import_module("realtime_calls._validation._findings")
    return findings.Rule("r", "error", kind_name, (_OWNER,), "test", None, params)


def test_a_warning_is_drawn_on_both_sides_or_left_alone() -> None:
    prefix = kind("string-prefix").strategy(
        rule("string-prefix", "warning", property="u", prefixes=["tel:"])
    )
    assert prefix is not None and not prefix.kept
    gated = rule("model-gated", "warning", model="m", property="p", models=["x"])
    assert kind("model-gated").strategy(gated) is None


@pytest.mark.parametrize(
    "value,valid",
    [
        ({}, True),
        ({"a": 1}, True),
        ({"a": 1, "b": 2}, False),
        ({"b": 1, "c": 1}, False),
    ],
)
def test_at_most_one_of_fragment_says_what_the_kind_checks(
    value: dict[str, int], valid: bool
) -> None:
    schema = fragment(rule("at-most-one-of", properties=["a", "b", "c"]))
    assert schema is not None and schema["$comment"] == "rule r (test)"
    assert jsonschema.Draft202012Validator(schema).is_valid(value) is valid


def test_mutually_exclusive_values_fragment_rejects_each_pair() -> None:
    values = ["x", "y", "z"]
    schema = fragment(rule("mutually-exclusive-values", property="p", values=values))
    assert schema is not None
    check = jsonschema.Draft202012Validator(schema)
    for a, b in itertools.combinations(values, 2):
        assert not check.is_valid({"p": [a, "other", b]})
    assert all(check.is_valid({"p": [v, "other"]}) for v in values)


def test_a_warning_or_an_inexpressible_kind_has_no_fragment() -> None:
    assert (
        fragment(rule("int-range", "warning", property="n", minimum=1, maximum=2))
        is None
    )
    assert fragment(rule("unique-by", tag="type", keys={"function": "name"})) is None
    bounded = fragment(rule("int-range", property="n", minimum=1, maximum=2))
    assert bounded is not None
    assert bounded["properties"] == {"n": {"minimum": 1, "maximum": 2}}


def test_string_prefix_fragment_escapes_the_prefixes() -> None:
    schema = fragment(rule("string-prefix", property="u", prefixes=["a.b", "c+"]))
    assert schema is not None
    check = jsonschema.Draft202012Validator(schema)
    assert check.is_valid({"u": "a.bcd"}) and check.is_valid({"u": "c+1"})
    assert not check.is_valid({"u": "axb"}) and not check.is_valid({"u": "cc"})


def test_guards_and_context() -> None:
    assert kind("int-range").guard(rule("int-range", property="n"), "v") == (
        'isinstance(v, dict) and "n" in v'
    )
    conditional = rule("conditional", **{"if": {"path": ["a", "b"]}, "then": {}})
    assert (
        kind("conditional").guard(conditional, "v")
        == 'isinstance(v, dict) and "a" in v'
    )
    on_string = rule(
        "conditional", **{"if": {"path": ["a"], "equals": "w"}, "then": {}}
    )
    assert (
        kind("conditional").guard(on_string, "v")
        == 'isinstance(v, dict) and v.get("a") == "w"'
    )
    gated = rule("model-gated", model="model", property="p", models=["m"])
    assert kind("model-gated").context_property(gated) == "model"
    assert kind("int-range").context_property(rule("int-range", property="n")) is None


@pytest.mark.parametrize("kind_name", sorted(_CASES))
@settings(max_examples=80, derandomize=True, deadline=None)
@given(data=st.data())
def test_a_guard_is_false_only_where_the_check_finds_nothing(
    kind_name: str, data: st.DataObject
) -> None:
    """The validator skips the check when the guard is false: it must then find nothing."""
    params, raw, ctx = _CASES[kind_name]
    _guard_holds(kind_name, params, ctx, data.draw(_or_any(raw)))


def _or_any(raw: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.one_of(raw, st.dictionaries(st.text(max_size=3), st.just(1)))


def _guard_holds(kind_name: str, params: dict[str, Any], ctx: Any, value: Any) -> None:
    guard = kind(kind_name).guard(rule(kind_name, **params), "v")
    # the names a guard may use besides the value: the generated module's imports
    names = {"_schema_ok": _runtime_names()._schema_ok}
    if guard is None or eval(guard, names, {"v": value}):
        return
    found: list[Any] = []
    checks = importlib.import_module("realtime_calls._validation._rules")
    check = getattr(checks, kind(kind_name).runtime_check)
    check(_validator_rule(kind_name, params), ctx, value, (), found)
    assert found == [], (guard, value)


def _runtime_names() -> Any:
    return importlib.import_module("realtime_calls._validation._json_schema")


_SCHEMAS = st.recursive(
    st.sampled_from(["string", "strin", 1, None, True, ["a"]]),
    lambda inner: st.dictionaries(
        st.sampled_from(["type", "properties", "required", "items", "minimum"]),
        inner,
        max_size=3,
    ),
    max_leaves=6,
)
# The guards' other forms: a string the condition is about, values listed twice, a
# reference by a string mode, schemas the quick look passes or doubts.
_GUARD_CASES: dict[str, tuple[str, dict[str, Any], SearchStrategy[Any]]] = {
    "conditional on a string": (
        "conditional",
        {"if": {"path": ["a"], "equals": "w"}, "then": {"path": ["b"], "absent": True}},
        st.dictionaries(st.sampled_from(["a", "b"]), st.sampled_from(["w", "x", 1])),
    ),
    "values listed twice": (
        "mutually-exclusive-values",
        {"property": "m", "values": ["x", "x", "y"]},
        st.fixed_dictionaries({"m": st.lists(st.sampled_from(["x", "y", "z"]))}),
    ),
    "a string mode or a reference": (
        "reference-must-exist",
        {"property": "choice", "collection": "tools", **_TOOLS},
        st.fixed_dictionaries(
            {"choice": st.one_of(st.just("auto"), st.just({"name": "a"}))},
            optional={"tools": st.lists(_TOOL)},
        ),
    ),
    "schemas": (
        "valid-json-schema",
        {"property": "parameters"},
        st.fixed_dictionaries({"parameters": _SCHEMAS}),
    ),
}


@pytest.mark.parametrize("case", sorted(_GUARD_CASES))
@settings(max_examples=80, derandomize=True, deadline=None)
@given(data=st.data())
def test_every_form_of_a_guard_is_false_only_where_the_check_finds_nothing(
    case: str, data: st.DataObject
) -> None:
    kind_name, params, raw = _GUARD_CASES[case]
    _guard_holds(kind_name, params, None, data.draw(_or_any(raw)))


def test_describe_prefers_the_rules_message_and_words_severity() -> None:
    warn = rule("string-prefix", "warning", property="u", prefixes=["https://"])
    assert describe(warn) == "`u` should start with `https://`"
    err = rule("string-prefix", property="u", prefixes=["a", "b"])
    assert describe(err) == "`u` must start with `a` or `b`"
    assert describe(replace(err, message="custom")) == "custom"


def test_each_case_has_every_parameter_in_its_shape() -> None:
    for kind_name, (params, _, _) in _CASES.items():
        shapes = kind(kind_name).params
        assert set(shapes) <= set(params), kind_name
        for param, shape in shapes.items():
            assert shape.holds(params[param]), (kind_name, param)


# values of the wrong shape for any parameter: none of them is a name, a list of names,
# an integer, a tag map or a condition
_MISSHAPEN = [True, None, "", [], {}, 1.5, [1], {"path": []}, {"equals": 1}]


@pytest.mark.parametrize(
    "kind_name, param",
    [(k, p) for k in sorted(_CASES) for p in kind(k).params],
)
def test_a_parameter_of_another_shape_is_a_located_problem(
    tmp_path: Path, kind_name: str, param: str
) -> None:
    from generator.errors import SpecError
    from generator.ir.build import build_api

    valid = _CASES[kind_name][0]
    shape = kind(kind_name).params[param]
    for wrong in (w for w in _MISSHAPEN if not shape.holds(w)):
        entry = {"id": "r", "severity": "error", "kind": kind_name, "applies_to": "T"}
        entry |= {**valid, param: wrong}
        spec = tmp_path / "openapi.json"
        spec.write_text(
            json.dumps(
                {
                    "openapi": "3.1.0",
                    "info": {"title": "t", "version": "1"},
                    "paths": {},
                    "components": {"schemas": {"T": {"type": "object"}}},
                    "x-callspec-rules": [entry],
                }
            ),
            encoding="utf-8",
        )
        with pytest.raises(SpecError) as caught:
            build_api(spec)
        (problem,) = caught.value.problems
        assert problem.pointer == f"/x-callspec-rules/0/{param}", wrong
        assert problem.line is not None
        assert f"'{param}' must be {shape.what}" in problem.message
