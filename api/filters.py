"""The enrollments' one filter: what changed since a partner last looked."""

import django_filters

from applications.models import ProgramApplication


class EnrollmentFilter(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="changed_at",
        lookup_expr="gte",
        help_text=(
            "Only enrollments whose application or household changed at or after "
            "this moment: ISO 8601, e.g. 2026-03-01T00:00:00Z (a time without an "
            "offset is the portal's local time; send + as %2B)."
        ),
        error_messages={
            "invalid": "Send updated_since as an ISO 8601 date and time, "
            "e.g. 2026-03-01T00:00:00Z."
        },
    )

    class Meta:
        model = ProgramApplication
        fields = []
