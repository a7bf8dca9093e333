"""`callspec update`: stale decisions, classified diff, all-or-nothing writes (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.load.extract import provenance, sha256_of
from generator.writer import IGNORED_PARTS
from tests.conftest import skip_unless_ci
from tests.upstream.conftest import copy_project

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT.parent / "shared" / "upstream"
JULY = UPSTREAM / "openai-openapi-535f5dc" / "openapi.yaml"
MAY = UPSTREAM / "openai-openapi-5162af9" / "openapi.yaml"
MAY_COMMIT = "5162af98d3147432c14680df789e8e12d4891e6b"
JULY_ARGS = [
    "--upstream",
    str(JULY),
    "--commit",
    "535f5dc976320130d7fbf8ecc4eda17177bf59e5",
    "--date",
    "2026-07-15",
]


@pytest.fixture(autouse=True)
def _the_document() -> None:
    """In ../shared (CI has it): without it, skipped here, failed in CI."""
    if not JULY.is_file():
        skip_unless_ci(f"the upstream document is not at {JULY}")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not IGNORED_PARTS & set(p.parts)
    }


def without_source(extract: bytes) -> bytes:
    return b"\n".join(
        line for line in extract.split(b"\n") if not line.startswith(b"# source: ")
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this project at 5162af9 (spec/, generated/, [tool.callspec])."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    extract = root / "spec" / "openapi.upstream.yaml"
    if not provenance(extract.read_text(encoding="utf-8"))["commit"].startswith(
        "5162af9"
    ):
        # the repository is pinned later: move the copy back to the page's upstream first
        may = ["--upstream", str(MAY), "--commit", MAY_COMMIT, "--date", "2026-05-13"]
        assert main(["update", *may]) == 0
    assert provenance(extract.read_text(encoding="utf-8"))["commit"] == MAY_COMMIT
    return root


def unresolve(project: Path) -> None:
    """The overlay as it was at 5162af9, before the July decisions were resolved in it:
    without the actions citing 535f5dc and with `gpt-realtime-2` as the only listed
    reasoning model."""
    path = project / "spec" / "decisions.overlay.yaml"
    overlay = yaml.safe_load(path.read_text(encoding="utf-8"))
    overlay["actions"] = [
        a for a in overlay["actions"] if "535f5dc" not in a.get("description", "")
    ]
    for action in overlay["actions"]:
        models = (action.get("update") or {}).get("x-callspec-reasoning-models")
        if isinstance(models, list):
            models[:] = ["gpt-realtime-2"]
    path.write_text(yaml.safe_dump(overlay, sort_keys=False), encoding="utf-8")


def test_dry_run_reports_stale_decisions_and_changes_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unresolve(project)
    before = snapshot(project)
    assert main(["update", *JULY_ARGS, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert snapshot(project) == before
    # the three decisions the July document puts in question (issue 13)
    assert (
        "rule mcp-server-url-or-connector-id: rule-stale" in out
        and 'upstream now says: "One of `server_url`, `connector_id`, or `tunnel_id` '
        'must be provided."' in out
    )
    assert (
        "rule parallel-tool-calls-reasoning-model: rule-stale" in out
        and "misses gpt-realtime-2.1, gpt-realtime-2.1-mini" in out
    )
    assert "$['components']['schemas']['FileInputDetail'] enum: +'auto'" in out
    assert "spec/decisions.overlay.yaml:" in out  # located in the overlay
    # the classified diff, old -> new
    assert "compatible  Mcp .tunnel_id: property added (optional)" in out
    assert "compatible  Mcp .allowed_callers: property added (optional)" in out
    assert "compatible  ResponseInputFile .detail: enum value 'auto' added" in out
    assert "dry run, nothing written" in out


def test_resolved_decisions_are_no_longer_stale(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the overlay as committed, the July rules follow upstream's text: not stale."""
    assert main(["update", *JULY_ARGS, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "rule-stale" not in out
    assert "$['components']['schemas']['FileInputDetail'] enum: +'auto'" in out


def test_json_report(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unresolve(project)
    assert main(["update", *JULY_ARGS, "--dry-run", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    kinds = {s["kind"] for s in report["stale_decisions"]}
    assert {"rule-stale", "upstream-changed"} <= kinds
    assert report["new"]["commit"].startswith("535f5dc")
    assert report["new"]["sha256"] == sha256_of(JULY)
    assert report["diff"]["counts"]["breaking"] == 0
    assert any(
        c["subject"] == "Mcp .tunnel_id" or "tunnel_id" in json.dumps(c)
        for c in report["diff"]["changes"]
    )


def test_fail_on_stale_decision_exits_1_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    assert main(["update", *JULY_ARGS, "--fail-on", "stale-decision"]) == 1
    assert "nothing written" in capsys.readouterr().out
    assert snapshot(project) == before


def test_update_writes_the_extract_and_regenerates(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    at_may = snapshot(project)
    hand_written = {
        name: (project / "spec" / name).read_bytes()
        for name in ("upstream.yaml", "decisions.overlay.yaml", "codegen.yaml")
    }
    assert main(["update", *JULY_ARGS]) == 0
    text = (project / "spec" / "openapi.upstream.yaml").read_text(encoding="utf-8")
    facts = provenance(text)
    assert facts["commit"] == "535f5dc976320130d7fbf8ecc4eda17177bf59e5"
    assert facts["date"] == "2026-07-15" and facts["sha256"] == sha256_of(JULY)
    assert "tunnel_id" in text
    for name, content in hand_written.items():  # never touched
        assert (project / "spec" / name).read_bytes() == content
    assert "tunnel_id" in (project / "generated" / "openapi.json").read_text()
    capsys.readouterr()
    assert main(["check"]) == 0  # generated/ is what the new spec gives
    # and back: the same overlays at 5162af9 give the same tree as before the update
    capsys.readouterr()
    may = ["--upstream", str(MAY), "--commit", MAY_COMMIT, "--date", "2026-05-13"]
    assert main(["update", *may]) == 0
    after = snapshot(project)
    key = "spec/openapi.upstream.yaml"  # its header names the path the source was given as
    assert without_source(after.pop(key)) == without_source(at_may.pop(key))
    assert after == at_may


def test_a_failure_leaves_spec_and_generated_untouched(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    # an upstream document without the calls operations cannot be sliced
    empty = tmp_path / "empty.yaml"
    empty.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n", encoding="utf-8"
    )
    assert main(["update", "--upstream", str(empty)]) == 2
    assert "slice root operation 'accept-realtime-call' is not in" in (
        capsys.readouterr().err
    )
    assert snapshot(project) == before
    # the output directory is not callspec's: refused before anything is written
    (project / "generated" / "mine.txt").write_text("hand-written", encoding="utf-8")
    before = snapshot(project)
    assert main(["update", *JULY_ARGS]) == 2
    assert snapshot(project) == before
    assert not list((project / "spec").glob(".*update-*"))


def test_upstream_from_git_rev(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`git:REV:PATH` reads the document at a revision of the current repository; the
    pinned extract at HEAD is the same document: nothing stale, nothing changed."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    monkeypatch.chdir(ROOT)
    before = snapshot(ROOT / "spec")
    args = ["update", "--upstream", "git:HEAD:spec/openapi.upstream.yaml", "--dry-run"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Stale decisions (0):" in out
    assert "0 breaking, 0 compatible, 0 docs-only change(s)" in out
    assert snapshot(ROOT / "spec") == before
    assert main(["update", "--upstream", "git:NOSUCHREV:x.yaml", "--dry-run"]) == 2
    assert "cannot read git:NOSUCHREV:x.yaml" in capsys.readouterr().err


def test_extract_roots_reads_the_header_the_extract_was_written_with() -> None:
    from generator.load.extract import extract_roots, render_extract
    from generator.load.upstream_config import SliceRoots

    roots = SliceRoots(operations=("a", "GET /b"), webhooks=(), schemas=("X", "Y"))
    text = render_extract({"openapi": "3.1.0"}, roots, "src", "0" * 64, None, None)
    assert extract_roots(text) == roots
    assert extract_roots("# source: x\nopenapi: 3.1.0\n") is None


def test_adding_a_slice_root_is_an_update_not_an_error(project: Path) -> None:
    """The old side slices the old extract with the roots its header names (a root the
    old extract lacks would otherwise be "not in the extract")."""
    config = project / "spec" / "upstream.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["slice"]["schemas"] = [
        *data["slice"]["schemas"],
        "RealtimeBetaClientEventInputAudioBufferClear",
    ]
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    may = ["--upstream", str(MAY), "--commit", MAY_COMMIT, "--date", "2026-05-13"]
    assert main(["update", *may]) == 0
    extract = (project / "spec" / "openapi.upstream.yaml").read_text(encoding="utf-8")
    assert (
        "RealtimeBetaClientEventInputAudioBufferClear, " in extract
        or ", RealtimeBetaClientEventInputAudioBufferClear\n" in extract
    )
    assert "    RealtimeBetaClientEventInputAudioBufferClear:\n" in extract
