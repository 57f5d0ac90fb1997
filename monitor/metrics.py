"""The service's Prometheus metrics (prometheus-client), counted where things happen and
served at /metrics by the web interface. Counts are per process: `monitor run` serves its
own; the delivery backlog and stored totals are read from the database at scrape time, so
`monitor web` shows them too."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

POLLS = Counter(
    "monitor_polls",
    "Feed polls by outcome (new, unchanged, error, backoff)",
    ["feed", "outcome"],
)
ARTICLES = Counter(
    "monitor_articles_ingested",
    "Articles stored, by status (new, duplicate, updated, unchanged)",
    ["status"],
)
OBSERVATIONS = Counter("monitor_observations", "Fact values observed in stored articles")
ALERTS = Counter("monitor_alerts_raised", "Alerts raised (fact changes and new stories)")
DELIVERIES = Counter(
    "monitor_deliveries", "Delivery attempts, by channel kind and result", ["channel", "result"]
)
EXTRACTION = Histogram(
    "monitor_extraction_seconds",
    "Time to extract one page's text and prepare it (dedup features, facts)",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20),
)
POLL_CYCLE = Histogram(
    "monitor_poll_cycle_seconds",
    "Wall time of one poll cycle over every due feed",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
DELIVERY_STATES = Gauge(
    "monitor_deliveries_by_state", "Deliveries in the outbox, by state (read at scrape)", ["state"]
)
STORED_ARTICLES = Gauge("monitor_articles_stored", "Articles in the database (read at scrape)")


def count_poll(feed: str, outcome: str) -> None:
    POLLS.labels(feed=feed, outcome=outcome).inc()


def count_ingest(status: str, observations: int, alerts: int) -> None:
    ARTICLES.labels(status=status).inc()
    if observations:
        OBSERVATIONS.inc(observations)
    if alerts:
        ALERTS.inc(alerts)


def count_delivery(channel: str, ok: bool) -> None:
    DELIVERIES.labels(channel=channel.split(":", 1)[0], result="sent" if ok else "failed").inc()
