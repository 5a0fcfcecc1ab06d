"""Every write to registrations and progress reports; every status change goes through here."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from criteria.eligibility import ERROR
from emulation_portal.exceptions import ApplicationError

from .models import (
    CollectiveTitleAim,
    DeadlineExtension,
    IndividualTitleAim,
    Initiative,
    ProgressReport,
    Registration,
    RegistrationEvent,
    ReviewComment,
    Target,
)
from .selectors import registration_content_snapshot, registration_findings
from .workflow import EDITABLE, REPORT_TRANSITIONS, TRANSITIONS, Status


class InvalidTransition(ApplicationError):
    pass


_PERMISSION_FOR = {
    (Registration, Status.SUBMITTED): "registrations.submit_registration",
    (Registration, Status.RETURNED): "registrations.review_registration",
    (Registration, Status.APPROVED): "registrations.review_registration",
    (Registration, Status.AMENDING): "registrations.amend_registration",
    (ProgressReport, Status.SUBMITTED): "registrations.submit_report",
    (ProgressReport, Status.RETURNED): "registrations.review_report",
    (ProgressReport, Status.APPROVED): "registrations.review_report",
}


def _transition(*, obj, to: str, actor, note: str = "", table, item_comments=()):
    """The one choke point for status changes of a registration or a progress report.

    Locks the row, refuses illegal moves and forbidden actors, stamps the times and writes
    one RegistrationEvent. Moving to the state it is already in is refused too, so a double
    submit or two reviewers acting at once apply exactly once.
    """
    model = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if to not in table[locked.status]:
        raise InvalidTransition(
            _("This action is no longer possible: the status is now “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if not actor.has_perm(_PERMISSION_FOR[(model, to)], locked):
        raise PermissionDenied
    if to == Status.RETURNED and not note.strip():
        raise ApplicationError(_("Write a comment saying what the unit must change."))
    findings = []
    if isinstance(locked, Registration) and to == Status.SUBMITTED:
        _check_registration_deadline(locked)
        findings = _check_registration_rules(locked)
    if isinstance(locked, ProgressReport) and to == Status.SUBMITTED:
        _check_report_window(locked)

    now = timezone.now()
    from_status = locked.status
    locked.status = to
    update_fields = ["status", "updated_at"]
    if to == Status.SUBMITTED:
        locked.submitted_at = now
        update_fields.append("submitted_at")
    elif to in (Status.RETURNED, Status.APPROVED):
        locked.decided_at, locked.decided_by = now, actor
        update_fields += ["decided_at", "decided_by"]
    locked._change_reason = note[:100] if note else f"{from_status} → {to}"
    if isinstance(locked, Registration) and to == Status.APPROVED:
        locked.version += 1
        locked.approved_snapshot = registration_content_snapshot(locked)
        update_fields += ["version", "approved_snapshot"]
    locked.save(update_fields=update_fields)

    registration = locked if isinstance(locked, Registration) else locked.registration
    event = RegistrationEvent.objects.create(
        registration=registration,
        report=locked if isinstance(locked, ProgressReport) else None,
        from_status=from_status,
        to_status=to,
        actor=actor,
        note=note,
        findings=findings,
    )
    if item_comments:
        _add_item_comments(event, item_comments)
    return locked


def _add_item_comments(event: RegistrationEvent, item_comments) -> None:
    """The reviewer's comments on single items; each item must belong to the registration."""
    if event.to_status != Status.RETURNED:
        raise ApplicationError(_("Comments on single items go with a return."))
    registration = event.registration
    comments = []
    for comment in item_comments:
        text = comment.get("text", "").strip()
        target, initiative, person = (
            comment.get("target"),
            comment.get("initiative"),
            comment.get("person"),
        )
        if not text:
            continue
        belongs = (
            (target is None or target.registration_id == registration.pk)
            and (initiative is None or initiative.registration_id == registration.pk)
            and (person is None or person.unit_id == registration.unit_id)
        )
        if not belongs:
            raise ApplicationError(_("A comment refers to an item of another registration."))
        comments.append(
            ReviewComment(
                event=event, target=target, initiative=initiative, person=person, text=text
            )
        )
    ReviewComment.objects.bulk_create(comments)


