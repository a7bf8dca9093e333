"""The rule-kind registry (`generator/rules/`): each kind is one module, and everything a
kind needs elsewhere (its runtime check, its strategy fix) exists."""

from __future__ import annotations

import ast
import itertools
import pkgutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import generator.rules
from generator.emit.rules import describe, fragment
from generator.ir import nodes as ir
from generator.rules import kind, kinds

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_RULES = ROOT / "templates" / "client" / "validation" / "_rules.py"
STRATEGIES = ROOT / "templates" / "testing" / "strategies" / "_runtime.py"


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


def test_every_kind_has_a_strategy_branch() -> None:
    text = STRATEGIES.read_text(encoding="utf-8")
    body = text[text.index("def _rule(") :]
    missing = [name for name in kinds() if f'"{name}"' not in body]
    assert missing == []


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


def test_triggers_and_context() -> None:
    assert kind("require-one-of").trigger(rule("require-one-of")) is None
    assert kind("int-range").trigger(rule("int-range", property="n")) == "n"
    conditional = rule("conditional", **{"if": {"path": ["a", "b"]}, "then": {}})
    assert kind("conditional").trigger(conditional) == "a"
    gated = rule("model-gated", model="model", property="p", models=["m"])
    assert kind("model-gated").context_property(gated) == "model"
    assert kind("int-range").context_property(rule("int-range", property="n")) is None


def test_describe_prefers_the_rules_message_and_words_severity() -> None:
    warn = rule("string-prefix", "warning", property="u", prefixes=["https://"])
    assert describe(warn) == "`u` should start with `https://`"
    err = rule("string-prefix", property="u", prefixes=["a", "b"])
    assert describe(err) == "`u` must start with `a` or `b`"
    assert describe(replace(err, message="custom")) == "custom"
