"""Whole simulated SIP calls: `examples/sip_agent.py` against `examples/fake_openai.py`
(loopback only): webhook -> verify -> accept -> sideband -> function call, session
update -> refer / hang up. Then the same under load and faults."""

from __future__ import annotations

import asyncio
import base64
import importlib
import logging
import os
import random
import subprocess
import sys
import time
from typing import Any, Dict, List

import pytest

from ..conftest import ROOT

EXAMPLES = ROOT / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))

from _http import HTTPServer  # noqa: E402
from fake_openai import FakeOpenAI, sign  # noqa: E402
from sip_agent import SipAgent  # noqa: E402

from realtime_calls import AsyncOpenAI, InvalidWebhookSignatureError  # noqa: E402

SECRET = "whsec_" + base64.b64encode(b"load test secret, loopback only").decode()


def test_example_runs_as_documented() -> None:
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "sip_agent.py"), "--simulate", "4"],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "generated" / "python")),
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("HTTP 200") == 4
    assert "(hangup)" in out.stdout and "(refer)" in out.stdout
    assert "agent: Your order A1 has shipped." in out.stdout
    assert time.monotonic() - started < 60


def test_the_agents_verifier_agrees_with_standard_webhooks() -> None:
    """The example verifies with ``client.webhooks.unwrap``: the fake's signer and the
    reference library (``standardwebhooks``) both ways, and the rejections."""
    from standardwebhooks import Webhook

    webhooks = AsyncOpenAI(api_key="sk-test", webhook_secret=SECRET).webhooks
    body = b'{"type":"realtime.call.incoming","data":{"call_id":"rtc_1"}}'
    now = int(time.time())
    headers = {
        "webhook-id": "wh_1",
        "webhook-timestamp": str(now),
        "webhook-signature": sign(SECRET, "wh_1", now, body),
    }
    assert Webhook(SECRET).verify(body, headers)["data"]["call_id"] == "rtc_1"
    event = webhooks.unwrap(body, headers)
    assert event.type == "realtime.call.incoming" and event.data.call_id == "rtc_1"
    reference = Webhook(SECRET).sign("wh_1", _dt(now), body.decode())
    assert webhooks.unwrap(body, {**headers, "webhook-signature": reference})
    rotated = {
        **headers,
        "webhook-signature": "v1,AAAA " + headers["webhook-signature"],
    }
    assert webhooks.unwrap(body, rotated)
    for bad_headers, bad_body in [
        (headers, body.replace(b"rtc_1", b"rtc_2")),
        ({**headers, "webhook-id": "wh_2"}, body),
        ({**headers, "webhook-timestamp": str(now - 301)}, body),
        ({k: v for k, v in headers.items() if k != "webhook-signature"}, body),
    ]:
        # a missing header is the SDK's ValueError, the rest its signature error
        with pytest.raises((InvalidWebhookSignatureError, ValueError)):
            webhooks.unwrap(bad_body, bad_headers)


def _dt(ts: int) -> Any:
    import datetime

    return datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


DELIVERIES = 1000
REDELIVERED = 100  # 10 %: the same webhook-id again
TAMPERED = 50  # 5 %: body changed after signing
GENUINE = DELIVERIES - REDELIVERED - TAMPERED


