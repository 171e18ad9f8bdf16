"""In Chromium: the policy really blocks a script injected into an applicant page,
and says so (what every browser test's context watches for)."""

import pytest

from portal.tests.browser import _close_context, _new_context

pytestmark = pytest.mark.browser


def test_an_injected_inline_script_does_not_run(
    live_server, browser_db, demo_content, chromium_browser
):
    context = _new_context(chromium_browser, {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === undefined")
    assert any("inline script" in text for text in context.csp_violations)
    context.csp_violations.clear()  # the block was the point of this test
    _close_context(context)
