"""Storage: the only package that runs SQL. One SQLite file (WAL) through sqlite-utils,
versioned migrations (`schema`), typed records with one row mapping each (`records`), and the
applier of ingest intents in one BEGIN IMMEDIATE transaction. May import: monitor.text (dedup
terms), monitor.models, monitor.errors.
"""
