"""The extract file (`spec/openapi.upstream.yaml`): its provenance header, written and read
back, and the slice as deterministic YAML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.load.upstream_config import SliceRoots, SLICE_FIELDS


def sha256_of(path: Path) -> str:
    import hashlib  # OpenSSL's library: only where an extract is checked

    return hashlib.sha256(path.read_bytes()).hexdigest()


_COMMIT_IN_PATH = re.compile(r"openai-openapi-([0-9a-f]{7,40})")


def guess_commit(source: str) -> str:
    """The upstream commit an `openai-openapi-<sha>` path names (also inside a
    `git:REV:PATH`: REV is a commit of this repository, not of upstream), else unknown.
    """
    found = _COMMIT_IN_PATH.search(source)
    return found.group(1) if found else "unknown"


def render_extract(
    sliced: dict[str, Any],
    roots: SliceRoots,
    source: str,
    sha256: str,
    commit: str,
    date: str | None = None,
) -> str:
    """The extract file: a provenance header, then the slice as YAML (deterministic)."""
    import yaml

    def listed(values: tuple[str, ...]) -> str:
        return ", ".join(values) if values else "-"

    header = [
        "# Extract of the OpenAI OpenAPI document (github.com/openai/openai-openapi, MIT",
        "# licence): the slice roots below and the closure of what they reference, verbatim",
        "# but un-aliased. Written by `callspec update`; do not edit: our decisions are the",
        "# overlays named in upstream.yaml.",
        f"# source: {source}",
        f"# commit: {commit}",
        f"# date: {date or 'unknown'}",
        f"# sha256: {sha256}",
        f"# slice operations: {listed(roots.operations)}",
        f"# slice webhooks: {listed(roots.webhooks)}",
        f"# slice schemas: {listed(roots.schemas)}",
    ]
    body = yaml.safe_dump(
        sliced, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return "\n".join(header) + "\n" + body


def provenance(text: str) -> dict[str, str]:
    """The `# key: value` header of an extract."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(": ")
        if sep and key in ("source", "commit", "date", "sha256"):
            found[key] = value
    return found


def extract_roots(text: str) -> SliceRoots | None:
    """The slice roots an extract was made with (its `# slice KIND: a, b` header lines; `-`
    for none), or None when its header does not say: the old side of `update` slices the
    old extract with these, so that adding a root is an update, not an error."""
    found: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(": ")
        kind = key.removeprefix("slice ")
        if sep and key.startswith("slice ") and kind in SLICE_FIELDS:
            value = value.strip()
            found[kind] = (
                () if value == "-" else tuple(v.strip() for v in value.split(","))
            )
    if set(found) != SLICE_FIELDS:
        return None
    return SliceRoots(
        operations=found["operations"],
        webhooks=found["webhooks"],
        schemas=found["schemas"],
    )
