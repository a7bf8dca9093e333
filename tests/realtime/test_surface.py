"""The realtime surface of SDK 3.51.0, listed from its source, equals ours; the event
tables equal upstream's unions; events are open (rule 4); ``validate_requests`` checks
client events; ``websockets`` is imported only on connect."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import logging
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Dict, Set, Tuple

import openai
import pytest
import yaml

from realtime_calls import _realtime, _realtime_events

from ..conftest import ROOT, SHARED

SDK_REALTIME = Path(openai.__file__).parent / "resources" / "realtime" / "realtime.py"
SDK_WEBSOCKET = Path(openai.__file__).parent / "_websocket_connection.py"
BASES = {
    "WebSocketConnectionBase": "RealtimeConnection",
    "AsyncWebSocketConnectionBase": "AsyncRealtimeConnection",
}
UPSTREAM = SHARED / "upstream" / "openai-openapi-535f5dc" / "openapi.yaml"
# classes of the SDK module that are about the WebSocket (the rest is REST plumbing)
WEBSOCKET_CLASSES = {
    "RealtimeConnection",
    "AsyncRealtimeConnection",
    "RealtimeConnectionManager",
    "AsyncRealtimeConnectionManager",
}


def sdk_surface() -> Dict[str, Dict[str, Set[str]]]:
    """{class: {public method or attribute: its keyword parameters}} from the source."""
    out: Dict[str, Dict[str, Set[str]]] = {}
    nodes = [
        node
        for path in (SDK_REALTIME, SDK_WEBSOCKET)
        for node in ast.parse(path.read_text(encoding="utf-8")).body
    ]
    for node in nodes:
        if not isinstance(node, ast.ClassDef):
            continue
        if not (
            node.name in BASES
            or node.name in WEBSOCKET_CLASSES
            or (node.name.endswith("Resource") and "Realtime" in node.name)
            or node.name in {"Realtime", "AsyncRealtime"}
        ):
            continue
        members: Dict[str, Set[str]] = {}
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if item.name.startswith("_") and item.name not in {
                    "__iter__",
                    "__aiter__",
                    "__enter__",
                    "__exit__",
                    "__aenter__",
                    "__aexit__",
                }:
                    continue
                if (
                    node.name in {"Realtime", "AsyncRealtime"}
                    and item.name != "connect"
                ):
                    continue  # REST sub-resources (client_secrets, translations)
                args = item.args
                members[item.name] = {a.arg for a in args.args[1:] + args.kwonlyargs}
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                if not item.target.id.startswith("_"):
                    members[item.target.id] = set()
            elif isinstance(item, ast.Assign):
                for target in item.targets:
                    if isinstance(target, ast.Name) and not target.id.startswith("_"):
                        members[target.id] = set()
        out.setdefault(BASES.get(node.name, node.name), {}).update(members)
    return out


def our_class(name: str) -> type:
    """The class at the SDK's import path, `resources.realtime.realtime`."""
    from realtime_calls.resources.realtime import realtime

    return getattr(realtime, name)  # type: ignore[no-any-return]


def our_surface(cls: type, sdk_members: Set[str]) -> Dict[str, Set[str]]:
    """{public member: its keyword parameters} of one of our classes; instance
    attributes are the ones annotated on the class."""
    names = {n for n in dir(cls) if not n.startswith("_")}
    names |= {n for n in getattr(cls, "__annotations__", {}) if not n.startswith("_")}
    names |= {n for n in sdk_members if n.startswith("__") and hasattr(cls, n)}
    out: Dict[str, Set[str]] = {}
    for name in names:
        member = getattr(cls, name, None)
        if callable(member) and not isinstance(member, type):
            out[name] = set(inspect.signature(member).parameters) - {"self"}
        else:
            out[name] = set()
    return out


def test_the_sdk_surface_is_listed_from_its_source() -> None:
    surface = sdk_surface()
    # what the issue names must be there, else the listing itself is broken
    assert {"recv", "recv_bytes", "send", "parse_event", "close", "__iter__"} <= set(
        surface["RealtimeConnection"]
    )
    assert {"create", "delete", "retrieve", "truncate"} == set(
        surface["RealtimeConversationItemResource"]
    )
    assert "connect" in surface["Realtime"]
    assert len(surface) == 20


@pytest.mark.parametrize("cls", sorted(sdk_surface()))
def test_surface_equals_the_sdks(cls: str) -> None:
    """Each class has exactly the SDK's public members, each method exactly the
    SDK's parameters (`Realtime` / `AsyncRealtime`: only ``connect`` is compared,
    their REST sub-resources are the calls API's)."""
    members = sdk_surface()[cls]
    ours = our_surface(our_class(cls), set(members))
    if cls in {"Realtime", "AsyncRealtime"}:
        ours = {"connect": ours["connect"]}
    assert ours == members


def test_the_sdk_modules_names_are_importable() -> None:
    """Every class of the SDK's `resources/realtime/realtime.py` about the WebSocket,
    and every name of `types.websocket_connection_options`, at the same path."""
    from openai.types import websocket_connection_options as sdk_options

    from realtime_calls.resources.realtime import realtime
    from realtime_calls.types import websocket_connection_options as options

    tree = ast.parse(SDK_REALTIME.read_text(encoding="utf-8"))
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    websocket = {c for c in classes if "Connection" in c or c.endswith("Resource")}
    assert len(websocket) == 18
    assert websocket <= set(realtime.__all__)
    assert set(sdk_options.__all__) == set(options.__all__)
    for name in options.__all__:
        keys = lambda t: set(t.__annotations__)  # noqa: E731
        assert keys(getattr(options, name)) == keys(getattr(sdk_options, name))


