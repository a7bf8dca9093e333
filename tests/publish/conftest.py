"""Fixtures for the publish tests: one `callspec publish` run shared by the session, and
helpers for the tools the tests need (node_modules, the wheel)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_callspec, skip_unless_ci

YAML_LANGUAGE_SERVER = ROOT / "node_modules" / ".bin" / "yaml-language-server"
CORPUS = Path(__file__).resolve().parent / "corpus"


def run_publish(
    out: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`callspec publish` as a user runs it (a subprocess), SOURCE_DATE_EPOCH unset unless given."""
    return run_callspec(
        "publish", "--out", out, *args, cwd=ROOT, env=env, unset=("SOURCE_DATE_EPOCH",)
    )


@dataclass(frozen=True)
class Published:
    out: Path
    version: str  # the API release: info.version and the upstream date
    package_version: str  # the generated package's, everywhere it is written
    client: dict[str, str]  # the rendered client tree, snapshot just after the run

    @property
    def schemas(self) -> Path:
        return self.out / "schemas" / self.version

    @property
    def latest(self) -> Path:
        return self.out / "schemas" / "latest"

    def wheel(self) -> Path:
        (found,) = sorted((self.out / "python").glob("*.whl"))
        return found

    def sdist(self) -> Path:
        (found,) = sorted((self.out / "python").glob("*.tar.gz"))
        return found


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    from generator.config import GenerateConfig
    from generator.pipeline import generate, load_api

    out = tmp_path_factory.mktemp("publish") / "dist"
    proc = run_publish(out)
    assert proc.returncode == 0, proc.stderr
    rendered = generate(GenerateConfig())
    client = {
        p.removeprefix("python/"): t
        for p, t in rendered.items()
        if p.startswith("python/")
    }
    api = load_api(GenerateConfig())
    return Published(out, api.release, api.package_version, client)


@pytest.fixture(scope="session")
def language_server() -> Path:
    if not YAML_LANGUAGE_SERVER.exists():
        skip_unless_ci(
            "node_modules/.bin/yaml-language-server is missing (run `make node`)"
        )
    return YAML_LANGUAGE_SERVER
