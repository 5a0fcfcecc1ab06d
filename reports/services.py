"""Generating the reports to the Minister: a new version per request, rendered to PDF.

``report_request`` creates the queued version and hands it to Celery once the transaction
commits; ``report_generate`` (the task's body, and the ``build_report`` command's) renders it.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_portal.official_dates import place_date_line
from emulation_portal.pdf import render_pdf

from .content import clean_narrative, report_content
from .models import GeneratedReport, ReportKind, ReportStatus

logger = logging.getLogger(__name__)

REPORT_TEMPLATE = "reports/pdf/report.html"


def report_file_name(report: GeneratedReport) -> str:
    kind = "so-ket-6-thang" if report.kind == ReportKind.SIX_MONTH else "tong-ket-nam"
    return f"bao-cao-{kind}-{report.campaign.year}-v{report.version}.pdf"


def report_signature() -> dict:
    """The signature block and the distribution list, from the settings."""
    return {
        "authority": settings.PORTAL_REPORT_SIGNER_AUTHORITY,
        "title": settings.PORTAL_REPORT_SIGNER_TITLE,
        "name": settings.PORTAL_REPORT_SIGNER_NAME,
        "recipients": settings.PORTAL_REPORT_RECIPIENTS,
    }


def _stale_jobs(now=None):
    """Jobs whose worker is gone: running, or still queued, for longer than the setting."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.PORTAL_REPORT_STALE_AFTER_MINUTES)
    return GeneratedReport.objects.filter(
        Q(status=ReportStatus.RUNNING, started_at__lt=cutoff)
        | Q(status=ReportStatus.QUEUED, requested_at__lt=cutoff)
    )


def stale_reports_fail(now=None) -> int:
    """Mark the jobs lost with their worker as failed, so that they can be retried."""
    return _stale_jobs(now).update(
        status=ReportStatus.FAILED,
        progress=0,
        file="",
        finished_at=now or timezone.now(),
        error=_("The job was interrupted before it finished (its worker stopped). Retry it."),
    )


def report_create(campaign, kind: str, *, actor=None, narrative=None) -> GeneratedReport:
    """A new queued version of the ``kind`` report of ``campaign`` (never overwrites one)."""
    if kind not in ReportKind.values:
        raise ValueError(f"Unknown report kind: {kind!r}")
    with transaction.atomic():
        # Lock the campaign's row so that two requests cannot take the same version number.
        type(campaign).objects.select_for_update().filter(pk=campaign.pk).first()
        latest = GeneratedReport.objects.filter(campaign=campaign, kind=kind)
        last = latest.aggregate(n=Max("version"))["n"] or 0
        if narrative is None:
            previous = latest.order_by("-version").first()
            narrative = previous.narrative if previous else {}
        return GeneratedReport.objects.create(
            campaign=campaign,
            kind=kind,
            version=last + 1,
            requested_by=actor,
            narrative=clean_narrative(narrative),
        )


def report_request(campaign, kind: str, *, actor=None, narrative=None) -> GeneratedReport:
    """Create the queued version and start its Celery job once the transaction commits."""
    from .tasks import generate_report_task

    report = report_create(campaign, kind, actor=actor, narrative=narrative)
    transaction.on_commit(lambda: generate_report_task.delay(report.pk))
    return report


def _progress(report: GeneratedReport, percent: int) -> None:
    report.progress = percent
    GeneratedReport.objects.filter(pk=report.pk).update(progress=percent)


def report_generate(report_id: int, *, template_name: str = REPORT_TEMPLATE) -> GeneratedReport:
    """Render version ``report_id`` to PDF. Idempotent: a version already done is left as it is.

    The status goes running → done with the file saved, or → failed with the reason and no
    file (the exception is raised again so that the task may retry). A failed version may be
    generated again.
    """
    with transaction.atomic():
        report = (
            GeneratedReport.objects.select_for_update().select_related("campaign").get(pk=report_id)
        )
        # A running job is another worker's, unless that worker is gone (then take it over).
        if report.status == ReportStatus.DONE or (
            report.status == ReportStatus.RUNNING
            and not _stale_jobs().filter(pk=report.pk).exists()
        ):
            return report
        report.status = ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.finished_at = None
        report.error = ""
        report.progress = 5
        report.save(update_fields=["status", "started_at", "finished_at", "error", "progress"])

    saved_name = ""
    try:
        campaign = report.campaign
        content = report_content(campaign, report.kind, report.narrative)
        _progress(report, 30)
        html = render_to_string(
            template_name,
            {
                "report": report,
                "campaign": campaign,
                "content": content,
                "signature": report_signature(),
                "place_date": place_date_line(campaign.place or "Hà Nội", content.figures.today),
                "narrative_paragraphs": {
                    key: [p.strip() for p in text.splitlines() if p.strip()]
                    for key, text in content.narrative.items()
                },
            },
        )
        _progress(report, 50)
        pdf = render_pdf(html)
        _progress(report, 90)
        report.file.save(report_file_name(report), ContentFile(pdf), save=False)
        saved_name = report.file.name
        report.snapshot = content.snapshot
        report.data_hash = content.data_hash
        report.status = ReportStatus.DONE
        report.progress = 100
        report.finished_at = timezone.now()
        report.save()
    except Exception as error:
        logger.exception("Report %s failed", report_id)
        if saved_name:
            report.file.storage.delete(saved_name)
        GeneratedReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED,
            file="",
            progress=0,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        report.refresh_from_db()
        raise
    return report


def report_retry(report: GeneratedReport) -> GeneratedReport:
    """Queue a failed version again (same version number: it never had a file)."""
    from .tasks import generate_report_task

    if report.status != ReportStatus.FAILED:
        return report
    GeneratedReport.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED, progress=0, requested_at=timezone.now()
    )
    transaction.on_commit(lambda: generate_report_task.delay(report.pk))
    report.refresh_from_db()
    return report


def reports_due(campaign, today) -> list[str]:
    """The report kinds whose date has passed for ``campaign`` and that have no version yet."""
    month, day = (int(part) for part in settings.PORTAL_SIX_MONTH_REPORT_AFTER.split("-"))
    due = []
    if today > date(campaign.year, month, day):
        due.append(ReportKind.SIX_MONTH)
    if today > campaign.year_end_report_date:
        due.append(ReportKind.YEAR_END)
    existing = set(
        GeneratedReport.objects.filter(campaign=campaign, kind__in=due).values_list(
            "kind", flat=True
        )
    )
    return [kind for kind in due if kind not in existing]


def due_reports_request(today=None) -> list[GeneratedReport]:
    """Celery beat's daily pass: request each report of the open campaign that is due."""
    from campaigns.selectors import campaign_current

    campaign = campaign_current()
    if campaign is None:
        return []
    today = today or timezone.localdate()
    return [report_request(campaign, kind) for kind in reports_due(campaign, today)]
