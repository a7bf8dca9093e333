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
from generator.emit.pytree import Group, Node, flat, layout_node, prefixed
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
_TYPES_MARK = "\x00types\x00"


def runtime_files() -> list[Path]:
    """The strategies' verbatim modules (`templates/testing/strategies/*.py`)."""
    return sorted(RUNTIME.glob("*.py"))


def py_value(value: Any) -> str:
    """A Python literal for a JSON value from the spec (sequences as lists, non-finite
    floats spelled out)."""
    return flat(py_node(value))


def py_node(value: Any) -> Node:
    """`py_value` as a tree, to be laid out by its brackets."""
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return Group("float(", ['"nan"'], ")")
        return Group("float(", ['"inf"' if value > 0 else '"-inf"'], ")")
    if isinstance(value, (list, tuple)):
        return Group("[", [py_node(v) for v in value], "]")
    if isinstance(value, dict):
        items = [prefixed(f"{q(str(k))}: ", py_node(v)) for k, v in value.items()]
        return Group("{", items, "}")
    if value is None or isinstance(value, (bool, int, float, str)):
        return lit(value)
    return q(str(value))


def _num(value: float | None) -> Node:
    return "None" if value is None else py_node(value)


class StrategiesEmitter:
    def __init__(self, api: ir.Api, renderer: Renderer) -> None:
        self.api = api
        self.renderer = renderer
        # the functions trees call (builtins aside), noted as they are built: the TYPES
        # block's imports are found from them, not by a scan of ~1 MB (full upstream)
        self.calls: set[str] = set()
        # trees of the primitives and literals met, by what decides their text: shared
        self.primitives: dict[tuple[str, str | None, str | None], Node] = {}
        self.literals: dict[tuple[Any, ...], Node] = {}

    @property
    def path(self) -> str:
        return f"testing/{self.api.package}_strategies/__init__.py"

    def expr(self, node: ir.TypeNode, owner: str) -> str:
        """A Python expression evaluating to a strategy for `node` (inside type `owner`)."""
        return flat(self.tree(node, owner))

    def call(self, function: str, items: list[Node]) -> Group:
        """`function(items...)`, its name noted in `calls`."""
        self.calls.add(function)
        return Group(function + "(", items, ")")

    def tree(self, node: ir.TypeNode, owner: str) -> Node:
        """`expr` as a tree of calls, lists and dicts (laid out by `pytree`)."""
        if isinstance(node, ir.Ref):
            return self.call("_ref", [q(node.name)])
        if isinstance(node, ir.Primitive):
            return self.primitive(node)
        if isinstance(node, ir.Literal):
            return self.literal(node)
        if isinstance(node, ir.Array):
            items = self.tree(node.items, owner)
            bounds = [_num(node.min_items), _num(node.max_items)]
            return self.call("_arrays", [items, *bounds, repr(node.unique_items)])
        if isinstance(node, ir.Map):
            return self.call("_maps", [self.tree(node.values, owner)])
        if isinstance(node, ir.FreeForm):
            return self.call("_free_form", [])
        if isinstance(node, ir.AnyValue):
            return self.call("_any_value", [])
        if isinstance(node, ir.Nullable):
            none = self.call("st.none", [])
            return self.call("st.one_of", [none, self.tree(node.inner, owner)])
        if isinstance(node, ir.Union):
            members = [self.tree(m, owner) for m in node.members]
            return self.call("st.one_of", members)
        if isinstance(node, ir.Object):
            return self.object(node, owner)
        assert_never(node)

    def primitive(self, node: ir.Primitive) -> Node:
        """One tree for all of the unbounded primitives of a kind, pattern and format
        (most of a large spec's primitives are a few such); bounds are keyed by nothing,
        as 1 and 1.0 are equal keys but not equal text."""
        bounds = [node.minimum, node.maximum, node.min_length, node.max_length]
        bounds += [node.exclusive_minimum, node.exclusive_maximum]
        if bounds.count(None) != len(bounds):
            return self._primitive(node)
        key = (node.kind, node.pattern, node.format)
        found = self.primitives.get(key)
        if found is None:
            found = self.primitives[key] = self._primitive(node)
        return found

    def _primitive(self, node: ir.Primitive) -> Group:
        if node.kind == "boolean":
            return self.call("st.booleans", [])
        if node.kind in ("integer", "number"):
            function = "_integers" if node.kind == "integer" else "_numbers"
            limits = [node.minimum, node.maximum]
            limits += [node.exclusive_minimum, node.exclusive_maximum]
            return self.call(function, [_num(v) for v in limits])
        # drawn with ECMA-262 semantics, as the validators judge them (`$` never
        # before a trailing newline); an untranslatable pattern was reported by the build
        ecma = None if node.pattern is None else translate(node.pattern)
        pattern = "None" if ecma is None else q(ecma)
        fmt = "None" if node.format is None else q(node.format)
        bounds = [_num(node.min_length), _num(node.max_length)]
        return self.call("_strings", [*bounds, pattern, fmt])

    def literal(self, node: ir.Literal) -> Node:
        """One tree for each list of string values (keyed by them: equal strings are the
        same text); other values each their own."""
        key = node.values
        if not all(type(v) is str for v in key):
            return self._literal(node)
        found = self.literals.get(key)
        if found is None:
            found = self.literals[key] = self._literal(node)
        return found

    def _literal(self, node: ir.Literal) -> Group:
        if node.is_const:
            return self.call("st.just", [py_node(node.values[0])])
        values = Group("[", [py_node(v) for v in node.values], "]")
        return self.call("st.sampled_from", [values])

    def object(self, node: ir.Object, owner: str) -> Group:
        quoted = q(owner)
        self.calls.add("_prop")

        def entries(required: bool) -> Group:
            items: list[Node] = []
            for prop in node.properties:
                if prop.required != required or prop.read_only:
                    continue
                name = q(prop.name)
                value = self.tree(prop.type, f"{owner}.{prop.name}")
                items.append(Group(f"{name}: _prop(", [quoted, name, value], ")"))
            return Group("{", items, "}")

        return self.call("_object", [entries(True), entries(False)])

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

    def type_line(self, named: ir.NamedType) -> Group:
        """`TYPES["Name"] = _hook("Name", <its strategy>)`."""
        name = q(named.name)
        strategy = self.tree(named.type, named.name)
        return Group(f"TYPES[{name}] = _hook(", [name, strategy], ")")

    def render(self) -> dict[str, str]:
        self.calls, self.primitives, self.literals = set(), {}, {}
        # each type laid out as soon as it is built: its tree is dropped before the next
        types_code = "\n".join(
            layout_node("", self.type_line(named)) for named in self.api.public_types()
        )
        types_reads = {c.partition(".")[0] for c in self.calls}
        types_reads |= {"TYPES", "_hook"} if types_code else set()
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
        # rendered once, marks for the import block and the TYPES block: the names the
        # rest reads are found by a scan, the block's are the calls of its trees
        draft = self.renderer.render(
            "testing/strategies.py.jinja",
            imports=_IMPORTS_MARK,
            types_code=_TYPES_MARK,
            **context,
        )
        reads = code_names(draft)  # None: an f-string, the whole module is parsed
        text = draft.replace(_TYPES_MARK, types_code, 1)
        if reads is not None:
            reads |= exported_names(draft) | types_reads
        imports = import_block(text, _IMPORTS, runtime_files(), reads=reads)
        text = text.replace(_IMPORTS_MARK, imports, 1)
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
