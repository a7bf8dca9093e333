"""One configuration object shared by the CLI and the library API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

PACKAGE_DIR = Path(__file__).resolve().parent
# A wheel carries the templates inside the package (setup.py's build step puts them there);
# a checkout, editable install included, reads them where they are written.
TEMPLATES = PACKAGE_DIR / "_templates"
if not TEMPLATES.is_dir():
    TEMPLATES = PACKAGE_DIR.parent / "templates"

ARTIFACTS = frozenset({"client", "schemas", "docs", "openapi", "strategies"})


StrPath = Path | str


@dataclass(frozen=True, init=False)
class GenerateConfig:
    """Everything a generation run depends on. The CLI builds one from its flags.

    `spec` and `out` left out come from the project found from the current directory
    (generator/project.py), and so do `codegen` and `overlays` when `spec` is left out too.
    Strings are accepted wherever a path is.
    """

    spec: Path
    out: Path
    codegen: Path | None  # None: codegen.yaml beside the spec, when present
    sdk_package: (
        str | None
    )  # docs only: import lines under the SDK's package (`openai`)
    paths: tuple[str, ...]  # glob patterns selecting operations by path
    overlays: tuple[Path, ...]  # overlay documents applied to the spec, in order
    artifacts: frozenset[str]
    # another upstream document (a file or git:REV:PATH) in place of the pinned extract,
    # sliced and overlaid the same way (generator/load/upstream.py)
    upstream: str | None
    fail_on: frozenset[
        str
    ]  # warning kinds that are errors in this run (stale-decision)

    def __init__(
        self,
        spec: StrPath | None = None,
        out: StrPath | None = None,
        codegen: StrPath | None = None,
        sdk_package: str | None = None,
        paths: Iterable[str] = (),
        overlays: Iterable[StrPath] = (),
        artifacts: Iterable[str] = ARTIFACTS,
        upstream: str | None = None,
        fail_on: Iterable[str] = (),
    ) -> None:
        layers = tuple(Path(p) for p in overlays)
        naming = None if codegen is None else Path(codegen)
        if spec is None or out is None:
            from generator.project import require_project

            project = require_project("--spec and --out")
            if spec is None:
                spec = project.spec
                layers = layers or project.overlays
                naming = naming or project.codegen
            out = project.out if out is None else out
        object.__setattr__(self, "spec", Path(spec))
        object.__setattr__(self, "out", Path(out))
        object.__setattr__(self, "codegen", naming)
        object.__setattr__(self, "sdk_package", sdk_package)
        object.__setattr__(self, "paths", tuple(paths))
        object.__setattr__(self, "overlays", layers)
        object.__setattr__(self, "artifacts", frozenset(artifacts))
        object.__setattr__(self, "upstream", upstream)
        object.__setattr__(self, "fail_on", frozenset(fail_on))

    def codegen_path(self) -> Path | None:
        if self.codegen is not None:
            return self.codegen
        candidate = self.spec.parent / "codegen.yaml"
        return candidate if candidate.exists() else None
