"""JSON pointers are joined (generator/load/document.py `pointer_join`) as RFC 6901 says,
exactly as the one-expression form did, and split back to the same tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.document import pointer_join, split_pointer

TOKENS = st.lists(
    st.one_of(st.text(alphabet="a~/01 é", max_size=5), st.integers(-3, 30)), max_size=3
)


def joined_as_before(pointer: str, *tokens: str | int) -> str:
    escaped = (str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
    return pointer + "".join("/" + t for t in escaped)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(["", "/a", "/components/schemas", "#/x~1y"]), TOKENS)
def test_joined_as_before_and_split_back(pointer: str, tokens: list[str | int]) -> None:
    joined = pointer_join(pointer, *tokens)
    assert joined == joined_as_before(pointer, *tokens)
    if pointer in ("", "/a"):
        assert split_pointer(joined) == split_pointer(pointer) + [
            str(t) for t in tokens
        ]


def test_escapes() -> None:
    assert pointer_join("/paths", "/a/{b}", "get") == "/paths/~1a~1{b}/get"
    assert pointer_join("", "a~b", 0) == "/a~0b/0"
