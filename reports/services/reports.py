"""Generating the reports to the Minister: a new version per request, rendered to PDF.

``report_request`` creates the queued version and hands it to Celery once the transaction
commits; ``report_generate`` (the task's body, and the ``build_report`` command's) renders it.
Nothing is lost to a fault: a job the broker could not take stays queued, and one whose worker
died stops beating; ``lost_reports_recover`` (Celery beat) hands both to a worker again.
"""

import logging
import os
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import DatabaseError, connections, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.services import register_next_number, register_note_number
from emulation_portal.broker import publish
from emulation_portal.official_dates import place_date_line
from emulation_portal.pdf import render_pdf
from units.selectors import organisation

from ..documents.content import (
    NARRATIVE_KEYS,
    annex_numbers,
    annex_reference,
    clean_narrative,
    report_content,
)
from ..documents.frame import report_frame
from ..models import GeneratedReport, ReportKind, ReportStatus, ReportVariant

logger = logging.getLogger(__name__)

REPORT_TEMPLATE = "reports/pdf/report.html"


class ReportRefused(Exception):
    """A report cannot be issued as asked; the message says why, for the user."""


def report_file_name(report: GeneratedReport) -> str:
    kind = "so-ket-6-thang" if report.kind == ReportKind.SIX_MONTH else "tong-ket-nam"
    to = "gui-trung-uong" if report.variant == ReportVariant.TO_STATE else "gui-bo-truong"
    state = f"so-{report.number}" if report.is_issued else "du-thao"
    return f"bao-cao-{kind}-{report.campaign.year}-{to}-v{report.version}-{state}.pdf"


def narrative_missing(narrative: dict) -> list[str]:
    """The narrative parts still to be written (an issued report has none)."""
    return [key for key in NARRATIVE_KEYS if not str(narrative.get(key) or "").strip()]


def _lost_before(now=None):
    """A running job whose last sign of life is older than this lost its worker."""
    return (now or timezone.now()) - timedelta(seconds=settings.PORTAL_REPORT_LOST_AFTER_SECONDS)


def _lost_jobs(now=None):
    before = _lost_before(now)
    return GeneratedReport.objects.filter(
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, started_at__lt=before),
        status=ReportStatus.RUNNING,
    )


def _interrupted() -> dict:
    return {
        "status": ReportStatus.FAILED,
        "progress": 0,
        "file": "",
        "finished_at": timezone.now(),
        "error": _("The job was interrupted before it finished (its worker stopped). Retry it."),
    }


def report_enqueue(report: GeneratedReport) -> bool:
    """Hand the queued job to a worker through the broker; False if the broker could not be
    reached (the job stays queued, with no ``enqueued_at``, for beat's next recovery)."""
    now = timezone.now()
    # Noted first: an eager run (tests, no broker) finishes inside ``publish``.
    GeneratedReport.objects.filter(pk=report.pk).update(enqueued_at=now)
    if publish("reports.tasks.generate_report_task", report.pk):
        report.enqueued_at = now
        return True
    GeneratedReport.objects.filter(pk=report.pk, enqueued_at=now).update(enqueued_at=None)
    report.enqueued_at = None
    return False


def lost_reports_recover(now=None) -> int:
    """Celery beat's recovery, every few minutes; returns how many jobs went to a worker.

    A running job silent for PORTAL_REPORT_LOST_AFTER_SECONDS lost its worker: it is queued
    again, or failed once it has been started PORTAL_REPORT_MAX_ATTEMPTS times. A queued job is
    handed to the broker if that never succeeded (the broker was down) or so long ago that
    the message must have been lost with the broker's data (the visibility timeout)."""
    now = now or timezone.now()
    lost = _lost_jobs(now)
    lost.filter(attempts__gte=settings.PORTAL_REPORT_MAX_ATTEMPTS).update(**_interrupted())
    lost.update(status=ReportStatus.QUEUED, progress=0, enqueued_at=None)
    message_lost_before = now - timedelta(
        seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    )
    waiting = GeneratedReport.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=message_lost_before),
        status=ReportStatus.QUEUED,
    ).order_by("requested_at", "pk")
    handed = 0
    for report in waiting:
        if not report_enqueue(report):
            break  # the broker is still down: the others wait for the next run
        handed += 1
    return handed


