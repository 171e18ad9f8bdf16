"""Staff roles as Django groups, created after every migrate (never by hand).

Each role's permissions are declared here once; issue-specific apps extend the
caseworker roles through the same table.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

CONTENT_EDITORS = "Content editors"
VERIFICATION_STAFF = "Verification staff"
PROGRAM_COORDINATORS = "Program coordinators"
# People at partner organizations (libraries, senior centers) who apply with
# residents; each belongs to one organization (applications.Assister), and sees
# that organization's clients only, never the admin.
ASSISTERS = "Assisters"
# Approve changes of programs' rules before they go live (programs.rule_changes).
PROGRAM_APPROVERS = "Program approvers"

# Writing, previewing and sending announcements (applications.announcements).
ANNOUNCER_PERMISSIONS = [
    "applications.view_announcement",
    "applications.add_announcement",
    "applications.change_announcement",
    "applications.send_announcement",
]

# Model permissions per role, as "app_label.codename".
ROLE_PERMISSIONS = {
    CONTENT_EDITORS: [
        "wagtailadmin.access_admin",
        "programs.add_qualifyingprogram",
        "programs.change_qualifyingprogram",
        "programs.delete_qualifyingprogram",
        "programs.add_servicearea",
        "programs.change_servicearea",
        "programs.delete_servicearea",
        # Income limit tables: added and published, never deleted (submissions and
        # programs refer to them).
        "programs.add_incomelimittable",
        "programs.change_incomelimittable",
        "home.change_sitesettings",
        "home.add_newsitem",
        "home.change_newsitem",
        "home.delete_newsitem",
        # "Translate" on a page: copies it into Spanish for the editor to rewrite.
        "simple_translation.submit_translation",
    ],
    # Households, their documents and the review actions; no CMS pages.
    VERIFICATION_STAFF: [
        "wagtailadmin.access_admin",
        "applications.view_household",
        "applications.change_household",
        "applications.view_document",
        "applications.add_casenote",
        # Households an edited service area moved (applications.placement).
        "applications.view_placementchange",
        # At a desk with a resident: apply with them (applications.assistance).
        "applications.assist_applicants",
        # Counts over every program (applications.reports).
        "applications.view_reports",
        # What retention deleted, and when (applications.retention).
        "applications.view_purge",
        # Applicants' ratings and comments (applications.feedback): read, never
        # changed; comments are free text that may name a person, so not editors'
        # or coordinators'.
        "applications.view_feedback",
        # Announcements to any program's households (applications.announcements).
        *ANNOUNCER_PERMISSIONS,
    ],
    ASSISTERS: [
        "applications.assist_applicants",
    ],
    # The admin, for the approvals waiting for them; the workflow opens the program
    # page to them while a change waits.
    PROGRAM_APPROVERS: [
        "wagtailadmin.access_admin",
    ],
    # Verified households' applications to their own programs (scoped by
    # ProgramCoordinator); never documents.
    PROGRAM_COORDINATORS: [
        "wagtailadmin.access_admin",
        "applications.view_programapplication",
        "applications.change_programapplication",
        # Counts over their own programs only (applications.reports).
        "applications.view_reports",
        # Announcements to their own programs' households only.
        *ANNOUNCER_PERMISSIONS,
    ],
}
EDITOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
EDITOR_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()


def ensure_staff_groups(sender=None, **kwargs):
    """Create or complete the staff groups; running it again changes nothing."""
    for name, dotted_permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [p for p in map(_permission, dotted_permissions) if p]
        group.permissions.add(*permissions)

    editors = Group.objects.get(name=CONTENT_EDITORS)
    root_page = Page.get_first_root_node()
    if root_page:
        for codename in EDITOR_PAGE_PERMISSIONS:
            permission = _permission(f"wagtailcore.{codename}")
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=editors, page=root_page, permission=permission
                )
    root_collection = Collection.get_first_root_node()
    if root_collection:
        for codename in EDITOR_IMAGE_PERMISSIONS:
            permission = _permission(f"wagtailimages.{codename}")
            if permission:
                GroupCollectionPermission.objects.get_or_create(
                    group=editors, collection=root_collection, permission=permission
                )
