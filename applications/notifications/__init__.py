"""Telling applicants what happened, by email and SMS, without losing or doubling a
message.

`notify()` writes one outbox row per channel in the caller's transaction (so the
message exists exactly when the change that caused it does), keyed so the same event
never makes two messages on a channel, and queues a background task to send it.
Provider failures are recorded on the row and retried with backoff; they never reach
the applicant's or caseworker's action. A sender claims a row with a lease before it
calls the provider, so two senders never send one row, and `sweep()` (a periodic job)
sends whatever a dead sender, a lost task or an outage left unsent.
"""

from .outbox import Event, notify, resend, sweep

__all__ = ["Event", "notify", "resend", "sweep"]
