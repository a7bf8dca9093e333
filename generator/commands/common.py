"""Arguments shared by the subcommands that read a spec."""

from __future__ import annotations

import argparse
import fnmatch
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import GenerateConfig

if TYPE_CHECKING:
    from generator.ir import nodes as ir


def add_spec_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spec",
        help="OpenAPI spec, YAML or JSON (default: the project's, found from the "
        "current directory: [tool.callspec] in pyproject.toml, callspec.toml or "
        "spec/openapi.yaml)",
    )
    parser.add_argument(
        "--out", help="output directory (default: the project's, usually generated/)"
    )
    parser.add_argument(
        "--codegen",
        help="naming config (default: the project's, else codegen.yaml beside the spec)",
    )
    parser.add_argument(
        "--sdk-package",
        help="docs only: write the docs' import lines under this package (e.g. openai, "
        "to compare with the SDK reference page); the client keeps its own package",
    )
    parser.add_argument(
        "--paths",
        action="append",
        metavar="GLOB",
        help="keep only operations whose path matches GLOB (repeatable)",
    )
    parser.add_argument(
        "--fail-on",
        action="append",
        choices=["stale-decision"],
        default=[],
        help="make a kind of warning an error: stale-decision (a codegen entry naming "
        "an operation or schema the spec does not have)",
    )
    add_overlay_args(parser)


def add_overlay_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--overlay",
        action="append",
        metavar="FILE",
        help="apply this OpenAPI Overlay (1.0/1.1) after the project's (repeatable)",
    )
    parser.add_argument(
        "--upstream",
        metavar="PATH",
        help="generate from this upstream document (a file or git:REV:PATH), sliced "
        "like the pinned extract, in place of the extract",
    )


def config_from(args: argparse.Namespace) -> GenerateConfig:
    return GenerateConfig(
        spec=Path(args.spec) if args.spec else None,
        out=Path(args.out) if args.out else None,
        codegen=Path(args.codegen) if args.codegen else None,
        sdk_package=args.sdk_package,
        paths=tuple(args.paths or ()),
        overlays=tuple(Path(p) for p in args.overlay or ()),
        upstream=args.upstream,
        fail_on=getattr(args, "fail_on", ()),
    )


def unmatched_paths(api: ir.Api, patterns: tuple[str, ...]) -> list[str]:
    """The --paths patterns that select no operation (a typo selects nothing silently)."""
    return [
        pattern
        for pattern in patterns
        if not any(fnmatch.fnmatchcase(op.path, pattern) for op in api.operations)
    ]


def command_line(command: str, args: argparse.Namespace) -> str:
    """`callspec COMMAND` with the spec flags this run was given, to print as a hint."""
    words = ["callspec", command]
    for flag in ("spec", "out", "codegen", "sdk_package"):
        value = getattr(args, flag, None)
        if value:
            words += [f"--{flag.replace('_', '-')}", str(value)]
    for pattern in getattr(args, "paths", None) or ():
        words += ["--paths", pattern]
    return shlex.join(words)
