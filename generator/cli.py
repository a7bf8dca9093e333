"""`callspec`: generate, check, validate, diff and publish, for the Realtime calls API."""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from generator.commands import COMMANDS

if TYPE_CHECKING:
    import argparse
    from typing import Sequence


# allocations before a young collection, and young/middle collections before an
# older one (CPython's defaults: 700, 10, 10)
_BATCH_GC_THRESHOLDS = (200_000, 30, 30)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    import argparse
    import importlib

    from generator import __version__

    parser = argparse.ArgumentParser(prog="callspec", description=__doc__)
    parser.add_argument(
        "--version", action="version", version=f"callspec {__version__}"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in (only,) if only else COMMANDS:
        try:
            module = importlib.import_module(f"generator.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"generator.commands.{name}":
                raise
            continue  # a subcommand not built yet
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    quick = _plain_validate(argv)
    if quick is not None:  # `validate` starts fast (pre-commit, CI): no argparse
        files, schema, fmt = quick

        def handler() -> int:
            from generator.validate.run import run

            return run(files, schema, fmt)

    else:
        if argv[:1] != ["validate"]:
            # generate/check/diff build millions of objects that live to the end of the
            # run: with the default thresholds the cycle collector re-scans them ~500
            # times, ~9% of a full-upstream generation (mypy raises them for the same
            # reason). No run is long enough for a cycle's garbage to matter.
            gc.set_threshold(*_BATCH_GC_THRESHOLDS)
        # otherwise only the subcommand's own module: no dataclasses/IR for validate
        parser = build_parser("validate" if argv[:1] == ["validate"] else None)
        args = parser.parse_args(argv)

        def handler() -> int:
            return int(args.func(args))

    try:
        return handler()
    except OSError as exc:
        # a path the user named that cannot be read or written: their input, not our bug
        where = exc.filename or "callspec"
        print(f"{where}: error: {exc.strerror or exc}", file=sys.stderr)
        print("callspec: nothing written", file=sys.stderr)
        return 2
    except Exception as exc:
        from generator.errors import SpecError

        if not isinstance(exc, SpecError):
            if os.environ.get("CALLSPEC_DEBUG"):
                raise
            # a bug of ours, not the user's mistake: say so plainly, no traceback
            print(
                f"callspec: internal error: {type(exc).__name__}: {exc}\n"
                "  this is a bug in callspec; rerun with CALLSPEC_DEBUG=1 for the traceback",
                file=sys.stderr,
            )
            return 70
        for problem in exc.problems:
            print(problem.render(), file=sys.stderr)
        print(
            f"callspec: {len(exc.problems)} problem(s); nothing written",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


def entry() -> NoReturn:
    """The `callspec` command (and `python -m generator`): `main`, then out of the
    process without tearing the interpreter down. A generation ends holding millions of
    objects, and freeing them one by one at exit took ~0.13 s of a full-upstream run
    (mypy leaves the same way, `mypy.util.hard_exit`). By then every file is written and
    closed, each child process waited for; only the standard streams are flushed here,
    and a failure to flush them exits 120, as Python's own exit does."""
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe, or a stream closed
        status = status or 120
    os._exit(status)


_VALIDATE_OPTIONS = {"--schema": None, "--format": ("text", "json", "github")}


def _plain_validate(argv: list[str]) -> tuple[list[str], str | None, str] | None:
    """(files, schema, format) of a `validate` command line that argparse would read the
    same way (`--schema NAME`, `--format text|json|github`, files, `--`); None for anything
    else (help, a typo, a missing value), which then goes through argparse and its errors.
    """
    if argv[:1] != ["validate"]:
        return None
    files: list[str] = []
    values: dict[str, str] = {}
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "--":
            files += rest
            break
        name, eq, inline = arg.partition("=")
        if name in _VALIDATE_OPTIONS:
            value = inline if eq else next(rest, None)
            allowed = _VALIDATE_OPTIONS[name]
            if value is None or value.startswith("-") or name in values:
                return None
            if allowed is not None and value not in allowed:
                return None
            values[name] = value
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            files.append(arg)
    if not files:
        return None
    return files, values.get("--schema"), values.get("--format", "text")
