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
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Problem, SpecError
from generator.load.document import Document, load_document, pointer_join
from generator.load.overlay import ActionResult, Overlay, apply_overlays, load_overlay

_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
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
_SLICE_FIELDS = {"operations", "webhooks", "schemas"}
_KEPT_TOP_LEVEL = ("openapi", "info", "servers", "security")


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
        if key not in _SLICE_FIELDS:
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


# -- slicing ---------------------------------------------------------------------------
def unalias(value: Any) -> Any:
    """A copy of `value` in which no mapping or list is shared (YAML aliases expanded).
    Depth is bounded by the loader (MAX_DEPTH), so recursion is safe."""
    if isinstance(value, dict):
        return {k: unalias(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unalias(v) for v in value]
    return value


def _refs(value: Any) -> list[str]:
    """Every local `$ref` (`#/...`) in `value`, in document (depth-first) order."""
    found: list[str] = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                found.append(ref)
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            stack.extend(reversed(current))
    return found


def _security_names(value: Any) -> set[str]:
    names: set[str] = set()
    for requirement in value if isinstance(value, list) else ():
        if isinstance(requirement, dict):
            names.update(str(k) for k in requirement)
    return names


def slice_document(document: Document, roots: SliceRoots) -> dict[str, Any]:
    """The roots of `document` and the closure of what they reference, un-aliased, in the
    source's order. A root that does not exist is a located error (in the config)."""
    data = document.data
    problems: list[str] = []
    paths = data.get("paths") if isinstance(data.get("paths"), dict) else {}
    chosen: dict[str, list[str]] = {}
    for root in roots.operations:
        method, _, path_part = root.partition(" ")
        hits = []
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            for verb in _HTTP_METHODS:
                op = item.get(verb)
                if not isinstance(op, dict):
                    continue
                if (
                    op.get("operationId") == root
                    or root == path
                    or (path_part == path and method.lower() == verb)
                ):
                    hits.append((path, verb))
        if not hits:
            problems.append(f"operation {root!r}")
        for path, verb in hits:
            chosen.setdefault(path, [])
            if verb not in chosen[path]:
                chosen[path].append(verb)
    webhooks = data.get("webhooks") if isinstance(data.get("webhooks"), dict) else {}
    for name in roots.webhooks:
        if name not in webhooks:
            problems.append(f"webhook {name!r}")
    components = (
        data.get("components") if isinstance(data.get("components"), dict) else {}
    )
    schemas = components.get("schemas") or {}
    for name in roots.schemas:
        if name not in schemas:
            problems.append(f"schema {name!r}")
    if problems:
        raise SpecError(
            [
                Problem(f"slice root {p} is not in {document.path}", str(document.path))
                for p in problems
            ]
        )
    out: dict[str, Any] = {k: data[k] for k in _KEPT_TOP_LEVEL if k in data}
    pending: list[Any] = []
    if chosen:
        out["paths"] = {}
        for path, item in paths.items():
            if path not in chosen:
                continue
            kept = {
                k: v
                for k, v in item.items()
                if k not in _HTTP_METHODS or k in chosen[path]
            }
            out["paths"][path] = kept
            pending.append(kept)
    if roots.webhooks:
        out["webhooks"] = {k: v for k, v in webhooks.items() if k in roots.webhooks}
        pending.append(out["webhooks"])
    wanted: dict[str, set[str]] = {"schemas": set(roots.schemas)}
    pending.extend(schemas[n] for n in roots.schemas)
    security = _security_names(data.get("security"))
    for item in pending:
        for verb in _HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(verb), dict):
                security |= _security_names(item[verb].get("security"))
    if security:
        wanted["securitySchemes"] = security
    while pending:
        for ref in _refs(pending.pop()):
            parts = ref[2:].split("/")
            if len(parts) < 3 or parts[0] != "components":
                continue
            section, name = parts[1], parts[2].replace("~1", "/").replace("~0", "~")
            names = wanted.setdefault(section, set())
            if name in names:
                continue
            names.add(name)
            target = (components.get(section) or {}).get(name)
            if target is not None:
                pending.append(target)
    if any(wanted.values()):
        out["components"] = {}
        for section, values in components.items():
            names = wanted.get(section, set())
            if not isinstance(values, dict) or not names:
                continue
            out["components"][section] = {k: v for k, v in values.items() if k in names}
    result = unalias(out)
    assert isinstance(result, dict)
    return result


