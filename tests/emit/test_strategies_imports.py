"""The strategies module's imports come from a scan of the module without its TYPES
block plus the calls its trees noted as they were built (`StrategiesEmitter.calls`): the
same import block as a scan of the whole module (`code_names`, the reference) and as
parsing it (`used_names`) give, for the calls spec, the whole upstream document and a tiny
API, and for an API whose public types are all left out (no TYPES block at all)."""

from __future__ import annotations

import dataclasses

import pytest

from generator.config import GenerateConfig
from generator.emit.imports import code_names, exported_names, import_block
from generator.emit.render import Renderer
from generator.emit.strategies import _IMPORTS, StrategiesEmitter, runtime_files
from generator.ir import nodes as ir
from generator.pipeline import load_api

from ..conftest import SHARED

UPSTREAM = SHARED / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"
MARK = "\x00imports\x00"


def module_and_reference(api: ir.Api, parse: bool) -> tuple[str, str]:
    """The emitted module, and the same module with its import block found from the
    whole text (scanned, or parsed when `parse`)."""
    emitter = StrategiesEmitter(api, Renderer())
    text = emitter.render()[emitter.path]
    start = text.index("from __future__ import annotations")
    end = text.index("\n\n__all__ = [")
    draft = text[:start] + MARK + text[end:]
    reads = None if parse else code_names(draft)
    if reads is not None:
        reads |= exported_names(draft)
    imports = import_block(draft, _IMPORTS, runtime_files(), reads=reads)
    return text, draft.replace(MARK, imports, 1)


@pytest.mark.parametrize("spec", [None, UPSTREAM], ids=["calls", "upstream"])
def test_the_imports_are_those_a_scan_of_the_whole_module_finds(spec: object) -> None:
    api = load_api(GenerateConfig(spec=spec, out="unused"))  # type: ignore[arg-type]
    text, reference = module_and_reference(api, parse=spec is None)
    assert "TYPES[" in text and "_ref(" in text
    assert text == reference


def test_a_tiny_apis_imports_are_those_parsing_finds(api: ir.Api) -> None:
    text, reference = module_and_reference(api, parse=True)
    assert text == reference


def test_no_public_types_no_types_block_imports(api: ir.Api) -> None:
    internal = {
        name: dataclasses.replace(named, internal=True)
        for name, named in api.types.items()
    }
    bare = dataclasses.replace(api, types=internal)
    text, reference = module_and_reference(bare, parse=True)
    assert "_hook" not in text and "_ref" not in text
    assert text == reference
