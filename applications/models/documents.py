"""Uploaded documents: stored privately under random names, with no URL at all.

A file leaves storage only through `applications.documents.views`, which checks who
is asking (`applications.documents.access`) and records staff views in the household's history.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .households import Household, HouseholdMember


def private_storage():
    """Applicants' documents: a storage with no public URL (local folder or private
    Azure container)."""
    return storages["private"]


class PrivateFieldFile(FieldFile):
    """A stored document has no URL, whatever the storage backend would offer."""

    @property
    def url(self):
        raise ValueError("Documents have no URL; they are served by the download view.")


class PrivateFileField(models.FileField):
    """A FileField whose files cannot be linked to, only streamed after a check.

    The storage's own base_url is no guard: FileSystemStorage falls back to MEDIA_URL
    when it is None, and a private Azure container still builds blob URLs.
    """

    attr_class = PrivateFieldFile

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Only Python behaviour differs; the column is a plain FileField's.
        return name, "django.db.models.FileField", args, kwargs


class Document(models.Model):
    """An uploaded file, stored privately under a random name."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Identity document")
        PROOF = "proof", _("Proof of a qualifying program")
        INCOME = "income", _("Proof of income")
        REQUESTED = "requested", _("Requested by staff")
        CONSENT = "consent", _("Signed consent")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    member = models.ForeignKey(
        HouseholdMember,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    qualifying_program = models.ForeignKey(
        "programs.QualifyingProgram",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # A renewal retires proofs (and the ID of a member whose details changed); the
    # files stay for the submissions that referred to them.
    is_current = models.BooleanField(default=True)
    # A caseworker's replacement waiting on its review page for Confirm: stored so
    # the review shows it, never in force, left out of the case file, and deleted if
    # the correction is not confirmed (applications.casework.corrections).
    staged_at = models.DateTimeField(null=True, blank=True, editable=False)
    information_request = models.ForeignKey(
        "InformationRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = PrivateFileField(storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # Pages of a PDF (1 for an image), for the staff preview; counted on upload.
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Who uploaded it when not the applicant: an assister (and their organization,
    # whose assisters may then open it) or staff at a desk.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_for = models.ForeignKey(
        "applications.PartnerOrganization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_pdf(self):
        return self.content_type == "application/pdf"


@receiver(post_delete, sender=Document)
def delete_stored_document(sender, instance, **kwargs):
    """The file goes with its row, however the row goes: one document, a queryset
    (a dropped program's proofs) or a cascade (a removed member, a deleted account).

    Overriding Document.delete() would miss the last two and leave files behind.
    """
    stored = instance.file.name
    if stored:
        transaction.on_commit(lambda: private_storage().delete(stored))