_RELATIVE_LINK = re.compile(r"\]\((/[^)\s]*)\)")


def absolute_links(value: Any, base: str) -> Any:
    """Markdown links to site-relative paths (`](/docs/...)`) made absolute under `base`,
    in every string of the document (in place; returns the value)."""
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = absolute_links(item, base)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = absolute_links(item, base)
    elif isinstance(value, str) and "](/" in value:
        return _RELATIVE_LINK.sub(lambda m: f"]({base}{m.group(1)})", value)
    return value


def operation_titles(data: dict[str, Any]) -> None:
    """OpenAI's reference titles an operation by `x-oaiMeta.name` and describes it with the
    document's `summary`: make them the operation's `summary` and `description` (in place).
    An operation without `x-oaiMeta.name`, or with a description already, is left alone.
    """
    for item in (data.get("paths") or {}).values():
        for verb in _HTTP_METHODS:
            op = item.get(verb) if isinstance(item, dict) else None
            if not isinstance(op, dict) or "description" in op:
                continue
            meta = op.get("x-oaiMeta")
            name = meta.get("name") if isinstance(meta, dict) else None
            if isinstance(name, str) and isinstance(op.get("summary"), str):
                op["description"] = op["summary"]
                op["summary"] = name


_NULL = {"type": "null"}


