"""The fast YAML path (yaml-rs, YAML 1.2) gives exactly the data of the positioned loader
(PyYAML, YAML 1.1 without timestamps), or declines: on both upstream documents and the
spec it is taken and equal, value for value, type for type, key order included; on every
YAML-1.1-only form it declines or agrees."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import fast_yaml
from generator.load.document import load_document, spec_loader

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = sorted((ROOT.parent / "shared" / "upstream").glob("*/openapi.yaml"))
SPEC = sorted((ROOT / "spec").glob("*.yaml"))


def same(a: Any, b: Any) -> bool:
    """Equal with the same types at every node (True is not 1) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(k, j) and same(v, w) for (k, v), (j, w) in zip(a.items(), b.items())
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b or (a != a and b != b))  # NaN is NaN


def pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=spec_loader())  # noqa: S506 - a safe loader


def declines_or_agrees(text: str) -> None:
    fast = fast_yaml.load(text)
    if fast is None:
        return
    try:
        slow = pyyaml(text)
    except yaml.YAMLError:
        pytest.fail(f"fast path took a document PyYAML refuses: {text!r}")
    assert same(fast, slow), text


@pytest.mark.parametrize(
    "path", UPSTREAM + SPEC, ids=lambda p: p.parent.name + "/" + p.name
)
def test_taken_and_equal_on_the_real_documents(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    fast = fast_yaml.load(text)
    assert fast is not None, "the fast path declined a real document"
    assert same(fast, pyyaml(text))


def test_both_upstream_documents_are_there() -> None:
    assert len(UPSTREAM) >= 2


# Each reads differently in YAML 1.1 (PyYAML) and 1.2 (yaml-rs), or PyYAML refuses it.
DIFFERENT = [
    "a: yes",
    "a: No",
    "a: on",
    "a: OFF",
    "yes: 1",
    "a: [on, off]",
    "a: {on: 1}",
    "a: 0123",
    "a: 08",
    "a: 0o17",
    "a: 1e3",
    "a: 1.5e3",
    "a: 1e+3",
    "a: +.5",
    "a: 1:30",
    "a: 190:20:30.15",
    "a: =",
    "a: {<<: {b: 1}}",
    "base: &b {x: 1}\nc:\n  <<: *b\n",
    "a: !foo 1",
    "a: !!binary aGk=",
    "%YAML 1.1\n---\na: 1",
    "a: 1\na: 2",
    "a: 1\n---\nb: 2",
    "? [a]\n: 1",
    "- 1",
    "a: x\u2028y",
    "a: x\x85y",
    "a: \x07",
    "a: [a:]",
    "a: [:a]",
    "a: [:]",
    "a: {0:}",
    "\ta: 1",
    "k:\n-\t1\n",
    "k: &x !a\n",
    "k: &x\n- &x\n",
    "k: [&x |]",
    "k: {a\n: }\n",
    "a:\t1",
    "k: [?a]",
    "k: [?]",
    "k: [a, ?b]",
    "k: {?a: 1}",
    "k: {a: ?b}",
    "k: {a: :b}",
    "k: [\n  :a]\n",
    "k: [a,\n  :b]\n",
    "k: [ # c\n  :a]\n",
    "k: [?a\n  b]\n",
    "k: {a:? }",
    "k: [a:?]",
    "k: [\n  |]\n",  # a block indicator after a line break in a flow collection
    "k: [a,\n  >]\n",
    "k: [ # c\n  |]\n",
]


@pytest.mark.parametrize("text", DIFFERENT)
def test_yaml_11_only_forms_are_declined(text: str) -> None:
    assert fast_yaml.load(text) is None


# Read alike in both: taken.
ALIKE = [
    "a: 2024-01-01",
    "a: 2024-01-01T10:00:00Z",
    "a: true",
    "a: null",
    "a: ~",
    "a:",
    "a: 0x1F",
    "a: 1_000",
    "a: .inf",
    "a: -.inf",
    "a: 1.5",
    "a: 0",
    "a: 000",
    "type: 'null'",
    "'200': ok",
    'a: "yes"',
    "a: &x [1]\nb: *x",
    'a: "if err != nil"',
]


@pytest.mark.parametrize("text", ALIKE)
def test_forms_read_alike_are_taken(text: str) -> None:
    fast = fast_yaml.load(text)
    assert fast is not None
    assert same(fast, pyyaml(text))


_SIGNS = ["", "+", "-"]
_BODIES = [
    "0",
    "00",
    "07",
    "08",
    "1",
    "12",
    "1_0",
    "0x1f",
    "0X1F",
    "0b11",
    "0o7",
    "1.",
    ".5",
    "1.5",
    "1_0.5",
    "1e3",
    "1E3",
    "1e+3",
    "1e-3",
    "1.5e3",
    "1.5e+3",
    "1.5E-3",
    ".5e+1",
    "1:2",
    "1:20:30",
    "1:2.5",
    ".inf",
    ".Inf",
    ".nan",
    "inf",
    "nan",
    "0x_1",
    "1__0",
]


@pytest.mark.parametrize(
    "template", ["a: {}", "- {}", "{}: x", "a: [{}, {}]", "a: {{k: {}}}", "a: {} # c"]
)
def test_every_number_form_declines_or_agrees(template: str) -> None:
    for sign, body in itertools.product(_SIGNS, _BODIES):
        token = sign + body
        text = template.replace("{}", token).replace("{{", "{").replace("}}", "}")
        declines_or_agrees(text if not text.startswith("- ") else "a:\n  " + text)


_WORDS = st.sampled_from(
    ["yes", "no", "on", "off", "y", "n", "true", "Null", "~", "=", "<<", "0", "1", ".5"]
)
_CHARS = st.text(alphabet="0123456789+-._:eExXoObB", min_size=1, max_size=8)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(_WORDS, _CHARS), min_size=1, max_size=4),
    st.sampled_from(["block", "flow", "key", "quoted"]),
)
def test_random_scalars_decline_or_agree(tokens: list[str], shape: str) -> None:
    if shape == "block":
        text = "".join(f"k{i}: {t}\n" for i, t in enumerate(tokens))
    elif shape == "flow":
        text = "a: [" + ", ".join(tokens) + "]\n"
    elif shape == "key":
        text = "".join(f"{t}: {i}\n" for i, t in enumerate(tokens))
    else:
        text = "".join(f"k{i}: '{t}'\n" for i, t in enumerate(tokens))
    try:
        pyyaml(text)
    except (yaml.YAMLError, ValueError):  # ValueError: `0b_` resolved as int, unbuilt
        assert fast_yaml.load(text) is None
        return
    declines_or_agrees(text)


