"""A web-server worker process for the idempotency test (not a test module).

``python _worker.py DB LOG``: serves on a free loopback port (printed on the
first stdout line), verifies each POSTed delivery with ``client.webhooks`` and
handles it once across all workers sharing ``DB`` (`SQLiteIdempotencyStore`):
"handling" appends ``<pid> <webhook-id>`` to ``LOG``. A delivery whose data id
starts with ``fail`` fails the first time it is handled anywhere (500; the
claim is released, so that the retry is handled)."""

from __future__ import annotations

import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from realtime_calls import OpenAI
from realtime_calls.webhooks import SQLiteIdempotencyStore, WebhookIdempotency

DB, LOG = sys.argv[1], sys.argv[2]
client = OpenAI(api_key="sk-unused")  # webhook secret from OPENAI_WEBHOOK_SECRET
idempotency = WebhookIdempotency(SQLiteIdempotencyStore(DB))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        event = client.webhooks.unwrap(body, self.headers)
        status, answer = 200, b"handled"
        try:
            with idempotency.once(self.headers) as first:
                if not first:
                    answer = b"duplicate"
                else:
                    time.sleep(0.02)  # widen the window for a race
                    data_id = event.data.id
                    if data_id.startswith("fail"):
                        marker = os.path.join(os.path.dirname(LOG), "failed-" + data_id)
                        try:
                            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
                        except FileExistsError:
                            pass
                        else:
                            raise RuntimeError("the first attempt fails")
                    fd = os.open(LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
                    os.write(
                        fd, f"{os.getpid()} {self.headers['webhook-id']}\n".encode()
                    )
                    os.close(fd)
        except RuntimeError:
            status, answer = 500, b"failed"
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
