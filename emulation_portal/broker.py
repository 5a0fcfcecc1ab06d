"""Handing a task to the broker without letting the broker's absence fail the act behind it.

What the task will do is always recorded in the database first (an e-mail in the outbox, a
report queued), and Celery beat picks up whatever never reached a worker; so a page that
publishes makes one short attempt and carries on if Redis is down, instead of answering 500
or hanging while kombu retries.
"""

import logging

from django.conf import settings
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def publish(task, *args, **options) -> bool:
    """Send ``task(*args)`` to a worker (run it in-process when tasks are eager); False, logged,
    when the broker could not be reached within PORTAL_BROKER_PUBLISH_TIMEOUT seconds."""
    app = task.app
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
