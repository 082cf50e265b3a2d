"""The shareable report opened in a real headless Chromium.

In CI (``CI=true``) this test must run: ``make test`` installs Debian's chromium and
chromium-driver when they are missing. On a machine without them it is skipped with the
reason shown in the test summary.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = REPO / "test-artifacts"


def _browser_paths():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return chromium, driver


@pytest.fixture(scope="module")
def browser():
    chromium, driver = _browser_paths()
    if not (chromium and driver):
        message = (
            "Chromium and chromedriver are not installed (Debian: apt-get install chromium "
            "chromium-driver); the report browser test needs them"
        )
        if os.environ.get("CI"):
            pytest.fail(message + "; in CI they must be installed by `make test`.")
        pytest.skip(message)
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,1600",
        "--disable-extensions",
        "--disable-default-apps",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_instance = webdriver.Chrome(service=Service(driver), options=options)
    yield driver_instance
    driver_instance.quit()


def test_report_renders_without_errors_in_chromium(browser, demo_run):
    _, out = demo_run
    report = out / "report.html"
    browser.get(report.as_uri())
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert not errors, errors
    sections = browser.execute_script(
        "return Array.from(document.querySelectorAll('main > section')).map(s => s.id)"
    )
    assert sections[:4] == ["overview", "personas", "diagnostics", "journeys"]
    assert {"pain-points", "accounts", "content", "manifest"} <= set(sections)
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.naturalWidth, i.alt])"
    )
    assert len(images) >= 6
    assert all(width > 0 for width, _ in images), "every figure must load (inline data)"
    assert all(alt for _, alt in images), "every figure needs alt text"
    title = browser.execute_script("return document.querySelector('h1').textContent")
    assert "Slotwise" in title
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "report.png"))
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_report_prints(browser, demo_run):
    """Print to PDF through the DevTools protocol: the print stylesheet gives a real document."""
    import base64

    _, out = demo_run
    browser.get((out / "report.html").as_uri())
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(data)
    assert len(data) > 50_000


def test_report_fits_the_window_and_keeps_heading_order(browser, demo_run):
    """Wide tables scroll inside their own region; the page itself never scrolls sideways."""
    _, out = demo_run
    browser.get((out / "report.html").as_uri())
    for width in (1280, 800):
        browser.set_window_size(width, 1200)
        scroll, client = browser.execute_script(
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth];"
        )
        assert scroll <= client + 1, f"the page is {scroll}px wide in a {client}px window"
    regions = browser.execute_script(
        "return Array.from(document.querySelectorAll('.table-scroll'))"
        ".map(r => [r.getAttribute('role'), r.getAttribute('aria-label'), r.tabIndex])"
    )
    assert regions and all(r == ["region", r[1], 0] and r[1] for r in regions)
    levels = browser.execute_script(
        "return Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))"
        ".map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1 and levels.count(1) == 1
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not jumps, f"heading levels skip: {jumps[:5]}"
