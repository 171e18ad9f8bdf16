"""The whole applicant journey with the keyboard only, at phone width.

Tab, Shift+Tab, arrow keys, Space, Enter and typing; no clicks. File inputs are
reached by Tab and then given their files with ``set_input_files`` (a browser's file
chooser is outside the page). Every Tab stop on the way must show where focus is.
"""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Household
from portal.tests.browser import follow_sign_up_email, write_pdf, write_photo

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"

# What has focus, and whether focus is drawn: an outline or a box shadow on the
# element, or, for USWDS's visually hidden checkbox and radio inputs, on the box
# their label draws (its ::before).
FOCUS_STATE = """(selector) => {
  const el = document.activeElement;
  const drawn = (style) => (style.outlineStyle !== "none"
      && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
  let shown = drawn(getComputedStyle(el));
  if (el.matches(".usa-checkbox__input, .usa-radio__input")) {
    const label = document.querySelector(`label[for="${el.id}"]`);
    shown = label !== null && drawn(getComputedStyle(label, "::before"));
  }
  return {
    matches: selector ? el.matches(selector) : false,
    shown,
    name: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
      + ` "${(el.innerText || el.value || el.name || "").trim().slice(0, 40)}"`,
  };
}"""


class Keyboard:
    """Moves focus with Tab and checks that every stop shows its focus."""

    def __init__(self, page):
        self.page = page
        self.unseen_focus = []

    def state(self, selector=None):
        return self.page.evaluate(FOCUS_STATE, selector)

    def tab(self, backwards=False):
        self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
        state = self.state()
        if not state["shown"]:
            self.unseen_focus.append(f"{self.page.url}: {state['name']}")
        return state

    def tab_to(self, selector, backwards=False, limit=80):
        """Press Tab until the focused element matches ``selector``."""
        stops = []
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            state = self.state(selector)
            stops.append(state["name"])
            if not state["shown"]:
                self.unseen_focus.append(f"{self.page.url}: {state['name']}")
            if state["matches"]:
                return
        raise AssertionError(
            f"Tab never reached {selector} on {self.page.url}; stops: {stops}"
        )

    def type_into(self, selector, text):
        self.tab_to(selector)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.type(text)

    def choose_radio(self, name, value):
        """Tab into a radio group, then arrow to the choice and select it."""
        self.tab_to(f'input[type=radio][name="{name}"]')
        for _ in range(10):
            if self.state(f'[value="{value}"]')["matches"]:
                break
            self.page.keyboard.press("ArrowDown")
        self.page.keyboard.press("Space")
        assert self.page.locator(f'input[name="{name}"][value="{value}"]').is_checked()

    def tick(self, selector):
        self.tab_to(selector)
        self.page.keyboard.press("Space")
        assert self.page.locator(selector).is_checked()

    def press_and_wait(self, selector, key="Enter"):
        """Focus ``selector`` by Tab and press ``key``; wait for the next page."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press(key)


def expect_step(page, number, title, error=False):
    prefix = "Error: " if error else ""
    expect(page).to_have_title(
        re.compile(rf"^{prefix}Step {number} of 6: {re.escape(title)} \| ")
    )


CONTINUE = "button[name=action][value=continue]"


def test_keyboard_only_journey(
    live_server, browser_db, demo_content, browser_page, screenshot, tmp_path
):
    page = browser_page
    keys = Keyboard(page)
    page.goto(live_server.url + "/apply/account/")
    expect_step(page, 1, "Your account")

    # The skip link is the first Tab stop, and it moves focus to the main content.
    assert keys.tab()["name"].startswith("a")
    assert page.evaluate("document.activeElement.className") == "usa-skipnav"
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()

    # Step 1: the account. Tab order follows the form.
    keys.type_into("#id_first_name", "Ana")
    keys.tab()
    assert keys.state("#id_last_name")["matches"]
    page.keyboard.type("López")
    keys.type_into("#id_email", "ana@example.com")
    keys.type_into("#id_phone_number", "970-221-6600")
    keys.type_into("#id_password1", PASSWORD)
    keys.type_into("#id_password2", PASSWORD)
    # Shift+Tab goes back: fix the first name from the password fields.
    keys.tab_to("#id_first_name", backwards=True)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Ana María")
    keys.press_and_wait(CONTINUE)
    follow_sign_up_email(page, live_server.url, keyboard=True)

    # Step 2: a wrong ZIP code, then the error summary takes focus.
    expect_step(page, 2, "Your address")
    keys.type_into("#id_street", "300 Laporte Ave")
    keys.type_into("#id_city", "Fairview")
    keys.type_into("#id_state", "CO")
    keys.type_into("#id_zip_code", "805")
    keys.press_and_wait(CONTINUE)
    expect_step(page, 2, "Your address", error=True)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    screenshot(page, "address-error")
    # The summary's link takes focus to the field in error.
    keys.tab_to('#error-summary a[href="#id_zip_code"]')
    page.keyboard.press("Enter")
    expect(page.locator("#id_zip_code")).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("80521")
    keys.press_and_wait(CONTINUE)

    # Step 3: radio groups by arrow keys, a date typed in, another person added.
    expect_step(page, 3, "Your household")
    keys.choose_radio("housing-housing", "rent")
    keys.choose_radio("housing-time_at_address", "1_to_3")
    keys.tab_to("#id_members-0-date_of_birth")
    page.keyboard.type("04281985")
    expect(page.locator("#id_members-0-date_of_birth")).to_have_value("1985-04-28")
    keys.press_and_wait("button[name=action][value=add]")
    # The new person's first name has focus, so nobody has to hunt for it.
    expect(page.locator("#id_members-1-first_name")).to_be_focused()
    page.keyboard.type("Luis")
    keys.type_into("#id_members-1-last_name", "López")
    keys.tab_to("#id_members-1-date_of_birth")
    page.keyboard.type("09012015")
    screenshot(page, "household")
    keys.press_and_wait(CONTINUE)

    # Step 4: a checkbox by Space.
    expect_step(page, 4, "Qualifying programs")
    snap_id = page.locator("label", has_text="SNAP").first.get_attribute("for")
    keys.tick(f"#{snap_id}")
    keys.press_and_wait(CONTINUE)

    # Step 5: each file input reached by Tab, its Upload button pressed by Enter.
    expect_step(page, 5, "Documents")
    files = [write_photo(tmp_path / "my-id.jpg"), write_pdf(tmp_path / "snap.pdf")]
    for position, path in enumerate(files, start=1):
        item = f".portal-document-item:nth-of-type({position})"
        keys.tab_to(f"{item} input[type=file]")
        page.locator(f"{item} input[type=file]").set_input_files(str(path))
        keys.press_and_wait(f"{item} button[value=upload]")
        expect(page.get_by_role("link", name=path.name)).to_be_visible()
    screenshot(page, "documents")
    keys.press_and_wait(CONTINUE)

    # Step 6: confirm without ticking first (an error), then tick and submit.
    expect_step(page, 6, "Review and submit")
    expect(page.get_by_text("Luis López")).to_be_visible()
    keys.press_and_wait("button[name=action][value=submit]")
    expect_step(page, 6, "Review and submit", error=True)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    keys.tick("#id_consent")
    keys.press_and_wait("button[name=action][value=submit]", key="Space")
    expect(
        page.get_by_role("heading", name="Your application is submitted")
    ).to_be_visible()
    household = Household.objects.get(user__email="ana@example.com")
    assert household.review_status == Household.ReviewStatus.SUBMITTED
    assert household.members.count() == 2

    # The dashboard, by the link on the confirmation page.
    keys.press_and_wait('main a[href="/dashboard/"]')
    expect(page.get_by_role("heading", name="Available to you")).to_be_visible()
    screenshot(page, "dashboard")

    assert not keys.unseen_focus, "Focus was not visible at:\n" + "\n".join(
        keys.unseen_focus
    )
