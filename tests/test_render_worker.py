"""The forked rendering worker (generator/worker.py): `generate` renders the strategies in
it while rendering the rest itself; the files are the same bytes as a serial render, and
an error in the worker comes back as the same kind of error, the worker ended."""

from __future__ import annotations

import os

import pytest

from generator.config import GenerateConfig
from generator.errors import Problem, SpecError
from generator.pipeline import load_api, render_all, render_parts
from generator.worker import Worker, WorkerError


def test_parallel_parts_are_the_serial_render() -> None:
    config = GenerateConfig()
    api = load_api(config)
    parallel: dict[str, str] = {}
    for part in render_parts(api, config, parallel=True):
        assert not set(part) & set(parallel)
        parallel.update(part)
    assert any(path.startswith("testing/") for path in parallel)
    assert parallel == render_all(api, config)


def test_the_worker_runs_in_another_process() -> None:
    worker = Worker(lambda: {"pid": str(os.getpid())})
    assert worker.join()["pid"] != str(os.getpid())


def _spec_problem() -> dict[str, str]:
    raise SpecError([Problem("a dangling $ref", file="spec.yaml", line=3)])


def _bug() -> dict[str, str]:
    raise KeyError("no such emitter")


def test_a_spec_problem_in_the_worker_is_a_spec_error_here() -> None:
    with pytest.raises(SpecError) as raised:
        Worker(_spec_problem).join()
    assert [(p.message, p.file, p.line) for p in raised.value.problems] == [
        ("a dangling $ref", "spec.yaml", 3)
    ]


def test_a_bug_in_the_worker_is_an_internal_error_with_its_traceback() -> None:
    with pytest.raises(WorkerError) as raised:
        Worker(_bug).join()
    assert "KeyError" in str(raised.value) and "_bug" in str(raised.value)


def test_a_failed_run_ends_the_worker() -> None:
    def forever() -> dict[str, str]:
        import time

        time.sleep(60)
        return {}

    worker = Worker(forever)
    pid = worker._pid
    assert pid
    worker.stop()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: gone


def test_a_failing_part_stops_the_worker() -> None:
    config = GenerateConfig()
    api = load_api(config)
    parts = render_parts(api, config, parallel=True)
    next(parts)  # the client package; the worker is rendering the strategies
    parts.close()  # as when writing the first part failed
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left to reap
