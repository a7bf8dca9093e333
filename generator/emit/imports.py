"""Import blocks for generated modules that use verbatim runtime modules.

A generated module imports what its text uses, and nothing else: the standard-library and
third-party names from a fixed list of candidates, and each runtime name from the verbatim
module (a `.py` file copied next to it) that defines it. Laid out as black and isort would.
"""

from __future__ import annotations

import ast
import keyword
import gc
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from pathlib import Path

from generator.emit.pysource import WIDTH, display_width


@dataclass(frozen=True)
class Candidate:
    """`import module` (name None) or `from module import name [as alias]`."""

    module: str
    name: str | None = None
    alias: str | None = None

    @property
    def binds(self) -> str:
        return self.alias or self.name or self.module.split(".")[0]


def used_names(text: str, among: set[str]) -> set[str]:
    """Which of `among` a module's code reads (as names), or re-exports by listing them in
    its `__all__`. For each name, only the top-level statements whose text mentions it are
    parsed, one run at a time, until one reads it (see `_Statements`): most names are read
    early, so a 3 MB generated module is mostly never parsed (parsing all of it cost ~1 s
    and ~150 MB). A syntax error is reported where a parsed run has it."""
    statements = _Statements(text)
    used: set[str] = set()
    # a name that is no word of the text has no mention: no scan of 3 MB to say so
    words = set(_WORD.findall(text))
    for name in sorted(n for n in among if n in words or not _WORD.fullmatch(n)):
        found = _mention(text, name, 0)
        while found >= 0:
            names, end = statements.names_around(found, among)
            if name in names:
                used.add(name)
                break
            found = _mention(text, name, end)
    return used


def mentioned_names(text: str, among: set[str]) -> set[str]:
    """Which of `among` occur in `text` as names that are not attributes, in code or not:
    for names that only code mentions (a generated module's `_t_Pet`, `_PET_KEYS`), one
    scan finds every read without parsing, and a stray mention would cost an unused import,
    never a missing one."""
    return names_in(text) & among


def names_in(text: str) -> set[str]:
    """Every name `text` holds that is not an attribute (`mentioned_names` of all)."""
    return set(_NAME.findall(text))


def code_names(text: str) -> set[str] | None:
    """Every name the code of `text` reads (or binds), its strings and comments left out:
    one pass of C-speed string operations, where `used_names` parses (a generated check
    module's ~100 KB cost ~20 ms to parse, 2 ms so). None when `text` holds an f-string,
    whose fields are code inside a string: parse it then. Numbers come back too; they
    name nothing. (Not for code with a comment right after a name, `x#...`: black puts
    two spaces before a comment.)"""
    code = _STRING.sub(_MARK, text)
    if _F_STRING.search(code):
        return None
    code = _COMMENT.sub(" ", code)
    # `a.b.c` reads `a`; a token after a bracket (`).get`) starts with its dot
    tokens = code.translate(_SPACES).split()
    return {token.partition(".")[0] for token in set(tokens) if _MARK not in token}


def exported_names(text: str) -> set[str]:
    """The names a module's top-level `__all__ = [...]` lists (strings, so `code_names`
    leaves them out; `used_names` counts them as used)."""
    found = _ALL.search(text)
    return set(_LISTED.findall(found.group(1))) if found else set()


def _mention(text: str, name: str, start: int) -> int:
    """Where `name` next occurs from `start` as an identifier that is not an attribute
    (`x.name` is never a name read), or -1."""
    size = len(name)
    while (at := text.find(name, start)) >= 0:
        after = text[at + size : at + size + 1]
        before = text[at - 1] if at else " "
        if not (after.isidentifier() or after.isdigit() or before == "."):
            if not (before.isidentifier() or before.isdigit()):
                return at
        start = at + 1
    return -1


