"""The import-block builder finds the names a module uses by parsing it in runs of
top-level statements: the runs must give exactly what one parse of the whole module gives,
also where a cut falls inside a string, brackets or after a decorator."""

from __future__ import annotations

import ast
import random

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
}


@pytest.mark.parametrize("seed", range(20))
def test_runs_give_what_one_parse_gives(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "_CHUNK", 40)  # cut at nearly every candidate
    rng = random.Random(seed)
    text = "".join(rng.choice(_PIECES) for _ in range(60))
    assert used_names(text, _AMONG) == _whole(text, _AMONG)


def test_names_only_in_strings_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "_CHUNK", 1)
    text = _PIECES[0] + _PIECES[6] + "def f():\n    pass\n"
    assert used_names(text, _AMONG) == set()


def test_a_syntax_error_is_the_modules_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "_CHUNK", 1)
    with pytest.raises(SyntaxError):
        used_names("def ok():\n    pass\ndef bad(:\n    pass\n", _AMONG)
