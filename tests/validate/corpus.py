"""A deterministic corpus of valid and invalid request bodies and session configs.

Shared by the agreement tests (python-jsonschema as the oracle) and bench/validate.py.
Each entry: (name, schema, data, valid) where `valid` says whether the data has no error.
The invalid entries are valid ones with one mutation that JSON Schema can see too, plus
a few breaking the rules JSON Schema cannot express (`NON_SCHEMA_RULES`).
"""

from __future__ import annotations

import copy
import random
from typing import Any, Callable

VOICES = [
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
]
MODELS = [
    "gpt-realtime",
    "gpt-realtime-2",
    "gpt-realtime-mini",
    "gpt-4o-realtime-preview",
    "my-fine-tune",
]
TRANSCRIBE = ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "custom-asr"]
SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"

# Error rules JSON Schema cannot express: python-jsonschema accepts what they reject.
NON_SCHEMA_RULES = frozenset(
    {
        "tool-choice-undefined",
        "duplicate-tool-names",
        "function-parameters-json-schema",
        "not-finite",
    }
)

Entry = tuple[str, str, Any, bool]


def _format(rng: random.Random) -> dict[str, Any]:
    return rng.choice(
        [
            {"type": "audio/pcm", "rate": 24000},
            {"type": "audio/pcm"},
            {"type": "audio/pcmu"},
            {"type": "audio/pcma"},
            {},
            {"rate": 24000},
        ]
    )


def _turn_detection(rng: random.Random) -> Any:
    kind = rng.randrange(3)
    if kind == 0:
        return None
    if kind == 1:
        td: dict[str, Any] = {"type": "server_vad"}
        if rng.random() < 0.7:
            td["threshold"] = round(rng.uniform(0, 1), 2)
        if rng.random() < 0.5:
            td["silence_duration_ms"] = rng.choice([200, 500, 800])
        if rng.random() < 0.5:
            td["prefix_padding_ms"] = 300
        if rng.random() < 0.3:
            td["idle_timeout_ms"] = rng.choice([5000, 10000, 30000, None])
        if rng.random() < 0.3:
            td["create_response"] = rng.random() < 0.5
        return td
    td = {"type": "semantic_vad"}
    if rng.random() < 0.7:
        td["eagerness"] = rng.choice(["low", "medium", "high", "auto"])
    if rng.random() < 0.3:
        td["interrupt_response"] = False
    return td


def _tools(rng: random.Random) -> list[dict[str, Any]]:
    tools: list[dict[str, Any]] = []
    for i in range(rng.randrange(4)):
        tool: dict[str, Any] = {"name": f"fn_{i}", "description": f"Function {i}."}
        if rng.random() < 0.8:
            tool["type"] = "function"
        if rng.random() < 0.8:
            tool["parameters"] = {
                "type": "object",
                "properties": {
                    "q": {"type": "string"},
                    "n": {"type": ["integer", "null"], "minimum": 0},
                },
                "required": ["q"],
                "additionalProperties": False,
            }
        tools.append(tool)
    for i in range(rng.randrange(3)):
        mcp: dict[str, Any] = {"type": "mcp", "server_label": f"srv_{i}"}
        if rng.random() < 0.6:
            mcp["server_url"] = f"https://mcp{i}.example.com/sse"
        else:
            mcp["connector_id"] = rng.choice(
                ["connector_gmail", "connector_dropbox", "connector_sharepoint"]
            )
            mcp["authorization"] = "token"
        if rng.random() < 0.4:
            mcp["require_approval"] = rng.choice(
                ["never", "always", {"always": {"tool_names": ["a"]}}, None]
            )
        if rng.random() < 0.4:
            mcp["allowed_tools"] = rng.choice([["search"], {"read_only": True}, None])
        if rng.random() < 0.3:
            mcp["headers"] = {"X-Key": "v"}
        tools.append(mcp)
    return tools


