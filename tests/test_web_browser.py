"""The pages in a real browser (Debian's Chromium through chromedriver, driven by Selenium)
against a real `monitor run` on loopback: load the overview, open a fact, accept a value
and see the baseline change in the database, mark an alert wrong and see `monitor quality`
count it, search with "600,000", and check that hostile titles stay text.

Set MONITOR_SCREENSHOTS=docs/screenshots to keep the README's screenshots."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait
from webservice import HOSTILE, PASSWORD, Live, live_service

from monitor.store.db import Store

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(DRIVER).exists()) and not os.environ.get("CI"),
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_service(tmp_path_factory.mktemp("web-browser")) as service:
        yield service


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.implicitly_wait(10)  # an element not there yet is waited for, not missed
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver: WebDriver, name: str, tmp_path: Path) -> Path:
    """Full-page screenshot: into MONITOR_SCREENSHOTS when set (the README's), else tmp."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height), 700), 2400))
    target = Path(os.environ.get("MONITOR_SCREENSHOTS") or tmp_path) / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(target))
    driver.set_window_size(1280, 1000)
    return target


def click(driver: WebDriver, element: WebElement) -> None:
    """Click a link or a form button and wait for the next page: the old one goes away.
    Mid-navigation chromedriver may answer a question about the old page with a stale
    reference or with "Node ... does not belong to the document": both mean it is gone."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def gone(_: WebDriver) -> bool:
        try:
            old.is_enabled()
        except WebDriverException:
            return True
        return False

    wait = WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,))
    wait.until(gone)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def no_script_ran(driver: WebDriver) -> None:
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - an alert() dialog would be open
    assert driver.execute_script("return document.scripts.length") == 0


def sign_in(driver: WebDriver, live: Live, password: str = PASSWORD) -> None:
    driver.get(live.base + "/login")
    driver.find_element(By.NAME, "password").send_keys(password)
    click(driver, driver.find_element(By.ID, "sign-in"))


def baseline(live: Live, fact: str) -> list[str]:
    store = Store.open(live.db)
    try:
        return store.baseline_values("ukraine-peace", fact)
    finally:
        store.close()


def test_overview_loads_with_facts_alerts_and_feeds(
    browser: WebDriver, live: Live, tmp_path: Path
) -> None:
    browser.get(live.base + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Overview"
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.fact-link")]
    assert "Cap on Ukraine's armed forces" in links
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "800,000" in page and "600,000" in page and "none failing" in page
    # the stylesheet applied (served by the service itself, allowed by the CSP)
    header = browser.find_element(By.TAG_NAME, "header")
    assert header.value_of_css_property("display") == "flex"
    no_script_ran(browser)
    assert shot(browser, "overview", tmp_path).stat().st_size > 10_000


def test_hostile_titles_stay_text(browser: WebDriver, live: Live) -> None:
    browser.get(live.base + "/alerts")
    click(browser, browser.find_elements(By.CSS_SELECTOR, "table.alerts a")[-1])  # the cap
    no_script_ran(browser)
    body = browser.find_element(By.TAG_NAME, "main").text
    assert '<script>alert("x")</script>' in body  # shown as the characters it is
    assert browser.find_elements(By.CSS_SELECTOR, "main img") == []
    links = [a.get_attribute("href") or "" for a in browser.find_elements(By.TAG_NAME, "a")]
    assert not any(h.lower().startswith("javascript:") for h in links)
    assert HOSTILE.split(" Cap")[0] in body


def test_a_wrong_password_is_refused(browser: WebDriver, live: Live) -> None:
    sign_in(browser, live, "not the password")
    assert "Wrong password" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    browser.get(live.base + "/facts/ukraine-peace/troop_cap")
    browser.implicitly_wait(0)  # an absence is checked at once
    try:
        assert browser.find_elements(By.CSS_SELECTOR, "button.accept") == []  # signed out
    finally:
        browser.implicitly_wait(10)


def test_open_a_fact_and_accept_a_value(browser: WebDriver, live: Live, tmp_path: Path) -> None:
    sign_in(browser, live)
    browser.get(live.base + "/")
    click(browser, browser.find_element(By.LINK_TEXT, "Cap on Ukraine's armed forces"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Cap on Ukraine's armed forces"
    assert browser.find_element(By.CSS_SELECTOR, "svg.timeline circle.mark")
    marked = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "blockquote mark")]
    assert "800,000" in marked and "600,000" in marked
    shot(browser, "fact", tmp_path)
    assert baseline(live, "troop_cap") == ["600000"]
    click(browser, browser.find_element(By.XPATH, "//button[contains(., 'Accept 800,000')]"))
    assert "baseline is now 800000" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert browser.find_element(By.ID, "baseline").text == "800,000"
    assert baseline(live, "troop_cap") == ["800000"]


def test_mark_an_alert_wrong_and_monitor_quality_counts_it(browser: WebDriver, live: Live) -> None:
    sign_in(browser, live)
    browser.get(live.base + "/alerts")
    click(browser, browser.find_element(By.XPATH, "//tr[contains(., 'plan_points')]//a"))
    browser.find_element(By.NAME, "reason").send_keys("the plan was not cut")
    click(browser, browser.find_element(By.ID, "mark-wrong"))
    assert "feedback saved" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert "judged wrong" in browser.find_element(By.TAG_NAME, "main").text
    report = json.loads(live.cli("quality", "--json"))
    points = next(f for f in report["facts"] if f["fact"] == "plan_points")
    assert points["wrong"] == 1
    browser.get(live.base + "/quality")
    assert "plan_points" in browser.find_element(By.ID, "quality").text


def test_search_with_punctuation(browser: WebDriver, live: Live) -> None:
    browser.get(live.base + "/search")
    browser.find_element(By.ID, "q").send_keys("600,000")
    click(browser, browser.find_element(By.ID, "search"))
    hits = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".snippet mark")]
    assert hits and all("600" in h or "000" in h for h in hits)
    assert "result(s)" in browser.find_element(By.TAG_NAME, "main").text
    no_script_ran(browser)


def test_feeds_and_watchlists_pages(browser: WebDriver, live: Live) -> None:
    browser.get(live.base + "/feeds?sort=items")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.feeds tbody tr")
    assert len(rows) == 1 and "feed.xml" in rows[0].text
    browser.get(live.base + "/watchlists")
    assert "ukraine-peace" in browser.find_element(By.TAG_NAME, "main").text
    assert shutil.which("chromium") or Path(CHROMIUM).exists()
