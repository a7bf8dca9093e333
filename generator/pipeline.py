"""spec → IR → every emitter → {relative path: content}. Pure: writes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from generator.config import GenerateConfig
from generator.ir import nodes as ir
from generator.ir.build import build_api

if TYPE_CHECKING:
    from generator.emit.render import Renderer


def load_api(config: GenerateConfig) -> ir.Api:
    return build_api(
        config.spec,
        config.codegen_path(),
        config.paths,
        config.fail_on,
        overlays=config.overlays,
        upstream=config.upstream,
    )


def render_all(api: ir.Api, config: GenerateConfig) -> dict[str, str]:
    files: dict[str, str] = {}
    for part in render_parts(api, config):
        files.update(part)
    return files


def render_parts(api: ir.Api, config: GenerateConfig) -> Iterator[dict[str, str]]:
    """`render_all`'s files in parts: the client package's Python modules (all of the
    `.py` files under `python/`: the request types, quick to lay out, then the
    validator's, then the rest) before the rest, so that they can be written and
    byte-compiled while the rest is rendered; then one part per
    artifact, each written and dropped before the next is rendered (the whole rest at
    once was the run's memory peak)."""
    from generator.emit.render import Renderer

    renderer = Renderer()
    if "client" in config.artifacts:  # laid out black-stable by the emitters
        validator = _validator(api, renderer)
        client = _client_python(api, renderer)
        # the modules copied verbatim, the validator's and the client's: compiled while
        # the request types are laid out (~0.3 s on the full document)
        yield next(validator) | next(client)
        yield next(client)  # the request types: ~0.3 s to lay out, ~0.2 s to compile
        yield from client  # compiled while the validator's checks are written
        yield from validator
    for files, stable in _the_rest(api, config, renderer):
        yield format_python(files, stable)
        del files  # not held while the next artifact renders


def _validator(api: ir.Api, renderer: Renderer) -> Iterator[dict[str, str]]:
    """The validator's modules, a part at a time: its check modules are most of what
    there is to compile, and each starts compiling as soon as it is laid out."""
    from generator.emit.validator import ValidatorEmitter

    for part in ValidatorEmitter(api, renderer).render_parts():
        yield {f"python/{path}": text for path, text in part.items()}


def _client_python(api: ir.Api, renderer: Renderer) -> Iterator[dict[str, str]]:
    """The rest of the client package (the validator's modules aside): its runtime
    modules, its request types, then everything else."""
    from generator.emit.client import ClientEmitter
    from generator.emit.selection import SelectionEmitter

    parts = ClientEmitter(api, renderer).render_parts()
    yield {f"python/{p}": t for p, t in next(parts).items()}  # the runtime modules
    yield {f"python/{p}": t for p, t in next(parts).items()}  # the request types
    files = {f"python/{p}": t for part in parts for p, t in part.items()}
    files.update(sdk_layout(api))
    selection = SelectionEmitter(api).render()
    files.update({f"python/{path}": text for path, text in selection.items()})
    yield files


def _the_rest(
    api: ir.Api, config: GenerateConfig, renderer: Renderer
) -> Iterator[tuple[dict[str, str], set[str]]]:
    """Schemas, docs, OpenAPI and strategies, one artifact at a time, each with which of
    its files are black-stable."""
    if "schemas" in config.artifacts:
        from generator.emit.schemas import SchemasEmitter

        schemas = SchemasEmitter(api).render()
        files = {f"schemas/{path}": text for path, text in schemas.items()}
        if "client" in config.artifacts:
            for path, text in schemas.items():  # the client validates on its own
                files[f"python/{api.package}/schemas/{path}"] = text
        del schemas
        yield files, set()
        del files
    if "docs" in config.artifacts:
        yield _docs(api, config, renderer), set()
    if "openapi" in config.artifacts:
        from generator.emit.openapi import OpenApiEmitter

        yield OpenApiEmitter(api).render(), set()
    if "strategies" in config.artifacts:
        from generator.emit.strategies import StrategiesEmitter

        strategies = StrategiesEmitter(api, renderer).render()
        yield strategies, set(strategies)  # laid out black-stable by the emitter


def _docs(api: ir.Api, config: GenerateConfig, renderer: Renderer) -> dict[str, str]:
    from generator.emit.docs import DocsEmitter
    from generator.emit.rules import RulesDocEmitter

    files: dict[str, str] = {}
    for path, text in DocsEmitter(api, renderer, config.sdk_package).render().items():
        files[f"docs/{path}"] = text
    for path, text in RulesDocEmitter(api, renderer).render().items():
        files[f"docs/{path}"] = text
    if "client" in config.artifacts and api.webhooks:  # issue 15
        from generator.emit.webhook_events import webhook_events_module
        from generator.emit.webhooks_doc import WebhooksDocEmitter

        package = config.sdk_package or api.package
        events = webhook_events_module(api)
        emitter = WebhooksDocEmitter(renderer, package, events)
        for path, text in emitter.render().items():
            files[f"docs/{path}"] = text
    return files


def sdk_layout(api: ir.Api) -> dict[str, str]:
    """The SDK's type modules and the realtime event classes they re-export (issue
    15), each laid out black-stable by its emitter (tests check it with black)."""
    from generator.emit.realtime_models import realtime_models
    from generator.emit.sdk_types import SdkTypesEmitter
    from generator.emit.webhook_events import webhook_events

    webhooks, _ = webhook_events(api)
    realtime = realtime_models(api)
    files = SdkTypesEmitter(api, realtime, webhooks).render()
    files[f"{api.package}/_realtime_models.py"] = realtime.render()
    return {f"python/{p}": t for p, t in files.items()}


def format_python(
    files: dict[str, str], stable: set[str] | frozenset[str] = frozenset()
) -> dict[str, str]:
    """Templates aim at black's style; black settles the long type expressions they cannot.
    Files in `stable` are already black-stable (tests check it) and skip black, which is
    imported only when a file has a line over the limit (importing it costs more than most
    whole runs)."""
    from generator.emit.client import runtime_files

    verbatim: set[str] | None = None  # read on first need: black-checked in tests
    mode: Any = None
    out = {}
    for path, text in files.items():
        if (
            path.endswith(".py")
            and path not in stable
            and any(len(line) > 88 for line in text.split("\n"))
        ):
            if verbatim is None:
                verbatim = {p.read_text(encoding="utf-8") for p in runtime_files()}
            if text not in verbatim:
                import black

                if mode is None:
                    mode = black.Mode(target_versions={black.mode.TargetVersion.PY311})
                text = black.format_str(text, mode=mode)
        out[path] = text
    return out


def generate(config: GenerateConfig) -> dict[str, str]:
    return render_all(load_api(config), config)
