"""`callspec publish`: versioned schemas, a SchemaStore catalog, the client wheel and sdist,
and SHA256SUMS, built from the spec alone, reproducibly, into --out (atomically)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any


def run(args: argparse.Namespace) -> int:
    from generator.publish import PublishConfig, PublishError, publish

    started = time.perf_counter()
    config = PublishConfig(
        spec=Path(args.spec) if args.spec else None,
        out=Path(args.out),
        codegen=Path(args.codegen) if args.codegen else None,
        base_url=args.base_url,
        packages=not args.schemas_only,
    )
    try:
        release = publish(config)
    except PublishError as exc:
        print(f"callspec publish: {exc}", file=sys.stderr)
        print("callspec publish: nothing written", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(
        f"{len(release.files)} files for {release.version} (package {release.package_version}, "
        f"SOURCE_DATE_EPOCH={release.source_date_epoch}) written to {release.out} in {elapsed:.2f}s"
    )
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "publish",
        help="build versioned schemas, a schema catalog and the client packages",
    )
    parser.add_argument(
        "--spec", help="OpenAPI spec, YAML or JSON (default: the project's)"
    )
    parser.add_argument(
        "--out", default="dist", help="output directory (default: dist)"
    )
    parser.add_argument(
        "--codegen",
        help="naming config (default: the project's, else codegen.yaml beside the spec)",
    )
    parser.add_argument(
        "--base-url",
        help="URL dist/schemas/ is served at (default: codegen schema_base_url)",
    )
    parser.add_argument(
        "--schemas-only", action="store_true", help="skip building the wheel and sdist"
    )
    parser.set_defaults(func=run)
