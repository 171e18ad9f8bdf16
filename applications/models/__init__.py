"""The applications app's models, one module per part of the domain.

- `households`: Household, HouseholdMember, QualifyingEnrollment, Submission
- `documents`: Document and the private storage it lives in
- `enrollments`: ProgramApplication, ProgramCoordinator
- `casework`: InformationRequest, CaseNote, SearchTerm, PlacementChange
- `notifications`: Notification (the outbox), SmsOptOut
- `assistance`: PartnerOrganization, Assister
- `status_changes`: StatusChange (every status change, for reports)
- `retention`: Purge (what retention deleted)
- `rule_changes`: RuleChange (a program's rule change: its impact and effects)
- `announcements`: Announcement (a message staff send to a program's households)
- `feedback`: Feedback (an applicant's rating and comment, anonymous unless linked)
"""

from .announcements import Announcement
from .assistance import Assister, PartnerOrganization
from .casework import CaseNote, InformationRequest, PlacementChange, SearchTerm
from .documents import Document, PrivateFileField, private_storage
from .enrollments import ProgramApplication, ProgramCoordinator
from .feedback import Feedback
from .households import (
    ADULT_AGE,
    Household,
    HouseholdMember,
    QualifyingEnrollment,
    Submission,
)
from .notifications import Notification, SmsOptOut
from .retention import Purge
from .rule_changes import RuleChange
from .status_changes import StatusChange

__all__ = [
    "ADULT_AGE",
    "Announcement",
    "Assister",
    "CaseNote",
    "Document",
    "Feedback",
    "Household",
    "HouseholdMember",
    "InformationRequest",
    "Notification",
    "PrivateFileField",
    "ProgramApplication",
    "ProgramCoordinator",
    "QualifyingEnrollment",
    "PartnerOrganization",
    "PlacementChange",
    "Purge",
    "RuleChange",
    "SearchTerm",
    "SmsOptOut",
    "StatusChange",
    "Submission",
    "private_storage",
]
