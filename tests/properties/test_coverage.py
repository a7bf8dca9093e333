"""The valid strategies reach every union branch and edge value the issue lists."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from hypothesis import Phase, find, settings

import realtime_calls_strategies as S

BUILTIN_VOICES = {
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
}


def at(value: Any, *path: Any) -> Any:
    for key in path:
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            return KeyError
    return value


def has(value: Any, *path: Any) -> bool:
    return at(value, *path) is not KeyError


def any_tool(pred: Callable[[dict[str, Any]], bool]) -> Callable[[Any], bool]:
    return lambda tools: isinstance(tools, list) and any(pred(t) for t in tools)


def variables_of(kind: str) -> Callable[[Any], bool]:
    def pred(prompt: Any) -> bool:
        variables = at(prompt, "variables")
        if not isinstance(variables, dict):
            return False
        return any(
            (isinstance(v, str) if kind == "string" else at(v, "type") == kind)
            for v in variables.values()
        )

    return pred


# (strategy name, feature, predicate)
FEATURES: list[tuple[str, str, Callable[[Any], bool]]] = [
    *[
        ("RealtimeAudioFormats", f"format {t}", lambda v, t=t: at(v, "type") == t)
        for t in ("audio/pcm", "audio/pcmu", "audio/pcma")
    ],
    ("AudioPCM", "pcm rate 24000", lambda v: at(v, "rate") == 24000),
    (
        "Voice",
        "voice free string",
        lambda v: isinstance(v, str) and v not in BUILTIN_VOICES,
    ),
    ("Voice", "voice built-in", lambda v: isinstance(v, str) and v in BUILTIN_VOICES),
    ("Voice", "voice {id}", lambda v: isinstance(v, dict) and "id" in v),
    *[
        (
            "RealtimeAudioConfigInput",
            f"turn detection {t}",
            lambda v, t=t: has(v, "turn_detection")
            and at(v, "turn_detection", "type") == t,
        )
        for t in ("server_vad", "semantic_vad")
    ],
    (
        "RealtimeAudioConfigInput",
        "turn detection null",
        lambda v: has(v, "turn_detection") and at(v, "turn_detection") is None,
    ),
    (
        "RealtimeToolsConfig",
        "function tool",
        any_tool(lambda t: t.get("type", "function") == "function"),
    ),
    ("RealtimeToolsConfig", "MCP tool", any_tool(lambda t: t.get("type") == "mcp")),
    ("Mcp", "allowed_tools list", lambda v: isinstance(at(v, "allowed_tools"), list)),
    ("Mcp", "allowed_tools filter", lambda v: isinstance(at(v, "allowed_tools"), dict)),
    ("Mcp", "require_approval always", lambda v: at(v, "require_approval") == "always"),
    ("Mcp", "require_approval never", lambda v: at(v, "require_approval") == "never"),
    (
        "Mcp",
        "require_approval filter",
        lambda v: isinstance(at(v, "require_approval"), dict),
    ),
    ("Mcp", "server_url", lambda v: "server_url" in v and "connector_id" not in v),
    ("Mcp", "connector_id", lambda v: "connector_id" in v and "server_url" not in v),
    (
        "RealtimeToolChoiceConfig",
        "tool_choice mode",
        lambda v: isinstance(v, str) and v in ("none", "auto", "required"),
    ),
    (
        "RealtimeToolChoiceConfig",
        "tool_choice function",
        lambda v: at(v, "type") == "function",
    ),
    ("RealtimeToolChoiceConfig", "tool_choice mcp", lambda v: at(v, "type") == "mcp"),
    (
        "calls.accept",
        "tool_choice function with its tool",
        lambda v: at(v, "tool_choice", "type") == "function",
    ),
    (
        "calls.accept",
        "tool_choice mcp with its server",
        lambda v: at(v, "tool_choice", "type") == "mcp",
    ),
    ("calls.accept", "tracing auto", lambda v: at(v, "tracing") == "auto"),
    ("calls.accept", "tracing config", lambda v: isinstance(at(v, "tracing"), dict)),
    (
        "calls.accept",
        "tracing null",
        lambda v: has(v, "tracing") and at(v, "tracing") is None,
    ),
    ("RealtimeTruncation", "truncation auto", lambda v: v == "auto"),
    ("RealtimeTruncation", "truncation disabled", lambda v: v == "disabled"),
    (
        "RealtimeTruncation",
        "retention_ratio without token_limits",
        lambda v: isinstance(v, dict) and "token_limits" not in v,
    ),
    (
        "RealtimeTruncation",
        "retention_ratio with token_limits",
        lambda v: isinstance(v, dict) and "token_limits" in v,
    ),
    *[
        ("ResponsePrompt", f"prompt variable {k}", variables_of(k))
        for k in ("string", "input_text", "input_image", "input_file")
    ],
    *[
        (
            "calls.accept",
            f"max_output_tokens {n!r}",
            lambda v, n=n: at(v, "max_output_tokens") == n,
        )
        for n in (1, 4096, "inf")
    ],
    (
        "calls.create.session",
        "max_output_tokens null",
        lambda v: has(v, "max_output_tokens") and at(v, "max_output_tokens") is None,
    ),
    *[
        (
            owner,
            f"{prop} at {edge}",
            lambda v, p=prop, e=edge: at(v, p) == e and type(at(v, p)) is not bool,
        )
        for owner, prop, edges in [
            ("ServerVad", "threshold", (0, 1)),
            ("ServerVad", "idle_timeout_ms", (5000, 30000)),
            ("RealtimeAudioConfigOutput", "speed", (0.25, 1.5)),
            ("RealtimeTruncationRetentionRatio", "retention_ratio", (0, 1)),
            ("TokenLimits", "post_instructions", (0,)),
            ("calls.reject", "status_code", (300, 699)),
        ]
        for edge in edges
    ],
    (
        "calls.accept",
        "output_modalities text only",
        lambda v: at(v, "output_modalities") == ["text"],
    ),
    (
        "calls.accept",
        "output_modalities audio only",
        lambda v: at(v, "output_modalities") == ["audio"],
    ),
    ("calls.accept", "$schema key", lambda v: "$schema" in v),
    ("calls.refer", "tel: target", lambda v: v["target_uri"].startswith("tel:")),
    ("calls.refer", "sip: target", lambda v: v["target_uri"].startswith("sip:")),
    ("calls.create", "create with session", lambda v: "session" in v),
]

FIND = settings(
    max_examples=5000,
    database=None,
    derandomize=True,
    deadline=None,
    phases=[Phase.generate],  # reaching it is the point: no shrinking
)


@pytest.mark.parametrize(
    "name,feature,pred", FEATURES, ids=[f"{n}: {f}" for n, f, _ in FEATURES]
)
def test_strategy_reaches(name: str, feature: str, pred: Callable[[Any], bool]) -> None:
    find(S.strategy_for(name), pred, settings=FIND)