def valid_session(rng: random.Random, create: bool = False) -> dict[str, Any]:
    cfg: dict[str, Any] = {"type": "realtime"}
    if rng.random() < 0.7:
        cfg["model"] = rng.choice(MODELS)
    if rng.random() < 0.6:
        cfg["instructions"] = "You are Alex, a friendly concierge."
    if rng.random() < 0.5:
        cfg["output_modalities"] = [rng.choice(["text", "audio"])]
    if rng.random() < 0.4:
        cfg["max_output_tokens"] = rng.choice(
            [1, 512, 4096, "inf"] + ([None] if create else [])
        )
    if rng.random() < 0.8:
        audio: dict[str, Any] = {}
        if rng.random() < 0.8:
            inp: dict[str, Any] = {}
            if rng.random() < 0.5:
                inp["format"] = _format(rng)
            if rng.random() < 0.4:
                inp["noise_reduction"] = rng.choice(
                    [None, {"type": "near_field"}, {"type": "far_field"}, {}]
                )
            if rng.random() < 0.5:
                tr: dict[str, Any] = {"model": rng.choice(TRANSCRIBE + [None])}
                if rng.random() < 0.5:
                    tr["language"] = "en"
                inp["transcription"] = rng.choice([tr, None])
            if rng.random() < 0.7:
                inp["turn_detection"] = _turn_detection(rng)
            audio["input"] = inp
        if rng.random() < 0.8:
            out: dict[str, Any] = {}
            if rng.random() < 0.5:
                out["format"] = _format(rng)
            if rng.random() < 0.5:
                out["speed"] = round(rng.uniform(0.25, 1.5), 2)
            if rng.random() < 0.8:
                out["voice"] = rng.choice(
                    VOICES + [{"id": "voice_1234"}, "my-custom-voice"]
                )
            audio["output"] = out
        cfg["audio"] = audio
    if rng.random() < 0.7:
        tools = _tools(rng)
        cfg["tools"] = tools
        choices: list[Any] = ["auto", "none", "required"]
        for tool in tools:
            if tool.get("type", "function") == "function":
                choices.append({"type": "function", "name": tool["name"]})
            else:
                choices.append({"type": "mcp", "server_label": tool["server_label"]})
        if rng.random() < 0.5:
            cfg["tool_choice"] = rng.choice(choices)
    if rng.random() < 0.3:
        cfg["tracing"] = rng.choice(
            [
                None,
                "auto",
                {"workflow_name": "calls", "metadata": {"team": "a", "n": 1}},
            ]
        )
    if rng.random() < 0.3:
        cfg["truncation"] = rng.choice(
            [
                "auto",
                "disabled",
                {
                    "type": "retention_ratio",
                    "retention_ratio": 0.5,
                    "token_limits": {"post_instructions": 1000},
                },
            ]
        )
    if rng.random() < 0.2:
        cfg["prompt"] = rng.choice(
            [
                None,
                {
                    "id": "pmpt_1",
                    "version": "2",
                    "variables": {
                        "city": "Paris",
                        "card": {"type": "input_text", "text": "hi"},
                    },
                },
            ]
        )
    if rng.random() < 0.2:
        cfg["include"] = ["item.input_audio_transcription.logprobs"]
    if rng.random() < 0.2:
        cfg["parallel_tool_calls"] = rng.random() < 0.5
    if rng.random() < 0.2:
        cfg["reasoning"] = {
            "effort": rng.choice(["minimal", "low", "medium", "high", "xhigh"])
        }
    return cfg


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(cfg: dict[str, Any]) -> None:
        node = cfg
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value

    return mutate


