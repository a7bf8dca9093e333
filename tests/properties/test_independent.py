"""Independent generation: hypothesis-jsonschema (drafts 04-07 only) draws configs from the
draft-07 copy of each request bundle (`SchemasEmitter.draft07_bundle`); the CLI's validator
accepts them, except where a rule beyond JSON Schema rejects one (then every error is a rule
of the spec), and python-jsonschema on the 2020-12 bundle agrees they are schema-valid.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import given

import hjs_compat
from harness import Harness
from profiles import prop_settings

hjs = pytest.importorskip("hypothesis_jsonschema")
hjs_compat.patch()


def request_names(api: Any) -> list[str]:
    from generator.emit.schemas import request_schemas

    return [name for name, _, _ in request_schemas(api)]


@pytest.fixture(scope="module")
def emitter(api: Any) -> Any:
    from generator.emit.schemas import SchemasEmitter

    return SchemasEmitter(api)


def test_draft07_bundles_are_valid_draft07(api: Any, emitter: Any) -> None:
    for name in request_names(api):
        bundle = emitter.draft07_bundle(name)
        jsonschema.Draft7Validator.check_schema(bundle)
        assert "$defs" not in str(bundle)


@pytest.mark.parametrize(
    "name",
    [
        "calls.accept",
        "calls.create",
        "calls.create.session",
        "calls.refer",
        "calls.reject",
    ],
)
def test_hypothesis_jsonschema_configs_pass_the_cli_validator(
    api: Any, emitter: Any, harness: Harness, name: str
) -> None:
    if name not in request_names(api):
        pytest.skip(f"{name} is not in this spec")
    cli = harness.cli
    if cli is None:
        pytest.skip(harness.missing["cli"])
    rule_ids = {r.id for r in api.rules}
    reference = harness.get("jsonschema")

    @prop_settings(30)
    @given(hjs.from_schema(emitter.draft07_bundle(name)))
    def run(config: Any) -> None:
        verdict = reference.check_many(name, [config])[0]
        assert (
            verdict.valid
        ), f"python-jsonschema rejects a draft-07-valid config: {verdict}"
        errors = [f for f in cli.findings(name, config) if f.severity == "error"]
        beyond = [f for f in errors if f.rule not in rule_ids]
        assert not beyond, (
            "\n".join(f"{f.json_path} [{f.rule}] {f.message}" for f in beyond)
            + f"\n{config!r}"
        )

    run()
