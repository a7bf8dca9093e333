"""Check code for unions: grouped by JSON kind, a tagged group dispatched on its tag
through a table of the members' functions, an untagged one by the closest member."""

from __future__ import annotations

import re
from dataclasses import replace

from generator.emit.check_kinds import _KIND_ORDER, _KIND_TEST, _unconstrained
from generator.emit.check_lines import TypeFinding, _base, _tuple
from generator.emit.checks import CheckWriter, define, fn_name
from generator.emit.pysource import WIDTH, call, display_width, layout, lit
from generator.ir import nodes as ir
from generator.ir.names import snake
from generator.ir.naming import member_words

# tagged unions of at most this many variants compare the tag in a chain; larger ones
# look it up in a table of their members' checks
_CHAINED = 8


class UnionCheckWriter(CheckWriter):
    def member_fn(self, member: ir.TypeNode, where: str, word: str) -> str:
        """The check of a union member: its type's, or one of its own named for the
        member's `word` (its tag, title, or what sets it apart: `member_words`)."""
        if isinstance(member, ir.Ref):
            return fn_name(member.name)
        with self.within(word):
            return self.hoist(member, where)

    def hoist(
        self,
        node: ir.TypeNode,
        where: str,
        nullable: bool = False,
        noun: str | None = None,
    ) -> str:
        """The check of `node` as a function of its own (a union member, deep nesting)."""
        scope, self.scope = self.scope, []  # a function of its own binds its own names
        body = self.gen(node, "v", "p", "    ", where, nullable, noun)
        self.scope = scope
        return self.add_fn(body)

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
            if self.scalar(node):  # its errors state the union's forms exactly
                name = self.group_fn(node, groups[kind], kind, where, noun)
                body = []
                if name:
                    forms = lit(self.forms(node))
                    body = [f"{ind}    _forms({var}, {path}, out, {name}, {forms})"]
            elif kind == "object" and (modes := self.string_modes(node)):
                # `truncation: {type: auto}`: the hint points to the string form
                name = self.group_fn(node, groups[kind], kind, where, noun)
                subject = self.subjects[-1] if self.subjects else "value"
                table = self.const("values", lit(modes), subject=f"{subject}_string")
                prop = lit(self.subjects[-1] if self.subjects else "the value")
                body = [
                    f"{ind}    _string_form({var}, {path}, out, {name}, {table}, {prop})"
                ]
            else:
                body = self.group(
                    node, groups[kind], kind, var, path, ind + "    ", where, noun
                )
                if kind == "string" and body:  # in its kind's branch: not tested again
                    body[0] = re.sub(
                        rf"not \(isinstance\({var}, str\) and {var} in (\w+)\)",
                        rf"{var} not in \1",
                        body[0],
                    )
            if not body:
                accepted.append(test)
                continue
            if kind == "number":  # black drops the parentheses of a whole condition
                test = test[1:-1]
            lines += [f"{ind}{'elif' if lines else 'if'} {test}:", *body]
        if not accepted:
            if not lines:  # no member accepts any value (`anyOf: [false, false]`)
                return [type_err.at(ind)]
            return lines + [f"{ind}else:", type_err.at(f"{ind}    ")]
        either = accepted[0] if len(accepted) == 1 else f"({' or '.join(accepted)})"
        branch = "elif" if lines else "if"
        return lines + [f"{ind}{branch} not {either}:", type_err.at(f"{ind}    ")]

    def group_fn(
        self,
        node: ir.Union,
        indices: list[int],
        kind: str,
        where: str,
        noun: str | None,
    ) -> str:
        """The check of one kind's members as a function of its own, named for the kind
        (`..._max_output_tokens_number`), or "" when the kind's type test is all."""
        scope, self.scope = self.scope, []  # a function of its own binds its own names
        with self.within(kind):
            inner = self.group(node, indices, kind, "v", "p", "    ", where, noun)
            call = re.fullmatch(r"    (\w+)\(v, p, out\)", inner[0]) if inner else None
            if call and len(inner) == 1:  # one member's check: that function itself
                name = call.group(1)
            else:
                name = self.add_fn(inner) if inner else ""
        self.scope = scope
        return name

    def member_words(self, node: ir.Union) -> list[str]:
        """A word per member for its function's name: its tag, its constant, its own
        property or its kind, as the members' `TypedDict` names get theirs (the inline
        objects' names left out: they repeat the owner's)."""
        bare = [
            replace(m, name=None) if isinstance(m, ir.Object) else m
            for m in node.members
        ]
        words = [snake(w) for w in member_words(replace(node, members=tuple(bare)))]
        # members of one kind (`ArrayArray` twice): what each holds tells them apart
        return [
            _describe(m) if words.count(w) > 1 else w
            for w, m in zip(words, node.members)
        ]

    def string_modes(self, node: ir.Union) -> tuple[str, ...]:
        """The string constants of a union that also takes objects (`"auto"`)."""
        modes: list[str] = []
        for member in node.members:
            target = self.resolve(member)
            if isinstance(target, ir.Nullable):
                target = self.resolve(target.inner)
            if isinstance(target, ir.Literal):
                modes += [v for v in target.values if isinstance(v, str)]
        return tuple(dict.fromkeys(modes))

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
        words = self.member_words(node)
        if node.exclusive and len(members) > 1:
            if kind == "object" and node.discriminator:
                tagged = {i for _, i in node.tags}
                if set(indices) <= tagged:  # distinct tags: at most one can match
                    return self.tagged(node, indices, var, path, ind, where)
            fns = _tuple(
                [self.member_fn(node.members[i], where, words[i]) for i in indices]
            )
            return [f"{ind}_one({var}, {path}, out, {fns})"]
        if len(members) == 1:
            only = self.resolve(members[0])
            if isinstance(only, ir.Primitive) and only.kind in ("string", "boolean"):
                if (
                    _unconstrained(only, self.api.format_assertion)
                    or only.kind == "boolean"
                ):
                    return []  # the group's own type test is the whole check
            return self.gen(members[0], var, path, ind, where, noun=noun)
        resolved = [self.resolve(m) for m in members]
        if kind == "string":
            plain = [
                r
                for r in resolved
                if isinstance(r, ir.Primitive)
                and _unconstrained(r, self.api.format_assertion)
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
                    call(
                        f"{ind}    ",
                        "_open",
                        ["out", path, var, known, lit(noun or "a known value")],
                    ),
                ]
            if all(isinstance(r, ir.Literal) for r in resolved):  # in its kind's branch
                return self.literal(ir.Literal(tuple(literals)), var, path, ind, True)
        if kind == "object" and node.discriminator:
            tagged = {i for _, i in node.tags}
            if set(indices) <= tagged:
                return self.tagged(node, indices, var, path, ind, where)
        fns = _tuple(
            [self.member_fn(node.members[i], where, words[i]) for i in indices]
        )
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
        words = self.member_words(node)
        variants = [
            (tag, self.member_fn(node.members[i], where, words[i])) for tag, i in tags
        ]
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
            f"{ind}if {tag} is _M:",
        ]
        if not optional:
            lines += [
                call(f"{ind}    ", "_missing_tag", ["out", path, lit(key), allowed])
            ]
        elif len(optional) == 1:
            lines += [
                f"{ind}    {self.member_fn(node.members[optional[0]], where, words[optional[0]])}({var}, {path}, out)"
            ]
        else:
            fns = _tuple(
                [self.member_fn(node.members[i], where, words[i]) for i in optional]
            )
            lines += [f"{ind}    _best({var}, {path}, out, {fns})"]
        unknown = call(f"{ind}    ", "_tag", ["out", path, tag, lit(key), allowed])
        if len(variants) > _CHAINED:
            # the table, inline (no call to look it up); only a string tag can select
            table = ", ".join(f"{lit(t)}: {fn}" for t, fn in variants)
            dispatch = self.const("variants", "{" + table + "}", late=True)
            return lines + [
                *_elif(ind, f"isinstance({tag}, str)", f"{tag} in {dispatch}"),
                f"{ind}    {dispatch}[{tag}]({var}, {path}, out)",
                f"{ind}else:",
                unknown,
            ]
        # a few variants: the tag compared (`==` of a str with anything else is False,
        # as the table's look-up would miss), each member's check called by its name:
        # the compiled build calls it directly, not through the table
        for t, fn in variants:
            lines += [
                *_elif(ind, f"{tag} == {lit(t)}"),
                f"{ind}    {fn}({var}, {path}, out)",
            ]
        return lines + [f"{ind}else:", unknown]


