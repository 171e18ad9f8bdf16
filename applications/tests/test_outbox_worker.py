"""The outbox with the real worker process: killed mid-send, and providers down."""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("outbox_crash.py")


def test_a_killed_worker_and_a_provider_outage_lose_and_double_nothing():
    finished = subprocess.run(
        [sys.executable, str(SCRIPT)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])

    # The kill landed mid-send: one message was held by the dead worker.
    assert result["held_after_kill"] == 1, result
    assert result["killed"] == {"rows": 40, "sent": 40, "never": 0, "twice": 0}

    # Every message failed while both providers were down, then went exactly once.
    assert result["failed_while_down"] == 40, result
    assert result["outage"] == {"rows": 40, "sent": 40, "never": 0, "twice": 0}
