"""The SDK type modules and `_realtime_models.py` are laid out black-stable by their
emitters, so generation neither imports nor runs black on them: black, as the oracle
here, leaves every one of them as it is, for the calls spec and for the whole upstream
document (as `generate --spec` gives it, and under the calls codegen, whose SDK module
map yields the type modules there too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import black
import pytest

from generator.config import GenerateConfig
from generator.emit.realtime_models import _nested
from generator.emit.webhook_events import _Class, _class_doc
from generator.pipeline import load_api, sdk_layout

from ..conftest import ROOT, SHARED

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})
UPSTREAM = SHARED / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"
CODEGEN = ROOT / "spec" / "codegen.yaml"


def _unstable(files: dict[str, str]) -> list[str]:
    return [p for p, text in files.items() if black.format_str(text, mode=MODE) != text]


@pytest.mark.parametrize(
    "spec, codegen, least",
    [(None, None, 150), (UPSTREAM, None, 1), (UPSTREAM, CODEGEN, 150)],
    ids=["calls", "upstream", "upstream-calls-codegen"],
)
def test_black_leaves_the_sdk_layout_as_it_is(
    spec: Path | None, codegen: Path | None, least: int, tmp_path: Path
) -> None:
    config = GenerateConfig(spec=spec, out=tmp_path, codegen=codegen)
    files = sdk_layout(load_api(config))
    assert any(p.endswith("/_realtime_models.py") for p in files)
    assert len(files) >= least
    assert _unstable(files) == []


def test_the_sdk_layout_does_not_import_black() -> None:
    code = (
        "import sys\n"
        "from generator.config import GenerateConfig\n"
        "from generator.pipeline import load_api, sdk_layout\n"
        "assert sdk_layout(load_api(GenerateConfig(out='unused')))\n"
        "print('black' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert done.stdout.strip() == "False", done.stderr[-2000:]


@pytest.mark.parametrize(
    "description",
    [
        "One line.",
        '"Quoted" at the start.',
        'Ends with a "quote"',
        "A line\n  - an item\n    its continuation\n  - another",
        "Trailing spaces \nhere \n\n  \nand a blank line of spaces above",
        "\tA tab\n\tindented\n\t\tdeeper",
        "Backslash \\\nbefore a newline",
        'Triple """ quotes\ninside',
    ],
)
def test_class_docstrings_are_as_black_writes_them(description: str) -> None:
    source = "\n".join(
        ["class A:", *_class_doc(description, "    "), "", "    x: int", ""]
    )
    assert black.format_str(source, mode=MODE) == source


@pytest.mark.parametrize(
    "nested, unions",
    [
        ([("a", "A")], []),
        ([("a", "A"), ("b", "B")], []),
        ([], [("u", ["(A, {})"])]),
        ([], [("u", ['(A, {"type": "a"})', '(B, {"type": "b"})'])]),
        ([("a", "A")], [("u", ['(A, {"type": "a"})', '(B, {"type": "b"})'])]),
        (
            [("item", "RealtimeConversationItemMessageSystemContentItemLonger")],
            [("e", ['(Error, {"type": "protocol_error", "x": "y" * 3})', "(B, {})"])],
        ),
        ([], [("u", ["(" + "A" * 70 + ', {"type": "a", "object": "realtime.x"})'])]),
    ],
)
def test_nested_tables_are_as_black_writes_them(
    nested: list[tuple[str, str]], unions: list[tuple[str, list[str]]]
) -> None:
    cls = _Class(name="Owner", base="RealtimeEvent", description=None)
    cls.nested, cls.unions = nested, unions
    source = _nested(cls) + "\n"
    assert black.format_str(source, mode=MODE) == source
