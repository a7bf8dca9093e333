"""The generated validator: the `_validation` package inside the client package.

Each named type becomes one specialised function (closed objects, tag-dispatched unions,
open enums with near-miss warnings) in `_validation/__init__.py`; the rules of
`x-callspec-rules` become data handed to the rule kinds' runtime checks. What does not vary
(`templates/client/validation/*.py`: findings, messages, the rule kinds' checks, the JSON
Schema metaschema check) is copied verbatim. The code is written black-stable (`layout`), so
generation never runs black on it.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any, assert_never

from generator.config import TEMPLATES
from generator.emit.imports import Candidate, import_block
from generator.emit.pysource import WIDTH, display_width, layout, lit, q
from generator.emit.render import Renderer
from generator.emit.schemas import request_schemas
from generator.ir import nodes as ir
from generator.rules import kind

RUNTIME = TEMPLATES / "client" / "validation"
_IMPORTS = [
    [
        Candidate("math"),
        Candidate("re"),
        *(
            Candidate("typing", name)
            for name in (
                "Any",
                "Callable",
                "Dict",
                "FrozenSet",
                "List",
                "NamedTuple",
                "Optional",
                "Sequence",
                "Tuple",
                "Union",
            )
        ),
    ]
]

_KIND_ORDER = ("boolean", "number", "string", "object", "array", "null")
_KIND_TEST = {
    "boolean": "isinstance({v}, bool)",
    "number": "(type({v}) is int or type({v}) is float)",
    "string": "isinstance({v}, str)",
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, (list, tuple))",
    "null": "{v} is None",
}
_KIND_NAME = {
    "boolean": "a boolean",
    "number": "a number",
    "integer": "an integer",
    "string": "a string",
    "object": "an object",
    "array": "an array",
    "null": "null",
}


# -- check functions ------------------------------------------------------------------------
_HOIST_AT = 28  # indentation from which nested objects, unions, ... become functions


def define(name: str, body: list[str], doc: str | None = None) -> str:
    """A check function `name(v, p, out)` with `body` (lines of one statement each)."""
    head = f"def {name}(v: Any, p: Path, out: List[Finding]) -> None:"
    if len(head) > WIDTH:
        head = f"def {name}(\n    v: Any, p: Path, out: List[Finding]\n) -> None:"
    lines = [head, *([doc] if doc else []), *(layout(line) for line in body)]
    return "\n".join(lines) + "\n"


def fn_name(type_name: str) -> str:
    return "_t_" + re.sub(r"[^0-9A-Za-z_]", "_", type_name)


class ValidatorEmitter:
    def __init__(self, api: ir.Api, renderer: Renderer) -> None:
        self.api = api
        self.renderer = renderer
        self.constants: list[str] = []
        self.hoisted: list[str] = []
        self.late: list[str] = []
        self.counter = 0
        self.subjects: list[str] = (
            []
        )  # what the code being written checks, innermost last
        self.named: dict[tuple[str, str], str] = {}  # (kind, expression) → its constant
        self.rule_index = {rule.id: i for i, rule in enumerate(api.rules)}
        self.nouns: dict[str, str] | None = None

    # -- helpers -----------------------------------------------------------------------
    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def const(
        self, kind: str, expr: str, late: bool = False, subject: str | None = None
    ) -> str:
        """A module-level constant named for what it holds (`_MODEL_VALUES`, `_MCP_KEYS`):
        `kind` is one of `_SUFFIX`, the subject the innermost property or type checked.
        An equal constant is written once; `late` ones (tables of functions) follow the
        functions."""
        if (kind, expr) in self.named:
            return self.named[(kind, expr)]
        base = subject or (self.subjects[-1] if self.subjects else "value")
        name = f"_{_upper_snake(base)}_{_SUFFIX[kind]}"
        if name in self.named.values() and len(self.subjects) > 1:
            name = f"_{_upper_snake(self.subjects[0])}{name}"  # qualified by its type
        taken, number = set(self.named.values()), 2
        unique = name
        while unique in taken:
            unique, number = f"{name}_{number}", number + 1
        self.named[(kind, expr)] = unique
        (self.late if late else self.constants).append(layout(f"{unique} = {expr}"))
        return unique

    def kinds(self, node: ir.TypeNode, seen: frozenset[str] = frozenset()) -> set[str]:
        """The JSON kinds a node accepts ("integer" counted as "number")."""
        if isinstance(node, ir.Ref):
            if node.name in seen:
                return set()
            return self.kinds(self.api.types[node.name].type, seen | {node.name})
        if isinstance(node, ir.Primitive):
            return {"number" if node.kind == "integer" else node.kind}
        if isinstance(node, ir.Literal):
            out = set()
            for v in node.values:
                if v is None:
                    out.add("null")
                elif isinstance(v, bool):
                    out.add("boolean")
                elif isinstance(v, (int, float)):
                    out.add("number")
                elif isinstance(v, str):
                    out.add("string")
                elif isinstance(v, list):
                    out.add("array")
                else:
                    out.add("object")
            return out
        if isinstance(node, ir.Array):
            return {"array"}
        if isinstance(node, (ir.Map, ir.FreeForm, ir.Object)):
            return {"object"}
        if isinstance(node, ir.AnyValue):
            return set(_KIND_ORDER)
        if isinstance(node, ir.Union):
            out = set()
            for m in node.members:
                out |= self.kinds(m, seen)
            return out
        if isinstance(node, ir.Nullable):
            return self.kinds(node.inner, seen) | {"null"}
        assert_never(node)

    def expected(self, node: ir.TypeNode, nullable: bool = False) -> str:
        kinds = self.kinds(node)
        if isinstance(node, ir.Primitive) and node.kind == "integer":
            names = ["an integer"]
        else:
            names = [_KIND_NAME[k] for k in _KIND_ORDER if k in kinds and k != "null"]
        if nullable or "null" in kinds:
            names.append("null")
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " or " + names[-1]

    def kind_test(self, kinds: set[str], var: str) -> str:
        return " or ".join(
            _KIND_TEST[k].format(v=var) for k in _KIND_ORDER if k in kinds
        )

    def resolve(self, node: ir.TypeNode) -> ir.TypeNode:
        return self.api.resolve(node)

    # -- code for one node -------------------------------------------------------------
    def gen(
        self,
        node: ir.TypeNode,
        var: str,
        path: str,
        ind: str,
        where: str,
        nullable: bool = False,
        noun: str | None = None,
    ) -> list[str]:
        """Lines that check `var` (at path expression `path`) against `node`."""
        if isinstance(node, ir.Ref):
            if nullable:
                kinds = self.kinds(node)
                return [
                    f"{ind}if not ({self.kind_test(kinds, var)}):",
                    f"{ind}    _type(out, {path}, {var}, {lit(self.expected(node, True))}, {lit(where)})",
                    f"{ind}else:",
                    f"{ind}    {fn_name(node.name)}({var}, {path}, out)",
                ]
            return [f"{ind}{fn_name(node.name)}({var}, {path}, out)"]
        if isinstance(node, ir.Nullable):
            inner = self.gen(node.inner, var, path, ind + "    ", where, True, noun)
            return [f"{ind}if {var} is not None:", *inner]
        if len(ind) >= _HOIST_AT and isinstance(
            node, (ir.Object, ir.Union, ir.Array, ir.Map)
        ):  # deep inside: a function of its own keeps lines short
            return [
                f"{ind}{self.hoist(node, where, nullable, noun)}({var}, {path}, out)"
            ]
        expected = self.expected(node, nullable)
        type_err = f"_type(out, {path}, {var}, {lit(expected)}, {lit(where)})"
        if isinstance(node, ir.Primitive):
            return self.primitive(node, var, path, ind, type_err)
        if isinstance(node, ir.Literal):
            return self.literal(node, var, path, ind)
        if isinstance(node, ir.Array):
            item = self.fresh("x")
            index = self.fresh("i")
            lines = [
                f"{ind}if not isinstance({var}, (list, tuple)):",
                f"{ind}    {type_err}",
                f"{ind}else:",
            ]
            if node.min_items is not None:
                lines += [
                    f"{ind}    if len({var}) < {node.min_items}:",
                    f'{ind}        _bound(out, {path}, {var}, "minItems", {node.min_items})',
                ]
            if node.max_items is not None:
                lines += [
                    f"{ind}    if len({var}) > {node.max_items}:",
                    f'{ind}        _bound(out, {path}, {var}, "maxItems", {node.max_items})',
                ]
            if node.unique_items:
                lines += [
                    f"{ind}    for {index}, {item} in enumerate({var}):",
                    f"{ind}        if any(_same({item}, y) for y in {var}[:{index}]):",
                    f'{ind}            out.append(Finding({path} + ({index},), "error", "duplicate item", "", "uniqueItems"))',
                ]
            lines += [f"{ind}    for {index}, {item} in enumerate({var}):"]
            lines += self.gen(
                node.items, item, f"{path} + ({index},)", ind + "        ", where
            )
            return lines
        if isinstance(node, ir.Map):
            key, item = self.fresh("k"), self.fresh("x")
            return [
                f"{ind}if not isinstance({var}, dict):",
                f"{ind}    {type_err}",
                f"{ind}else:",
                f"{ind}    for {key}, {item} in {var}.items():",
                *self.gen(
                    node.values, item, f"{path} + ({key},)", ind + "        ", where
                ),
            ]
        if isinstance(node, ir.FreeForm):
            return [
                f"{ind}if not isinstance({var}, dict):",
                f"{ind}    {type_err}",
                f"{ind}else:",
                f"{ind}    _finite({var}, {path}, out)",
            ]
        if isinstance(node, ir.AnyValue):
            return [f"{ind}_finite({var}, {path}, out)"]
        if isinstance(node, ir.Object):
            return self.object(node, var, path, ind, where, type_err)
        if isinstance(node, ir.Union):
            return self.union(node, var, path, ind, where, type_err, noun)
        assert_never(node)

    def primitive(
        self, node: ir.Primitive, var: str, path: str, ind: str, type_err: str
    ) -> list[str]:
        test = {
            "string": f"isinstance({var}, str)",
            "integer": f"(type({var}) is int or _is_int({var}))",
            "number": f"(type({var}) is int or (type({var}) is float and {var} - {var} == 0))",
            "boolean": f"isinstance({var}, bool)",
        }[node.kind]
        checks: list[str] = []
        for bound, value, op in (
            ("minimum", node.minimum, "<"),
            ("maximum", node.maximum, ">"),
            ("exclusiveMinimum", node.exclusive_minimum, "<="),
            ("exclusiveMaximum", node.exclusive_maximum, ">="),
        ):
            if value is not None:
                checks += [
                    f"{ind}    if {var} {op} {lit(value)}:",
                    f"{ind}        _bound(out, {path}, {var}, {lit(bound)}, {lit(value)})",
                ]
        if node.min_length is not None:
            checks += [
                f"{ind}    if len({var}) < {node.min_length}:",
                f'{ind}        _bound(out, {path}, {var}, "minLength", {node.min_length})',
            ]
        if node.max_length is not None:
            checks += [
                f"{ind}    if len({var}) > {node.max_length}:",
                f'{ind}        _bound(out, {path}, {var}, "maxLength", {node.max_length})',
            ]
        if node.pattern is not None:
            regex = self.const("pattern", f"re.compile({lit(node.pattern)})")
            checks += [
                f"{ind}    if {regex}.search({var}) is None:",
                f"{ind}        _pattern(out, {path}, {var}, {lit(node.pattern)})",
            ]
        lines = [f"{ind}if not {test}:", f"{ind}    {type_err}"]
        if checks:
            lines += [f"{ind}else:", *checks]
        return lines

    def literal(self, node: ir.Literal, var: str, path: str, ind: str) -> list[str]:
        values = node.values
        allowed = self.const("values", lit(tuple(values)))
        if all(isinstance(v, str) for v in values):
            if len(values) == 1:
                test = f"{var} != {lit(values[0])}"
                if (
                    display_width(f"{ind}if {test}:") > WIDTH
                ):  # a long constant: name it
                    test = f"{var} != {allowed}[0]"
            else:
                members = self.const(
                    "set", f"frozenset({allowed})", subject=_base(allowed)
                )
                test = f"not (isinstance({var}, str) and {var} in {members})"
        else:
            test = f"not any(_same({var}, c) for c in {allowed})"
        return [f"{ind}if {test}:", f"{ind}    _enum(out, {path}, {var}, {allowed})"]

    def object(
        self, node: ir.Object, var: str, path: str, ind: str, where: str, type_err: str
    ) -> list[str]:
        lines = [
            f"{ind}if not isinstance({var}, dict):",
            f"{ind}    {type_err}",
            f"{ind}else:",
        ]
        inner = ind + "    "
        names = tuple(p.name for p in node.properties)
        for prop in node.properties:
            if prop.required:
                const: Any = self.const_value(prop.type)
                extra = f", {lit(const[0])}" if const else ""
                lines += [
                    f"{inner}if {lit(prop.name)} not in {var}:",
                    f"{inner}    _missing(out, {path}, {lit(prop.name)}, {lit(where)}{extra})",
                ]
        # one pass over the keys present: each dispatches to its property's check
        key, item = self.fresh("k"), self.fresh("x")
        branches: list[str] = []
        for index, prop in enumerate(node.properties):
            branch = "if" if index == 0 else "elif"
            branches.append(f"{inner}    {branch} {key} == {lit(prop.name)}:")
            noun = self.noun(where, prop)
            if self.schema_checked(where, prop):
                # a JSON Schema the valid-json-schema rule walks: it also finds NaN there
                body = [
                    f"{inner}        if not isinstance({item}, dict):",
                    f'{inner}            _type(out, {path} + ({key},), {item}, "an object", {lit(where)})',
                ]
            else:
                self.subjects.append(prop.name)
                body = self.gen(
                    prop.type,
                    item,
                    f"{path} + ({key},)",
                    inner + "        ",
                    where,
                    noun=noun,
                )
                self.subjects.pop()
            branches += body or [f"{inner}        pass"]
        rest: list[str] = []
        if node.closed:
            allowed = self.const("keys", lit(names), subject=node.name or where)
            rest = [
                f"{inner}        _unknown(out, {path}, {key}, {allowed}, {lit(where)})"
            ]
        elif node.extra is not None:
            rest = self.gen(
                node.extra, item, f"{path} + ({key},)", inner + "        ", where
            )
        if branches or rest:
            lines.append(f"{inner}for {key}, {item} in {var}.items():")
            if not branches:
                lines += [line[4:] for line in rest]
            else:
                lines += branches
                if rest:
                    lines += [f"{inner}    else:", *rest]
        if not node.properties and not node.closed and node.extra is None:
            lines += [f"{inner}_finite({var}, {path}, out)"]
        return lines

    def schema_checked(self, owner: str, prop: ir.Property) -> bool:
        """A free-form property that a valid-json-schema rule of `owner` checks whole."""
        return isinstance(prop.type, ir.FreeForm) and any(
            r.kind == "valid-json-schema"
            and owner in r.applies_to
            and r.params.get("property") == prop.name
            for r in self.api.rules
        )

    def const_value(self, node: ir.TypeNode) -> tuple[Any] | None:
        node = self.resolve(node)
        if isinstance(node, ir.Literal) and node.is_const:
            return (node.values[0],)
        return None

    @staticmethod
    def noun(where: str, prop: ir.Property) -> str:
        """How an open enum's near-miss warning names the field: 'a built-in voice'."""
        name = prop.name.replace("_", " ")
        if "Transcription" in where:
            name = "transcription " + name
        described = (prop.description or "").lower()
        return f"a built-in {name}" if "built-in" in described else f"a known {name}"

    def type_noun(self, type_name: str) -> str | None:
        """The noun of a named open enum, from the first property that uses it."""
        if self.nouns is None:  # one pass over every property, not one per type
            self.nouns = {}
            for owner in self.api.types.values():
                target = owner.type
                if not isinstance(target, ir.Object):
                    continue
                for prop in target.properties:
                    node = prop.type
                    if isinstance(node, ir.Nullable):
                        node = node.inner
                    if isinstance(node, ir.Ref) and node.name not in self.nouns:
                        self.nouns[node.name] = self.noun(owner.name, prop)
        return self.nouns.get(type_name)

    def member_fn(self, member: ir.TypeNode, where: str) -> str:
        if isinstance(member, ir.Ref):
            return fn_name(member.name)
        return self.hoist(member, where)

    def hoist(
        self,
        node: ir.TypeNode,
        where: str,
        nullable: bool = False,
        noun: str | None = None,
    ) -> str:
        """The check of `node` as a function of its own (a union member, deep nesting)."""
        name = self.fresh("_a")
        body = self.gen(node, "v", "p", "    ", where, nullable, noun)
        self.hoisted.append(define(name, body))
        return name

    def union(
        self,
        node: ir.Union,
        var: str,
        path: str,
        ind: str,
        where: str,
        type_err: str,
        noun: str | None,
    ) -> list[str]:
        groups: dict[str, list[int]] = {}
        for index, member in enumerate(node.members):
            for kind in self.kinds(member):
                groups.setdefault(kind, []).append(index)
        lines: list[str] = []
        accepted: list[str] = []  # kinds whose type test is the whole check
        for kind in _KIND_ORDER:
            if kind not in groups:
                continue
            test = _KIND_TEST[kind].format(v=var)
            body = self.group(
                node, groups[kind], kind, var, path, ind + "    ", where, noun
            )
            if not body:
                accepted.append(test)
                continue
            if kind == "number":  # black drops the parentheses of a whole condition
                test = test[1:-1]
            lines += [f"{ind}{'elif' if lines else 'if'} {test}:", *body]
        if not accepted:
            return lines + [f"{ind}else:", f"{ind}    {type_err}"]
        either = accepted[0] if len(accepted) == 1 else f"({' or '.join(accepted)})"
        branch = "elif" if lines else "if"
        return lines + [f"{ind}{branch} not {either}:", f"{ind}    {type_err}"]

    def group(
        self,
        node: ir.Union,
        indices: list[int],
        kind: str,
        var: str,
        path: str,
        ind: str,
        where: str,
        noun: str | None,
    ) -> list[str]:
        members = [node.members[i] for i in indices]
        if len(members) == 1:
            only = self.resolve(members[0])
            if isinstance(only, ir.Primitive) and only.kind in ("string", "boolean"):
                if _unconstrained(only) or only.kind == "boolean":
                    return []  # the group's own type test is the whole check
            return self.gen(members[0], var, path, ind, where, noun=noun)
        resolved = [self.resolve(m) for m in members]
        if kind == "string":
            plain = [
                r for r in resolved if isinstance(r, ir.Primitive) and _unconstrained(r)
            ]
            literals = [
                v
                for r in resolved
                if isinstance(r, ir.Literal)
                for v in r.values
                if isinstance(v, str)
            ]
            if plain:  # an open enum: anything goes, a near miss of a known value warns
                if not literals:
                    return []
                known = self.const("known", lit(tuple(literals)))
                members_set = self.const(
                    "set", f"frozenset({known})", subject=_base(known)
                )
                return [
                    f"{ind}if {var} not in {members_set}:",
                    f"{ind}    _open(out, {path}, {var}, {known}, {lit(noun or 'a known value')})",
                ]
            if all(isinstance(r, ir.Literal) for r in resolved):
                return self.literal(ir.Literal(tuple(literals)), var, path, ind)
        if kind == "object" and node.discriminator:
            tagged = {i for _, i in node.tags}
            if set(indices) <= tagged:
                return self.tagged(node, indices, var, path, ind, where)
        fns = _tuple([self.member_fn(m, where) for m in members])
        return [f"{ind}_best({var}, {path}, out, {fns})"]

    def tagged(
        self,
        node: ir.Union,
        indices: list[int],
        var: str,
        path: str,
        ind: str,
        where: str,
    ) -> list[str]:
        key = node.discriminator
        assert key is not None
        tags = [(tag, i) for tag, i in node.tags if i in indices]
        table = ", ".join(
            f"{lit(tag)}: {self.member_fn(node.members[i], where)}" for tag, i in tags
        )
        dispatch = self.const("variants", "{" + table + "}", late=True)
        allowed = self.const(
            "values",
            lit(tuple(tag for tag, _ in tags)),
            subject=f"{self.subjects[-1]}_{key}" if self.subjects else key,
        )
        optional = []
        for i in indices:
            target = self.resolve(node.members[i])
            prop = target.property(key) if isinstance(target, ir.Object) else None
            if prop is not None and not prop.required:
                optional.append(i)
        tag = "tag"  # each use assigns it first: one name serves the whole function
        lines = [
            f"{ind}{tag} = {var}.get({lit(key)}, _M)",
            layout(f"{ind}variant = _variant({dispatch}, {tag})"),
            f"{ind}if {tag} is _M:",
        ]
        if not optional:
            lines += [f"{ind}    _missing_tag(out, {path}, {lit(key)}, {allowed})"]
        elif len(optional) == 1:
            lines += [
                f"{ind}    {self.member_fn(node.members[optional[0]], where)}({var}, {path}, out)"
            ]
        else:
            fns = _tuple([self.member_fn(node.members[i], where) for i in optional])
            lines += [f"{ind}    _best({var}, {path}, out, {fns})"]
        lines += [
            f"{ind}elif variant is not None:",
            f"{ind}    variant({var}, {path}, out)",
            f"{ind}else:",
            f"{ind}    _tag(out, {path}, {tag}, {lit(key)}, {allowed})",
        ]
        return lines

    # -- rules -------------------------------------------------------------------------
    def rule_calls(self, named: ir.NamedType) -> list[str]:
        lines = []
        for rule in self.api.rules:
            if named.name not in rule.applies_to:
                continue
            rule_kind = kind(rule.kind)
            ctx = "None"
            context = rule_kind.context_property(rule)
            if context is not None:
                known = lit(self.known_values(named, context))
                ctx = self.const("known", known, subject=context)
            check = rule_kind.runtime_check
            call = f"{check}(RULES[{self.rule_index[rule.id]}], {ctx}, v, p, out)"
            trigger = rule_kind.trigger(rule)
            if trigger is None:
                lines.append(f"    {call}")
            else:  # most bodies lack the key the rule is about: skip the call
                lines += [
                    f"    if isinstance(v, dict) and {lit(trigger)} in v:",
                    f"        {call}",
                ]
        return lines

    def known_values(self, named: ir.NamedType, prop_name: str) -> tuple[str, ...]:
        target = self.resolve(named.type)
        prop = target.property(prop_name) if isinstance(target, ir.Object) else None
        found: list[str] = []
        stack: list[ir.TypeNode] = [prop.type] if prop else []
        while stack:
            node = self.resolve(stack.pop())
            if isinstance(node, ir.Literal):
                found += [v for v in node.values if isinstance(v, str)]
            elif isinstance(node, ir.Union):
                stack.extend(reversed(node.members))
            elif isinstance(node, ir.Nullable):
                stack.append(node.inner)
        return tuple(found)

    def rules_data(self) -> str:
        entries = []
        for rule in self.api.rules:
            entries.append(
                layout(
                    f"    Rule({lit(rule.id)}, {lit(rule.severity)}, {lit(rule.kind)},"
                    f" {lit(rule.applies_to)}, {lit(rule.source)}, {lit(rule.message)},"
                    f" {_py(rule.params)}),"
                )
            )
        if not entries:
            return "RULES: Tuple[Rule, ...] = ()"
        return "RULES: Tuple[Rule, ...] = (\n" + "\n".join(entries) + "\n)"

    # -- the module --------------------------------------------------------------------
    def function(self, named: ir.NamedType) -> str:
        self.subjects = [named.name]
        body = self.gen(
            named.type, "v", "p", "    ", named.name, noun=self.type_noun(named.name)
        )
        body += self.rule_calls(named)
        return define(fn_name(named.name), body, self.docstring(named))

    def docstring(self, named: ir.NamedType) -> str:
        """What the function checks, in a sentence: the shape, then the spec's rules."""
        node = named.type
        nullable = isinstance(node, ir.Nullable)
        if isinstance(node, ir.Nullable):
            node = node.inner
        what = self.shape(node)
        if nullable:
            what += ", or null"
        rules = [r.id for r in self.api.rules if named.name in r.applies_to]
        if rules:
            what += "; the rules " if len(rules) > 1 else "; the rule "
            what += ", ".join(rules)
        text = f"`{named.name}`: {what}."
        if display_width(f'    """{text}"""') <= WIDTH:
            return f'    """{text}"""'
        wrapped = textwrap.wrap(text, WIDTH - 4, break_on_hyphens=False)
        return "\n".join(['    """', *(f"    {line}" for line in wrapped), '    """'])

    def shape(self, node: ir.TypeNode) -> str:
        """A few words for a type's shape (`an object with only its 3 keys, ...`)."""
        node = self.resolve(node)
        if isinstance(node, ir.Object):
            required = [p.name for p in node.properties if p.required]
            keys = len(node.properties)
            what = (
                f"an object with only its {keys} key{'s' if keys != 1 else ''}"
                if node.closed
                else "an object"
            )
            if required:
                what += f" ({', '.join(required)} required)"
            return what + ", each of its type"
        if isinstance(node, ir.Union):
            if node.discriminator:
                return f"one of {len(node.members)} variants, chosen by {node.discriminator!r}"
            return (
                f"any of {len(node.members)} alternatives (the closest one's findings)"
            )
        if isinstance(node, ir.Literal):
            if node.is_const:
                return f"the value {node.values[0]!r}"
            return f"one of {len(node.values)} values"
        if isinstance(node, ir.Array):
            return "an array, each item checked"
        if isinstance(node, ir.Map):
            return "an object of any keys, each value checked"
        if isinstance(node, ir.Primitive):
            return {
                "string": "a string",
                "integer": "an integer",
                "number": "a finite number",
                "boolean": "a boolean",
            }[node.kind] + (" within its bounds" if _bounded(node) else "")
        if isinstance(node, ir.FreeForm):
            return "any object (no NaN or infinity inside)"
        return "any value (no NaN or infinity inside)"

    def render(self) -> dict[str, str]:
        functions = [self.function(named) for named in self.api.types.values()]
        requests = [(name, root) for name, root, _ in request_schemas(self.api)]
        base = self.api.schema_base_url.rstrip("/")
        names = [(name, fn_name(root)) for name, root in requests]
        names += [(t.name, fn_name(t.name)) for t in self.api.public_types()]
        table = [f"    {lit(name)}: {fn}," for name, fn in names]
        ids = [
            f"    {lit(base + '/' + name + '.json')}: {lit(name)}," for name, _ in names
        ]
        schemas_table = "\n".join(
            [
                layout(f"SCHEMA_BASE = {lit(base)}"),
                layout(
                    f"REQUESTS: Tuple[str, ...] = {lit(tuple(n for n, _ in requests))}"
                ),
                *_table("_SCHEMAS: Dict[str, Check] =", table),
                *_table("SCHEMA_IDS: Dict[str, str] =", ids),
            ]
        )
        blocks = ["\n".join(self.constants)] if self.constants else []
        blocks += functions + self.hoisted
        if self.late:
            blocks.append("\n".join(self.late) + "\n")
        code = "\n\n".join(block.rstrip("\n") + "\n" for block in blocks)
        if not self.constants:  # a function right after the section comment: two lines
            code = "\n" + code
        context = dict(
            api=self.api,
            rules_data=self.rules_data(),
            functions=code.rstrip("\n"),
            schemas_table=schemas_table,
        )
        draft = self.renderer.render(
            "client/validation.py.jinja", imports="", **context
        )
        text = self.renderer.render(
            "client/validation.py.jinja",
            imports=import_block(draft, _IMPORTS, runtime_files()),
            **context,
        )
        package = f"{self.api.package}/_validation"
        files = {f"{package}/__init__.py": text}
        for source in runtime_files():
            files[f"{package}/{source.name}"] = source.read_text(encoding="utf-8")
        return files


