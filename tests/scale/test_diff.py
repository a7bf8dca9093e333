"""`callspec diff`: every change class on hand-made spec pairs, the CLI's formats and exit
codes, and the calls slice of the upstream document against our spec (reviewed golden).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.ir.build import build_api
from generator.diff import diff_apis, load_api, render_markdown, render_text

from .conftest import FIXTURES, GOLDEN, REPO

CASES = yaml.safe_load((FIXTURES / "changes.yaml").read_text(encoding="utf-8"))


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _patched(case: dict[str, Any]) -> dict[str, Any]:
    data = yaml.safe_load((FIXTURES / "base.yaml").read_text(encoding="utf-8"))
    for pointer, value in (case.get("set") or {}).items():
        *parents, last = _tokens(pointer)
        target = data
        for token in parents:
            target = target[int(token)] if isinstance(target, list) else target[token]
        if isinstance(target, list):
            index = int(last)
            if index == len(target):
                target.append(value)
            else:
                target[index] = value
        else:
            target[last] = value
    for pointer in case.get("remove") or []:
        *parents, last = _tokens(pointer)
        target = data
        for token in parents:
            target = target[int(token)] if isinstance(target, list) else target[token]
        if isinstance(target, list):
            del target[int(last)]
        else:
            del target[last]
    return data


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_change_class(case: dict[str, Any], tmp_path: Path) -> None:
    new = _write(tmp_path, "new", _patched(case))
    changes = diff_apis(load_api(str(FIXTURES / "base.yaml")), load_api(str(new)))
    found = [[c.severity, c.subject, c.where.strip(), c.message] for c in changes]
    expected = case["expect"]
    if not isinstance(expected[0], list):
        expected = [expected]
    assert found == expected, "\n".join(render_text(changes))


def test_no_change_is_empty() -> None:
    base = load_api(str(FIXTURES / "base.yaml"))
    assert diff_apis(base, base) == []


def test_cli_formats_and_fail_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c["name"] == "enum-value-removed-request")
    old, new = str(FIXTURES / "base.yaml"), str(_write(tmp_path, "new", _patched(case)))
    assert main(["diff", old, new]) == 0
    assert "1 breaking, 0 compatible, 0 docs-only" in capsys.readouterr().out
    assert main(["diff", old, new, "--fail-on", "breaking"]) == 1
    capsys.readouterr()
    assert main(["diff", old, new, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"breaking": 1, "compatible": 0, "docs-only": 0}
    assert report["changes"][0]["message"] == "enum value 'large' removed"
    assert main(["diff", old, new, "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert (
        "### Breaking changes" in text
        and "`Item` .kind: enum value 'large' removed" in text
    )
    # compatible-only changes pass --fail-on breaking
    added = next(c for c in CASES if c["name"] == "enum-value-added")
    newer = str(_write(tmp_path, "newer", _patched(added)))
    assert main(["diff", old, newer, "--fail-on", "breaking"]) == 0


def test_git_revision_and_generated_openapi_json() -> None:
    """OLD as `git:REV:PATH`, and the committed generated/openapi.json as a spec."""
    has_git = subprocess.run(
        ["git", "rev-parse", "HEAD:generated/openapi.json"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if has_git.returncode != 0:
        pytest.skip("no committed generated/openapi.json")
    committed = load_api("git:HEAD:generated/openapi.json", cwd=REPO)
    assert committed.operations
    assert diff_apis(committed, committed) == []


def test_bundled_spec_matches_its_generated_openapi() -> None:
    """The normalised OpenAPI we emit describes the same API as the spec it came from."""
    changes = diff_apis(
        load_api(str(REPO / "generated" / "openapi.json")),
        load_api(str(REPO / "spec" / "upstream.yaml")),
    )
    assert [c for c in changes if c.severity != "docs-only"] == []


def test_calls_slice_of_upstream_against_our_spec(upstream: Path) -> None:
    """Reviewed golden: what differs between upstream's calls slice and our spec is what
    design/contract.md explains (page-driven ranges and nullability, closed objects,
    SDK/page type names). Regenerate after review: delete the golden, run this test."""
    changes = diff_apis(
        load_api(str(upstream), ("/realtime/calls*",)),
        # our decisions on the same upstream document, whatever the project is pinned to
        build_api(
            REPO / "spec" / "upstream.yaml",
            REPO / "spec" / "codegen.yaml",
            ("/realtime/calls*",),
            upstream=str(upstream),
        ),
    )
    text = "\n".join(
        render_markdown(
            changes,
            "upstream 5162af9 (/realtime/calls*)",
            "spec/ (overlays on 5162af9)",
        )
    )
    golden = GOLDEN / "calls-upstream-vs-spec.md"
    if not golden.exists() or "--update-golden" in sys.argv:  # pragma: no cover
        golden.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == golden.read_text(encoding="utf-8")
