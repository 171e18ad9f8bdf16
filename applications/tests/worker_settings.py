"""Settings for tests that run the real background worker in another process: the
database queue, the recording provider, a short lease and short retry delays."""

from settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "applications.tests.recording_provider.RecordingEmailBackend"
SMS_BACKEND = "applications.tests.recording_provider.RecordingSmsSender"
NOTIFICATION_LEASE_SECONDS = 3
NOTIFICATION_RETRY_DELAYS = [1, 1, 2, 2, 2]