def _elif(ind: str, test: str, also: str | None = None) -> list[str]:
    """`elif test and also:`, in black's parenthesised form when too long."""
    line = f"{ind}elif {test}{f' and {also}' if also else ''}:"
    if display_width(line) <= WIDTH:
        return [line]
    if also is None:
        return [f"{ind}elif (", f"{ind}    {test}", f"{ind}):"]
    lines = [f"{ind}elif (", f"{ind}    {test}", f"{ind}    and {also}", f"{ind}):"]
    if display_width(lines[2]) > WIDTH and " in " in also:  # black breaks at `in` too
        left, right = also.split(" in ", 1)
        lines[2:3] = [f"{ind}    and {left}", f"{ind}    in {right}"]
    return lines


def _describe(node: ir.TypeNode) -> str:
    """A member in words for its function's name: `array_of_integer`, `number_or_files`."""
    if isinstance(node, ir.Ref):
        return snake(node.name)
    if isinstance(node, ir.Primitive):
        return node.kind
    if isinstance(node, ir.Literal):
        first = node.values[0] if node.values else None
        return snake(first) if isinstance(first, str) else "const"
    if isinstance(node, ir.Array):
        return "array_of_" + _describe(node.items)
    if isinstance(node, ir.Map):
        return "map_of_" + _describe(node.values)
    if isinstance(node, ir.Object):
        required = [p.name for p in node.properties if p.required]
        named = required or [p.name for p in node.properties]
        return snake(named[0]) if named else "object"
    if isinstance(node, ir.Union):  # its objects, where the differences usually are
        objects = [m for m in node.members if isinstance(m, ir.Object)]
        return "_or_".join(_describe(m) for m in objects or node.members)
    if isinstance(node, ir.Nullable):
        return _describe(node.inner) + "_or_null"
    return "object" if isinstance(node, ir.FreeForm) else "any"
