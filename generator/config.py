"""One configuration object shared by the CLI and the library API."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# A wheel carries the templates inside the package (setup.py's build step puts them there);
# a checkout, editable install included, reads them where they are written.
TEMPLATES = PACKAGE_DIR / "_templates"
if not TEMPLATES.is_dir():
    TEMPLATES = PACKAGE_DIR.parent / "templates"

ARTIFACTS = frozenset({"client", "schemas", "docs", "openapi", "strategies"})


def _path(value: Path | str | None) -> Path | None:
    return None if value is None else Path(value)


@dataclass(frozen=True)
class GenerateConfig:
    """Everything a generation run depends on. The CLI builds one from its flags.

    `spec`, `out` and `codegen` left as None come from the project found from the current
    directory (generator/project.py); strings are accepted wherever a path is.
    """

    spec: Path = None  # type: ignore[assignment]  # filled in by __post_init__
    out: Path = None  # type: ignore[assignment]
    codegen: Path | None = (
        None  # defaults to the project's, else codegen.yaml beside the spec
    )
    sdk_package: str | None = (
        None  # render docs/client under the SDK's naming (`openai`)
    )
    paths: tuple[str, ...] = ()  # glob patterns selecting operations by path
    overlays: tuple[Path, ...] = ()  # overlay documents applied to the spec, in order
    artifacts: frozenset[str] = field(default_factory=lambda: ARTIFACTS)

    def __post_init__(self) -> None:
        spec, out, codegen = _path(self.spec), _path(self.out), _path(self.codegen)
        overlays = tuple(Path(p) for p in self.overlays)
        if spec is None or out is None:
            from generator.project import require_project

            project = require_project("--spec and --out")
            if spec is None:
                spec = project.spec
                overlays = overlays or project.overlays
                codegen = codegen or project.codegen
            out = out or project.out
        object.__setattr__(self, "spec", spec)
        object.__setattr__(self, "out", out)
        object.__setattr__(self, "codegen", codegen)
        object.__setattr__(self, "overlays", overlays)
        object.__setattr__(self, "paths", tuple(self.paths))
        object.__setattr__(self, "artifacts", frozenset(self.artifacts))

    def codegen_path(self) -> Path | None:
        if self.codegen is not None:
            return self.codegen
        candidate = self.spec.parent / "codegen.yaml"
        return candidate if candidate.exists() else None
