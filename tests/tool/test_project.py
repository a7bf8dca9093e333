"""The project is found from the current directory upward, never from the install."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import GenerateConfig
from generator.errors import SpecError
from generator.project import find_project
from tests.tool.conftest import ROOT, run_callspec


def test_this_checkout_is_a_project_from_any_subdirectory() -> None:
    project = find_project(ROOT / "tests" / "tool")
    assert project is not None
    assert project.root == ROOT
    assert project.config_file == ROOT / "pyproject.toml"
    assert project.spec == ROOT / "spec" / "upstream.yaml"
    assert project.out == ROOT / "generated"


def test_tool_callspec_table_paths_are_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.callspec]\nspec = "api/doc.yaml"\n'
        'overlays = ["api/ours.yaml"]\nout = "build/gen"\n'
    )
    (tmp_path / "deep" / "er").mkdir(parents=True)
    project = find_project(tmp_path / "deep" / "er")
    assert project is not None
    assert project.spec == tmp_path / "api" / "doc.yaml"
    assert project.overlays == (tmp_path / "api" / "ours.yaml",)
    assert project.out == tmp_path / "build" / "gen"
    assert project.codegen is None


def test_callspec_toml_and_legacy_layout(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "callspec.toml").write_text('out = "o"\n')
    found = find_project(tmp_path / "a")
    assert found is not None and found.out == tmp_path / "a" / "o"
    (tmp_path / "b" / "spec").mkdir(parents=True)
    (tmp_path / "b" / "spec" / "codegen.yaml").write_text("package: p\n")
    legacy = find_project(tmp_path / "b")
    assert legacy is not None and legacy.config_file is None
    assert legacy.codegen == tmp_path / "b" / "spec" / "codegen.yaml"


def test_search_stops_at_a_repository_root(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.callspec]\nout = "x"\n')
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert find_project(tmp_path / "repo") is None


def test_unknown_key_is_located(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.callspec]\nspec = "s.yaml"\noutput = "typo"\n'
    )
    with pytest.raises(SpecError) as caught:
        find_project(tmp_path)
    [problem] = caught.value.problems
    assert problem.file == str(tmp_path / "pyproject.toml")
    assert problem.line == 3 and problem.pointer == "/output"


def test_wrong_types_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "callspec.toml").write_text('spec = 3\noverlays = "one.yaml"\n')
    with pytest.raises(SpecError) as caught:
        find_project(tmp_path)
    assert [p.line for p in caught.value.problems] == [1, 2]


def test_config_accepts_strings_and_fills_from_the_project() -> None:
    config = GenerateConfig(spec="spec/openapi.yaml", out="somewhere")  # type: ignore[arg-type]
    assert config.spec == Path("spec/openapi.yaml") and config.out == Path("somewhere")
    assert GenerateConfig().out == ROOT / "generated"


def test_generate_from_a_subdirectory_writes_the_projects_out(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "sub").mkdir(parents=True)
    (project / "callspec.toml").write_text(
        f'spec = "{ROOT / "spec" / "upstream.yaml"}"\nout = "gen"\n'
    )
    result = run_callspec("generate", cwd=project / "sub")
    assert result.code == 0, result
    assert (project / "gen" / "python" / "realtime_calls" / "_client.py").is_file()
    assert not (project / "sub" / "generated").exists()


def test_no_project_is_a_usage_error(tmp_path: Path) -> None:
    result = run_callspec("generate", cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.err
    assert str(tmp_path) in result.err
    assert list(tmp_path.iterdir()) == []
