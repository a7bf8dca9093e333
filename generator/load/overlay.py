"""OpenAPI Overlay documents (1.0.0 and 1.1.0, incl. 1.1's `copy`), applied in order.

Targets and `copy` sources are RFC 9535 JSONPath queries, evaluated by `jsonpath-rfc9535`
(a compliant implementation; jsonpath-ng is not). Semantics, per the Overlay specification:

- actions apply in document order; each target is evaluated against the result so far;
- `remove: true` removes every selected node from the object or array holding it;
- `update` merges into every selected node: an object merges recursively (object into
  object; an array value is appended to an array; anything else replaces), an array target
  gets the value appended (an array value is appended item by item), a scalar target is
  replaced (a common extension: 1.0 leaves scalar targets undefined);
- `copy` (1.1.0) is a query selecting exactly one node whose value is merged as `update`;
- a target that selects nothing changes nothing and is not an error (the specification
  says so); the result records it, so `callspec update` can report a stale decision.

Malformed overlays (missing or unknown fields, a version other than 1.0.x / 1.1.x, `copy`
in a 1.0 overlay, a JSONPath syntax error) are located errors: FILE:LINE:COL at /pointer.
"""

from __future__ import annotations

import copy as copy_module
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from generator.errors import Problem, SpecError
from generator.load.document import Document, load_document

_VERSION = re.compile(r"^1\.([01])\.\d+$")
_ROOT_FIELDS = {"overlay", "info", "extends", "actions"}
_INFO_FIELDS = {"title", "version", "description"}
_ACTION_FIELDS = {"target", "description", "update", "remove", "copy"}


@dataclass(frozen=True)
class Action:
    """One Action Object, with where it sits in its overlay file."""

    index: int
    target: str
    description: str | None
    update: Any = None
    has_update: bool = False
    remove: bool = False
    copy: str | None = None

    @property
    def pointer(self) -> str:
        return f"/actions/{self.index}"


@dataclass(frozen=True)
class Overlay:
    """A parsed, checked Overlay document."""

    document: Document
    version: str
    title: str
    actions: tuple[Action, ...]
    extends: str | None = None

    @property
    def path(self) -> Path:
        return self.document.path

    def problem(self, message: str, pointer: str) -> Problem:
        return self.document.problem(message, pointer)


MISSING = "<absent>"
# keywords a decision often takes from a description's prose ("Defaults to ...", "0.0 to 1.0")
_FROM_PROSE = {
    "default",
    "minimum",
    "maximum",
    "enum",
    "examples",
}  # what a snapshot holds for a key the target does not have


@dataclass(frozen=True)
class ActionResult:
    """What one action did: how many nodes its target selected, and what it found there
    (`before`: normalized path -> value, only what the action reads or replaces) so that
    two runs can tell whether upstream changed under a decision."""

    overlay: Overlay
    action: Action
    matched: int
    before: tuple[tuple[str, Any], ...] = ()

    def where(self) -> str:
        return (
            self.overlay.problem("", self.action.pointer).render().split(": error")[0]
        )


def _is_extension(key: Any) -> bool:
    return isinstance(key, str) and key.startswith("x-")


def _compile(
    query: Any, document: Document, pointer: str, problems: list[Problem]
) -> None:
    if not isinstance(query, str):
        problems.append(document.problem("must be a JSONPath string", pointer))
        return
    import jsonpath_rfc9535 as jsonpath  # with its `regex`: only where overlays are

    try:
        jsonpath.compile(query)
    except jsonpath.JSONPathError as exc:
        problems.append(document.problem(f"bad JSONPath {query!r}: {exc}", pointer))


