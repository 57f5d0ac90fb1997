"""Smoke test: the polling benchmark on 20 loopback feeds, through the real poll_once. The
server's own counts prove the second poll was all 304s with nothing parsed, and the third
(validators changed, same entries) parsed every feed and stored nothing new."""

from __future__ import annotations

from bench import polling


def test_quick_run_polls_new_then_304_then_changed() -> None:
    result = polling.run(quick=True)

    assert result["problems"] == []
    feeds, entries = result["feeds"], result["feeds"] * polling.ENTRIES
    checks = result["round_checks"][0]["checks"]
    assert checks["first"]["served"] == {"200": feeds}
    assert checks["first"]["new_articles"] == entries
    assert checks["second"]["served"] == {"304": feeds}
    assert checks["second"]["outcomes"] == {"unchanged": feeds}
    assert checks["second"]["parsed_entries"] == 0
    assert checks["changed"]["served"] == {"200": feeds}
    assert checks["changed"]["parsed_entries"] == entries
    assert checks["changed"]["new_articles"] == 0
    assert result["round_checks"][0]["articles"] == entries
    for phase in ("first", "second", "changed", "raw_plain", "raw_conditional", "raw_stale"):
        assert result["phases"][phase]["s"] > 0
        assert result["phases"][phase]["fps"] > 0

    rows = polling.rows(result)
    assert len(rows) == 4
    assert all(len(row) == 4 and all(isinstance(c, str) for c in row) for row in rows)
    assert rows[-1][0] == f"304 cycle wall time, {feeds} feeds"
    section = polling.section(result)
    assert "| second poll (all 304) |" in section
    assert "all as intended" in section
