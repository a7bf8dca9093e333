"""`callspec validate`: formats, exit codes, JSON/YAML/TOML, positions, hostile input."""

from __future__ import annotations

import re

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://schemas.callspec.dev/realtime-calls"

GOOD_YAML = """\
type: realtime
model: gpt-realtime
audio:
  output:
    voice: marin
"""

BAD_YAML = """\
type: realtime
audio:
  input:
    turn_detection:
      type: server_vad
      threshold: 1.5
  output:
    voise: marin
tools:
  - type: mcp
    server_label: crm
"""


def lines_with(out: str, needle: str) -> list[str]:
    return [line for line in out.splitlines() if needle in line]


def test_valid_file_exits_0(cli: Callable[..., Any], write: Callable[..., str]) -> None:
    result = cli("validate", write("ok.yaml", GOOD_YAML))
    assert result.code == 0, result.out
    assert "0 invalid" in result.out


def test_warnings_are_allowed(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    path = write("w.yaml", GOOD_YAML.replace("marin", "marine"))
    result = cli("validate", path)
    assert result.code == 0
    assert (
        f'{path}:5:5: warning: $.audio.output.voice: "marine" is not a built-in voice; did you mean "marin"?'
        in result.out
    )


def test_text_format_positions_and_hints(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    path = write("bad.yaml", BAD_YAML)
    result = cli("validate", path)
    assert result.code == 1
    out = result.out.splitlines()
    assert (
        out[0]
        == f"{path}:6:7: error: $.audio.input.turn_detection.threshold: 1.5 is out of range: expected at most 1"
    )
    assert (
        out[2]
        == f'{path}:8:5: error: $.audio.output.voise: unknown key "voise"; did you mean "voice"?'
    )
    assert out[3].startswith(
        "    hint: RealtimeAudioConfigOutput allows: format, speed, voice"
    )
    assert (
        out[4]
        == f"{path}:10:5: error: $.tools[0]: one of server_url or connector_id or tunnel_id is required"
    )
    assert (
        out[5]
        == '    hint: upstream: "One of `server_url`, `connector_id`, or `tunnel_id` must be provided." (the page at 5162af9: "One of `server_url` or `connector_id` must be provided.") [mcp-server-url-or-connector-id]'
    )
    assert (
        out[-1] == "callspec validate: 1 file(s), 1 invalid, 3 error(s), 0 warning(s)"
    )


def test_json_format(cli: Callable[..., Any], write: Callable[..., str]) -> None:
    path = write("bad.yaml", BAD_YAML)
    ok = write("ok.json", json.dumps({"type": "realtime"}))
    data = cli("validate", "--format", "json", path, ok).json()
    assert data["summary"] == {
        "files": 2,
        "invalid": 1,
        "unreadable": 0,
        "errors": 3,
        "warnings": 0,
    }
    first, second = data["files"]
    assert first["valid"] is False and second["valid"] is True
    finding = first["findings"][1]
    assert finding == {
        "file": path,
        "document": None,
        "line": 8,
        "column": 5,
        "severity": "error",
        "path": ["audio", "output", "voise"],
        "json_path": "$.audio.output.voise",
        "message": 'unknown key "voise"; did you mean "voice"?',
        "hint": finding["hint"],
        "rule": "additionalProperties",
    }


def test_github_format(cli: Callable[..., Any], write: Callable[..., str]) -> None:
    path = write("bad.yaml", BAD_YAML)
    result = cli("validate", "--format", "github", path)
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith(
        f"::error file={path},line=6,col=7,title=callspec maximum::$.audio.input.turn_detection.threshold: "
    )
    mcp = lines_with(result.out, "mcp-server-url-or-connector-id")[0]
    assert (
        "%0Aupstream%3A" not in mcp and "%0Aupstream: " in mcp
    )  # data escaped, not properties
    warn = cli(
        "validate",
        "--format",
        "github",
        write("w.yaml", GOOD_YAML.replace("marin", "marine")),
    )
    assert warn.out.startswith("::warning file=")


def test_json_positions(cli: Callable[..., Any], write: Callable[..., str]) -> None:
    text = '{\n  "type": "realtime",\n  "tools": [\n    {"type": "function", "name": "a", "strict": true}\n  ]\n}\n'
    path = write("c.json", text)
    data = cli("validate", "--format", "json", path).json()
    (f,) = data["files"][0]["findings"]
    assert (f["line"], f["column"], f["json_path"]) == (4, 39, "$.tools[0].strict")


def test_toml(cli: Callable[..., Any], write: Callable[..., str]) -> None:
    text = 'type = "realtime"\n\n[audio.output]\nspeed = 3\n\n[[tools]]\nname = "a"\n\n[[tools]]\ntype = "mcp"\nserver_label = "x"\n'
    path = write("c.toml", text)
    result = cli("validate", path)
    assert result.code == 1
    assert f"{path}:4:1: error: $.audio.output.speed:" in result.out
    assert (
        f"{path}:9:1: error: $.tools[1]: one of server_url or connector_id or tunnel_id is required"
        in result.out
    )
    assert (
        cli(
            "validate", write("ok.toml", 'type = "realtime"\nmodel = "gpt-realtime"\n')
        ).code
        == 0
    )


def test_multi_document_yaml(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    text = (
        "type: realtime\n---\ntype: realtime\nmodel: 5\n---\n$schema: "
        + BASE
        + "/calls.reject.json\nstatus_code: 200\n"
    )
    path = write("multi.yaml", text)
    result = cli("validate", "--format", "json", path)
    assert result.code == 1
    data = result.json()["files"][0]
    assert data["documents"] == 3
    assert data["schemas"] == ["calls.accept", "calls.accept", "calls.reject"]
    assert [(f["document"], f["line"], f["json_path"]) for f in data["findings"]] == [
        (1, 4, "$.model"),
        (2, 7, "$.status_code"),
    ]
    text_out = cli("validate", path).out
    assert f"{path}[1]:4:1: error: $.model:" in text_out


def test_schema_key_selects_the_schema(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    refer = write(
        "r.json",
        json.dumps({"$schema": f"{BASE}/calls.refer.json", "target_uri": "tel:+1"}),
    )
    assert cli("validate", refer).code == 0
    other = write(
        "o.json",
        json.dumps({"$schema": "https://example.com/x.json", "type": "realtime"}),
    )
    assert cli("validate", other).code == 0  # not ours: ignored
    typed = write("t.yaml", f"$schema: {BASE}/Voice.json\n")
    assert (
        cli("validate", typed).code == 1
    )  # Voice is a string or an object, not this mapping


def test_schema_option(cli: Callable[..., Any], write: Callable[..., str]) -> None:
    path = write("reject.yaml", "status_code: 486\n")
    assert cli("validate", "--schema", "calls.reject", path).code == 0
    assert (
        cli("validate", path).code == 1
    )  # as calls.accept: `type` missing, unknown key
    result = cli("validate", "--schema", "calls.rejct", path)
    assert result.code == 2 and "did you mean 'calls.reject'?" in result.err
    assert (
        cli(
            "validate", "--schema", "ServerVad", write("vad.yaml", "type: server_vad\n")
        ).code
        == 0
    )


def test_duplicate_keys_are_errors(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    yaml_path = write(
        "d.yaml", "type: realtime\nmodel: gpt-realtime\nmodel: gpt-realtime-2\n"
    )
    result = cli("validate", yaml_path)
    assert result.code == 1
    assert (
        f'{yaml_path}:3:1: error: $.model: duplicate key "model" (first at line 2)'
        in result.out
    )
    json_path = write("d.json", '{"type": "realtime",\n "type": "realtime"}')
    result = cli("validate", json_path)
    assert (
        result.code == 1
        and f'{json_path}:2:2: error: $.type: duplicate key "type" (first at line 1)'
        in result.out
    )


def test_parse_errors_exit_2_with_position(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    bad_json = write("b.json", '{\n  "type": "realtime",\n  "x": [1, 2,]\n}')
    result = cli("validate", bad_json)
    assert result.code == 2
    assert result.out.startswith(f"{bad_json}:3:14: error: $: cannot parse: ")
    bad_yaml = write("b.yaml", "type: realtime\naudio: [\n")
    assert cli("validate", bad_yaml).out.startswith(
        f"{bad_yaml}:3:1: error: $: cannot parse:"
    )
    bad_toml = write("b.toml", 'type = "realtime"\nx = \n')
    assert cli("validate", bad_toml).out.startswith(
        f"{bad_toml}:2:5: error: $: cannot parse:"
    )
    missing = cli("validate", str(Path(bad_json).parent / "nope.yaml"))
    assert missing.code == 2 and "cannot read" in missing.out
    # an invalid file beside an unparseable one: still 2
    assert cli("validate", write("bad.yaml", BAD_YAML), bad_json).code == 2


def test_usage_errors_exit_2(cli: Callable[..., Any]) -> None:
    assert cli("validate").code == 2
    assert cli("validate", "--format", "xml", "x.yaml").code == 2


def test_many_files_in_one_process(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    paths = [
        write(f"f{i}.json", json.dumps({"type": "realtime", "instructions": f"n{i}"}))
        for i in range(50)
    ]
    paths.append(write("bad.json", json.dumps({"type": "realtime", "speed": 1})))
    result = cli("validate", *paths)
    assert result.code == 1 and "51 file(s), 1 invalid" in result.out


def test_yaml_scalars(cli: Callable[..., Any], write: Callable[..., str]) -> None:
    # read as PyYAML's safe_load does (contract rule 8): unquoted timestamps are dates, an
    # error where a string is expected and anywhere else (not JSON); non-string keys error
    path = write(
        "s.yaml",
        "type: realtime\ninstructions: 2024-01-01\ntracing:\n  metadata:\n    1: on\n    when: 2024-01-01T10:00:00Z\n    blob: !!binary aGVsbG8=\n",
    )
    result = cli("validate", "--format", "json", path)
    found = result.json()["files"][0]["findings"]
    assert [(f["line"], f["json_path"], f["rule"]) for f in found] == [
        (2, "$.instructions", "date"),
        (5, "$.tracing.metadata['1']", "type"),
        (6, "$.tracing.metadata.when", "date"),
    ]
    assert found[1]["message"] == "key 1 is not a string"
    nan = write("n.yaml", "type: realtime\naudio:\n  output:\n    speed: .nan\n")
    result = cli("validate", nan)
    assert (
        result.code == 1
        and "$.audio.output.speed: nan is not a JSON number" in result.out
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "py.yaml",
            "!!python/object/apply:os.system ['echo hi']\n",
            "unsupported YAML tag",
        ),
        ("py2.yaml", "type: !!python/name:os.system\n", "unsupported YAML tag"),
        ("custom.yaml", "type: !custom x\n", "unsupported YAML tag"),
        ("rec.yaml", "a: &a [*a]\n", "alias"),
        ("deep.yaml", "[" * 5000 + "]" * 5000, None),  # whichever layer stops it first
        ("deep.json", "[" * 5000 + "]" * 5000, "nested deeper than 1000 levels"),
        ("complex.yaml", "? [a, b]\n: c\n", "a mapping key must be a scalar"),
        ("bin.json", b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_hostile_input_never_tracebacks(
    cli: Callable[..., Any],
    write: Callable[..., str],
    name: str,
    content: Any,
    message: str | None,
) -> None:
    path = write(name, content)
    result = cli("validate", path)
    assert result.code == 2, result.out
    if message is not None:
        assert message in result.out
    assert re.match(rf"{re.escape(path)}:\d+:\d+: error", result.out), result.out
    assert "Traceback" not in result.out + result.err


def test_alias_bomb_is_capped(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    result = cli("validate", write("bomb.yaml", "\n".join(lines) + "\n"))
    assert result.code == 2 and "alias bomb" in result.out


def test_size_cap(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    result = cli("validate", str(path))
    assert result.code == 2 and "the limit is" in result.out


def test_the_console_script(tmp_path: Path) -> None:
    """The real entry point, as pre-commit runs it; it never loads Jinja, black or the IR."""
    path = tmp_path / "x.realtime-session.yaml"
    path.write_text(BAD_YAML)
    code = (
        "import sys; from generator.cli import main; rc = main(sys.argv[1:]);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('jinja2', 'black') or m.startswith(('generator.ir', 'generator.emit', 'generator.codegen_config', 'generator.load'))];"
        "print('LOADED', bad); sys.exit(rc)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert "LOADED []" in run.stdout
    exe = Path(sys.executable).with_name("callspec")
    if exe.exists():
        run = subprocess.run(
            [str(exe), "validate", "--format", "github", str(path)],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 1 and run.stdout.startswith("::error file=")
