"""Who may open a stored document: its own applicant, staff allowed to see
documents, or an assister of the organization that uploaded it for its client."""

from ..assistance.access import may_open_document


def may_view(user, document):
    if not user.is_authenticated:
        return False
    if document.household.user_id == user.pk:
        return True
    if not user.is_active:
        return False
    if user.has_perm("applications.view_document"):
        return True
    return may_open_document(user, document)
