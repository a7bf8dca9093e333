"""`spec/upstream.yaml`, the upstream config, read and checked: which extract, the slice
roots, the overlays and the reference page's presentation rules (generator/load/page_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem, SpecError
from generator.load.document import Document, load_document

_CONFIG_FIELDS = {
    "extract",
    "links_base",
    "operation_titles",
    "property_order",
    "page_descriptions",
    "component_order",
    "slice",
    "overlays",
}
SLICE_FIELDS = {"operations", "webhooks", "schemas"}


@dataclass(frozen=True)
class SliceRoots:
    operations: tuple[str, ...] = ()
    webhooks: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpstreamConfig:
    """`spec/upstream.yaml`, checked."""

    document: Document
    extract: Path
    roots: SliceRoots
    overlays: tuple[Path, ...]
    links_base: str | None = None
    operation_titles: bool = False
    property_order: str | None = None
    page_descriptions: bool = False
    component_order: str | None = None

    @property
    def path(self) -> Path:
        return self.document.path


def is_upstream_config(data: Any) -> bool:
    return isinstance(data, dict) and "slice" in data and "openapi" not in data


def parse_config(document: Document) -> UpstreamConfig:
    data = document.data
    problems: list[Problem] = []
    for key in data:
        if key not in _CONFIG_FIELDS:
            problems.append(document.problem(f"unknown field {key!r}", f"/{key}"))
    extract = data.get("extract")
    if not isinstance(extract, str):
        problems.append(
            document.problem("`extract` must name the extract file", "/extract")
        )
    raw_slice = data.get("slice")
    roots: dict[str, tuple[str, ...]] = {}
    if not isinstance(raw_slice, dict):
        problems.append(document.problem("`slice` must be a mapping", "/slice"))
        raw_slice = {}
    for key, value in raw_slice.items():
        if key not in SLICE_FIELDS:
            problems.append(
                document.problem(
                    f"unknown slice root kind {key!r} (operations, webhooks, schemas)",
                    f"/slice/{key}",
                )
            )
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(
                document.problem("must be a list of strings", f"/slice/{key}")
            )
        else:
            roots[key] = tuple(value)
    overlays = data.get("overlays", [])
    if not isinstance(overlays, list) or not all(isinstance(o, str) for o in overlays):
        problems.append(
            document.problem("`overlays` must be a list of file names", "/overlays")
        )
        overlays = []
    links_base = data.get("links_base")
    if links_base is not None and not isinstance(links_base, str):
        problems.append(document.problem("`links_base` must be a URL", "/links_base"))
    titles = data.get("operation_titles", False)
    if not isinstance(titles, bool):
        problems.append(
            document.problem(
                "`operation_titles` must be true or false", "/operation_titles"
            )
        )
    page_descriptions = data.get("page_descriptions", False)
    if not isinstance(page_descriptions, bool):
        problems.append(
            document.problem(
                "`page_descriptions` must be true or false", "/page_descriptions"
            )
        )
    component_order = data.get("component_order")
    if component_order not in (None, "reading"):
        problems.append(
            document.problem(
                "`component_order` must be `reading` (or absent)", "/component_order"
            )
        )
    order = data.get("property_order")
    if order not in (None, "required-first"):
        problems.append(
            document.problem(
                "`property_order` must be `required-first` (or absent)",
                "/property_order",
            )
        )
    if problems:
        raise SpecError(problems)
    base = document.path.parent
    return UpstreamConfig(
        document=document,
        extract=base / str(extract),
        roots=SliceRoots(**roots),
        overlays=tuple(base / o for o in overlays),
        links_base=links_base.rstrip("/") if isinstance(links_base, str) else None,
        operation_titles=titles is True,
        property_order=order if isinstance(order, str) else None,
        page_descriptions=page_descriptions is True,
        component_order=component_order if isinstance(component_order, str) else None,
    )


def load_config(path: Path) -> UpstreamConfig:
    return parse_config(load_document(path))
