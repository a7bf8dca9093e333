"""One module per `callspec` subcommand; each exposes `register(subparsers)`.

A subcommand imports what it needs inside its handler, so `callspec validate` never pays
for Jinja, black or the IR.
"""

COMMANDS = ("generate", "check", "validate", "diff", "publish", "update")
