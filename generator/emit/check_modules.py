"""The generated validator's checks, split into modules small enough to byte-compile
cheaply: `_validation/_checks_<n>.py` hold the named types' checks, `_constants.py` what
they share that references no check (values, key sets, patterns, the rules' data).

One 2.6 MB module of checks (the full upstream document) cost ~160 MB of parser memory and
over half a second to byte-compile; modules of at most ~200 KB cost a tenth of that each.
Where a type's check goes depends on its name only (placement.py), so regenerating after a
spec change moves no other type's check and diffs stay reviewable. The function texts are
the one module's: a check calls another by its bare name, imported from its module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.emit.imports import (
    Candidate,
    code_names,
    from_imports,
    import_block,
    names_in,
)
from generator.emit.placement import module_count, placement
from generator.emit.render import Renderer
from generator.ir import nodes as ir

# the checks' text a module may hold: its imports and the shared tables it repeats add a
# little, and the module stays under ~200 KB
BUDGET = 180_000
CONSTANTS = "_constants"
_DEFINED = re.compile(r"^(?:def )?(\w+)")


@dataclass(frozen=True)
class TypeChecks:
    """What writing one named type's check made: its function, the functions hoisted out
    of it (nested objects, union members ...) and the tables of functions it named
    (`late` constants: tag → member check)."""

    name: str
    functions: Sequence[str]
    late: Sequence[str]

    @property
    def size(self) -> int:
        return sum(map(len, self.functions)) + sum(map(len, self.late))


def module_name(index: int) -> str:
    return f"_checks_{index}"


@dataclass(frozen=True)
class Placed:
    """The types' checks by module index (empty where none hashed), and the functions
    each non-empty module defines, by module name."""

    modules: Sequence[Sequence[TypeChecks]]
    defined: dict[str, list[str]]


class CheckModules:
    """The modules of checks, the constants module, and the names each defines."""

    def __init__(
        self,
        api: ir.Api,
        renderer: Renderer,
        imports: list[list[Candidate]],
        runtime: list[Path],
    ) -> None:
        self.api = api
        self.renderer = renderer
        self.imports = imports
        self.runtime = runtime

    def constants(self, rules_data: str, constants: list[str]) -> tuple[str, list[str]]:
        """`_constants.py` (the rules' data, then the checks' constants), and its names."""
        blocks = [rules_data, *(["\n".join(constants)] if constants else [])]
        body = "\n\n".join(block.rstrip("\n") + "\n" for block in blocks)
        text = self.module(
            "client/validation_constants.py.jinja", body.rstrip("\n"), code_names(body)
        )
        return text, ["RULES", *(_name(line) for line in constants)]

    def checks(
        self,
        parts: Sequence[TypeChecks],
        constant_names: list[str],
        budget: int = BUDGET,
    ) -> tuple[dict[str, str], dict[str, list[str]]]:
        """The check modules (by module name) and the functions each defines."""
        placed = self.place(parts, budget)
        return dict(self.texts(placed, parts, constant_names)), placed.defined

    def place(self, parts: Sequence[TypeChecks], budget: int = BUDGET) -> Placed:
        """Which module each type's check goes to, and the functions each defines."""
        count = module_count(parts, budget)
        placed: list[list[TypeChecks]] = [[] for _ in range(count)]
        for part in parts:
            placed[placement(part.name, count)].append(part)
        defined = {
            module_name(i): [_name(fn) for part in held for fn in part.functions]
            for i, held in enumerate(placed)
            if held
        }
        return Placed(placed, defined)

    def texts(
        self, placed: Placed, parts: Sequence[TypeChecks], constant_names: list[str]
    ) -> Iterator[tuple[str, str]]:
        """Each check module's name and text, one at a time (each can be written and
        byte-compiled while the next is laid out)."""
        count, defined = len(placed.modules), placed.defined
        tables = {
            _name(line): line for part in parts for line in part.late
        }  # every table of functions, in the order written, by its name
        table_reads = {name: _reads(line) for name, line in tables.items()}
        for i, held in enumerate(placed.modules):
            if not held:
                continue
            own = module_name(i)
            # the type checks first, then what was hoisted out of them (the one module's
            # order); a table of functions goes to every module that reads it: imported
            # from a module still running its own imports, it would not exist yet
            functions = [part.functions[0] for part in held]
            functions += [fn for part in held for fn in part.functions[1:]]
            code = "\n\n".join(fn.rstrip("\n") + "\n" for fn in functions)
            exact = code_names(code)  # one scan: calls, tables, constants, helpers
            reads = names_in(code) if exact is None else exact
            late = _tables_read(reads, table_reads)
            for name in late:
                reads |= table_reads[name]
            late_text = "\n".join(tables[name] for name in late)
            others = [(f".{m}", names) for m, names in defined.items() if m != own]
            calls = from_imports(reads, others)
            body = code.rstrip("\n")
            if calls:
                body += "\n\n\n" + _CYCLES + "\n".join(calls)
            if late:
                body += "\n\n" + late_text
            yield own, self.module(
                "client/validation_checks.py.jinja",
                body,
                None if exact is None else reads,
                generated=[(f".{CONSTANTS}", constant_names)],
                index=i,
                count=count,
            )

    def module(
        self,
        template: str,
        body: str,
        reads: set[str] | None,
        generated: Sequence[tuple[str, Sequence[str]]] = (),
        **context: object,
    ) -> str:
        """A module of `template` around `body`, importing what `body` uses: the names it
        `reads` (`code_names`; the template adds no code), or, where they are not known,
        what parsing the module finds."""
        context = dict(api=self.api, body=body, **context)
        draft = (
            ""
            if reads is not None
            else self.renderer.render(template, imports="", **context)
        )
        imports = import_block(draft, self.imports, self.runtime, generated, reads)
        return self.renderer.render(template, imports=imports, **context)


_CYCLES = (
    "# The check modules call each other in cycles (recursive types). A module's functions\n"
    "# exist before another module imports them, so importing them here, after its own,\n"
    "# works for any cycle, in pure Python and compiled; the tables of functions follow.\n"
)


def _name(text: str) -> str:
    """The name a function (`def name(`) or a constant (`NAME: Final = ...`) defines."""
    found = _DEFINED.match(text)
    assert found is not None, text[:80]
    return found.group(1)


def _tables_read(seen: set[str], reads: dict[str, set[str]]) -> list[str]:
    """The tables of functions (`reads`: each one's name → the names it reads) that code
    naming `seen` reads, with those they read, in written order."""
    wanted: set[str] = set()
    found = seen & reads.keys()
    while found:
        wanted |= found
        found = set().union(*(reads[name] for name in found)) & reads.keys()
        found -= wanted
    return [name for name in reads if name in wanted]


def _reads(code: str) -> set[str]:
    """The names `code` reads: `code_names`, or every name it holds (a string's words
    too, harmless where only names other modules define are looked for)."""
    found = code_names(code)
    return names_in(code) if found is None else found
