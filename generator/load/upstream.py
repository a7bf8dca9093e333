"""The spec as the upstream document plus our decisions.

`spec/upstream.yaml` (hand-written) names the pinned extract, the slice roots and the overlays:

    extract: openapi.upstream.yaml     # written by `callspec update`, with its provenance
    links_base: https://platform.openai.com
    slice:
      operations: [accept-realtime-call, ...]   # operationId, "METHOD /path" or "/path"
      webhooks: []                              # names in the document's `webhooks:`
      schemas: []                               # named component schemas
    overlays: [decisions.overlay.yaml]

The effective document is: the upstream document (the extract, or `--upstream PATH`) →
sliced to the roots and the closure of what they reference, un-aliased (every value its own
copy: 5162af9 shares lists by YAML alias, and an overlay must change one place only) →
relative documentation links made absolute (`](/docs/...)` → `](https://platform...)`) →
each overlay applied in order.

The parts live beside this module: upstream_config.py (the config), slicing.py, page_rules.py
(the presentation rules), extract.py (the extract file and its provenance).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import Problem, SpecError
from generator.load.document import Document, load_document

# What only an upstream config or an overlay needs is imported when one is met: a plain
# spec (the full upstream document) is generated without them (~7 ms of imports).
if TYPE_CHECKING:
    from generator.load.overlay import ActionResult, Overlay
    from generator.load.upstream_config import UpstreamConfig


# -- the effective document --------------------------------------------------------------
@dataclass
class Effective:
    """The document the IR is built from, and what each overlay action did."""

    document: Document
    results: list[ActionResult] = field(default_factory=list)
    overlays: list[Overlay] = field(default_factory=list)
    config: UpstreamConfig | None = None
    sliced: dict[str, Any] | None = None  # the slice before the overlays


def read_source(ref: str | Path, cwd: Path | None = None) -> Document:
    """An upstream document: a file, or `git:REV:PATH` in the repository at `cwd`."""
    text = str(ref)
    if not text.startswith("git:"):
        return load_document(Path(text))
    rev, _, path = text[4:].partition(":")
    if not rev or not path:
        raise SpecError([Problem(f"expected git:REV:PATH, got {text!r}")])
    shown = subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=cwd, capture_output=True, check=False
    )
    if shown.returncode != 0:
        message = shown.stderr.decode(errors="replace").strip()
        raise SpecError([Problem(f"cannot read {text}: {message}")])
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / Path(path).name
        target.write_bytes(shown.stdout)
        document = load_document(target)
    document.path = Path(text)  # errors name what the user gave
    document._positions = None
    return document


def effective_document(
    spec: Path,
    overlays: tuple[Path, ...] = (),
    upstream: str | Path | None = None,
) -> Effective:
    """Load `spec`: an OpenAPI document, or an upstream config (`spec/upstream.yaml`),
    then apply its overlays and `overlays` (the user's, after ours)."""
    document = load_document(spec)
    if _is_upstream_config(document.data):
        from generator.load.extract import guess_commit, provenance
        from generator.load.upstream_config import parse_config

        config = parse_config(document)
        if upstream is None:
            source = load_document(config.extract)
            facts = provenance(source.text)
        else:
            source = read_source(upstream, spec.parent)
            facts = {"commit": guess_commit(str(upstream))}
        return effective_from_source(config, source, overlays, facts)
    if upstream is not None:
        raise SpecError(
            [
                Problem(
                    "--upstream needs an upstream config (spec/upstream.yaml) as "
                    "--spec: it names the slice roots",
                    str(spec),
                )
            ]
        )
    if overlays:  # a hand-written spec may share values by alias too
        from generator.load.slicing import unalias

        document.data = unalias(document.data)
    return _overlaid(document, tuple(overlays), None, None)


def _is_upstream_config(data: Any) -> bool:
    """upstream_config.py's `is_upstream_config`, its module imported only for a
    mapping with a `slice`, which every upstream config has."""
    if not (isinstance(data, dict) and "slice" in data):
        return False
    from generator.load.upstream_config import is_upstream_config

    return is_upstream_config(data)


def effective_from_source(
    config: UpstreamConfig,
    source: Document,
    overlays: tuple[Path, ...] = (),
    facts: dict[str, str] | None = None,
) -> Effective:
    """The effective document of an upstream config over the upstream document `source`
    (the extract, or any other upstream document): slice, text rules, overlays."""
    from generator.load.page_rules import (
        absolute_links,
        operation_titles,
        required_first,
    )
    from generator.load.slicing import slice_document, unalias

    sliced = slice_document(source, config.roots)
    _record_upstream(sliced, facts or {})
    if config.links_base:
        absolute_links(sliced, config.links_base)
    if config.operation_titles:
        operation_titles(sliced)
    if config.property_order == "required-first":
        # before the overlays: what they add keeps the place they give it
        required_first(sliced.get("components"))
    document = Document(path=source.path, text=source.text, data=sliced)
    return _overlaid(
        document, config.overlays + tuple(overlays), config, unalias(sliced)
    )


def _overlaid(
    document: Document,
    paths: tuple[Path, ...],
    config: UpstreamConfig | None,
    sliced: dict[str, Any] | None,
) -> Effective:
    loaded: list[Overlay] = []
    results: list[ActionResult] = []
    data = document.data
    if paths:
        from generator.load.overlay import apply_overlays, load_overlay

        loaded = [load_overlay(p) for p in paths]
        data, results = apply_overlays(document.data, loaded)
    if not isinstance(data, dict):
        raise SpecError(
            [
                Problem(
                    "the overlays leave no mapping at the top level", str(document.path)
                )
            ]
        )
    if config is not None:
        from generator.load.page_rules import page_descriptions, reading_order

        if config.page_descriptions:
            page_descriptions(data)
        if config.component_order == "reading":
            reading_order(data)
    document.data = data
    return Effective(
        document=document,
        results=results,
        overlays=loaded,
        config=config,
        sliced=sliced,
    )


def _record_upstream(data: dict[str, Any], found: dict[str, str]) -> None:
    """`info.x-callspec-upstream`: the upstream commit and its date, from the extract's
    provenance (generator/versioning.py derives the package version from the date)."""
    commit, date = found.get("commit", "unknown"), found.get("date", "unknown")
    info = data.get("info")
    if "unknown" not in (commit, date) and isinstance(info, dict):  # both, or neither
        info["x-callspec-upstream"] = {"commit": commit, "date": date}
