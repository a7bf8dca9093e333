"""Process each webhook delivery once: an idempotency helper keyed by ``webhook-id``.

OpenAI retries a delivery that did not get a 2xx answer in time, with the same
``webhook-id``; a retry may reach another worker process. `WebhookIdempotency`
records each id in a store shared by the workers:

    idempotency = WebhookIdempotency(SQLiteIdempotencyStore("/var/lib/app/webhooks.db"))

    event = client.webhooks.unwrap(body, headers)
    with idempotency.once(headers) as first:
        if first:
            handle(event)

``first`` is true for exactly one of the deliveries carrying an id. When the
block raises, the claim is released (the exception propagates), so that
OpenAI's retry is handled; when it ends, the id is recorded as done and later
deliveries get ``first`` false for ``retention`` seconds (default 7 days).
A claim that is neither done nor released (the worker died) is given to
another delivery after ``lease`` seconds (default 300).

Stores (`IdempotencyStore`): `InMemoryIdempotencyStore` (one process) and
`SQLiteIdempotencyStore` (one file shared by the processes of one host; WAL
journal, one atomic statement per claim). Any object with the four methods
works (Redis, a SQL database, ...).

This is our addition; the official SDK has no such helper (contract rule 5).
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterator,
    Mapping,
    Optional,
    Protocol,
    Tuple,
    Union,
)

if TYPE_CHECKING:
    import sqlite3

__all__ = [
    "IdempotencyStore",
    "InMemoryIdempotencyStore",
    "SQLiteIdempotencyStore",
    "WebhookIdempotency",
]

DEFAULT_LEASE = 300.0
DEFAULT_RETENTION = 7 * 24 * 3600.0

# SQLITE_BUSY and SQLITE_LOCKED (primary result codes, the low byte of an
# extended code), and the backoff between set-up attempts, in seconds.
_BUSY_CODES = (5, 6)
_BUSY_FIRST_DELAY = 0.005
_BUSY_MAX_DELAY = 0.2


class IdempotencyStore(Protocol):
    """Where the ids of deliveries are kept. Every method is atomic with respect
    to every other caller of the same store (threads and processes)."""

    def claim(self, key: str, token: str, *, now: float, lease: float) -> bool:
        """Record ``key`` as in progress under ``token`` and return true if it is
        unknown, or in progress under a claim older than ``lease`` seconds;
        else (done, or in progress under a live claim) return false."""
        ...

    def complete(self, key: str, token: str, *, now: float) -> None:
        """Record ``key`` as done (at ``now``)."""
        ...

    def release(self, key: str, token: str) -> None:
        """Forget ``key`` if it is still in progress under ``token``."""
        ...

    def purge(self, *, before: float) -> int:
        """Forget the ids recorded as done before ``before``; return how many."""
        ...


class InMemoryIdempotencyStore:
    """A store in this process's memory (threads share it; processes do not)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # key -> (state, token, time): state "pending" (claimed) or "done"
        self._entries: Dict[str, Tuple[str, str, float]] = {}

    def __repr__(self) -> str:
        return f"<InMemoryIdempotencyStore entries={len(self._entries)}>"

    def claim(self, key: str, token: str, *, now: float, lease: float) -> bool:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                state, _, at = entry
                if state == "done" or at + lease > now:
                    return False
            self._entries[key] = ("pending", token, now)
            return True

    def complete(self, key: str, token: str, *, now: float) -> None:
        with self._lock:
            self._entries[key] = ("done", token, now)

    def release(self, key: str, token: str) -> None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == "pending" and entry[1] == token:
                del self._entries[key]

    def purge(self, *, before: float) -> int:
        with self._lock:
            old = [
                k
                for k, (state, _, at) in self._entries.items()
                if state == "done" and at < before
            ]
            for k in old:
                del self._entries[k]
            return len(old)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS webhook_deliveries ("
    " webhook_id TEXT PRIMARY KEY,"
    " state TEXT NOT NULL,"
    " token TEXT NOT NULL,"
    " at REAL NOT NULL)"
)


