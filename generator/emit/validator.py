"""The generated validator: the `_validation` package inside the client package.

Each named type becomes one specialised function (closed objects, tag-dispatched unions,
open enums with near-miss warnings) in one of `_validation/_checks_<n>.py`
(`check_modules.py` places them); the rules of `x-callspec-rules` become data handed to
the rule kinds' runtime checks; `_validation/__init__.py` holds the entry points. What
does not vary (`templates/client/validation/*.py`: findings, messages, the rule kinds'
checks, the JSON Schema metaschema check) is copied verbatim. The code is written
black-stable (`layout`), so generation never runs black on it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.config import TEMPLATES
from generator.emit.check_unions import UnionCheckWriter
from generator.emit.check_kinds import _bounded
from generator.emit.check_modules import BUDGET, CONSTANTS, CheckModules, TypeChecks
from generator.emit.checks import define, fn_name
from generator.emit.imports import Candidate
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
                "Final",
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


class ValidatorEmitter(UnionCheckWriter):
    def __init__(self, api: ir.Api, renderer: Renderer, budget: int = BUDGET) -> None:
        super().__init__(api)
        self.renderer = renderer
        self.budget = budget  # the checks' text a module may hold (check_modules.py)
        self.rule_index = {rule.id: i for i, rule in enumerate(api.rules)}

    # -- rules -------------------------------------------------------------------------
    def rule_calls(self, named: ir.NamedType, body: list[str]) -> list[str]:
        """The calls of the rules on `named` after its type's check (`body`): inside the
        check's last branch (`else:`, where the value is known to be an object or an
        array) when every guard starts with that branch's type test, which is then not
        repeated."""
        calls: list[tuple[str | None, str]] = []
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
            calls.append((rule_kind.guard(rule, "v"), call))
        ind, known_type = "    ", _checked_type(body)
        if known_type is not None and all(
            guard is not None and guard.startswith(known_type + " and ")
            for guard, _ in calls
        ):
            ind = "        "
            calls = [
                (guard[len(known_type) + 5 :] if guard else guard, call)
                for guard, call in calls
            ]
        lines = []
        for guard, call in calls:
            if guard is None:
                lines.append(f"{ind}{call}")
            else:  # most values cannot break the rule: one test, no call
                lines += [*_if(ind, guard), f"{ind}    {call}"]
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
            return "RULES: Final[Tuple[Rule, ...]] = ()"
        return "RULES: Final[Tuple[Rule, ...]] = (\n" + "\n".join(entries) + "\n)"

    # -- the module --------------------------------------------------------------------
    def function(self, named: ir.NamedType) -> str:
        self.subjects = [named.name]
        self.trail = [named.name]
        body = self.gen(
            named.type, "v", "p", "    ", named.name, noun=self.type_noun(named.name)
        )
        body += self.rule_calls(named, body)
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
            }[node.kind] + (
                " within its bounds"
                if _bounded(node, self.api.format_assertion)
                else ""
            )
        if isinstance(node, ir.FreeForm):
            return "any object (no NaN or infinity inside)"
        return "any value (no NaN or infinity inside)"

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for part in self.render_parts():
            files.update(part)
        return files

    def render_parts(self) -> Iterator[dict[str, str]]:
        """The package's files in parts, each written and byte-compiled by generation
        while the next is made: the verbatim modules (while the checks are written), then
        `__init__.py` and the constants, then each check module as soon as it is laid
        out."""
        package = f"{self.api.package}/_validation"
        yield {
            f"{package}/{source.name}": source.read_text(encoding="utf-8")
            for source in runtime_files()
        }
        parts = []
        for named in self.api.types.values():
            # what writing this check hoists and names goes to its module (check_modules)
            hoisted, late = len(self.hoisted), len(self.late)
            check = self.function(named)
            functions = [check, *self.hoisted[hoisted:]]
            parts.append(TypeChecks(named.name, functions, self.late[late:]))
        requests = [(name, root) for name, root, _ in request_schemas(self.api)]
        base = self.api.schema_base_url.rstrip("/")
        names = [(name, fn_name(root)) for name, root in requests]
        names += [(t.name, fn_name(t.name)) for t in self.api.public_types()]
        table = [f"    {lit(name)}: {fn}," for name, fn in names]
        schemas_table = "\n".join(
            [
                layout(f"SCHEMA_BASE = {lit(base)}"),
                layout(
                    f"REQUESTS: Tuple[str, ...] = {lit(tuple(n for n, _ in requests))}"
                ),
                *_table("_SCHEMAS: Dict[str, Check] =", table),
                # each name's `$id` (a table of them was a third of the module)
                layout(
                    "SCHEMA_IDS: Dict[str, str] ="
                    ' {f"{SCHEMA_BASE}/{name}.json": name for name in _SCHEMAS}'
                ),
            ]
        )
        writer = CheckModules(self.api, self.renderer, _IMPORTS, runtime_files())
        constants, constant_names = writer.constants(self.rules_data(), self.constants)
        placed = writer.place(parts, self.budget)
        files = {
            f"{package}/__init__.py": writer.module(
                "client/validation.py.jinja",
                "",
                None,  # the template's own code: parsed for what it reads
                [
                    (f".{CONSTANTS}", ["RULES"]),
                    *((f".{m}", n) for m, n in placed.defined.items()),
                ],
                schemas_table=schemas_table,
            ),
            f"{package}/{CONSTANTS}.py": constants,
        }
        yield files
        for module, text in writer.texts(placed, parts, constant_names):
            yield {f"{package}/{module}.py": text}


def _if(ind: str, test: str) -> list[str]:
    """`if test:`, or black's form of it when too long: one operand of the top-level
    `and`s a line, inside parentheses."""
    line = f"{ind}if {test}:"
    if display_width(line) <= WIDTH:
        return [line]
    parts, depth, start, quoted = [], 0, 0, False
    for at, char in enumerate(test):
        if char == '"' and test[at - 1] != "\\":
            quoted = not quoted
        if not quoted:
            depth += (char in "([{") - (char in ")]}")
        if depth == 0 and not quoted and test.startswith(" and ", at):
            parts.append(test[start:at])
            start = at + len(" and ")
    parts.append(test[start:])
    operands = [f"{ind}    {'and ' if i else ''}{part}" for i, part in enumerate(parts)]
    return [f"{ind}if (", *operands, f"{ind}):"]


def _checked_type(body: list[str]) -> str | None:
    """`T` when a check's body is `if not T: <type error> else: ...` (T an `isinstance`
    test, maybe after an exact type's) with nothing after the `else:` branch (one
    statement per line, so its lines are all indented deeper)."""
    if not body:
        return None
    head = re.fullmatch(  # an array's exact type may come first (`_if_not_a`)
        r"    if (?:type\(v\) is not list and )?not (isinstance\(v, [^()]*(?:\([^()]*\))?\)):",
        body[0],
    )
    if head is None or len(body) < 4 or body[2] != "    else:":
        return None
    if not all(line.startswith("        ") for line in body[3:]):
        return None
    return head.group(1)


def runtime_files() -> list[Path]:
    """The validator's verbatim modules (`templates/client/validation/*.py`)."""
    return sorted(RUNTIME.glob("*.py"))


def _table(head: str, entries: list[str]) -> list[str]:
    """`head {` entries `}` (black's `{}` when empty); entries are indented lines."""
    if not entries:
        return [f"{head} {{}}"]
    return [f"{head} {{", *(layout(entry) for entry in entries), "}"]


def _py(value: Any) -> str:
    """A Python literal for plain YAML/JSON data."""
    return lit(value)
