"""A one-line progress bar on stderr when it is a terminal; silent otherwise."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class Progress:
    """Stages of a run drawn as `[####------] 2/4 rendering  1.3s`, redrawn ten times a
    second from a background thread so a long stage still shows it is alive."""

    WIDTH = 24

    def __init__(self, stages: int, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.stages = stages
        self.index = 0
        self.label = ""
        self.started = time.perf_counter()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self, label: str) -> None:
        self.index += 1
        self.label = label
        if not self.enabled:
            return
        self.draw()
        if self._thread is None:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()

    def draw(self) -> None:
        filled = self.WIDTH * (self.index - 1) // self.stages
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        elapsed = time.perf_counter() - self.started
        line = f"[{bar}] {self.index}/{self.stages} {self.label:<12} {elapsed:5.1f}s"
        self.stream.write("\r" + line)
        self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(0.1):
            self.draw()

    def done(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()