class SQLiteIdempotencyStore:
    """A store in an SQLite file that several processes (web-server workers) of
    one host share. Each process (and thread) opens its own connection, lazily
    and again after a ``fork``; a claim is one atomic ``INSERT ... ON CONFLICT
    DO UPDATE ... WHERE`` statement, so two workers never both win."""

    def __init__(
        self, path: Union[str, "os.PathLike[str]"], *, timeout: float = 30.0
    ) -> None:
        self.path = os.fspath(path)
        self.timeout = timeout
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"<SQLiteIdempotencyStore path={self.path!r}>"

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        conn: Optional[sqlite3.Connection] = getattr(local, "conn", None)
        if conn is not None and getattr(local, "pid", None) == os.getpid():
            return conn
        import sqlite3

        conn = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None
        )  # autocommit: every statement is its own transaction
        try:
            self._prepare(conn)
        except BaseException:
            conn.close()
            raise
        local.conn = conn
        local.pid = os.getpid()
        return conn

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Switch the file to WAL and create the table, retrying while busy.

        SQLite answers "database is locked" at once, without waiting for the
        busy timeout, when two connections that both hold a read lock want to
        write (it would deadlock otherwise): that is what happens when several
        workers open a new file together. So the set-up is retried with a
        short backoff until ``timeout`` has passed."""
        import sqlite3

        deadline = time.monotonic() + self.timeout
        delay = _BUSY_FIRST_DELAY
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if mode.lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(_SCHEMA)
                return
            except sqlite3.OperationalError as exc:
                busy = (exc.sqlite_errorcode & 0xFF) in _BUSY_CODES
                if not busy or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, _BUSY_MAX_DELAY)

    def claim(self, key: str, token: str, *, now: float, lease: float) -> bool:
        cursor = self._connection().execute(
            "INSERT INTO webhook_deliveries (webhook_id, state, token, at)"
            " VALUES (?, 'pending', ?, ?)"
            " ON CONFLICT (webhook_id) DO UPDATE SET token = excluded.token,"
            " at = excluded.at"
            " WHERE webhook_deliveries.state = 'pending'"
            " AND webhook_deliveries.at + ? <= excluded.at",
            (key, token, now, lease),
        )
        return cursor.rowcount == 1

    def complete(self, key: str, token: str, *, now: float) -> None:
        self._connection().execute(
            "INSERT INTO webhook_deliveries (webhook_id, state, token, at)"
            " VALUES (?, 'done', ?, ?)"
            " ON CONFLICT (webhook_id) DO UPDATE SET state = 'done',"
            " token = excluded.token, at = excluded.at",
            (key, token, now),
        )

    def release(self, key: str, token: str) -> None:
        self._connection().execute(
            "DELETE FROM webhook_deliveries"
            " WHERE webhook_id = ? AND state = 'pending' AND token = ?",
            (key, token),
        )

    def purge(self, *, before: float) -> int:
        cursor = self._connection().execute(
            "DELETE FROM webhook_deliveries WHERE state = 'done' AND at < ?",
            (before,),
        )
        return cursor.rowcount

    def close(self) -> None:
        """Close this thread's connection (a new one opens on next use)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _webhook_id(source: Union[str, Mapping[str, Any], Any]) -> str:
    if isinstance(source, str):
        return source
    from ._webhooks import get_required_header

    value = get_required_header(source, "webhook-id")
    if not isinstance(value, str) or not value:
        raise ValueError("Could not find webhook-id header")
    return value


class WebhookIdempotency:
    """Handle each ``webhook-id`` once across the processes sharing ``store``."""

    def __init__(
        self,
        store: Optional[IdempotencyStore] = None,
        *,
        lease: float = DEFAULT_LEASE,
        retention: float = DEFAULT_RETENTION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store: IdempotencyStore = (
            store if store is not None else InMemoryIdempotencyStore()
        )
        self.lease = lease
        self.retention = retention
        self.clock = clock

    def __repr__(self) -> str:
        return f"<WebhookIdempotency store={self.store!r}>"

    def claim(self, webhook: Union[str, Mapping[str, Any], Any]) -> Optional[str]:
        """Claim a delivery (its ``webhook-id``, or its headers): a token when
        this caller should handle it, ``None`` when another did or does. Pass
        the token to `complete` or `release`."""
        key = _webhook_id(webhook)
        now = self.clock()
        self.store.purge(before=now - self.retention)
        import secrets

        token = secrets.token_hex(16)
        if self.store.claim(key, token, now=now, lease=self.lease):
            return token
        return None

    def complete(self, webhook: Union[str, Mapping[str, Any], Any], token: str) -> None:
        """The delivery was handled: later ones with its id are duplicates."""
        self.store.complete(_webhook_id(webhook), token, now=self.clock())

    def release(self, webhook: Union[str, Mapping[str, Any], Any], token: str) -> None:
        """Handling failed: the next delivery with its id is handled again."""
        self.store.release(_webhook_id(webhook), token)

    @contextmanager
    def once(self, webhook: Union[str, Mapping[str, Any], Any]) -> Iterator[bool]:
        """``with idempotency.once(headers) as first: ...`` (see the module)."""
        key = _webhook_id(webhook)
        token = self.claim(key)
        if token is None:
            yield False
            return
        try:
            yield True
        except BaseException:
            self.release(key, token)
            raise
        self.complete(key, token)
