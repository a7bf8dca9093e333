"""The checks every property test shares: a mutant is reported by the CLI's validator at its
path for its reason, and the validators agree with the expected verdicts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from harness import COUNTS, Disagreement, Harness
from mutants import Mutant


def schema_rules(schema_file: Path) -> set[str]:
    """Ids of the rules a schema file expresses (the emitter marks them in `$comment`)."""
    text = schema_file.read_text(encoding="utf-8")
    return set(re.findall(r'"\$comment": "rule ([A-Za-z0-9_.-]+)', text))


def roots(api: Any) -> dict[str, str]:
    from generator.emit.schemas import request_schemas

    return {name: root for name, root, _ in request_schemas(api)}


def read_yaml(text: str) -> Any:
    """The CLI's YAML reader (line numbers, duplicate keys, `.nan`/`.inf` as floats)."""
    try:
        from generator.validate.loader import parse_yaml
    except (
        ImportError
    ):  # the CLI's reader not there: PyYAML's safe loader reads the same
        return yaml.safe_load(text)
    return parse_yaml(text)[0].value


def check_cli(harness: Harness, name: str, mutant: Mutant) -> None:
    cli = harness.cli
    assert cli is not None
    data = mutant.data
    if not mutant.json:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        assert ".nan" in text or ".inf" in text, text
        data = read_yaml(text)
    findings = cli.findings(name, data)
    COUNTS["mutants checked at path and reason"] = (
        COUNTS.get("mutants checked at path and reason", 0) + 1
    )
    if not any(mutant.matches(f) for f in findings):
        shown = "\n".join(
            f"  {f.severity} {f.json_path} [{f.rule}] {f.message}" for f in findings[:8]
        )
        raise AssertionError(
            f"{name}: the CLI validator does not report {mutant.describe()}"
            f" (severity {mutant.severity});\nits findings:\n{shown or '  none'}\n"
            + json.dumps(mutant.data, indent=2, default=repr)[:3000]
        )


def expected_schema_verdict(mutant: Mutant, expressed: set[str]) -> bool:
    """What a JSON Schema validator must say: valid unless the broken thing is in the schema."""
    if mutant.type_level:
        return False
    return mutant.rule not in expressed


def check_differential(
    harness: Harness, name: str, batch: list[Mutant], expressed: set[str]
) -> None:
    rule_batch = [m for m in batch if not m.type_level]
    skip_pyd = {"pydantic"}  # the models judge types only (harness.without_rule_parts)
    type_batch = [m for m in batch if m.type_level]
    for group, skip in ((type_batch, set()), (rule_batch, skip_pyd)):
        if not group:
            continue
        verdicts = harness.judge(name, [m.data for m in group], skip=skip)
        for mutant, per in zip(group, verdicts):
            want_schema = expected_schema_verdict(mutant, expressed)
            want_cli = mutant.severity != "error"
            wrong = {
                v: verdict
                for v, verdict in per.items()
                if verdict.valid != (want_cli if v == "cli" else want_schema)
            }
            if wrong:
                raise AssertionError(
                    f"{mutant.describe()}: {sorted(wrong)} disagree\n"
                    + str(Disagreement(name, mutant.data, per, want_schema))
                )
