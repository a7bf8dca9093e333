"""Valid strategies (generated from the IR): every validator accepts every drawn value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import realtime_calls_strategies as S
from harness import Disagreement, Harness
from profiles import prop_settings

REQUESTS = sorted(S.REQUESTS)
TYPES = sorted(S.TYPES)


def assert_all_accept(harness: Harness, name: str, batch: list[Any]) -> None:
    for instance, verdicts in zip(batch, harness.judge(name, batch)):
        if not all(v.valid for v in verdicts.values()):
            raise AssertionError(str(Disagreement(name, instance, verdicts, True)))


@pytest.mark.parametrize("name", REQUESTS)
def test_valid_request_bodies_are_accepted_by_every_validator(
    harness: Harness, name: str
) -> None:
    @prop_settings(60)
    @given(st.lists(S.REQUESTS[name], min_size=1, max_size=4))
    def run(batch: list[Any]) -> None:
        assert_all_accept(harness, name, batch)

    run()


@pytest.mark.parametrize("name", TYPES)
def test_valid_public_types_are_accepted_by_every_validator(
    harness: Harness, name: str
) -> None:
    @prop_settings(10)
    @given(st.lists(S.TYPES[name], min_size=1, max_size=4))
    def run(batch: list[Any]) -> None:
        assert_all_accept(harness, name, batch)

    run()


def test_every_public_type_and_request_has_a_strategy(api: Any) -> None:
    from generator.emit.schemas import request_schemas

    assert set(S.TYPES) == {t.name for t in api.public_types()}
    assert set(S.REQUESTS) == {name for name, _, _ in request_schemas(api)}
    for name in S.REQUESTS:
        json.dumps(S.SCHEMA_IDS[name])


def test_generated_strategies_module_is_black_formatted_and_keeps_every_rule(
    api: Any,
) -> None:
    import black

    from generator.config import GenerateConfig
    from generator.pipeline import generate

    text = generate(GenerateConfig(artifacts=frozenset({"strategies"})))
    assert len(text) == 2  # the generated __init__.py and the verbatim runtime
    mode = black.Mode(target_versions={black.mode.TargetVersion.PY311})
    for source in text.values():
        assert black.format_str(source, mode=mode) == source
    assert S.RULES_NOT_KEPT == []
    errors = {r.id for r in api.rules if r.severity == "error"}
    assert errors <= set(S.RULES_KEPT)


def test_the_harness_has_every_validator(harness: Harness) -> None:
    """ajv, pydantic and the CLI's validator are all plugged in (required in CI)."""
    from tests.conftest import skip_unless_ci

    names = {v.name for v in harness.validators}
    pydantic = harness.get("pydantic")
    if pydantic is not None and pydantic.unsupported:
        pytest.fail(f"datamodel-code-generator could not build: {pydantic.unsupported}")
    if names != {"jsonschema", "ajv", "pydantic", "cli"}:
        skip_unless_ci(f"validators missing: {harness.missing}")
