"""Writes to the results of a period (six-month, year-end): starting them, saving their
content and drafts, their evidence files, their moves."""

from dataclasses import dataclass
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from registrations.selectors.results import approved_initiative_ids, approved_target_ids
from registrations.services.evidence_files import clean_original_name, extension_of, sniff
from units.permissions import may

from ..models import (
    Evidence,
    InitiativeResult,
    InitiativeStatus,
    ProgressReport,
    Registration,
    TargetResult,
)
from ..workflow import EDITABLE, REPORT_WORKFLOW
from .registrations import (
    check_report_opened,
    delete_with_history,
    save_with_history,
    transition_with_event,
)


@transaction.atomic
def report_transition(
    *, report: ProgressReport, to: str, actor, note: str = "", item_comments=()
) -> ProgressReport:
    """Move a progress report along the workflow (approved reports are final)."""
    return transition_with_event(
        obj=report,
        to=to,
        actor=actor,
        note=note,
        workflow=REPORT_WORKFLOW,
        item_comments=item_comments,
    )


@transaction.atomic
def report_start(*, registration: Registration, period: str, actor) -> ProgressReport:
    """The unit's results for the period, created as a draft by its head inside the window."""
    if not may(
        actor,
        "registrations.change_report",
        ProgressReport(registration=registration, period=period),
    ):
        raise PermissionDenied
    report = ProgressReport.objects.filter(registration=registration, period=period).first()
    if report is not None:
        return report
    if not registration.was_approved:
        raise ApplicationError(
            _("Results can be reported once the Department has approved the registration.")
        )
    report = ProgressReport(registration=registration, period=period)
    check_report_opened(report)
    report._history_user = actor
    report.save()
    return report


# Far above any real position (the editor allows 60 targets).

# --- Results of a period
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024  # settings.EVIDENCE_MAX_BYTES overrides
EVIDENCE_MAX_FILES = 20  # settings.EVIDENCE_MAX_FILES overrides


def report_version_token(report: ProgressReport) -> str:
    """Changes whenever the results are saved or change status: detects stale forms."""
    return report.updated_at.isoformat()


def _report_locked_for_change(report: ProgressReport, actor) -> ProgressReport:
    """The report's row, locked, once the actor may change it in its current status."""
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not may(actor, "registrations.view_report", locked):
        raise PermissionDenied
    if locked.status not in EDITABLE:
        raise ApplicationError(
            _("These results are “%(status)s” and can no longer be changed.")
            % {"status": locked.get_status_display()}
        )
    if not may(actor, "registrations.change_report", locked):
        raise PermissionDenied
    return locked


@transaction.atomic
def report_save_content(
    *,
    report: ProgressReport,
    actor,
    version: str,
    target_results: list[dict],
    initiative_results: list[dict],
    summary: str,
) -> ProgressReport:
    """Write the unit's results in one transaction, every change with its history row.

    ``target_results`` rows hold ``target_id``, ``actual_value`` (Decimal or None) and
    ``assessment``; ``initiative_results`` rows hold ``initiative_id``, ``status`` and ``note``.
    Only the targets and initiatives of the approved version are accepted; anything else, a
    stale form or a report no longer editable refuses the whole save.
    """
    locked = _report_locked_for_change(report, actor)
    if version != report_version_token(locked):
        raise ApplicationError(
            _(
                "The results were changed after you opened them. Nothing was saved; reload the "
                "page and enter your changes again."
            )
        )
    target_ids = [row["target_id"] for row in target_results]
    initiative_ids = [row["initiative_id"] for row in initiative_results]
    if (
        len(set(target_ids)) != len(target_ids)
        or len(set(initiative_ids)) != len(initiative_ids)
        or not set(target_ids) <= set(approved_target_ids(locked.registration))
        or not set(initiative_ids) <= set(approved_initiative_ids(locked.registration))
        or any(row["status"] not in InitiativeStatus.values for row in initiative_results)
    ):
        raise ApplicationError(
            _(
                "The form holds a target or an initiative that is not in the approved "
                "registration. Nothing was saved."
            )
        )

    current = {result.target_id: result for result in locked.results.all()}
    for row in target_results:
        actual, assessment = row["actual_value"], (row.get("assessment") or "").strip()
        result = current.get(row["target_id"])
        if result is None:
            if actual is None and not assessment:
                continue
            result = TargetResult(report=locked, target_id=row["target_id"])
        elif (result.actual_value, result.assessment) == (actual, assessment):
            continue
        result.actual_value, result.assessment = actual, assessment
        save_with_history(result, actor)

    progress = {result.initiative_id: result for result in locked.initiative_results.all()}
    for row in initiative_results:
        status, note = row["status"], (row.get("note") or "").strip()
        result = progress.get(row["initiative_id"])
        if result is None:
            result = InitiativeResult(report=locked, initiative_id=row["initiative_id"])
        elif (result.status, result.note) == (status, note):
            continue
        result.status, result.note = status, note
        save_with_history(result, actor)

    locked.summary = summary.strip()
    locked._history_user = actor
    locked.save(update_fields=["summary", "updated_at"])
    return locked


