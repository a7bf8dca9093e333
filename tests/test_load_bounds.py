"""The loader's bounds check (generator/load/document.py): the level-by-level pass refuses
exactly the data the located depth-first walk refuses, and a refusal is still located as
that walk locates it (the first value past a bound, depth-first), with small bounds so
that random data crosses them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import SpecError
from generator.load import document as loader
from generator.load.document import Document

DATA = st.recursive(
    st.one_of(st.none(), st.integers(), st.text(max_size=3)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=2), inner, max_size=4),
    ),
    max_leaves=40,
)


def refusal(data: Any) -> str | None:
    try:
        loader._locate_shape_problem(Document(Path("t.yaml"), "", data))
    except SpecError as exc:
        return str(exc)
    return None


@settings(max_examples=2000, deadline=None)
@given(DATA, st.integers(1, 6), st.integers(1, 40))
def test_the_pass_refuses_what_the_walk_refuses(
    data: Any, depth: int, nodes: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "MAX_DEPTH", depth)
        patch.setattr(loader, "MAX_NODES", nodes)
        walked = refusal(data)
        assert loader._within_bounds(data) is (walked is None)
        try:
            loader._check_shape(Document(Path("t.yaml"), "", data))
        except SpecError as exc:
            assert str(exc) == walked
        else:
            assert walked is None


def test_a_recursive_value_and_an_alias_bomb_are_refused() -> None:
    loop: list[Any] = []
    loop.append(loop)
    assert not loader._within_bounds(loop)
    bomb: list[Any] = ["x"] * 10
    for _ in range(8):  # 10**8 values once the shared lists are expanded
        bomb = [bomb] * 10
    assert not loader._within_bounds(bomb)
    message = refusal(bomb)
    assert message is not None and f"more than {loader.MAX_NODES} values" in message


class _Dict(dict):  # type: ignore[type-arg]
    pass


class _List(list):  # type: ignore[type-arg]
    pass


SUBCLASSED = st.recursive(
    st.one_of(st.none(), st.integers(), st.text(max_size=3)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(_List),
        st.dictionaries(st.text(max_size=2), inner, max_size=4),
        st.dictionaries(st.text(max_size=2), inner, max_size=4).map(_Dict),
    ),
    max_leaves=40,
)


@settings(max_examples=1500, deadline=None)
@given(SUBCLASSED, st.integers(1, 6), st.integers(1, 40))
def test_a_level_with_subclasses_is_walked_as_isinstance_sees_it(
    data: Any, depth: int, nodes: int
) -> None:
    """A dict or list subclass is a container to the walk: the level holding one is
    taken apart by isinstance, and the pass still refuses what the walk refuses."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "MAX_DEPTH", depth)
        patch.setattr(loader, "MAX_NODES", nodes)
        assert loader._within_bounds(data) is (refusal(data) is None)


def test_a_shared_subclassed_list_stops_expanding() -> None:
    bomb: list[Any] = _List(["x"] * 10)
    for _ in range(8):
        bomb = _List([bomb] * 10)
    assert not loader._within_bounds(bomb)


@settings(max_examples=2000, deadline=None)
@given(DATA, st.integers(1, 6), st.integers(1, 40))
def test_the_fast_paths_size_decides_as_the_pass(
    data: Any, depth: int, nodes: int
) -> None:
    """The size the fast YAML path's string walk counts (values, levels) is within the
    bounds exactly when the pass finds the data within them."""
    from generator.load import fast_yaml

    size = fast_yaml._strings_sized(data)[1]
    assert size is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "MAX_DEPTH", depth)
        patch.setattr(loader, "MAX_NODES", nodes)
        within = size[0] <= nodes and size[1] <= depth
        assert within is loader._within_bounds(data)


@pytest.mark.parametrize(
    ("depth", "nodes"), [(2, 100), (10, 3), (4, 5), (3, 5), (4, 4)]
)
def test_a_fast_loaded_spec_past_a_bound_is_refused_as_any(
    tmp_path: Path, depth: int, nodes: int
) -> None:
    """Through the fast YAML path (it counted the size) and through PyYAML (a tag sends
    the same data there): the same refusal, located alike."""
    from generator.load import fast_yaml
    from generator.load.document import load_document

    fast = tmp_path / "fast.yaml"
    fast.write_text("a:\n  b:\n    c: 1\nd: x\n", encoding="utf-8")
    slow = tmp_path / "slow.yaml"
    slow.write_text("a:\n  b:\n    c: 1\nd: !!str x\n", encoding="utf-8")
    assert fast_yaml.load(fast.read_text()) is not None
    assert fast_yaml.load(slow.read_text()) is None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "MAX_DEPTH", depth)
        patch.setattr(loader, "MAX_NODES", nodes)
        messages = []
        for path in (fast, slow):
            try:
                load_document(path)
            except SpecError as exc:
                messages.append(str(exc).replace(path.name, "x.yaml"))
            else:
                messages.append("")
    # 5 values (the root, a, b, c, d), 4 levels: (4, 5) is just within
    assert messages[0] == messages[1]
    assert bool(messages[0]) is not (depth >= 4 and nodes >= 5)