def _described_member(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The one non-null member of a nullable union `schema` (anyOf/oneOf [X, null])."""
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if isinstance(members, list) and len(members) == 2 and _NULL in members:
            other = members[1 - members.index(_NULL)]
            return other if isinstance(other, dict) else None
    return None


def _bare_ref(schema: Any) -> str | None:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        if "description" not in schema:
            return str(schema["$ref"]).rpartition("/")[2]
    return None


def _open_enum_branch(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The enum branch of an open enum `anyOf: [string, string enum(, null)]`."""
    members = schema.get("anyOf")
    if not isinstance(members, list):
        return None
    kinds = [m for m in members if m != _NULL]
    if len(kinds) == 2 and kinds[0] == {"type": "string"}:
        branch = kinds[1]
        if isinstance(branch, dict) and "enum" in branch:
            return branch
    return None


def page_descriptions(data: dict[str, Any]) -> None:
    """Where the reference page shows upstream's descriptions (in place):
    - a nullable union `anyOf: [X, null]` is described by X's description;
    - an inline open enum (`anyOf: [string, enum]`) repeats its description on the enum;
    - a property that refers to a component (bare, or in a nullable union) without a
      description of its own is described by the component's description, which then
      stays on the component only where the component is also a member of a union (the
      page shows it there as a class);
    - a description ends at its last visible character (YAML `|` blocks end in a newline).
    """
    schemas = (data.get("components") or {}).get("schemas") or {}
    stack: list[Any] = [data]
    uses: dict[str, list[dict[str, Any]]] = {}
    in_union: set[str] = set()
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            member = _described_member(current)
            if (
                member is not None
                and "description" not in current
                and isinstance(member.get("description"), str)
            ):
                current["description"] = member.pop("description")
            branch = _open_enum_branch(current)
            if branch is not None and isinstance(current.get("description"), str):
                branch.setdefault("description", current["description"])
            text = current.get("description")
            if isinstance(text, str) and text != text.rstrip():
                current["description"] = text.rstrip()
            for keyword in ("anyOf", "oneOf"):
                for item in current.get(keyword) or ():
                    name = _bare_ref(item)
                    if name is not None and member is None:
                        in_union.add(name)
            props = current.get("properties")
            if isinstance(props, dict):
                for prop in props.values():
                    if not isinstance(prop, dict) or "description" in prop:
                        continue
                    inner = _described_member(prop)
                    name = _bare_ref(prop if inner is None else inner)
                    if name is not None:
                        uses.setdefault(name, []).append(prop)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    for name, props in uses.items():
        component = schemas.get(name)
        if isinstance(component, dict) and isinstance(
            component.get("description"), str
        ):
            text = component["description"]
            if name not in in_union:
                del component["description"]
            for prop in props:
                prop["description"] = text


def required_first(value: Any) -> None:
    """Every schema's `properties` in the page's order: the required ones, then the others,
    each alphabetically; `required` itself sorted (in place)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            props = current.get("properties")
            required = current.get("required")
            if isinstance(props, dict) and all(isinstance(k, str) for k in props):
                names = set(required) if isinstance(required, list) else set()
                current["properties"] = {
                    k: props[k]
                    for k in sorted(props, key=lambda k: (k not in names, k))
                }
            if isinstance(required, list) and all(isinstance(r, str) for r in required):
                current["required"] = sorted(required)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _ref_names(value: Any) -> list[str]:
    """Component schema names referenced in `value`, in document (depth-first) order."""
    prefix = "#/components/schemas/"
    return [r[len(prefix) :] for r in _refs(value) if r.startswith(prefix)]


def reading_order(data: dict[str, Any]) -> None:
    """Component schemas in the order a reader of the operations meets them (in place):
    the request bodies in path order and the JSON parts of multipart bodies, then what
    each refers to, depth first, then what the responses refer to, then the rest."""
    schemas = (data.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return
    operations = [
        op
        for item in (data.get("paths") or {}).values()
        if isinstance(item, dict)
        for verb in _HTTP_METHODS
        if isinstance(op := item.get(verb), dict)
    ]
    roots: list[str] = []
    for op in operations:
        body = op.get("requestBody")
        content = body.get("content") if isinstance(body, dict) else None
        for media in (content or {}).values():
            if not isinstance(media, dict):
                continue
            names = _ref_names(media.get("schema"))
            roots.extend(names)
            for name in names:
                props = (schemas.get(name) or {}).get("properties") or {}
                for part, encoding in (media.get("encoding") or {}).items():
                    json_part = (
                        isinstance(encoding, dict)
                        and encoding.get("contentType") == "application/json"
                    )
                    if json_part and isinstance(props.get(part), dict):
                        roots.extend(_ref_names(props[part]))
    order: dict[str, None] = dict.fromkeys(n for n in roots if n in schemas)

    def visit(name: str) -> None:
        pending = [name]
        while pending:
            current = pending.pop()
            if current in order and current != name:
                continue
            order[current] = None
            children = [n for n in _ref_names(schemas[current]) if n in schemas]
            pending.extend(reversed([n for n in children if n not in order]))

    for name in list(order):
        visit(name)
    for op in operations:
        for name in _ref_names(op.get("responses")):
            if name in schemas and name not in order:
                visit(name)
    for name in schemas:
        order.setdefault(name, None)
    data["components"]["schemas"] = {name: schemas[name] for name in order}


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
    if is_upstream_config(document.data):
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
        document.data = unalias(document.data)
    return _overlaid(document, tuple(overlays), None, None)


def effective_from_source(
    config: UpstreamConfig,
    source: Document,
    overlays: tuple[Path, ...] = (),
    facts: dict[str, str] | None = None,
) -> Effective:
    """The effective document of an upstream config over the upstream document `source`
    (the extract, or any other upstream document): slice, text rules, overlays."""
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
    if config is not None and config.page_descriptions:
        page_descriptions(data)
    if config is not None and config.component_order == "reading":
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


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def config_problem(config: UpstreamConfig, message: str, *tokens: str | int) -> Problem:
    return config.document.problem(message, pointer_join("", *tokens))


# -- the extract -----------------------------------------------------------------------
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
        if sep and key.startswith("slice ") and kind in _SLICE_FIELDS:
            value = value.strip()
            found[kind] = (
                () if value == "-" else tuple(v.strip() for v in value.split(","))
            )
    if set(found) != _SLICE_FIELDS:
        return None
    return SliceRoots(
        operations=found["operations"],
        webhooks=found["webhooks"],
        schemas=found["schemas"],
    )
