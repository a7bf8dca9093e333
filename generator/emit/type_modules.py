"""The client's request types (`<package>/types/`): one `__init__.py`, or, when its
classes are large, their `TypedDict` classes in `types/_classes_<n>.py` modules that
`__init__.py` re-exports, keeping its aliases.

Byte-compiling costs ~45 bytes of memory per source byte on this docstring-heavy code:
the full upstream document's one 775 KB module took ~36 MB in the compiler child
(generator/compiler.py), the run's largest compile; split, its largest types
module is `__init__.py` (~180 KB of re-exports, `__all__` and aliases, ~13 MB) and its 16
class modules are under 60 KB (~11 MB). A class goes to the module its name places it in
(placement.py), so a spec change moves no other class. Smaller specs keep the one module
they always had, byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.emit.client_model import Field, TypedDictClass
from generator.emit.imports import Candidate, code_names, import_block, names_in
from generator.emit.placement import module_count, placement
from generator.emit.pysource import fits, layout
from generator.emit.render import Renderer
from generator.ir import nodes as ir

# the class text one module may hold: the real spec's ~135 KB stays one module (its
# 147 KB take ~13 MB to compile, a fifth of what rendering holds in the parent) ...
ONE_MODULE = 160_000
# ... and, once split, the class text of each class module (at most ~100 KB written,
# ~12 MB to compile; `class_size` counts a little under the written text)
BUDGET = 90_000
# what the classes' annotations and the aliases name from `typing`, and from the runtime
TYPING = ("Dict", "List", "Literal", "Optional", "Required", "Union")
SEQUENCE_NOT_STR = "SequenceNotStr"
# what a line of a class costs besides its text: its indentation and newline, or a
# docstring's quotes
LINE_COST = 5


@dataclass(frozen=True)
class TypeBudget:
    """When the classes leave `__init__.py` (`one_module`), and then the class text each
    class module may hold (`per_module`), in characters."""

    one_module: int = ONE_MODULE
    per_module: int = BUDGET


@dataclass(frozen=True)
class _Sized:
    name: str
    size: int


def module_name(index: int) -> str:
    return f"_classes_{index}"


def class_size(c: TypedDictClass) -> int:
    """About the characters `c` takes in its module."""
    lines = [c.header, *c.doc, *(f.code for f in c.fields)]
    lines += [line for f in c.fields for line in f.doc]
    return sum(len(line) + LINE_COST for line in lines)


class TypeModules:
    def __init__(self, api: ir.Api, renderer: Renderer, budget: TypeBudget) -> None:
        self.api = api
        self.renderer = renderer
        self.budget = budget

    def render(
        self,
        classes: list[TypedDictClass],
        aliases: list[Field],
        extra_names: Sequence[tuple[str, str]],
    ) -> dict[str, str]:
        """The modules of `types/`, by file name."""
        sized = [_Sized(c.name, class_size(c)) for c in classes]
        count = 1
        if sum(s.size for s in sized) > self.budget.one_module:
            count = module_count(sized, self.budget.per_module)
        context = dict(
            api=self.api,
            class_names=[c.name for c in classes],
            aliases=aliases,
            extra_names=sorted(extra_names),
        )
        if count == 1:
            return {
                "__init__.py": self.renderer.render(
                    "client/types.py.jinja",
                    classes=classes,
                    imports=None,
                    sequence_not_str=any(
                        SEQUENCE_NOT_STR + "[" in f.annotation
                        for f in [*(f for c in classes for f in c.fields), *aliases]
                    ),
                    **context,
                )
            }
        placed: list[list[TypedDictClass]] = [[] for _ in range(count)]
        for c in classes:
            placed[placement(c.name, count)].append(c)
        held = {i: chunk for i, chunk in enumerate(placed) if chunk}
        public = {c.name for c in classes} | {a.name for a in aliases}
        files = {"__init__.py": self._init(held, aliases, context)}
        for i, chunk in held.items():
            files[f"{module_name(i)}.py"] = self._classes(i, count, chunk, public)
        return files

    def _init(
        self,
        held: dict[int, list[TypedDictClass]],
        aliases: list[Field],
        context: dict[str, object],
    ) -> str:
        """`__init__.py` of split classes: it re-exports them, then defines the aliases
        (evaluated at import, after the classes they name) and hands every public name
        to the class modules (the template says why)."""
        modules = [module_name(i) for i in held]
        reads = _reads("\n".join(a.code for a in aliases)) | set(modules)
        if aliases:
            reads.add("TypeAlias")
        imports = self._imports(reads, ("TypeAlias",), [(".", modules)])
        exports = []
        for i, chunk in held.items():
            names = sorted(c.name for c in chunk)
            exports.append(
                _from_lines("", f".{module_name(i)}", [f"{n} as {n}" for n in names])
            )
        return self.renderer.render(
            "client/types.py.jinja",
            classes=[],
            imports="\n".join([imports, *exports]),
            modules_loop=layout(f"for _module in ({', '.join(modules)}):"),
            **context,
        )

    def _classes(
        self, index: int, count: int, classes: list[TypedDictClass], public: set[str]
    ) -> str:
        """A class module: its classes, importing what their annotations name."""
        # one scan of every annotation (each a whole expression: no token spans a line)
        reads = {"TypedDict"} | _reads(
            "\n".join(f.annotation for c in classes for f in c.fields)
        )
        elsewhere = sorted((reads & public) - {c.name for c in classes})
        if elsewhere:
            reads.add("TYPE_CHECKING")
        imports = self._imports(reads, ("TYPE_CHECKING", "TypedDict"))
        return self.renderer.render(
            "client/type_classes.py.jinja",
            api=self.api,
            index=index,
            count=count,
            classes=classes,
            imports=imports,
            checking=_from_lines("    ", ".", elsewhere) if elsewhere else "",
        )

    @staticmethod
    def _imports(
        reads: set[str],
        typing: Sequence[str],
        generated: Sequence[tuple[str, Sequence[str]]] = (),
    ) -> str:
        """The module's imports of the names it `reads`: from `typing` (those of
        `TYPING` and `typing`), the runtime's `SequenceNotStr`, and `generated`."""
        names = sorted({*TYPING, *typing}, key=lambda n: (not n.isupper(), n))
        return import_block(
            "",
            [[Candidate("typing", name) for name in names]],
            [],
            [*generated, (".._types", [SEQUENCE_NOT_STR])],
            reads,
        )


def _reads(code: str) -> set[str]:
    """The names `code` reads, its strings left out (`Literal["Pet"]` names no `Pet`)."""
    found = code_names(code)
    return names_in(code) if found is None else found


def _from_lines(indent: str, module: str, names: list[str]) -> str:
    """`from module import names` at `indent`, parenthesised a name a line (as black
    splits it) when too long."""
    line = f"{indent}from {module} import {', '.join(names)}"
    if fits(line):
        return line
    inner = [f"{indent}    {name}," for name in names]
    return "\n".join([f"{indent}from {module} import (", *inner, f"{indent})"])