def report_create(
    campaign,
    kind: str,
    *,
    variant: str = ReportVariant.TO_HEAD,
    actor=None,
    narrative=None,
    issue: dict | None = None,
) -> GeneratedReport:
    """A new queued version of the ``kind`` report of ``campaign`` in ``variant`` (never
    overwrites one): a draft, or with ``issue`` (number, date, who) the issued one."""
    if kind not in ReportKind.values:
        raise ValueError(f"Unknown report kind: {kind!r}")
    if variant not in ReportVariant.values:
        raise ValueError(f"Unknown report variant: {variant!r}")
    with transaction.atomic():
        # Lock the campaign's row so that two requests cannot take the same version number.
        type(campaign).objects.select_for_update().filter(pk=campaign.pk).first()
        latest = GeneratedReport.objects.filter(campaign=campaign, kind=kind, variant=variant)
        if latest.filter(issued_on__isnull=False).exists():
            raise ReportRefused(_("This report has already been issued; it is not changed."))
        last = latest.aggregate(n=Max("version"))["n"] or 0
        if narrative is None:
            previous = latest.order_by("-version").first()
            narrative = previous.narrative if previous else {}
        return GeneratedReport.objects.create(
            campaign=campaign,
            kind=kind,
            variant=variant,
            version=last + 1,
            requested_by=actor,
            narrative=clean_narrative(narrative),
            **(issue or {}),
        )


def report_request(
    campaign, kind: str, *, variant: str = ReportVariant.TO_HEAD, actor=None, narrative=None
) -> GeneratedReport:
    """Create the queued draft and hand its Celery job to the broker once the transaction
    commits; outside a transaction (a page: ATOMIC_REQUESTS is off) that is before this
    returns, and ``enqueued_at`` then says whether the broker took it."""
    report = report_create(campaign, kind, variant=variant, actor=actor, narrative=narrative)
    transaction.on_commit(lambda: report_enqueue(report))
    return report


def report_issue(
    draft: GeneratedReport, *, actor, number: str = "", issued_on: date | None = None
) -> GeneratedReport:
    """Issue a draft: its next version carries the draft's narrative, a number (the one typed,
    else the next of the yearly register of the variant's symbol) and the date of issue, and
    prints without the draft mark. Refused while a narrative part is unwritten, without a
    named signer, for a date in the future or before the draft's figures, or a second time."""
    today = timezone.localdate()
    issued_on = issued_on or today
    if draft.status != ReportStatus.DONE or draft.is_issued:
        raise ReportRefused(_("Only a finished draft can be issued."))
    if narrative_missing(draft.narrative):
        raise ReportRefused(_("Every narrative part must be written before the report is issued."))
    frame = report_frame(organisation(), draft.variant)
    if not frame.has_named_signer:
        raise ReportRefused(
            _(
                "The report has no signer with a name: the administrator adds the signer "
                "to the organisation first."
            )
        )
    if issued_on > today:
        raise ReportRefused(_("The date of issue cannot be in the future."))
    figures_date = timezone.localdate(draft.finished_at) if draft.finished_at else today
    if issued_on < figures_date:
        raise ReportRefused(
            _("The date of issue cannot be before the date of the figures (%(date)s).")
            % {"date": figures_date.strftime("%d/%m/%Y")}
        )
    number = number.strip()
    with transaction.atomic():
        if number:
            if GeneratedReport.objects.filter(
                number=number, issued_on__year=issued_on.year, variant=draft.variant
            ).exists():
                raise ReportRefused(
                    _("Number %(number)s/%(symbol)s has already been given this year.")
                    % {"number": number, "symbol": frame.symbol}
                )
            register_note_number(frame.symbol, issued_on.year, number)
        else:
            number = register_next_number(frame.symbol, issued_on.year)
        report = report_create(
            draft.campaign,
            draft.kind,
            variant=draft.variant,
            actor=actor,
            narrative=draft.narrative,
            issue={
                "number": number,
                "issued_on": issued_on,
                "issued_by": actor,
                "issued_from": draft,
            },
        )
    transaction.on_commit(lambda: report_enqueue(report))
    return report


class _Heartbeat:
    """Writes the running job's sign of life from a thread every PORTAL_REPORT_HEARTBEAT_SECONDS
    while it renders, so that a job whose worker died is told from a long one."""

    def __init__(self, job):
        self.job = job
        self.stopped = threading.Event()
        self.thread = None

    def __enter__(self):
        # Inside a transaction (a test's), another connection could not see the job's row.
        if not transaction.get_connection().in_atomic_block:
            self.thread = threading.Thread(target=self._beat, name="report-heartbeat", daemon=True)
            self.thread.start()
        return self

    def _beat(self):
        try:
            while not self.stopped.wait(settings.PORTAL_REPORT_HEARTBEAT_SECONDS):
                try:
                    self.job.update(heartbeat_at=timezone.now())
                except DatabaseError:  # a blip must not make a healthy job look lost
                    logger.warning("Report heartbeat missed", exc_info=True)
                    connections.close_all()
        finally:
            connections.close_all()  # this thread's connections

    def __exit__(self, *exc_info):
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=10)


class _FileOnDisk(File):
    """A complete file already on disk: FileSystemStorage moves (renames) it into place."""

    def temporary_file_path(self):
        return self.file.name


