"""Fixtures shared by every app's tests, as plugins: the browser (Playwright and
Debian's Chromium) and the demo content, built once per session."""

pytest_plugins = [
    "demo.tests.fixtures",
    "portal.tests.browser",
    "portal.tests.signed_in",
]
