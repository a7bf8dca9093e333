"""The SDK gap is known, not silent (contract rule 1, issue 13 item 6).

The official SDK 3.51.0 has request fields that no upstream document we hold publishes.
They stay out of scope until upstream publishes them; this test states the exact
SDK-minus-spec difference for the accept and create-session types, so it fails when either
side changes (a new SDK field, or upstream publishing one of these).
"""

from __future__ import annotations

import collections.abc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

import openai.types.realtime.call_accept_params as sdk_accept
import openai.types.realtime.realtime_session_create_request_param as sdk_session
import pytest
import typing_extensions

import realtime_calls.types as ours
from generator.load.extract import provenance

GAP = {
    "audio.input.noise_reduction.strength",
    "audio.input.transcription.keywords",
    "audio.input.transcription.languages",
    "prompt.variables{}.prompt_cache_breakpoint.ttl",
}
# what 535f5dc added that 5162af9 lacks (the SDK already has it)
JULY_ONLY = {
    "tools[].tunnel_id",
    "tools[].allowed_callers",
    "prompt.variables{}.prompt_cache_breakpoint",
    "prompt.variables{}.prompt_cache_breakpoint.mode",
}
ROOT = Path(__file__).resolve().parents[2]
PINNED = provenance(
    (ROOT / "spec" / "openapi.upstream.yaml").read_text(encoding="utf-8")
)
_SEQUENCES = (list, set, collections.abc.Iterable, collections.abc.Sequence)
_MAPPINGS = (dict, collections.abc.Mapping)


def _is_typed_dict(value: Any) -> bool:
    return isinstance(value, type) and typing_extensions.is_typeddict(value)


def field_paths(kind: Any, prefix: str = "", seen: tuple[Any, ...] = ()) -> set[str]:
    """Every field a request type accepts, as dotted paths (`[]` items, `{}` map values)."""
    found: set[str] = set()
    if _is_typed_dict(kind):
        if kind in seen:
            return found
        for name, hint in get_type_hints(kind).items():
            path = f"{prefix}.{name}" if prefix else name
            found.add(path)
            found |= field_paths(hint, path, seen + (kind,))
        return found
    origin, args = get_origin(kind), get_args(kind)
    if origin is None:
        return found
    if origin in _SEQUENCES:
        for arg in args:
            found |= field_paths(arg, prefix + "[]", seen)
    elif origin in _MAPPINGS:
        for arg in args[1:]:
            found |= field_paths(arg, prefix + "{}", seen)
    else:  # Union, Optional, Required, Literal, ...
        for arg in args:
            found |= field_paths(arg, prefix, seen)
    return found


@pytest.mark.parametrize(
    "theirs, mine",
    [
        (sdk_accept.CallAcceptParams, ours.CallAcceptParams),
        (
            sdk_session.RealtimeSessionCreateRequestParam,
            ours.RealtimeSessionCreateRequestParam,
        ),
    ],
    ids=["accept", "create.session"],
)
def test_sdk_minus_spec_is_exactly_the_known_gap(theirs: Any, mine: Any) -> None:
    """At the pinned upstream document (5162af9 also misses what July added)."""
    sdk, spec = field_paths(theirs), field_paths(mine)
    expected = GAP if PINNED["commit"].startswith("535f5dc") else GAP | JULY_ONLY
    assert sdk - spec == expected
    assert spec - sdk == set()  # nothing of ours the SDK lacks


GAP_AT_JULY = """
import json
import openai.types.realtime.call_accept_params as sdk_accept
import openai.types.realtime.realtime_session_create_request_param as sdk_session
import realtime_calls.types as ours
from generator.load.extract import provenance
from tests.upstream.test_sdk_gap import field_paths

pairs = [
    (sdk_accept.CallAcceptParams, ours.CallAcceptParams),
    (sdk_session.RealtimeSessionCreateRequestParam, ours.RealtimeSessionCreateRequestParam),
]
print(json.dumps([
    [sorted(field_paths(a) - field_paths(b)), sorted(field_paths(b) - field_paths(a))]
    for a, b in pairs
]))
"""


def test_at_535f5dc_the_gap_is_only_what_no_upstream_has(july_project: Path) -> None:
    """The project moved to July (`callspec update`): SDK minus spec is exactly GAP."""
    python = july_project / "generated" / "python"
    done = subprocess.run(
        [sys.executable, "-c", GAP_AT_JULY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": f"{python}{os.pathsep}{ROOT}"},
    )
    assert done.returncode == 0, done.stderr
    for sdk_minus_spec, spec_minus_sdk in json.loads(done.stdout):
        assert set(sdk_minus_spec) == GAP
        assert spec_minus_sdk == []


def test_the_new_upstream_fields_are_on_both_sides() -> None:
    """The walk reaches deep fields, so the comparison above can fail."""
    both = field_paths(ours.CallAcceptParams) & field_paths(sdk_accept.CallAcceptParams)
    for path in (
        "tools[].server_url",
        "tools[].allowed_tools.tool_names",
        "prompt.variables{}.file_id",
        "audio.input.turn_detection.idle_timeout_ms",
    ):
        assert path in both
