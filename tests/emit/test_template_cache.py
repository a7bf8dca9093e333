"""The templates' bytecode cache (generator/emit/template_cache.py): what it renders is
what the template says now, whatever the cache holds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.emit.render import Renderer
from generator.emit.template_cache import CACHE_DIR, TemplateCache, precompile


def _root(tmp_path: Path, text: str = "Hello {{ name }}!\n") -> Path:
    root = tmp_path / "templates"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "page.md.jinja").write_text(text, encoding="utf-8")
    return root


def _render(root: Path, write: bool | None = None) -> str:
    return Renderer(root, TemplateCache(root, write)).render(
        "docs/page.md.jinja", name="x"
    )


def test_precompile_writes_one_cache_file_per_template(tmp_path: Path) -> None:
    root = _root(tmp_path)
    (root / "other.py.jinja").write_text("{{ name }}\n", encoding="utf-8")
    assert precompile(root) == 2
    assert len(list((root / CACHE_DIR).iterdir())) == 2
    assert _render(root, write=False) == "Hello x!\n"


def test_an_edited_template_is_rendered_as_edited(tmp_path: Path) -> None:
    root = _root(tmp_path)
    precompile(root)
    (root / "docs" / "page.md.jinja").write_text("Bye {{ name }}.\n", encoding="utf-8")
    assert _render(root, write=False) == "Bye x.\n"


def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path) -> None:
    root = _root(tmp_path)
    precompile(root)
    for cached in (root / CACHE_DIR).iterdir():
        cached.write_bytes(cached.read_bytes()[:40])
    assert _render(root, write=False) == "Hello x!\n"


def test_nothing_is_written_when_python_writes_no_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _root(tmp_path)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert _render(root) == "Hello x!\n"
    assert not (root / CACHE_DIR).exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert _render(root) == "Hello x!\n"
    assert len(list((root / CACHE_DIR).iterdir())) == 1


def test_an_unwritable_cache_directory_is_no_error(tmp_path: Path) -> None:
    root = _root(tmp_path)
    (root / CACHE_DIR).write_text(
        "a file where the directory would be", encoding="utf-8"
    )
    assert _render(root, write=True) == "Hello x!\n"
