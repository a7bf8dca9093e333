"""`callspec validate`: read config files with positions, pick the schema, run the
generated validator, format the findings.

This package never imports Jinja, black, the IR or the codegen config: the validator it
runs is the generated `<package>._validation`, whose `_selection.py` holds the default
schema and the file-name table (architecture: cli → validate → generated package).
"""
