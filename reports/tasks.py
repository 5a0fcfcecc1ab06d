"""Celery jobs of the reports app: each takes the id of a report version.

The settings acknowledge a job only when it ends (``CELERY_TASK_ACKS_LATE``): a job whose
worker is killed is delivered again, and ``report_generate`` starts it again from scratch.
Each task is named as it was first published: the services publish them by name."""

from celery import shared_task
from django.db import OperationalError

from .services.reports import due_reports_request, lost_reports_recover, report_generate


@shared_task(
    name="reports.tasks.generate_report_task",
    autoretry_for=(OperationalError, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_kwargs={"max_retries": 3},
)
def generate_report_task(report_id: int) -> str:
    """Render version ``report_id``; retried on transient errors (database, connections)."""
    return report_generate(report_id).status


@shared_task(name="reports.tasks.generate_due_reports")
def generate_due_reports() -> list[int]:
    """Daily (Celery beat): start the six-month and year-end reports once they are due."""
    return [report.pk for report in due_reports_request()]


@shared_task(name="reports.tasks.recover_report_jobs")
def recover_report_jobs() -> int:
    """Every two minutes (Celery beat): hand to a worker the jobs the broker never got (it
    was down) and those lost with their worker; returns how many went."""
    return lost_reports_recover()