def registration_deadline_for(registration: Registration):
    """The campaign's deadline, or the unit's extension when the Department granted one."""
    extension = DeadlineExtension.objects.filter(
        campaign_id=registration.campaign_id, unit_id=registration.unit_id
    ).first()
    deadline = registration.campaign.registration_deadline
    return max(deadline, extension.until) if extension else deadline


def _check_registration_rules(registration: Registration) -> list[dict]:
    """Refuse a submission the rule set blocks; return the advisory warnings to record."""
    findings = registration_findings(registration)
    errors = [finding for finding in findings if finding.severity == ERROR]
    if errors:
        raise ApplicationError(
            ngettext(
                "The registration breaks %(count)d rule; correct it before sending: %(first)s",
                "The registration breaks %(count)d rules; correct them before sending. "
                "The first: %(first)s",
                len(errors),
            )
            % {"count": len(errors), "first": errors[0].message}
        )
    return [
        {
            "code": finding.code,
            "severity": finding.severity,
            "message": finding.message,
            "source": finding.source,
        }
        for finding in findings
    ]


def _check_report_window(report: ProgressReport) -> None:
    opens_on, due_on = report.window
    today = timezone.localdate()
    if today < opens_on:
        raise ApplicationError(
            _("Reporting of “%(period)s” opens on %(date)s.")
            % {"period": report.get_period_display(), "date": opens_on.strftime("%d/%m/%Y")}
        )
    if today > due_on:
        raise ApplicationError(
            _(
                "“%(period)s” were due on %(date)s. Ask the Department of Emulation to accept "
                "them late."
            )
            % {"period": report.get_period_display(), "date": due_on.strftime("%d/%m/%Y")}
        )


