"""SIGKILL at random points never leaves a mixed output tree; the next run repairs leftovers."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from tests.reliability import kill
from tests.reliability.budget import pick

SEED = int(os.environ.get("CALLSPEC_FUZZ_SEED", "0"))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kill")


@pytest.fixture(scope="module")
def cli_trees(workdir: Path) -> kill.Trees:
    return kill.cli_trees(workdir / "cli")


def test_killed_generate_leaves_old_or_new(
    workdir: Path, cli_trees: kill.Trees
) -> None:
    deadline = time.monotonic() + pick(20, 900)
    stats = kill.kill_cli(
        cli_trees, workdir / "cli", pick(3, 40), random.Random(SEED), deadline
    )
    assert not stats.failures, stats.failures
    assert stats.kills >= 1, stats


def test_killed_writer_leaves_old_or_new(workdir: Path, cli_trees: kill.Trees) -> None:
    trees = kill.writer_trees(
        workdir / "writer", cli_trees.new, padding=pick(800, 3000)
    )
    deadline = time.monotonic() + pick(15, 900)
    stats = kill.kill_writer(
        trees, workdir / "writer", pick(24, 300), random.Random(SEED), deadline
    )
    assert not stats.failures, stats.failures
    assert stats.kills >= 10, stats
    # the kills land before, during and after the swap, not all in one place
    assert len(stats.outcomes) >= 2, stats.outcomes


def test_next_run_repairs_planted_leftovers(
    workdir: Path, cli_trees: kill.Trees
) -> None:
    assert kill.leftover_repair(workdir / "cli", cli_trees) == []