def runtime_files() -> list[Path]:
    """The validator's verbatim modules (`templates/client/validation/*.py`)."""
    return sorted(RUNTIME.glob("*.py"))


# a constant's name: `_<SUBJECT>_<suffix>`
_SUFFIX = {
    "values": "VALUES",  # the allowed values (an enum, a union's tags)
    "known": "VALUES",  # an open enum's known values (others warn only near a miss)
    "set": "SET",  # the same values as a frozenset, for the membership test
    "keys": "KEYS",  # an object's allowed keys
    "pattern": "PATTERN",  # a compiled `pattern`
    "variants": "VARIANTS",  # a tagged union's tag → member check
}


def _upper_snake(name: str) -> str:
    """`RealtimeAudioConfig` / `output_modalities` → `REALTIME_AUDIO_CONFIG` / ..."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[^0-9A-Za-z]+", "_", name)
    return spaced.strip("_").upper() or "VALUE"


def _base(constant: str) -> str:
    """`_MODEL_VALUES` → `MODEL`: the subject a derived constant shares."""
    return constant.strip("_").rsplit("_", 1)[0]


def _tuple(items: list[str]) -> str:
    """A tuple display of expressions, without a (magic) trailing comma unless one."""
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def _table(head: str, entries: list[str]) -> list[str]:
    """`head {` entries `}` (black's `{}` when empty); entries are indented lines."""
    if not entries:
        return [f"{head} {{}}"]
    return [f"{head} {{", *(layout(entry) for entry in entries), "}"]


def _bounded(node: ir.Primitive) -> bool:
    return any(
        x is not None
        for x in (
            node.minimum,
            node.maximum,
            node.exclusive_minimum,
            node.exclusive_maximum,
            node.min_length,
            node.max_length,
            node.pattern,
        )
    )


def _unconstrained(node: ir.Primitive) -> bool:
    return (
        node.min_length is None
        and node.max_length is None
        and node.pattern is None
        and node.kind == "string"
    )


def _py(value: Any) -> str:
    """A Python literal for plain YAML/JSON data."""
    return lit(value)
