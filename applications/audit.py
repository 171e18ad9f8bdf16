"""The staff audit trail: every action on applicant data, named once.

Each action is written to Wagtail's log (`ModelLogEntry`) against the household and
shown in its history. The name, the history's label and its sentence are declared
here once; `wagtail_hooks` registers them and the code records them by constant.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log


@dataclass(frozen=True)
class AuditAction:
    name: str
    label: str
    message: str

    def __str__(self):
        return self.name


VIEW_DOCUMENT = AuditAction(
    "applications.view_document", _("View document"), _("Viewed a document")
)
VERIFY = AuditAction("applications.verify", _("Verify"), _("Verified the household"))
REQUEST_INFORMATION = AuditAction(
    "applications.request_information",
    _("Request information"),
    _("Asked the applicant for more information"),
)
RESPOND_INFORMATION = AuditAction(
    "applications.respond_information",
    _("Respond"),
    _("The applicant answered a request for information"),
)
DENY = AuditAction("applications.deny", _("Deny"), _("Denied the household"))
REOPEN = AuditAction("applications.reopen", _("Reopen"), _("Reopened the household"))
ADD_NOTE = AuditAction(
    "applications.add_note", _("Add note"), _("Added an internal note")
)
OVERRIDE_ADDRESS = AuditAction(
    "applications.override_address",
    _("Override address"),
    _("Overrode the service-area result"),
)
ENROLL = AuditAction(
    "applications.enroll", _("Enroll"), _("Marked enrolled in a program")
)
NOT_ENROLL = AuditAction(
    "applications.not_enroll", _("Not enroll"), _("Marked not enrolled in a program")
)
RESEND_NOTIFICATION = AuditAction(
    "applications.resend_notification", _("Resend"), _("Resent a failed message")
)
START_RENEWAL = AuditAction(
    "applications.start_renewal", _("Start renewal"), _("Started a renewal")
)
RENEWAL_VERIFIED = AuditAction(
    "applications.renewal_verified",
    _("Renewal verified"),
    _("Verified a renewal: enrollments extended or set to end"),
)
ENROLLMENT_EXPIRED = AuditAction(
    "applications.enrollment_expired",
    _("Enrollment expired"),
    _("An enrollment expired without renewal"),
)
CLOSED_BY_DENIAL = AuditAction(
    "applications.closed_by_denial",
    _("Closed by denial"),
    _("A program application ended because the household was denied"),
)
CHANGE_ANSWERS = AuditAction(
    "applications.change_answers",
    _("Change answers"),
    _("The applicant reopened their answers to change them"),
)
RESUBMIT_CHANGED = AuditAction(
    "applications.resubmit_changed",
    _("Resubmitted with changes"),
    _("The applicant submitted changed answers"),
)
CORRECT_INCOME = AuditAction(
    "applications.correct_income",
    _("Correct income"),
    _("Corrected the household's declared income"),
)
PLACED_AGAIN = AuditAction(
    "applications.placed_again",
    _("Placed again"),
    _("Service areas changed after a service area's boundary or ZIP codes did"),
)
CLIENT_CREATED = AuditAction(
    "applications.client_created",
    _("Client created"),
    _("Created the household as a client, to apply with the resident"),
)
ASSISTED_STEP = AuditAction(
    "applications.assisted_step",
    _("Assisted"),
    _("Entered or changed answers with the resident"),
)
ASSISTED_SUBMIT = AuditAction(
    "applications.assisted_submit",
    _("Submitted with the resident"),
    _("Submitted the application with the resident, who confirmed the answers"),
)
INVITATION_SENT = AuditAction(
    "applications.invitation_sent",
    _("Invitation sent"),
    _("Sent the resident a link to take over their account"),
)
ACCOUNT_CLAIMED = AuditAction(
    "applications.account_claimed",
    _("Account taken over"),
    _("The resident set a password and took over their account"),
)
ASSISTANCE_WITHDRAWN = AuditAction(
    "applications.assistance_withdrawn",
    _("Assistance withdrawn"),
    _("The resident withdrew the organization's access"),
)
LETTER_PRINTED = AuditAction(
    "applications.letter_printed",
    _("Letter printed"),
    _("Printed a letter for the resident"),
)
WITHDRAWN = AuditAction(
    "applications.withdrawn",
    _("Withdrawn"),
    _("The applicant withdrew a program application (deleting their account)"),
)
DOCUMENTS_PURGED = AuditAction(
    "applications.documents_purged",
    _("Documents deleted"),
    _("Documents were deleted under the retention policy"),
)
CASE_FILE_DOWNLOADED = AuditAction(
    "applications.case_file_downloaded",
    _("Case file downloaded"),
    _("Downloaded the household's case file as a PDF"),
)
SMS_OPTED_OUT = AuditAction(
    "applications.sms_opted_out",
    _("Texts stopped"),
    _("The applicant's number replied STOP: no more text messages"),
)
SMS_OPTED_IN = AuditAction(
    "applications.sms_opted_in",
    _("Texts started"),
    _("The applicant's number replied START: text messages again"),
)
APPLIED_BY_RULE_CHANGE = AuditAction(
    "applications.applied_by_rule_change",
    _("Applied after a rule change"),
    _("Applied for a program automatically: its new rules let the household qualify"),
)
REFERRED_BY_RULE_CHANGE = AuditAction(
    "applications.referred_by_rule_change",
    _("Referred after a rule change"),
    _("A pending application no longer qualifies under the program's new rules"),
)
SEND_ANNOUNCEMENT = AuditAction(
    "applications.send_announcement",
    _("Send announcement"),
    _("Sent the announcement to the program's households"),
)
ANNOUNCEMENT_RECEIVED = AuditAction(
    "applications.announcement_received",
    _("Announcement"),
    _("Sent an announcement about a program"),
)
CORRECT_MEMBER = AuditAction(
    "applications.correct_member",
    _("Correct member"),
    _("Corrected a household member's name or date of birth"),
)
REPLACE_DOCUMENT = AuditAction(
    "applications.replace_document",
    _("Replace document"),
    _("Replaced a document with one the applicant brought in or mailed"),
)
CORRECT_QUALIFYING_PROGRAMS = AuditAction(
    "applications.correct_qualifying_programs",
    _("Correct qualifying programs"),
    _("Corrected the household's qualifying programs"),
)

ACTIONS = [
    VIEW_DOCUMENT,
    VERIFY,
    REQUEST_INFORMATION,
    RESPOND_INFORMATION,
    DENY,
    REOPEN,
    ADD_NOTE,
    OVERRIDE_ADDRESS,
    ENROLL,
    NOT_ENROLL,
    RESEND_NOTIFICATION,
    START_RENEWAL,
    RENEWAL_VERIFIED,
    ENROLLMENT_EXPIRED,
    CLOSED_BY_DENIAL,
    CHANGE_ANSWERS,
    RESUBMIT_CHANGED,
    CORRECT_INCOME,
    PLACED_AGAIN,
    CLIENT_CREATED,
    ASSISTED_STEP,
    ASSISTED_SUBMIT,
    INVITATION_SENT,
    ACCOUNT_CLAIMED,
    ASSISTANCE_WITHDRAWN,
    LETTER_PRINTED,
    WITHDRAWN,
    DOCUMENTS_PURGED,
    CASE_FILE_DOWNLOADED,
    SMS_OPTED_OUT,
    SMS_OPTED_IN,
    APPLIED_BY_RULE_CHANGE,
    REFERRED_BY_RULE_CHANGE,
    SEND_ANNOUNCEMENT,
    ANNOUNCEMENT_RECEIVED,
    CORRECT_MEMBER,
    REPLACE_DOCUMENT,
    CORRECT_QUALIFYING_PROGRAMS,
]


def record(household, action, user=None, **data):
    """Write one entry to the household's history; returns it (or None)."""
    return log(household, action.name, user=user, data=data)
