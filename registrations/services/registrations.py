"""Writes to registrations: starting one, saving its content, its moves between the unit and
the Department (with the review's item comments), reviewers' assignments."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from criteria.eligibility import ERROR
from emulation_portal.broker import publish
from emulation_portal.exceptions import ApplicationError
from emulation_portal.workflow import transition
from registrations.selectors.deadlines import registration_deadline
from registrations.selectors.registrations import (
    registration_content_snapshot,
    registration_findings,
)
from units.models import SubUnit
from units.permissions import may
from units.roles import actor_for

from ..models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    ProgressReport,
    Registration,
    RegistrationEvent,
    ReviewComment,
    ReviewerAssignment,
    Target,
)
from ..notifications import decision_email_queue, decision_emails_enabled
from ..workflow import EDITABLE, REGISTRATION_WORKFLOW, Status


def transition_with_event(*, obj, to: str, actor, note: str = "", workflow, item_comments=()):
    """A registration's or a progress report's move through the kernel's ``transition``, with
    the registrations' own guards (deadline, content, rules, reporting window) and their event:
    one RegistrationEvent, its item comments and, for a decision, the e-mail in the outbox.
    """
    is_registration = isinstance(obj, Registration)

    def guard(locked):
        if is_registration and to == Status.SUBMITTED:
            _check_registration_deadline(locked)
            _check_registration_not_empty(locked)
            return _check_registration_rules(locked)
        if not is_registration and to == Status.SUBMITTED:
            check_report_window(locked)
        return []

    def apply(locked):
        if is_registration and to == Status.APPROVED:
            locked.version += 1
            locked.approved_snapshot = registration_content_snapshot(locked)
            return ["version", "approved_snapshot"]
        return []

    def record(locked, from_status, findings):
        event = RegistrationEvent.objects.create(
            registration=locked if is_registration else locked.registration,
            report=None if is_registration else locked,
            from_status=from_status,
            to_status=to,
            actor=actor,
            note=note,
            findings=findings,
            snapshot=registration_content_snapshot(locked)
            if is_registration and to == Status.SUBMITTED
            else {},
        )
        if item_comments:
            _add_item_comments(event, item_comments)
        if (
            to in (Status.RETURNED, Status.APPROVED)
            and decision_emails_enabled()
            and decision_email_queue(event.pk)
        ):
            # The e-mail is in the outbox with the decision (a rolled-back one e-mails nobody).
            # It is sent after the commit; if the broker cannot be reached, beat sends it later.
            event_id = event.pk
            transaction.on_commit(
                lambda: publish("registrations.tasks.send_decision_email", event_id), robust=True
            )

    return transition(
        obj,
        to,
        actor,
        workflow=workflow,
        note=note,
        guard=guard,
        apply=apply,
        record=record,
    )


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


def _check_registration_not_empty(registration: Registration) -> None:
    """Nothing to review: no target, no collective or individual title, no initiative."""
    if not (
        registration.targets.exists()
        or registration.collective_titles.exists()
        or registration.individual_titles.exists()
        or registration.initiatives.exists()
    ):
        raise ApplicationError(
            _(
                "The registration has no target, title or initiative yet. Add at least one "
                "before sending it to the Department."
            )
        )


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


def check_report_opened(report: ProgressReport) -> None:
    opens_on, _due_on = report.window
    if timezone.localdate() < opens_on:
        raise ApplicationError(
            _("Reporting of “%(period)s” opens on %(date)s.")
            % {"period": report.get_period_display(), "date": opens_on.strftime("%d/%m/%Y")}
        )


def check_report_window(report: ProgressReport) -> None:
    check_report_opened(report)
    _opens_on, due_on = report.window
    if timezone.localdate() > due_on:
        raise ApplicationError(
            _(
                "“%(period)s” were due on %(date)s. Ask the Department of Emulation to accept "
                "them late."
            )
            % {"period": report.get_period_display(), "date": due_on.strftime("%d/%m/%Y")}
        )


def _check_registration_deadline(registration: Registration) -> None:
    deadline = registration_deadline(registration)
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
    """Move a registration along the workflow (see ``workflow.REGISTRATION_WORKFLOW``).

    A return may carry ``item_comments``: dicts with ``text`` and one of ``target``,
    ``initiative`` or ``person`` (none: a comment on the collective titles).
    """
    return transition_with_event(
        obj=registration,
        to=to,
        actor=actor,
        note=note,
        workflow=REGISTRATION_WORKFLOW,
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
    if not may(actor, "registrations.change_registration", Registration(unit=unit)):
        raise PermissionDenied
    registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
    if registration is None:
        registration = Registration(campaign=campaign, unit=unit)
        registration._history_user = actor
        registration.save()
    return registration


@transaction.atomic
def reviewer_assign(*, campaign, units, reviewer, actor) -> int:
    """Give the units' submissions for the campaign to one specialist of the Department.

    Returns how many units changed hands; each change keeps its history row.
    """
    if not may(actor, "registrations.assign_reviewer"):
        raise PermissionDenied
    if not actor_for(reviewer).is_reviewer:
        raise ApplicationError(_("Only a specialist of the Department can review."))
    current = {
        assignment.unit_id: assignment
        for assignment in ReviewerAssignment.objects.filter(campaign=campaign, unit__in=units)
    }
    changed = 0
    for unit in units:
        assignment = current.get(unit.pk) or ReviewerAssignment(campaign=campaign, unit=unit)
        if assignment.pk and assignment.reviewer_id == reviewer.pk:
            continue
        assignment.reviewer, assignment.assigned_by = reviewer, actor
        save_with_history(assignment, actor)
        changed += 1
    return changed


# Targets that move are parked this far beyond the last position while they are renumbered.
_PARKED = 10_000


def unchanged(instance, values: dict) -> bool:
    return all(getattr(instance, field) == value for field, value in values.items())


def save_with_history(instance, actor):
    instance._history_user = actor
    instance.save()


def delete_with_history(instance, actor):
    instance._history_user = actor
    instance.delete()


def registration_lock_for_change(
    *, registration: Registration, actor, version: str, stale_message: str
) -> Registration:
    """The registration's row, locked, once the actor may change it and nobody saved since
    ``version`` was read; call inside a transaction."""
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=registration.pk)
    )
    if not may(actor, "registrations.change_registration", locked):
        if locked.status not in EDITABLE:
            raise ApplicationError(
                _("This registration is “%(status)s” and can no longer be changed.")
                % {"status": locked.get_status_display()}
            )
        raise PermissionDenied
    if version != registration_version_token(locked):
        raise ApplicationError(stale_message)
    return locked


def save_sub_unit_aims(registration: Registration, aims: dict[int, set[int]], actor) -> None:
    """Replace the aims of the sub-units named in ``aims``; a sub-unit of another unit (a
    forged id), or an inactive one given a new title, is refused before anything is written."""
    sub_units = {
        sub_unit.pk: sub_unit
        for sub_unit in SubUnit.objects.filter(unit_id=registration.unit_id, pk__in=list(aims))
    }
    existing = {
        (aim.sub_unit_id, aim.title_id): aim
        for aim in registration.collective_titles.filter(sub_unit_id__in=list(aims))
    }
    wanted = {(int(sid), int(tid)) for sid, tids in aims.items() for tid in tids}
    if any(int(sid) not in sub_units for sid in aims):
        raise ApplicationError(
            _("A sub-unit given is not one of the unit's sub-units. Nothing was saved.")
        )
    if any(not sub_units[sid].is_active for sid, _tid in wanted - set(existing)):
        raise ApplicationError(
            _("An inactive sub-unit cannot be given a new title. Nothing was saved.")
        )
    for key in set(existing) - wanted:
        delete_with_history(existing[key], actor)
    for sub_unit_id, title_id in sorted(wanted - set(existing)):
        save_with_history(
            CollectiveTitleAim(
                registration=registration, sub_unit_id=sub_unit_id, title_id=title_id
            ),
            actor,
        )


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
    sub_unit_aims: dict[int, set[int]] | None = None,
) -> Registration:
    """Write the editor's content in one transaction, every change with its history row.

    ``sub_unit_aims`` (sub-unit id -> collective title ids) replaces the aims of the sub-units
    it names; None leaves every sub-unit's aims as they are. Refuses when the registration is
    not editable, when the actor may not change it, when the form was built from an older
    version (someone saved in between), and when a sub-unit is not one of the unit's.
    """
    locked = registration_lock_for_change(
        registration=registration,
        actor=actor,
        version=version,
        stale_message=_(
            "The registration was changed by someone else after you opened it. "
            "Nothing was saved; reload the page and enter your changes again."
        ),
    )

    for target in deleted_targets:
        delete_with_history(target, actor)
    # Only what changed is saved, so the history shows what the user did, not noise.
    # Compared with fresh rows: a validated ModelForm has already changed its instance.
    saved_targets = {target.pk: target for target in locked.targets.all()}
    changed = []
    for position, data in enumerate(targets, start=1):
        instance = data.pop("instance")
        target = saved_targets[instance.pk] if instance else Target(registration=locked)
        values = {**data, "position": position}
        if target.pk and unchanged(target, values):
            continue
        changed.append((target, values))
    # Park the targets that move, so positions stay unique while they are renumbered.
    Target.objects.filter(pk__in=[target.pk for target, _values in changed if target.pk]).update(
        position=F("position") + _PARKED
    )
    for target, values in changed:
        for field, value in values.items():
            setattr(target, field, value)
        save_with_history(target, actor)

    current = {aim.title_id: aim for aim in locked.collective_titles.filter(sub_unit=None)}
    for title_id in set(current) - collective_title_ids:
        delete_with_history(current[title_id], actor)
    for title_id in collective_title_ids - set(current):
        save_with_history(CollectiveTitleAim(registration=locked, title_id=title_id), actor)
    if sub_unit_aims is not None:
        save_sub_unit_aims(locked, sub_unit_aims, actor)

    existing = {(a.person_id, a.title_id): a for a in locked.individual_titles.all()}
    wanted = {(pid, tid) for pid, tids in individual_aims.items() for tid in tids}
    for key in set(existing) - wanted:
        delete_with_history(existing[key], actor)
    for person_id, title_id in wanted - set(existing):
        save_with_history(
            IndividualTitleAim(registration=locked, person_id=person_id, title_id=title_id), actor
        )

    for initiative in deleted_initiatives:
        delete_with_history(initiative, actor)
    saved_initiatives = {i.pk: i for i in locked.initiatives.prefetch_related("authors")}
    for data in initiatives:
        authors = data.pop("authors")
        instance = data.pop("instance")
        initiative = saved_initiatives[instance.pk] if instance else Initiative(registration=locked)
        if (
            initiative.pk
            and unchanged(initiative, data)
            and {a.pk for a in initiative.authors.all()} == {a.pk for a in authors}
        ):
            continue
        for field, value in data.items():
            setattr(initiative, field, value)
        save_with_history(initiative, actor)
        initiative.authors.set(authors)

    locked._history_user = actor
    locked.save(update_fields=["updated_at"])
    return locked
