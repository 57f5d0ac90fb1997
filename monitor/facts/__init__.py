"""Facts: what a sentence says about a tracked fact, and what a value means against what is
known. Reads numbers and dates (with spaCy's parse and entity focus), gives each value a
confidence, and decides known / already alerted / change (`changes`). Pure: no network, no
database. May import: monitor.models, monitor.errors.
"""
