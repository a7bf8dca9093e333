"""The codegen config (`generator/codegen_config.py`): typed, every mistake located, and a
decision the spec has outgrown reported by name as a stale decision."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

from generator.codegen_config import (
    CodegenConfig,
    load_codegen,
    stale_decisions,
    stale_schemas,
)
from generator.ir.build import build_api, operation_ids
from generator.ir.nodes import FileSchema
from generator.ir.walk import default_schema, schema_names
from generator.load.upstream import effective_document

ROOT = Path(__file__).resolve().parents[1]
SPEC = """openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: list-pets
      responses: {"200": {description: ok}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
"""
Run = Callable[..., subprocess.CompletedProcess[str]]


def write(tmp_path: Path, codegen: str) -> Path:
    (tmp_path / "codegen.yaml").write_text(codegen, encoding="utf-8")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


def test_the_projects_config_is_valid_and_has_no_stale_decision() -> None:
    config, problems = load_codegen(ROOT / "spec" / "codegen.yaml")
    assert problems == []
    assert config.package == "realtime_calls" and config.sdk_package == "openai"
    assert config.operation("accept-realtime-call").params_class == "CallAcceptParams"
    # the project's spec: the upstream extract + overlays (generator/load/upstream.py)
    data = effective_document(ROOT / "spec" / "upstream.yaml").document.data
    api = build_api(ROOT / "spec" / "upstream.yaml", ROOT / "spec" / "codegen.yaml")
    rule_ids = {r.id for r in api.rules}
    assert stale_decisions(config, operation_ids(data), set(api.types), rule_ids) == []
    assert stale_schemas(config, set(schema_names(api))) == []
    assert api.warnings == ()
    # the product knowledge the generic stages no longer hold
    assert config.operation("create-realtime-call").response_class == (
        "CallCreateResponse"
    )
    nouns = {
        r.id: r.noun
        for r in api.rules
        if r.kind in ("unique-by", "reference-must-exist")
    }
    assert nouns == {"tool-choice-undefined": "tool", "duplicate-tool-names": "tool"}
    assert default_schema(api) == "calls.accept" == config.default_schema
    assert [f.stem for f in api.file_schemas] == [
        "realtime-session",
        "realtime-refer",
        "realtime-reject",
    ]


def test_defaults_without_a_config() -> None:
    assert load_codegen(None) == (CodegenConfig(), [])


def test_unknown_keys_and_wrong_shapes_are_located(tmp_path: Path) -> None:
    write(
        tmp_path,
        "package: zoo\npackag: typo\noperations:\n  list-pets: {methd: list}\n"
        "schema_base_url: 7\n",
    )
    config, problems = load_codegen(tmp_path / "codegen.yaml")
    rendered = [p.render() for p in problems]
    where = str(tmp_path / "codegen.yaml")
    assert any(r.startswith(f"{where}:2:1:") and "'packag'" in r for r in rendered)
    assert any(":4:" in r and "unknown key 'methd'" in r for r in rendered)
    assert any(":5:" in r and "schema_base_url must be" in r for r in rendered)
    assert config.package == "zoo"


def test_a_stale_decision_warns_by_name_and_fails_when_asked(
    tmp_path: Path, callspec: Run
) -> None:
    spec = write(
        tmp_path,
        "operations:\n  list-pets: {method: list}\n  gone-op: {method: gone}\n"
        "param_names:\n  Vanished: VanishedParam\n",
    )
    out = tmp_path / "out"
    ok = callspec("generate", "--spec", spec, "--out", out)
    assert ok.returncode == 0, ok.stderr
    assert "warning at /operations/gone-op: stale-decision" in ok.stderr
    assert "'gone-op'" in ok.stderr and "'Vanished'" in ok.stderr
    assert "'list-pets'" not in ok.stderr
    strict = callspec(
        "generate", "--spec", spec, "--out", out, "--fail-on", "stale-decision"
    )
    assert strict.returncode == 2
    assert (
        "codegen.yaml:3:3: error at /operations/gone-op: stale-decision"
        in strict.stderr
    )


def test_an_unknown_key_fails_generation_with_its_location(
    tmp_path: Path, callspec: Run
) -> None:
    spec = write(tmp_path, "pakage: zoo\n")
    result = callspec("generate", "--spec", spec, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "codegen.yaml:1:1: error at /pakage: unknown key 'pakage'" in result.stderr


def test_validate_decisions_and_response_class_are_checked(tmp_path: Path) -> None:
    write(
        tmp_path,
        "operations:\n  list-pets: {response_class: not a class}\n"
        "file_schemas:\n"
        "  Bad_Stem: {schema: Pet}\n"
        "  pet: {schema: Pet, name: Pet file, descripton: typo}\n"
        "  nothing: {name: no schema}\n"
        "rule_nouns: {some-rule: 7}\n",
    )
    config, problems = load_codegen(tmp_path / "codegen.yaml")
    rendered = [p.render() for p in problems]
    assert any(
        ":2:" in r and "response_class must be a class name" in r for r in rendered
    )
    assert any(":4:3:" in r and "file-name stem" in r for r in rendered)
    assert any(":5:" in r and "unknown key 'descripton'" in r for r in rendered)
    assert any(":6:" in r and "needs schema" in r for r in rendered)
    assert any(":7:" in r and "rule noun must be" in r for r in rendered)
    assert len(problems) == 5, rendered
    assert config.file_schemas == (FileSchema("pet", "Pet", "Pet file", ""),)


def test_validate_decisions_naming_no_schema_are_stale(tmp_path: Path) -> None:
    write(
        tmp_path,
        "default_schema: pets.gone\nfile_schemas:\n  pet: {schema: Pet}\n"
        "  cat: {schema: Cat}\nrule_nouns: {no-such-rule: tool}\n",
    )
    config, problems = load_codegen(tmp_path / "codegen.yaml")
    assert problems == []
    found = [p.render() for p in stale_schemas(config, {"Pet", "pets.create"})]
    assert len(found) == 2
    assert "codegen.yaml:1:1: error at /default_schema: stale-decision" in found[0]
    assert "'pets.gone'" in found[0]
    assert "/file_schemas/cat/schema" in found[1] and "'Cat'" in found[1]
    rules = stale_decisions(config, set(), set(), {"other-rule"})
    assert [p.pointer for p in rules] == ["/rule_nouns/no-such-rule"]
    # in a build they are warnings (errors under --fail-on stale-decision)
    api = build_api(tmp_path / "openapi.yaml", tmp_path / "codegen.yaml")
    assert sum("stale-decision" in w for w in api.warnings) == 3
    assert default_schema(api) == ""  # no request body to fall back to


def test_sdk_names_are_module_and_class_and_a_stale_one_warns(
    tmp_path: Path, callspec: Run
) -> None:
    spec = write(
        tmp_path,
        "sdk_names:\n  Pet: zoo.pet_event:PetEvent\n  Bad: not a name\n"
        "  Vanished: zoo.gone:Gone\n",
    )
    config, problems = load_codegen(tmp_path / "codegen.yaml")
    assert config.sdk_names[:1] == (("Pet", "zoo.pet_event", "PetEvent"),)
    assert [p.pointer for p in problems] == ["/sdk_names/Bad"]
    (tmp_path / "codegen.yaml").write_text(
        "sdk_names:\n  Vanished: zoo.gone:Gone\n", encoding="utf-8"
    )
    ran = callspec("generate", "--spec", spec, "--out", tmp_path / "out")
    assert ran.returncode == 0, ran.stderr
    assert "warning at /sdk_names/Vanished: stale-decision" in ran.stderr


def test_the_projects_sdk_names_are_where_the_sdk_defines_them() -> None:
    """scripts/sdk_names.py's output is current and each entry imports from the SDK."""
    import importlib

    config, _ = load_codegen(ROOT / "spec" / "codegen.yaml")
    assert len(config.sdk_names) >= 100
    for _, module, name in config.sdk_names:
        assert hasattr(importlib.import_module(f"openai.types.{module}"), name)
    ran = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sdk_names.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    text = (ROOT / "spec" / "codegen.yaml").read_text(encoding="utf-8")
    assert text.endswith(ran.stdout)


def test_value_nouns_name_an_open_enums_values_and_a_stale_one_warns(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        SPEC.replace(
            "{name: {type: string}}",
            "{kind: {anyOf: [{type: string}, {enum: [cat, dog]}]}}",
        ),
        encoding="utf-8",
    )
    (tmp_path / "codegen.yaml").write_text(
        "value_nouns:\n  Pet.kind: pet kind\n  Gone.kind: x\n  nodot: y\n  Pet.name: ''\n",
        encoding="utf-8",
    )
    config, problems = load_codegen(tmp_path / "codegen.yaml")
    rendered = [p.render() for p in problems]
    assert any(":4:3:" in r and "keyed by `Owner.property`" in r for r in rendered)
    assert any(":5:" in r and "non-empty string" in r for r in rendered)
    assert len(problems) == 2, rendered
    assert config.value_nouns == (("Pet.kind", "pet kind"), ("Gone.kind", "x"))
    stale = stale_decisions(config, set(), {"Pet"})
    assert [p.pointer for p in stale] == ["/value_nouns/Gone.kind"]
    # the near-miss warning of Pet.kind names its values with the noun
    (tmp_path / "codegen.yaml").write_text(
        "value_nouns:\n  Pet.kind: pet kind\n", encoding="utf-8"
    )
    from generator.config import GenerateConfig
    from generator.pipeline import generate

    files = generate(
        GenerateConfig(spec=spec, codegen=tmp_path / "codegen.yaml", out=tmp_path)
    )
    validator = "".join(t for p, t in files.items() if "/_validation/_checks_" in p)
    assert '"a known pet kind"' in validator
