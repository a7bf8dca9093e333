"""Build step that makes the wheel self-contained (all other metadata is in pyproject.toml).

An installed callspec must work outside any checkout, so the wheel carries, inside the
`generator` package: the templates (`generator/_templates/`, read by the emitters) and the
built-in validator of this project's API (`generator/_builtin/_validation/`, the generated
validator package with its schema-selection table `_selection.py`, used by `callspec
validate` when no project or installed client provides one).
A checkout or editable install reads both where they are written instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
TEMPLATES = ROOT / "templates"
# the one generated client package's validator (its name is the codegen config's `package`)
(BUILTIN_VALIDATOR,) = sorted((ROOT / "generated" / "python").glob("*/_validation/"))


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        package = Path(self.build_lib) / "generator"
        target = package / "_templates"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(
            TEMPLATES, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
        builtin = package / "_builtin"
        builtin.mkdir(exist_ok=True)
        if (builtin / "_validation").exists():
            shutil.rmtree(builtin / "_validation")
        shutil.copytree(
            BUILTIN_VALIDATOR,
            builtin / "_validation",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )


setup(cmdclass={"build_py": BuildWithData})
