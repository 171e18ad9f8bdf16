"""Storing uploads: the one place a checked upload becomes a Document.

Every upload (the wizard's checklist, an answer to a staff request, the demo's
sample files, the tests' fixtures) goes through `check_upload` and then
`save_document`, so no file reaches storage unchecked or under its own name.
"""

from django.core.exceptions import ValidationError

from ..models import Document
from .checks import check_upload, random_storage_name
from .previews import count_pages


def save_document(household, checked, *, kind, **target):
    """Store one checked upload for the household under a random name."""
    checked.content.seek(0)
    document = Document(
        household=household,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        page_count=count_pages(
            checked.content.read(), checked.content_type == "application/pdf"
        ),
        **target,
    )
    checked.content.seek(0)
    document.file.save(
        random_storage_name(checked.extension), checked.content, save=True
    )
    return document


def add_documents(household, files, *, kind, **target):
    """Check and store uploaded files for one checklist item (or a staff request).

    Returns how many were saved and, for each refused file, its name and the message
    to show next to the item.
    """
    saved, refused = 0, []
    for uploaded in files:
        try:
            checked = check_upload(uploaded)
        except ValidationError as error:
            refused.append((uploaded.name[:100], error.messages[0]))
            continue
        save_document(household, checked, kind=kind, **target)
        saved += 1
    return saved, refused
