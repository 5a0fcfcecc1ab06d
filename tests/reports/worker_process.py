"""A Celery worker of the portal in its own process, for the tests that kill one: it serves the
queue, database and media folder the test gives it (``python -m tests.reports.worker_process
QUEUE MEDIA_ROOT``, with DATABASE_URL set to the test database)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings.test")
django.setup()

from django.conf import settings  # noqa: E402

from emulation_portal.celery import app  # noqa: E402

queue, settings.MEDIA_ROOT = sys.argv[1], sys.argv[2]
app.conf.task_always_eager = False
# Look for messages whose worker vanished every second (kombu's default: every 100 s).
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
app.worker_main(
    [
        *("worker", "--queues", queue, "--pool", "prefork", "--concurrency", "1"),
        *("--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
)
