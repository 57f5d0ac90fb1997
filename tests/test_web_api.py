"""The JSON API, /metrics and the pages' HTTP contract, against a real `monitor run` on
loopback (tests/webservice.py): every endpoint, every write with its refusals (unknown fact,
bad value, missing or wrong password, wrong CSRF token, not JSON) answered 4xx with nothing
changed, and hostile feed text escaped."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from webservice import HOSTILE, PASSWORD, Live, free_port, live_service

from monitor.store.db import Store

AUTH = ("monitor", PASSWORD)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_service(tmp_path_factory.mktemp("web-api")) as service:
        yield service


def baseline(live: Live, fact: str = "troop_cap") -> list[str]:
    store = Store.open(live.db)
    try:
        return store.baseline_values("ukraine-peace", fact)
    finally:
        store.close()


def alert_id(live: Live, fact: str) -> str:
    return next(a["id"] for a in live.get("/api/v1/alerts").json() if a["fact"] == fact)


def post(live: Live, path: str, body: object, auth: object = AUTH, **kw: object) -> httpx.Response:
    return httpx.post(live.base + path, json=body, auth=auth, timeout=30, **kw)  # type: ignore[arg-type]


# -- reads ----------------------------------------------------------------------------------
def test_overview_shows_baseline_newest_value_alerts_and_feed_health(live: Live) -> None:
    data = live.get("/api/v1/overview").json()
    wl = next(w for w in data["watchlists"] if w["watchlist"] == "ukraine-peace")
    cap = next(f for f in wl["facts"] if f["fact"] == "troop_cap")
    assert cap["baseline"] == [600000]
    assert [v["value"] for v in cap["newest"]][:1] == [800000]
    assert cap["newest"][0]["source"]  # from whom
    assert cap["newest"][0]["newest"].startswith("2025-12-02")  # when
    assert {a["fact"] for a in wl["alerts"]} >= {"troop_cap", "plan_points"}
    assert wl["feeds"]["polled"] == 1 and wl["feeds"]["failing"] == 0
    assert data["articles"] >= 2


def test_fact_detail_lists_observations_with_evidence_and_confidence(live: Live) -> None:
    detail = live.get("/api/v1/facts/ukraine-peace/troop_cap").json()
    new = next(o for o in detail["observations"] if o["value"] == 800000)
    assert "800,000" in new["sentence"] and new["parts"][1] == "800,000"
    assert 0 < new["confidence"] <= 1 and new["link"].startswith("http://127.0.0.1")
    assert any(o["origin"] == "backfill" for o in detail["observations"])  # the seeds
    assert "plot" not in detail


def test_alert_detail_has_every_failed_attempt(live: Live) -> None:
    detail = live.get(f"/api/v1/alerts/{alert_id(live, 'plan_points')}").json()
    (delivery,) = detail["deliveries"]
    assert delivery["channel"].startswith("webhook")
    assert delivery["attempt_log"] and not delivery["attempt_log"][0]["ok"]
    assert "500" in delivery["attempt_log"][0]["status"]
    assert detail["sources"][0]["url"].endswith("/world/plan-shorter")


def test_feeds_sort_filter_and_bad_sort(live: Live) -> None:
    rows = live.get("/api/v1/feeds", params={"q": "feed.xml", "sort": "items"}).json()
    assert (
        len(rows) == 1 and rows[0]["state"] == "ok" and rows[0]["items_seen"] == 3
    )  # two stories and the script-link entry
    assert live.get("/api/v1/feeds", params={"state": "failing"}).json() == []
    bad = live.get("/api/v1/feeds", params={"sort": "drop table"})
    assert bad.status_code == 400 and "sort must be one of" in bad.json()["error"]


@pytest.mark.parametrize("query", ["600,000", '"unbalanced', "talks: Geneva", "NEAR(", "*"])
def test_search_takes_punctuation_literally(live: Live, query: str) -> None:
    response = live.get("/api/v1/search", params={"q": query})
    assert response.status_code == 200, response.text
    if query == "600,000":
        hits = response.json()
        assert hits and any(hit for part, hit in hits[0]["parts"])
        assert any("600" in part for part, hit in hits[0]["parts"] if hit)


def test_watchlists_and_quality_and_openapi(live: Live) -> None:
    (wl,) = live.get("/api/v1/watchlists").json()
    assert wl["ok"] and "troop_cap" in wl["facts"]
    assert live.get("/api/v1/quality").json()["total"]["alerts"] >= 2
    spec = live.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/v1/overview",
        "/api/v1/facts",
        "/api/v1/facts/{watchlist}/{fact}",
        "/api/v1/facts/{watchlist}/{fact}/accept",
        "/api/v1/alerts",
        "/api/v1/alerts/{alert_id}",
        "/api/v1/alerts/{alert_id}/feedback",
        "/api/v1/alerts/{alert_id}/retry",
        "/api/v1/observations/{observation_id}/feedback",
        "/api/v1/feeds",
        "/api/v1/search",
        "/api/v1/watchlists",
        "/api/v1/quality",
    ):
        assert path in paths, path
    assert "post" in spec["paths"]["/api/v1/facts/{watchlist}/{fact}/accept"]
    assert not any(p.startswith("/facts") for p in paths)  # pages stay out of the API


@pytest.mark.parametrize(
    "path",
    ["/api/v1/facts/ukraine-peace/nosuch", "/api/v1/facts/nosuch/troop_cap", "/api/v1/alerts/x"],
)
def test_unknown_things_are_404(live: Live, path: str) -> None:
    response = live.get(path)
    assert response.status_code == 404 and response.json()["error"].startswith(("no ", "watchlist"))


# -- writes: refusals change nothing -------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "auth", "headers", "status"),
    [
        ({"value": "900000"}, None, {}, 401),  # no password
        ({"value": "900000"}, ("monitor", "wrong password"), {}, 401),
        ({"value": "abc"}, AUTH, {}, 400),  # not a number
        ({"value": True}, AUTH, {}, 400),
        ({"nothing": 1}, AUTH, {}, 400),
        ({"value": "  "}, AUTH, {}, 400),
    ],
    ids=["no-password", "wrong-password", "bad-value", "bool", "no-value", "blank"],
)
def test_refused_accepts_change_nothing(
    live: Live, body: object, auth: object, headers: dict[str, str], status: int
) -> None:
    before = baseline(live)
    response = post(
        live, "/api/v1/facts/ukraine-peace/troop_cap/accept", body, auth, headers=headers
    )
    assert response.status_code == status, response.text
    assert response.json()["error"]
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic")
    assert baseline(live) == before


def test_a_form_post_without_json_is_refused(live: Live) -> None:
    before = baseline(live)
    response = httpx.post(
        live.base + "/api/v1/facts/ukraine-peace/troop_cap/accept",
        data={"value": "900000"},
        auth=AUTH,
    )
    assert response.status_code == 415 and baseline(live) == before


def test_accept_unknown_fact_or_watchlist_is_404(live: Live) -> None:
    for path in (
        "/api/v1/facts/ukraine-peace/nosuch/accept",
        "/api/v1/facts/nope/troop_cap/accept",
    ):
        assert post(live, path, {"value": "1"}).status_code == 404


def test_feedback_refusals(live: Live) -> None:
    target = alert_id(live, "troop_cap")
    assert post(live, "/api/v1/alerts/nosuch/feedback", {"verdict": "wrong"}).status_code == 404
    bad = post(live, f"/api/v1/alerts/{target}/feedback", {"verdict": "meh"})
    assert bad.status_code == 400 and "verdict" in bad.json()["error"]
    assert (
        post(live, f"/api/v1/alerts/{target}/feedback", {"verdict": "wrong"}, None).status_code
        == 401
    )
    assert (
        post(live, "/api/v1/observations/999999/feedback", {"verdict": "wrong"}).status_code == 404
    )
    assert live.get("/api/v1/quality").json()["total"]["wrong"] == 0


def test_page_forms_need_sign_in_and_the_csrf_token(live: Live) -> None:
    before = baseline(live)
    path = "/facts/ukraine-peace/troop_cap/accept"
    anonymous = httpx.post(live.base + path, data={"value": "900000", "csrf": "x"})
    assert anonymous.status_code == 401
    with httpx.Client(base_url=live.base) as browser:
        token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text)
        assert token
        wrong = browser.post("/login", data={"password": "nope", "csrf": token.group(1)})
        assert wrong.status_code == 401 and "Wrong password" in wrong.text
        signed = browser.post("/login", data={"password": PASSWORD, "csrf": token.group(1)})
        assert signed.status_code == 303
        forged = browser.post(path, data={"value": "900000", "csrf": token.group(1)})  # old token
        assert forged.status_code == 403 and "CSRF" in forged.text
        missing = browser.post(path, data={"value": "900000"})
        assert missing.status_code == 403
    assert baseline(live) == before
    assert PASSWORD not in live.log.read_text() and "nope" not in live.log.read_text()


# -- writes that work ----------------------------------------------------------------------
def test_accept_moves_the_baseline(live: Live) -> None:
    response = post(live, "/api/v1/facts/ukraine-peace/plan_points/accept", {"value": 20})
    assert response.status_code == 200, response.text
    assert baseline(live, "plan_points") == ["20"]
    facts = json.loads(live.cli("facts", "--json"))
    points = next(f for f in facts if f["fact"] == "plan_points")
    assert [b["value"] for b in points["baseline"]] == [20]


def test_marking_an_alert_wrong_is_counted_by_monitor_quality(live: Live) -> None:
    target = alert_id(live, "troop_cap")
    response = post(
        live, f"/api/v1/alerts/{target}/feedback", {"verdict": "wrong", "reason": "a draft"}
    )
    assert response.status_code == 200 and response.json()["evidence_key"]
    report = json.loads(live.cli("quality", "--json"))
    cap = next(f for f in report["facts"] if f["fact"] == "troop_cap")
    assert cap["wrong"] == 1 and cap["precision"] == 0.0
    assert "judged wrong" in live.cli("quality")
    detail = live.get(f"/api/v1/alerts/{target}").json()
    assert detail["feedback"][0]["reason"] == "a draft" and detail["verdict"] == "wrong"


def test_the_facts_endpoint_is_the_cli_json(live: Live) -> None:
    assert live.get("/api/v1/facts").json() == json.loads(live.cli("facts", "--json"))


def test_marking_an_observation_wrong_is_shown_and_counted(live: Live) -> None:
    detail = live.get("/api/v1/facts/ukraine-peace/plan_points").json()
    target = next(o for o in detail["observations"] if o["value"] == 20)
    response = post(
        live, f"/api/v1/observations/{target['id']}/feedback", {"verdict": "wrong", "reason": "x"}
    )
    assert response.status_code == 200 and response.json()["target"] == "observation"
    after = live.get("/api/v1/facts/ukraine-peace/plan_points").json()
    judged = next(o for o in after["observations"] if o["id"] == target["id"])
    assert judged["verdict"] == "wrong" and judged["verdict_reason"] == "x"
    assert live.get("/api/v1/quality").json()["observations_judged"]["wrong"] == 1
    store = Store.open(live.db)
    try:
        assert store.rejected_evidence("ukraine-peace", "plan_points")  # never alerts again
    finally:
        store.close()


def test_retry_now_delivers_once_the_receiver_is_back(live: Live) -> None:
    live.receiver.routes["/hook"] = (200, {}, b"ok")
    target = alert_id(live, "plan_points")
    response = post(live, f"/api/v1/alerts/{target}/retry", {})
    assert response.status_code == 200 and response.json()["due_now"] == 1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        (delivery,) = live.get(f"/api/v1/alerts/{target}").json()["deliveries"]
        if delivery["state"] == "sent":
            break
        time.sleep(0.2)
    assert delivery["state"] == "sent" and delivery["attempt_log"][-1]["ok"]


# -- metrics, headers, escaping -------------------------------------------------------------
def test_metrics_count_polls_articles_alerts_deliveries(live: Live) -> None:
    text = live.get("/metrics").text
    for needle in (
        'monitor_polls_total{feed="' + live.site.url("/feed.xml") + '",outcome="new"} 1.0',
        'monitor_articles_ingested_total{status="new"} 3.0',
        "monitor_alerts_raised_total 2.0",
        "monitor_observations_total",
        'monitor_deliveries_total{channel="webhook",result="failed"}',
        'monitor_deliveries_by_state{state="pending"}',
        "monitor_extraction_seconds_count 3.0",
        "monitor_poll_cycle_seconds_count",
        "monitor_articles_stored",
    ):
        assert needle in text, needle


@pytest.mark.parametrize(
    "path", ["/", "/alerts", "/facts/ukraine-peace/troop_cap", "/search?q=cap"]
)
def test_pages_escape_feed_text_and_send_strict_headers(live: Live, path: str) -> None:
    response = live.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp and "unsafe" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert "<script" not in response.text and "onerror=" not in response.text.replace(
        "onerror=alert", ""
    ).replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert " style=" not in response.text  # the CSP allows no inline style


@pytest.mark.parametrize("path", ["/", "/alerts", "/feeds", "/search?q=peace", "/search?q=click"])
def test_no_page_links_to_a_script(live: Live, path: str) -> None:
    page = live.get(path).text.lower()
    assert 'href="javascript:' not in page and "href='javascript:" not in page
    assert 'href="data:' not in page


def test_hostile_title_is_text_on_the_alert_page(live: Live) -> None:
    page = live.get(f"/alerts/{alert_id(live, 'troop_cap')}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "<script>" not in page and "<img src=x" not in page
    assert HOSTILE not in page


def test_monitor_web_is_read_only(live: Live, tmp_path: Path) -> None:
    port = free_port()
    env = {**live.env, "MONITOR_WEB_ADDR": f"127.0.0.1:{port}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "web"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        line = next(line for line in proc.stdout if line.startswith("serving"))
        assert "read-only" in line and f":{port}" in line
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(base + "/").status_code == 200
        before = baseline(live)
        refused = httpx.post(
            base + "/api/v1/facts/ukraine-peace/troop_cap/accept", json={"value": 1}, auth=AUTH
        )
        assert refused.status_code == 403 and "read-only" in refused.json()["error"]
        assert baseline(live) == before
    finally:
        proc.terminate()
        proc.wait(10)


def test_monitor_web_refuses_a_missing_or_old_database(tmp_path: Path) -> None:
    env = {"MONITOR_DB": str(tmp_path / "none.db"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "web"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 1 and "no database at" in done.stderr
    old = tmp_path / "old.db"
    store = Store.open(old, migrate=False)
    store.conn.execute("PRAGMA user_version=6")  # a database from before the web interface
    store.close()
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "web"],
        env={**env, "MONITOR_DB": str(old)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "schema v6" in done.stderr
    assert Store.open(old, migrate=False).version == 6  # left as it was
