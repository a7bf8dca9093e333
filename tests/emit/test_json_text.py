"""The JSON writer gives the bytes of `json.dumps(data, indent=2, ensure_ascii=False)`."""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.json_text import dump


def reference(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**62, max_value=2**70),
    st.integers(min_value=-(2**70), max_value=-(2**62)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e-05, 1e16, 0.1, -0.0, 1.5e300, 5e-324, 2.0]),
    st.text(),
    st.text(alphabet=[chr(i) for i in range(0x80)] + ["\u2028", "\x85", "é", "😀"]),
)
_KEYS = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none())
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=8), children, max_size=5),
        st.dictionaries(_KEYS, children, max_size=3),
        st.tuples(children, children),
    ),
    max_leaves=40,
)


@settings(max_examples=1500, deadline=None)
@given(_VALUES)
def test_same_bytes_as_json_dumps(data: Any) -> None:
    assert dump(data) == reference(data)


def test_the_forms_that_differ_in_orjson() -> None:
    data = {
        "small": 1e-05,
        "big": 1e16,
        "nan": math.nan,
        "inf": [math.inf, -math.inf],
        "huge": 2**64,
        "negative": -(2**63) - 1,
        "empty": [{}, []],
        "ordered": OrderedDict(x=0.5),
        1: "an integer key",
    }
    assert dump(data) == reference(data)
    assert dump({"a": "\ud800"}) == reference({"a": "\ud800"})  # a lone surrogate