async def load_run(seed: int) -> Dict[str, Any]:
    # the package as imported now (other suites purge and re-import it), and the
    # example bound to that import
    realtime_calls = importlib.import_module("realtime_calls")
    agent_module = importlib.reload(sys.modules[SipAgent.__module__])
    rng = random.Random(seed)
    genuine = [f"rtc_{n:05d}" for n in range(GENUINE)]
    aborted = set(rng.sample(genuine, GENUINE // 20))  # sidebands dropped mid-call
    slow = set(rng.sample(genuine, GENUINE // 20))
    dropped = set(rng.sample(genuine, GENUINE // 20))  # cut mid-request, retried
    fds_before = open_fds()
    started = time.monotonic()
    async with FakeOpenAI(SECRET, abort_sideband=aborted) as fake:
        client = realtime_calls.AsyncOpenAI(
            api_key="sk-load",
            base_url=fake.base_url,
            websocket_base_url=fake.websocket_base_url,
            max_retries=0,
            # every side shares one event loop here: on a busy 2-core machine a
            # loopback connect can wait longer than the SDK's 5 s connect timeout
            timeout=60.0,
        )
        agent = agent_module.SipAgent(client, SECRET, reconnect_delay=0.05)
        server = await HTTPServer(agent.handle).start()
        url = server.url + "/webhook"
        jobs: List[Any] = []
        for n, call_id in enumerate(genuine):
            fake.offer(call_id)
            headers, body = fake.webhook(call_id, f"wh_{n:05d}")
            jobs.append(
                fake.deliver(
                    url,
                    headers,
                    body,
                    slow=0.3 if call_id in slow else 0.0,
                    drop=call_id in dropped,
                )
            )
            if n < REDELIVERED:
                jobs.append(fake.deliver(url, headers, body))
        for n in range(TAMPERED):
            call_id = f"rtc_t{n:04d}"
            fake.offer(call_id)
            headers, body = fake.webhook(call_id, f"wh_t{n:04d}", tamper=True)
            jobs.append(fake.deliver(url, headers, body))
        rng.shuffle(jobs)
        assert len(jobs) == DELIVERIES
        results = await asyncio.wait_for(asyncio.gather(*jobs), 120)
        await agent.wait_idle(timeout=120)
        delivered_at = time.monotonic()
        await server.close()
        await client.close()
        # the server side of a socket finishes its close a moment after the client's
        deadline = time.monotonic() + 5
        while fake.ws_open and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        open_at_end = {
            "agent_http": server.open_connections,
            "fake_http": fake.rest.open_connections,
            "sidebands": fake.ws_open,
            "agent_tasks": len(agent._tasks),
        }
    await asyncio.sleep(0.2)  # let closed transports release their descriptors
    return {
        "fake": fake,
        "agent": agent,
        "server": server,
        "results": results,
        "genuine": genuine,
        "aborted": aborted,
        "dropped": dropped,
        "open_at_end": open_at_end,
        "fds_leaked": open_fds() - fds_before,
        "seconds": delivered_at - started,
    }


def test_load_and_faults() -> None:
    logging.getLogger("sip_agent").setLevel(logging.ERROR)  # 50 rejections expected
    run = asyncio.run(load_run(seed=16))
    fake, agent, results = run["fake"], run["agent"], run["results"]
    statuses = [status for status, _ in results]
    attempts = sum(a for _, a in results)
    figures = {
        "deliveries": len(results),
        "attempts": attempts,
        "incomplete_requests": run["server"].incomplete,
        **agent.stats,
        "sidebands_opened": fake.ws_total,
        "sidebands_aborted": fake.aborted,
        "seconds": round(run["seconds"], 2),
        "open_at_end": run["open_at_end"],
        "fds_leaked": run["fds_leaked"],
    }
    genuine = run["genuine"]
    accepts = {c: fake.calls[c].accepted for c in fake.calls}
    ended = {c for c in genuine if fake.calls[c].ended in ("refer", "hangup")}
    headline = {
        "genuine calls accepted exactly once": sum(accepts[c] == 1 for c in genuine),
        "genuine calls accepted more than once": sum(accepts[c] > 1 for c in genuine),
        "tampered deliveries accepted": sum(
            n for c, n in accepts.items() if c not in set(genuine)
        ),
        "calls lost (not accepted, or not ended by refer / hangup)": GENUINE
        - len(ended & {c for c in genuine if accepts[c] == 1}),
        "sockets left open": sum(run["open_at_end"].values()),
        "descriptors leaked": run["fds_leaked"],
    }
    print(f"\nload test ({GENUINE} genuine calls, {TAMPERED} tampered deliveries):")
    for name, value in {**headline, **figures}.items():
        print(f"  {name:<58} {value}")
    assert headline == {
        "genuine calls accepted exactly once": GENUINE,
        "genuine calls accepted more than once": 0,
        "tampered deliveries accepted": 0,
        "calls lost (not accepted, or not ended by refer / hangup)": 0,
        "sockets left open": 0,
        "descriptors leaked": headline["descriptors leaked"],
    }
    # every genuine call accepted exactly once, no tampered one at all
    assert [accepts[c] for c in genuine] == [1] * GENUINE
    assert sum(accepts.values()) == GENUINE == agent.stats["accepted"]
    assert fake.unknown_call_requests == 0
    # every tampered delivery rejected (400), every other one answered 200
    assert statuses.count(400) == TAMPERED == agent.stats["rejected"]
    assert statuses.count(200) == DELIVERIES - TAMPERED
    assert agent.stats["duplicates"] == REDELIVERED
    # dropped deliveries were retried and then counted once
    assert attempts == DELIVERIES + len(run["dropped"])
    assert run["server"].incomplete == len(run["dropped"])
    # no call lost: each ended by refer or hangup, its sideband done
    assert all(fake.calls[c].ended in ("refer", "hangup") for c in genuine)
    assert agent.stats["completed"] == GENUINE and agent.stats["failed"] == 0
    assert agent.stats["referred"] + agent.stats["hung_up"] == GENUINE
    # the abnormal closes were survived by reconnecting
    assert fake.aborted == len(run["aborted"])
    assert agent.stats["reconnects"] >= len(run["aborted"])
    # (more than 2 when a first handshake the server completed timed out at the agent)
    assert all(fake.calls[c].connections >= 2 for c in run["aborted"])
    # every call saw the unknown server event as a generic one
    assert agent.stats["unknown_events"] >= GENUINE
    # no socket leaked
    assert run["open_at_end"] == {
        "agent_http": 0,
        "fake_http": 0,
        "sidebands": 0,
        "agent_tasks": 0,
    }
    assert run["fds_leaked"] <= 2, run["fds_leaked"]
    assert run["seconds"] < 90
