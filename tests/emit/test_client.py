"""The client emitter (`generator/emit/client.py`) on a tiny API: types, a resource
module and its layout, each checked for what it says and that black keeps it."""

from __future__ import annotations

import ast
from dataclasses import replace

import black

from generator.emit.client import ClientEmitter, runtime_files
from generator.emit.render import Renderer
from generator.ir import nodes as ir

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})
LONG = "pet_identifier_that_is_rather_long_for_a_path_parameter"


def render(api: ir.Api) -> dict[str, str]:
    return ClientEmitter(api, Renderer()).render()


def test_every_module_is_python_black_keeps(api: ir.Api) -> None:
    files = render(api)
    verbatim = {f"tiny/{source.name}" for source in runtime_files()}
    written = [p for p in files if p.endswith(".py") and p not in verbatim]
    assert {
        "tiny/types/__init__.py",
        "tiny/resources/pets.py",
        "tiny/_client.py",
    } <= set(written)
    for path in written:
        ast.parse(files[path], path)
        assert black.format_str(files[path], mode=MODE) == files[path], path


def test_typed_dicts_follow_the_schema(api: ir.Api) -> None:
    types = render(api)["tiny/types/__init__.py"]
    assert "class Pet(TypedDict, total=False):" in types
    assert "    name: Required[str]\n" in types
    assert "    nickname: Optional[str]\n" in types
    assert "    tags: Dict[str, str]\n" in types
    assert 'colour: Literal["red", "green"]' in types


def test_the_method_signature_guard_path_and_response_class(api: ir.Api) -> None:
    module = render(api)["tiny/resources/pets.py"]
    assert f"        {LONG}: str,\n" in module
    assert "        verbose: bool | Omit = omit,\n" in module
    assert f"        if not {LONG}:\n            raise ValueError(\n" in module
    # the path_template call does not fit one line: black's exploded form
    assert (
        "            path_template(\n"
        f'                "/pets/{{{LONG}}}",\n'
        f"                {LONG}={LONG},\n"
        "            ),\n"
    ) in module
    # a binary success is the runtime class the codegen config names, imported once
    assert ") -> PetCard:" in module and "cast_to=PetCard," in module
    assert module.count("    PetCard,\n") == 1
    assert 'self._client._validate_request("pets.create", body)' in module


def test_without_a_response_class_a_binary_success_is_generic(api: ir.Api) -> None:
    (op,) = api.operations
    plain = replace(api, operations=(replace(op, response_class=None),))
    module = render(plain)["tiny/resources/pets.py"]
    assert ") -> BinaryResponseContent:" in module and "PetCard" not in module


def test_the_client_default_schema_is_the_configured_one(api: ir.Api) -> None:
    init = render(api)["tiny/__init__.py"]
    assert 'DEFAULT_SCHEMA = "Pet"\n' in init
