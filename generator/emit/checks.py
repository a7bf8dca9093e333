"""Check code for IR nodes: the body of each generated validator function (closed objects,
enums, bounds, unions by kind), written black-stable, with the module-level constants it
needs named for what they hold. Unions by tag are in `check_unions.py`."""

from __future__ import annotations

import re
from typing import Any, assert_never

from generator.ecma_regex import translate
from generator.emit.check_kinds import _KIND_ORDER, _KIND_TEST, KindReader
from generator.emit.check_lines import (
    _SUFFIX,
    TypeFinding,
    _base,
    _if_not_a,
    _join,
    _joined_conditions,
    _known_kinds,
    _part,
    _upper_snake,
    dedent,
    _Within,
)
from generator.emit.pysource import WIDTH, call, display_width, layout, lit
from generator.ir import nodes as ir

_HOIST_AT = 28  # indentation from which nested objects, unions, ... become functions


def define(name: str, body: list[str], doc: str | None = None) -> str:
    """A check function `name(v, p, out)` with `body` (lines of one statement each)."""
    head = f"def {name}(v: Any, p: At, out: List[Finding]) -> None:"
    if len(head) > WIDTH:
        head = f"def {name}(\n    v: Any, p: At, out: List[Finding]\n) -> None:"
    lines = [head, *([doc] if doc else []), *(layout(line) for line in body)]
    return "\n".join(lines) + "\n"


def fn_name(type_name: str) -> str:
    return "_t_" + re.sub(r"[^0-9A-Za-z_]", "_", type_name)


