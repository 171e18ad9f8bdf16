"""Every applicant page reflows: 320px wide, and 200% zoom, in English and Spanish.

320px is WCAG's reflow width (a 1280px screen at 400% zoom). 200% zoom of a 1280x800
screen is a 640x400 CSS-pixel viewport at device scale factor 2. In both, no page may
scroll sideways; at 200% the page's main heading and its primary button must stay
reachable: visible and inside the viewport's width once scrolled to.
"""

import pytest

from portal.tests.applicant_pages import (
    LANGUAGES,
    PAGE_STATES,
    Visitor,
    applicant_data,
    open_context,
)

pytestmark = [pytest.mark.browser, pytest.mark.page_sweep]

# One context per language at device scale factor 2 (as on most phones), resized
# between the two layouts on the same page load.
REFLOW = {"width": 320, "height": 720}
ZOOM_200 = {"width": 640, "height": 400}

PRIMARY_BUTTON = (
    "main .usa-button:not(.usa-button--outline):not(.usa-button--unstyled)"
    ":not(.usa-button--secondary)"
)


def horizontal_overflow(page):
    """The widths when the document scrolls sideways, else None."""
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " inner: window.innerWidth})"
    )
    return widths if widths["scroll"] > widths["inner"] else None


def wider_than_viewport(page):
    """Selectors of the elements that reach past the right edge (for the report)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const found = [];
          for (const el of document.querySelectorAll("body *")) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 1) {
              found.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.className && typeof el.className === "string"
                   ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
            }
          }
          return found.slice(-5);
        }"""
    )


def unreachable(page, locator, what):
    """A problem when ``locator`` is hidden or sticks out of the viewport, else None."""
    if not locator.count():
        return f"no {what}"
    element = locator.first
    if not element.is_visible():
        return f"the {what} is hidden"
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    if box["x"] < 0 or box["x"] + box["width"] > width + 1:
        return f"the {what} sticks out of the viewport ({box})"
    return None


def overflow_problem(page, state, layout):
    overflow = horizontal_overflow(page)
    if overflow:
        return (
            f"{layout}: {state.name} ({page.url}) scrolls sideways: "
            f"{overflow['scroll']}px in {overflow['inner']}px; "
            f"widest: {wider_than_viewport(page)}"
        )
    return None


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_reflow(language, live_server, browser_db, chromium_browser):
    data = applicant_data()
    problems = []
    with open_context(
        chromium_browser, language=language, viewport=REFLOW, device_scale_factor=2
    ) as context:
        visitor = Visitor(context, live_server.url, data, language)
        for state in PAGE_STATES:
            page = visitor.visit(state)
            page.set_viewport_size(REFLOW)
            problems.append(overflow_problem(page, state, "320px"))
            page.set_viewport_size(ZOOM_200)
            problems.append(overflow_problem(page, state, "200% zoom"))
            heading = unreachable(page, page.locator("main h1"), "main heading")
            button = page.locator(PRIMARY_BUTTON)
            if not button.count():
                button = page.locator("main .usa-button")
            action = unreachable(page, button, "primary button")
            problems += [
                f"200% zoom: {state.name} ({page.url}): {problem}"
                for problem in (heading, action)
                if problem
            ]
    problems = [problem for problem in problems if problem]
    assert not problems, f"In '{language}':\n" + "\n".join(problems)
