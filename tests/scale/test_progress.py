"""The generate progress bar: drawn on a terminal, silent otherwise."""

from __future__ import annotations

import io

from generator.progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(3, stream)
    for label in ("loading", "rendering", "writing"):
        progress.step(label)
    progress.done()
    assert stream.getvalue() == ""


def test_bar_on_a_terminal_is_cleared_at_the_end() -> None:
    stream = _Tty()
    progress = Progress(3, stream)
    progress.step("loading")
    progress.step("rendering")
    progress.done()
    text = stream.getvalue()
    assert "2/3 rendering" in text and "[########----------------]" in text
    assert text.endswith("\r\033[K")
