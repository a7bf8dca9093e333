"""The import-block builder finds the names a module uses by parsing only the runs of
top-level statements that mention them: the answer must be exactly what one parse of the
whole module gives, also where a column-0 `def` sits inside a string, brackets, after a
decorator or a backslash."""

from __future__ import annotations

import ast
import gc
import keyword
import random
from pathlib import Path

import pytest

from generator.emit import imports
from generator.emit.imports import used_names


def _whole(text: str, among: set[str]) -> set[str]:
    """The reference: one parse of the whole module."""
    tree = ast.parse(text)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    for node in tree.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__":
            used |= {
                e.value
                for e in ast.walk(node.value)
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
    return used & among


# Each piece puts candidate names where they are *not* read: in strings spanning a
# column-0 `def`, in brackets broken at column 0, as attributes, parameters and keywords.
_PIECES = [
    'TEXT = """\ndef trap():\n    return re.compile(Any)\n"""\n',
    "VALUES = (\n1,\n)\ndef after(): return json\n",
    "def uses_re(x):\n    return re.match(x, '')\n",
    "@decorator\ndef decorated(Mapping=1):\n    return Mapping\n",
    "class Holder:\n    field: Sequence[int]\n",
    "def attr(x):\n    return x.Any, f(json=1)\n",
    "X = 'def not_code(): Finding'\n",
    "__all__ = ['Exported']\n",
    "def cont():\n    return 1 + \\\n2\n",
    "Y = 1 \\\n@ Any\n",
    "Z = (\n2\n@ 3\n)\ndef after_matmul(): return Sequence\n",
    "H = '#('\n# it's \"\"\" [\ndef q(): return re\n",
    "S = '\\'' + \"\\\"\"\nclass C(Finding): pass\n",
    "if X:\n    pass\nelif Y:\n    pass\nelse:\n    Z = Any\n",
    "try:\n    pass\nexcept E:\n    pass\nfinally:\n    W = json\n",
    "T = [\nx\nfor x in re\n]\n",
    "def words():\n    return required, x.re, json_text, éclair, Any2\n",
]
_AMONG = {
    "re",
    "Any",
    "json",
    "Mapping",
    "Sequence",
    "Finding",
    "Exported",
    "decorator",
    "f",
    "éclair",
}


@pytest.mark.parametrize("seed", range(20))
def test_runs_give_what_one_parse_gives(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(_PIECES) for _ in range(60))
    assert used_names(text, _AMONG) == _whole(text, _AMONG)


def test_names_only_in_strings_are_not_used() -> None:
    text = _PIECES[0] + _PIECES[6] + "def f():\n    pass\n"
    assert used_names(text, _AMONG) == set()


def test_a_syntax_error_where_a_name_is_looked_for_is_raised() -> None:
    with pytest.raises(SyntaxError):
        used_names("def ok():\n    pass\ndef bad(:\n    return re\n", _AMONG)


def test_only_the_runs_that_mention_a_name_are_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []
    real_parse = ast.parse

    def parse(source: str) -> ast.Module:
        parsed.append(source)
        return real_parse(source)

    monkeypatch.setattr(imports.ast, "parse", parse)
    text = "def a():\n    return 1\n" * 50 + "def b():\n    return json\n"
    assert used_names(text, {"json", "re"}) == {"json"}
    assert parsed == ["def b():\n    return json\n"]


def test_a_name_inside_longer_words_only_is_not_used() -> None:
    text = "def f(x):\n    return x.re, required, json_text, Any2, _json\n"
    assert used_names(text, {"re", "json", "Any"}) == set()


def test_a_name_that_starts_with_a_letter_beyond_ascii_is_found() -> None:
    text = "def f():\n    return éclair + ação\n"
    assert used_names(text, {"éclair", "ação", "clair"}) == {"éclair", "ação"}


@pytest.mark.parametrize("enabled", [True, False])
def test_parsing_leaves_the_cycle_collector_as_it_was(enabled: bool) -> None:
    """Parsing pauses the collector (a syntax tree has no cycles) and restores it, also
    when the parse fails."""
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert used_names("def f():\n    return re\n", {"re"}) == {"re"}
        assert gc.isenabled() is enabled
        with pytest.raises(SyntaxError):
            used_names("def f(:\n    return re\n", {"re"})
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


# -- names of other generated modules -------------------------------------------------


def test_mentioned_names_are_every_read_and_no_attribute() -> None:
    text = "def f(v):\n    return _t_A(v) or v._t_B or _T_KEYS\n_t_C = 1\n"
    found = imports.mentioned_names(text, {"_t_A", "_t_B", "_t_C", "_T_KEYS", "_t_D"})
    assert found == {"_t_A", "_t_C", "_T_KEYS"}  # a superset of the reads, no attribute
    assert found >= used_names(text, {"_t_A", "_t_B", "_T_KEYS", "_t_D"})


def test_from_imports_group_by_module_in_module_order() -> None:
    modules = [
        ("._checks_10", ["_t_Z", "_t_A"]),
        ("._checks_2", ["_t_B", "_t_A"]),  # `_t_A` is the first module's
        ("._constants", ["_A_KEYS", "RULES"]),
    ]
    used = {"_t_A", "_t_B", "_t_Z", "RULES", "unknown"}
    assert imports.from_imports(used, modules) == [
        "from ._checks_2 import _t_B",
        "from ._checks_10 import _t_A, _t_Z",
        "from ._constants import RULES",
    ]
    assert imports.from_imports(set(), modules) == []


def test_an_import_block_takes_the_names_of_generated_modules() -> None:
    text = "def f(v: Any) -> None:\n    _t_B(v, _A_KEYS)\n"
    block = imports.import_block(
        text,
        [[imports.Candidate("typing", "Any"), imports.Candidate("re")]],
        [],
        [("._constants", ["_A_KEYS", "_B_KEYS"]), ("._checks_1", ["_t_B"])],
    )
    assert block == (
        "from __future__ import annotations\n\n"
        "from typing import Any\n\n"
        "from ._checks_1 import _t_B\n"
        "from ._constants import _A_KEYS"
    )


# -- code_names: the names a module's code holds, by one scan --------------------------

_ROOT = Path(__file__).resolve().parents[2]
_TRICKY = '''
"""A docstring naming _t_Doc and "quotes" and 'more' and # no comment."""

X: Final = ("a \\" _t_Esc", 'b \\' _t_Esc2', "# _t_Hash", "{_t_Brace}")  # _t_Comment
_t_Real(v, (p, key), out).attribute + other.thing[index]  # 'quoted _t_Quoted
"""two
lines _t_Multi"""
y = rb"raw _t_Raw" + u'_t_U' + 1e5 + 0x1F
'''


def _ast_names(text: str) -> tuple[set[str], set[str]]:
    """(the names the code reads or binds, every identifier it holds outside strings)."""
    tree = ast.parse(text)
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    held = set(read) | set(keyword.kwlist)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            held.add(node.name)
        elif isinstance(node, ast.arg):
            held.add(node.arg)
        elif isinstance(node, ast.alias):
            held |= {node.name.split(".")[0], node.asname or ""}
        elif isinstance(node, ast.ImportFrom) and node.module:
            held.add(node.module.split(".")[0])
    return read, held


def _generated_modules() -> list[Path]:
    found = sorted(_ROOT.glob("generated/python/*/_validation/_c*.py"))
    found += sorted(_ROOT.glob("tests/zoo/*/expected/python/*/_validation/_c*.py"))
    assert len(found) >= 4
    return found


@pytest.mark.parametrize("path", _generated_modules(), ids=lambda p: p.name)
def test_code_names_of_a_generated_module_are_its_names(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = imports.code_names(text)
    assert found is not None
    read, held = _ast_names(text)
    assert read <= found  # no read missed: an import missing would fail at run time
    words = {n for n in found if n and not n[0].isdigit()}
    assert words <= held  # and nothing from a string or comment: no stray import


def test_code_names_leave_strings_and_comments_out() -> None:
    found = imports.code_names(_TRICKY)
    assert found is not None
    read, held = _ast_names(_TRICKY)
    assert read <= found
    assert {n for n in found if n and not n[0].isdigit()} <= held
    assert "_t_Real" in found and "attribute" not in found and "thing" not in found


def test_code_names_give_way_to_parsing_for_an_f_string() -> None:
    assert imports.code_names('x = f"{_t_A}"\n') is None
    assert imports.code_names("x = rf'{a}'\n") is None
    assert imports.code_names('x = "f" + elf("a")\n') is not None


def _strategies_modules() -> list[Path]:
    found = sorted(_ROOT.glob("generated/testing/*/__init__.py"))
    found += sorted(_ROOT.glob("tests/zoo/*/expected/testing/*/__init__.py"))
    assert found
    return found


@pytest.mark.parametrize("path", _strategies_modules(), ids=lambda p: p.parent.name)
def test_a_scan_finds_the_imports_parsing_finds_in_a_strategies_module(
    path: Path,
) -> None:
    """The strategies emitter imports what `code_names` and `__all__` name (no parse):
    the same names `used_names` finds by parsing, every imported name among them."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    among = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module != "__future__"
        for alias in node.names
    }
    among |= {"json", "math", "Any", "SearchStrategy", "unused_name"}
    lines = text.splitlines(keepends=True)
    for node in tree.body:  # as the emitter's draft: no import block yet
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assert node.end_lineno is not None
            lines[node.lineno - 1 : node.end_lineno] = [""] * (
                node.end_lineno - node.lineno + 1
            )
    draft = "".join(lines)
    found = imports.code_names(draft)
    assert found is not None
    scanned = (found | imports.exported_names(draft)) & among
    assert scanned == used_names(draft, among)
    assert scanned >= among - {"json", "math", "Any", "SearchStrategy", "unused_name"}
    assert "unused_name" not in scanned


def test_exported_names_are_the_strings_of_all() -> None:
    text = '"""Doc: __all__ = ["no"]"""\n\n__all__ = [\n    "A",\n    \'b_c\',\n]\nX = ["D"]\n'
    assert imports.exported_names(text) == {"A", "b_c"}
    assert imports.exported_names("X = 1\n") == set()


def _verbatim_modules() -> list[Path]:
    found = sorted((_ROOT / "templates").rglob("*.py"))
    assert len(found) >= 20
    return found


def _ast_defined(text: str) -> tuple[str, ...]:
    names: list[str] = []
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
    return tuple(names)


@pytest.mark.parametrize(
    "path", _verbatim_modules(), ids=lambda p: p.relative_to(_ROOT).as_posix()
)
def test_defined_names_of_a_verbatim_module_are_what_ast_finds(path: Path) -> None:
    assert imports.defined_names(path) == _ast_defined(path.read_text("utf-8"))


def test_defined_names_skip_strings_comments_and_compound_statements(
    tmp_path: Path,
) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        '"""Doc.\n\nx = 1\ndef no(): ...\n"""\n\n# y = 2, isn\'t it\n'
        "A: int = 1\nB: str\nC = 2\nD == 3\nE += 4\n"
        "if A:\n    F = 5\nelse:\n    G = 6\ntry:\n    pass\nfinally:\n    pass\n"
        "def h() -> None: ...\nasync def i() -> None: ...\nclass J: ...\n"
        "k, m = 1, 2\n",
        encoding="utf-8",
    )
    assert imports.defined_names(source) == ("A", "B", "C", "h", "i", "J")
