"""One configuration object shared by the CLI and the library API."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# the project spec: the pinned upstream extract + our overlays (generator/load/upstream.py)
DEFAULT_SPEC = REPO_ROOT / "spec" / "upstream.yaml"
DEFAULT_OUT = REPO_ROOT / "generated"
TEMPLATES = REPO_ROOT / "templates"
if not TEMPLATES.is_dir():
    # installed from a wheel (the pre-commit hook): the templates of the checkout
    TEMPLATES = Path.cwd() / "templates"


@dataclass(frozen=True)
class GenerateConfig:
    """Everything a generation run depends on. The CLI builds one from its flags."""

    spec: Path = DEFAULT_SPEC
    out: Path = DEFAULT_OUT
    codegen: Path | None = (
        None  # defaults to codegen.yaml beside the spec, when present
    )
    sdk_package: str | None = (
        None  # render docs/client under the SDK's naming (`openai`)
    )
    paths: tuple[str, ...] = ()  # glob patterns selecting operations by path
    overlays: tuple[Path, ...] = ()  # the user's overlays, applied after the project's
    upstream: str | None = None  # another upstream document, sliced like the extract
    artifacts: frozenset[str] = field(
        default_factory=lambda: frozenset(
            {"client", "schemas", "docs", "openapi", "strategies"}
        )
    )

    def codegen_path(self) -> Path | None:
        if self.codegen is not None:
            return self.codegen
        candidate = self.spec.parent / "codegen.yaml"
        return candidate if candidate.exists() else None
