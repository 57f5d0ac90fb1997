"""Ingest: an article in, a stored outcome out. `decide` is a pure function of (article,
what the store knows of its candidates, watchlists) that returns an intent (store as new,
link to a story as copy or rewrite, observations, alerts, deliveries); `pipeline` gathers the
knowledge and has the store apply the intent; `poller` and `backfill` turn feeds and local
files into articles, in publication order. May import: monitor.text, monitor.net,
monitor.facts, monitor.store, monitor.models, monitor.watchlists, monitor.errors.
"""
