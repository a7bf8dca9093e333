"""Issue 15, item 1 (client fixes): a callable ``api_key`` as SDK 3.51.0 takes
it, secrets kept out of ``repr`` / ``vars()``, ``webhook_secret``.

The SDK is the oracle: the same callable goes to both clients, both talk to the
same real HTTP server on loopback, and what the server receives is compared."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any, Callable, List

import openai
import pytest

from tests.client.conftest import API_KEY, ScriptedServer, mypy_strict, respond

WEBHOOK_SECRET = "whsec_c2VjcmV0LXdlYmhvb2stMDEyMzQ1Njc4OWFiY2RlZg=="


def _keys() -> Callable[[], str]:
    calls: List[int] = []

    def provide() -> str:
        calls.append(1)
        return f"sk-rotated-{len(calls)}"

    provide.calls = calls  # type: ignore[attr-defined]
    return provide


def _run(
    server: ScriptedServer, make: Callable[[Any], Any], kind: str, module: Any
) -> List[str]:
    # a 500 then a 200: the key is asked for before each attempt
    server.set(respond(500, retry_after_ms="1"), respond(200, {}))
    if kind == "sync":
        with make(module.OpenAI) as client:
            client.realtime.calls.hangup("rtc_1")
    else:

        async def main() -> None:
            async with make(module.AsyncOpenAI) as client:
                await client.realtime.calls.hangup("rtc_1")

        asyncio.run(main())
    return [r.headers["authorization"] for r in server.received]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_callable_api_key_as_the_sdk(
    rc: ModuleType, server: ScriptedServer, kind: str
) -> None:
    seen = {}
    for name, module in (("sdk", openai), ("ours", rc)):
        provide = _keys()
        if kind == "sync":
            key: Any = provide
        else:

            async def key() -> str:
                return provide()

        seen[name] = (
            _run(
                server,
                lambda cls: cls(api_key=key, base_url=server.base_url),
                kind,
                module,
            ),
            len(provide.calls),  # type: ignore[attr-defined]
        )
    assert seen["ours"] == seen["sdk"]
    assert seen["ours"] == (["Bearer sk-rotated-1", "Bearer sk-rotated-2"], 2)


def test_callable_api_key_is_not_sent_as_its_repr(
    rc: ModuleType, server: ScriptedServer
) -> None:
    client = rc.OpenAI(api_key=lambda: API_KEY, base_url=server.base_url)
    assert client.api_key == ""  # as the SDK: set by the first request
    client.realtime.calls.hangup("rtc_1")
    assert server.received[0].headers["authorization"] == f"Bearer {API_KEY}"
    assert client.api_key == API_KEY
    copy = client.with_options(max_retries=0)  # keeps the callable
    copy.realtime.calls.hangup("rtc_1")
    assert "function" not in server.received[-1].headers["authorization"]


def test_callable_str_subclass_is_called(
    rc: ModuleType, server: ScriptedServer
) -> None:
    class CallableKey(str):
        def __call__(self) -> str:
            return "sk-called"

    for module in (openai, rc):
        server.set(respond(200, {}))
        with module.OpenAI(
            api_key=CallableKey("sk-as-string"), base_url=server.base_url
        ) as client:
            client.realtime.calls.hangup("rtc_1")
        assert server.received[-1].headers["authorization"] == "Bearer sk-called"


@pytest.mark.parametrize("cls_name", ["OpenAI", "AsyncOpenAI"])
def test_secrets_not_in_repr_or_vars(
    rc: ModuleType, monkeypatch: pytest.MonkeyPatch, cls_name: str
) -> None:
    cls = getattr(rc, cls_name)
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", WEBHOOK_SECRET)
    client = cls(api_key=API_KEY)
    assert client.webhook_secret == WEBHOOK_SECRET  # from the environment
    assert cls(api_key=API_KEY, webhook_secret="s2").webhook_secret == "s2"
    assert client.copy().webhook_secret == WEBHOOK_SECRET
    texts = [repr(client), str(client), repr(vars(client)), str(vars(client))]
    texts += [repr(client.webhooks), repr(vars(client.webhooks))]
    texts += [repr(v) for v in vars(client).values()]
    for text in texts:
        for secret in (API_KEY, WEBHOOK_SECRET, WEBHOOK_SECRET[6:]):
            assert secret not in text
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(vars(client)["_webhook_secret"])


def test_string_lists_take_a_tuple_not_a_str(rc_parent: Any, tmp_path: Any) -> None:
    """`SequenceNotStr[str]` where the SDK has it: mypy accepts a list and a
    tuple, refuses a bare str (a `List[str]` refused the tuple)."""
    program = tmp_path / "prog.py"
    program.write_text(
        "from realtime_calls.types import McpAllowedTools, McpToolFilter\n"
        "a: McpToolFilter = {'tool_names': ['x', 'y']}\n"
        "b: McpToolFilter = {'tool_names': ('x', 'y')}\n"
        "c: McpAllowedTools = ('x',)\n"
        "d: McpToolFilter = {'tool_names': 'xy'}  # line 5: refused\n"
    )
    result = mypy_strict(program, rc_parent)
    out, status = result.stdout, result.returncode
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1, out
    assert len(errors) == 1 and "prog.py:5:" in errors[0], out
