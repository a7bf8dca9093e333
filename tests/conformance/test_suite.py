"""The JSON Schema Test Suite through callspec: no silent wrong answer, unsupported
keywords reported in one located shape, annotations never reported, ECMA-262 patterns.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.conformance.suite import TESTS, FileResult, required_files, run_file
from tests.conftest import skip_unless_ci


@pytest.fixture(autouse=True)
def _the_suite() -> None:
    """The suite is in ../shared (CI has it): without it, skipped here, failed in CI."""
    if not TESTS.is_dir():
        skip_unless_ci(f"the JSON Schema Test Suite is not at {TESTS}")


FILES = [p.name for p in required_files()] if TESTS.is_dir() else []


def test_the_required_files_are_all_there() -> None:
    assert len(FILES) == 46


@pytest.mark.parametrize("name", FILES)
def test_no_silent_wrong_answer(name: str) -> None:
    """Each test passes, or generation reported (by keyword) what the IR does not check."""
    result: FileResult = run_file(TESTS / name)
    assert result.wrong == []
    assert result.total == sum(
        len(group["tests"])
        for group in __import__("json").loads((TESTS / name).read_text())
    )


@pytest.mark.parametrize(
    "name, least",
    [  # keywords the OpenAI documents use: every one of their tests passes
        ("type.json", 80),
        ("enum.json", 51),
        ("required.json", 18),
        ("anyOf.json", 15),
        ("oneOf.json", 20),
        ("boolean_schema.json", 18),
        ("pattern.json", 12),
        ("minimum.json", 11),
        ("maxLength.json", 7),
        ("uniqueItems.json", 43),
    ],
)
def test_supported_keywords_pass(name: str, least: int) -> None:
    result = run_file(TESTS / name)
    assert result.passed >= least


ASSERTED_FORMATS = ["uri.json"]  # codegen format_assertion: every assertable format


def test_format_is_an_annotation_by_default() -> None:
    """format.json: with assertion off (the default) every format is an annotation."""
    result = run_file(TESTS / "format.json")
    assert result.wrong == [] and result.passed == result.total == 133


@pytest.mark.parametrize("name", ASSERTED_FORMATS)
def test_asserted_formats_pass_their_optional_files(name: str) -> None:
    path = TESTS / "optional" / "format" / name
    asserted = run_file(path, format_assertion=True)
    assert asserted.wrong == [] and asserted.passed == asserted.total
    assert len(run_file(path).wrong) > 0  # off: invalid URIs pass (the test can fail)


def build(tmp_path: Path, schema: str) -> list[str]:
    from generator.ir.build import build_api

    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    Thing:\n"
        + textwrap.indent(textwrap.dedent(schema), "      ")
    )
    (tmp_path / "codegen.yaml").write_text("package: thing\n")
    return list(build_api(spec, tmp_path / "codegen.yaml").warnings)


def test_unsupported_keyword_is_a_located_warning(tmp_path: Path) -> None:
    warnings = build(
        tmp_path,
        """\
        type: object
        properties:
          a:
            type: string
            not: {const: x}
        maxProperties: 3
        """,
    )
    shape = re.compile(
        r"^(.+):(\d+):(\d+): warning at (/\S+): keyword '(\w+)' is not supported; .+"
    )
    found = {(m[2], m[3], m[4], m[5]) for w in warnings if (m := shape.match(w))}
    assert found == {
        ("11", "11", "/components/schemas/Thing/properties/a/not", "not"),
        ("12", "7", "/components/schemas/Thing/maxProperties", "maxProperties"),
    }


def test_annotations_are_never_reported(tmp_path: Path) -> None:
    warnings = build(
        tmp_path,
        """\
        type: array
        description: d
        example: [1]
        x-oaiMeta: {a: 1}
        min_items: 1
        items: {type: integer, title: t, deprecated: true}
        """,
    )
    assert warnings == []


def test_no_implied_object_or_closure(tmp_path: Path) -> None:
    from generator.emit.render import Renderer
    from generator.emit.validator import ValidatorEmitter
    from generator.ir.build import build_api

    build(tmp_path, "properties: {a: {type: integer}}\n")
    api = build_api(tmp_path / "openapi.yaml", tmp_path / "codegen.yaml")
    namespace: dict[str, object] = {}
    files = ValidatorEmitter(api, Renderer()).render()
    package = tmp_path / "pkg"
    for path, text in files.items():
        (package / path).parent.mkdir(parents=True, exist_ok=True)
        (package / path).write_text(text)
    (package / "thing" / "__init__.py").write_text("")
    import importlib
    import sys

    sys.path.insert(0, str(package))
    try:
        module = importlib.import_module("thing._validation")
    finally:
        sys.path.remove(str(package))
    assert module.validate("Thing", "a string") == []  # not implied to be an object
    assert module.validate("Thing", {"b": 1}) == []  # not closed
    assert [f.rule for f in module.validate("Thing", {"a": "x"})] == ["type"]
    del namespace


def test_patterns_follow_ecma_262() -> None:
    from generator.ecma_regex import translate

    dollar = translate("^abc$")
    assert dollar is not None
    assert re.search(dollar, "abc") and not re.search(dollar, "abc\n")
    letters = translate(r"^\p{Letter}+$")
    assert letters is not None
    assert re.search(letters, "élève") and not re.search(letters, "a1")
    digit = translate(r"^\d$")
    assert digit is not None and not re.search(digit, "\u0660")  # ASCII only
    assert translate(r"\p{Script=Greek}") is None  # reported, never a crash


def test_untranslatable_pattern_is_reported(tmp_path: Path) -> None:
    warnings = build(tmp_path, "type: string\npattern: '\\p{Script=Greek}'\n")
    assert len(warnings) == 1
    assert (
        "warning at /components/schemas/Thing/pattern: keyword 'pattern'" in warnings[0]
    )
