"""Where the two sides of `callspec diff` come from: a spec file, or `git:REV:PATH`."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from generator.ir import nodes as ir


def load_api(
    ref: str,
    paths: tuple[str, ...] = (),
    cwd: Path | None = None,
    overlays: tuple[Path, ...] = (),
) -> ir.Api:
    """A spec file, or `git:REV:PATH` (a file as committed at REV), as IR; `overlays`
    are applied after the spec's own."""
    from generator.ir.build import build_api

    if ref.startswith("git:"):
        rev, _, path = ref[4:].partition(":")
        if not rev or not path:
            raise ValueError(f"expected git:REV:PATH, got {ref!r}")
        shown = subprocess.run(
            ["git", "show", f"{rev}:{path}"],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
        if shown.returncode != 0:
            message = shown.stderr.decode(errors="replace").strip()
            raise ValueError(f"cannot read {ref}: {message}")
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / Path(path).name
            target.write_bytes(shown.stdout)
            return build_api(target, None, paths, overlays=overlays)
    spec = Path(ref)
    codegen = spec.parent / "codegen.yaml"
    return build_api(
        spec, codegen if codegen.exists() else None, paths, overlays=overlays
    )
