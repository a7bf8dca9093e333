"""A project moved to upstream 535f5dc (July) by `callspec update`: the new fields validate,
our decisions (closed objects, the page's ranges, the SDK-side names) still hold."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import skip_unless_ci
from tests.upstream.conftest import JULY_UPSTREAM, callspec


@pytest.fixture(autouse=True)
def _the_document() -> None:
    """In ../shared (CI has it): without it, skipped here, failed in CI."""
    if not JULY_UPSTREAM.is_file():
        skip_unless_ci(f"the upstream document is not at {JULY_UPSTREAM}")


JULY = """\
type: realtime
model: gpt-realtime-2.1
parallel_tool_calls: true
reasoning: {effort: low}
tools:
  - type: mcp
    server_label: tunnelled
    tunnel_id: tunnel_0123456789abcdef0123456789abcdef
    allowed_callers: [direct, programmatic]
prompt:
  id: pmpt_123
  variables:
    city: {type: input_text, text: Paris, prompt_cache_breakpoint: {mode: explicit}}
    doc: {type: input_file, file_id: file_1, detail: auto}
"""


def validate(project: Path, text: str) -> tuple[int, str]:
    path = project / "x.realtime-session.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    done = callspec(project, "validate", str(path))
    return done.returncode, done.stdout + done.stderr


def test_a_july_config_validates(july_project: Path) -> None:
    code, out = validate(july_project, JULY)
    assert code == 0, out
    assert "0 error(s), 0 warning(s)" in out  # gpt-realtime-2.1 is a reasoning model


def test_the_2_1_family_is_reasoning_and_dated_2025_is_not(july_project: Path) -> None:
    for model in ("gpt-realtime-2.1-mini", "gpt-realtime-2"):
        code, out = validate(
            july_project,
            f"type: realtime\nmodel: {model}\nparallel_tool_calls: true\n",
        )
        assert code == 0 and "0 warning(s)" in out, out
    code, out = validate(
        july_project,
        "type: realtime\nmodel: gpt-realtime-2025-08-28\nparallel_tool_calls: true\n",
    )
    assert code == 0 and "parallel_tool_calls is only supported by" in out


def test_the_mcp_target_rule_follows_upstreams_text(july_project: Path) -> None:
    code, out = validate(
        july_project, "type: realtime\ntools:\n  - {type: mcp, server_label: x}\n"
    )
    assert code == 1
    assert "one of server_url or connector_id or tunnel_id is required" in out
    code, out = validate(
        july_project,
        "type: realtime\ntools:\n  - {type: mcp, server_label: x, "
        "server_url: 'https://e.com', tunnel_id: tunnel_0123456789abcdef0123456789abcdef}\n",
    )
    assert code == 0 and "1 warning(s)" in out  # at most one of the three


def test_unknown_keys_ranges_and_page_names_still_hold(july_project: Path) -> None:
    code, out = validate(
        july_project,
        """\
        type: realtime
        tools:
          - {type: mcp, server_label: x, tunel_id: tunnel_0123456789abcdef0123456789abcdef}
        audio: {output: {speed: 2.0}, input: {turn_detection: {type: server_vad, threshold: 1.5}}}
        prompt: {id: p, variables: {a: {type: input_text, text: t, prompt_cache_breakpoint: {mode: explicit, ttl: 1h}}}}
        """,
    )
    assert code == 1
    assert 'unknown key "tunel_id"; did you mean "tunnel_id"?' in out
    assert "$.audio.output.speed: 2.0 is out of range" in out
    assert "threshold: 1.5 is out of range" in out
    # the SDK's `ttl` is not in any upstream document we hold (contract rule 1)
    assert 'unknown key "ttl"' in out
    types = (
        july_project
        / "generated"
        / "python"
        / "realtime_calls"
        / "types"
        / "__init__.py"
    ).read_text()
    for name in (
        "RealtimeAudioConfigParam = RealtimeAudioConfig",
        "McpAllowedToolsMcpToolFilter = McpToolFilter",
        "RealtimeSessionCreateRequestParam = RealtimeSessionCreateRequest",
    ):
        assert f"\n{name}\n" in types
    page = (july_project / "generated" / "docs" / "realtime" / "calls.md").read_text()
    assert "- `tunnel_id: Optional[str]`" in page
    assert '"gpt-realtime-2.1"' in page