def _store_pdf(report: GeneratedReport, pdf: bytes) -> str:
    """Save the PDF under the report's name in one step: written to a temporary file beside
    it, then renamed into place, so that a worker killed meanwhile leaves no partial PDF (at
    most a hidden ``.part`` file). A storage without local paths gets the bytes in one call."""
    storage = report.file.storage
    name = report.file.field.generate_filename(report, report_file_name(report))
    try:
        folder = Path(storage.path(name)).parent
    except NotImplementedError:
        return storage.save(name, ContentFile(pdf))
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=".part", delete=False) as out:
        out.write(pdf)
        out.flush()
        os.fsync(out.fileno())
    try:
        with open(out.name, "rb") as handle:
            return storage.save(name, _FileOnDisk(handle, name=name))
    finally:
        Path(out.name).unlink(missing_ok=True)


def report_generate(report_id: int, *, template_name: str = REPORT_TEMPLATE) -> GeneratedReport:
    """Render version ``report_id`` to PDF. Idempotent: a version already done is left as it is,
    and a run starts again from scratch (a job whose worker died is taken over).

    The status goes running → done with the file saved, or → failed with the reason and no
    file (the exception is raised again so that the task may retry). A failed version may be
    generated again. Each run is numbered (``attempts``); a run that finds the job taken over
    by a later one (its heartbeat was taken as lost) drops its own result.
    """
    with transaction.atomic():
        report = (
            GeneratedReport.objects.select_for_update().select_related("campaign").get(pk=report_id)
        )
        if report.status == ReportStatus.DONE:
            return report
        if report.status == ReportStatus.RUNNING:
            if not _lost_jobs().filter(pk=report.pk).exists():
                return report  # another worker's, alive
            if report.attempts >= settings.PORTAL_REPORT_MAX_ATTEMPTS:
                GeneratedReport.objects.filter(pk=report.pk).update(**_interrupted())
                report.refresh_from_db()
                return report
        now = timezone.now()
        report.status = ReportStatus.RUNNING
        report.started_at = report.heartbeat_at = now
        report.finished_at = None
        report.error = ""
        report.progress = 5
        report.attempts += 1
        report.save(
            update_fields=[
                "status",
                "started_at",
                "heartbeat_at",
                "finished_at",
                "error",
                "progress",
                "attempts",
            ]
        )
    # This run's hold on the job: lost if a later run took it over.
    job = GeneratedReport.objects.filter(
        pk=report.pk, status=ReportStatus.RUNNING, attempts=report.attempts
    )

    def progress(percent: int) -> None:
        report.progress = percent
        job.update(progress=percent, heartbeat_at=timezone.now())

    saved_name = ""
    try:
        with _Heartbeat(job):
            campaign = report.campaign
            org = organisation()
            frame = report_frame(org, report.variant)
            content = report_content(campaign, report.kind, report.narrative)
            progress(30)
            place = campaign.place or org.place
            html = render_to_string(
                template_name,
                {
                    "report": report,
                    "campaign": campaign,
                    "content": content,
                    "organisation": org,
                    "frame": frame,
                    "signature": frame.signature,
                    "annexes": annex_numbers(content),
                    "annex_reference": annex_reference(report, frame),
                    "place_date": (
                        place_date_line(place, report.issued_on)
                        if report.is_issued
                        else f"{place}, ngày      tháng      năm {content.figures.today.year}"
                    ),
                    "narrative_paragraphs": {
                        key: [p.strip() for p in text.splitlines() if p.strip()]
                        for key, text in content.narrative.items()
                    },
                },
            )
            progress(50)
            pdf = render_pdf(html)
            progress(90)
            saved_name = _store_pdf(report, pdf)
            finished = timezone.now()
            if not job.update(
                file=saved_name,
                snapshot=content.snapshot,
                data_hash=content.data_hash,
                status=ReportStatus.DONE,
                progress=100,
                finished_at=finished,
                heartbeat_at=finished,
            ):
                logger.warning(
                    "Report %s was taken over by a later run: dropping this one", report_id
                )
                report.file.storage.delete(saved_name)
    except Exception as error:
        logger.exception("Report %s failed", report_id)
        if saved_name:
            report.file.storage.delete(saved_name)
        job.update(
            status=ReportStatus.FAILED,
            file="",
            progress=0,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        report.refresh_from_db()
        raise
    report.refresh_from_db()
    return report


def report_retry(report: GeneratedReport) -> GeneratedReport:
    """Queue a failed version again (same version number: it never had a file)."""
    if report.status != ReportStatus.FAILED:
        return report
    GeneratedReport.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED,
        progress=0,
        attempts=0,
        enqueued_at=None,
        requested_at=timezone.now(),
    )
    report.refresh_from_db()
    transaction.on_commit(lambda: report_enqueue(report))
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
