"""Feedback: sent signed in or not, anonymous unless linked, checked on the server
(rating, comment length), limited per address, stored once per form, CSRF-checked,
never cached; staff read it in the admin with its filters and ratings per month,
and nobody else does; retention clears old comments."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.feedback import figures
from applications.models import Feedback
from applications.reports.figures import Scope
from applications.retention import erase
from applications.tests.conftest import make_applicant, make_household
from applications.tests.test_caseworker import staff
from portal import roles

pytestmark = pytest.mark.django_db

FEEDBACK = "/feedback/"
ADMIN = "/admin/feedback/"
RATINGS = "/admin/feedback/ratings/"
THANKS = "Thank you for your feedback."
RATING_ERROR = "Choose how your experience was, from 1 to 5."


def answers(rating="4", comment="", page="footer", token=None, **extra):
    data = {
        "feedback-rating": rating,
        "feedback-comment": comment,
        "feedback-page": page,
        "feedback-request_token": str(token or uuid.uuid4()),
    }
    return data | {f"feedback-{name}": value for name, value in extra.items()}


@pytest.fixture
def applicant(demo_content):
    return make_household(make_applicant("rosa@example.com"), submit=True)


def signed_in(client, user):
    client.force_login(user)  # with the second factor for staff
    return client


# Sending it ---------------------------------------------------------------------


def test_an_anonymous_visitor_sends_feedback_from_the_footer_page(client, demo_content):
    home = client.get("/").content.decode()
    assert f'href="{FEEDBACK}"' in home  # the footer's link

    page = client.get(FEEDBACK).content.decode()
    assert 'name="feedback-rating"' in page and 'type="radio"' in page
    assert '<legend class="usa-legend">' in page  # a fieldset, not stars
    assert "1 – Very poor" in page and "5 – Very good" in page
    assert "link_to_application" not in page  # nothing to link it to

    response = client.post(FEEDBACK, answers("5", "Clear and quick."), follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert THANKS in response.content.decode()
    [feedback] = Feedback.objects.all()
    assert (feedback.rating, feedback.comment) == (5, "Clear and quick.")
    assert (feedback.page, feedback.language) == ("footer", "en")
    assert feedback.household is None


def test_a_signed_in_applicant_sends_feedback_from_the_dashboard(client, applicant):
    client.force_login(applicant.user)
    page = client.get("/dashboard/").content.decode()
    assert f'action="{FEEDBACK}"' in page
    assert 'name="feedback-page" value="dashboard"' in page
    assert "Link this to my application so staff can follow up" in page
    checkbox = page.split('name="feedback-link_to_application"')[1].split(">")[0]
    assert "checked" not in checkbox  # unchecked until they tick it

    response = client.post(FEEDBACK, answers("2", "Too many steps.", "dashboard"))

    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert THANKS in client.get("/dashboard/").content.decode()
    [feedback] = Feedback.objects.all()
    assert (feedback.rating, feedback.page) == (2, "dashboard")


def test_the_done_page_has_the_form_and_is_sent_back_to(client, applicant):
    client.force_login(applicant.user)
    page = client.get("/apply/done/").content.decode()
    assert 'name="feedback-page" value="done"' in page

    response = client.post(FEEDBACK, answers("5", page="done"))

    assert response["Location"] == "/apply/done/"
    assert Feedback.objects.get().page == "done"


def test_unlinked_feedback_stores_nothing_that_identifies_the_sender(client, applicant):
    client.force_login(applicant.user)
    client.post(
        FEEDBACK,
        answers("3", "Fine.", "dashboard"),
        REMOTE_ADDR="203.0.113.7",
    )

    feedback = Feedback.objects.get()
    assert feedback.household is None
    # No user, address, session or time of day: the table has no place for them.
    assert {field.name for field in Feedback._meta.concrete_fields} == {
        "id",
        "rating",
        "comment",
        "page",
        "language",
        "created_on",
        "household",
        "request_token",
    }
    assert type(feedback.created_on) is date
    stored = " ".join(str(value) for value in vars(feedback).values())
    assert "203.0.113.7" not in stored
    assert client.session.session_key not in stored
    assert applicant.user.email not in stored


def test_feedback_is_linked_when_the_applicant_chooses(client, applicant):
    client.force_login(applicant.user)
    client.post(
        FEEDBACK,
        answers("4", "Call me about my case.", "dashboard", link_to_application="on"),
    )

    assert Feedback.objects.get().household == applicant


def test_an_anonymous_visitor_cannot_link_feedback(client, applicant):
    client.post(FEEDBACK, answers(link_to_application="on"))

    assert Feedback.objects.get().household is None


def test_spanish_feedback_is_kept_as_spanish_and_goes_back_in_spanish(
    client, demo_content
):
    response = client.post("/es/feedback/", answers("5"))

    assert response["Location"] == "/es/"
    assert Feedback.objects.get().language == "es"


# What the server refuses -----------------------------------------------------------


@pytest.mark.parametrize("rating", ["", "0", "6", "five", "4.5"])
def test_a_rating_from_1_to_5_is_required(client, demo_content, rating):
    response = client.post(FEEDBACK, answers(rating, "Kept"))

    assert response.status_code == 200
    page = response.content.decode()
    assert RATING_ERROR in page
    assert 'id="error-summary"' in page
    assert "<title>Error:" in page
    assert "Kept</textarea>" in page  # what they wrote is still there
    assert not Feedback.objects.exists()


def test_a_comment_that_is_too_long_is_refused_with_a_message(client, demo_content):
    assert 'maxlength="1000"' in client.get(FEEDBACK).content.decode()

    response = client.post(FEEDBACK, answers("4", "a" * 1001))

    assert response.status_code == 200
    assert (
        "Keep your comment to 1000 characters or fewer (it has 1001)."
        in response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_line_breaks_count_as_one_character_as_the_browser_counts_them(
    client, demo_content
):
    # A browser's maxlength lets 1,000 characters through and sends each line
    # break as two.
    comment = "a" * 499 + "\r\n" + "b" * 500

    client.post(FEEDBACK, answers("4", comment))

    assert Feedback.objects.get().comment == "a" * 499 + "\n" + "b" * 500


@pytest.mark.parametrize("page", ["https://example.net/", "//example.net", "admin"])
def test_only_a_known_page_is_gone_back_to(client, demo_content, page):
    response = client.post(FEEDBACK, answers(page=page))

    assert response.status_code == 200
    assert "Something went wrong. Please try again." in response.content.decode()
    assert not Feedback.objects.exists()
    # An address the request carries is never followed.
    response = client.post(f"{FEEDBACK}?next=https://example.net/", answers())
    assert response["Location"] == "/"


def test_a_page_that_needs_signing_in_is_not_gone_back_to_signed_out(
    client, demo_content
):
    response = client.post(FEEDBACK, answers(page="dashboard"))

    assert response["Location"] == "/"


def test_sending_the_same_form_twice_stores_one_row(client, demo_content):
    data = answers("5", "Double click")

    first = client.post(FEEDBACK, data)
    second = client.post(FEEDBACK, data)

    assert first.status_code == second.status_code == 302
    assert Feedback.objects.count() == 1


def test_feedback_is_limited_per_address(demo_content):
    # Two browsers on one connection share the count (per address, not account).
    first, second = Client(), Client()
    codes = [
        (first if n % 2 else second).post(FEEDBACK, answers()).status_code
        for n in range(10)
    ]
    assert codes == [302] * 10

    response = second.post(FEEDBACK, answers("4", "Still here"))

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    page = response.content.decode()
    assert "We received a lot of feedback from your connection" in page
    assert "Still here</textarea>" in page
    assert Feedback.objects.count() == 10
    # Another address is not held back.
    assert (
        Client(REMOTE_ADDR="198.51.100.9").post(FEEDBACK, answers()).status_code == 302
    )


def test_feedback_needs_the_csrf_token(demo_content):
    client = Client(enforce_csrf_checks=True)

    assert client.post(FEEDBACK, answers()).status_code == 403
    assert not Feedback.objects.exists()


def test_the_feedback_page_is_never_cached(client, demo_content):
    for response in (client.get(FEEDBACK), client.get(FEEDBACK)):
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "csrfmiddlewaretoken" in response.content.decode()
    # The cached public pages link to it and hold no token of their own.
    client.get("/")
    home = client.get("/")
    assert home["X-Page-Cache"] == "hit"
    assert f'href="{FEEDBACK}"' in home.content.decode()
    assert "csrfmiddlewaretoken" not in home.content.decode()


def test_feedback_is_never_shown_on_a_public_page(client, demo_content):
    client.post(FEEDBACK, answers("1", "Secret words"))

    for path in ("/", FEEDBACK, "/programs/"):
        assert "Secret words" not in Client().get(path).content.decode()


# Staff -------------------------------------------------------------------------


@pytest.fixture
def known_feedback(applicant):
    """Seven ratings over January to March 2026, one linked."""
    rows = [
        (date(2026, 1, 5), 5, "dashboard", "en", "Great", None),
        (date(2026, 1, 20), 3, "done", "es", "Regular", None),
        (date(2026, 1, 31), 4, "footer", "en", "", None),
        (date(2026, 2, 2), 1, "dashboard", "en", "Could not upload", applicant),
        (date(2026, 2, 14), 2, "footer", "es", "Confuso", None),
        (date(2026, 3, 30), 5, "done", "en", "Fast", None),
        # Outside the dates.
        (date(2025, 12, 31), 1, "footer", "en", "Last year", None),
    ]
    for created_on, rating, page, language, comment, household in rows:
        Feedback.objects.create(
            created_on=created_on,
            rating=rating,
            page=page,
            language=language,
            comment=comment,
            household=household,
            request_token=uuid.uuid4(),
        )
    return applicant


def listed(client, **filters):
    response = client.get(ADMIN, filters)
    assert response.status_code == 200
    page = response.content.decode()
    return {
        comment
        for comment in [
            "Great",
            "Regular",
            "Could not upload",
            "Confuso",
            "Fast",
            "Last year",
        ]
        if comment in page
    }


def test_verification_staff_read_feedback_with_filters(client, known_feedback):
    signed_in(client, staff("casey@example.com", roles.VERIFICATION_STAFF))
    assert f'"{ADMIN}"' in client.get("/admin/").content.decode()  # the menu

    assert len(listed(client)) == 6
    assert listed(client, rating="5") == {"Great", "Fast"}
    assert listed(client, page="footer") == {"Confuso", "Last year"}
    assert listed(client, language="es") == {"Regular", "Confuso"}
    assert listed(client, linked="true") == {"Could not upload"}
    assert "Could not upload" not in listed(client, linked="false")
    assert listed(client, created_on_from="2026-02-01", created_on_to="2026-03-01") == {
        "Could not upload",
        "Confuso",
    }
    assert listed(client, rating="1", page="dashboard") == {"Could not upload"}


def test_a_linked_feedback_links_to_its_household_for_staff_who_may_open_it(
    client, known_feedback
):
    household_page = reverse(
        "applications_household_modeladmin_inspect", args=[known_feedback.pk]
    )
    linked = Feedback.objects.get(household=known_feedback)
    signed_in(client, staff("casey@example.com", roles.VERIFICATION_STAFF))
    assert household_page in client.get(ADMIN).content.decode()
    inspect = client.get(f"{ADMIN}inspect/{linked.pk}/").content.decode()
    assert household_page in inspect and "Could not upload" in inspect

    # Someone allowed feedback but not households sees only that it is linked.
    readers = Group.objects.create(name="Feedback readers")
    readers.permissions.add(
        Permission.objects.get(codename="view_feedback"),
        Permission.objects.get(codename="access_admin"),
    )
    reader = staff("reader@example.com")
    reader.groups.add(readers)
    signed_in(client, reader)
    page = client.get(ADMIN).content.decode()
    assert "Could not upload" in page
    assert re.search(r"<td[^>]*>\s*Linked\s*</td>", page)
    assert household_page not in page


def test_ratings_per_month_on_a_known_set(known_feedback):
    averages, levels = figures.rating_reports(
        Scope(date(2026, 1, 1), date(2026, 3, 31))
    )

    assert averages.rows == [
        ["2026-01", 3, 4.0],
        ["2026-02", 2, 1.5],
        ["2026-03", 1, 5.0],
        ["All", 6, 3.33],
    ]
    assert levels.rows == [
        ["2026-01", 0, 0, 1, 1, 1],
        ["2026-02", 1, 1, 0, 0, 0],
        ["2026-03", 0, 0, 0, 0, 1],
        ["All", 1, 1, 1, 1, 2],
    ]
    # A month with nothing sent has no average (a gap in the line, "–" in the table).
    [february] = figures.rating_reports(
        Scope(date(2026, 2, 1), date(2026, 2, 28)), page="done"
    )[0].rows[:1]
    assert february == ["2026-02", 0, None]
    spanish, _ = figures.rating_reports(
        Scope(date(2026, 1, 1), date(2026, 3, 31)), language="es"
    )
    assert spanish.rows[-1] == ["All", 2, 2.5]
    assert averages.chart_data()["labels"] == ["2026-01", "2026-02", "2026-03"]
    assert averages.chart_data()["series"][0]["values"] == [4.0, 1.5, 5.0]


def test_the_ratings_page_shows_the_tables_and_charts(client, known_feedback):
    signed_in(client, staff("casey@example.com", roles.VERIFICATION_STAFF))
    assert f'href="{RATINGS}"' in client.get(ADMIN).content.decode()

    response = client.get(
        RATINGS, {"start": "2026-01-01", "end": "2026-03-31", "language": "es"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-report-chart="average-rating-data"' in page
    assert 'id="ratings-by-level-data"' in page
    assert "js/reports.js" in page
    assert "<td>2.5</td>" in page  # Spanish only: (3 + 2) / 2
    bad = client.get(RATINGS, {"start": "2026-03-01", "end": "2026-01-01"})
    assert bad.status_code == 200
    assert "The end date must be on or after the start date." in bad.content.decode()


def test_feedback_is_read_only_in_the_admin(client, known_feedback):
    feedback = Feedback.objects.first()
    for user in (
        staff("casey@example.com", roles.VERIFICATION_STAFF),
        staff("root@example.com", is_superuser=True),
    ):
        signed_in(client, user)
        assert client.get(f"{ADMIN}new/").status_code in {302, 403}
        response = client.get(f"{ADMIN}edit/{feedback.pk}/")
        assert response.status_code in {302, 403}
        assert f"{ADMIN}edit/" not in client.get(ADMIN).content.decode()
    # Verification staff cannot delete; an administrator can.
    signed_in(client, staff("casey2@example.com", roles.VERIFICATION_STAFF))
    assert client.post(f"{ADMIN}delete/{feedback.pk}/").status_code in {302, 403}
    assert Feedback.objects.filter(pk=feedback.pk).exists()
    signed_in(client, staff("root2@example.com", is_superuser=True))
    client.post(f"{ADMIN}delete/{feedback.pk}/")
    assert not Feedback.objects.filter(pk=feedback.pk).exists()


@pytest.mark.parametrize(
    "group", [roles.CONTENT_EDITORS, roles.PROGRAM_COORDINATORS, roles.ASSISTERS]
)
def test_other_staff_may_not_read_feedback(client, known_feedback, group):
    signed_in(client, staff("other@example.com", group))

    for path in (ADMIN, RATINGS, f"{ADMIN}inspect/{Feedback.objects.first().pk}/"):
        response = client.get(path)
        assert response.status_code in {302, 403}, path
        assert "Could not upload" not in response.content.decode()
    assert f'"{ADMIN}"' not in client.get("/admin/").content.decode()  # the menu


def test_applicants_and_anonymous_visitors_may_not_read_feedback(
    client, known_feedback
):
    for path in (ADMIN, RATINGS):
        assert client.get(path).status_code == 302
    client.force_login(known_feedback.user)
    for path in (ADMIN, RATINGS):
        response = client.get(path)
        assert response.status_code in {302, 403}
        assert "Could not upload" not in response.content.decode()


def test_the_listing_stays_flat_as_feedback_grows(client, known_feedback):
    from portal.tests.test_query_budgets import CASEWORK_BUDGET, queries

    signed_in(client, staff("casey@example.com", roles.VERIFICATION_STAFF))
    few = queries(client, ADMIN)
    for number in range(40):
        Feedback.objects.create(
            rating=1 + number % 5,
            comment=f"Comment {number}",
            page="footer",
            language="en",
            household=known_feedback if number % 2 else None,
            request_token=uuid.uuid4(),
        )
    many = queries(client, ADMIN)
    assert many <= few <= CASEWORK_BUDGET


# Retention ---------------------------------------------------------------------


def test_retention_clears_old_comments_and_links_and_keeps_the_ratings(
    known_feedback,
):
    today = timezone.localdate()
    old = Feedback.objects.create(
        created_on=today - timedelta(days=366),
        rating=2,
        comment="My name is Rosa",
        page="footer",
        language="en",
        household=known_feedback,
        request_token=uuid.uuid4(),
    )
    recent = Feedback.objects.create(
        created_on=today - timedelta(days=30),
        rating=4,
        comment="Recent",
        page="footer",
        language="en",
        household=known_feedback,
        request_token=uuid.uuid4(),
    )

    erase.run()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.rating, old.comment, old.household) == (2, "", None)
    assert (recent.comment, recent.household) == ("Recent", known_feedback)


def test_deleting_an_account_clears_its_linked_feedback(client, known_feedback):
    linked = Feedback.objects.get(household=known_feedback)

    erase.delete_account(known_feedback.user)

    linked.refresh_from_db()
    assert (linked.rating, linked.comment, linked.household) == (1, "", None)
