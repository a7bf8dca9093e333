"""The codegen config (`generator/codegen_config.py`): typed, every mistake located, and a
decision the spec has outgrown reported by name as a stale decision."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Callable

from generator.codegen_config import CodegenConfig, load_codegen, stale_decisions
from generator.ir.build import build_api, operation_ids
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
    assert stale_decisions(config, operation_ids(data), set(api.types)) == []


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
