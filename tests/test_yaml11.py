"""generator/load/yaml11.py reads plain scalars as our PyYAML loader does: the same
resolver table, and each value it reads by hand the value PyYAML loads (type for type);
and loading an upstream document never imports PyYAML, the reason it exists."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import fast_yaml, yaml11
from generator.load.document import spec_loader
from tests.test_fast_yaml import ROOT, UPSTREAM, same

REAL = [p.read_text(encoding="utf-8-sig") for p in UPSTREAM]


def pyyaml(token: str) -> Any:
    return yaml.load(token, Loader=spec_loader())  # noqa: S506 - a safe loader


def reads_as_pyyaml(token: str) -> None:
    ours = yaml11.plain_value(token)
    if ours is yaml11.UNKNOWN:
        return
    assert same(ours, pyyaml(token)), token


def test_the_resolver_table_is_pyyamls() -> None:
    theirs = spec_loader().yaml_implicit_resolvers
    assert list(yaml11.RESOLVERS) == list(theirs)
    for first, found in theirs.items():
        ours = yaml11.RESOLVERS[first]
        assert [(t, p.pattern, p.flags) for t, p in ours] == [
            (t, p.pattern, p.flags) for t, p in found
        ], first


def test_the_tags_are_pyyamls() -> None:
    # a real `resolve` call, not the table: what the loader itself decides
    loader = spec_loader()("")
    words = ["yes", "No", "on", "~", "null", "", "<<", "=", "&", "1", "0x1f", "1.5"]
    words += ["1:30", "1:30.5", ".inf", ".NaN", "2024-01-01", "y", "abc", "0o17"]
    for word in words:
        tag = loader.resolve(yaml.ScalarNode, word, (True, False))
        assert yaml11.tag_of(word) == tag, word


@pytest.mark.parametrize("index", range(len(REAL)))
def test_every_token_of_the_real_documents_reads_as_pyyaml(index: int) -> None:
    tokens = set(fast_yaml._number_tokens(REAL[index].encode("utf-8")))
    for token in tokens:
        reads_as_pyyaml(token)
    # and every one is read here: loading them never needs PyYAML
    unread = {t for t in tokens if fast_yaml._NUMBER_LIKE.search(t)}
    unread = {t for t in unread if yaml11.plain_value(t) is yaml11.UNKNOWN}
    assert not unread


_FORMS = [
    "0", "-0", "+0", "7", "-12", "+12", "007", "-017", "08", "0b1", "0x1f", "1_000",
    "1.", "-1.", "0.5", "+.5", ".5", "1.5e-3", "1.5E+3", "1e3", "1.5e3", "1:30",
    "-1:30", "1:30.5", "190:20:30", "1__0", "0x_1", "0b_", ".inf", "-.Inf", ".NaN",
    "1-based", "2.3.0", "127.0.0.1", "2024-10-01T00:00:00.000Z", "1024x1024", "24h",
    "yes", "No", "ON", "off", "y", "n", "true", "FALSE", "null", "Null", "~", "nan",
    "Infinity", "abc", "1:", "1::2", "0o17", "+", "-", "1-", "1+",
]  # fmt: skip


@pytest.mark.parametrize("token", _FORMS)
def test_each_form_reads_as_pyyaml_or_is_left_to_it(token: str) -> None:
    reads_as_pyyaml(token)


def test_the_simple_forms_are_read_here() -> None:
    simple = ["0", "-0", "7", "-12", "+12", "007", "-017", "1.", "0.5", "1.5e-3"]
    simple += ["1-based", "2.3.0", "yes", "ON", "null", "~", "abc", "y", "1e3"]
    assert [t for t in simple if yaml11.plain_value(t) is yaml11.UNKNOWN] == []


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789+-._:eExXoObB", min_size=1, max_size=10),
        st.text(alphabet="aeflnorstuyENOLSTUY~0", min_size=1, max_size=6),
    )
)
def test_random_tokens_read_as_pyyaml(token: str) -> None:
    try:
        pyyaml(token)
    except (yaml.YAMLError, ValueError):  # not a scalar PyYAML builds
        assert yaml11.plain_value(token) is yaml11.UNKNOWN, token
        return
    reads_as_pyyaml(token)


def test_loading_an_upstream_document_does_not_import_pyyaml() -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from generator.load.document import load_document\n"
        f"load_document(Path({str(UPSTREAM[-1])!r}))\n"
        "print('yaml' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
