"""Fixtures for `callspec validate` and the generated validator."""

from __future__ import annotations

import importlib
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def validator() -> ModuleType:
    """The generated validator, as the client package carries it."""
    return importlib.import_module("realtime_calls._validation")


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `callspec ARGS...` in-process."""
    from generator.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], str]:
    def make(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return make


def errors(findings: list[Any]) -> list[Any]:
    return [f for f in findings if f.severity == "error"]


def rules(findings: list[Any]) -> set[str]:
    return {f.rule for f in findings}


def sink() -> io.StringIO:
    return io.StringIO()