def parse_overlay(document: Document) -> Overlay:
    """Check an Overlay document's shape; every problem is raised at once."""
    problems: list[Problem] = []
    data = document.data
    for key in data:
        if key not in _ROOT_FIELDS and not _is_extension(key):
            problems.append(
                document.problem(f"unknown overlay field {key!r}", f"/{key}")
            )
    version = data.get("overlay")
    minor = None
    if version is None:
        problems.append(document.problem("missing `overlay` (the version)", "/"))
    elif not isinstance(version, str) or not _VERSION.match(version):
        problems.append(
            document.problem(
                f"unsupported overlay version {version!r}: expected 1.0.x or 1.1.x",
                "/overlay",
            )
        )
    else:
        minor = int(_VERSION.match(version).group(1))  # type: ignore[union-attr]
    info = data.get("info")
    title = ""
    if not isinstance(info, dict):
        problems.append(document.problem("`info` must be a mapping", "/info"))
    else:
        for key in info:
            if key not in _INFO_FIELDS and not _is_extension(key):
                problems.append(
                    document.problem(f"unknown info field {key!r}", f"/info/{key}")
                )
        for key in ("title", "version"):
            if not isinstance(info.get(key), str):
                problems.append(
                    document.problem(f"info.{key} must be a string", f"/info/{key}")
                )
        title = str(info.get("title", ""))
    extends = data.get("extends")
    if extends is not None and not isinstance(extends, str):
        problems.append(document.problem("`extends` must be a string", "/extends"))
    raw_actions = data.get("actions")
    actions: list[Action] = []
    if not isinstance(raw_actions, list) or not raw_actions:
        problems.append(
            document.problem("`actions` must be a non-empty list", "/actions")
        )
        raw_actions = []
    for index, raw in enumerate(raw_actions):
        at = f"/actions/{index}"
        if not isinstance(raw, dict):
            problems.append(document.problem("an action must be a mapping", at))
            continue
        for key in raw:
            if key not in _ACTION_FIELDS and not _is_extension(key):
                problems.append(
                    document.problem(
                        f"unknown action field {key!r} (expected target, description, "
                        "update, remove, copy or x-...)",
                        f"{at}/{key}",
                    )
                )
        if "target" not in raw:
            problems.append(document.problem("action without a `target`", at))
        else:
            _compile(raw["target"], document, f"{at}/target", problems)
        description = raw.get("description")
        if description is not None and not isinstance(description, str):
            problems.append(
                document.problem("`description` must be a string", f"{at}/description")
            )
        remove = raw.get("remove", False)
        if not isinstance(remove, bool):
            problems.append(
                document.problem("`remove` must be true or false", f"{at}/remove")
            )
        copy_from = raw.get("copy")
        if "copy" in raw:
            if minor == 0:
                problems.append(
                    document.problem(
                        "`copy` needs overlay 1.1.0 (this overlay is 1.0)", f"{at}/copy"
                    )
                )
            _compile(copy_from, document, f"{at}/copy", problems)
        chosen = [
            name
            for name, present in (
                ("update", "update" in raw),
                ("remove", remove is True),
                ("copy", "copy" in raw),
            )
            if present
        ]
        if len(chosen) > 1:
            problems.append(
                document.problem(
                    f"an action takes one of update, remove and copy, not {' and '.join(chosen)}",
                    at,
                )
            )
        elif not chosen:
            problems.append(
                document.problem("action with none of update, remove: true, copy", at)
            )
        actions.append(
            Action(
                index=index,
                target=str(raw.get("target", "")),
                description=description if isinstance(description, str) else None,
                update=raw.get("update"),
                has_update="update" in raw,
                remove=remove is True,
                copy=copy_from if isinstance(copy_from, str) else None,
            )
        )
    if problems:
        raise SpecError(problems)
    return Overlay(
        document=document,
        version=str(version),
        title=title,
        actions=tuple(actions),
        extends=extends if isinstance(extends, str) else None,
    )


def load_overlay(path: Path) -> Overlay:
    """Read and check an Overlay file (YAML or JSON)."""
    return parse_overlay(load_document(path))


