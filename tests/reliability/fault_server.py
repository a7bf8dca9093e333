"""A hostile HTTP/1.1 server on 127.0.0.1 for the client fault tests, run as its own process
(so the test process's open sockets are the client's alone).

The call id in `/v1/realtime/calls/{call_id}/{action}` picks the fault. `GET /_counts` returns
how many requests each fault saw (JSON); `POST /_reset` clears them.

    python -m tests.reliability.fault_server   # prints the port, serves until killed
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections import Counter
from typing import Callable

COUNTS: Counter[str] = Counter()
LOCK = threading.Lock()
HUGE = 5 * 1024 * 1024


def _read_request(conn: socket.socket) -> tuple[str, str, dict[str, str], bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return method, target, headers, body


def _response(
    status: int,
    body: bytes,
    headers: dict[str, str] | None = None,
    length: int | None = None,
) -> bytes:
    reason = {
        200: "OK",
        400: "Bad Request",
        401: "Unauthorized",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        429: "Too Many Requests",
    }.get(status, "X")
    head = [
        f"HTTP/1.1 {status} {reason}",
        f"Content-Length: {len(body) if length is None else length}",
        "Content-Type: application/json",
    ]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def _reset(conn: socket.socket) -> None:
    """Close with RST instead of FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def _error(message: str) -> bytes:
    return json.dumps(
        {"error": {"message": message, "type": "server_error", "code": None}}
    ).encode()


Fault = Callable[
    [socket.socket, dict[str, str], int], bool
]  # returns: keep the connection


def ok(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(200, b"{}"))
    return True


def reset_before_response(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    _reset(conn)
    return False


def reset_mid_body(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(200, b'{"id": "call_', length=200))
    time.sleep(0.02)
    _reset(conn)
    return False


def reset_mid_error_body(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(500, b'{"error": {"mess', length=200))
    time.sleep(0.02)
    _reset(conn)
    return False


def truncated(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(200, b'{"a": 1', length=1000))  # then a clean close (FIN)
    conn.shutdown(socket.SHUT_WR)
    return False


def truncated_error(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(503, b'{"error"', length=1000))
    conn.shutdown(socket.SHUT_WR)
    return False


def slow(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    time.sleep(1.5)  # past the client's read timeout
    try:
        conn.sendall(_response(200, b"{}"))
    except OSError:
        pass
    return False


def slow_body(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    try:
        conn.sendall(_response(200, b"{", length=50))
        time.sleep(1.5)  # headers on time, the body never finishes within the timeout
        conn.sendall(b"}")
    except OSError:
        pass
    return False


def storm(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    status = (500, 502, 503, 429)[n % 4]
    conn.sendall(_response(status, _error("overloaded"), {"retry-after-ms": "5"}))
    return True


def storm_then_ok(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    if n < 2:
        conn.sendall(_response(503, _error("overloaded"), {"retry-after-ms": "5"}))
    else:
        conn.sendall(_response(200, b"{}"))
    return True


def not_json(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(400, b"<html><body>502 Bad Gateway \xff\xfe</body></html>"))
    return True


def json_without_error(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(400, b'{"detail": "nope", "error": null, "message": 5}'))
    return True


def error_not_object(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(400, b'{"error": ["a", {"message": 1}]}'))
    return True


def huge_error(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    body = b'{"error": {"message": "' + b"x" * HUGE + b'"}}'
    conn.sendall(_response(400, body))
    return True


def huge_not_json(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(_response(400, b"<" * HUGE))
    return True


def echo_key(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    """A server that quotes the credentials back, in the message and elsewhere."""
    auth = headers.get("authorization", "")
    body = {
        "error": {
            "message": f"Incorrect API key provided: {auth}",
            "param": auth,
            "code": auth,
        }
    }
    conn.sendall(_response(401, json.dumps(body).encode(), {"x-echo": auth}))
    return True


def garbage_status(conn: socket.socket, headers: dict[str, str], n: int) -> bool:
    conn.sendall(b"HTTP/1.1 ABC Broken\r\n\r\n")
    conn.close()
    return False


FAULTS: dict[str, Fault] = {
    f.__name__: f
    for f in (
        ok,
        reset_before_response,
        reset_mid_body,
        reset_mid_error_body,
        truncated,
        truncated_error,
        slow,
        slow_body,
        storm,
        storm_then_ok,
        not_json,
        json_without_error,
        error_not_object,
        huge_error,
        huge_not_json,
        echo_key,
        garbage_status,
    )
}


def _serve(conn: socket.socket) -> None:
    try:
        while True:
            request = _read_request(conn)
            if request is None:
                break
            method, target, headers, _ = request
            if target == "/_counts":
                with LOCK:
                    conn.sendall(_response(200, json.dumps(COUNTS).encode()))
                continue
            if target == "/_reset":
                with LOCK:
                    COUNTS.clear()
                conn.sendall(_response(200, b"{}"))
                continue
            parts = target.split("?")[0].strip("/").split("/")
            name = parts[3] if len(parts) > 4 else "ok"
            with LOCK:
                n = COUNTS[name]
                COUNTS[name] += 1
            if not FAULTS.get(name, ok)(conn, headers, n):
                break
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main() -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    print(server.getsockname()[1], flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=_serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
