"""Fixtures shared by every app's tests, as plugins: the browser (Playwright and
Debian's Chromium) and the demo content, built once per session."""

pytest_plugins = [
    "demo.tests.fixtures",
    "portal.tests.browser",
    "portal.tests.signed_in",
]


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _empty_cache_and_default_language():
    """Each test starts with an empty cache (cached public pages from another test's
    rolled-back data must not show) and in the default language (a request leaves its
    language active in the thread, as LocaleMiddleware does in a server's)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from portal.page_cache import process_pages

    cache.clear()
    process_pages.forget()
    translation.activate(settings.LANGUAGE_CODE)
    yield
