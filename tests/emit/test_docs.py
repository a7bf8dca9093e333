"""The docs emitter (`generator/emit/docs.py`) on a tiny API: one page per resource, the
method's signature, labels of every node kind, and the return type in both flavours."""

from __future__ import annotations

from generator.emit.docs import DocsEmitter
from generator.emit.render import Renderer
from generator.ir import nodes as ir

LONG = "pet_identifier_that_is_rather_long_for_a_path_parameter"


def page(api: ir.Api, sdk_package: str | None = None) -> str:
    files = DocsEmitter(api, Renderer(), sdk_package).render()
    assert list(files) == ["pets.md"]  # no realtime resource: no connection page
    return files["pets.md"]


def test_the_page_lists_the_method_and_its_parameters(api: ir.Api) -> None:
    text = page(api)
    assert "Creates a pet under a long path parameter." in text
    assert f"`{LONG}: str`" in text
    assert "`verbose: Optional[bool]`" in text
    assert "`name: str`" in text and "`size: Optional[int]`" in text
    assert "`tags: Optional[Dict[str, str]]`" in text
    assert "`nickname: Optional[str]`" in text
    assert 'Literal["red", "green"]' in text
    assert "from tiny import" in text


def test_the_return_type_is_the_response_class_unless_sdk_flavoured(
    api: ir.Api,
) -> None:
    assert "PetCard" in page(api)
    sdk = page(api, "openai")
    assert "PetCard" not in sdk and "BinaryResponseContent" in sdk
    assert "from openai import" in sdk