# a line that may start a top-level statement: not indented, not a closing bracket, not
# the `else`/`elif`/`except`/`finally` part of the statement before
_LINE_START = re.compile(r"\n(?!(?:else|elif|except|finally)\b)(?=[^\s)\]}])")
# what hides a line start from the statement level: a comment or string (which may hold
# quotes or brackets) or a backslash continuation; brackets are counted between them
# (each string's loop unrolled: a run of plain characters, then an escape or lone quote)
_TOKEN = re.compile(
    r"#[^\n]*"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r"|\\\n",
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_]\w*")  # (a name of other letters is looked for anyway)
_NAME = re.compile(r"(?<![.\w])[A-Za-z_]\w*")
# an f-string, once strings are marked: the mark right after an `f` prefix (`elif"a"`,
# which is no f-string, counts too: that code is then parsed, as is any with an f-string)
_ALL = re.compile(r"^__all__ = \[([^\]]*)\]", re.MULTILINE)
_LISTED = re.compile(r"[\"']([^\"']+)[\"']")
_F_STRING = re.compile("[fF][rR]?\x01")
# a string (triple-quoted first: `"""` would read as `""` and an open `"`): replaced by a
# mark that joins its prefix's letters (`rb"..."` → `rb\x01`), so they are no name
_STRING = re.compile(
    "|".join(
        [
            r'"""[\s\S]*?"""',
            r"'''[\s\S]*?'''",
            r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"',
            r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'",
        ]
    )
)
_COMMENT = re.compile(r"#[^\n]*")
# the same, with a comment taken first (a quote in a comment opens no string then)
_COMMENT_OR_STRING = re.compile(_COMMENT.pattern + "|" + _STRING.pattern)
# at column 0: `def`/`class` and its name, or a name assigned (not compared) or annotated
_TOP_LEVEL_DEFINITION = re.compile(
    r"^(?:async[ \t]+def|def|class)[ \t]+(\w+)|^(\w+)[ \t]*(?:=(?!=)|:)", re.MULTILINE
)
_MARK = "\x01"
_SPACES = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c in "_." + _MARK)}
)


class _Statements:
    """A module's text cut into top-level statements, before each line at column 0 that
    is really at the statement level: not inside a string, a comment or brackets, not
    after a backslash (one pass of `_TOKEN`, ~0.1 s on 3 MB). Each is parsed only when
    asked about, once; one that does not parse on its own (a decorator; a module that is
    not Python) grows over the next cut, and at the end the error is the module's own.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.cuts = sorted({0, *self._statement_starts(text), len(text)})
        self.runs: dict[int, tuple[set[str], int]] = {}  # cut index -> (names, run end)

    @staticmethod
    def _statement_starts(text: str) -> Iterator[int]:
        # the text with every string, comment and continuation blanked to spaces (same
        # offsets, newlines inside them too): a line start of that text is at the statement
        # level when the brackets before it are balanced
        code = _TOKEN.sub(_blank, text)
        depth = 0
        counted = 0  # brackets are counted in the code before this offset
        for found in _LINE_START.finditer(code):
            cut = found.end()
            depth += _depth_change(code, counted, cut)
            counted = cut
            if depth == 0:
                yield cut

    def names_around(self, position: int, among: set[str]) -> tuple[set[str], int]:
        """Which of `among` the run holding `position` reads or lists in `__all__`, and
        where that run ends."""
        index = bisect_right(self.cuts, position) - 1
        if index not in self.runs:
            self._parse(index, among)
        return self.runs[index]

    def _parse(self, index: int, among: set[str]) -> None:
        end = index + 1
        while True:
            try:
                tree = _parse_tree(self.text[self.cuts[index] : self.cuts[end]])
                break
            except SyntaxError:
                if end == len(self.cuts) - 1:
                    raise
                end += 1
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and ast.unparse(node.targets[0]) == "__all__"
            ):
                names |= {
                    e.value
                    for e in ast.walk(node.value)
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                }
        found = (names & among, self.cuts[end])
        for covered in range(index, end):  # a grown run answers for the cuts it holds
            self.runs[covered] = found


def _parse_tree(source: str) -> ast.Module:
    """`ast.parse` with the cycle collector paused: a syntax tree holds no cycles, and its
    many nodes would set off full collections of the generator's heap (in a full-upstream
    run those took ~10x the parsing itself)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return ast.parse(source)
    finally:
        if paused:
            gc.enable()


def _blank(token: re.Match[str]) -> str:
    return " " * (token.end() - token.start())


