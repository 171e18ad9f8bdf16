"""axe-core over every applicant page, in English and Spanish, at phone width.

One test per language: one browser context visits every page state listed in
``applicant_pages.PAGE_STATES`` (normal and failed-submit states), switching accounts
by session cookie. Any "serious" or "critical" violation fails the test, listed with
the page, URL, rule, impact and target selectors; "minor" and "moderate" ones are
printed (run with -s to see them) but do not fail it.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from portal.tests.applicant_pages import (
    LANGUAGES,
    PAGE_STATES,
    Visitor,
    applicant_data,
    open_context,
)
from portal.tests.browser import PHONE_VIEWPORT

pytestmark = [pytest.mark.browser, pytest.mark.page_sweep]

FAILING_IMPACTS = {"serious", "critical"}
AXE = Axe()

# What axe does not check (its duplicate-id rules are retired, and an
# aria-describedby naming one missing id among others passes): every id unique,
# every id reference and in-page link pointing at an element, and every hint or
# error message tied to a field by aria-describedby.
ID_REFERENCES = """() => {
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "");
  const problems = [];
  const counts = new Map();
  for (const el of document.querySelectorAll("[id]")) {
    counts.set(el.id, (counts.get(el.id) || 0) + 1);
  }
  for (const [id, count] of counts) {
    if (count > 1) problems.push(`id "${id}" is used ${count} times`);
  }
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          problems.push(`${attr} on ${name(el)} names "${id}", which is not there`);
        }
      }
    }
  }
  for (const label of document.querySelectorAll("label[for]")) {
    if (!document.getElementById(label.htmlFor)) {
      problems.push(`label for "${label.htmlFor}" has no field`);
    }
  }
  for (const link of document.querySelectorAll('a[href^="#"]')) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (id && !document.getElementById(id)) {
      problems.push(`link "${link.innerText.trim()}" goes to #${id}, which is not there`);
    }
  }
  for (const note of document.querySelectorAll(
      "main .usa-hint[id], main .usa-error-message[id]")) {
    if (!document.querySelector(`[aria-describedby~="${note.id}"]`)) {
      problems.push(`${name(note)} ("${note.innerText.trim().slice(0, 40)}") describes no field`);
    }
  }
  return problems;
}"""


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
            failures += [
                f"[serious] id-references on {state.name} ({page.url}): {problem}"
                for problem in page.evaluate(ID_REFERENCES)
            ]
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


@pytest.mark.browser
def test_file_inputs_keep_their_own_translated_label(
    live_server, browser_db, chromium_browser
):
    """USWDS's file input script would name every input "Drag files here or choose
    from folder", in English; the native input keeps its label, which says which
    document it is for."""
    data = applicant_data()
    documents = next(state for state in PAGE_STATES if state.name == "documents")
    with open_context(chromium_browser, language="es", viewport=PHONE_VIEWPORT) as ctx:
        page = Visitor(ctx, live_server.url, data, "es").visit(documents)
        inputs = page.locator("input[type=file]")
        expect(inputs).to_have_count(2)
        for position in range(2):
            assert inputs.nth(position).get_attribute("aria-label") is None
        expect(
            page.get_by_label("Elegir archivos: Identificación con foto de Ana López")
        ).to_have_attribute("type", "file")
        expect(page.get_by_label("Elegir archivos: Comprobante de SNAP")).to_have_count(
            1
        )
