"""Hypothesis strategies for every public type and request body, from the IR.

The generated package (`testing/<package>_strategies/`) draws *valid* values: every union
branch, nullable `null`s, numeric bounds exactly at their limits, formats the validators
check. The rules beyond the types (x-callspec rules: one MCP endpoint, not both modalities,
unique tool names, `tool_choice` naming a defined tool, ...) are kept by post-processing hooks
that live in the verbatim runtime (`templates/testing/strategies/_runtime.py`), keyed by type
and property name, so an IR without those types (a user's spec) still gets a module that
imports; the generated `__init__.py` holds only what the spec varies. Names and values are written as escaped
literals, so hostile spec names cannot break the module. Hypothesis is imported only by the
generated module, never by the generator.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, assert_never

from generator.config import TEMPLATES
from generator.emit.imports import (
    Candidate,
    code_names,
    exported_names,
    import_block,
)
from generator.emit.render import Renderer
from generator.emit.schemas import request_schemas
from generator.emit.pysource import layout, lit, q
from generator.ecma_regex import translate
from generator.ir import nodes as ir
from generator.rules import kind
from generator.rules.protocol import Bound

RUNTIME = TEMPLATES / "testing" / "strategies"
_IMPORTS = [
    [Candidate("json"), Candidate("math"), Candidate("typing", "Any")],
    [
        Candidate("hypothesis", "strategies", "st"),
        Candidate("hypothesis.strategies", "SearchStrategy"),
    ],
]
# where the import block goes in the draft (no template text holds NUL)
_IMPORTS_MARK = "\x00imports\x00"


def runtime_files() -> list[Path]:
    """The strategies' verbatim modules (`templates/testing/strategies/*.py`)."""
    return sorted(RUNTIME.glob("*.py"))


