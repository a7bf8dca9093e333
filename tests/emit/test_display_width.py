"""The layout measures width as black does, without importing black: the same numbers as
black's own `str_width` on any text (wide, zero-width, control, emoji, unassigned)."""

from __future__ import annotations

import subprocess
import sys

from black.strings import str_width
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.pysource import _width_table, display_width


def test_reads_blacks_table() -> None:
    assert _width_table() is not None


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_same_width_as_black(text: str) -> None:
    assert display_width(text) == str_width(text)


def test_every_table_boundary() -> None:
    table = _width_table()
    assert table is not None
    for start, end, _ in table:
        for cp in (start - 1, start, end, end + 1):
            if 0 <= cp <= sys.maxunicode and not 0xD800 <= cp <= 0xDFFF:
                assert display_width("é" + chr(cp)) == str_width("é" + chr(cp))


def test_measuring_does_not_import_black() -> None:
    code = (
        "import sys; from generator.emit.pysource import display_width;"
        "display_width('日本語 😀'); print('black' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
