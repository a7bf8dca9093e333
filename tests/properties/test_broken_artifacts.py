"""The machinery catches a broken artifact.

A fixed corpus (derandomized draws) of valid request bodies and their mutants, with the
verdicts the *unmutated* IR gives (valid: accept; mutant: reject at its path, for its
reason), is run against deliberately broken builds of one emitted artifact at a time:
- a generated schema with one `maximum` dropped (max_output_tokens' 4096);
- a generated schema with one union branch dropped (the `audio/pcma` format);
- the generated rules module with one rule disabled (`tool-choice-undefined`).
Each break must make the checks fail, naming the problem; the intact artifacts pass.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.errors import NoSuchExample
from hypothesis import strategies as st

import realtime_calls_strategies as S
from checks import check_cli, check_differential, roots, schema_rules
from harness import GENERATED_VALIDATION, Harness
from mutants import Mutant, mutants

Case = tuple[str, Any, list[Mutant]]
CORPUS_NAMES = ("calls.accept", "calls.reject")


@pytest.fixture(scope="module")
def corpus(api: Any) -> list[Case]:
    out: list[Case] = []
    names = roots(api)
    for name in CORPUS_NAMES:
        out.extend(_collect(api, name, names[name]))
    return out


def _collect(api: Any, name: str, root: str) -> list[Case]:
    out: list[Case] = []

    @settings(
        max_examples=25,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
    )
    @given(st.data())
    def collect(data: st.DataObject) -> None:
        value = data.draw(S.REQUESTS[name])
        draw = lambda o, p: data.draw(S.PROPERTIES[(o, p)])  # noqa: E731
        out.append((name, value, mutants(api, root, value, draw)))

    collect()
    draw_first = lambda o, p: find(
        S.PROPERTIES[(o, p)], lambda _: True, settings=FIND
    )  # noqa: E731
    for value in branch_examples(api, name, root) if name == "calls.accept" else []:
        out.append((name, value, mutants(api, root, value, draw_first)))
    return out


FIND = settings(
    max_examples=1000,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],
)


def contains(value: Any, key: str, tag: str) -> bool:
    if isinstance(value, dict):
        return value.get(key) == tag or any(
            contains(v, key, tag) for v in value.values()
        )
    if isinstance(value, list):
        return any(contains(v, key, tag) for v in value)
    return False


def branch_examples(api: Any, name: str, root: str) -> list[Any]:
    """One value of request `name` per tagged union branch of the types it reaches (where
    one of the first `FIND.max_examples` draws holds it), so the corpus holds every branch
    a broken schema could lose. One search serves every branch: a search per branch of
    every union in the IR drew a thousand values for each of the 57 realtime event tags
    no request holds (~10 minutes of the suite)."""
    from generator.emit.schemas import closure
    from generator.ir import nodes as ir

    tags = sorted(
        {
            (t.type.discriminator, tag)
            for t in (api.types[n] for n in closure(api, {root}))
            if isinstance(t.type, ir.Union) and t.type.discriminator
            for tag, _ in t.type.tags
        }
    )
    first: dict[tuple[str, str], Any] = {}

    def record(value: Any) -> bool:
        """Note the branches `value` holds; the search ends once all are held."""
        for key, tag in tags:
            if (key, tag) not in first and contains(value, key, tag):
                first[(key, tag)] = value
        return len(first) == len(tags)

    try:
        find(S.REQUESTS[name], record, settings=FIND)
    except NoSuchExample:
        pass  # a branch no draw held is left out
    return [first[tag] for tag in tags if tag in first]


def run_checks(h: Harness, cases: list[Case]) -> None:
    """Raise AssertionError at the first case the validators get wrong."""
    for name, value, found in cases:
        for validator in h.validators:
            if validator.supports(name):
                verdict = validator.check_many(name, [value])[0]
                assert (
                    verdict.valid
                ), f"{validator.name} rejects a valid {name}: {verdict}"
        for mutant in found:
            if not mutant.json or mutant.type_level or mutant.rule:
                check_cli(h, name, mutant)
        expressed = schema_rules(h.schema_dir / f"{name}.json")
        check_differential(h, name, [m for m in found if m.json], expressed)


def broken_schemas(
    tmp: Path, edit: Callable[[dict[str, Any]], bool], file: str
) -> Path:
    target = tmp / "schemas"
    shutil.copytree(GENERATED / "schemas", target)
    schema = json.loads((target / file).read_text(encoding="utf-8"))
    assert edit(schema), f"the edit found nothing to break in {file}"
    (target / file).write_text(json.dumps(schema), encoding="utf-8")
    return target


GENERATED = Path(__file__).resolve().parents[2] / "generated"


def drop_max_output_tokens_maximum(schema: dict[str, Any]) -> bool:
    union = schema["properties"]["max_output_tokens"]
    branches = union.get("anyOf") or union["oneOf"]  # upstream writes oneOf
    for branch in branches:
        if branch.get("maximum") == 4096:
            del branch["maximum"]
            return True
    return False


def drop_pcma_branch(schema: dict[str, Any]) -> bool:
    formats = schema["$defs"]["RealtimeAudioFormats"]["anyOf"]
    kept = [b for b in formats if b.get("$ref") != "#/$defs/AudioPCMA"]
    schema["$defs"]["RealtimeAudioFormats"]["anyOf"] = kept
    return len(kept) < len(formats)


def without_rule(rule_id: str, tmp: Path) -> Any:
    """The generated validator module with the checks of one rule removed."""
    from realtime_calls import _validation

    index = next(i for i, r in enumerate(_validation.RULES) if r.id == rule_id)
    call = re.compile(rf"^(\s*)_r_\w+\(RULES\[{index}\],.*$", re.M)
    package = tmp / "realtime_calls_broken_validation"
    shutil.copytree(GENERATED_VALIDATION.parent, package)
    found = 0
    for checks in sorted(package.glob("_checks_*.py")):  # the types' checks
        source = checks.read_text(encoding="utf-8")
        broken, count = call.subn(r"\1pass  # rule disabled by the test", source)
        checks.write_text(broken, encoding="utf-8")
        found += count
    assert found, f"no call of rule {rule_id} found in the generated modules"
    spec = importlib.util.spec_from_file_location(
        "realtime_calls_broken_validation",
        package / "__init__.py",
        submodule_search_locations=[str(package)],
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_intact_artifacts_pass_the_corpus(corpus: list[Case], harness: Harness) -> None:
    assert sum(len(found) for _, _, found in corpus) > 100
    run_checks(harness, corpus)


@pytest.mark.parametrize(
    "edit,file,expected",
    [
        (drop_max_output_tokens_maximum, "calls.accept.json", "maximum"),
        (drop_pcma_branch, "calls.accept.json", "rejects a valid"),
    ],
    ids=["drop one maximum", "drop one union branch"],
)
def test_a_broken_schema_is_caught(
    corpus: list[Case], tmp_path: Path, edit: Any, file: str, expected: str
) -> None:
    h = Harness.create(broken_schemas(tmp_path, edit, file), tmp_path, pydantic=False)
    try:
        with pytest.raises(AssertionError, match=expected) as caught:
            run_checks(h, corpus)
        assert "jsonschema" in str(caught.value) or "ajv" in str(caught.value)
    finally:
        h.close()


def test_a_disabled_rule_is_caught(corpus: list[Case], tmp_path: Path) -> None:
    module = without_rule("tool-choice-undefined", tmp_path)
    h = Harness.create(
        GENERATED / "schemas", tmp_path, pydantic=False, cli_module=module
    )
    try:
        with pytest.raises(AssertionError, match="tool-choice-undefined"):
            run_checks(h, corpus)
    finally:
        h.close()