def _check_registration_deadline(registration: Registration) -> None:
    deadline = registration_deadline_for(registration)
    if timezone.localdate() > deadline:
        raise ApplicationError(
            _(
                "The registration deadline was %(date)s. Ask the Department of Emulation for an "
                "extension to submit now."
            )
            % {"date": deadline.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def registration_transition(
    *, registration: Registration, to: str, actor, note: str = "", item_comments=()
) -> Registration:
    """Move a registration along the workflow (see ``workflow.TRANSITIONS``).

    A return may carry ``item_comments``: dicts with ``text`` and one of ``target``,
    ``initiative`` or ``person`` (none: a comment on the collective titles).
    """
    return _transition(
        obj=registration,
        to=to,
        actor=actor,
        note=note,
        table=TRANSITIONS,
        item_comments=item_comments,
    )


@transaction.atomic
def report_transition(
    *, report: ProgressReport, to: str, actor, note: str = "", item_comments=()
) -> ProgressReport:
    """Move a progress report along the workflow (approved reports are final)."""
    return _transition(
        obj=report,
        to=to,
        actor=actor,
        note=note,
        table=REPORT_TRANSITIONS,
        item_comments=item_comments,
    )


def registration_get_or_create(*, campaign, unit) -> Registration:
    """The unit's one registration for the campaign, created as a draft on first use."""
    registration, _created = Registration.objects.get_or_create(campaign=campaign, unit=unit)
    return registration


def registration_version_token(registration: Registration) -> str:
    """Changes whenever the registration is saved: detects stale forms."""
    return registration.updated_at.isoformat()


@transaction.atomic
def registration_start(*, campaign, unit, actor) -> Registration:
    """The unit's registration for the campaign, created as a draft by its head."""
    # A new registration is a draft, so this asks "does the actor head this unit?".
    if not actor.has_perm("registrations.change_registration", Registration(unit=unit)):
        raise PermissionDenied
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    if registration is None:
        registration = Registration(campaign=campaign, unit=unit)
        registration._history_user = actor
        registration.save()
    return registration


@transaction.atomic
def report_start(*, registration: Registration, period: str, actor) -> ProgressReport:
    """The unit's results for the period, created as a draft by its head inside the window."""
    if not actor.has_perm(
        "registrations.change_report", ProgressReport(registration=registration, period=period)
    ):
        raise PermissionDenied
    report = ProgressReport.objects.filter(registration=registration, period=period).first()
    if report is not None:
        return report
    if registration.version < 1:
        raise ApplicationError(
            _("Results can be reported once the Department has approved the registration.")
        )
    report = ProgressReport(registration=registration, period=period)
    opens_on, _due_on = report.window
    if timezone.localdate() < opens_on:
        raise ApplicationError(
            _("Reporting of “%(period)s” opens on %(date)s.")
            % {"period": report.get_period_display(), "date": opens_on.strftime("%d/%m/%Y")}
        )
    report._history_user = actor
    report.save()
    return report


def _save_with_history(instance, actor):
    instance._history_user = actor
    instance.save()


def _delete_with_history(instance, actor):
    instance._history_user = actor
    instance.delete()


@transaction.atomic
def registration_save_content(
    *,
    registration: Registration,
    actor,
    version: str,
    targets: list[dict],
    deleted_targets: list,
    collective_title_ids: set[int],
    individual_aims: dict[int, set[int]],
    initiatives: list[dict],
    deleted_initiatives: list,
) -> Registration:
    """Write the editor's content in one transaction, every change with its history row.

    Refuses when the registration is not editable, when the actor may not change it, and
    when the form was built from an older version (someone saved in between).
    """
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if not actor.has_perm("registrations.change_registration", locked):
        if locked.status not in EDITABLE:
            raise ApplicationError(
                _("This registration is “%(status)s” and can no longer be changed.")
                % {"status": locked.get_status_display()}
            )
        raise PermissionDenied
    if version != registration_version_token(locked):
        raise ApplicationError(
            _(
                "The registration was changed by someone else after you opened it. "
                "Nothing was saved; reload the page and enter your changes again."
            )
        )

    for target in deleted_targets:
        _delete_with_history(target, actor)
    for position, data in enumerate(targets, start=1):
        target = data.pop("instance") or Target(registration=locked)
        for field, value in {**data, "position": 1000 + position}.items():
            setattr(target, field, value)
        _save_with_history(target, actor)
    # Two passes keep positions unique while they are renumbered.
    for position, target in enumerate(locked.targets.order_by("position"), start=1):
        if target.position != position:
            target.position = position
            _save_with_history(target, actor)

    current = {aim.title_id: aim for aim in locked.collective_titles.all()}
    for title_id in set(current) - collective_title_ids:
        _delete_with_history(current[title_id], actor)
    for title_id in collective_title_ids - set(current):
        _save_with_history(CollectiveTitleAim(registration=locked, title_id=title_id), actor)

    existing = {(a.person_id, a.title_id): a for a in locked.individual_titles.all()}
    wanted = {(pid, tid) for pid, tids in individual_aims.items() for tid in tids}
    for key in set(existing) - wanted:
        _delete_with_history(existing[key], actor)
    for person_id, title_id in wanted - set(existing):
        _save_with_history(
            IndividualTitleAim(registration=locked, person_id=person_id, title_id=title_id), actor
        )

    for initiative in deleted_initiatives:
        _delete_with_history(initiative, actor)
    for data in initiatives:
        authors = data.pop("authors")
        initiative = data.pop("instance") or Initiative(registration=locked)
        for field, value in data.items():
            setattr(initiative, field, value)
        _save_with_history(initiative, actor)
        initiative.authors.set(authors)

    locked._history_user = actor
    locked.save(update_fields=["updated_at"])
    return locked
