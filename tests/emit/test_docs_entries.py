"""A page's parameter entries are written in Python (`docs.entry_markdown`), not by the
recursive template macro they were once written by: the text is the macro's, held here as
the reference, for every operation of the whole upstream document and for entries with
blank description lines and deep nesting."""

from __future__ import annotations

import pytest

from generator.config import GenerateConfig
from generator.emit.docs import DocsEmitter, Entry, OperationDoc
from generator.emit.render import Renderer
from generator.ir import nodes as ir
from generator.pipeline import load_api

from ..conftest import SHARED

UPSTREAM = SHARED / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"

# the template's macro as it was, under the same Jinja settings (Renderer's environment)
MACRO = """{% macro entry(e, depth) %}
{{ "  " * depth }}- `{{ e.label }}`
{% if e.description %}

{% for line in e.description %}
{{ ("  " * (depth + 1) + line) if line else "" }}
{% endfor %}
{% endif %}
{% for child in e.children %}

{{ entry(child, depth + 1) }}
{%- endfor %}
{% endmacro %}
{% for e in parameters %}

{{ entry(e, 0) }}
{%- endfor %}
"""


def by_macro(parameters: list[Entry]) -> str:
    template = Renderer().env.from_string(MACRO)
    return template.render(parameters=parameters)


def doc(parameters: list[Entry]) -> OperationDoc:
    return OperationDoc(None, "", "", [], parameters, None, [])  # type: ignore[arg-type]


def test_every_upstream_operations_entries_are_the_macros() -> None:
    api = load_api(GenerateConfig(spec=UPSTREAM, out="unused"))
    emitter = DocsEmitter(api, Renderer())
    docs = [emitter.operation(op) for op in api.operations]
    assert len(docs) > 200
    for one in docs:
        assert one.parameters_markdown == by_macro(one.parameters), one.signature
    assert sum(d.parameters_markdown.count("\n      - `") for d in docs) > 100  # deep


@pytest.mark.parametrize(
    "parameters",
    [
        [],
        [Entry("a: str")],
        [Entry("a: str", ["one", "", "  indented", ""], [Entry('"x"'), Entry('"y"')])],
        [
            Entry("a", [], [Entry("b", ["d"], [Entry("c", [""], [Entry("e")])])]),
            Entry("f"),
        ],
    ],
    ids=["none", "bare", "blank-lines", "deep"],
)
def test_entries_are_the_macros(parameters: list[Entry]) -> None:
    assert doc(parameters).parameters_markdown == by_macro(parameters)


def test_a_page_of_the_tiny_api_lists_each_entry_once(api: ir.Api) -> None:
    page = DocsEmitter(api, Renderer()).render()["pets.md"]
    assert page.count("- `name: str`") == 1
    assert "### Parameters\n\n- `" in page
