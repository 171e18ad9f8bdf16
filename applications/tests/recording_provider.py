"""A stand-in for SendGrid and Twilio that another process can watch.

Each accepted message is one line (channel and marker) appended to the file
OUTBOX_PROVIDER_LOG names. While the file OUTBOX_PROVIDER_DOWN names exists, the
provider is down and refuses every message. With OUTBOX_PROVIDER_HANG_AT=N, the Nth
message this process hands over never comes back (the call hangs, as a network call
does when the worker is killed in the middle of it), after the provider writes the
file OUTBOX_PROVIDER_HANGING so the test knows when to kill.
"""

import json
import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

_calls = 0


def _accept(channel, marker):
    global _calls
    if Path(os.environ["OUTBOX_PROVIDER_DOWN"]).exists():
        raise ConnectionError("provider unavailable (503)")
    _calls += 1
    if str(_calls) == os.environ.get("OUTBOX_PROVIDER_HANG_AT"):
        Path(os.environ["OUTBOX_PROVIDER_HANGING"]).write_text(marker)
        time.sleep(3600)
    time.sleep(float(os.environ.get("OUTBOX_PROVIDER_DELAY", "0.02")))
    with open(os.environ["OUTBOX_PROVIDER_LOG"], "a") as log:
        log.write(json.dumps({"channel": channel, "marker": marker}) + "\n")
    return f"recorded-{marker}"


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        for message in messages:
            _accept("email", message.extra_headers["X-Portal-Message"])
        return len(messages)


class RecordingSmsSender:
    def send(self, to, body, marker=""):
        return _accept("sms", marker)
