"""The pre-commit hooks, run by the real `pre-commit try-repo` against temporary git
repositories with no remote. pre-commit builds the hook environment (pip install of this
checkout and of generated/python), which takes a while the first time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_unless_ci

ROOT = Path(__file__).resolve().parents[2]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "callspec tests",
    "GIT_AUTHOR_EMAIL": "tests@callspec.invalid",
    "GIT_COMMITTER_NAME": "callspec tests",
    "GIT_COMMITTER_EMAIL": "tests@callspec.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )


def snapshot(target: Path) -> Path:
    """This checkout's files (tracked or not, as git would see them) in a new git repo."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.startswith(("node_modules/", "tests/")):
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return target


@pytest.fixture(scope="module")
def pre_commit() -> list[str]:
    exe = Path(sys.executable).with_name("pre-commit")
    if not exe.exists() or shutil.which("git") is None:
        skip_unless_ci("pre-commit and git are needed")
    return [str(exe)]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot(tmp_path_factory.mktemp("hooks"))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(
    pre_commit: list[str], hook_repo: Path, home: Path, cwd: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [*pre_commit, "try-repo", str(hook_repo), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_callspec_validate_hook(
    pre_commit: list[str], hook_repo: Path, home: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "good.realtime-session.yaml").write_text(
        "type: realtime\naudio:\n  output:\n    voice: marin\n"
    )
    (user / "bad.realtime-session.json").write_text(
        '{"type": "realtime",\n "instruction": "hi"}\n'
    )
    (user / "refer.callspec.toml").write_text(
        '"$schema" = "https://schemas.callspec.dev/realtime-calls/calls.refer.json"\ntarget_uri = "tel:+1"\n'
    )
    (user / "notes.yaml").write_text(
        "not: [a, session config\n"
    )  # not matched by the hook
    git(user, "init", "-q", "-b", "main")
    git(user, "add", "-A")
    git(user, "commit", "-q", "-m", "configs")

    ok = try_repo(
        pre_commit,
        hook_repo,
        home,
        user,
        "callspec-validate",
        "--files",
        "good.realtime-session.yaml",
        "refer.callspec.toml",
        "notes.yaml",
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout

    bad = try_repo(
        pre_commit, hook_repo, home, user, "callspec-validate", "--all-files"
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert (
        'bad.realtime-session.json:2:2: error: $.instruction: unknown key "instruction"; did you mean "instructions"?'
        in bad.stdout
    )
    assert "notes.yaml" not in bad.stdout


def test_callspec_check_hook(
    pre_commit: list[str], hook_repo: Path, home: Path, tmp_path: Path
) -> None:
    user = snapshot(tmp_path / "checkout")
    fresh = try_repo(pre_commit, hook_repo, home, user, "callspec-check", "--all-files")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    rules = user / "generated" / "docs" / "rules.md"
    rules.write_text(rules.read_text() + "\nhand edit\n")
    git(user, "commit", "-q", "-am", "stale")
    stale = try_repo(pre_commit, hook_repo, home, user, "callspec-check", "--all-files")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "docs/rules.md" in stale.stdout + stale.stderr
