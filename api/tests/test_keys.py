"""API keys: kept only as a hash, sent only in the Authorization header, refused with
a 401 that says why once expired or revoked, counted per key, logged on use and
never written to a log."""

import hashlib
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from api.authentication import REFUSED_KEYS
from api.models import ApiKey, ApiKeyUse

from .conftest import ENROLLMENTS, PROGRAM, call, issue

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_as_the_hash_of_its_secret_and_never_as_text(grocery):
    key, text = issue(grocery)
    start, prefix, secret = text.split("_")
    assert (start, prefix) == ("gyp", key.prefix)
    assert len(secret) == 64
    row = ApiKey.objects.filter(pk=key.pk).values().get()
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in str(value) for value in row.values())
    assert not any(text in str(value) for value in row.values())


def test_two_keys_never_share_a_prefix_or_a_secret(grocery):
    (first, first_text), (second, second_text) = issue(grocery), issue(grocery)
    assert first.prefix != second.prefix
    assert first_text.split("_")[2] != second_text.split("_")[2]


def test_a_valid_key_reads_its_program(client, grocery):
    _, text = issue(grocery)
    response = call(client, PROGRAM, text)
    assert response.status_code == 200
    assert response.json() == {
        "id": grocery.pk,
        "slug": "grocery-tax-rebate",
        "title": grocery.title,
    }


@pytest.mark.parametrize(
    "header, message",
    [
        (None, "not provided"),
        ("Bearer", "Malformed"),
        ("Bearer gyp_abc", "Malformed"),
        ("Bearer gyp_0123abcd_" + "0" * 64, "Unknown"),
        ("Bearer one two", "Malformed"),
    ],
)
def test_a_missing_malformed_or_unknown_key_is_a_401_that_says_so(
    client, grocery, header, message
):
    issue(grocery)
    headers = {"Authorization": header} if header else {}
    response = client.get(ENROLLMENTS, headers=headers)
    assert response.status_code == 401
    assert message in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_key_with_a_wrong_secret_is_unknown(client, grocery):
    key, text = issue(grocery)
    wrong = f"gyp_{key.prefix}_{'f' * 64}"
    assert wrong != text
    response = call(client, PROGRAM, wrong)
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown API key."


def test_a_key_in_the_address_is_not_read(client, grocery):
    _, text = issue(grocery)
    for name in ("key", "api_key", "token", "access_token"):
        assert client.get(PROGRAM, {name: text}).status_code == 401


def test_a_session_does_not_stand_in_for_a_key(client, grocery, administrator):
    client.force_login(administrator)
    assert client.get(PROGRAM).status_code == 401


def test_an_expired_key_is_refused(client, grocery):
    key, text = issue(grocery)
    assert call(client, PROGRAM, text).status_code == 200
    ApiKey.objects.filter(pk=key.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = call(client, PROGRAM, text)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_revoked_key_is_refused_and_revoking_again_changes_nothing(client, grocery):
    key, text = issue(grocery)
    assert key.revoke() is True
    revoked_at = ApiKey.objects.get(pk=key.pk).revoked_at
    assert key.revoke() is False
    assert ApiKey.objects.get(pk=key.pk).revoked_at == revoked_at
    response = call(client, ENROLLMENTS, text)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_each_use_is_logged_with_its_path_and_status_and_marks_the_key_used(
    client, grocery
):
    key, text = issue(grocery)
    assert key.last_used_at is None
    call(client, ENROLLMENTS, text, updated_since="2020-01-01T00:00:00Z")
    call(client, ENROLLMENTS, text, updated_since="not a date")
    uses = list(ApiKeyUse.objects.filter(key=key).order_by("pk"))
    assert [(use.path, use.status) for use in uses] == [
        (ENROLLMENTS, 200),
        (ENROLLMENTS, 400),
    ]
    assert ApiKey.objects.get(pk=key.pk).last_used_at == uses[-1].used_at


def test_refused_requests_are_not_logged_as_a_keys_use(client, grocery):
    key, text = issue(grocery)
    key.revoke()
    call(client, ENROLLMENTS, text)
    assert not ApiKeyUse.objects.exists()
    assert ApiKey.objects.get(pk=key.pk).last_used_at is None


def test_over_the_rate_limit_a_key_gets_429_and_other_keys_do_not(
    client, grocery, settings
):
    settings.PARTNER_API_RATE = "3/minute"
    key, text = issue(grocery)
    _, other_text = issue(grocery)
    assert [call(client, PROGRAM, text).status_code for _ in range(3)] == [200] * 3
    refused = call(client, PROGRAM, text)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert call(client, PROGRAM, other_text).status_code == 200
    assert ApiKeyUse.objects.filter(key=key).first().status == 429  # newest first


def test_the_key_is_never_written_to_a_log(client, grocery, caplog, settings):
    settings.PARTNER_API_RATE = "2/minute"
    key, text = issue(grocery)
    _, revoked_text = issue(grocery)
    ApiKey.objects.exclude(pk=key.pk).get().revoke()
    with caplog.at_level(logging.DEBUG):
        for _ in range(3):  # 200, 200, 429
            call(client, ENROLLMENTS, text, updated_since="2020-01-01")
        call(client, ENROLLMENTS, text, updated_since="nonsense")
        call(client, ENROLLMENTS, revoked_text)
        call(client, ENROLLMENTS, text + "x")
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    assert "Unauthorized" in logged or "Too Many Requests" in logged
    for secret in (text, revoked_text):
        assert secret.split("_")[2] not in logged
    assert text.split("_")[2] not in "".join(
        ApiKeyUse.objects.values_list("path", flat=True)
    )


def test_too_many_refused_keys_from_one_address_are_slowed_down(client, grocery):
    _key, text = issue(grocery)
    wrong = {"Authorization": "Bearer gyp_00000000_" + "0" * 64}
    for _ in range(REFUSED_KEYS.hits):
        assert client.get(ENROLLMENTS, headers=wrong).status_code == 401

    refused = client.get(ENROLLMENTS, headers=wrong)
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # Another address is not slowed down, nor is a valid key (it is counted apart).
    other = client.get(ENROLLMENTS, headers=wrong, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 401
    good = client.get(ENROLLMENTS, headers={"Authorization": f"Bearer {text}"})
    assert good.status_code == 200
