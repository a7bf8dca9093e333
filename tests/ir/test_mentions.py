"""`resources.mentions(value, needle)` answers as `needle in str(value)` did (the
resources pass asked that of every POST's `x-oaiMeta` examples): on every operation
and path of both upstream documents, and on random JSON values and needles made of
what `repr` escapes, quotes, joins and the `.x.create(` form."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir.resources import mentions
from generator.load import load_document
from tests.ir.test_copies import UPSTREAM

_METHODS = ("get", "put", "post", "delete", "patch")


@pytest.mark.parametrize("path", UPSTREAM, ids=lambda p: p.parent.name)
def test_alike_on_every_operation_of_the_upstream_documents(path: Any) -> None:
    paths = load_document(path).data["paths"]
    lasts = {p.rstrip("/").rsplit("/", 1)[-1] for p in paths}
    met = 0
    for item in paths.values():
        for method in _METHODS:
            meta = (item.get(method) or {}).get("x-oaiMeta")
            if not isinstance(meta, dict):
                continue
            examples = meta.get("examples", "")
            for last in lasts:
                needle = f".{last}.create("
                found = mentions(examples, needle)
                assert found == (needle in str(examples)), (last, method)
                met += found
    assert met > 20  # the form is there to be found


_PIECES = ["a", "x", ".", ".x.create(", "create(", "'", '"', "\\", "\n", "\t", "é"]
_PIECES += ["\x85", "\u2028", ", ", ": ", "{", "}", "[", "]", "n", "u00e9", "x85", " "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=1500, deadline=None)
@given(_JSON, _TEXT)
def test_alike_on_random_values(value: Any, tail: str) -> None:
    for needle in (f".{tail}.create(", f"{tail}.create(", f".{tail}"):
        assert mentions(value, needle) == (needle in str(value)), (value, needle)


@pytest.mark.parametrize(
    "value, needle",
    [
        (["\n.x.create("], "n.x.create("),  # in the repr only: an escape's tail
        ({"a.x": ".create("}, ".x': '.create("),  # across two strings' reprs
        (["it's .x.create("], ".x.create("),  # a quote the repr escapes nearby
        (['\\.x.create("'], ".x.create("),
        ([1.5, None, True], ".5, None, True"),
        ({"k": ["a.b.create(x)"]}, ".b.create("),
    ],
)
def test_alike_where_a_repr_escapes_or_joins(value: Any, needle: str) -> None:
    assert mentions(value, needle) == (needle in str(value))
