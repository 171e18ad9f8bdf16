"""Telling applicants what happened, by email and SMS, without losing or doubling a
message.

`notify()` writes one outbox row per channel in the caller's transaction (so the
message exists exactly when the change that caused it does), keyed so the same event
never makes two messages on a channel, and queues a background task to send it.
Provider failures are recorded on the row and retried with backoff; they never reach
the applicant's or caseworker's action.
"""

from .outbox import Event, notify, resend, retry_due_notifications

__all__ = ["Event", "notify", "resend", "retry_due_notifications"]
