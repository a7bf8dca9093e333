"""generated/ is exactly what the spec gives, and generation is deterministic and atomic."""

from __future__ import annotations

from pathlib import Path
from subprocess import CompletedProcess
from typing import Callable

from generator.config import GenerateConfig
from generator.pipeline import generate
from generator.writer import existing_files, stale_files, write_tree

ROOT = Path(__file__).resolve().parents[1]


def test_committed_generated_tree_matches_a_fresh_generation() -> None:
    stale = stale_files(ROOT / "generated", generate(GenerateConfig()))
    assert stale == [], f"generated/ is stale in: {stale[:10]}"


def test_two_generations_are_byte_identical() -> None:
    assert generate(GenerateConfig()) == generate(GenerateConfig())


def test_check_command_reports_stale_files(
    tmp_path: Path, callspec: Callable[..., CompletedProcess[str]]
) -> None:
    out = tmp_path / "gen"
    assert callspec("generate", "--out", out).returncode == 0
    ok = callspec("check", "--out", out)
    assert ok.returncode == 0, ok.stderr
    (out / "schemas" / "AudioPCM.json").write_text("{}", encoding="utf-8")
    (out / "docs" / "extra.md").write_text("stray", encoding="utf-8")
    stale = callspec("check", "--out", out)
    assert stale.returncode == 1
    assert "schemas/AudioPCM.json" in stale.stderr
    assert "docs/extra.md" in stale.stderr


def test_write_tree_replaces_the_whole_tree_and_leaves_no_temporaries(
    tmp_path: Path,
) -> None:
    out = tmp_path / "gen"
    write_tree(out, {"a.txt": "old", "sub/b.txt": "old"})
    write_tree(out, {"a.txt": "new", "c.txt": "new"})
    assert existing_files(out) == {"a.txt": b"new", "c.txt": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gen"]


def test_write_tree_repairs_an_interrupted_swap(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    write_tree(out, {"a.txt": "old"})
    # a run killed between its two renames leaves only the old tree, under a temporary name
    out.rename(tmp_path / ".gen.old-999")
    (tmp_path / ".gen.new-998").mkdir()
    write_tree(out, {"a.txt": "new"})
    assert existing_files(out) == {"a.txt": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gen"]


def test_generated_files_end_with_one_newline_and_no_timestamps() -> None:
    for path, text in generate(GenerateConfig()).items():
        if not text:
            continue
        assert text.endswith("\n") and not text.endswith("\n\n"), path
