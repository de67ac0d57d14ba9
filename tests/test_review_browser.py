"""The review desk driven in headless Chromium (Selenium, Debian's chromedriver) over the real demo queue."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from intake.db import events_for, open_db
from intake.home import Home

from test_review_web import SSN_DIGITS, Desk

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.expected_conditions import staleness_of  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM, DRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1500,950")
# The screenshot goes to tests/artifacts (ignored by git); docs/review-desk.png, shown in the
# README, is a copy of one taken here: a test run never changes a tracked file.
SCREENSHOT = Path(__file__).resolve().parent / "artifacts" / "review-desk.png"


@pytest.fixture
def browser():
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("chromium and chromedriver are needed (scripts/setup.sh installs them)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    driver = webdriver.Chrome(options=opts, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def answer(driver, keys: str) -> None:
    """Type into the focused box (the answer, or the reason when asked); wait for the next page."""
    page = driver.find_element(By.TAG_NAME, "html")
    box = driver.switch_to.active_element
    assert box.get_attribute("id") in ("answer", "reason")
    box.send_keys(keys)
    if keys.endswith(Keys.ENTER):
        WebDriverWait(driver, 20).until(staleness_of(page))


def test_a_reviewer_works_the_queue_in_the_browser(demo_queue, browser):
    home = demo_queue
    db = open_db(Home(home).db_path)
    desk = Desk(home)
    seen = []
    try:
        browser.get(desk.url + "/")
        assert browser.current_url.endswith("/login")
        login = browser.find_element(By.TAG_NAME, "html")
        browser.switch_to.active_element.send_keys("alice" + Keys.ENTER)
        WebDriverWait(browser, 20).until(staleness_of(login))
        assert browser.find_element(By.ID, "reviewer").text == "alice"

        # The blank SSN first: Enter alone does not accept it; '-' and Enter records the blank.
        assert browser.find_element(By.ID, "key").text == "ssn"
        doc = browser.find_element(By.ID, "task").get_attribute("data-task").split(":")[0]
        img = browser.find_element(By.ID, "page-image")
        assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 500
        seen.append(browser.page_source)
        answer(browser, Keys.ENTER)                                        # one key: refused
        assert "is blank" in browser.find_element(By.ID, "message").text
        answer(browser, Keys.BACKSPACE * 5 + "-" + Keys.ENTER)             # two keys: recorded as blank
        assert db.execute("SELECT needs_review FROM fields WHERE document_id = ? AND key = 'ssn'",
                          [doc]).fetchone()[0] == 0

        # A field with its place outlined on the page, the ledger's grants beside the table.
        key = browser.find_element(By.ID, "key").text
        assert browser.find_elements(By.ID, "outline") and browser.find_elements(By.ID, "grants")
        seen.append(browser.page_source)
        # (A count of shares tendered: 99999 is more than were granted, which breaks a check.)
        while not key.endswith(".shares_tendered") or not browser.find_elements(By.ID, "ledger-grants"):
            answer(browser, "s" + Keys.ENTER)                              # skip: two keys
            key = browser.find_element(By.ID, "key").text
        task = browser.find_element(By.ID, "task").get_attribute("data-task")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SCREENSHOT))
        page = browser.find_element(By.ID, "page")
        before = page.size["width"]
        browser.find_element(By.CSS_SELECTOR, "[data-zoom='1']").click()          # zoom in
        assert page.size["width"] > 1.4 * before
        outline = browser.find_element(By.ID, "outline")
        assert outline.size["width"] > 20 and outline.value_of_css_property("position") == "absolute"
        seen.append(browser.page_source)

        # A correction that breaks a check asks for a reason, recorded with it.
        answer(browser, "99999" + Keys.ENTER)
        assert "breaks" in browser.find_element(By.ID, "message").text
        assert browser.switch_to.active_element.get_attribute("id") == "reason"
        answer(browser, "the holder wrote it so" + Keys.ENTER)
        doc, key = task.split(":")
        ev = [e for e in events_for(db, doc) if e["kind"] == "field_corrected" and e["detail"]["key"] == key][-1]
        assert ev["actor"] == "alice" and ev["detail"]["reason"] == "the holder wrote it so"
        assert ev["detail"]["new"] == 99999
        seen.append(browser.page_source)

        # Ledger search by part of a name and by the last four of the SSN.
        browser.get(desk.url + "/ledger?q=stew")
        assert "Sarah B. Stewart" in browser.page_source
        browser.get(desk.url + "/ledger?q=8944")
        assert "Sarah B. Stewart" in browser.page_source
        seen.append(browser.page_source)
    finally:
        desk.stop()
    for html in seen:
        assert SSN_DIGITS.findall(re.sub(r"<[^>]+>", " ", html)) == []
    assert SCREENSHOT.stat().st_size > 20_000
