"""Each class of bad spec gets one clear message with file, line and JSON pointer; exit 2;
nothing written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_callspec

ROOT = Path(__file__).resolve().parents[1]
# a complete plain OpenAPI spec of the calls API (the hand-written snapshot before issue 13)
SPEC = ROOT / "tests" / "fixtures" / "calls.openapi.yaml"


def _spec_data() -> dict:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def _run(tmp_path: Path, spec_text: str) -> subprocess.CompletedProcess[str]:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    return run_callspec(
        "generate", "--spec", spec, "--out", tmp_path / "out", cwd=tmp_path
    )


def _assert_clean_failure(
    result: subprocess.CompletedProcess[str], tmp_path: Path
) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists(), "nothing may be written"
    assert not list(tmp_path.glob(".out.*")), "no temporary tree may be left"
    return result.stderr


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8").replace(
        "paths:\n", "paths:\n  - [unclosed\n", 1
    )
    err = _assert_clean_failure(_run(tmp_path, text), tmp_path)
    assert re.search(r"openapi\.yaml:\d+:\d+: error: YAML syntax error", err), err


@pytest.mark.parametrize("token", ["0b_", "0x_", "-0b__"])
def test_a_number_yaml_cannot_build(tmp_path: Path, token: str) -> None:
    """PyYAML resolves these as numbers and then fails to build them: located, no crash."""
    text = SPEC.read_text(encoding="utf-8").replace(
        "paths:\n", f"x-odd: [1, {token}]\npaths:\n", 1
    )
    err = _assert_clean_failure(_run(tmp_path, text), tmp_path)
    line, column = _line_of(text, "x-odd:"), len("x-odd: [1, ") + 1
    assert f"openapi.yaml:{line}:{column}: error: YAML error: {token!r}" in err, err


def test_dangling_ref(tmp_path: Path) -> None:
    data = _spec_data()
    data["components"]["schemas"]["AudioPCMU"]["properties"]["type"] = {
        "$ref": "#/components/schemas/NoSuchType"
    }
    text = yaml.safe_dump(data, sort_keys=False)
    err = _assert_clean_failure(_run(tmp_path, text), tmp_path)
    line = _line_of(text, "$ref: '#/components/schemas/NoSuchType'")
    assert f"openapi.yaml:{line}:" in err, err
    assert "/components/schemas/AudioPCMU/properties/type/$ref" in err
    assert "does not resolve" in err


def test_unknown_type(tmp_path: Path) -> None:
    data = _spec_data()
    data["components"]["schemas"]["TokenLimits"]["properties"]["post_instructions"][
        "type"
    ] = "integr"
    text = yaml.safe_dump(data, sort_keys=False)
    err = _assert_clean_failure(_run(tmp_path, text), tmp_path)
    assert "unknown type 'integr'" in err
    assert "/components/schemas/TokenLimits/properties/post_instructions/type" in err
    assert f"openapi.yaml:{_line_of(text, 'type: integr')}:" in err


def test_name_clash(tmp_path: Path) -> None:
    data = _spec_data()
    data["components"]["schemas"]["audio_pcm"] = {"type": "string"}
    text = yaml.safe_dump(data, sort_keys=False)
    err = _assert_clean_failure(_run(tmp_path, text), tmp_path)
    assert "clashes with 'AudioPCM'" in err
    assert "/components/schemas/audio_pcm" in err
    assert f"openapi.yaml:{_line_of(text, 'audio_pcm:')}:" in err


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    data = _spec_data()
    schemas = data["components"]["schemas"]
    schemas["AudioPCMU"]["properties"]["type"] = {
        "$ref": "#/components/schemas/Missing1"
    }
    schemas["AudioPCMA"]["properties"]["type"] = {
        "$ref": "#/components/schemas/Missing2"
    }
    err = _assert_clean_failure(
        _run(tmp_path, yaml.safe_dump(data, sort_keys=False)), tmp_path
    )
    assert "Missing1" in err and "Missing2" in err
    assert "2 problem(s)" in err


def test_missing_spec_file(tmp_path: Path) -> None:
    result = run_callspec(
        "generate", "--spec", tmp_path / "nope.yaml", "--out", tmp_path / "out"
    )
    err = _assert_clean_failure(result, tmp_path)
    assert "nope.yaml" in err and "cannot read spec" in err


@pytest.mark.parametrize("bad", ["[]\n", "openapi: 3.1.0\npaths: 7\n"])
def test_wrong_shapes(tmp_path: Path, bad: str) -> None:
    err = _assert_clean_failure(_run(tmp_path, bad), tmp_path)
    assert "openapi.yaml" in err


def test_failed_generation_keeps_the_old_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = run_callspec("generate", "--out", out)
    assert good.returncode == 0, good.stderr
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.1.0\npaths: [\n", encoding="utf-8")
    bad = run_callspec("generate", "--spec", spec, "--out", out)
    assert bad.returncode == 2
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
