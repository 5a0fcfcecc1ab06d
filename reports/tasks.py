"""Celery jobs of the reports app: each takes the id of a report version."""

from celery import shared_task
from django.db import OperationalError

from .services import due_reports_request, report_generate, stale_reports_fail


@shared_task(
    autoretry_for=(OperationalError, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_kwargs={"max_retries": 3},
)
def generate_report_task(report_id: int) -> str:
    """Render version ``report_id``; retried on transient errors (database, connections)."""
    return report_generate(report_id).status


@shared_task
def generate_due_reports() -> list[int]:
    """Daily (Celery beat): start the six-month and year-end reports once they are due."""
    return [report.pk for report in due_reports_request()]


@shared_task
def fail_stale_reports() -> int:
    """Every few minutes (Celery beat): jobs lost with their worker become failed, retryable."""
    return stale_reports_fail()
