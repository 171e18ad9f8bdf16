"""API keys, one per partner system and program, and each request made with one.

A key reads as `gyp_<prefix>_<secret>`. The prefix names the key to staff (it is
no secret); of the secret only its SHA-256 is kept. The secret is 256 random bits
from `secrets`, so a fast hash is enough: there is nothing to guess a word from,
and no salt or slow hash would make a brute force any less hopeless.
"""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import in_default_language

KEY_START = "gyp_"
KEY_FORMAT = re.compile(r"gyp_(?P<prefix>[0-9a-f]{8})_(?P<secret>[0-9a-f]{64})")
# A key ends at most this long after it is issued or its expiry last moved.
LONGEST_LIFE = timedelta(days=365)


def hash_secret(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyManager(models.Manager):
    def issue(self, program, name, expires_at, by):
        """A new key for `program`: the row and the key's text, which is shown to
        the administrator once and kept nowhere."""
        prefix, secret = secrets.token_hex(4), secrets.token_hex(32)
        key = self.create(
            program=program,
            name=name,
            prefix=prefix,
            key_hash=hash_secret(secret),
            expires_at=expires_at,
            created_by=by,
        )
        return key, f"{KEY_START}{prefix}_{secret}"

    def for_text(self, text):
        """The key this text is, or None (malformed, or no key has that secret)."""
        match = KEY_FORMAT.fullmatch(text)
        if match is None:
            return None
        key = self.select_related("program").filter(prefix=match["prefix"]).first()
        if key is None or not hmac.compare_digest(
            key.key_hash, hash_secret(match["secret"])
        ):
            return None
        return key


class ApiKey(models.Model):
    """A partner system's key to one program's enrollments."""

    program = models.ForeignKey(
        "programs.ProgramPage",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="api_keys",
        limit_choices_to=in_default_language,
    )
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("The system that uses this key, e.g. “Utility billing (vendor)”."),
    )
    prefix = models.CharField(_("prefix"), max_length=8, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, editable=False)

    objects = ApiKeyManager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def status_label(self):
        if self.is_revoked:
            return _("Revoked")
        if self.is_expired:
            return _("Expired")
        return _("Active")

    def revoke(self):
        """True when this revoked the key; False when it already was."""
        now = timezone.now()
        revoked = ApiKey.objects.filter(pk=self.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if revoked:
            self.revoked_at = now
        return bool(revoked)

    def record_use(self, path, status):
        now = timezone.now()
        ApiKeyUse.objects.create(key=self, used_at=now, path=path[:200], status=status)
        ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now


class ApiKeyUse(models.Model):
    """One request made with a key: when, to which address (never the query
    string, which may hold a cursor or a date) and how it was answered."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uses")
    used_at = models.DateTimeField(_("when"), default=timezone.now)
    path = models.CharField(_("address"), max_length=200)
    status = models.PositiveSmallIntegerField(_("response status"))

    class Meta:
        verbose_name = _("API key use")
        verbose_name_plural = _("API key uses")
        ordering = ["-used_at", "-pk"]
        indexes = [models.Index(fields=["key", "-used_at"], name="api_key_use_recent")]

    def __str__(self):
        return f"{self.used_at:%Y-%m-%d %H:%M} {self.path} {self.status}"
