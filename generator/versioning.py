"""Versions: the API a spec describes, and the generated package built from it.

callspec's own version (`generator.__version__`, `callspec --version`) is the tool's. The
generated package's version says which API it speaks and which generator built it, and is
the one version written everywhere the package shows one (its pyproject, `__version__`, the
User-Agent it sends, the wheel `publish` builds):

    <X>.<Y>.<Z>[.<YYYYMMDD>].<G>[aN|bN|rcN]

X.Y.Z is the spec's `info.version` padded to three parts. YYYYMMDD is the date of the
upstream commit the spec was taken from (`info.x-callspec-upstream.date`): OpenAI's document
says `info.version: 2.3.0` at 5162af9 (2026-05-13) and at 535f5dc (2026-07-15) alike, so the
date is what tells the two APIs apart, and a later upstream sorts higher. G is
major*10000 + minor*100 + patch of the generator (callspec 0.2.0 -> 200), so a newer
generator for the same API sorts higher too. No local version label: PyPI accepts it.
Spec 2.3.0 at 5162af9 + callspec 0.2.0 -> 2.3.0.20260513.200.

The API release (`2.3.0.20260513`, or just X.Y.Z without an upstream date) names the
published schema folder, so two different APIs never share `schemas/<release>/`.
"""

from __future__ import annotations

import re

from generator import __version__ as GENERATOR_VERSION
from generator.errors import Problem, SpecError

_SPEC_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:a|b|rc)\d+)?$")
_GENERATOR_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)")
_UPSTREAM_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_GENERATOR_PART_LIMIT = 99


def _spec_parts(spec_version: str) -> tuple[str, str]:
    """(X.Y.Z, pre-release suffix) of an `info.version`, or a located error."""
    match = _SPEC_VERSION.match(spec_version.strip())
    if not match:
        raise SpecError(
            [
                Problem(
                    f"info.version {spec_version!r} is not a release version the package "
                    "version can be derived from (expected X[.Y[.Z]] with an optional "
                    "aN/bN/rcN)",
                    pointer="/info/version",
                )
            ]
        )
    release = ".".join(str(int(match.group(i) or 0)) for i in (1, 2, 3))
    return release, match.group(4) or ""


def _date_part(upstream_date: str | None) -> str:
    if upstream_date is None:
        return ""
    match = _UPSTREAM_DATE.match(upstream_date)
    if not match:
        raise SpecError(
            [
                Problem(
                    f"upstream date {upstream_date!r} is not YYYY-MM-DD",
                    pointer="/info/x-callspec-upstream/date",
                )
            ]
        )
    return "." + "".join(match.groups())


def api_release(spec_version: str, upstream_date: str | None = None) -> str:
    """The API a spec describes: `2.3.0.20260513` (see the module docstring)."""
    release, pre = _spec_parts(spec_version)
    return f"{release}{_date_part(upstream_date)}{pre}"


def package_version(
    spec_version: str,
    generator_version: str = GENERATOR_VERSION,
    upstream_date: str | None = None,
) -> str:
    """PEP 440 version of the generated package; see the module docstring for the rule."""
    release, pre = _spec_parts(spec_version)
    gen = _GENERATOR_VERSION.match(generator_version)
    if not gen or any(int(part) > _GENERATOR_PART_LIMIT for part in gen.groups()[1:]):
        raise ValueError(
            f"generator version {generator_version!r} does not fit the version rule"
        )
    major, minor, patch = (int(g) for g in gen.groups())
    build = major * 10000 + minor * 100 + patch
    return f"{release}{_date_part(upstream_date)}.{build}{pre}"
