"""Status changes made before `StatusChange` rows were written, rebuilt from what
was kept: each submission's time, the history's entries, each application's dates.

Replays each household's events in time order from "draft" so every row has its
"from" as well as its "to". Applications' first "applied" comes from `applied_at`
(a re-application after an expiry kept only the latest date). Rows are marked
`backfilled`; running it again adds nothing for a household that has rows.
"""

from django.db import migrations

# History action -> (subject, to status). Submissions come from Submission rows.
HOUSEHOLD_ACTIONS = {
    "applications.request_information": ("request_information", "info_requested"),
    "applications.respond_information": ("respond", "submitted"),
    "applications.verify": ("verify", "verified"),
    "applications.deny": ("deny", "denied"),
    "applications.reopen": ("reopen", "submitted"),
    "applications.change_answers": ("change_answers", "draft"),
    "applications.start_renewal": ("start_renewal", "draft"),
}
APPLICATION_ACTIONS = {
    "applications.enroll": ("enroll", "enrolled"),
    "applications.not_enroll": ("not_enroll", "not_enrolled"),
    "applications.closed_by_denial": ("close_on_denial", "not_enrolled"),
    "applications.enrollment_expired": ("expire", "expired"),
}


def backfill(apps, schema_editor):
    Household = apps.get_model("applications", "Household")
    StatusChange = apps.get_model("applications", "StatusChange")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(
        app_label="applications", model="household"
    ).first()
    done = set(StatusChange.objects.values_list("case_number", flat=True))
    households = (
        Household.objects.filter(submitted_at__isnull=False)
        .exclude(pk__in=done)
        .select_related("user")
    )
    rows = []
    for household in households.iterator(chunk_size=500):
        entries = (
            ModelLogEntry.objects.filter(
                content_type=content_type, object_id=str(household.pk)
            )
            .select_related("user")
            .order_by("timestamp", "pk")
            if content_type
            else []
        )
        applications = {
            application.program.title: application
            for application in household.program_applications.select_related("program")
        }
        events = [
            (
                submission.submitted_at,
                "household",
                "submit",
                "submitted",
                None,
                "",
                None,
            )
            for submission in household.submissions.all()
        ]
        events += [
            (a.applied_at, "application", "apply", "applied", a, "", None)
            for a in applications.values()
        ]
        for entry in entries:
            data = entry.data or {}
            if entry.action in HOUSEHOLD_ACTIONS:
                action, to = HOUSEHOLD_ACTIONS[entry.action]
                reason = data.get("reason", "")
                events.append(
                    (entry.timestamp, "household", action, to, None, reason, entry)
                )
            elif entry.action in APPLICATION_ACTIONS:
                application = applications.get(data.get("program"))
                if application is None:
                    continue
                action, to = APPLICATION_ACTIONS[entry.action]
                events.append(
                    (
                        entry.timestamp,
                        "application",
                        action,
                        to,
                        application,
                        data.get("reason", ""),
                        entry,
                    )
                )
        events.sort(key=lambda event: event[0])
        household_status = "draft"
        application_status = {}
        for when, subject, action, to, application, reason, entry in events:
            if subject == "household":
                previous, household_status = household_status, to
            else:
                previous = application_status.get(application.pk, "")
                application_status[application.pk] = to
            # The history keeps the id of a user since deleted (no constraint there).
            user = entry.user.pk if entry and entry.user else None
            rows.append(
                StatusChange(
                    subject=subject,
                    household=household,
                    case_number=household.pk,
                    application=application,
                    program_id=application.program_id if application else None,
                    action=action,
                    from_status=previous,
                    to_status=to,
                    changed_at=when,
                    changed_by_id=user,
                    by_staff=bool(entry and entry.user and entry.user.is_staff),
                    reason=str(reason or ""),
                    language=household.user.preferred_language,
                    assisted=household.client_since is not None,
                    backfilled=True,
                )
            )
        if len(rows) >= 1000:
            StatusChange.objects.bulk_create(rows)
            rows = []
    StatusChange.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0014_status_changes"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
