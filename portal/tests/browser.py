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
    ``transactional_db`` (the live server sees the test's data and the other way
    round) starting from the database as migrations left it, so Wagtail's root
    page and default site exist even after another transactional test flushed the
    tables. Use it rather than plain ``transactional_db`` in browser tests, and
    ``demo_content`` or ``demo_accounts`` after it for the demo.
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

from demo.tests.fixtures import migrated_snapshot

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

_open_contexts = set()


def _keep_test_thread_connections(test_thread_connections):
    """Keep the test thread on the database connections it had before Playwright.

    Django keeps database connections in an asgiref ``Local`` that is thread-local in
    a sync thread but context-local once an event loop runs in the thread, and
    Playwright's loop now does. Without this, the test thread would open new
    connections of its own: not the in-memory SQLite connection that pytest-django
    handed to the live server, and without the attributes Django's test machinery
    set on the originals.
    """
    from django.db import connections

    for alias, connection in test_thread_connections.items():
        connections[alias] = connection


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
    from django.db import connections
    from playwright.sync_api import sync_playwright

    test_thread_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        _keep_test_thread_connections(test_thread_connections)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _wait_for_live_server_requests(timeout=5.0):
    """Let the live server finish what the closed browser contexts left in flight.

    The live server answers each browser connection on its own thread, sharing the
    test's database connection. A request still running when the test's database
    teardown flushes the tables (or blocks database access again) would fail or
    leave rows behind. Closing a context closes its connections, so once no context
    is open the server's connection threads end as soon as their request is done.
    """
    if _open_contexts:
        return  # Threads serving a context that is still open would never end.
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))


def watch_csp(context):
    """Collect what the Content-Security-Policy blocked in this context (Chromium
    says so on the console); closing the context fails the test if anything was."""
    context.csp_violations = []

    def listen(message):
        if "Content Security Policy" in message.text:
            context.csp_violations.append(message.text)

    context.on("console", listen)
    return context


def _new_context(browser, viewport):
    context = watch_csp(browser.new_context(viewport=viewport, locale=LOCALE))
    _open_contexts.add(context)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return context


def _close_context(context):
    violations = getattr(context, "csp_violations", [])
    context.close()
    _open_contexts.discard(context)
    _wait_for_live_server_requests()
    assert not violations, "The CSP blocked:\n" + "\n".join(violations)


@pytest.fixture
def browser_context(chromium_browser):
    """A fresh browser context at phone width (360x800, en-US)."""
    context = _new_context(chromium_browser, PHONE_VIEWPORT)
    yield context
    _close_context(context)


@pytest.fixture
def browser_page(browser_context):
    """A page in a fresh phone-width context; closed after the test."""
    return browser_context.new_page()


@pytest.fixture
def desktop_page(chromium_browser):
    """A page in a fresh desktop-width context (1280x900, en-US)."""
    context = _new_context(chromium_browser, DESKTOP_VIEWPORT)
    yield context.new_page()
    _close_context(context)


@pytest.fixture
def one_request_at_a_time(live_server):
    """Serve the live server's requests one at a time; yields the lock.

    With the in-memory SQLite test database, every live-server thread (and the test)
    shares one database connection. A page that loads several resources at once
    (inline documents, the admin's jsi18n), each writing (an audit entry, the session
    saved on every request), now and then collides: "database table is locked" or a
    lost session. The browser still sends requests concurrently; the server answers
    them in turn. Tests take the same lock around their own ORM calls while a page
    may still be loading. Production databases wait for locks instead.
    """
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    lock = threading.RLock()

    def serialized(environ, start_response):
        with lock:
            return app(environ, start_response)

    httpd.set_app(serialized)
    yield lock
    httpd.set_app(app)


@pytest.fixture
def browser_db(transactional_db, one_request_at_a_time):
    """Database access shared with the live server, starting from migrated data.

    Every table is put back as migrations left it (Wagtail's root page, default
    site, locale, collection and workflow, which the flush after every
    transactional test removes), from the snapshot taken once per session. The test
    ends with the ordinary flush, as plain transactional tests do.
    """
    migrated_snapshot().restore()


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


def tick(page, label):
    """USWDS hides the real checkbox or radio behind its label: people click the label."""
    page.locator("label").filter(has_text=label).first.click()


def write_photo(path):
    """A real JPEG, as a phone photo of an ID would be."""
    from PIL import Image

    Image.new("RGB", (800, 600), "steelblue").save(path, "JPEG")
    return path


def write_pdf(path):
    """A real one-page PDF, as a scanned letter would be."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(buffer, "PDF")
    path.write_bytes(buffer.getvalue())
    return path


def current_sign_in_code(email):
    """What a demo staff account's authenticator app would show now (its device has
    a fixed key; computed here without the database the live server is using)."""
    from django_otp.oath import TOTP

    from portal.second_factor import demo_totp_key

    return f"{TOTP(bytes.fromhex(demo_totp_key(email))).token():06d}"


def enter_second_factor(page, base_url, email):
    """On the second-factor page after the password: type the current code."""
    from playwright.sync_api import expect

    expect(page).to_have_url(
        re.compile(re.escape(base_url + "/accounts/second-factor/"))
    )
    page.get_by_label("Code").fill(current_sign_in_code(email))
    page.get_by_role("button", name="Continue").click()


def follow_sign_up_email(page, base_url, *, keyboard=False):
    """After step 1: the "check your email" page, then the welcome email's link (the
    live server sends it through the test's mail outbox) and its button."""
    from django.core import mail
    from playwright.sync_api import expect

    expect(page).to_have_url(re.compile(r"/apply/check-email/(#.*)?$"))
    [url] = re.findall(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[-1].body)
    page.goto(base_url + "/" + url.split("/", 3)[3])
    button = page.locator("main form button[type=submit]")
    if keyboard:
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        with page.expect_navigation():
            button.click()
