"""The callspec wheel, installed in a fresh virtual environment and run from an empty
directory, validates calls configs with its built-in validator and generates from a spec
given by path: nothing is read from, or written to, this checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from generator import __version__
from tests.tool.conftest import ROOT

VALID = "type: realtime\nmodel: gpt-realtime\noutput_modalities: [audio]\n"
INVALID = "type: realtime\naudio:\n  output:\n    speed: 9\n"


@pytest.fixture(scope="module")
def callspec_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("tool")
    dist = where / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "-o",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = dist.glob("callspec-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/_builtin/_validation/__init__.py" in names
    assert "generator/_builtin/_validation/_rules.py" in names
    assert "generator/_templates/client/_client.py.jinja" in names
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # the dependencies (jinja2, pyyaml, black) from this environment's locked install; a path
    # added by a .pth is no site directory, so our own .pth files (the checkout's generated
    # client, the editable generator) are not followed from there
    purelib = subprocess.run(
        [
            str(python),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = sysconfig.get_paths()["purelib"]
    Path(purelib, "zz-locked-deps.pth").write_text(f"{deps}\n")
    return venv / "bin" / "callspec"


def run(binary: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    where = tmp_path / "empty"
    where.mkdir()
    return where


def test_version(callspec_bin: Path, empty: Path) -> None:
    done = run(callspec_bin, "--version", cwd=empty)
    assert done.returncode == 0 and done.stdout.split() == ["callspec", __version__]


def test_validate_with_the_built_in_validator(callspec_bin: Path, empty: Path) -> None:
    (empty / "good.realtime-session.yaml").write_text(VALID)
    (empty / "bad.realtime-session.yaml").write_text(INVALID)
    good = run(callspec_bin, "validate", "good.realtime-session.yaml", cwd=empty)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = run(callspec_bin, "validate", "bad.realtime-session.yaml", cwd=empty)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert (
        "bad.realtime-session.yaml:4:" in bad.stdout
        and "$.audio.output.speed" in bad.stdout
    )
    assert "Traceback" not in bad.stderr
    assert sorted(p.name for p in empty.iterdir()) == [
        "bad.realtime-session.yaml",
        "good.realtime-session.yaml",
    ]


def test_generate_from_a_spec_given_by_path(callspec_bin: Path, empty: Path) -> None:
    spec = ROOT / "spec" / "upstream.yaml"
    done = run(
        callspec_bin,
        "generate",
        "--spec",
        str(spec),
        "--codegen",
        str(ROOT / "spec" / "codegen.yaml"),
        "--out",
        "out",
        cwd=empty,
    )
    assert done.returncode == 0, done.stderr
    fresh = empty / "out" / "python" / "realtime_calls" / "_client.py"
    assert (
        fresh.read_bytes()
        == (
            ROOT / "generated" / "python" / "realtime_calls" / "_client.py"
        ).read_bytes()
    )
    check = run(callspec_bin, "check", "--spec", str(spec), "--out", "out", cwd=empty)
    assert check.returncode == 0, check.stderr


def test_generate_without_a_project_writes_nothing(
    callspec_bin: Path, empty: Path
) -> None:
    done = run(callspec_bin, "generate", cwd=empty)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert list(empty.iterdir()) == []
