"""Settings > API keys: who may issue, see, edit and revoke keys; a new key's text
shown once; the form's rules; each key's recent uses; Wagtail's own admin API
unchanged by the partner API's settings."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page

from api.admin import ISSUED_KEY_SESSION
from api.models import ApiKey
from portal import roles

from .conftest import PROGRAM, call, issue, make_applicant

pytestmark = pytest.mark.django_db

KEYS = "/admin/api-keys/"
REFUSED = (302, 403)  # Wagtail redirects to the admin home with a message, or 403s


def moment(delta):
    return (timezone.localtime() + delta).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def verification_staff(demo_content):
    user = make_applicant("casey@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.VERIFICATION_STAFF))
    return user


def issue_through_the_form(client, program, **fields):
    data = {
        "program": program.pk,
        "name": "Utility billing",
        "expires_at": moment(timedelta(days=90)),
        **fields,
    }
    return client.post(f"{KEYS}new/", data)


def test_an_administrator_issues_a_key_and_sees_its_text_once(
    client, administrator, grocery
):
    client.force_login(administrator)
    response = issue_through_the_form(client, grocery)
    key = ApiKey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{KEYS}issued/{key.pk}/"
    assert "gyp_" not in response["Location"]
    assert (key.program, key.name, key.created_by) == (
        grocery,
        "Utility billing",
        administrator,
    )

    shown = client.get(response["Location"])
    assert shown.status_code == 200
    [text] = [
        word.split('"')[0]
        for word in shown.content.decode().split('value="')[1:]
        if word.startswith("gyp_")
    ]
    assert text.startswith(f"gyp_{key.prefix}_")
    assert "not shown again" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert ISSUED_KEY_SESSION not in client.session
    assert call(client, PROGRAM, text).status_code == 200

    again = client.get(response["Location"])
    assert again.status_code == 200
    assert text not in again.content.decode()
    assert "cannot be shown again" in again.content.decode()
    assert ModelLogEntry.objects.filter(
        object_id=str(key.pk), action="wagtail.create", user=administrator
    ).exists()


def test_the_form_offers_a_year_and_refuses_longer_or_past_expiry(
    client, administrator, grocery
):
    client.force_login(administrator)
    form = client.get(f"{KEYS}new/").content.decode()
    assert moment(timedelta(days=365))[:10] in form
    for expires_at in (moment(timedelta(days=367)), moment(-timedelta(minutes=5))):
        response = issue_through_the_form(client, grocery, expires_at=expires_at)
        assert response.status_code == 200
        assert response.context["form"].errors["expires_at"]
    assert not ApiKey.objects.exists()


def test_editing_a_key_changes_its_name_and_expiry_but_never_its_program(
    client, administrator, grocery, bike
):
    key, _ = issue(grocery)
    client.force_login(administrator)
    response = client.post(
        f"{KEYS}edit/{key.pk}/",
        {
            "program": bike.pk,
            "name": "Renamed",
            "expires_at": moment(timedelta(days=200)),
        },
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.name == "Renamed"
    assert key.program == grocery
    assert key.expires_at > timezone.now() + timedelta(days=199)


def test_an_expired_key_can_be_renamed_without_moving_its_expiry(
    client, administrator, grocery
):
    key, _ = issue(grocery)
    ApiKey.objects.filter(pk=key.pk).update(
        expires_at=timezone.now() - timedelta(days=3)
    )
    key.refresh_from_db()
    client.force_login(administrator)
    response = client.post(
        f"{KEYS}edit/{key.pk}/",
        {
            "name": "Old vendor",
            "expires_at": timezone.localtime(key.expires_at).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302
    assert ApiKey.objects.get(pk=key.pk).name == "Old vendor"


def test_revoking_asks_first_then_refuses_the_key_and_twice_is_harmless(
    client, administrator, grocery
):
    key, text = issue(grocery)
    client.force_login(administrator)
    confirm = client.get(f"{KEYS}delete/{key.pk}/")
    assert confirm.status_code == 200
    assert "Yes, revoke" in confirm.content.decode()
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None

    assert client.post(f"{KEYS}delete/{key.pk}/").status_code == 302
    revoked_at = ApiKey.objects.get(pk=key.pk).revoked_at
    assert revoked_at is not None
    assert client.post(f"{KEYS}delete/{key.pk}/").status_code == 302
    assert ApiKey.objects.get(pk=key.pk).revoked_at == revoked_at
    assert (
        ModelLogEntry.objects.filter(
            object_id=str(key.pk), action="api.revoke_key"
        ).count()
        == 1
    )
    assert call(client, PROGRAM, text).status_code == 401


def test_verification_staff_can_neither_see_issue_nor_revoke_keys(
    client, verification_staff, grocery
):
    key, text = issue(grocery)
    client.force_login(verification_staff)
    for url in (KEYS, f"{KEYS}new/", f"{KEYS}inspect/{key.pk}/"):
        assert client.get(url).status_code in REFUSED
    assert issue_through_the_form(client, grocery).status_code in REFUSED
    assert client.post(f"{KEYS}delete/{key.pk}/").status_code in REFUSED
    assert ApiKey.objects.count() == 1
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None


def test_a_user_with_the_add_permission_may_issue_keys(client, grocery):
    from django.contrib.auth.models import Permission

    user = make_applicant("issuer@example.com", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_apikey"),
    )
    client.force_login(user)
    assert client.get(KEYS).status_code == 200
    assert issue_through_the_form(client, grocery).status_code == 302
    assert ApiKey.objects.get().created_by == user


def test_the_listing_and_the_keys_page_show_status_and_recent_uses(
    client, administrator, grocery, bike
):
    used, text = issue(grocery, name="Grocery vendor")
    revoked, _ = issue(bike, name="Bike vendor")
    revoked.revoke()
    call(client, PROGRAM, text)
    client.force_login(administrator)

    listing = client.get(KEYS).content.decode()
    for expected in ("Grocery vendor", used.prefix, "Active", "Bike vendor", "Revoked"):
        assert expected in listing
    assert KEYS in client.get("/admin/").content.decode()  # in the Settings menu

    page = client.get(f"{KEYS}inspect/{used.pk}/").content.decode()
    assert "Recent uses" in page and PROGRAM in page and "200" in page
    assert used.key_hash not in page


def test_wagtails_admin_api_still_answers_the_signed_in_editor(
    client, administrator, demo_content
):
    client.force_login(administrator)
    root = Page.get_first_root_node()
    response = client.get("/admin/api/main/pages/", {"child_of": root.pk})
    assert response.status_code == 200
    assert response.json()["items"]
    assert client.get("/admin/api/main/pages/").status_code == 200
    client.logout()
    assert client.get("/admin/api/main/pages/").status_code in (302, 401, 403)
