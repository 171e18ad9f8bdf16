"""axe-core over every applicant page, in English and Spanish, at phone width.

One test per language: one browser context visits every page state listed in
``applicant_pages.PAGE_STATES`` (normal and failed-submit states), switching accounts
by session cookie. Any "serious" or "critical" violation fails the test, listed with
the page, URL, rule, impact and target selectors; "minor" and "moderate" ones are
printed (run with -s to see them) but do not fail it.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.tests.applicant_pages import (
    LANGUAGES,
    PAGE_STATES,
    Visitor,
    applicant_data,
    open_context,
)
from portal.tests.browser import PHONE_VIEWPORT

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}
AXE = Axe()


def describe(state, url, violation):
    targets = "; ".join(
        " ".join(map(str, node["target"])) for node in violation["nodes"]
    )
    return (
        f"[{violation['impact']}] {violation['id']} on {state.name} ({url}): "
        f"{violation['help']} -> {targets}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_applicant_pages_pass_axe(language, live_server, browser_db, chromium_browser):
    data = applicant_data()
    failures, notes = [], []
    with open_context(
        chromium_browser, language=language, viewport=PHONE_VIEWPORT
    ) as context:
        visitor = Visitor(context, live_server.url, data, language)
        for state in PAGE_STATES:
            page = visitor.visit(state)
            results = AXE.run(page)
            for violation in results.response["violations"]:
                line = describe(state, page.url, violation)
                if violation["impact"] in FAILING_IMPACTS:
                    failures.append(line)
                else:
                    notes.append(line)
    if notes:
        print(f"\naxe minor/moderate findings ({language}):")
        print("\n".join(notes))
    assert not failures, (
        f"{len(failures)} serious or critical axe violation(s) in '{language}':\n"
        + "\n".join(failures)
    )
