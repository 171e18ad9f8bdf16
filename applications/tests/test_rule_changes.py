"""Rule changes: the impact preview's counts, the approval they wait for, and what
publishing one does to households."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from applications import state_machine
from applications.models import (
    Household,
    Notification,
    ProgramApplication,
    ProgramCoordinator,
    RuleChange,
)
from applications.rule_changes import effects
from applications.rule_changes.impact import preview_for
from applications.tests.conftest import make_applicant, make_household
from portal import roles
from programs.models import ProgramPage, QualifyingProgram, ServiceArea

Status = ProgramApplication.Status


def qualifying(name):
    return QualifyingProgram.objects.get(name=name)


def program(slug):
    return ProgramPage.objects.canonical().get(slug=slug)


def staff(email, group=None, **fields):
    user = get_user_model().objects.create_user(
        email=email, password="x", is_staff=True, **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def households(caseworker):
    """Six households and the Grocery Tax Rebate (enrollment road, 60% of AMI, City
    limits: 80521 80524 80525 80526 80528) as each stands today:

    - snap_submitted: SNAP (30%), 80521, submitted: qualifies;
    - meals_submitted: school meals (80%), 80521, submitted: does not;
    - medicaid_verified: Medicaid (60%), 80525, verified: qualifies;
    - snap_enrolled: SNAP, 80528 (not in the utility area), enrolled in it;
    - snap_draft_outside: SNAP, 80999 (outside the city), a draft: does not;
    - denied: SNAP, 80521, denied (never counted).
    """
    grocery = program("grocery-tax-rebate")

    def verify(household):
        state_machine.verify(household, caseworker)
        return Household.objects.get(pk=household.pk)

    made = {
        "snap_submitted": make_household(
            make_applicant("a@example.com"),
            qualifying=[qualifying("SNAP")],
            submit=True,
        ),
        "meals_submitted": make_household(
            make_applicant("b@example.com"),
            qualifying=[qualifying("Free or reduced-price school meals")],
            submit=True,
        ),
        "medicaid_verified": verify(
            make_household(
                make_applicant("c@example.com"),
                zip_code="80525",
                qualifying=[qualifying("Medicaid")],
                submit=True,
            )
        ),
        "snap_enrolled": verify(
            make_household(
                make_applicant("d@example.com"),
                zip_code="80528",
                qualifying=[qualifying("SNAP")],
                submit=True,
            )
        ),
        "snap_draft_outside": make_household(
            make_applicant("e@example.com"),
            zip_code="80999",
            qualifying=[qualifying("SNAP")],
        ),
        "denied": make_household(
            make_applicant("f@example.com"),
            qualifying=[qualifying("SNAP")],
            submit=True,
        ),
    }
    state_machine.deny(made["denied"], caseworker, "Not a resident.")
    application = state_machine.apply(made["snap_enrolled"], grocery)
    state_machine.enroll(application, caseworker)
    return made


def save_draft(page, **rules):
    """Save a draft of the page with these rule values (service_areas: names)."""
    page = ProgramPage.objects.get(pk=page.pk)
    areas = rules.pop("service_areas", None)
    for name, value in rules.items():
        setattr(page, name, value)
    if areas is not None:
        page.service_areas = list(ServiceArea.objects.filter(name__in=areas))
    return page.save_revision()


def counted(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change = preview_for(ProgramPage.objects.get(pk=page.pk))
    change.refresh_from_db()
    assert change.status == RuleChange.Status.DONE
    return change


def cases(rows):
    return sorted(case for case, _where in rows)


def test_raising_the_limit_counts_who_gains(
    households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    save_draft(grocery, income_limit_ami=80)
    change = counted(grocery, django_capture_on_commit_callbacks)
    assert change.counts["gain"] == {
        "draft": 0,
        "submitted": 1,
        "verified": 0,
        "enrolled": 0,
    }
    assert sum(change.counts["lose"].values()) == 0
    assert cases(change.gained) == [households["meals_submitted"].pk]
    # Five households are counted: the denied one cannot gain anything.
    assert change.households_total == change.households_done == 5


def test_lowering_the_limit_counts_who_loses_by_status(
    households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    save_draft(grocery, income_limit_ami=50)
    change = counted(grocery, django_capture_on_commit_callbacks)
    assert change.counts["lose"] == {
        "draft": 0,
        "submitted": 0,
        "verified": 1,
        "enrolled": 0,
    }
    assert cases(change.lost) == [households["medicaid_verified"].pk]
    assert sum(change.counts["gain"].values()) == 0


def test_adding_an_area_counts_who_falls_outside_it(
    households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    save_draft(grocery, service_areas=["City limits", "City utility service area"])
    change = counted(grocery, django_capture_on_commit_callbacks)
    # 80528 is in the city but not in the utility's area.
    assert change.counts["lose"]["enrolled"] == 1
    assert cases(change.lost) == [households["snap_enrolled"].pk]
    assert sum(change.counts["gain"].values()) == 0


def test_removing_the_area_counts_who_gains_anywhere(
    households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    save_draft(grocery, service_areas=[])
    change = counted(grocery, django_capture_on_commit_callbacks)
    assert change.counts["gain"] == {
        "draft": 1,
        "submitted": 0,
        "verified": 0,
        "enrolled": 0,
    }
    assert cases(change.gained) == [households["snap_draft_outside"].pk]


def test_a_copy_edit_has_no_preview_and_a_second_look_reuses_the_count(
    households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    page = ProgramPage.objects.get(pk=grocery.pk)
    page.summary = "A new summary."
    page.save_revision()
    assert preview_for(ProgramPage.objects.get(pk=grocery.pk)) is None
    save_draft(grocery, income_limit_ami=80)
    first = counted(grocery, django_capture_on_commit_callbacks)
    assert counted(grocery, django_capture_on_commit_callbacks).pk == first.pk
    assert RuleChange.objects.filter(published_at__isnull=True).count() == 1


def test_the_preview_shows_editors_counts_and_staff_the_households(
    client, households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    save_draft(grocery, income_limit_ami=80)
    change = counted(grocery, django_capture_on_commit_callbacks)
    name = str(households["meals_submitted"])

    editor = staff("emery@example.com", roles.CONTENT_EDITORS)
    client.force_login(editor)
    page = client.get(reverse("applications_rule_change", args=[change.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Income limit (% of AMI)" in text and "80%" in text
    assert "Submitted, waiting for verification" in text
    assert name not in text and "b@example.com" not in text
    assert "See the households" not in text
    editor_page = client.get(f"/admin/pages/{grocery.pk}/edit/").content.decode()
    assert "Households that gain and lose eligibility" in editor_page
    assert name not in editor_page
    households_url = reverse("applications_rule_change_households", args=[change.pk])
    refused = client.get(households_url)
    # The admin answers a refusal with a redirect to its home and a message.
    assert refused.status_code in (302, 403) and name not in refused.content.decode()

    client.force_login(staff("casey2@example.com", roles.VERIFICATION_STAFF))
    listing = client.get(households_url)
    assert listing.status_code == 200
    assert name in listing.content.decode()

    client.force_login(households["snap_submitted"].user)
    assert client.get(households_url).status_code in (302, 403)


def test_progress_is_reported_while_counting(
    client, households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    save_draft(grocery, income_limit_ami=80)
    # Queued but not counted yet (the callbacks are not run).
    with django_capture_on_commit_callbacks(execute=False):
        change = preview_for(ProgramPage.objects.get(pk=grocery.pk))
    client.force_login(staff("emery@example.com", roles.CONTENT_EDITORS))
    url = reverse("applications_rule_change_progress", args=[change.pk])
    waiting = client.get(url).json()
    assert waiting["status"] == "queued" and "html" not in waiting
    editor_page = client.get(f"/admin/pages/{grocery.pk}/edit/").content.decode()
    assert "<progress" in editor_page and "rule_change_progress" in editor_page

    from applications.rule_changes.impact import count_impact

    count_impact.call(change.pk)
    done = client.get(url).json()
    assert done["status"] == "done" and done["done"] == done["total"] == 5
    assert "Households that gain and lose eligibility" in done["html"]


# The approval workflow -------------------------------------------------------------


def edit_data(page, **changes):
    """What the page editor posts for this page, with `changes`."""
    values = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "category": page.category,
        "benefit": rich_text(page.benefit),
        "body": streamfield([]),
        "eligibility_copy": rich_text(page.eligibility_copy),
        "how_to_apply": rich_text(page.how_to_apply),
        "is_accepting_applications": page.is_accepting_applications,
        "eligibility_road": page.eligibility_road,
        "income_limit_ami": page.income_limit_ami,
        "income_table": page.income_table_id or "",
        "income_level": page.income_level or "",
        "service_areas": [area.pk for area in page.service_areas.all()],
        "enrollment_mode": page.enrollment_mode,
        "external_application_url": page.external_application_url,
        "renewal_interval_months": page.renewal_interval_months or "",
        "estimated_review_days": page.estimated_review_days or "",
        "vendor_privacy_notice": rich_text(page.vendor_privacy_notice),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    values.update(changes)
    if not values["is_accepting_applications"]:
        del values["is_accepting_applications"]
    areas = values.pop("service_areas")
    # A list is a formset to nested_form_data; checkboxes post the name repeated.
    return {**nested_form_data(values), "service_areas": areas}


def test_an_editor_publishing_a_rule_change_saves_a_draft_that_waits(
    client, households
):
    grocery = program("grocery-tax-rebate")
    editor = staff("emery@example.com", roles.CONTENT_EDITORS)
    client.force_login(editor)
    url = f"/admin/pages/{grocery.pk}/edit/"
    response = client.post(
        url, {**edit_data(grocery, income_limit_ami=50), "action-publish": "1"}
    )
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "a program approver must approve them" in page
    grocery.refresh_from_db()
    assert grocery.income_limit_ami == 60  # still live as it was
    assert grocery.has_unpublished_changes
    assert grocery.get_latest_revision().content["income_limit_ami"] == 50


def test_a_copy_edit_publishes_at_once(client, households):
    grocery = program("grocery-tax-rebate")
    client.force_login(staff("emery@example.com", roles.CONTENT_EDITORS))
    response = client.post(
        f"/admin/pages/{grocery.pk}/edit/",
        {
            **edit_data(grocery, summary="Cash back on groceries."),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    grocery.refresh_from_db()
    assert grocery.summary == "Cash back on groceries."
    assert not grocery.has_unpublished_changes


def submit_for_approval(client, page, user, **changes):
    client.force_login(user)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {**edit_data(page, **changes), "action-submit": "1"},
    )
    assert response.status_code == 302
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk),
        status=TaskState.STATUS_IN_PROGRESS,
    )


def approve_url(page, task_state):
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", task_state.pk],
    )


def test_an_approver_sees_the_impact_and_publishes(
    client, households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    editor = staff("emery@example.com", roles.CONTENT_EDITORS)
    with django_capture_on_commit_callbacks(execute=True):
        task_state = submit_for_approval(client, grocery, editor, income_limit_ami=80)
    assert task_state.task.specific.groups.filter(name=roles.PROGRAM_APPROVERS).exists()

    # The editor cannot approve their own change (the admin redirects a refusal).
    assert client.get(approve_url(grocery, task_state)).status_code in (302, 403)

    approver = staff("april@example.com", roles.PROGRAM_APPROVERS)
    client.force_login(approver)
    dialog = client.get(approve_url(grocery, task_state))
    assert dialog.status_code == 200
    html = json.loads(dialog.content)["html"]
    assert "Households that gain and lose eligibility" in html
    assert "Income limit (% of AMI)" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve_url(grocery, task_state), {"comment": ""})
    grocery.refresh_from_db()
    assert grocery.income_limit_ami == 80
    assert not grocery.has_unpublished_changes
    assert (
        WorkflowState.objects.get(pk=task_state.workflow_state_id).status
        == WorkflowState.STATUS_APPROVED
    )
    change = RuleChange.objects.filter(
        program_id=grocery.pk, published_at__isnull=False
    ).latest("published_at")
    assert change.published_by == approver
    assert change.effects_done_at is not None


def test_an_approver_cannot_approve_their_own_change(client, households):
    grocery = program("grocery-tax-rebate")
    approver = staff("april@example.com", roles.PROGRAM_APPROVERS)
    approver.groups.add(Group.objects.get(name=roles.CONTENT_EDITORS))
    task_state = submit_for_approval(client, grocery, approver, income_limit_ami=80)
    assert client.get(approve_url(grocery, task_state)).status_code in (302, 403)
    assert client.post(approve_url(grocery, task_state), {}).status_code in (302, 403)
    grocery.refresh_from_db()
    assert grocery.income_limit_ami == 60


def test_bulk_publishing_does_not_carry_a_rule_change(client, households):
    grocery = program("grocery-tax-rebate")
    save_draft(grocery, income_limit_ami=50)
    client.force_login(staff("emery@example.com", roles.CONTENT_EDITORS))
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={grocery.pk}&next=/admin/pages/"
    )
    client.post(url, {})
    grocery.refresh_from_db()
    assert grocery.income_limit_ami == 60
    assert grocery.has_unpublished_changes


# Publishing ------------------------------------------------------------------------


def publish(page, django_capture_on_commit_callbacks, **rules):
    revision = save_draft(page, **rules)
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    return RuleChange.objects.get(revision=revision, published_at__isnull=False)


def test_publishing_applies_for_households_that_now_qualify_and_tells_them(
    households, django_capture_on_commit_callbacks
):
    recreation = program("recreation-fee-reduction")  # automatic, 60%, City limits
    meals = households["meals_submitted"]
    assert not meals.program_applications.filter(program=recreation).exists()
    mail.outbox.clear()

    change = publish(
        recreation, django_capture_on_commit_callbacks, income_limit_ami=80
    )

    application = meals.program_applications.get(program=recreation)
    assert application.status == Status.APPLIED
    assert change.applied_count == 1
    message = Notification.objects.get(
        household=meals, event="applied_by_rule_change", channel="email"
    )
    assert message.status == Notification.Status.SENT
    assert any(
        "Recreation Fee Reduction" in sent.subject and sent.to == ["b@example.com"]
        for sent in mail.outbox
    )
    assert meals.status_changes.filter(action="apply_by_rule_change").count() == 1

    # Run again (a replayed task): nothing more.
    effects.apply_rule_change.call(change.pk)
    assert meals.program_applications.filter(program=recreation).count() == 1
    assert (
        Notification.objects.filter(
            household=meals, event="applied_by_rule_change"
        ).count()
        == 1
    )


def test_publishing_sends_pending_applications_that_no_longer_qualify_to_staff(
    households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    medicaid = households["medicaid_verified"]
    pending = state_machine.apply(medicaid, grocery)
    enrolled = households["snap_enrolled"].program_applications.get(program=grocery)

    change = publish(grocery, django_capture_on_commit_callbacks, income_limit_ami=50)

    pending.refresh_from_db()
    assert pending.status == Status.APPLIED
    assert "rules changed" in pending.review_note
    assert "at or below 50%" in pending.review_note
    assert change.referred_count == 1
    # The enrollment runs on until it expires.
    enrolled.refresh_from_db()
    assert enrolled.status == Status.ENROLLED
    # Deciding the application clears the note.
    state_machine.not_enroll(
        pending, get_user_model().objects.get(email="casey@example.com"), "Over limit."
    )
    pending.refresh_from_db()
    assert pending.review_note == ""


def test_a_copy_edit_published_does_nothing_to_households(
    households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    publish(grocery, django_capture_on_commit_callbacks, income_limit_ami=50)
    before = RuleChange.objects.filter(published_at__isnull=False).count()
    page = ProgramPage.objects.get(pk=grocery.pk)
    page.summary = "New words."
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert RuleChange.objects.filter(published_at__isnull=False).count() == before


def test_the_enrollments_queue_shows_why_to_look_again(
    client, households, django_capture_on_commit_callbacks
):
    grocery = program("grocery-tax-rebate")
    state_machine.apply(households["medicaid_verified"], grocery)
    publish(grocery, django_capture_on_commit_callbacks, income_limit_ami=50)
    coordinator = staff("corey@example.com", roles.PROGRAM_COORDINATORS)
    ProgramCoordinator.objects.create(user=coordinator).programs.set([grocery])
    client.force_login(coordinator)
    page = client.get("/admin/applications/programapplication/")
    assert page.status_code == 200
    assert "Look again:" in page.content.decode()
    assert "The program&#x27;s rules changed on" in page.content.decode()
