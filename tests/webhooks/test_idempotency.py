"""The ``webhook-id`` idempotency helper: both stores, and the SQLite store
shared by real web-server worker processes."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, Iterator, List, Tuple

import httpx2
import pytest

from tests.client.conftest import GENERATED_PARENT, package_parent
from tests.webhooks.conftest import sign

KEY = b"idempotency-test-key-0123456789ab"
SECRET = "whsec_" + base64.b64encode(KEY).decode()


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "sqlite"])
def make(
    request: pytest.FixtureRequest, rc: ModuleType, tmp_path: Path
) -> Callable[..., Any]:
    wh = rc.webhooks

    def build(**kwargs: Any) -> Any:
        if request.param == "memory":
            store = wh.InMemoryIdempotencyStore()
        else:
            store = wh.SQLiteIdempotencyStore(tmp_path / "ids.db")
        return wh.WebhookIdempotency(store, **kwargs)

    return build


def test_once_per_webhook_id(make: Callable[..., Any]) -> None:
    idem = make()
    handled: List[str] = []
    for webhook_id in ["msg_1", "msg_2", "msg_1", "msg_1", "msg_2", "msg_3"]:
        with idem.once({"Webhook-Id": webhook_id}) as first:
            if first:
                handled.append(webhook_id)
    assert handled == ["msg_1", "msg_2", "msg_3"]
    with pytest.raises(ValueError, match="webhook-id"):
        with idem.once({"webhook-timestamp": "1"}):
            pass


def test_a_failed_handler_is_retried(make: Callable[..., Any]) -> None:
    idem = make()
    with pytest.raises(RuntimeError):
        with idem.once("msg_1") as first:
            assert first
            raise RuntimeError("handler failed")
    with idem.once("msg_1") as first:  # OpenAI's retry
        assert first
    with idem.once("msg_1") as first:
        assert not first


def test_claims_in_progress_and_lease(make: Callable[..., Any]) -> None:
    clock = Clock()
    idem = make(lease=60, clock=clock)
    token = idem.claim("msg_1")
    assert token is not None
    assert idem.claim("msg_1") is None  # in progress elsewhere
    clock.now += 59.5
    assert idem.claim("msg_1") is None
    clock.now += 1  # the first worker died: its lease ran out
    second = idem.claim("msg_1")
    assert second is not None and second != token
    idem.release("msg_1", token)  # a stale token releases nothing
    assert idem.claim("msg_1") is None
    idem.complete("msg_1", second)
    clock.now += 10_000
    assert idem.claim("msg_1") is None  # done stays done past the lease


def test_retention(make: Callable[..., Any]) -> None:
    clock = Clock()
    idem = make(retention=3600, clock=clock)
    with idem.once("msg_old") as first:
        assert first
    clock.now += 1800
    with idem.once("msg_old") as first:
        assert not first
    clock.now += 1801  # forgotten after `retention`
    with idem.once("msg_old") as first:
        assert first


def test_sqlite_store_waits_out_a_writer_while_it_sets_up(
    rc: ModuleType, tmp_path: Path
) -> None:
    """Another worker's open write transaction on a new file makes SQLite
    refuse the switch to WAL at once (no busy-timeout wait: it could
    deadlock); the store retries until the writer commits, then claims."""
    path = tmp_path / "ids.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE other (x)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO other VALUES (1)")
    commit = threading.Timer(0.3, writer.execute, args=("COMMIT",))
    commit.start()
    store = rc.webhooks.SQLiteIdempotencyStore(path, timeout=10)
    try:
        started = time.monotonic()
        assert store.claim("msg_1", "token", now=1.0, lease=60.0)
        assert time.monotonic() - started >= 0.25  # it did wait for the commit
        assert not store.claim("msg_1", "other", now=2.0, lease=60.0)
    finally:
        commit.join()
        store.close()
        writer.close()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode.lower() == "wal"


def test_sqlite_store_gives_up_after_its_timeout(
    rc: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "ids.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE other (x)")
    writer.execute("BEGIN IMMEDIATE")
    store = rc.webhooks.SQLiteIdempotencyStore(path, timeout=0.2)
    try:
        with pytest.raises(sqlite3.OperationalError):
            store.claim("msg_1", "token", now=1.0, lease=60.0)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert store.claim("msg_1", "token", now=1.0, lease=60.0)  # usable afterwards
    store.close()


def test_store_reprs_hold_no_data(rc: ModuleType, tmp_path: Path) -> None:
    wh = rc.webhooks
    assert "ids.db" in repr(wh.SQLiteIdempotencyStore(tmp_path / "ids.db"))
    assert "InMemory" in repr(wh.WebhookIdempotency())


# -- real worker processes ----------------------------------------------------------


@pytest.fixture()
def workers(tmp_path: Path) -> Iterator[Tuple[List[str], Path]]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(package_parent()), str(GENERATED_PARENT), env.get("PYTHONPATH", "")]
    )
    env["OPENAI_WEBHOOK_SECRET"] = SECRET
    log = tmp_path / "handled.log"
    procs = []
    try:
        for _ in range(3):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        str(Path(__file__).with_name("_worker.py")),
                        str(tmp_path / "ids.db"),
                        str(log),
                    ],
                    stdout=subprocess.PIPE,
                    env=env,
                )
            )
        urls = []
        for proc in procs:
            assert proc.stdout is not None
            port = int(proc.stdout.readline())
            urls.append(f"http://127.0.0.1:{port}/webhook")
        yield urls, log
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)


def _delivery(webhook_id: str, data_id: str) -> Tuple[bytes, Dict[str, str]]:
    body = json.dumps(
        {
            "type": "batch.completed",
            "id": "evt_" + webhook_id,
            "created_at": 1,
            "data": {"id": data_id},
        }
    ).encode()
    ts = str(int(time.time()))
    return body, {
        "webhook-id": webhook_id,
        "webhook-timestamp": ts,
        "webhook-signature": "v1," + sign(KEY, webhook_id, ts, body),
        "content-type": "application/json",
    }


def test_workers_share_the_sqlite_store(workers: Tuple[List[str], Path]) -> None:
    """Every delivery reaches all three workers at once (OpenAI's retries can
    land anywhere): each ``webhook-id`` is handled exactly once, a failed one
    again on its retry."""
    urls, log = workers
    ids = [f"msg_{i:02d}" for i in range(24)]
    failing = {"msg_03", "msg_11", "msg_20"}
    deliveries = {
        i: _delivery(i, ("fail-" if i in failing else "batch-") + i) for i in ids
    }
    with httpx2.Client(timeout=30) as http, ThreadPoolExecutor(max_workers=9) as pool:

        def post(job: Tuple[str, str]) -> Tuple[str, int, str]:
            webhook_id, url = job
            body, headers = deliveries[webhook_id]
            response = http.post(url, content=body, headers=headers)
            return webhook_id, response.status_code, response.text

        results = list(pool.map(post, [(i, u) for i in ids for u in urls]))
        assert all(s in (200, 500) for _, s, _ in results)
        failures = [i for i, s, _ in results if s == 500]
        assert sorted(failures) == sorted(failing)  # each failed once, on one worker
        # the failed claim was released: a concurrent delivery that came later
        # handled it, or the retry does
        retries = list(pool.map(post, [(i, urls[0]) for i in sorted(failing)]))
        assert {s for _, s, _ in retries} == {200}
        again = list(pool.map(post, [(i, u) for i in ids for u in urls]))
        assert {t for _, _, t in again} == {"duplicate"}
    handled_answers = [i for i, s, t in results + retries + again if t == "handled"]

    lines = log.read_text().splitlines()
    handled = [line.split()[1] for line in lines]
    assert sorted(handled) == sorted(ids)  # each exactly once
    handled_by = {line.split()[0] for line in lines}
    assert len(handled_by) >= 2  # the work was spread over processes
    assert sorted(handled_answers) == sorted(ids)  # the answers say the same
