"""A forked worker that renders some artifacts while this process renders the others
(the machine's second core). The worker is a copy of this process as it was at the fork
(the IR loaded), so what it renders is what this process would have rendered: the same
bytes. Its files come back through a pipe as strings; a problem in the spec (SpecError)
comes back as one, anything else as an internal error naming the worker, never as a
hang or a half-written tree. Where `fork` is missing the work is done here, on `join`.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from typing import Callable

from generator.errors import SpecError

Render = Callable[[], dict[str, str]]


class WorkerError(RuntimeError):
    """An error (not a spec problem) raised in the worker, with its traceback text."""


class Worker:
    def __init__(self, render: Render) -> None:
        self._render = render
        self._pid = 0
        self._read = -1
        if hasattr(os, "fork"):
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            os.close(read)
            _die_with_parent()
            try:
                payload = pickle.dumps(("files", self._render()))
            except SpecError as error:
                payload = pickle.dumps(("spec", error.problems))
            except BaseException as error:
                text = "".join(traceback.format_exception(error))
                payload = pickle.dumps(
                    ("error", f"{type(error).__name__}: {error}", text)
                )
            with os.fdopen(write, "wb") as out:
                out.write(payload)
            os._exit(0)  # no atexit handlers, no flushing of the parent's buffers
        os.close(write)
        self._pid, self._read = pid, read

    def join(self) -> dict[str, str]:
        """The worker's files (rendered here where there is no fork)."""
        if not self._pid:
            return self._render()
        with os.fdopen(self._read, "rb") as result:
            data = result.read()
        self._reap()
        if not data:
            raise WorkerError("the rendering worker ended without a result")
        kind, *value = pickle.loads(data)
        if kind == "spec":
            raise SpecError(value[0])
        if kind == "error":
            raise WorkerError(f"in the rendering worker: {value[0]}\n{value[1]}")
        files: dict[str, str] = value[0]
        return files

    def stop(self) -> None:
        """End the worker if it is still running (the run failed elsewhere)."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.close(self._read)
            self._reap()

    def _reap(self) -> None:
        os.waitpid(self._pid, 0)
        self._pid = 0


def _die_with_parent() -> None:
    """Linux PR_SET_PDEATHSIG: a killed run leaves no worker behind."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