def upstream_unions() -> Tuple[Set[str], Dict[str, Tuple[Set[str], Set[str]]]]:
    doc = yaml.load(UPSTREAM.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    schemas = doc["components"]["schemas"]

    def members(name: str) -> list[dict]:  # type: ignore[type-arg]
        union = schemas[name]
        refs = union.get("anyOf") or union.get("oneOf")
        return [schemas[r["$ref"].split("/")[-1]] for r in refs]

    server = {
        m["properties"]["type"]["enum"][0] for m in members("RealtimeServerEvent")
    }
    client = {
        m["properties"]["type"]["enum"][0]: (set(m["required"]), set(m["properties"]))
        for m in members("RealtimeClientEvent")
    }
    return server, client


def test_event_tables_equal_upstream_unions() -> None:
    server, client = upstream_unions()
    assert len(server) == 46 and len(client) == 11
    assert set(_realtime_events.SERVER_EVENT_TYPES) == server
    assert {
        k: (set(r), set(a)) for k, (r, a) in _realtime_events.CLIENT_EVENTS.items()
    } == client


def test_server_events_are_open_and_plug_in(rt_events: ModuleType) -> None:
    # the package as imported now (other suites purge and re-import it; the generated
    # classes derive from the base class of the import that loaded them)
    dispatch = importlib.import_module("realtime_calls._realtime_dispatch")
    parse_server_event = dispatch.parse_server_event
    RealtimeServerEvent = rt_events.RealtimeServerEvent
    UnknownRealtimeServerEvent = rt_events.UnknownRealtimeServerEvent
    known = parse_server_event(b'{"type": "response.done", "response": {"id": "r"}}')
    # the generated class, at the SDK's (module, name)
    from realtime_calls.types.realtime.response_done_event import ResponseDoneEvent

    assert type(known) is ResponseDoneEvent and isinstance(known, RealtimeServerEvent)
    assert known.response.id == "r" and known.type == "response.done"
    new = parse_server_event('{"type": "brand.new", "x": [1, {"y": 2}]}')
    assert isinstance(new, UnknownRealtimeServerEvent)
    assert new.x[1].y == 2 and new.missing is None
    assert new.to_dict() == {"type": "brand.new", "x": [1, {"y": 2}]}
    assert json.loads(new.to_json()) == new.model_dump()
    weird = parse_server_event("[1, 2]")
    assert isinstance(weird, UnknownRealtimeServerEvent)

    class Done(RealtimeServerEvent):
        __slots__ = ()

    dispatch.register_server_event("response.done", Done)
    try:
        assert type(parse_server_event('{"type": "response.done"}')) is Done
    finally:
        dispatch._REGISTRY.pop("response.done")


def test_validate_requests_checks_client_events_before_sending(rc: ModuleType) -> None:
    from .wsserver import RealtimeTestServer

    with RealtimeTestServer([], close_plan={0: (1, 1000)}) as server:
        client = rc.OpenAI(
            api_key="sk-v", websocket_base_url=server.url, validate_requests=True
        )
        manager = client.realtime.connect(call_id="rtc_v")
        with pytest.raises(rc.RequestValidationError, match="unknown key"):
            manager.send({"type": "response.cancel", "response_idd": "r"})
        with manager as conn:
            with pytest.raises(rc.RequestValidationError, match="voice"):
                conn.session.update(
                    session={"type": "realtime", "audio": {"output": {"voice": 7}}}
                )
            with pytest.raises(rc.RequestValidationError, match="type"):
                conn.send({"type": "session.updat", "session": {}})
            # free-form values stay open; a transcription session has no schema here
            conn.session.update(
                session={"type": "transcription", "audio": {"input": {}}}
            )
            assert list(conn) == []
        frames = server.connections[0].frames
    assert frames == [
        {
            "type": "session.update",
            "session": {"type": "transcription", "audio": {"input": {}}},
        }
    ]


def test_websockets_is_imported_only_on_connect() -> None:
    code = (
        "import sys, realtime_calls\n"
        "c = realtime_calls.OpenAI(api_key='k')\n"
        "m = c.realtime.connect(call_id='x')\n"
        "print(any(n.split('.')[0] == 'websockets' for n in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "generated" / "python"), "PATH": ""},
    )
    assert out.stdout.strip() == "False"


def test_api_key_never_in_a_log_record(
    rc: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    """Contract rule 5: ``websockets`` logs every handshake header at DEBUG; the
    client's records carry ``Authorization`` redacted."""
    from .wsserver import RealtimeTestServer

    caplog.set_level(logging.DEBUG)
    with RealtimeTestServer([{"type": "x"}], close_plan={0: (0, 1000)}) as server:
        client = rc.OpenAI(api_key="sk-secret-in-logs", websocket_base_url=server.url)
        with client.realtime.connect(call_id="rtc_l") as conn:
            assert [e.type for e in conn] == ["x"]
    client_records = [
        r.getMessage() for r in caplog.records if r.name != "websockets.server"
    ]
    assert any("Authorization: <redacted>" in m for m in client_records)
    assert not any("sk-secret-in-logs" in m for m in client_records)


def test_runtime_modules_are_small() -> None:
    """The realtime runtime is modules of at most 500 lines, each named for what it
    holds (the project's rule for verbatim runtime modules)."""
    runtime = ROOT / "templates" / "client" / "runtime"
    sizes = {
        p.relative_to(runtime).as_posix(): len(
            p.read_text(encoding="utf-8").splitlines()
        )
        for p in runtime.rglob("*.py")
        if "realtime" in p.as_posix() or "websocket" in p.name
    }
    assert len(sizes) >= 12
    assert {name: n for name, n in sizes.items() if n > 500} == {}
