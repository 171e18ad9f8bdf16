"""Announcements: who each audience is on a known set of households, every message
in the recipient's language on the channels they chose (never a letter), sent once,
within the daily limit, and the staff pages and who may use them."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications import audit, state_machine
from applications.announcements.daily_limit import SENDING_TIME
from applications.announcements.recipients import reach, recipients
from applications.announcements.sending import send_announcement, start_sending
from applications.models import (
    Announcement,
    Household,
    Notification,
    ProgramApplication,
    ProgramCoordinator,
)
from applications.notifications import sweep
from applications.notifications.senders import MemorySmsSender
from applications.tests.conftest import make_applicant, make_household
from applications.tests.test_caseworker import staff
from portal import roles
from programs.eligibility import HouseholdFacts, check_eligibility
from programs.models import ProgramPage

pytestmark = pytest.mark.django_db

Status = ProgramApplication.Status


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    MemorySmsSender.outbox.clear()
    yield
    MemorySmsSender.outbox.clear()


@pytest.fixture
def programs(demo_content):
    canonical = ProgramPage.objects.canonical()
    return (
        canonical.get(slug="grocery-tax-rebate"),
        canonical.get(slug="bike-share-membership"),
    )


@pytest.fixture
def caseworker(demo_content):
    return staff("casey@example.com", roles.VERIFICATION_STAFF)


def household(email, *, language="en", by_email=True, by_sms=False, **user_fields):
    """A household with an account that chose these channels (no answers)."""
    user = make_applicant(
        email,
        preferred_language=language,
        contact_by_email=by_email,
        contact_by_sms=by_sms,
        phone_number="+19702216600" if by_sms else "",
        **user_fields,
    )
    return Household.objects.create(
        user=user, review_status=Household.ReviewStatus.VERIFIED
    )


def applied(program, *households, status=Status.APPLIED):
    for each in households:
        ProgramApplication.objects.create(
            household=each, program=program, status=status
        )
    return households


def announcement(program, audience=Announcement.Audience.APPLIED, **fields):
    fields = {
        "subject": "Bike lanes open",
        "body": "The new bike lanes open on Monday.",
        "subject_es": "Carriles para bicicletas abiertos",
        "body_es": "Los nuevos carriles para bicicletas abren el lunes.",
        **fields,
    }
    return Announcement.objects.create(program=program, audience=audience, **fields)


def sent(item, user):
    assert start_sending(item, user)
    item.refresh_from_db()
    return item


def announcement_messages():
    return Notification.objects.filter(event="announcement")


def announcement_emails():
    return [m for m in mail.outbox if "bike lanes" in m.body.lower() + m.subject]


# Who the audience is -------------------------------------------------------------


def test_applied_audience_is_households_applied_or_enrolled(programs):
    grocery, bike = programs
    waiting, enrolled, withdrawn, expired, refused, other, closed = (
        household(f"{name}@example.com")
        for name in (
            "waiting",
            "enrolled",
            "withdrawn",
            "expired",
            "refused",
            "other",
            "closed",
        )
    )
    applied(grocery, waiting)
    applied(grocery, enrolled, status=Status.ENROLLED)
    applied(grocery, withdrawn, status=Status.WITHDRAWN)
    applied(grocery, expired, status=Status.EXPIRED)
    applied(grocery, refused, status=Status.NOT_ENROLLED)
    applied(bike, other)
    applied(grocery, closed)
    closed.user.is_active = False
    closed.user.save()

    found = recipients(announcement(grocery))

    assert [r.household for r in found] == [waiting, enrolled]


def test_eligible_audience_is_submitted_qualifying_households_that_have_not_applied(
    programs, snap, caseworker
):
    grocery, bike = programs
    qualifies = make_household(
        make_applicant("qualifies@example.com"), qualifying=[snap], submit=True
    )
    withdrew = make_household(
        make_applicant("withdrew@example.com"), qualifying=[snap], submit=True
    )
    applied_elsewhere = make_household(
        make_applicant("elsewhere@example.com"), qualifying=[snap], submit=True
    )
    already = make_household(
        make_applicant("already@example.com"), qualifying=[snap], submit=True
    )
    denied = make_household(
        make_applicant("denied@example.com"), qualifying=[snap], submit=True
    )
    draft = make_household(make_applicant("draft@example.com"), qualifying=[snap])
    ineligible = make_household(make_applicant("ineligible@example.com"), submit=True)
    applied(grocery, withdrew, status=Status.WITHDRAWN)
    applied(bike, applied_elsewhere)
    applied(grocery, already)
    state_machine.deny(denied, caseworker, "Lives outside the city")
    # The data set is what the test says: the rule itself decides eligibility.
    for each in (qualifies, denied, draft):
        facts = HouseholdFacts.for_household(each)
        assert check_eligibility(grocery, facts).is_eligible
    facts = HouseholdFacts.for_household(ineligible)
    assert not check_eligibility(grocery, facts).is_eligible

    found = recipients(announcement(grocery, Announcement.Audience.ELIGIBLE))

    assert [r.household for r in found] == [qualifies, withdrew, applied_elsewhere]


def test_each_household_goes_by_its_consented_channels_and_never_by_letter(programs):
    grocery, bike = programs
    email_only = household("email@example.com", by_email=True)
    sms_only = household("sms@example.com", by_email=False, by_sms=True)
    both = household("both@example.com", by_sms=True)
    neither = household("neither@example.com", by_email=False)
    client = Household.objects.create(
        user=get_user_model().objects.create_client(first_name="Rosa")
    )
    applied(grocery, email_only, sms_only, both, neither, client)
    item = announcement(grocery)

    channels = {r.household: set(r.channels) for r in recipients(item)}
    counted = reach(item)

    assert channels == {
        email_only: {"email"},
        sms_only: {"sms"},
        both: {"email", "sms"},
        neither: set(),
        client: set(),
    }
    assert counted.households == 5 and counted.unreachable == 2
    assert counted.by_channel == {"email": 2, "sms": 2}

    sent(item, staff("casey@example.com", roles.VERIFICATION_STAFF))

    messages = set(announcement_messages().values_list("household", "channel"))
    assert messages == {
        (email_only.pk, "email"),
        (sms_only.pk, "sms"),
        (both.pk, "email"),
        (both.pk, "sms"),
    }
    assert not Notification.objects.filter(channel="letter").exists()
    assert {m.to[0] for m in mail.outbox} == {"email@example.com", "both@example.com"}
    assert len(MemorySmsSender.outbox) == 2
    item.refresh_from_db()
    assert item.status == Announcement.Status.SENT and item.recipient_count == 3


# Languages -------------------------------------------------------------------------


def test_each_message_is_in_the_recipients_language(programs, caseworker):
    grocery, bike = programs
    english = household("en@example.com", by_sms=True)
    spanish = household("es@example.com", language="es", by_sms=True)
    applied(grocery, english, spanish)

    sent(announcement(grocery), caseworker)

    emails = {m.to[0]: m for m in mail.outbox}
    assert emails["en@example.com"].subject == "Bike lanes open"
    assert "The new bike lanes open on Monday." in emails["en@example.com"].body
    assert emails["en@example.com"].body.startswith("Hello Ana,")
    assert emails["es@example.com"].subject == "Carriles para bicicletas abiertos"
    spanish_email = emails["es@example.com"]
    assert "Los nuevos carriles para bicicletas abren el lunes." in spanish_email.body
    assert "The new bike lanes" not in spanish_email.body
    assert spanish_email.body.startswith("Hola, Ana:")
    assert "Los nuevos carriles" in spanish_email.alternatives[0][0]
    texts = sorted(sms["body"] for sms in MemorySmsSender.outbox)
    assert texts == [
        "City of Fairview: Los nuevos carriles para bicicletas abren el lunes.",
        "City of Fairview: The new bike lanes open on Monday.",
    ]
    languages = dict(announcement_messages().values_list("recipient", "language"))
    assert languages["es@example.com"] == "es"
    assert languages["en@example.com"] == "en"


def test_a_message_keeps_the_words_not_the_household(programs, caseworker):
    grocery, bike = programs
    applied(grocery, household("en@example.com"))
    item = sent(announcement(grocery), caseworker)

    [message] = announcement_messages()

    assert set(message.context) == {
        "announcement",
        "program",
        "invited",
        "subject",
        "body",
    }
    assert message.context["announcement"] == item.pk


# Sent once -------------------------------------------------------------------------


def test_sending_twice_writes_one_set_of_messages(client, programs, caseworker):
    grocery, bike = programs
    applied(grocery, household("en@example.com", by_sms=True))
    item = announcement(grocery)
    client.force_login(caseworker)
    url = reverse("applications_announcement_send", args=[item.pk])

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == second.status_code == 302
    assert announcement_messages().count() == 2
    assert len(mail.outbox) == 1 and len(MemorySmsSender.outbox) == 1
    assert not start_sending(item, caseworker)
    entries = ModelLogEntry.objects.for_instance(item)
    assert [entry.action for entry in entries] == [audit.SEND_ANNOUNCEMENT.name]


def test_a_task_run_again_writes_nothing_twice(programs, caseworker):
    grocery, bike = programs
    first, second = applied(
        grocery, household("one@example.com"), household("two@example.com")
    )
    item = sent(announcement(grocery), caseworker)
    # As if the worker died after writing, before marking the announcement sent.
    Announcement.objects.filter(pk=item.pk).update(status=Announcement.Status.SENDING)

    send_announcement.call(item.pk)

    assert announcement_messages().count() == 2 and len(mail.outbox) == 2
    for each in (first, second):
        entries = ModelLogEntry.objects.for_instance(each).filter(
            action=audit.ANNOUNCEMENT_RECEIVED.name
        )
        assert entries.count() == 1
        assert entries.get().user == caseworker
    item.refresh_from_db()
    assert item.status == Announcement.Status.SENT and item.recipient_count == 2


# The daily limit -------------------------------------------------------------------


def at_sending_time(days_from_today):
    day = timezone.localdate() + timedelta(days=days_from_today)
    return timezone.make_aware(datetime.combine(day, SENDING_TIME))


def test_messages_past_the_daily_limit_wait_for_the_next_day(
    programs, caseworker, settings
):
    settings.ANNOUNCEMENT_MESSAGES_PER_DAY = 2
    grocery, bike = programs
    applied(grocery, *(household(f"p{n}@example.com") for n in range(3)))
    item = announcement(grocery)
    assert reach(item).days == 2

    sent(item, caseworker)

    assert len(mail.outbox) == 2
    [waiting] = announcement_messages().filter(status=Notification.Status.QUEUED)
    assert waiting.next_attempt_at == at_sending_time(1)
    assert waiting.household.user.email == "p2@example.com"
    sweep()
    sweep(now=at_sending_time(1) - timedelta(minutes=1))
    assert len(mail.outbox) == 2
    sweep(now=at_sending_time(1))
    assert len(mail.outbox) == 3
    waiting.refresh_from_db()
    assert waiting.status == Notification.Status.SENT


def test_the_limit_counts_what_earlier_announcements_placed_on_each_day(
    programs, caseworker, settings
):
    settings.ANNOUNCEMENT_MESSAGES_PER_DAY = 2
    grocery, bike = programs
    applied(grocery, *(household(f"g{n}@example.com") for n in range(3)))
    applied(bike, *(household(f"b{n}@example.com") for n in range(2)))
    sent(announcement(grocery), caseworker)  # two today, one tomorrow

    later = announcement(bike)
    assert reach(later).days == 3  # today is full: one tomorrow, one the day after
    sent(later, caseworker)

    due = sorted(
        announcement_messages()
        .filter(household__user__email__startswith="b")
        .values_list("next_attempt_at", flat=True)
    )
    assert due == [at_sending_time(1), at_sending_time(2)]
    assert len(mail.outbox) == 2


# The staff pages -------------------------------------------------------------------


def test_the_preview_shows_both_languages_and_the_counts(client, programs, caseworker):
    grocery, bike = programs
    applied(
        grocery,
        household("en@example.com", by_sms=True),
        household("es@example.com", language="es"),
        household("none@example.com", by_email=False),
    )
    item = announcement(grocery)
    client.force_login(caseworker)

    response = client.get(reverse("applications_announcement", args=[item.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bike lanes open" in page and "Carriles para bicicletas abiertos" in page
    assert "City of Fairview: The new bike lanes open on Monday." in page
    assert "City of Fairview: Los nuevos carriles" in page
    assert "3 households in this audience." in page
    assert "1 cannot be reached" in page
    assert '<th scope="row">Spanish</th><td>1</td>' in page
    assert '<th scope="row">Email</th><td>2</td>' in page
    assert '<th scope="row">Text message</th><td>1</td>' in page
    assert "sending takes 1 day." in page
    assert "1 segment." in page
    assert (
        'action="{}"'.format(reverse("applications_announcement_send", args=[item.pk]))
        in page
    )
    html = client.get(
        reverse("applications_announcement_email", args=[item.pk, "es"])
    ).content.decode()
    assert "Los nuevos carriles para bicicletas abren el lunes." in html


def test_staff_write_a_draft_in_both_languages(client, programs, caseworker):
    grocery, bike = programs
    client.force_login(caseworker)

    response = client.post(
        reverse("applications_announcement_create"),
        {
            "program": grocery.pk,
            "audience": "eligible",
            "subject": "Apply before June",
            "body": "Applications close in June.",
            "subject_es": "Solicite antes de junio",
            "body_es": "Las solicitudes cierran en junio.",
        },
    )

    item = Announcement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications_announcement", args=[item.pk])
    assert item.created_by == caseworker and item.is_draft
    assert item.audience == Announcement.Audience.ELIGIBLE
    edit = client.get(reverse("applications_announcement_edit", args=[item.pk]))
    assert "Text message in Spanish: 1 segment" in edit.content.decode()


def test_form_errors_are_said_on_the_page(client, programs, caseworker):
    grocery, bike = programs
    client.force_login(caseworker)

    response = client.post(
        reverse("applications_announcement_create"),
        {
            "program": grocery.pk,
            "audience": "applied",
            "subject": "Apply before June",
            "body": "x" * 1600,
            "subject_es": "",
            "body_es": "Las solicitudes cierran en junio.",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The draft was not saved." in page
    assert "This field is required." in page
    assert "text messages take at most 1600" in page
    assert not Announcement.objects.exists()


def test_a_sent_announcement_can_no_longer_be_changed(client, programs, caseworker):
    grocery, bike = programs
    item = sent(announcement(grocery), caseworker)
    client.force_login(caseworker)

    response = client.post(
        reverse("applications_announcement_edit", args=[item.pk]),
        {"subject": "Changed"},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.subject == "Bike lanes open"


def test_a_coordinator_announces_only_to_their_programs(client, programs):
    grocery, bike = programs
    coordinator = staff("coord@example.com", roles.PROGRAM_COORDINATORS)
    ProgramCoordinator.objects.create(user=coordinator).programs.set([bike])
    theirs = announcement(bike, subject="Bike news")
    other = announcement(grocery, subject="Grocery news")
    client.force_login(coordinator)

    listing = client.get(reverse("applications_announcements")).content.decode()
    assert "Bike news" in listing and "Grocery news" not in listing
    for name in ("applications_announcement", "applications_announcement_edit"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 200
    send = reverse("applications_announcement_send", args=[other.pk])
    assert client.post(send).status_code == 404
    other.refresh_from_db()
    assert other.is_draft
    response = client.post(
        reverse("applications_announcement_create"),
        {
            "program": grocery.pk,
            "audience": "applied",
            "subject": "s",
            "body": "b",
            "subject_es": "s",
            "body_es": "b",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert Announcement.objects.count() == 2


@pytest.mark.parametrize("group", [roles.CONTENT_EDITORS, roles.ASSISTERS])
def test_others_may_not_announce(client, programs, group):
    grocery, bike = programs
    item = announcement(grocery)
    client.force_login(staff("other@example.com", group))

    for url in (
        reverse("applications_announcements"),
        reverse("applications_announcement_create"),
        reverse("applications_announcement", args=[item.pk]),
    ):
        assert client.get(url).status_code in {302, 403}
    send = reverse("applications_announcement_send", args=[item.pk])
    assert client.post(send).status_code in {302, 403}
    item.refresh_from_db()
    assert item.is_draft


def test_an_applicant_may_not_announce(client, programs):
    grocery, bike = programs
    item = announcement(grocery)
    client.force_login(household("ana@example.com").user)

    assert client.get(reverse("applications_announcements")).status_code == 302
    send = reverse("applications_announcement_send", args=[item.pk])
    assert client.post(send).status_code == 302
    item.refresh_from_db()
    assert item.is_draft


def test_the_menu_shows_announcements_to_those_who_may_announce(
    client, programs, caseworker
):
    client.force_login(caseworker)
    assert (
        reverse("applications_announcements") in client.get("/admin/").content.decode()
    )
    client.force_login(staff("editor@example.com", roles.CONTENT_EDITORS))
    assert (
        reverse("applications_announcements")
        not in client.get("/admin/").content.decode()
    )
