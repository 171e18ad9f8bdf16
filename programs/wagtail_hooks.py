"""Editors' snippets: qualifying programs, service areas and income limit tables."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import IncomeLimitTable, ProgramPage, QualifyingProgram, ServiceArea
from .rule_changes import changes_rules, is_rule_page, live_version


class QualifyingProgramViewSet(SnippetViewSet):
    model = QualifyingProgram
    icon = "tick-inverse"
    list_display = ["name", "ami_percentage", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "site"
    list_display = ["name", "zip_codes"]
    search_fields = ["name"]


class IncomeLimitTableViewSet(SnippetViewSet):
    model = IncomeLimitTable
    icon = "table"
    list_display = ["__str__", "effective_on", "is_published"]
    list_filter = ["source", "is_published"]


register_snippet(QualifyingProgramViewSet)
register_snippet(ServiceAreaViewSet)
register_snippet(IncomeLimitTableViewSet)


@hooks.register("before_publish_page")
def rule_changes_wait_for_approval(request, page):
    """Publishing a change of a program's rules from the editor saves it as a draft
    and asks for approval instead (the edit view has saved the revision already,
    so nothing typed is lost)."""
    # The revision the edit view saved just now holds the draft as submitted.
    if not is_rule_page(page) or not changes_rules(
        live_version(page), _latest_draft(page)
    ):
        return None
    messages.warning(
        request,
        _(
            "Your changes are saved as a draft. They change who qualifies for this "
            "program, so a program approver must approve them before they go live: "
            "choose “Submit to Rule changes”."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def no_rule_changes_in_bulk_publishing(request, action_type, objects, action):
    """Bulk publishing (with or without the pages below) cannot carry a rule change
    past its approval either."""
    if action_type != "publish":
        return None
    pages = [page for page in objects if isinstance(page, Page)]
    programs = ProgramPage.objects.none()
    for page in pages:
        programs |= ProgramPage.objects.descendant_of(page, inclusive=True)
    waiting = [
        program
        for program in programs
        if is_rule_page(program)
        and changes_rules(live_version(program), _latest_draft(program))
    ]
    if not waiting:
        return None
    messages.error(
        request,
        _(
            "%(pages)s: the draft changes who qualifies, so it goes live only once a "
            "program approver approves it. Nothing was published."
        )
        % {"pages": ", ".join(program.title for program in waiting)},
    )
    return redirect(action.next_url)


def _latest_draft(page):
    revision = page.get_latest_revision()
    return revision.as_object() if revision else page
