"""What a rule kind (`x-callspec-rules` `kind:`) tells the generator.

One module per kind in this package, each defining `KIND`, an object of this protocol (the
shape of openapi-python-client's one-class-per-property-kind). The kind's runtime check is
the function `_r_<kind>` of `templates/client/validation/_rules.py` (copied verbatim into the
generated validator); its strategy fix (`strategy`) names the building block of
`templates/testing/strategies/_runtime.py` that keeps drawn values clear of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Protocol

from generator.emit.pysource import lit
from generator.ir import nodes as ir
from generator.shapes import Shape, integer, names


class Bound(Enum):
    """An argument of a strategy fix that the generated strategies module binds."""

    OWNER = "owner"
    """The name of the type the fix repairs (each of the rule's `applies_to`)."""
    VARIANTS = "variants"
    """Tag → strategy of each variant of the collection a reference names."""


@dataclass(frozen=True)
class StrategyFix:
    """How the generated strategies keep drawn values clear of a rule: `function(*args)`, a
    building block of `templates/testing/strategies/_runtime.py` (args are plain data or
    `Bound`), is the strategy of the rule's `property` when given, else a hook repairing
    each drawn value of an owner type."""

    function: str
    args: tuple[Any, ...] = ()
    property: str | None = None
    kept: bool = True
    """False: drawn values may still break the rule (a warning drawn on both sides)."""


def _tag_keys(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in value.items()
        )
    )


# the shapes of the kinds' parameters (generator/shapes.py): the builder reports a value
# of another shape, since the generated check and strategy read the parameters as they are
NAME = Shape("a name (a non-empty string)", lambda v: isinstance(v, str) and v != "")
NAMES = Shape("a non-empty list of names", names)
VALUES = Shape("a non-empty list of values", lambda v: isinstance(v, list) and v != [])
INTEGER = Shape("an integer", integer)
TAG_KEYS = Shape("a mapping of each tag to the name of its key", _tag_keys)
CONDITION = Shape(
    "a mapping of `path` (a non-empty list of names) and `equals`",
    lambda v: isinstance(v, dict) and names(v.get("path")) and "equals" in v,
)
OUTCOME = Shape(
    "a mapping of `path` (a non-empty list of names) and `equals` or `absent: true`",
    lambda v: isinstance(v, dict)
    and names(v.get("path"))
    and ("equals" in v or v.get("absent") is True),
)


class RuleKind(Protocol):
    name: ClassVar[str]
    """The spelling in the spec (`int-range`)."""
    params: ClassVar[dict[str, Shape]]
    """The keys a rule of this kind must give, each with its shape; the builder reports
    a missing one, or one of another shape."""

    def describe(self, rule: ir.Rule) -> str:
        """A one-line statement of what a rule checks (docs/rules.md)."""
        ...

    def fragment(self, rule: ir.Rule) -> dict[str, Any] | None:
        """The JSON Schema keywords saying an error rule, or None when JSON Schema cannot."""
        ...

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        """A Python condition on the checked value `var` that holds whenever the rule can
        find something (the generated validator calls the check only then, so a value
        without the keys a rule is about costs one test), or None: always call."""
        ...

    def context_property(self, rule: ir.Rule) -> str | None:
        """A property whose known (enum) values the runtime check gets as its context."""
        ...

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        """What keeps drawn values clear of the rule; None when nothing needs to (a
        warning a drawn value may break)."""
        ...

    @property
    def runtime_check(self) -> str:
        """The name of the runtime check function in the generated validator."""
        ...


class Kind:
    """Defaults for a kind: no JSON Schema form, guarded by its `property`, no context."""

    name: ClassVar[str] = ""
    params: ClassVar[dict[str, Shape]] = {}

    def describe(self, rule: ir.Rule) -> str:
        return rule.kind

    def fragment(self, rule: ir.Rule) -> dict[str, Any] | None:
        return None

    def guard(self, rule: ir.Rule, var: str) -> str | None:
        return has(var, [rule.params["property"]])

    def context_property(self, rule: ir.Rule) -> str | None:
        return None

    def strategy(self, rule: ir.Rule) -> StrategyFix | None:
        return None

    @property
    def runtime_check(self) -> str:
        return "_r_" + self.name.replace("-", "_")


def code(names: Any) -> str:
    """`a` or `b` ... as Markdown code spans joined by " or "."""
    return " or ".join(f"`{x}`" for x in names)


def has(var: str, keys: Any, joiner: str = " and ") -> str:
    """`isinstance(v, dict) and "a" in v ...`: the value is an object with the keys."""
    tests = joiner.join(f"{lit(key)} in {var}" for key in keys)
    if joiner != " and ":
        tests = f"({tests})"
    return f"isinstance({var}, dict) and {tests}"
