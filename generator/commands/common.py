"""Arguments shared by the subcommands that read a spec."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.config import DEFAULT_OUT, DEFAULT_SPEC, GenerateConfig


def add_spec_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spec", default=str(DEFAULT_SPEC), help="OpenAPI spec (YAML or JSON)"
    )
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output directory")
    parser.add_argument(
        "--codegen", help="naming config (default: codegen.yaml beside the spec)"
    )
    parser.add_argument(
        "--sdk-package",
        help="render under the official SDK's package name (e.g. openai)",
    )
    parser.add_argument(
        "--paths",
        action="append",
        metavar="GLOB",
        help="keep only operations whose path matches GLOB (repeatable)",
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
        spec=Path(args.spec),
        out=Path(args.out),
        codegen=Path(args.codegen) if args.codegen else None,
        sdk_package=args.sdk_package,
        paths=tuple(args.paths or ()),
        overlays=tuple(Path(p) for p in args.overlay or ()),
        upstream=args.upstream,
    )
