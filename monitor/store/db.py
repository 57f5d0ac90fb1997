"""The only module that talks to SQLite (through sqlite-utils): connection policy, migrations,
and the reads and writes the pipeline needs. See monitor/store/schema.py for the tables."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, NamedTuple

import sqlite_utils

from monitor.errors import StoreError
from monitor.models import (
    Alert,
    AlertRecord,
    Article,
    Delivery,
    Evidence,
    FeedState,
    IngestResult,
    Intent,
    Observation,
    Stored,
)
from monitor.store.schema import FTS_COLUMNS, MIGRATIONS
from monitor.text import dedup

# baseline.origin of a seed figure of a fact's kind kept while the fact has no baseline value:
# it stops a restatement alerting, and is never shown or compared as the baseline
MENTION = "mention"


def _enable_wal(conn: sqlite3.Connection, timeout: float = 30.0) -> None:
    """Switch the file to WAL. On a fresh file, the switch needs an exclusive lock and SQLite
    answers "database is locked" at once, without its busy handler, while another process
    makes the same switch: retry until `timeout`, as the busy handler would."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class FactAlert(NamedTuple):
    value: str
    id: str
    wrong: bool  # its newest verdict is "wrong"


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One SQLite file in WAL mode. Writes go through `write()` (BEGIN IMMEDIATE)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self.db = sqlite_utils.Database(conn)

    @classmethod
    def open(cls, path: Path | str, *, migrate: bool = True) -> Store:
        path = Path(path)
        try:
            if str(path) != ":memory:":
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.exists() and not path.is_file():
                    raise StoreError(f"cannot open database {path}: not a regular file")
        except OSError as exc:
            raise StoreError(f"cannot open database {path}: {exc.strerror or exc}") from None
        try:
            # isolation_level=None: no implicit BEGIN; we start every write ourselves.
            conn = sqlite3.connect(
                str(path), timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout=30000")
            _enable_wal(conn)
            conn.execute("PRAGMA foreign_keys=ON")
            # FULL: an outbox commit survives power loss, not only a process crash
            # (bookkeeping opts out per transaction: `write(durable=False)`).
            conn.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from None
        store = cls(conn, path)
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.conn.close()

    # -- schema -------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @property
    def migrations_current(self) -> bool:
        return self.version == len(MIGRATIONS)

    def migrate(self) -> None:
        """Apply the missing migrations, each in its own write transaction. The version is
        read again under the write lock: two processes opening a fresh file at once (two
        `monitor poll` from cron) would otherwise both run migration 1."""
        self._check_not_newer(self.version)
        while self.version < len(MIGRATIONS):
            with self.write():
                number = self.version
                self._check_not_newer(number)
                if number == len(MIGRATIONS):
                    break  # another process finished the job while we waited for the lock
                for statement in _statements(MIGRATIONS[number]):
                    self.conn.execute(statement)
                if number == 0:
                    # db.table(), not db[...]: a Table, never a View, and articles is a table
                    self.db.table("articles").enable_fts(list(FTS_COLUMNS), create_triggers=True)
                self.conn.execute(f"PRAGMA user_version={number + 1}")

    @staticmethod
    def _check_not_newer(version: int) -> None:
        if version > len(MIGRATIONS):
            raise StoreError(
                f"database schema v{version} is newer than this monitor (v{len(MIGRATIONS)})"
            )

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[Store]:
        """A write transaction taken up front: BEGIN IMMEDIATE waits on busy_timeout instead
        of failing with SQLITE_BUSY when a deferred read upgrades to a write.

        `durable=False` is for bookkeeping that a power cut may roll back harmlessly (feed
        state, seen entries, meta: the next poll redoes it, and ingest is idempotent): its
        commit skips the fsync (synchronous=NORMAL; still safe against a crash of the
        process) and the next durable commit's fsync covers it. An fsync per feed was most
        of a 304 poll cycle when the disk was busy (bench/polling.py). Nested in an outer
        transaction, the outer one decides."""
        if self.conn.in_transaction:
            yield self
            return
        if not durable:
            self.conn.execute("PRAGMA synchronous=NORMAL")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        finally:
            if not durable:
                self.conn.execute("PRAGMA synchronous=FULL")

    # -- generic helpers ----------------------------------------------------------------
    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self.conn.execute(sql, params).fetchone()
        return dict(row) if row else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """One row through sqlite-utils (a savepoint inside the caller's transaction; about
        25 us, under 1% of an ingest). The bulk index rows (bands, terms) stay executemany."""
        return int(self.db.table(table).insert(row).last_rowid or 0)

    def get_meta(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Meta holds bookkeeping (last poll times): not worth an fsync, see `write`."""
        with self.write(durable=False):
            self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    # -- articles -----------------------------------------------------------------------
    def article(self, article_id: int) -> dict[str, Any] | None:
        return self.one("SELECT * FROM articles WHERE id = ?", (article_id,))

    def is_empty(self) -> bool:
        return self.one("SELECT 1 AS x FROM articles LIMIT 1") is None

    def data_version(self) -> int:
        """Changes whenever another connection commits (SQLite's `PRAGMA data_version`)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    _STORED = "SELECT id, story_id, duplicate_of, content_hash, origin, minhash FROM articles"

    def stored_by_url(self, url: str) -> Stored | None:
        row = self.one(f"{self._STORED} WHERE url = ?", (url,))
        return Stored.from_row(row) if row else None

    def stored_by_hash(self, content_hash: str) -> Stored | None:
        row = self.one(
            f"{self._STORED} WHERE content_hash = ? ORDER BY id LIMIT 1", (content_hash,)
        )
        return Stored.from_row(row) if row else None

    def stored_articles(self, ids: Sequence[int]) -> list[Stored]:
        """The given articles, in the given order."""
        if not ids:
            return []
        marks = ",".join("?" for _ in ids)
        rows = {r["id"]: r for r in self.all(f"{self._STORED} WHERE id IN ({marks})", ids)}
        return [Stored.from_row(rows[i]) for i in ids if i in rows]

    def band_candidates(self, bands: Sequence[tuple[int, int]], limit: int = 50) -> list[int]:
        """Articles sharing at least one LSH band with the given signature, most shared first."""
        if not bands:
            return []
        clause = " OR ".join("(band = ? AND hash = ?)" for _ in bands)
        params = [v for pair in bands for v in pair]
        rows = self.conn.execute(
            f"SELECT article_id, COUNT(*) AS n FROM article_bands WHERE {clause} "
            f"GROUP BY article_id ORDER BY n DESC LIMIT {int(limit)}",
            params,
        ).fetchall()
        return [int(r["article_id"]) for r in rows]

    def story_candidates(
        self, terms: Sequence[str], recent: int, limit: int = 20
    ) -> list[dict[str, Any]]:
        """Original articles among the `recent` newest that share the most of `terms` in their
        indexed terms. Bounded by recency so the cost stays flat as the store grows."""
        if not terms:
            return []
        newest = self.conn.execute("SELECT MAX(id) FROM articles").fetchone()[0] or 0
        marks = ",".join("?" for _ in terms)
        return self.all(
            "SELECT a.id, a.story_id, a.title, a.text, a.minhash, a.published FROM ("
            "SELECT article_id, COUNT(*) AS n FROM story_terms "
            f"WHERE term IN ({marks}) AND article_id > ? "
            "GROUP BY article_id ORDER BY n DESC, article_id DESC LIMIT ?"
            ") c JOIN articles a ON a.id = c.article_id WHERE a.duplicate_of IS NULL "
            "ORDER BY c.n DESC, a.id DESC",
            (*terms, newest - recent, limit),
        )

    def document_frequencies(self, terms: Iterable[str]) -> tuple[dict[str, int], int]:
        """Document frequency of each term (absent: 0) and the number of documents counted."""
        wanted = list(dict.fromkeys(terms))
        found: dict[str, int] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" for _ in chunk)
            found.update(
                self.conn.execute(
                    f"SELECT term, df FROM term_df WHERE term IN ({marks})", chunk
                ).fetchall()
            )
        row = self.conn.execute("SELECT df FROM term_df WHERE term = ''").fetchone()
        return found, int(row[0]) if row else 0

    def new_story(self, title: str) -> int:
        return self.insert("stories", {"title": title, "created_at": utcnow()})

    def insert_article(
        self,
        row: dict[str, Any],
        bands: Sequence[tuple[int, int]],
        terms: Mapping[str, int] | None = None,
    ) -> int:
        """`terms`: `dedup.salient_terms` of the row's title and text, when the caller has
        them."""
        if terms is None:
            terms = dedup.salient_terms(row.get("title") or "", row.get("text") or "")
        article_id = self.insert("articles", row)
        if row.get("duplicate_of") is None:
            # Originals only: a syndicated copy must not make its words look common.
            self.conn.executemany(
                "INSERT INTO term_df (term, df) VALUES (?, 1) "
                "ON CONFLICT(term) DO UPDATE SET df = df + 1",
                [(t,) for t in ["", *terms]],
            )
        self._set_bands(article_id, bands, terms)
        return article_id

    def update_article(
        self,
        article_id: int,
        row: dict[str, Any],
        bands: Sequence[tuple[int, int]],
        terms: Mapping[str, int] | None = None,
    ) -> None:
        """A known URL whose content changed: new text, hash and bands; same id."""
        sets = ", ".join(f"{k} = ?" for k in row)
        self.conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*row.values(), article_id])
        self.conn.execute("DELETE FROM article_bands WHERE article_id = ?", (article_id,))
        self._set_bands(article_id, bands, terms)

    def _set_bands(
        self,
        article_id: int,
        bands: Sequence[tuple[int, int]],
        terms: Mapping[str, int] | None = None,
    ) -> None:
        """Near-duplicate bands, and (for an original) its same-story index terms; `terms`
        are the stored title's and text's salient terms when the caller has them."""
        self.conn.executemany(
            "INSERT INTO article_bands (band, hash, article_id) VALUES (?, ?, ?)",
            [(b, h, article_id) for b, h in bands],
        )
        self.conn.execute("DELETE FROM story_terms WHERE article_id = ?", (article_id,))
        row = self.conn.execute(
            "SELECT title, text, duplicate_of FROM articles WHERE id = ?"
            if terms is None
            else "SELECT duplicate_of FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None or row["duplicate_of"] is not None:
            return
        if terms is None:
            terms = dedup.salient_terms(row["title"], row["text"])
        df, n_docs = self.document_frequencies(terms)
        self.conn.executemany(
            "INSERT OR IGNORE INTO story_terms (term, article_id) VALUES (?, ?)",
            [(t, article_id) for t in dedup.index_terms(terms, df, n_docs)],
        )

    # -- the ingest applier ------------------------------------------------------------------
    def apply(self, intent: Intent, redecide: Callable[[], Intent] | None = None) -> IngestResult:
        """Apply one ingest intent in one BEGIN IMMEDIATE transaction: the article (new, or
        its URL's new content), its story, observations, seed baseline, alerts with their
        deliveries, and alert sources, all or nothing. When another writer committed since
        the intent's knowledge was read, `redecide()` makes it again under the write lock,
        so two workers cannot both store a copy and its original as unrelated stories."""
        if intent.status == "unchanged":  # nothing to write: no lock taken
            return IngestResult("unchanged", intent.article_id, intent.match.reason)
        with self.write():
            if redecide is not None and self.data_version() != intent.version:
                intent = redecide()
            return self._apply(intent)

    def _apply(self, intent: Intent) -> IngestResult:
        match = intent.match
        if intent.status == "unchanged":
            return IngestResult("unchanged", intent.article_id, match.reason)
        article = intent.article
        story_id = match.story_id or self.new_story(article.title)
        row = _article_row(article, intent, story_id)
        if intent.status == "updated":
            assert intent.article_id is not None
            article_id = intent.article_id
            self.update_article(article_id, row, intent.bands, intent.terms)
        else:
            article_id = self.insert_article(row, intent.bands, intent.terms)
        stored: dict[tuple[str, str, str], int | None] = {}
        for new in intent.observations:
            fv = new.value
            obs_id = self.add_observation(
                Observation(
                    watchlist=new.watchlist,
                    fact=fv.fact,
                    value=fv.normalised,
                    sentence=fv.sentence,
                    article_id=article_id,
                    observed_at=intent.stamp,
                    confidence=fv.confidence,
                    why="; ".join(fv.why),
                    span_start=fv.span[0] if fv.span != (0, 0) else None,
                    span_end=fv.span[1] if fv.span != (0, 0) else None,
                )
            )
            stored[new.key] = obs_id
            if new.baseline and obs_id is not None:
                self.add_baseline(
                    new.watchlist, fv.fact, fv.normalised, "seed", obs_id, intent.stamp
                )
        for raised in intent.alerts:
            obs = stored.get(raised.observation) if raised.observation else None
            self.insert_alert(
                raised.alert, obs, raised.channels, intent.stamp, raised.digest_minutes
            )
        for alert_id in intent.sources:
            self.add_alert_source(alert_id, article_id, intent.stamp)
        return IngestResult(
            intent.status,
            article_id,
            match.reason,
            list(intent.facts),
            [a.alert.id for a in intent.alerts],
        )

    def search(
        self, query: str, limit: int = 20, marks: tuple[str, str] = ("[", "]")
    ) -> list[dict[str, Any]]:
        """FTS5 search; each snippet shows the hits between `marks`."""
        return self.all(
            "SELECT a.id, a.url, a.title, a.source, a.published, a.duplicate_of, "
            "snippet(articles_fts, 1, ?, ?, ' … ', 12) AS snippet "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank LIMIT ?",
            (*marks, query, limit),
        )

    # -- facts --------------------------------------------------------------------------
    def add_observation(self, observation: Observation) -> int | None:
        """Record a value seen in an article; None when this article already reported it."""
        row = observation.to_row()
        cur = self.conn.execute(
            f"INSERT OR IGNORE INTO observations ({', '.join(row)}) "
            f"VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        return cur.lastrowid if cur.rowcount else None

    def reported(self, article_id: int) -> frozenset[tuple[str, str, str]]:
        """(watchlist, fact, value) the article already reported."""
        rows = self.conn.execute(
            "SELECT watchlist, fact, value FROM observations WHERE article_id = ?", (article_id,)
        ).fetchall()
        return frozenset((r[0], r[1], r[2]) for r in rows)

    def publishers(
        self, watchlist: str, fact: str, values: Sequence[str]
    ) -> dict[str, frozenset[str]]:
        """Per value asked for: the distinct publishers (site name, else URL) reporting it
        in original (non-copy) articles. Only the values asked for are read: a fact's
        observations grow with the store, an article reports a few values."""
        found: dict[str, set[str]] = {}
        marks = ",".join("?" for _ in values)
        for value, who in self.conn.execute(
            "SELECT DISTINCT o.value, COALESCE(NULLIF(a.source, ''), a.url) FROM observations o"
            " JOIN articles a ON a.id = o.article_id WHERE o.watchlist = ? AND o.fact = ?"
            f" AND o.value IN ({marks}) AND a.duplicate_of IS NULL",
            (watchlist, fact, *values),
        ):
            found.setdefault(value, set()).add(who)
        return {v: frozenset(w) for v, w in found.items()}

    def rejected_evidence(self, watchlist: str, fact: str) -> frozenset[str]:
        """Evidence keys of the fact that a user judged wrong."""
        rows = self.conn.execute(
            "SELECT evidence_key FROM feedback f WHERE watchlist = ? AND fact = ?"
            " AND verdict = 'wrong' AND evidence_key IS NOT NULL AND f.id = (SELECT MAX(g.id)"
            " FROM feedback g WHERE g.alert_id IS f.alert_id"
            " AND g.observation_id IS f.observation_id)",
            (watchlist, fact),
        ).fetchall()
        return frozenset(r[0] for r in rows)

    def baseline_values(self, watchlist: str, fact: str) -> list[str]:
        return self._active(watchlist, fact, "!=")

    def mentioned_values(self, watchlist: str, fact: str) -> list[str]:
        """The seeds' figures of the fact's kind, kept while it has no baseline value
        (`reader.mentions`)."""
        return self._active(watchlist, fact, "=")

    def _active(self, watchlist: str, fact: str, origin_is: Literal["=", "!="]) -> list[str]:
        """The fact's active baseline rows whose origin is (`=`) or is not (`!=`) a mention."""
        rows = self.conn.execute(
            "SELECT value FROM baseline WHERE watchlist = ? AND fact = ? AND retired_at IS NULL "
            f"AND origin {origin_is} ? ORDER BY added_at, id",
            (watchlist, fact, MENTION),
        ).fetchall()
        return [r["value"] for r in rows]

    def seed_texts(self) -> list[tuple[str, str, datetime | None]]:
        """The title, text and date of every original that backfill loaded."""
        rows = self.conn.execute(
            "SELECT title, text, published FROM articles "
            "WHERE origin = 'backfill' AND duplicate_of IS NULL ORDER BY id"
        ).fetchall()
        return [
            (
                r["title"],
                r["text"],
                datetime.fromisoformat(r["published"]) if r["published"] else None,
            )
            for r in rows
        ]

    def set_mentions(self, watchlist: str, fact: str, values: Sequence[str], at: str) -> None:
        """Replace the fact's mentioned figures (none while it has a baseline value)."""
        with self.write():
            self._retire_mentions(watchlist, fact, at)
            if self.baseline_values(watchlist, fact):
                return
            self.conn.executemany(
                "INSERT OR IGNORE INTO baseline (watchlist, fact, value, origin, added_at) "
                "VALUES (?,?,?,?,?)",
                [(watchlist, fact, v, MENTION, at) for v in values],
            )

    def _retire_mentions(self, watchlist: str, fact: str, at: str) -> None:
        self.conn.execute(
            "UPDATE baseline SET retired_at = ? WHERE watchlist = ? AND fact = ? "
            "AND origin = ? AND retired_at IS NULL",
            (at, watchlist, fact, MENTION),
        )

    def add_baseline(
        self,
        watchlist: str,
        fact: str,
        value: str,
        origin: str,
        observation_id: int | None,
        at: str,
    ) -> bool:
        self._retire_mentions(watchlist, fact, at)  # a value read as the fact supersedes them
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO baseline "
            "(watchlist, fact, value, origin, observation_id, added_at) VALUES (?,?,?,?,?,?)",
            (watchlist, fact, value, origin, observation_id, at),
        )
        return bool(cur.rowcount)

    def retire_baseline(self, watchlist: str, fact: str, keep: str, at: str) -> int:
        cur = self.conn.execute(
            "UPDATE baseline SET retired_at = ? WHERE watchlist = ? AND fact = ? "
            "AND value != ? AND retired_at IS NULL",
            (at, watchlist, fact, keep),
        )
        return cur.rowcount

    def fact_rows(self, watchlist: str | None = None) -> list[dict[str, Any]]:
        """Every observation with its article and whether the value is in the baseline."""
        sql = (
            "SELECT o.watchlist, o.fact, o.value, o.sentence, o.observed_at, a.id AS article_id,"
            " o.confidence, o.why,"
            " a.url, a.title, a.source, a.published, a.origin, a.duplicate_of,"
            " EXISTS (SELECT 1 FROM baseline b WHERE b.watchlist = o.watchlist AND"
            "  b.fact = o.fact AND b.value = o.value AND b.retired_at IS NULL"
            f"  AND b.origin != '{MENTION}') AS in_baseline"
            " FROM observations o JOIN articles a ON a.id = o.article_id"
        )
        params: tuple[Any, ...] = ()
        if watchlist:
            sql += " WHERE o.watchlist = ?"
            params = (watchlist,)
        return self.all(sql + " ORDER BY o.watchlist, o.fact, o.id", params)

    def baseline_history(self, watchlist: str, fact: str) -> list[dict[str, Any]]:
        return self.all(
            "SELECT value, origin, added_at, retired_at FROM baseline "
            "WHERE watchlist = ? AND fact = ? ORDER BY id",
            (watchlist, fact),
        )

    # -- feeds --------------------------------------------------------------------------
    def seen_entry(self, feed_url: str, identity: str) -> bool:
        row = self.one(
            "SELECT 1 AS x FROM entries WHERE feed_url = ? AND identity = ?", (feed_url, identity)
        )
        return row is not None

    def mark_entry(
        self,
        feed_url: str,
        identity: str,
        article_id: int | None,
        at: str,
        error: str | None = None,
    ) -> None:
        """The entry is done: stored as `article_id`, skipped (no text), or failed (`error`,
        e.g. its facts ran past their deadline); it is never processed again."""
        with self.write(durable=False):
            self.conn.execute(
                "INSERT OR IGNORE INTO entries (feed_url, identity, article_id, seen_at, error) "
                "VALUES (?, ?, ?, ?, ?)",
                (feed_url, identity, article_id, at, error),
            )

    def feed_state(self, url: str, watchlist: str) -> FeedState:
        with self.write(durable=False):
            self.conn.execute(
                "INSERT OR IGNORE INTO feeds (url, watchlist) VALUES (?, ?)", (url, watchlist)
            )
        state = self.one("SELECT * FROM feeds WHERE url = ?", (url,))
        assert state is not None
        return FeedState.from_row(state)

    def update_feed(self, url: str, **values: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.write(durable=False):
            self.conn.execute(f"UPDATE feeds SET {sets} WHERE url = ?", [*values.values(), url])

    def feeds(self) -> list[FeedState]:
        return [
            FeedState.from_row(r) for r in self.all("SELECT * FROM feeds ORDER BY watchlist, url")
        ]

    # -- alerts (outbox) ----------------------------------------------------------------
    def fact_alerts(self, watchlist: str, fact: str) -> list[FactAlert]:
        """Every fact alert of the fact, oldest first, and whether a user judged it wrong
        (its newest verdict): one read for what the decider needs of past alerts."""
        rows = self.conn.execute(
            "SELECT value, id, COALESCE((SELECT f.verdict FROM feedback f WHERE"
            " f.alert_id = alerts.id ORDER BY f.id DESC LIMIT 1), '') = 'wrong' FROM alerts"
            " WHERE watchlist = ? AND fact = ? AND kind IN ('fact_changed', 'fact_new')"
            " ORDER BY created_at",
            (watchlist, fact),
        ).fetchall()
        return [FactAlert(r[0], r[1], bool(r[2])) for r in rows]

    def alerted(self, watchlist: str, fact: str) -> list[tuple[str, str]]:
        """(value, alert id) of the fact's alerts that stand, oldest first: an alert judged
        wrong does not, so its value may alert again on other evidence."""
        return [(a.value, a.id) for a in self.fact_alerts(watchlist, fact) if not a.wrong]

    def alerted_values(self, watchlist: str, fact: str) -> list[str]:
        return [value for value, _ in self.alerted(watchlist, fact)]

    def insert_alert(
        self,
        alert: Alert,
        observation_id: int | None,
        channels: Sequence[str],
        at: str,
        digest_minutes: Mapping[str, int] | None = None,
    ) -> None:
        """The alert and one pending delivery per channel, due at once or, for a channel
        with a digest window ({"email": 60}, keyed by channel kind), when it closes."""
        self.insert(
            "alerts",
            {
                "id": alert.id,
                "kind": alert.kind,
                "watchlist": alert.watchlist,
                "fact": alert.fact,
                "value": alert.value,
                "payload": json.dumps(alert.to_json(), ensure_ascii=False),
                "observation_id": observation_id,
                "created_at": alert.created_at,
            },
        )
        for channel in channels:
            window = (digest_minutes or {}).get(channel.split(":", 1)[0], 0)
            due = datetime.fromisoformat(at) + timedelta(minutes=window)
            self.insert(
                "deliveries",
                {
                    "alert_id": alert.id,
                    "channel": channel,
                    "next_attempt_at": due.isoformat(timespec="seconds"),
                    "updated_at": at,
                    "digest_minutes": window,
                },
            )

    # -- deliveries (the outbox worker's reads and writes) ---------------------------------
    _DUE = (
        "SELECT d.*, a.payload FROM deliveries d JOIN alerts a ON a.id = d.alert_id "
        "WHERE d.state = 'pending' "
    )

    def due_deliveries(self, at: str, limit: int = 100) -> list[Delivery]:
        """Pending deliveries due at `at`, oldest due first, with their alerts."""
        rows = self.all(
            f"{self._DUE} AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?",
            (at, limit),
        )
        return [Delivery.from_row(r) for r in rows]

    def digest_deliveries(self, channel: str, sending: str, at: str) -> list[Delivery]:
        """Every pending digest delivery of a channel (windows still open too) except those
        another worker leased for its own batch (`sending`, lease not run out)."""
        rows = self.all(
            f"{self._DUE} AND d.channel = ? AND d.digest_minutes > 0 "
            "AND NOT (COALESCE(d.last_status, '') = ? AND d.next_attempt_at > ?) "
            "ORDER BY a.created_at, d.id",
            (channel, sending, at),
        )
        return [Delivery.from_row(r) for r in rows]

    def lease(
        self, deliveries: Sequence[Delivery], until: str, at: str, status: str | None = None
    ) -> list[Delivery]:
        """Lease deliveries (compare-and-set on their due time, in one transaction), so two
        workers never send one together; `status` marks the rows (a digest being sent).
        Returns the ones this worker got."""
        leased = []
        with self.write():
            for d in deliveries:
                cur = self.conn.execute(
                    "UPDATE deliveries SET next_attempt_at = ?, updated_at = ?, "
                    "last_status = COALESCE(?, last_status) "
                    "WHERE id = ? AND state = 'pending' AND next_attempt_at = ?",
                    (until, at, status, d.id, d.next_attempt_at),
                )
                if cur.rowcount == 1:
                    leased.append(d)
        return leased

    def record_attempt(
        self,
        delivery: Delivery,
        state: str,
        next_at: str,
        status: str,
        ok: bool,
        at: str,
        disable_channel: bool = False,
    ) -> None:
        """One attempt: the delivery's new state and the attempt row, together; with
        `disable_channel`, every other pending delivery of the channel is disabled too (the
        receiver answered 410 Gone)."""
        with self.write():
            self.conn.execute(
                "UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ?, "
                "last_status = ?, updated_at = ? WHERE id = ?",
                (state, delivery.attempts + 1, next_at, status, at, delivery.id),
            )
            self.insert(
                "delivery_attempts",
                {
                    "delivery_id": delivery.id,
                    "at": at,
                    "ok": int(ok),
                    "status": status,
                    "error": None if ok else status,
                },
            )
            if disable_channel:
                self.conn.execute(
                    "UPDATE deliveries SET state = 'disabled', updated_at = ? "
                    "WHERE channel = ? AND state = 'pending'",
                    (at, delivery.channel),
                )

    def overdue_deliveries(self, before: str) -> int:
        """Pending deliveries whose retry time is before `before`."""
        row = self.one(
            "SELECT COUNT(*) AS n FROM deliveries WHERE state = 'pending' AND next_attempt_at < ?",
            (before,),
        )
        return int(row["n"]) if row else 0

    def add_alert_source(self, alert_id: str, article_id: int, at: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO alert_sources (alert_id, article_id, added_at) VALUES (?,?,?)",
            (alert_id, article_id, at),
        )

    def alerts(self, limit: int = 100) -> list[AlertRecord]:
        """The newest alerts, each with its deliveries and sources."""
        out = []
        for row in self.all(
            "SELECT id, payload FROM alerts ORDER BY created_at DESC, rowid DESC LIMIT ?", (limit,)
        ):
            deliveries = self.all(
                "SELECT * FROM deliveries WHERE alert_id = ? ORDER BY channel", (row["id"],)
            )
            sources = self.all(
                "SELECT a.url, a.title, a.source, a.published FROM alert_sources s "
                "JOIN articles a ON a.id = s.article_id WHERE s.alert_id = ? ORDER BY s.added_at",
                (row["id"],),
            )
            out.append(
                AlertRecord(
                    Alert.from_json(json.loads(row["payload"])),
                    tuple(Delivery.from_row(d) for d in deliveries),
                    tuple(Evidence(text="", **s) for s in sources),
                )
            )
        return out


def _article_row(article: Article, intent: Intent, story_id: int) -> dict[str, Any]:
    return {
        "url": article.url,
        "guid": article.guid,
        "feed_url": article.feed_url,
        "title": article.title,
        "text": article.text,
        "summary": article.summary,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "fetched_at": intent.stamp,
        "origin": intent.origin,
        "content_hash": article.content_hash,
        "minhash": intent.minhash,
        "story_id": story_id,
        "duplicate_of": intent.match.duplicate_of,
        "dup_reason": intent.match.reason,
    }


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
