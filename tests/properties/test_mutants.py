"""Invalid values by mutation, and the differential agreement of every validator on them.

For each request body: draw a valid value, derive every mutant (mutants.py), then
- the CLI's validator reports each mutant *at its path, for its reason* (a JSON Schema
  keyword or the broken rule's id), with the rule's severity;
- on every mutant JSON can carry, python-jsonschema, ajv and the pydantic models reject
  exactly when JSON Schema expresses the broken constraint: always for type-level mutants,
  for rule mutants when the rule is emitted into the schema (a `$comment: rule <id>` part),
  never otherwise; the CLI's verdict is the rule's severity;
- NaN and infinities go through the CLI's own YAML reader (`.nan`, `.inf`).
Any disagreement fails with the (shrunk) valid value, the mutant and every verdict.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import realtime_calls_strategies as S
from checks import check_cli, check_differential, roots, schema_rules
from harness import Harness
from mutants import mutants
from profiles import prop_settings

REQUESTS = sorted(S.REQUESTS)


@pytest.mark.parametrize("name", REQUESTS)
def test_mutants_are_rejected_at_their_path_for_their_reason(
    harness: Harness, api: Any, name: str
) -> None:
    if harness.cli is None:
        pytest.skip(harness.missing["cli"])
    root = roots(api)[name]
    expressed = schema_rules(harness.schema_dir / f"{name}.json")

    @prop_settings(60)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        value = data.draw(S.REQUESTS[name], label="valid value")
        found = mutants(
            api, root, value, lambda owner, prop: data.draw(S.PROPERTIES[(owner, prop)])
        )
        for mutant in found:
            check_cli(harness, name, mutant)
        check_differential(harness, name, [m for m in found if m.json], expressed)

    run()


def test_every_rule_has_a_mutant(api: Any) -> None:
    """Each rule of the spec is broken by some mutant of some drawn request body."""
    names = roots(api)
    seen: set[str] = set()

    @prop_settings(60)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        draw_valid = lambda o, p: data.draw(S.PROPERTIES[(o, p)])  # noqa: E731
        name = data.draw(st.sampled_from(sorted(names)))
        drawn = [(names[name], data.draw(S.REQUESTS[name]))]
        # a rule's own type is drawn directly too: nested deep in a request body it may
        # not come up in a small run (e.g. the transcription rules)
        for owner in sorted({o for rule in api.rules for o in rule.applies_to}):
            drawn.append((owner, data.draw(S.TYPES[owner])))
        for root, value in drawn:
            for m in mutants(api, root, value, draw_valid):
                if m.rule:
                    seen.add(m.rule)

    run()
    missing = {r.id for r in api.rules} - seen
    assert not missing, f"no mutant broke these rules: {sorted(missing)}"


def test_non_finite_mutants_through_the_real_cli(api: Any, tmp_path: Any) -> None:
    """`.nan` / `.inf` in YAML files: `callspec validate` (one process, many files) reports
    each at its path as `not-finite`, with exit 1."""
    import json
    import subprocess
    import sys

    import yaml
    from hypothesis import Phase, settings

    from checks import roots as all_roots

    names = all_roots(api)
    picked: list[tuple[str, Any]] = []

    @settings(
        max_examples=10,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
    )
    @given(st.data())
    def collect(data: st.DataObject) -> None:
        value = data.draw(S.REQUESTS["calls.accept"])
        draw = lambda o, p: data.draw(S.PROPERTIES[(o, p)])  # noqa: E731
        bad = [
            m for m in mutants(api, names["calls.accept"], value, draw) if not m.json
        ]
        if bad:
            picked.append(("calls.accept", bad[len(picked) % len(bad)]))

    collect()
    assert picked, "no non-finite mutant drawn"
    files = []
    for i, (name, mutant) in enumerate(picked):
        path = tmp_path / f"config{i}.yaml"
        data = {k: v for k, v in mutant.data.items() if k != "$schema"}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        files.append((path, mutant))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "validate",
            "--schema",
            "calls.accept",
            "--format",
            "json",
            *[str(p) for p, _ in files],
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    report = {f["file"]: f for f in json.loads(run.stdout)["files"]}
    for path, mutant in files:
        found = report[str(path)]["findings"]
        assert any(
            f["rule"] == "not-finite" and tuple(f["path"]) == mutant.path for f in found
        ), (mutant.describe(), found)
