"""The feature zoo: small specs, each exercising what the calls spec does not (GET, query
and header parameters, JSON responses, allOf, maps, recursion, keyword-named and non-ASCII
names, a short path parameter, zero operations), with byte-for-byte expected output.

    python tests/zoo/regenerate.py          # rewrite every <spec>/expected/ tree
    python tests/zoo/regenerate.py --check  # compare, then black --check and mypy --strict

Each spec directory holds `openapi.yaml`, `codegen.yaml` and `expected/`: the generated
files, less the runtime modules copied verbatim from templates/ (the main golden test
covers those), so a change of the generator shows here as a reviewable diff.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from generator.config import GenerateConfig, TEMPLATES  # noqa: E402
from generator.pipeline import generate  # noqa: E402


def specs() -> list[Path]:
    return sorted(p.parent for p in HERE.glob("*/openapi.yaml"))


def verbatim() -> set[str]:
    """The texts of the runtime modules copied verbatim into every generated tree."""
    return {p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*.py")}


def render(spec_dir: Path) -> dict[str, str]:
    """The files the zoo spec generates, by relative path, verbatim runtime left out."""
    config = GenerateConfig(spec=spec_dir / "openapi.yaml", out=spec_dir / "expected")
    copied = verbatim()
    return {path: text for path, text in generate(config).items() if text not in copied}


def expected(spec_dir: Path) -> dict[str, str]:
    root = spec_dir / "expected"
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def write(spec_dir: Path) -> None:
    root = spec_dir / "expected"
    if root.exists():
        shutil.rmtree(root)
    for path, text in render(spec_dir).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def check_tools(spec_dir: Path) -> list[str]:
    """black --check and mypy --strict on the complete generated tree."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        config = GenerateConfig(spec=spec_dir / "openapi.yaml", out=out)
        for path, text in generate(config).items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        runs = [
            [sys.executable, "-m", "black", "--check", "--quiet", "python", "testing"],
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "python"],
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "testing"],
        ]
        for command in runs:
            cwd = out if command[2] == "black" else out / command[-1]
            args = (
                command if command[2] == "black" else [*command[:-1], *_packages(cwd)]
            )
            run = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
            if run.returncode != 0:
                problems.append(
                    f"{spec_dir.name}: {' '.join(args[2:])}:\n{run.stdout}{run.stderr}"
                )
    return problems


def _packages(where: Path) -> list[str]:
    return sorted(p.parent.name for p in where.glob("*/__init__.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    problems: list[str] = []
    for spec_dir in specs():
        if not args.check:
            write(spec_dir)
            print(f"wrote {spec_dir.relative_to(ROOT)}/expected")
            continue
        if render(spec_dir) != expected(spec_dir):
            problems.append(
                f"{spec_dir.name}: expected/ is stale; run python tests/zoo/regenerate.py"
            )
        problems += check_tools(spec_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