def _delete(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda cfg: cfg.pop(key, None)


def _tool(tool: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda cfg: cfg.setdefault("tools", []).append(tool)


# Mutations of a session that every JSON Schema validator also rejects.
SESSION_MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("unknown root key", _set(("voice",), "alloy")),
    ("misspelt key", _set(("instruction",), "hi")),
    ("bad type const", _set(("type",), "realtme")),
    ("missing type", _delete("type")),
    ("both modalities", _set(("output_modalities",), ["text", "audio"])),
    ("bad modality", _set(("output_modalities",), ["video"])),
    ("speed high", _set(("audio", "output", "speed"), 2.0)),
    ("speed low", _set(("audio", "output", "speed"), 0.1)),
    ("voice int", _set(("audio", "output", "voice"), 123)),
    ("voice id missing", _set(("audio", "output", "voice"), {"name": "x"})),
    ("vad tag", _set(("audio", "input", "turn_detection"), {"type": "server-vad"})),
    (
        "vad threshold",
        _set(
            ("audio", "input", "turn_detection"),
            {"type": "server_vad", "threshold": 1.5},
        ),
    ),
    (
        "semantic extra",
        _set(
            ("audio", "input", "turn_detection"),
            {"type": "semantic_vad", "threshold": 0.5},
        ),
    ),
    (
        "vad idle",
        _set(
            ("audio", "input", "turn_detection"),
            {"type": "server_vad", "idle_timeout_ms": 100},
        ),
    ),
    (
        "vad missing type",
        _set(("audio", "input", "turn_detection"), {"threshold": 0.5}),
    ),
    (
        "pcm rate",
        _set(("audio", "input", "format"), {"type": "audio/pcm", "rate": 16000}),
    ),
    ("format tag", _set(("audio", "output", "format"), {"type": "audio/wav"})),
    ("tokens zero", _set(("max_output_tokens",), 0)),
    ("tokens high", _set(("max_output_tokens",), 5000)),
    ("tokens word", _set(("max_output_tokens",), "infinite")),
    ("tokens fraction", _set(("max_output_tokens",), 12.5)),
    ("tokens bool", _set(("max_output_tokens",), True)),
    ("mcp no url", _tool({"type": "mcp", "server_label": "bare"})),
    ("tool extra", _tool({"type": "function", "name": "f", "strict": True})),
    ("tool tag", _tool({"type": "functions", "name": "f"})),
    ("tools object", _set(("tools",), {"type": "function"})),
    ("tool choice", _set(("tool_choice",), "any")),
    ("tracing", _set(("tracing",), "on")),
    ("truncation missing", _set(("truncation",), {"type": "retention_ratio"})),
    (
        "truncation ratio",
        _set(("truncation",), {"type": "retention_ratio", "retention_ratio": 1.5}),
    ),
    ("noise", _set(("audio", "input", "noise_reduction"), {"type": "near"})),
    ("include", _set(("include",), ["logprobs"])),
    ("prompt id", _set(("prompt",), {"version": "1"})),
    ("parallel str", _set(("parallel_tool_calls",), "yes")),
    (
        "connector",
        _tool({"type": "mcp", "server_label": "s", "connector_id": "connector_slack"}),
    ),
    ("instructions int", _set(("instructions",), 5)),
    ("transcription model", _set(("audio", "input", "transcription"), {"model": 5})),
    (
        "headers",
        _tool(
            {
                "type": "mcp",
                "server_label": "h",
                "server_url": "https://h",
                "headers": {"a": 1},
            }
        ),
    ),
    ("variables", _set(("prompt",), {"id": "p", "variables": {"a": 5}})),
    ("reasoning effort", _set(("reasoning",), {"effort": "max"})),
    ("audio list", _set(("audio",), [])),
    ("null type", _set(("type",), None)),
]

# Mutations only the generated validator sees (rules JSON Schema cannot express).
RULE_MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    (
        "undefined tool choice",
        _set(("tool_choice",), {"type": "function", "name": "nowhere"}),
    ),
    (
        "undefined mcp choice",
        _set(("tool_choice",), {"type": "mcp", "server_label": "nowhere"}),
    ),
    (
        "duplicate names",
        lambda cfg: cfg.__setitem__(
            "tools", [{"type": "function", "name": "a"}, {"name": "a"}]
        ),
    ),
    (
        "bad parameters",
        _tool({"type": "function", "name": "p", "parameters": {"type": "objekt"}}),
    ),
]


def corpus(seed: int = 4, size: int = 240) -> list[Entry]:
    """`size` entries, about half valid; deterministic for a seed."""
    rng = random.Random(seed)
    out: list[Entry] = []
    for n in range(size):
        kind = n % 12
        if kind < 8:
            create = kind == 7
            cfg = valid_session(rng, create)
            schema = "calls.create.session" if create else "calls.accept"
            if n % 2:
                name, mutate = (
                    rng.choice(RULE_MUTATIONS)
                    if n % 23 == 1
                    else rng.choice(SESSION_MUTATIONS)
                )
                bad = copy.deepcopy(cfg)
                mutate(bad)
                out.append((f"{n}-{schema}-{name}", schema, bad, False))
            else:
                out.append((f"{n}-{schema}-valid", schema, cfg, True))
        elif kind == 8:
            good = {
                "target_uri": rng.choice(
                    ["tel:+14155550123", "sip:agent@example.com", "sips:a@b.example"]
                )
            }
            bad = rng.choice(
                [{}, {"target_uri": 5}, {"target_uri": "tel:1", "uri": "x"}]
            )
            out.append(
                (f"{n}-refer", "calls.refer", good if n % 2 else bad, bool(n % 2))
            )
        elif kind == 9:
            good = rng.choice(
                [{}, {"status_code": 486}, {"status_code": 603}, {"status_code": 300}]
            )
            bad = rng.choice(
                [
                    {"status_code": 200},
                    {"status_code": 700},
                    {"status_code": "486"},
                    {"code": 486},
                ]
            )
            out.append(
                (f"{n}-reject", "calls.reject", good if n % 2 else bad, bool(n % 2))
            )
        else:
            session = valid_session(rng, True)
            good = {"sdp": SDP, "session": session}
            bad_session = copy.deepcopy(session)
            bad_session["type"] = "transcription"
            bad = rng.choice(
                [
                    {"sdp": "o=- 1 2 IN IP4 0.0.0.0"},
                    {"session": session},
                    {"sdp": SDP, "session": bad_session},
                ]
            )
            out.append(
                (f"{n}-create", "calls.create", good if n % 2 else bad, bool(n % 2))
            )
    return out
