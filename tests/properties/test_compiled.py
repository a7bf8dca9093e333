"""The compiled (mypyc) build of the generated validator against the pure-Python one.

The build (`generator/validate/compiled.py`, what `make compiled` runs) is made once per
test session and put on the path; then both validators must give identical findings (path,
severity, message, hint, rule, in order) on every corpus config and on every value the
property tests draw: valid request bodies and public types, and each of their mutants. The
client picks the build by itself (`validator_backend()`), and `REALTIME_CALLS_PURE_PYTHON=1`
turns it off.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import realtime_calls_strategies as S
from checks import roots
from mutants import mutants
from profiles import prop_settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON_DIR = ROOT / "generated" / "python"


@pytest.fixture(scope="session")
def compiled_lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled build, made once for the whole session (mypyc takes a minute)."""
    from generator.validate.compiled import build

    return build(PYTHON_DIR, tmp_path_factory.mktemp("compiled") / "lib")


@pytest.fixture(scope="module")
def both(compiled_lib: Path) -> Iterator[tuple[Any, Any]]:
    """(pure, compiled) validator modules; afterwards the build is off the path and out
    of `sys.modules`, so no later test's client picks it up."""
    pure = importlib.import_module("realtime_calls._validation")
    sys.path.insert(0, str(compiled_lib))
    try:
        compiled = importlib.import_module("realtime_calls_compiled._validation")
        assert Path(compiled.__file__).suffix == ".so"  # really the extension module
        assert Path(compiled.__file__).is_relative_to(compiled_lib)
        yield pure, compiled
    finally:
        sys.path.remove(str(compiled_lib))
        for name in [n for n in sys.modules if n.split(".")[0].endswith(_BUILT)]:
            del sys.modules[name]


_BUILT = ("realtime_calls_compiled", "__mypyc")


def _same(both: tuple[Any, Any], schema: str, value: Any) -> None:
    pure, compiled = both
    expected = [tuple(f) for f in pure.validate(schema, value)]
    assert [tuple(f) for f in compiled.validate(schema, value)] == expected, (
        schema,
        value,
    )


def test_the_corpus_gives_the_same_findings(both: tuple[Any, Any]) -> None:
    from tests.validate.corpus import corpus

    entries = corpus()
    assert len(entries) >= 200
    for entry in entries:
        _same(both, entry[1], entry[2])


@pytest.mark.parametrize("name", sorted(S.REQUESTS))
def test_drawn_requests_and_their_mutants_give_the_same_findings(
    both: tuple[Any, Any], api: Any, name: str
) -> None:
    root = roots(api)[name]

    @prop_settings(40)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        value = data.draw(S.REQUESTS[name], label="valid value")
        _same(both, name, value)
        found = mutants(
            api, root, value, lambda owner, prop: data.draw(S.PROPERTIES[(owner, prop)])
        )
        for mutant in found:
            _same(both, name, mutant.data)

    run()


def test_drawn_public_types_give_the_same_findings(both: tuple[Any, Any]) -> None:
    names = sorted(S.TYPES)

    @prop_settings(200)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(names), label="type")
        _same(both, name, data.draw(S.TYPES[name], label="value"))

    run()


def _backend(lib: Path | None, **env: str) -> str:
    # `-S`, the dependencies on the path as a plain entry: no `.pth` file is read, so a
    # compiled build `make compiled` put on this venv's path is not picked by default
    purelib = sysconfig.get_paths()["purelib"]
    path = [str(PYTHON_DIR)] + ([str(lib)] if lib is not None else []) + [purelib]
    done = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            "import realtime_calls as r; print(r.validator_backend(), r.Finding.__module__)",
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_client_picks_the_build_unless_told_not_to(compiled_lib: Path) -> None:
    compiled = "compiled realtime_calls_compiled._validation._findings"
    pure = "python realtime_calls._validation._findings"
    assert _backend(compiled_lib) == compiled
    assert _backend(compiled_lib, REALTIME_CALLS_PURE_PYTHON="1") == pure
    assert _backend(None) == pure


def test_a_build_of_another_version_is_not_used(
    compiled_lib: Path, tmp_path: Path
) -> None:
    stale = tmp_path / "lib"
    subprocess.run(["cp", "-r", str(compiled_lib), str(stale)], check=True)
    marker = stale / "realtime_calls_compiled" / "__init__.py"
    marker.write_text('VERSION = "0.0.0"\n', encoding="utf-8")
    assert _backend(stale).startswith("python ")
