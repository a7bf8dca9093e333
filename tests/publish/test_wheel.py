"""The published wheel installs into a fresh virtual environment and imports from there."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

from tests.publish.conftest import Published

PROBE = """
import importlib.metadata as metadata, importlib.resources as resources, json, sys
import realtime_calls
from realtime_calls import OpenAI
client = OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9")
print(json.dumps({
    "file": realtime_calls.__file__,
    "version": metadata.version("realtime-calls"),
    "requires": metadata.requires("realtime-calls"),
    "accept": callable(client.realtime.calls.accept),
    "schema": json.loads(
        resources.files("realtime_calls").joinpath("schemas/calls.accept.json").read_text()
    )["title"],
    "typed": resources.files("realtime_calls").joinpath("py.typed").is_file(),
}))
"""


def fresh_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=300)
    return where / "bin" / "python"


def site_packages(python: Path) -> Path:
    out = subprocess.run(
        [
            str(python),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip())


def test_wheel_installs_into_a_fresh_venv(published: Published, tmp_path: Path) -> None:
    python = fresh_venv(tmp_path / "venv")
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--no-deps",
            str(published.wheel()),
        ],
        check=True,
        timeout=300,
    )
    # Offline: the dependencies (httpx2, typing-extensions) come from this test environment,
    # appended after the fresh venv's own site-packages so the wheel is what gets imported.
    deps = Path(sysconfig.get_paths()["purelib"])
    (site_packages(python) / "zz-test-deps.pth").write_text(f"{deps}\n")
    proc = subprocess.run(
        [str(python), "-I", "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert Path(found["file"]).is_relative_to(tmp_path / "venv"), found["file"]
    assert found["version"] == published.package_version
    assert any(r.startswith("httpx2") for r in found["requires"])
    assert found["accept"] is True
    assert found["schema"] == "Accept call request body"
    assert found["typed"] is True


def test_sdist_is_the_rendered_client(published: Published) -> None:
    rendered = published.client
    prefix = published.sdist().name.removesuffix(".tar.gz") + "/"
    with tarfile.open(published.sdist()) as sdist:
        shipped = {
            m.name.removeprefix(prefix): sdist.extractfile(m).read().decode()  # type: ignore[union-attr]
            for m in sdist.getmembers()
            if m.isfile()
        }
    assert "PKG-INFO" in shipped
    # every rendered file ships unchanged: the rendered pyproject already has the version
    for path, text in rendered.items():
        assert shipped.get(path) == text, path