def _depth_change(text: str, start: int, end: int) -> int:
    """How much deeper in brackets `code[start:end]` leaves the reader."""
    return sum(map(text.count, "([{", repeat(start), repeat(end))) - sum(
        map(text.count, ")]}", repeat(start), repeat(end))
    )


@cache
def defined_names(source: Path) -> tuple[str, ...]:
    """The names a verbatim module defines at top level (functions, classes, a name
    assigned or annotated), in order: read off the lines that start at column 0 once its
    strings and comments are marked, as `code_names` does (parsing the validator's seven runtime
    modules took ~60 ms of each generation). tests/emit/test_imports.py holds it to
    `ast` on every verbatim module."""
    code = _COMMENT_OR_STRING.sub(_MARK, source.read_text(encoding="utf-8"))
    names = []
    for match in _TOP_LEVEL_DEFINITION.finditer(code):
        name = match.group(1) or match.group(2)
        if not keyword.iskeyword(name):  # `else:`, `try:` ...
            names.append(name)
    return tuple(names)


def import_block(
    text: str,
    candidates: list[list[Candidate]],
    runtime: list[Path],
    generated: Sequence[tuple[str, Sequence[str]]] = (),
    reads: set[str] | None = None,
) -> str:
    """`from __future__ ...`, then each group of candidates the text uses (a blank line
    between groups), then the names it uses from each runtime module (`from .<stem> import`)
    and from each other generated module (`generated`: its dotted name, the names it
    defines; found by `mentioned_names`, as only code names them), in the order of the
    modules' names. `reads`, when the caller knows them (`code_names`), are the names the
    text reads: nothing is parsed then.
    """
    asked = {c.binds for group in candidates for c in group}
    modules: list[tuple[str, Sequence[str]]] = [
        (f".{source.stem}", defined_names(source)) for source in runtime
    ]
    for _, names in modules:
        asked.update(names)
    if reads is not None:
        used = reads & (asked | {n for _, names in generated for n in names})
    else:
        used = used_names(text, asked)
        used |= mentioned_names(text, {n for _, names in generated for n in names})
    modules += generated
    groups: list[list[str]] = []
    for group in candidates:
        lines: list[str] = []
        merged: dict[str, list[str]] = {}
        for c in group:
            if c.binds not in used:
                continue
            if c.name is None:
                lines.append(f"import {c.module}")
            elif c.alias is not None:
                lines.append(f"from {c.module} import {c.name} as {c.alias}")
            else:
                if c.module not in merged:
                    merged[c.module] = []
                    lines.append(c.module)  # placeholder, filled below
                merged[c.module].append(c.name)
        groups.append([_from(m, merged[m]) if m in merged else m for m in lines])
    groups.append(from_imports(used, modules))
    blocks = ["from __future__ import annotations"]
    blocks += ["\n".join(g) for g in groups if g]
    return "\n\n".join(blocks)


def from_imports(
    used: set[str], modules: Sequence[tuple[str, Sequence[str]]]
) -> list[str]:
    """`from <module> import ...` of the `used` names each module defines, the modules in
    the order of their names (a name two modules define comes from the first given)."""
    taken: set[str] = set()
    wanted: dict[str, list[str]] = {}
    for module, names in modules:
        found = sorted((n for n in names if n in used and n not in taken), key=_isort)
        taken.update(found)
        if found:
            wanted[module] = found
    return [_from(module, wanted[module]) for module in sorted(wanted, key=_module)]


def _module(name: str) -> tuple[str, ...]:
    """isort's order of module names: by their parts (`._checks_1` < `._checks_10`)."""
    return tuple(
        part.zfill(8) if part.isdigit() else part for part in re.split(r"(\d+)", name)
    )


def _isort(name: str) -> tuple[int, str]:
    """isort's order inside one import: CONSTANTS, Classes, functions."""
    bare = name.lstrip("_")
    kind = 0 if bare.isupper() else 1 if bare[:1].isupper() else 2
    return kind, name


def _from(module: str, names: list[str]) -> str:
    line = f"from {module} import {', '.join(names)}"
    if display_width(line) <= WIDTH:
        return line
    return "\n".join([f"from {module} import (", *(f"    {n}," for n in names), ")"])
