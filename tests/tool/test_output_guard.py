"""`--out` never destroys what callspec did not write (issue 11): refused with exit 2, every
byte left in place; a directory callspec wrote is replaced as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.writer import MANIFEST
from tests.tool.conftest import run_callspec


def snapshot(root: Path) -> dict[str, bytes]:
    if root.is_file():
        return {"": root.read_bytes()}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def make_git_repo(where: Path) -> Path:
    (where / ".git").mkdir(parents=True)
    (where / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (where / "app.py").write_text("print('my app')\n")
    return where


def make_foreign_dir(where: Path) -> Path:
    where.mkdir()
    (where / "notes.txt").write_text("mine\n")
    return where


def make_file(where: Path) -> Path:
    where.write_text("not a directory\n")
    return where


@pytest.mark.parametrize(
    "make", [make_git_repo, make_foreign_dir, make_file], ids=["git", "foreign", "file"]
)
@pytest.mark.parametrize("command", ["generate", "publish"])
def test_foreign_output_is_refused_untouched(
    tmp_path: Path, spec: Path, make: object, command: str
) -> None:
    target = make(tmp_path / "target")  # type: ignore[operator]
    before, around = snapshot(target), siblings(target)
    args = [command, "--spec", str(spec), "--out", str(target)]
    if command == "publish":
        args.append("--schemas-only")
    result = run_callspec(*args, cwd=tmp_path)
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert result.err.startswith(f"{target}: error"), result.err  # names the path
    assert snapshot(target) == before
    assert siblings(target) == around  # nothing staged or moved aside


def test_callspec_tree_is_regenerated_and_marked(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "out"
    first = run_callspec(
        "generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path
    )
    assert first.code == 0, first
    listed = json.loads((out / MANIFEST).read_text())["files"]
    written = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert listed == written
    # the generated package was byte-compiled where it was written (in a child process),
    # every module of it
    sources = {p.with_suffix("") for p in (out / "python").rglob("*.py")}
    compiled = {
        p.parent.parent / p.name.split(".")[0]
        for p in (out / "python").rglob("__pycache__/*.pyc")
    }
    assert sources and compiled == sources
    (out / "python" / "stale.py").unlink(missing_ok=True)
    again = run_callspec(
        "generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path
    )
    assert again.code == 0, again


def test_extra_file_in_callspec_tree_is_refused(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "out"
    assert (
        run_callspec(
            "generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path
        ).code
        == 0
    )
    (out / "docs" / "my-notes.md").write_text("hand-written\n")
    before = snapshot(out)
    result = run_callspec(
        "generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path
    )
    assert result.code == 2
    assert "docs/my-notes.md" in result.err
    assert snapshot(out) == before


def test_tree_written_before_the_manifest_is_recognised(
    tmp_path: Path, spec: Path
) -> None:
    out = tmp_path / "out"
    assert (
        run_callspec(
            "generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path
        ).code
        == 0
    )
    (out / MANIFEST).unlink()  # as trees written by callspec 0.1 were
    result = run_callspec(
        "generate", "--spec", str(spec), "--out", str(out), cwd=tmp_path
    )
    assert result.code == 0, result
    assert (out / MANIFEST).is_file()


def test_unmatched_paths_pattern_warns(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "out"
    result = run_callspec(
        "generate",
        "--spec",
        str(spec),
        "--out",
        str(out),
        "--paths",
        "/realtime/cals*",
        "--paths",
        "/realtime/calls*",
        cwd=tmp_path,
    )
    assert result.code == 0, result
    assert "'/realtime/cals*'" in result.err
    assert "'/realtime/calls*'" not in result.err


def test_check_hint_repeats_the_flags(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run_callspec(
        "check",
        "--spec",
        str(spec),
        "--out",
        str(out),
        "--sdk-package",
        "openai",
        cwd=tmp_path,
    )
    assert result.code == 1
    assert f"--out {out}" in result.err and "--sdk-package openai" in result.err


def test_unlisted_file_with_the_bytes_about_to_be_written_is_replaced(
    tmp_path: Path, spec: Path
) -> None:
    """After a merge of generated trees, files the committed manifest does not list but
    that generate writes anyway (same bytes) do not block regeneration."""
    out = tmp_path / "out"
    args = ("generate", "--spec", str(spec), "--out", str(out))
    assert run_callspec(*args, cwd=tmp_path).code == 0
    marker = out / MANIFEST
    data = json.loads(marker.read_text())
    dropped = "python/realtime_calls/_version.py"
    data["files"].remove(dropped)
    marker.write_text(json.dumps(data))
    assert run_callspec(*args, cwd=tmp_path).code == 0
    assert dropped in json.loads(marker.read_text())["files"]
    (out / dropped).write_text("# edited by hand\n")  # now it differs: not ours to drop
    marker.write_text(json.dumps(data))  # the manifest without it, as before
    before, around = snapshot(out), siblings(out)
    refused = run_callspec(*args, cwd=tmp_path)
    assert refused.code == 2 and dropped in refused.err
    # refused once the bytes to compare were staged: the staging tree is gone again
    assert snapshot(out) == before and siblings(out) == around
