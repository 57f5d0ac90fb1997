"""`monitor backfill` as a user runs it: the seed baseline, idempotency, bad files skipped
with a clear reason while the rest loads and nothing stored is lost."""

from __future__ import annotations

import json
import random
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.app.cli import main
from monitor.store.db import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"MONITOR_DB": str(tmp_path / "m.db"), "MONITOR_WATCHLISTS": str(ROOT / "watchlists")}


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def counts(db: str) -> dict[str, int]:
    store = Store.open(db)
    try:
        return {
            t: store.one(f"SELECT COUNT(*) AS n FROM {t}")["n"]  # type: ignore[index]
            for t in ("articles", "stories", "observations", "baseline")
        }
    finally:
        store.close()


def test_seed_baseline(env: dict[str, str]) -> None:
    out = run(env, "backfill", str(ROOT / "seeds"))
    assert "5 read, 5 new" in out and "troop_cap" in out
    facts = {f["fact"]: f for f in json.loads(run(env, "facts", "--json"))}
    base = {k: [v["value"] for v in f["baseline"]] for k, f in facts.items()}
    assert base["troop_cap"] == [600000]
    assert base["plan_points"] == [28]
    assert base["casualties"] == [1200000]
    assert 19 in base["territory_share"]
    assert all("2025-11-27" <= d <= "2025-12-07" for d in base["talks_date"])
    for fact in facts.values():
        for value in fact["baseline"]:
            evidence = value["evidence"][0]
            assert evidence["text"] and evidence["url"].startswith("file://")
            assert "cookie" not in evidence["text"].lower()
    seed_lines = "\n".join(p.read_text() for p in (ROOT / "seeds").glob("*.txt"))
    for value in facts["troop_cap"]["baseline"][0]["evidence"]:
        assert value["text"].split(" ")[0] in seed_lines


def test_rewrite_is_linked_to_its_story(env: dict[str, str]) -> None:
    run(env, "backfill", str(ROOT / "seeds"))
    store = Store.open(env["MONITOR_DB"])
    rows = {Path(r["url"]).name[:3]: r for r in store.all("SELECT * FROM articles")}
    store.close()
    assert rows["001"]["story_id"] == rows["000"]["story_id"]
    assert len({rows[k]["story_id"] for k in ("000", "002", "003", "004")}) == 4


def test_twice_changes_nothing(env: dict[str, str], tmp_path: Path) -> None:
    run(env, "backfill", str(ROOT / "seeds"))
    before = counts(env["MONITOR_DB"])
    out = run(env, "backfill", str(ROOT / "seeds"))
    assert "5 already loaded" in out
    # the same documents copied elsewhere are the same documents
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "seeds", copy)
    run(env, "backfill", str(copy))
    assert counts(env["MONITOR_DB"]) == before


def test_bad_files_are_reported_and_skipped(env: dict[str, str], tmp_path: Path) -> None:
    run(env, "backfill", str(ROOT / "seeds"))
    before = counts(env["MONITOR_DB"])
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (docs / "empty.txt").write_bytes(b"")
    (docs / "blank.md").write_text("   \n\n  ")
    rng = random.Random(3)  # high bytes in no language's pattern: not UTF-8, no guess
    (docs / "weird.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    (docs / "good.txt").write_text(
        "Ceasefire talks set for December 18\n\n"
        "Negotiators said peace talks on Ukraine will be held on December 18 in Geneva, "
        "where the revised 20-point plan will be discussed.\n"
    )
    out = run(env, "backfill", str(docs))
    assert "4 skipped" in out
    for name in ("binary.txt", "empty.txt", "blank.md", "weird.txt"):
        assert name in out
    after = counts(env["MONITOR_DB"])
    assert after["articles"] == before["articles"] + 1
    assert after["baseline"] >= before["baseline"]  # nothing stored was lost


def test_html_and_feed_files_load(env: dict[str, str], tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    paragraphs = "".join(
        f"<p>Paragraph {i}: negotiators discussed the Ukraine peace plan and its "
        f"28 points at length in Geneva on the day.</p>"
        for i in range(6)
    )
    (docs / "page.html").write_text(
        "<html><head><title>Peace plan talks</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Peace plan talks</h1>{paragraphs}</article>"
        "<aside>Most read: cap raised to 900,000</aside></body></html>"
    )
    (docs / "feed.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
        "<item><title>Ukraine peace talks</title><link>https://example.org/a</link>"
        "<description>Ukraine peace talks will be held on December 18, negotiators said."
        "</description><pubDate>Wed, 03 Dec 2025 09:00:00 GMT</pubDate></item>"
        "</channel></rss>"
    )
    out = run(env, "backfill", str(docs))
    assert "0 skipped" in out
    facts = {f["fact"]: f for f in json.loads(run(env, "facts", "--json"))}
    assert [v["value"] for v in facts["talks_date"]["baseline"]] == [date(2025, 12, 18).isoformat()]
    assert facts["troop_cap"]["baseline"] == []  # the sidebar is never evidence


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4


def test_hostile_files_are_skipped_and_reported(env: dict[str, str], tmp_path: Path) -> None:
    """Issue 13: a PNG or random bytes named .html was stored as a garbage document; a link
    to /etc/passwd made it searchable; a link loop was skipped silently; a 200 MB file took
    1.1 GB. Each is now skipped with its reason, unread where it is too big, and the
    documents stored before are untouched."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    run(env, "backfill", str(seeds))
    before = counts(env["MONITOR_DB"])
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "photo.html").write_bytes(PNG)
    (docs / "noise.html").write_bytes(random.Random(7).randbytes(50_000))
    (docs / "passwd.txt").symlink_to("/etc/passwd")
    (docs / "a.txt").symlink_to(docs / "b.txt")
    (docs / "b.txt").symlink_to(docs / "a.txt")
    (docs / "sub").mkdir()
    first_seed = sorted(seeds.glob("*.txt"))[0]
    shutil.copy(first_seed, docs / "sub" / "real.txt")
    (docs / "inside.txt").symlink_to(docs / "sub" / "real.txt")
    (docs / "outside.txt").symlink_to(first_seed)
    with (docs / "huge.txt").open("wb") as huge:  # sparse: costs no disk, 25 MB long
        huge.truncate(25 * 2**20)
    result = CliRunner().invoke(main, ["backfill", str(docs)], env=env)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "photo.html: binary content" in out and "noise.html: binary content" in out
    assert "passwd.txt: a symbolic link out of" in out and "not followed" in out
    assert "a.txt: a symbolic link loop" in out and "b.txt: a symbolic link loop" in out
    assert "huge.txt: 26,214,400 bytes, over the 20 MB cap" in out
    assert "outside.txt: a symbolic link out of" in out  # even to a file monitor knows
    assert "2 already loaded" in out  # the link inside the tree is followed
    assert counts(env["MONITOR_DB"]) == before
    found = CliRunner().invoke(main, ["search", "root"], env=env)
    assert "passwd" not in found.output and "/bin/bash" not in found.output
