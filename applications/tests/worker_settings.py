"""Settings for tests that run the real background worker in another process: the
database queue, the recording provider, a short lease and short retry delays."""

from settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "applications.tests.recording_provider.RecordingEmailBackend"
SMS_BACKEND = "applications.tests.recording_provider.RecordingSmsSender"
NOTIFICATION_LEASE_SECONDS = 3
# Short first retries; the last ones long enough that no message runs out of
# attempts during the outage test's outage, however slow the machine.
NOTIFICATION_RETRY_DELAYS = [1, 2, 4, 30, 60]
