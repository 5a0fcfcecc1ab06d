"""Celery jobs of the reports app: each takes the id of a report version."""

from celery import shared_task
from django.db import OperationalError

from .services import report_generate


@shared_task(
    autoretry_for=(OperationalError, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_kwargs={"max_retries": 3},
)
def generate_report_task(report_id: int) -> str:
    """Render version ``report_id``; retried on transient errors (database, connections)."""
    return report_generate(report_id).status
