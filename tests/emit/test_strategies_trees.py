"""The strategies emitter shares the trees of unbounded primitives and of string
literals (most of a large spec's nodes): a shared tree is the text the node's own would
be, and nodes whose text differs never share one (bounds `1` and `1.0` are equal keys).
"""

from __future__ import annotations

from generator.emit.pytree import flat
from generator.emit.render import Renderer
from generator.emit.strategies import StrategiesEmitter
from generator.ir import nodes as ir


def test_equal_unbounded_primitives_share_a_tree(api: ir.Api) -> None:
    emitter = StrategiesEmitter(api, Renderer())
    a = emitter.tree(ir.Primitive("string", format="uri", description="a"), "T")
    b = emitter.tree(ir.Primitive("string", format="uri", description="b"), "T")
    assert a is b
    assert flat(a) == '_strings(None, None, None, "uri")'


def test_bounds_equal_as_numbers_keep_their_own_text(api: ir.Api) -> None:
    emitter = StrategiesEmitter(api, Renderer())
    whole = emitter.tree(ir.Primitive("integer", minimum=1), "T")
    real = emitter.tree(ir.Primitive("integer", minimum=1.0), "T")
    assert (flat(whole), flat(real)) == (
        "_integers(1, None, None, None)",
        "_integers(1.0, None, None, None)",
    )


def test_string_literals_share_and_other_values_do_not(api: ir.Api) -> None:
    emitter = StrategiesEmitter(api, Renderer())
    one = emitter.tree(ir.Literal(("a", "b")), "T")
    assert emitter.tree(ir.Literal(("a", "b")), "U") is one
    assert flat(one) == 'st.sampled_from(["a", "b"])'
    assert flat(emitter.tree(ir.Literal((1,)), "T")) == "st.just(1)"
    assert flat(emitter.tree(ir.Literal((1.0,)), "T")) == "st.just(1.0)"
    assert flat(emitter.tree(ir.Literal((True,)), "T")) == "st.just(True)"
