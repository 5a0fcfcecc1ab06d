"""Handing a task to the broker without letting the broker's absence fail the act behind it.

What the task will do is always recorded in the database first (an e-mail in the outbox, a
report queued), and Celery beat picks up whatever never reached a worker; so a page that
publishes makes one short attempt and carries on if Redis is down, instead of answering 500
or hanging while kombu retries.
"""

import logging

from django.conf import settings
from kombu.exceptions import OperationalError

from .celery import app

logger = logging.getLogger(__name__)


def _task(name: str):
    """The task registered as ``name``. A web process has imported no ``tasks`` module until
    something asks: the apps' modules are imported then, as a worker does at start."""
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]


def publish(task_name: str, *args, **options) -> bool:
    """Send the task named ``task_name`` with ``args`` to a worker (run it in-process when tasks
    are eager); False, logged, when the broker could not be reached within
    PORTAL_BROKER_PUBLISH_TIMEOUT seconds.

    Tasks are named, not imported: an app's services publish its tasks and its tasks call its
    services, so importing the tasks here would close a circle (and a message in the queue
    carries the name, which must outlive a module's move)."""
    task = _task(task_name)
    if app.conf.task_always_eager:
        task.apply_async(args, **options)
        return True
    timeout = settings.PORTAL_BROKER_PUBLISH_TIMEOUT
    try:
        # A connection of its own: the pool's would retry connecting for several seconds.
        with app.connection_for_write(
            connect_timeout=timeout,
            transport_options={
                "max_retries": 0,
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
            },
        ) as connection:
            task.apply_async(args, connection=connection, retry=False, **options)
    except (OperationalError, OSError) as error:
        logger.warning("Broker unreachable, %s%r left for Celery beat: %s", task.name, args, error)
        return False
    return True
