"""`callspec validate`: read config files with positions, pick the schema, run the
generated validator, format the findings.

This package never imports Jinja, black or the IR: the validator it runs is the
generated `realtime_calls._validation` (architecture: cli → validate → generated package).
"""
