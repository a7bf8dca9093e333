"""Docstring wrapping: plain ASCII prose is cut at the last blank that fits
(`_wrap_plain`), everything else measured a word at a time (`_wrap_words`); the two give
the same lines wherever the fast one is used, on every description of the upstream
document and on generated text with long words, runs of blanks and hanging indents."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.docstrings import _wrap_plain, _wrap_words, doc_lines
from generator.update import _texts

from ..conftest import SHARED

UPSTREAM = SHARED / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"

_WORDS = st.lists(
    st.text(alphabet="abcdefghij-_.:`()0123", min_size=1, max_size=30), max_size=40
)
_BLANKS = st.sampled_from([" ", "  ", "\t", " \n "])


@given(
    words=_WORDS,
    blank=_BLANKS,
    indent=st.sampled_from(["", "  ", "   "]),
    width=st.integers(10, 100),
)
@settings(max_examples=400)
def test_plain_wrapping_equals_the_word_at_a_time_one(
    words: list[str], blank: str, indent: str, width: int
) -> None:
    text = blank.join(words)
    assert _wrap_plain(text, indent, width) == _wrap_words(text, indent, width)


@pytest.mark.parametrize("indent", ["", "  ", "   "])
def test_it_does_on_every_upstream_description(indent: str) -> None:
    with UPSTREAM.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=yaml.CSafeLoader)
    # every description as one run of text, its blanks as they come (update.py's walk)
    plain = [t for t in _texts(document) if t.isascii() and "[" not in t]
    assert len(plain) > 3000
    for line in plain:
        assert _wrap_plain(line, indent, 80) == _wrap_words(line, indent, 80), line


def test_a_list_item_hangs_and_a_long_word_stands_alone() -> None:
    text = "- item: " + "word " * 20 + "\n\n" + "x" * 90 + " tail"
    lines = doc_lines(text)
    assert lines[0].startswith("- item: word") and len(lines[0]) <= 80
    assert lines[1] == "  " + " ".join(["word"] * 6) and lines[2] == ""
    assert lines[-2:] == ["x" * 90, "tail"]
