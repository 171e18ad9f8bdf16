"""Feedback in the Wagtail admin (a ModelViewSet, registered in
`applications.wagtail_hooks`): the comments with their filters, each one's page,
and the ratings over time. Read only: it is the applicants' words, so nobody adds
or edits it here; administrators may delete one (a comment naming someone, say).

Staff with `applications.view_feedback` (verification staff; administrators) see
it; a linked one links to the household for those who may open households.
"""

import django_filters
from django import forms
from django.conf import settings
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ..models import Feedback
from ..reports.views import ReportFilterForm
from .figures import rating_reports

HOUSEHOLD_PERMISSION = "applications.view_household"
LISTED_COMMENT_WORDS = 30


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions, less adding and editing, for everyone."""

    WRITES = {"add", "change"}

    def user_has_permission(self, user, action):
        return action not in self.WRITES and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action not in self.WRITES]
        )


register_permission_policy(Feedback, FeedbackPermissionPolicy(Feedback))


def household_link(feedback, user):
    """The linked household's page for staff who may open it, else only "Linked"."""
    if not feedback.is_linked:
        return _("Not linked")
    if not user.has_perm(HOUSEHOLD_PERMISSION):
        return _("Linked")
    return format_html(
        '<a href="{}">{}</a>',
        reverse(
            "applications_household_modeladmin_inspect", args=[feedback.household_id]
        ),
        _("Case %(number)s") % {"number": feedback.household_id},
    )


class FeedbackFilterSet(WagtailFilterSet):
    rating = django_filters.ChoiceFilter(
        label=_("Rating"),
        choices=Feedback.Rating.numbered(),
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    page = django_filters.ChoiceFilter(
        label=_("Sent from"),
        choices=Feedback.Page.choices,
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    created_on = django_filters.DateFromToRangeFilter(
        label=_("Date"), widget=DateRangePickerWidget
    )
    # Yes: linked to an application (household set); no: anonymous.
    linked = django_filters.BooleanFilter(
        label=_("Linked to an application"),
        field_name="household",
        lookup_expr="isnull",
        exclude=True,
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = Feedback
        fields = []


class IndexView(generic.IndexView):
    """The newest first, each linking to its page; the ratings page in the header."""

    ratings_url_name = None

    @cached_property
    def columns(self):
        user = self.request.user
        return [
            self._get_title_column_class(TitleColumn)(
                "created_on",
                label=_("Date"),
                get_url=self.get_inspect_url,
                sort_key="created_on",
            ),
            Column(
                "rating", label=_("Rating"), accessor="rating_text", sort_key="rating"
            ),
            Column("page", label=_("Sent from"), accessor="get_page_display"),
            Column("language", label=_("Language"), accessor="language_name"),
            Column(
                "comment",
                label=_("Comment"),
                accessor=lambda feedback: Truncator(feedback.comment).words(
                    LISTED_COMMENT_WORDS
                ),
            ),
            Column(
                "household",
                label=_("Application"),
                accessor=lambda feedback: household_link(feedback, user),
            ),
        ]

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Ratings over time"),
                url=reverse(self.ratings_url_name),
                icon_name="table",
            ),
        ]


class InspectView(generic.InspectView):
    def get_rating_display_value(self):
        return self.object.rating_text

    def get_language_display_value(self):
        return self.object.language_name

    def get_household_display_value(self):
        return household_link(self.object, self.request.user)

    def get_comment_display_value(self):
        return self.object.comment or _("(no comment)")


class RatingsFilterForm(ReportFilterForm):
    """The reports' dates, and where the feedback came from instead of a program."""

    page = forms.ChoiceField(
        label=_("Sent from"),
        choices=[("", _("All pages")), *Feedback.Page.choices],
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("All languages")), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["program"]

    def choices(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {"page": data.get("page", ""), "language": data.get("language", "")}


class RatingsView(PermissionCheckedMixin, TemplateView):
    """The average rating and the count of each level per month, as tables and
    charts (the reports' own)."""

    model = Feedback
    permission_required = "view"
    template_name = "applications/admin/feedback_ratings.html"
    index_url_name = None

    def get_context_data(self, **kwargs):
        form = RatingsFilterForm(
            self.request.GET or None, initial=ReportFilterForm.default_data()
        )
        scope = form.scope()
        reports = rating_reports(scope, **form.choices())
        return super().get_context_data(
            form=form,
            scope=scope,
            reports=[(report, report.chart_data()) for report in reports],
            index_url=reverse(self.index_url_name),
            **kwargs,
        )


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    icon = "pick"
    menu_label = _("Feedback")
    menu_order = 220
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_on",
        "rating",
        "comment",
        "page",
        "language",
        "household",
    ]
    # No add or edit view is reachable (the policy); Wagtail still builds a form.
    form_fields = []
    list_per_page = 50
    filterset_class = FeedbackFilterSet
    index_view_class = IndexView
    inspect_view_class = InspectView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            ratings_url_name=self.get_url_name("ratings"), **kwargs
        )

    @property
    def ratings_view(self):
        return self.construct_view(RatingsView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("ratings/", self.ratings_view, name="ratings"),
        ]
