"""The applications app's models, one module per part of the domain.

- `households`: Household, HouseholdMember, QualifyingEnrollment, Submission
- `documents`: Document and the private storage it lives in
- `enrollments`: ProgramApplication, ProgramCoordinator
- `casework`: InformationRequest, CaseNote, SearchTerm, PlacementChange
- `notifications`: Notification (the outbox)
- `assistance`: PartnerOrganization, Assister
- `status_changes`: StatusChange (every status change, for reports)
- `retention`: Purge (what retention deleted)
"""

from .assistance import Assister, PartnerOrganization
from .casework import CaseNote, InformationRequest, PlacementChange, SearchTerm
from .documents import Document, PrivateFileField, private_storage
from .enrollments import ProgramApplication, ProgramCoordinator
from .households import (
    ADULT_AGE,
    Household,
    HouseholdMember,
    QualifyingEnrollment,
    Submission,
)
from .notifications import Notification
from .retention import Purge
from .status_changes import StatusChange

__all__ = [
    "ADULT_AGE",
    "Assister",
    "CaseNote",
    "Document",
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
    "SearchTerm",
    "StatusChange",
    "Submission",
    "private_storage",
]