def test_a_declined_document_still_loads_with_its_errors_located(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx: yes\n")
    assert load_document(spec).data["x"] is True  # PyYAML's reading, not yaml-rs's
    spec.write_text("openapi: 3.1.0\ninfo: [\n")
    with pytest.raises(Exception) as caught:
        load_document(spec)
    assert ":3:" in str(caught.value) or "line" in str(caught.value).lower()


_PIECES = st.sampled_from(
    [
        "a",
        "0",
        "1.5",
        ":",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        " ",
        "\t",
        "\n",
        "\n  ",
        "- ",
        "? ",
        "?",
        "#",
        "'",
        '"',
        "-",
        "yes",
        "&x ",
        "*x",
        "!",
        "|",
        ">",
        "...",
    ]
)


@settings(max_examples=6000, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_random_syntax_declines_or_agrees(pieces: list[str]) -> None:
    text = "k: " + "".join(pieces) + "\n"
    try:
        pyyaml(text)
    except (yaml.YAMLError, TypeError, ValueError):
        assert fast_yaml.load(text) is None, text
        return
    declines_or_agrees(text)


def test_a_document_with_a_bom_is_taken_from_its_bytes(tmp_path: Path) -> None:
    """load_document hands the fast path the file's bytes without the BOM (yaml-rs
    would read one as part of the first key), and gets PyYAML's data."""
    text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx: [1, 'é’', 2.5]\n"
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    document = load_document(spec)
    assert same(document.data, pyyaml(text))
    assert "openapi" in document.data
    fast = fast_yaml.load_sized(text, text.encode("utf-8"))
    assert fast is not None and same(fast[0], pyyaml(text))
