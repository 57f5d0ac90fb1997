"""The database schema, in one place: versioned migrations applied in order.

Tables
------
feeds            one row per feed URL: conditional-GET validators, poll state, failures
entries          feed entries already processed (guid or canonical link), never fetched twice
stories          one row per distinct story; articles that are copies or rewrites share it
articles         one row per stored document (canonical URL unique); FTS5 over title+text
article_bands    MinHash-LSH band hashes of each article (persisted near-duplicate index)
term_df          document frequency of each salient term (IDF for same-story scoring)
story_terms      each original article's most distinctive terms (same-story candidate index)
observations     a fact value seen in one article's sentence (the evidence)
baseline         the values of each fact considered known; history kept via retired_at
alerts           the outbox: one row per (watchlist, fact, value, kind); JSON payload
alert_sources    every article that reported an alert's value (first and later sources)
deliveries       one row per (alert, channel): state pending/sent/failed/disabled, retries,
                 digest window in minutes (0: sent at once)
delivery_attempts every attempt: time, status, error
meta             key/value: last poll times, schema notes

The schema version is SQLite's `PRAGMA user_version`; `MIGRATIONS[i]` upgrades i -> i+1.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the initial schema
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        watchlist TEXT NOT NULL,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_polled_at TEXT,
        last_success_at TEXT,
        last_error TEXT,
        last_error_at TEXT,
        error_count INTEGER NOT NULL DEFAULT 0,
        next_poll_at TEXT,
        items_seen INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE entries (
        feed_url TEXT NOT NULL,
        identity TEXT NOT NULL,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_url, identity)
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        guid TEXT,
        feed_url TEXT,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        published TEXT,
        fetched_at TEXT NOT NULL,
        origin TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        minhash BLOB,
        story_id INTEGER REFERENCES stories(id),
        duplicate_of INTEGER REFERENCES articles(id),
        dup_reason TEXT
    );
    CREATE INDEX idx_articles_hash ON articles(content_hash);
    CREATE INDEX idx_articles_story ON articles(story_id);
    CREATE INDEX idx_articles_guid ON articles(feed_url, guid);
    CREATE TABLE article_bands (
        band INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX idx_bands ON article_bands(band, hash);
    CREATE TABLE observations (
        id INTEGER PRIMARY KEY,
        watchlist TEXT NOT NULL,
        fact TEXT NOT NULL,
        value TEXT NOT NULL,
        sentence TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        observed_at TEXT NOT NULL,
        UNIQUE (watchlist, fact, value, article_id)
    );
    CREATE INDEX idx_obs_fact ON observations(watchlist, fact, value);
    CREATE TABLE baseline (
        id INTEGER PRIMARY KEY,
        watchlist TEXT NOT NULL,
        fact TEXT NOT NULL,
        value TEXT NOT NULL,
        origin TEXT NOT NULL,
        observation_id INTEGER REFERENCES observations(id),
        added_at TEXT NOT NULL,
        retired_at TEXT
    );
    CREATE UNIQUE INDEX idx_baseline_active
        ON baseline(watchlist, fact, value) WHERE retired_at IS NULL;
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        watchlist TEXT NOT NULL,
        fact TEXT,
        value TEXT,
        payload TEXT NOT NULL,
        observation_id INTEGER REFERENCES observations(id),
        created_at TEXT NOT NULL
    );
    CREATE INDEX idx_alerts_created ON alerts(created_at);
    CREATE TABLE alert_sources (
        alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        added_at TEXT NOT NULL,
        PRIMARY KEY (alert_id, article_id)
    );
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_status TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (alert_id, channel)
    );
    CREATE INDEX idx_deliveries_due ON deliveries(state, next_attempt_at);
    CREATE TABLE delivery_attempts (
        id INTEGER PRIMARY KEY,
        delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        ok INTEGER NOT NULL,
        status TEXT,
        error TEXT
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT
    );
    """,
    # 1 -> 2: same-story index. term_df holds document frequencies for IDF (the row with
    # term '' counts documents); story_terms holds each original article's most distinctive
    # terms, so a lookup reads short posting lists instead of ranking all of FTS.
    """
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE story_terms (
        term TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (term, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX idx_story_terms_article ON story_terms(article_id);
    """,
    # 2 -> 3: digests. A delivery with digest_minutes > 0 waits for its window to close
    # (next_attempt_at = created + window) and is then sent together with every other
    # pending digest delivery of its channel, as one message.
    """
    ALTER TABLE deliveries ADD COLUMN digest_minutes INTEGER NOT NULL DEFAULT 0;
    """,
    # 3 -> 4: confidence. Each observation keeps how sure the extractor was (0..1) and why;
    # rows from before keep 1.0 (they were taken as certain when stored).
    """
    ALTER TABLE observations ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0;
    ALTER TABLE observations ADD COLUMN why TEXT NOT NULL DEFAULT '';
    """,
    # 4 -> 5: backlog. New entries of a feed over the per-poll cap, left for the next polls
    # (`monitor feeds` says the feed is being worked through).
    """
    ALTER TABLE feeds ADD COLUMN backlog INTEGER NOT NULL DEFAULT 0;
    """,
    # 5 -> 6: failed entries. An entry whose analysis failed for good (its facts ran past
    # the per-article deadline) is recorded with the reason and never processed again.
    """
    ALTER TABLE entries ADD COLUMN error TEXT;
    """,
    # 6 -> 7: the web interface. Users judge alerts and observations (`feedback`: wrong or
    # right, with a reason); a judged-wrong evidence sentence (`evidence_key`: the fact, value
    # and sentence, normalised) raises no later alert. Observations keep where their value
    # sits in the sentence, for highlighting; a fact's newest observations are read by index.
    """
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL CHECK (target IN ('alert', 'observation')),
        alert_id TEXT REFERENCES alerts(id) ON DELETE CASCADE,
        observation_id INTEGER REFERENCES observations(id) ON DELETE CASCADE,
        watchlist TEXT NOT NULL,
        fact TEXT,
        value TEXT,
        evidence_key TEXT,
        verdict TEXT NOT NULL CHECK (verdict IN ('wrong', 'right')),
        reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX idx_feedback_alert ON feedback(alert_id);
    CREATE INDEX idx_feedback_observation ON feedback(observation_id);
    CREATE INDEX idx_feedback_evidence ON feedback(watchlist, fact, evidence_key);
    ALTER TABLE observations ADD COLUMN span_start INTEGER;
    ALTER TABLE observations ADD COLUMN span_end INTEGER;
    CREATE INDEX idx_obs_fact_id ON observations(watchlist, fact, id);
    CREATE INDEX idx_deliveries_alert ON deliveries(alert_id);
    CREATE INDEX idx_alerts_fact ON alerts(watchlist, fact);
    CREATE INDEX idx_attempts_delivery ON delivery_attempts(delivery_id);
    """,
)

# FTS5 over articles is created through sqlite-utils (triggers keep it in sync).
FTS_COLUMNS = ("title", "text")
