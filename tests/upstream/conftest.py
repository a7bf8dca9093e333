"""A copy of this project moved to upstream 535f5dc by `callspec update` (issue 13)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.load.extract import provenance
from generator.writer import IGNORED_PARTS
from tests.conftest import skip_unless_ci

ROOT = Path(__file__).resolve().parents[2]
JULY_UPSTREAM = (
    ROOT.parent / "shared" / "upstream" / "openai-openapi-535f5dc" / "openapi.yaml"
)


def callspec(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """callspec in its own process: `validate` loads the project's generated validator."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def copy_project(root: Path) -> Path:
    """This project's spec/ and generated/ and its [tool.callspec] table, at `root`."""
    shutil.copytree(ROOT / "spec", root / "spec")
    shutil.copytree(
        ROOT / "generated",
        root / "generated",
        ignore=shutil.ignore_patterns(*IGNORED_PARTS),  # caches of tools run in it
    )
    (root / "pyproject.toml").write_text(
        '[tool.callspec]\nspec = "spec/upstream.yaml"\n'
        'codegen = "spec/codegen.yaml"\nout = "generated"\n',
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="session")
def july_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project (spec/, generated/, [tool.callspec]) moved to 535f5dc."""
    if not JULY_UPSTREAM.is_file():
        skip_unless_ci("../shared/upstream is not there")
    root = copy_project(tmp_path_factory.mktemp("july") / "project")
    extract = root / "spec" / "openapi.upstream.yaml"
    if not provenance(extract.read_text(encoding="utf-8"))["commit"].startswith(
        "535f5dc"
    ):
        done = callspec(
            root,
            "update",
            "--upstream",
            str(JULY_UPSTREAM),
            "--commit",
            "535f5dc976320130d7fbf8ecc4eda17177bf59e5",
            "--date",
            "2026-07-15",
        )
        assert done.returncode == 0, done.stderr
    return root
