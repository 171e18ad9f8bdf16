import pytest

from portal.demo import load_demo


@pytest.mark.browser
def test_explore(live_server, browser_db, settings, desktop_page, screenshot):
    settings.DEMO_ACCOUNTS_ENABLED = True
    load_demo()
    from programs.models import ProgramPage
    p = ProgramPage.objects.get(slug="grocery-tax-rebate")
    d = desktop_page
    d.goto(live_server.url + "/admin/login/")
    d.get_by_label("Email address").fill("editor@example.com")
    d.get_by_label("Password").fill("demo-password")
    d.get_by_role("button", name="Sign in").click()
    d.wait_for_url(live_server.url + "/admin/")
    screenshot(d, "dash")
    d.goto(live_server.url + f"/admin/pages/{p.pk}/edit/")
    screenshot(d, "edit")
    open("/tmp/edit.html", "w").write(d.content())