@transaction.atomic
def evidence_add(
    *, report: ProgressReport, actor, uploaded_file, description: str = ""
) -> Evidence:
    """Attach a file to the results after checking its size, its extension and its content.

    The file is stored under MEDIA_ROOT with a generated name; the uploaded name is kept for
    display and download only.
    """
    locked = _report_locked_for_change(report, actor)
    name = clean_original_name(uploaded_file.name or "")
    max_bytes = getattr(settings, "EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES)
    max_files = getattr(settings, "EVIDENCE_MAX_FILES", EVIDENCE_MAX_FILES)
    if locked.evidence.count() >= max_files:
        raise ApplicationError(
            _("At most %(count)d files can be attached to one report. Remove one first.")
            % {"count": max_files}
        )
    if not uploaded_file.size:
        raise ApplicationError(_("“%(name)s” is empty.") % {"name": name})
    if uploaded_file.size > max_bytes:
        raise ApplicationError(
            _("“%(name)s” is larger than %(size)s.")
            % {"name": name, "size": filesizeformat(max_bytes)}
        )
    extension = extension_of(name)
    kind = sniff(uploaded_file, extension)
    if kind is None:
        raise ApplicationError(
            _(
                "“%(name)s” is not an accepted file. Attach PDF files, PNG or JPEG images, or "
                "Word, Excel or PowerPoint documents."
            )
            % {"name": name}
        )

    evidence = Evidence(
        report=locked,
        original_name=name,
        size=uploaded_file.size,
        content_type=kind.content_type,
        description=description.strip()[:255],
        uploaded_by=actor,
    )
    evidence.file.save(f"{uuid4().hex}{extension}", uploaded_file, save=False)
    stored = evidence.file.name
    storage = evidence.file.storage
    try:
        save_with_history(evidence, actor)
    except Exception:
        storage.delete(stored)
        raise
    return evidence


@dataclass(frozen=True)
class DraftSaved:
    report: ProgressReport
    evidence: Evidence | None = None
    attachment_refused: str = ""  # why the chosen file was not attached


@transaction.atomic
def report_save_draft(
    *,
    report: ProgressReport,
    actor,
    version: str,
    target_results: list[dict],
    initiative_results: list[dict],
    summary: str,
    attachment=None,
    attachment_description: str = "",
) -> DraftSaved:
    """Save the typed results as a draft and attach the file chosen with them, if any.

    A unit head may choose a file before saving what they typed: a refused file never costs
    the results, which are saved all the same; the refusal is returned for the page to say.
    """
    report = report_save_content(
        report=report,
        actor=actor,
        version=version,
        target_results=target_results,
        initiative_results=initiative_results,
        summary=summary,
    )
    if attachment is None:
        return DraftSaved(report)
    try:  # evidence_add is atomic: a refusal rolls back to here and the results stay
        evidence = evidence_add(
            report=report,
            actor=actor,
            uploaded_file=attachment,
            description=attachment_description,
        )
    except ApplicationError as error:
        return DraftSaved(report, attachment_refused=error.message)
    return DraftSaved(report, evidence)


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor) -> None:
    """Remove an evidence file: the row (with its history row) now, the stored file on commit."""
    locked = _report_locked_for_change(evidence.report, actor)
    current = Evidence.objects.filter(pk=evidence.pk, report=locked).first()
    if current is None:
        raise ApplicationError(_("This file has already been removed."))
    stored, storage = current.file.name, current.file.storage
    delete_with_history(current, actor)
    transaction.on_commit(lambda: storage.delete(stored))
