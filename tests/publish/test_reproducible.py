"""Two `callspec publish` runs with the same inputs give byte-identical files; bad input exits
2 and writes nothing; a failed run leaves the previous release whole."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import ROOT
from tests.publish.conftest import Published, run_publish


def tree(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    runs = []
    for name in ("one", "two"):  # back to back, SOURCE_DATE_EPOCH unset
        proc = run_publish(tmp_path / name)
        assert proc.returncode == 0, proc.stderr
        runs.append(tree(tmp_path / name))
    sums = [(tmp_path / name / "SHA256SUMS").read_bytes() for name in ("one", "two")]
    assert sums[0] == sums[1]
    assert runs[0] == runs[1]
    assert any(path.endswith(".whl") for path in runs[0])


def test_source_date_epoch_is_honoured(published: Published, tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        proc = run_publish(out, env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert proc.returncode == 0, proc.stderr
        assert "SOURCE_DATE_EPOCH=1700000000" in proc.stdout
        runs.append(tree(out))
    assert runs[0] == runs[1]
    assert run_publish(tmp_path / "default", "--schemas-only").returncode == 0
    default = tree(tmp_path / "default")
    for path, digest in runs[
        0
    ].items():  # only the archives (and the sums) carry the time
        if path.startswith("schemas/") or path == "catalog.json":
            assert default[path] == digest, path
    for path in (p for p in runs[0] if p.startswith("python/")):
        assert tree(published.out)[path] != runs[0][path], path


def test_rerun_into_an_existing_release_replaces_it(
    published: Published, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    assert run_publish(out).returncode == 0
    first = tree(out)
    assert run_publish(out).returncode == 0
    assert tree(out) == first
    # a file the release does not list is someone else's: refused, every byte kept
    (out / "notes.txt").write_text("mine")
    refused = run_publish(out)
    assert refused.returncode == 2 and "notes.txt" in refused.stderr
    assert tree(out) == {**first, "notes.txt": tree(out)["notes.txt"]}
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.")]
    assert leftovers == []


def test_bad_spec_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: x, version: 1.0.0}\npaths: {/a: {post: {requestBody: {$ref: '#/nope'}}}}\n"
    )
    out = tmp_path / "dist"
    proc = run_publish(out, "--spec", str(spec))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "nothing written" in proc.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["openapi.yaml"]


def test_missing_spec_exits_2(tmp_path: Path) -> None:
    proc = run_publish(tmp_path / "dist", "--spec", str(tmp_path / "missing.yaml"))
    assert proc.returncode == 2
    assert "missing.yaml" in proc.stderr
    assert not (tmp_path / "dist").exists()


def test_bad_base_url_exits_2(tmp_path: Path) -> None:
    proc = run_publish(tmp_path / "dist", "--base-url", "schemas.example.com")
    assert proc.returncode == 2
    assert "base URL" in proc.stderr
    assert not (tmp_path / "dist").exists()


def test_bad_input_keeps_the_previous_release(
    published: Published, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    assert run_publish(out).returncode == 0
    before = tree(out)
    assert run_publish(out, "--base-url", "not a url").returncode == 2
    assert tree(out) == before


def test_refuses_to_replace_a_directory_that_is_not_a_release(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    proc = run_publish(out)
    assert proc.returncode == 2
    assert "refusing" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_base_url_option(tmp_path: Path) -> None:
    import json

    out = tmp_path / "dist"
    proc = run_publish(out, "--base-url", "https://example.com/s/", "--schemas-only")
    assert proc.returncode == 0, proc.stderr
    (versioned,) = [p for p in (out / "schemas").iterdir() if p.name != "latest"]
    session = json.loads((versioned / "calls.accept.json").read_text())
    assert session["$id"] == f"https://example.com/s/{versioned.name}/calls.accept.json"
    assert not (out / "python").exists()


def test_publish_does_not_touch_the_repo() -> None:
    assert not (ROOT / "dist").exists() or (ROOT / "dist" / "SHA256SUMS").exists()