class CheckWriter(KindReader):
    """Writes the checks of IR nodes; collects the constants and hoisted functions."""

    def __init__(self, api: ir.Api) -> None:
        super().__init__(api)
        self.constants: list[str] = []
        self.hoisted: list[str] = []
        self.late: list[str] = []
        # where the code being written sits: its type, then property names, `item`,
        # `value`, a union member's word; a hoisted function is named for it
        self.trail: list[str] = []
        self.bodies: dict[str, list[str]] = {}  # hoisted function → its body
        self.type_fns = {fn_name(name) for name in api.types}
        self.scope: list[str] = []  # loop variables bound where the code is written
        self.subjects: list[str] = []  # what is being checked, innermost last
        self.inlining: set[str] = set()  # a type holding itself is called, not inlined
        self.named: dict[tuple[str, str], str] = {}  # (kind, expression) → its constant
        self.nouns: dict[str, str] | None = None

    # -- helpers -----------------------------------------------------------------------
    def add_fn(self, body: list[str]) -> str:
        """A hoisted check, named for where it sits: its type's check's name, then the
        path to it (`_t_RealtimeSessionCreateRequest_tool_choice_function`). The same
        check reached twice is one function; a name that a type's check or a different
        check already has gets `_inline` until free: never a counter, so an added
        schema renumbers nothing."""
        name = "_".join([fn_name(self.trail[0]), *map(_part, self.trail[1:])])
        while name in self.type_fns or self.bodies.get(name, body) != body:
            name += "_inline"
        if name not in self.bodies:
            self.bodies[name] = body
            self.hoisted.append(define(name, body))
        return name

    def within(self, part: str) -> "_Within":
        """`with self.within("item"):` the code written inside sits one step deeper."""
        return _Within(self.trail, part)

    def bind(self, *names: str) -> list[str]:
        """A loop's variables (`key`, `value`; `index`, `item`), bound until `release`; a
        loop that would rebind them is hoisted into a function of its own (`nested`)."""
        assert not any(name in self.scope for name in names)
        self.scope += names
        return list(names)

    def nested(self, node: ir.TypeNode) -> bool:
        """Checking `node` here would loop inside a loop binding the same names."""
        if isinstance(node, ir.Array):
            return "index" in self.scope or "item" in self.scope
        if isinstance(node, (ir.Map, ir.Object)):
            return "key" in self.scope or "value" in self.scope
        return False

    def release(self, count: int) -> None:
        del self.scope[len(self.scope) - count :]

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
        unique = name
        if name in self.named.values() and len(self.subjects) > 1:
            # qualified by where it sits: its type, then the path to it
            # (`..._ASSISTANT_CONTENT_ITEM_TYPE_VALUES`), not by a number
            trail = [*self.trail]
            if not trail or not base.startswith(trail[-1]):
                trail.append(base)
            unique = f"_{_upper_snake('_'.join(trail))}_{_SUFFIX[kind]}"
            if len(unique) + len(" = (") > WIDTH:  # black would wrap it otherwise
                unique = f"_{_upper_snake(self.subjects[0])}{name}"  # its type's
        while unique in self.named.values():
            unique += "_INLINE"
        self.named[(kind, expr)] = unique
        # Final: the compiled build (mypyc) reads it from a C static, not a dict look-up
        line = layout(f"{unique}: Final = {expr}")
        if any(display_width(row) > WIDTH for row in line.splitlines()):
            line = layout(f"{unique} = {expr}")  # a name too long to annotate nicely
        (self.late if late else self.constants).append(line)
        return unique

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
            within = ind + "    " if nullable else ind
            leaf = None if node.name in self.inlining else self.leaf(node.name, within)
            # its few lines here: no call, no path made
            check = None
            if leaf is not None:
                check = self.inline(node.name, leaf, var, path, within)
            if check is None:
                check = [f"{within}{fn_name(node.name)}({var}, {path}, out)"]
            if not nullable:
                return check
            kinds = self.kinds(node)
            tests = [  # as the union writes them (a number's without parentheses)
                _KIND_TEST[k].format(v=var)[
                    k == "number" : -1 if k == "number" else None
                ]
                for k in _KIND_ORDER
                if k in kinds
            ]
            return [
                f"{ind}if not ({self.kind_test(kinds, var)}):",
                TypeFinding((path, var, lit(self.expected(node, True)), lit(where))).at(
                    f"{ind}    "
                ),
                f"{ind}else:",  # its kinds tested here: not again
                *_known_kinds(check, within, tests),
            ]
        if isinstance(node, ir.Nullable):
            inner = self.gen(node.inner, var, path, ind + "    ", where, True, noun)
            return [f"{ind}if {var} is not None:", *inner]
        if (len(ind) >= _HOIST_AT or self.nested(node)) and isinstance(
            node, (ir.Object, ir.Union, ir.Array, ir.Map)
        ):  # deep inside or in a loop: a function of its own keeps lines short
            return [
                f"{ind}{self.hoist(node, where, nullable, noun)}({var}, {path}, out)"
            ]
        expected = self.expected(node, nullable)
        if isinstance(node, ir.Union) and self.scalar(node):
            expected = self.forms(node, nullable)  # the allowed forms, exactly
        type_err = TypeFinding((path, var, lit(expected), lit(where)))
        if isinstance(node, ir.Primitive):
            return self.primitive(node, var, path, ind, type_err)
        if isinstance(node, ir.Literal):
            return self.literal(node, var, path, ind)
        if isinstance(node, ir.Array):
            index, item = self.bind("index", "item")
            lines = [
                *_if_not_a(ind, var, "array"),
                type_err.at(f"{ind}    "),
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
                    f'{ind}            out.append(_found({_join(path, index)}, "error", "duplicate item", "", "uniqueItems"))',
                ]
            lines += [f"{ind}    for {index}, {item} in enumerate({var}):"]
            with self.within("item"):
                lines += self.gen(
                    node.items, item, _join(path, index), ind + "        ", where
                )
            self.release(2)
            return lines
        if isinstance(node, ir.Map):
            key, item = self.bind("key", "value")
            lines = [
                *_if_not_a(ind, var, "object"),
                type_err.at(f"{ind}    "),
                f"{ind}else:",
                f"{ind}    for {key}, {item} in {var}.items():",
            ]
            with self.within("value"):
                lines += self.gen(
                    node.values, item, _join(path, key), ind + "        ", where
                )
            self.release(2)
            return lines
        if isinstance(node, ir.FreeForm):
            return [
                *_if_not_a(ind, var, "object"),
                type_err.at(f"{ind}    "),
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

    def leaf(self, name: str, ind: str) -> ir.TypeNode | None:
        """A named type that is one value's test (an enum, a bounded string) or a union,
        and no rule's: its check is written where it is used, as its function has it."""
        named = self.api.types.get(name)
        if named is None or any(name in r.applies_to for r in self.api.rules):
            return None
        node = named.type
        if isinstance(node, ir.Union):
            return node if len(ind) < _HOIST_AT else None
        return node if isinstance(node, (ir.Literal, ir.Primitive)) else None

    def inline(
        self, name: str, node: ir.TypeNode, var: str, path: str, ind: str
    ) -> list[str] | None:
        """The check of the named type `name` (`node`, a `leaf`) on `var`, in its own
        words, constants and functions; None where a part would have to be a function
        its own check does not have (too deep, in a loop): the call is as good then."""
        subjects, trail, scope = self.subjects, self.trail, self.scope
        known, hoisted = len(self.bodies), len(self.hoisted)
        self.subjects, self.trail = [name], [name]
        self.inlining.add(name)
        try:
            lines = self.gen(node, var, path, ind, name, noun=self.type_noun(name))
        finally:
            self.subjects, self.trail, self.scope = subjects, trail, scope
            self.inlining.discard(name)
        if any(n.endswith("_inline") for n in list(self.bodies)[known:]):
            for added in list(self.bodies)[known:]:
                del self.bodies[added]
            del self.hoisted[hoisted:]
            return None
        return _joined_conditions(lines)

    def primitive(
        self, node: ir.Primitive, var: str, path: str, ind: str, type_err: TypeFinding
    ) -> list[str]:
        if node.kind in ("string", "boolean"):
            test = _if_not_a(ind, var, node.kind)
        elif node.kind == "integer":
            test = [f"{ind}if not (type({var}) is int or _is_int({var})):"]
        else:  # a finite number: `x - x` is 0 but for NaN and infinities
            finite = f"type({var}) is float and {var} - {var} == 0"
            test = [f"{ind}if not (type({var}) is int or ({finite})):"]
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
        translated = None if node.pattern is None else translate(node.pattern)
        if node.pattern is not None and translated is not None:
            # ECMA-262 semantics (`$` only at the very end, ASCII `\d`, `\p{L}` ...)
            regex = self.const("pattern", f"re.compile({lit(translated)})")
            checks += [
                f"{ind}    if {regex}.search({var}) is None:",
                f"{ind}        _pattern(out, {path}, {var}, {lit(node.pattern)})",
            ]
        if node.kind == "string" and node.format in self.api.format_assertion:
            # asserted formats only (codegen `format_assertion`); others are annotations
            checks += [
                f"{ind}    if not {_FORMAT_TEST[node.format]}({var}):",
                f"{ind}        _format(out, {path}, {var}, {lit(node.format)})",
            ]
        lines = [*test, type_err.at(f"{ind}    ")]
        if checks:
            lines += [f"{ind}else:", *checks]
        return lines

    def literal(
        self, node: ir.Literal, var: str, path: str, ind: str, is_str: bool = False
    ) -> list[str]:
        """`is_str`: `var` is known to be a string."""
        values = node.values
        if not values:  # the boolean schema `false`
            return [f"{ind}_never(out, {path})"]
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
                if is_str:
                    test = f"{var} not in {members}"
        elif len(values) == 1 and type(values[0]) is int:
            # an integer (`rate: 24000`): the value as given needs no call
            test = f"not ((type({var}) is int and {var} == {lit(values[0])}) or _same({var}, {allowed}[0]))"
        elif len(values) == 1:  # a single number or boolean: one call, no generator
            test = f"not _same({var}, {allowed}[0])"
        else:
            test = f"not any(_same({var}, c) for c in {allowed})"
        return [
            f"{ind}if {test}:",
            call(f"{ind}    ", "_enum", ["out", path, var, allowed]),
        ]

    def object(
        self,
        node: ir.Object,
        var: str,
        path: str,
        ind: str,
        where: str,
        type_err: TypeFinding,
    ) -> list[str]:
        lines = [
            *_if_not_a(ind, var, "object"),
            type_err.at(f"{ind}    "),
            f"{ind}else:",
        ]
        inner = ind + "    "
        names = tuple(p.name for p in node.properties)
        for prop in node.properties:
            if prop.required:
                const: Any = self.const_value(prop.type)
                args = ["out", path, lit(prop.name), lit(where)]
                args += [lit(const[0])] if const else []
                lines += [
                    f"{inner}if {lit(prop.name)} not in {var}:",
                    call(f"{inner}    ", "_missing", args),
                ]
        # one pass over the keys present: each dispatches to its property's check
        key, item = self.bind("key", "value")
        branches: list[str] = []
        for index, prop in enumerate(node.properties):
            branch = "if" if index == 0 else "elif"
            branches.append(f"{inner}    {branch} {key} == {lit(prop.name)}:")
            noun = self.noun(where, prop)
            if self.schema_checked(where, prop):
                # a JSON Schema the valid-json-schema rule walks: it also finds NaN there
                body = [
                    *_if_not_a(f"{inner}        ", item, "object"),
                    TypeFinding((_join(path, key), item, '"an object"', lit(where))).at(
                        f"{inner}            "
                    ),
                ]
            else:
                self.subjects.append(prop.name)
                with self.within(prop.name):
                    body = self.gen(
                        prop.type,
                        item,
                        _join(path, key),
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
            with self.within("extra"):
                rest = self.gen(
                    node.extra, item, _join(path, key), inner + "        ", where
                )
        if branches or rest:
            lines.append(f"{inner}for {key}, {item} in {var}.items():")
            if not branches:
                lines += dedent(rest)
            elif node.closed:
                # a key that is not a string first (unknown too): the compiled build
                # then compares the others as strings (length, then bytes), not
                # through Python's `==` (a sixth of its time on the corpus); pure
                # Python pays one `isinstance` a key, within the noise
                narrow = [*_if_not_a(f"{inner}    ", key, "string"), *rest]
                branches[0] = branches[0].replace(" if ", " elif ", 1)
                lines += [*narrow, *branches, f"{inner}    else:", *rest]
            else:
                lines += branches
                if rest:
                    lines += [f"{inner}    else:", *rest]
        if not node.properties and not node.closed and node.extra is None:
            lines += [f"{inner}_finite({var}, {path}, out)"]
        self.release(2)
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

    def noun(self, where: str, prop: ir.Property) -> str:
        """How an open enum's near-miss warning names the field: 'a built-in voice'
        (the codegen config's `value_nouns` name it where the property's name is not
        enough)."""
        named = dict(self.api.value_nouns).get(f"{where}.{prop.name}")
        name = named or prop.name.replace("_", " ")
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

    # -- unions (check_unions.py) ------------------------------------------------------
    def union(
        self,
        node: ir.Union,
        var: str,
        path: str,
        ind: str,
        where: str,
        type_err: TypeFinding,
        noun: str | None,
    ) -> list[str]:
        raise NotImplementedError

    def member_fn(self, member: ir.TypeNode, where: str, word: str) -> str:
        raise NotImplementedError

    def hoist(
        self,
        node: ir.TypeNode,
        where: str,
        nullable: bool = False,
        noun: str | None = None,
    ) -> str:
        raise NotImplementedError


# an asserted `format` → the runtime's test (templates/client/validation/_formats.py)
_FORMAT_TEST = {"uri": "_is_uri"}
