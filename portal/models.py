"""Accounts: one user model for applicants and staff, with email as the login."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class UserManager(DjangoUserManager):
    """Creates users by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        return self._save_user(
            self.normalize_email(email).lower(), password, **extra_fields
        )

    def create_client(self, email=None, **extra_fields):
        """A resident an assister applies for: no password until they take the
        account over, and perhaps no email at all."""
        email = self.normalize_email(email).lower() if email else None
        return self._save_user(email, None, **extra_fields)

    def _save_user(self, email, password, **extra_fields):
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """An applicant or a staff member. Phone numbers are stored in E.164."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")

    username = None
    # Only a resident an assister applies for may have none (portal.models
    # UserManager.create_client); nobody can sign in without one.
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    phone_number = PhoneNumberField(_("phone number"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
    )
    contact_by_email = models.BooleanField(_("contact me by email"), default=True)
    contact_by_sms = models.BooleanField(_("contact me by text message"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email or f"#{self.pk}"

    def clean(self):
        super().clean()  # normalize_email turns a missing email into ""
        self.email = self.email or None

    def save(self, *args, **kwargs):
        # "" would be a second account with the same (empty) address.
        self.email = self.email or None
        super().save(*args, **kwargs)


class PeriodicJobRun(models.Model):
    """When each periodic job (portal.periodic.JOBS) last ran, and who runs it now."""

    name = models.CharField(max_length=64, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_summary = models.CharField(max_length=200, blank=True)
    running_until = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=32, blank=True)

    def __str__(self):
        return self.name


class ThrottleWindow(models.Model):
    """Requests counted for one rate limit and one (hashed) address or account in
    one fixed window (portal.throttling)."""

    key = models.CharField(max_length=48)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="one_throttle_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.window_start:%Y-%m-%d %H:%M} ({self.hits})"