def _merge(target: Any, value: Any) -> Any:
    """`value` merged into `target` (both left unshared with the overlay)."""
    if isinstance(target, dict) and isinstance(value, dict):
        for key, item in value.items():
            target[key] = _merge(target[key], item) if key in target else _clone(item)
        return target
    if isinstance(target, list):
        target.extend(_clone(value) if isinstance(value, list) else [_clone(value)])
        return target
    return _clone(value)


def _clone(value: Any) -> Any:
    return copy_module.deepcopy(value)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return f"a {type(value).__name__} value"


def apply_overlay(data: Any, overlay: Overlay) -> tuple[Any, list[ActionResult]]:
    """Apply `overlay` to `data` (changed in place; the root is returned, as a scalar root
    can be replaced). Raises SpecError when an action cannot apply."""
    import jsonpath_rfc9535 as jsonpath

    results: list[ActionResult] = []
    problems: list[Problem] = []
    for action in overlay.actions:
        nodes = jsonpath.find(action.target, data)
        results.append(
            ActionResult(overlay, action, len(nodes), _snapshot(action, nodes, data))
        )
        if not nodes:
            continue
        if action.remove:
            removals: list[tuple[Any, Any]] = []
            for node in nodes:
                if node.parent is None:
                    problems.append(
                        overlay.problem(
                            "cannot remove the document root",
                            action.pointer + "/target",
                        )
                    )
                    continue
                removals.append((node.parent.value, node.location[-1]))
            # array items from the highest index down, so earlier indexes hold
            removals.sort(key=lambda r: -r[1] if isinstance(r[1], int) else 0)
            for container, key in removals:
                if isinstance(container, dict):
                    container.pop(key, None)
                elif isinstance(container, list) and isinstance(key, int):
                    del container[key]
            continue
        if action.copy is not None:
            sources = jsonpath.find(action.copy, data)
            if len(sources) != 1:
                problems.append(
                    overlay.problem(
                        f"`copy` must select exactly one node; {action.copy!r} selects "
                        f"{len(sources)}",
                        action.pointer + "/copy",
                    )
                )
                continue
            value = _clone(sources[0].value)
        else:
            value = action.update
        for node in nodes:
            current = node.value
            if isinstance(current, dict) and not isinstance(value, dict):
                problems.append(
                    overlay.problem(
                        f"target {node.path()} is an object; the update must be an "
                        f"object, not {_describe(value)}",
                        action.pointer + ("/copy" if action.copy else "/update"),
                    )
                )
                continue
            merged = _merge(current, value)
            if merged is not current:  # a scalar replaced in its parent
                if node.parent is None:
                    data = merged
                else:
                    parent: Any = node.parent.value
                    parent[node.location[-1]] = merged
    if problems:
        raise SpecError(problems)
    return data, results


def _snapshot(action: Action, nodes: Any, data: Any) -> tuple[tuple[str, Any], ...]:
    """What `action` is about to read, replace or merge into, by normalized path."""
    import jsonpath_rfc9535 as jsonpath

    seen: list[tuple[str, Any]] = []
    if action.copy is not None:
        sources = jsonpath.find(action.copy, data)
        seen += [(f"copy {n.path()}", _clone(n.value)) for n in sources]
    for node in nodes:
        value = node.value
        if action.has_update and isinstance(action.update, dict):
            if isinstance(value, dict):
                keys = list(action.update)
                if _FROM_PROSE & set(keys):  # a value the text states: watch the text
                    keys.append("description")
                for key in keys:
                    seen.append(
                        (f"{node.path()}['{key}']", _clone(value.get(key, MISSING)))
                    )
                continue
        if action.remove or action.has_update:
            seen.append((node.path(), _clone(value)))
    return tuple(seen)


def apply_overlays(
    data: Any, overlays: list[Overlay]
) -> tuple[Any, list[ActionResult]]:
    results: list[ActionResult] = []
    for overlay in overlays:
        data, more = apply_overlay(data, overlay)
        results.extend(more)
    return data, results
