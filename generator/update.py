"""`callspec update`: move the project to another upstream document, decisions included.

The project's spec is an upstream config (spec/upstream.yaml): the pinned extract, the slice
roots, the text rules and the overlays. Updating re-slices the new upstream document, applies
the same overlays, and reports

- stale decisions (contract rule 7): overlay actions whose target no longer exists or whose
  upstream text or shape changed under them, naming entries of the codegen config that
  name a type or operation no longer there, rules whose target type or property is gone,
  whose quoted upstream text upstream now words differently, or whose model list misses
  new members of a listed model's family;
- the classified diff of the effective spec, old -> new (generator/diff.py);

then writes the new extract (with its provenance) into spec/ and regenerates the output.
Everything is rendered before anything is written; hand-written files in spec/ are only read.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import GenerateConfig
from generator.diff import Change, diff_apis
from generator.errors import Problem, SpecError
from generator.ir import nodes as ir
from generator.load.document import Document, load_document
from generator.load.overlay import ActionResult
from generator.load.extract import (
    extract_roots,
    guess_commit,
    provenance,
    render_extract,
)
from generator.load.slicing import slice_document
from generator.load.upstream import Effective, effective_from_source, read_source
from generator.load.upstream_config import (
    UpstreamConfig,
    is_upstream_config,
    parse_config,
)

TARGET_GONE = "target-gone"
UPSTREAM_CHANGED = "upstream-changed"
CONFIG_GONE = "config-gone"
RULE_STALE = "rule-stale"
_SHOWN = 3  # changed paths shown per action


@dataclass(frozen=True)
class Stale:
    """One decision that no longer applies as written."""

    kind: str
    where: str  # FILE:LINE:COL, or the rule / config entry
    name: str  # the action's description, the rule id, the config entry
    message: str

    def render(self) -> str:
        return f"{self.where}: {self.kind}: {self.name}: {self.message}"

    def as_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "where": self.where,
            "name": self.name,
            "message": self.message,
        }


@dataclass
class Plan:
    """Everything an update would do, computed without writing anything."""

    old: dict[str, str]
    new: dict[str, str]
    stale: list[Stale]
    changes: list[Change]
    extract: Path
    extract_text: str
    out: Path
    files: dict[str, str] = field(default_factory=dict)


# -- stale decisions ----------------------------------------------------------------------
def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 100 else text[:97] + "..."


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def _where(result: ActionResult) -> str:
    rendered = result.overlay.problem("", result.action.pointer).render()
    file, sep, position = rendered.split(": error")[0].partition(":")
    return _relative(file) + sep + position


def _delta(then: Any, now: Any, at: str = "") -> list[str]:
    """What differs between two values, as short `path: change` phrases."""
    if isinstance(then, dict) and isinstance(now, dict):
        out: list[str] = []
        for key in dict.fromkeys([*then, *now]):
            here = f"{at}.{key}" if at else str(key)
            if key not in then:
                out.append(f"{here} added")
            elif key not in now:
                out.append(f"{here} removed")
            else:
                out += _delta(then[key], now[key], here)
        return out
    if then == now:
        return []
    if isinstance(then, list) and isinstance(now, list):
        gained = [v for v in now if v not in then]
        lost = [v for v in then if v not in now]
        scalars = all(not isinstance(v, (dict, list)) for v in then + now)
        if scalars and (gained or lost):
            parts = [f"+{_short(v)}" for v in gained] + [f"-{_short(v)}" for v in lost]
            return [f"{at or 'value'}: {' '.join(parts)}"]
        if len(then) == len(now):
            out = []
            for index, (a, b) in enumerate(zip(then, now)):
                out += _delta(a, b, f"{at}[{index}]")
            return out
    return [f"{at or 'value'}: {_short(then)} -> {_short(now)}"]


def stale_actions(old: list[ActionResult], new: list[ActionResult]) -> list[Stale]:
    """Actions that matched before and match nothing now, or whose targets hold other
    upstream values now (compared at the moment each action applies)."""
    found: list[Stale] = []
    before = {(str(r.overlay.path), r.action.index): r for r in old}
    for result in new:
        earlier = before.get((str(result.overlay.path), result.action.index))
        name = result.action.description or result.action.target
        if earlier is None or earlier.matched == 0:
            continue
        if result.matched == 0:
            message = f"target {result.action.target} selects nothing any more"
            found.append(Stale(TARGET_GONE, _where(result), name, message))
            continue
        then, now = dict(earlier.before), dict(result.before)
        changed = [
            f"{path} {change}"
            for path in dict.fromkeys([*then, *now])
            for change in _delta(then.get(path, "<absent>"), now.get(path, "<absent>"))
        ]
        if changed:
            more = f" (+{len(changed) - _SHOWN} more)" if len(changed) > _SHOWN else ""
            message = "upstream changed under it: " + "; ".join(changed[:_SHOWN]) + more
            found.append(Stale(UPSTREAM_CHANGED, _where(result), name, message))
    return found


def _components(data: dict[str, Any]) -> dict[str, Any]:
    schemas = (data.get("components") or {}).get("schemas")
    return schemas if isinstance(schemas, dict) else {}


def _operation_ids(data: dict[str, Any]) -> set[str]:
    return {
        str(op.get("operationId"))
        for item in (data.get("paths") or {}).values()
        if isinstance(item, dict)
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }


def stale_config(codegen: Document | None, data: dict[str, Any]) -> list[Stale]:
    """Entries of the codegen config naming a type, property or operation that is gone."""
    if codegen is None or not isinstance(codegen.data, dict):
        return []
    schemas = _components(data)
    found: list[Stale] = []

    def gone(pointer: str, name: str, message: str) -> None:
        where = codegen.problem("", pointer).render().split(": error")[0]
        file, sep, position = where.partition(":")
        where = _relative(file) + sep + position
        found.append(Stale(CONFIG_GONE, where, name, message))

    for name in codegen.data.get("param_names") or {}:
        if name not in schemas:
            gone(f"/param_names/{name}", name, f"no schema {name!r} any more")
    for name, places in (codegen.data.get("context_names") or {}).items():
        if name not in schemas:
            gone(f"/context_names/{name}", name, f"no schema {name!r} any more")
        for place in places or {}:
            owner, _, prop = str(place).partition(".")
            props = (schemas.get(owner) or {}).get("properties") or {}
            if prop not in props:
                message = f"no property {prop!r} in {owner!r} any more"
                gone(f"/context_names/{name}/{place}", f"{name} at {place}", message)
    operations = _operation_ids(data)
    for op in codegen.data.get("operations") or {}:
        if op not in operations:
            gone(f"/operations/{op}", op, f"no operation {op!r} any more")
    return found


_QUOTE = re.compile(r'page: "([^"]+)"')
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _texts(value: Any) -> list[str]:
    found: list[str] = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            text = current.get("description")
            if isinstance(text, str):
                found.append(" ".join(text.split()))
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


def _model_values(schema: Any, prop: str) -> list[str]:
    props = schema.get("properties") if isinstance(schema, dict) else None
    target = props.get(prop) if isinstance(props, dict) else None
    values: list[str] = []
    stack = [target]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            values += [v for v in current.get("enum") or () if isinstance(v, str)]
            stack.extend(current.get("anyOf") or ())
            stack.extend(current.get("oneOf") or ())
    return values


def stale_rules(old: dict[str, Any], new: dict[str, Any]) -> list[Stale]:
    """Rules (x-callspec-rules) whose target is gone, whose quoted upstream sentence
    upstream now words differently, or whose model list misses new members of the family
    of a listed model (contract rule 2: `gpt-realtime-2` and the ids continuing it with
    `.` or `-`)."""
    found: list[Stale] = []
    schemas, old_schemas = _components(new), _components(old)
    for rule in new.get("x-callspec-rules") or ():
        if not isinstance(rule, dict):
            continue
        rule_id = str(rule.get("id"))
        where = f"rule {rule_id}"
        targets = [str(t) for t in rule.get("applies_to") or ()]
        for name in targets:
            if name not in schemas:
                message = f"applies to {name!r}, which is gone"
                found.append(Stale(RULE_STALE, where, rule_id, message))
        props = [str(p) for p in rule.get("properties") or ()]
        if isinstance(rule.get("property"), str):
            props.append(rule["property"])
        for name in targets:
            have = (schemas.get(name) or {}).get("properties") or {}
            for prop in props:
                if name in schemas and have and prop not in have:
                    message = f"property {prop!r} of {name!r} is gone"
                    found.append(Stale(RULE_STALE, where, rule_id, message))
        quote = _QUOTE.search(str(rule.get("source", "")))
        if quote:
            sentence = " ".join(quote.group(1).split())
            was = [
                t
                for t in _texts([old_schemas.get(n) for n in targets])
                if sentence in t
            ]
            now = _texts([schemas.get(n) for n in targets])
            if was and not any(sentence in t for t in now):
                lead = " ".join(sentence.split()[:2])
                candidates = [
                    s for t in now for s in _SENTENCE.split(t) if s.startswith(lead)
                ]
                said = f'; upstream now says: "{candidates[0]}"' if candidates else ""
                message = f'upstream no longer says "{sentence}"{said}'
                found.append(Stale(RULE_STALE, where, rule_id, message))
        models = rule.get("models")
        if models == "x-callspec-reasoning-models":
            models = new.get("x-callspec-reasoning-models")
        if isinstance(models, list) and isinstance(rule.get("model"), str):
            listed = [str(m) for m in models]
            known = {
                v
                for name in targets
                for v in _model_values(schemas.get(name), rule["model"])
            }
            missing = sorted(
                v
                for v in known
                if not any(v == m or v.startswith(m + "-") for m in listed)
                and any(v.startswith(m + ".") for m in listed)
            )
            if missing:
                message = (
                    f"its model list {listed} misses {', '.join(missing)}, which continue "
                    "a listed model (contract rule 2: the family)"
                )
                found.append(Stale(RULE_STALE, where, rule_id, message))
    return found


# -- planning and writing ---------------------------------------------------------------
def _project_config(config: GenerateConfig) -> UpstreamConfig:
    document = load_document(config.spec)
    if not is_upstream_config(document.data):
        raise SpecError(
            [
                Problem(
                    "`callspec update` needs the project's spec to be an upstream config "
                    "(extract, slice roots, overlays: see spec/upstream.yaml)",
                    file=str(config.spec),
                )
            ]
        )
    return parse_config(document)


def _api(config: GenerateConfig, effective: Effective) -> ir.Api:
    from generator.ir.build import build_api

    return build_api(
        config.spec,
        config.codegen_path(),
        config.paths,
        document=effective.document,
    )


def plan(
    config: GenerateConfig,
    upstream: str,
    commit: str | None = None,
    date: str | None = None,
    cwd: Path | None = None,
) -> Plan:
    """Everything `update` would write and report; writes nothing. Raises SpecError."""
    from generator.pipeline import render_all

    project = _project_config(config)
    old_extract = load_document(project.extract)
    old_facts = provenance(old_extract.text)
    old_roots = extract_roots(old_extract.text)
    old_project = (
        project if old_roots is None else dataclasses.replace(project, roots=old_roots)
    )
    old = effective_from_source(old_project, old_extract, config.overlays, old_facts)
    source = read_source(upstream, cwd or config.spec.parent)
    import hashlib

    raw = (
        Path(upstream).read_bytes()
        if not upstream.startswith("git:")
        else source.text.encode("utf-8")
    )
    facts = {
        "source": upstream,
        "commit": commit or guess_commit(upstream),
        "date": date or "unknown",
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    sliced = slice_document(source, project.roots)
    text = render_extract(
        sliced,
        project.roots,
        facts["source"],
        facts["sha256"],
        facts["commit"],
        None if facts["date"] == "unknown" else facts["date"],
    )
    with tempfile.TemporaryDirectory() as tmp:  # the new extract, read as it will be
        staged = Path(tmp) / project.extract.name
        staged.write_text(text, encoding="utf-8")
        extract = load_document(staged)
    extract.path = project.extract
    new = effective_from_source(project, extract, config.overlays, provenance(text))
    codegen_path = config.codegen_path()
    codegen = load_document(codegen_path) if codegen_path is not None else None
    stale = (
        stale_actions(old.results, new.results)
        + stale_config(codegen, new.document.data)
        + stale_rules(old.document.data, new.document.data)
    )
    result = Plan(
        old=old_facts,
        new=facts,
        stale=stale,
        changes=[],
        extract=project.extract,
        extract_text=text,
        out=config.out,
    )
    try:
        old_api = _api(config, old)
        new_api = _api(config, new)
    except SpecError as exc:  # report what is stale with the errors it causes
        raise UpdateError(result, exc.problems) from None
    result.changes = diff_apis(old_api, new_api)
    result.files = render_all(new_api, config)
    return result


class UpdateError(SpecError):
    """The new upstream + our decisions do not build; carries the plan's report."""

    def __init__(self, plan: Plan, problems: list[Problem]) -> None:
        self.plan = plan
        super().__init__(problems)


def write(result: Plan) -> int:
    """Write the new extract and the output tree; a failure leaves both as they were.
    The extract is staged beside its final name first, the output tree is swapped in
    atomically (generator/writer.py), then the staged extract is renamed over the old.
    """
    from generator.writer import write_tree

    staged = result.extract.with_name(f".{result.extract.name}.update-{os.getpid()}")
    staged.write_text(result.extract_text, encoding="utf-8")
    try:
        count = write_tree(result.out, result.files)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    os.replace(staged, result.extract)
    return count