def py_value(value: Any) -> str:
    """A Python literal for a JSON value from the spec (sequences as lists, non-finite
    floats spelled out)."""
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return 'float("nan")'
        return 'float("inf")' if value > 0 else 'float("-inf")'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{q(str(k))}: {py_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    if value is None or isinstance(value, (bool, int, float, str)):
        return lit(value)
    return q(str(value))


def _num(value: float | None) -> str:
    return "None" if value is None else py_value(value)


class StrategiesEmitter:
    def __init__(self, api: ir.Api, renderer: Renderer) -> None:
        self.api = api
        self.renderer = renderer

    @property
    def path(self) -> str:
        return f"testing/{self.api.package}_strategies/__init__.py"

    def expr(self, node: ir.TypeNode, owner: str) -> str:
        """A Python expression evaluating to a strategy for `node` (inside type `owner`)."""
        if isinstance(node, ir.Ref):
            return f"_ref({q(node.name)})"
        if isinstance(node, ir.Primitive):
            if node.kind == "boolean":
                return "st.booleans()"
            if node.kind == "integer":
                return (
                    f"_integers({_num(node.minimum)}, {_num(node.maximum)}, "
                    f"{_num(node.exclusive_minimum)}, {_num(node.exclusive_maximum)})"
                )
            if node.kind == "number":
                return (
                    f"_numbers({_num(node.minimum)}, {_num(node.maximum)}, "
                    f"{_num(node.exclusive_minimum)}, {_num(node.exclusive_maximum)})"
                )
            # drawn with ECMA-262 semantics, as the validators judge them (`$` never
            # before a trailing newline); an untranslatable pattern was reported by the build
            ecma = None if node.pattern is None else translate(node.pattern)
            pattern = "None" if ecma is None else q(ecma)
            fmt = "None" if node.format is None else q(node.format)
            return (
                f"_strings({_num(node.min_length)}, {_num(node.max_length)}, "
                f"{pattern}, {fmt})"
            )
        if isinstance(node, ir.Literal):
            if node.is_const:
                return f"st.just({py_value(node.values[0])})"
            return (
                "st.sampled_from([" + ", ".join(py_value(v) for v in node.values) + "])"
            )
        if isinstance(node, ir.Array):
            return (
                f"_arrays({self.expr(node.items, owner)}, {_num(node.min_items)}, "
                f"{_num(node.max_items)}, {node.unique_items!r})"
            )
        if isinstance(node, ir.Map):
            return f"_maps({self.expr(node.values, owner)})"
        if isinstance(node, ir.FreeForm):
            return "_free_form()"
        if isinstance(node, ir.AnyValue):
            return "_any_value()"
        if isinstance(node, ir.Nullable):
            return f"st.one_of(st.none(), {self.expr(node.inner, owner)})"
        if isinstance(node, ir.Union):
            return (
                "st.one_of("
                + ", ".join(self.expr(m, owner) for m in node.members)
                + ")"
            )
        if isinstance(node, ir.Object):
            return self.object(node, owner)
        assert_never(node)

    def object(self, node: ir.Object, owner: str) -> str:
        def entries(required: bool) -> str:
            items = []
            for prop in node.properties:
                if prop.required != required or prop.read_only:
                    continue
                value = self.expr(prop.type, f"{owner}.{prop.name}")
                items.append(
                    f"{q(prop.name)}: _prop({q(owner)}, " f"{q(prop.name)}, {value})"
                )
            return "{" + ", ".join(items) + "}"

        return f"_object({entries(True)}, {entries(False)})"

    def tagged(self, rule: Any) -> list[tuple[str, str]]:
        """For a rule whose fix may add an item to a collection of tagged variants
        (`tool_choice` naming an undefined tool): tag → strategy of that variant."""
        collection = rule.params.get("collection")
        if not isinstance(collection, str):
            return []
        for owner in rule.applies_to:
            named = self.api.types.get(owner)
            node = self.api.resolve(named.type) if named else None
            prop = node.property(collection) if isinstance(node, ir.Object) else None
            items = self.api.resolve(prop.type) if prop else None
            if isinstance(items, ir.Nullable):
                items = self.api.resolve(items.inner)
            union = (
                self.api.resolve(items.items) if isinstance(items, ir.Array) else None
            )
            if isinstance(union, ir.Union) and union.tags:
                return [
                    (tag, self.expr(union.members[index], owner))
                    for tag, index in union.tags
                ]
        return []

    def render(self) -> dict[str, str]:
        types = [
            (named.name, self.expr(named.type, named.name))
            for named in self.api.public_types()
        ]
        requests = [
            (name, root, f"{self.api.schema_base_url.rstrip('/')}/{name}.json")
            for name, root, _ in request_schemas(self.api)
            if root in self.api.types and not self.api.types[root].internal
        ]
        rules = [
            self.rule_call(rule, self.tagged(rule))
            for rule in getattr(self.api, "rules", ())
        ]
        rules = [block for block in rules if block]
        context = dict(
            api=self.api,
            title_line=layout(f"API_TITLE = {q(self.api.title)}"),
            rules_code="".join(block + "\n\n" for block in rules)
            + ("\n" if rules else ""),
            types_code="\n".join(
                layout(f"TYPES[{q(name)}] = _hook({q(name)}, {expr})")
                for name, expr in types
            ),
            requests_code="\n".join(
                layout(f"SCHEMA_IDS[{q(name)}] = {q(schema_id)}")
                + "\n"
                + layout(
                    f"REQUESTS[{q(name)}] = _with_schema_key("
                    f"TYPES[{q(root)}], {q(schema_id)})"
                )
                for name, root, schema_id in requests
            ),
        )
        # rendered once: the import block found from the draft takes the mark's place
        draft = self.renderer.render(
            "testing/strategies.py.jinja", imports=_IMPORTS_MARK, **context
        )
        reads = code_names(draft)  # one scan of ~1 MB (full upstream); None: parsed
        if reads is not None:
            reads |= exported_names(draft)
        imports = import_block(draft, _IMPORTS, runtime_files(), reads=reads)
        text = draft.replace(_IMPORTS_MARK, imports, 1)
        files = {self.path: text}
        package = self.path.rsplit("/", 1)[0]
        for source in runtime_files():
            files[f"{package}/{source.name}"] = source.read_text(encoding="utf-8")
        return files

    @staticmethod
    def rule_call(rule: Any, tagged: list[tuple[str, str]]) -> str:
        """The registration of one rule's strategy fix (its kind's `strategy`), exploded
        one argument per line; an error rule no fix keeps is listed as not kept."""
        fix = kind(rule.kind).strategy(rule)
        if fix is None:
            if rule.severity == "error":
                return f"RULES_NOT_KEPT.append({q(rule.id)})"
            return ""
        bound = {
            Bound.OWNER: "owner",
            Bound.VARIANTS: "{"
            + ", ".join(f"{q(tag)}: {expr}" for tag, expr in tagged)
            + "}",
        }
        args = ", ".join(
            bound[a] if isinstance(a, Bound) else py_value(a) for a in fix.args
        )
        call = f"{fix.function}({args})"
        owners = py_value(list(rule.applies_to))
        if fix.property is not None:
            parts = [q(rule.id), owners, q(fix.property), f"lambda: {call}"]
            parts += [] if fix.kept else ["kept=False"]
            return "\n".join(
                ["_keep_property(", *(layout(f"    {a},") for a in parts), ")"]
            )
        parts = [q(rule.id), owners, f"lambda owner: {call}"]
        return "\n".join(["_keep(", *(layout(f"    {a},") for a in parts), ")"])
