"""The import-level drop-in (issue 15): every (module, name) pair of the official SDK's
types that the calls, webhook and realtime surfaces use exists in `realtime_calls.types`
at the same module and name, of the same kind; the SDK packages' `X as X` re-exports
too. The pairs are derived from the installed SDK here (its modules' own relative
imports from the surfaces' roots: scripts/sdk_modules.py), not from our codegen map, so
a name the SDK gains or our map loses fails the test.

And the events: a server event of every type the spec knows, parsed by our connection's
parser and by the SDK's, is an instance of our class at the SDK's (module, name) of the
SDK's class, and so are its object-valued fields.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import typing

import typing_extensions
from typing import Any, Iterator, List, Set, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "generated" / "testing"))
import sdk_modules as sdk  # noqa: E402

# SDK names the upstream document has nothing for, each with the reason
NOT_IN_UPSTREAM = {
    # SDK 3.51.0's transcription-completed event has `languages`; upstream (535f5dc)
    # does not (checked below, so the entry goes when upstream adds it)
    ("audio.transcription_language", "TranscriptionLanguage"),
}


def _spec_webhook_types() -> Set[str]:
    events = importlib.import_module("realtime_calls._webhook_events")
    return {cls.__event_type__ for cls in typing.get_args(events.UnwrapWebhookEvent)}


def _webhook_modules() -> List[str]:
    known = _spec_webhook_types()
    out = []
    for path in sorted((sdk.types_dir() / "webhooks").glob("*_webhook_event.py")):
        module = importlib.import_module(f"openai.types.webhooks.{path.stem}")
        for name in sdk.defined_names(f"webhooks.{path.stem}"):
            if sdk._sdk_const(getattr(module, name), "type") in known:
                out.append(f"webhooks.{path.stem}")
    return out


def required_pairs() -> List[Tuple[str, str]]:
    modules = sdk.required_modules(_webhook_modules())
    return [(m, n) for m in modules for n in sdk.defined_names(m)]


def _ours(module: str, name: str) -> Any:
    loaded = importlib.import_module(f"realtime_calls.types.{module}")
    return getattr(loaded, name)


def test_the_surfaces_reach_the_names_the_issue_lists() -> None:
    pairs = set(required_pairs())
    assert len(pairs) > 300
    for pair in [
        ("realtime.realtime_tools_config_union_param", "McpAllowedToolsMcpToolFilter"),
        ("realtime.realtime_tools_config_union_param", "RealtimeToolsConfigUnionParam"),
        ("responses.response_input_text_param", "ResponseInputTextParam"),
        ("responses.tool_choice_mcp_param", "ToolChoiceMcpParam"),
        ("responses.image_detail", "ImageDetail"),
        ("realtime.realtime_reasoning_effort", "RealtimeReasoningEffort"),
        ("realtime.noise_reduction_type", "NoiseReductionType"),
        ("realtime.conversation_created_event", "ConversationCreatedEvent"),
        ("webhooks.realtime_call_incoming_webhook_event", "Data"),
    ]:
        assert pair in pairs


def test_every_sdk_pair_exists_at_the_same_module_and_name() -> None:
    missing = []
    for module, name in required_pairs():
        if (module, name) in NOT_IN_UPSTREAM:
            continue
        try:
            _ours(module, name)
        except (ImportError, AttributeError):
            missing.append(f"{module}:{name}")
    assert missing == []


def test_not_in_upstream_is_still_true() -> None:
    spec = importlib.import_module("realtime_calls.types")
    keys = spec.RealtimeServerEventConversationItemInputAudioTranscriptionCompleted
    assert "languages" not in keys.__annotations__
    for module, name in NOT_IN_UPSTREAM:
        with pytest.raises((ImportError, AttributeError)):
            _ours(module, name)


def _sdk(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"openai.types.{module}"), name)


def test_kinds_match() -> None:
    """A `TypedDict` of the SDK is one here (with the same keys where upstream has
    them all), a model class is a class with attribute access over the JSON."""
    wrong = []
    for module, name in required_pairs():
        if (module, name) in NOT_IN_UPSTREAM:
            continue
        theirs, ours = _sdk(module, name), _ours(module, name)
        if typing_extensions.is_typeddict(theirs):
            if not typing_extensions.is_typeddict(ours):
                wrong.append(f"{module}:{name}: not a TypedDict")
            elif set(ours.__annotations__) - set(theirs.__annotations__):
                extra = set(ours.__annotations__) - set(theirs.__annotations__)
                wrong.append(f"{module}:{name}: keys the SDK lacks {sorted(extra)}")
        elif isinstance(theirs, type) and hasattr(theirs, "model_fields"):
            if not isinstance(ours, type) or not hasattr(ours, "model_dump"):
                wrong.append(f"{module}:{name}: not a model class")
    assert wrong == []


def test_string_lists_are_sequence_not_str_where_the_sdk_has_it() -> None:
    checked = 0
    for module, name in required_pairs():
        theirs = _sdk(module, name)
        if (module, name) in NOT_IN_UPSTREAM or not typing_extensions.is_typeddict(
            theirs
        ):
            continue
        ours = _ours(module, name).__annotations__  # as written: SequenceNotStr is
        for key, hint in theirs.__annotations__.items():  # Sequence at run time
            if "SequenceNotStr[str]" in str(hint) and key in ours:
                assert "SequenceNotStr" in str(ours[key]), f"{module}:{name}.{key}"
                checked += 1
    assert checked >= 3


def _package_reexports() -> Iterator[Tuple[str, str]]:
    modules = {m for m, _ in required_pairs()}
    for package in sorted({m.rsplit(".", 1)[0] for m in modules if "." in m}):
        for name, module in sdk.reexports(package, modules).items():
            if (module, name) not in NOT_IN_UPSTREAM:
                yield package, name


def test_packages_reexport_as_the_sdk() -> None:
    pairs = list(_package_reexports())
    assert ("realtime", "RealtimeToolsConfigUnionParam") in pairs
    missing = []
    for package, name in pairs:
        if not hasattr(
            importlib.import_module(f"realtime_calls.types.{package}"), name
        ):
            missing.append(f"{package}:{name}")
    assert missing == []


def test_types_still_exports_every_flat_name() -> None:
    types = importlib.import_module("realtime_calls.types")
    assert len(types.__all__) > 200
    assert all(hasattr(types, n) for n in types.__all__)


# Where the spec and the SDK type an event's part differently, each with the reason
KNOWN_DIVERGENCES = {
    # upstream types the session of session.created / .updated as the *response*
    # schemas (RealtimeSessionCreateResponseGA, ...TranscriptionSession...GA); the SDK
    # reuses its request models there
    re.compile(r"session\.(created|updated)\.session: Realtime\w*ResponseGA, not "),
}


# -- events --------------------------------------------------------------------------------
def _ours_for(sdk_cls: type) -> Any:
    module = sdk_cls.__module__.removeprefix("openai.types.")
    return _ours(module, sdk_cls.__name__)


def _same_classes(ours: Any, theirs: Any, where: str, out: List[str]) -> None:
    from pydantic import BaseModel

    if isinstance(theirs, list) and isinstance(ours, list):
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same_classes(a, b, f"{where}[{i}]", out)
        return
    if not isinstance(theirs, BaseModel):
        return
    expected = _ours_for(type(theirs))
    if not isinstance(ours, expected):
        out.append(f"{where}: {type(ours).__name__}, not {type(theirs).__name__}")
        return
    for field in type(theirs).model_fields:
        if field in (theirs.model_fields_set or ()):
            _same_classes(
                getattr(ours, field), getattr(theirs, field), f"{where}.{field}", out
            )


def _server_events() -> st.SearchStrategy[Any]:
    import realtime_calls_strategies as S

    spec = importlib.import_module("realtime_calls.types")
    members = sorted(m.__name__ for m in typing.get_args(spec.RealtimeServerEvent))
    assert len(members) == 46
    return st.sampled_from(members).flatmap(S.strategy_for)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(value=st.deferred(_server_events))
def test_server_events_parse_to_the_sdk_classes(value: Any) -> None:
    from openai._models import construct_type
    from openai.types.realtime.realtime_server_event import RealtimeServerEvent

    parse = importlib.import_module(
        "realtime_calls._realtime_dispatch"
    ).parse_server_event
    if not isinstance(value, dict) or "type" not in value:
        return
    ours = parse(json.dumps(value))
    theirs = construct_type(type_=RealtimeServerEvent, value=value)
    assert ours.model_dump() == value  # the JSON as received
    problems: List[str] = []
    _same_classes(ours, theirs, value["type"], problems)
    assert [
        p for p in problems if not any(k.search(p) for k in KNOWN_DIVERGENCES)
    ] == []


def test_a_format_with_its_type_is_told_apart() -> None:
    """A union member is told apart by the constants the value has (here `type`; the
    GA session's required `object` left out, as a received object may)."""
    parse = importlib.import_module(
        "realtime_calls._realtime_dispatch"
    ).parse_server_event
    types = importlib.import_module("realtime_calls.types.realtime")
    event = parse(
        json.dumps(
            {
                "type": "session.updated",
                "event_id": "e",
                "session": {
                    "type": "realtime",
                    "audio": {"output": {"format": {"type": "audio/pcmu"}}},
                },
            }
        )
    )
    assert isinstance(event, types.SessionUpdatedEvent)
    fmt = event.session.audio.output.format
    assert type(fmt).__name__ == "AudioPCMU"
    assert isinstance(fmt, typing.get_args(types.RealtimeAudioFormats))
    unknown = parse(json.dumps({"type": "call.quality_report", "mos": 4.2}))
    assert type(unknown).__name__ == "UnknownRealtimeServerEvent"
    assert unknown.mos == 4.2 and unknown.to_dict()["mos"] == 4.2


def test_a_paths_slice_keeps_only_what_it_has() -> None:
    """`--paths` drops types: the layout keeps the SDK names it still has, and a
    package re-exports only modules that were written (no error, no dangling import)."""
    from generator.config import GenerateConfig
    from generator.pipeline import generate

    files = generate(
        GenerateConfig(paths=["/realtime/calls/{call_id}/accept"], artifacts=["client"])
    )
    base = "python/realtime_calls/types/"
    written = {p.removeprefix(base) for p in files if p.startswith(base)}
    assert "realtime/call_accept_params.py" in written
    assert "realtime/call_refer_params.py" not in written  # refer: not selected
    assert "webhooks/batch_failed_webhook_event.py" in written  # kept with --paths
    init = files[base + "realtime/__init__.py"]
    for line in init.splitlines():
        if line.startswith("from ."):
            module = line.split()[1].removeprefix(".")
            assert f"realtime/{module}.py" in written, line
