"""Playwright fixtures for every app's browser tests (a pytest plugin).

Loaded from the root conftest.py through ``pytest_plugins``. A browser test looks like::

    import pytest

    from portal.tests.browser import assert_no_horizontal_scroll


    @pytest.mark.browser
    def test_home(live_server, browser_db, browser_page, screenshot):
        browser_page.goto(live_server.url + "/")
        assert_no_horizontal_scroll(browser_page)
        screenshot(browser_page, "home")

Fixtures:

``chromium_browser`` (session)
    Debian's Chromium at /usr/bin/chromium, headless. Fails (never skips) when the
    binary is missing: ``make browser`` installs it. Never ``playwright install``.
``browser_context`` / ``browser_page`` (function)
    A fresh context (cookies, storage) at phone width, 360x800, locale en-US, and a
    page in it; closed after the test. Ask for ``desktop_page`` for 1280x900.
``browser_db`` (function)
    ``transactional_db`` with serialized rollback, so the data Wagtail's migrations
    create (the root page, the default site) is back at the start of every test even
    after another transactional test flushed the tables. Use it (rather than plain
    ``transactional_db``) whenever the test or the live server touches pages.
``screenshot`` (function)
    ``screenshot(page, "label")`` saves a full-page PNG to
    ``test-artifacts/screenshots/<test name>-<label>.png`` and returns its path.
``assert_no_horizontal_scroll`` (fixture and plain function)
    Fails, naming the URL, when the document is wider than the viewport.

Every browser test also needs pytest-django's ``live_server`` and the
``@pytest.mark.browser`` marker (``pytest -m "not browser"`` leaves them out).
"""

import os
import re
import threading
import time
from pathlib import Path

import pytest

# Playwright's sync API runs its own asyncio event loop in the test's (main) thread
# while the browser is open. Django's async-safety guard sees a running event loop in
# the thread that calls the ORM and raises SynchronousOnlyOperation, although nothing
# here runs concurrently: the test thread blocks on each Playwright call, and the live
# server answers requests on its own threads. Allowing "unsafe" ORM calls is therefore
# safe for these tests; setdefault leaves an explicit setting in the environment alone.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 360, "height": 800}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
LOCALE = "en-US"
# Playwright's own default is 30 s; a page of this portal that takes longer is broken.
DEFAULT_TIMEOUT_MS = 15_000

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"


@pytest.fixture(scope="session")
def chromium_browser():
    """Headless Debian Chromium, shared by the whole session."""
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM_PATH}, which is "
            "missing. Run `make browser` (apt-get install chromium); do not run "
            "`playwright install`. Leave browser tests out with -m 'not browser'.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _wait_for_live_server_requests(timeout=5.0):
    """Let the live server finish requests the closed browser had in flight.

    The live server answers each connection on its own thread, sharing the test's
    database connection. A request still running when the test's database teardown
    flushes the tables (or blocks database access again) would fail or leave rows
    behind, so the browser fixtures wait here after closing their context.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [
            thread
            for thread in threading.enumerate()
            if "process_request_thread" in thread.name and thread.is_alive()
        ]
        if not busy:
            return
        busy[0].join(timeout=max(0.0, deadline - time.monotonic()))


def _new_context(browser, viewport):
    context = browser.new_context(viewport=viewport, locale=LOCALE)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return context


@pytest.fixture
def browser_context(chromium_browser):
    """A fresh browser context at phone width (360x800, en-US)."""
    context = _new_context(chromium_browser, PHONE_VIEWPORT)
    yield context
    context.close()
    _wait_for_live_server_requests()


@pytest.fixture
def browser_page(browser_context):
    """A page in a fresh phone-width context; closed after the test."""
    return browser_context.new_page()


@pytest.fixture
def desktop_page(chromium_browser):
    """A page in a fresh desktop-width context (1280x900, en-US)."""
    context = _new_context(chromium_browser, DESKTOP_VIEWPORT)
    yield context.new_page()
    context.close()
    _wait_for_live_server_requests()


@pytest.fixture
def browser_db(transactional_db, django_db_serialized_rollback):
    """Database access shared with the live server, starting from migrated data."""


def _safe_name(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "page"


@pytest.fixture
def screenshot(request):
    """Return ``take(page, label)``, which saves a full-page PNG and returns its path."""
    test_name = _safe_name(request.node.name)

    def take(page, label):
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS_DIR / f"{test_name}-{_safe_name(label)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def assert_no_horizontal_scroll(page):
    """Fail when the page is wider than its viewport (content scrolls sideways)."""
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], (
        f"{page.url} scrolls horizontally: the document is {widths['scroll']}px wide "
        f"in a {widths['inner']}px viewport"
    )


@pytest.fixture(name="assert_no_horizontal_scroll")
def assert_no_horizontal_scroll_fixture():
    """The same check as a fixture, for tests that prefer not to import it."""
    return assert_no_horizontal_scroll
