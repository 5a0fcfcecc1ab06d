"""Writes to proposals for commendation; every status change goes through ``_transition``."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emulation_portal.exceptions import ApplicationError
from emulation_portal.workflow import lock_row, transition
from units.permissions import may

from ..models import Proposal, ProposalEvent, ProposalItem
from ..selectors.proposals import (
    approved_registration,
    findings_as_json,
    findings_errors,
    proposal_candidates,
    proposal_findings,
)
from ..workflow import PROPOSAL_WORKFLOW, ProposalStatus


def _items_snapshot(proposal: Proposal) -> list[dict]:
    """What the proposal holds, as plain JSON (kept on the submission's event)."""
    return [
        {
            "person_id": person_id,
            "person": name or "",
            "title": code,
            "title_name": title_name,
        }
        for person_id, name, code, title_name in ProposalItem.objects.filter(proposal=proposal)
        .order_by("person__full_name", "title__rank")
        .values_list("person_id", "person__full_name", "title__code", "title__name")
    ]


def _check_rules(proposal: Proposal) -> list[dict]:
    """Refuse a proposal the rule set blocks; return every finding to record on the event."""
    findings = proposal_findings(proposal)
    errors = findings_errors(findings)
    if errors:
        raise ApplicationError(
            ngettext(
                "The proposal breaks %(count)d rule; correct it first: %(first)s",
                "The proposal breaks %(count)d rules; correct them first. The first: %(first)s",
                len(errors),
            )
            % {"count": len(errors), "first": errors[0].message}
        )
    return findings_as_json(findings)


def _transition(*, proposal: Proposal, to: str, actor, note: str = "") -> Proposal:
    """A proposal's move through the kernel's ``transition``, with the proposals' own guards
    (something proposed, the rules on submitting and forwarding) and one ProposalEvent."""

    def guard(locked):
        snapshot = []
        if to == ProposalStatus.SUBMITTED:
            snapshot = _items_snapshot(locked)
            if not snapshot:
                raise ApplicationError(_("Propose at least one title before sending."))
        findings = []
        if to in (ProposalStatus.SUBMITTED, ProposalStatus.FORWARDED):
            findings = _check_rules(locked)
        return findings, snapshot

    def record(locked, from_status, guarded):
        findings, snapshot = guarded
        ProposalEvent.objects.create(
            proposal=locked,
            from_status=from_status,
            to_status=to,
            actor=actor,
            note=note,
            findings=findings,
            snapshot=snapshot,
        )

    return transition(
        proposal,
        to,
        actor,
        workflow=PROPOSAL_WORKFLOW,
        note=note,
        lock=lambda obj: lock_row(obj, Proposal.objects.select_related("registration__campaign")),
        guard=guard,
        record=record,
    )


@transaction.atomic
def proposal_transition(*, proposal: Proposal, to: str, actor, note: str = "") -> Proposal:
    """Move a proposal along its workflow (``awards.workflow.PROPOSAL_WORKFLOW``).

    Raises InvalidTransition, PermissionDenied, or ApplicationError (a return without a
    comment, nothing proposed, a rule broken on submitting or forwarding).
    """
    return _transition(proposal=proposal, to=to, actor=actor, note=note)


def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    """The unit head sends the proposal to the Department."""
    return proposal_transition(proposal=proposal, to=ProposalStatus.SUBMITTED, actor=actor)


def proposal_return(*, proposal: Proposal, actor, note: str) -> Proposal:
    """The Department returns the proposal to the unit with a mandatory comment."""
    return proposal_transition(
        proposal=proposal, to=ProposalStatus.RETURNED, actor=actor, note=note
    )


def proposal_forward(*, proposal: Proposal, actor, note: str = "") -> Proposal:
    """The Department has checked the proposal and forwards it to the council."""
    return proposal_transition(
        proposal=proposal, to=ProposalStatus.FORWARDED, actor=actor, note=note
    )


@transaction.atomic
def proposal_start(*, campaign, unit, actor) -> Proposal:
    """The unit's proposal for the campaign, created by its head from the approved version of
    its registration with every title registered there proposed; the existing one if any.

    Raises PermissionDenied for anyone but the unit's head, ApplicationError when the
    registration has not been approved.
    """
    if not may(actor, "awards.change_proposal", Proposal(unit=unit)):
        raise PermissionDenied
    existing = Proposal.objects.filter(campaign=campaign, unit=unit).first()
    if existing is not None:
        return existing
    registration = approved_registration(campaign=campaign, unit_id=unit.pk)
    if registration is None:
        raise ApplicationError(
            _("A proposal is made from the approved registration: it is not approved yet.")
        )
    proposal = Proposal(
        campaign=campaign,
        unit=unit,
        registration=registration,
        registration_version=registration.version,
    )
    proposal._history_user = actor
    proposal.save()
    candidates = proposal_candidates(registration)
    items = [ProposalItem(proposal=proposal, title=title) for title in candidates.collective]
    items += [
        ProposalItem(proposal=proposal, person=row.person, title=title)
        for row in candidates.people
        for title in row.titles
    ]
    for item in items:
        item._history_user = actor
        item.save()
    return proposal


@transaction.atomic
def proposal_save_items(
    *,
    proposal: Proposal,
    collective_title_ids,
    person_title_ids: dict[int, set[int]],
    summary: str,
    actor,
) -> Proposal:
    """Make the proposal hold exactly these titles (each recorded in the items' history).

    Only what the approved registration holds may be proposed (ApplicationError otherwise);
    only the unit's head while the proposal is a draft or returned (PermissionDenied).
    """
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("registration__campaign")
        .get(pk=proposal.pk)
    )
    if not may(actor, "awards.change_proposal", locked):
        raise PermissionDenied
    allowed_collective, allowed_people = proposal_candidates(locked.registration).allowed()
    wanted = {(None, int(title_id)) for title_id in collective_title_ids}
    wanted |= {
        (int(person_id), int(title_id))
        for person_id, title_ids in person_title_ids.items()
        for title_id in title_ids
    }
    for person_id, title_id in wanted:
        allowed = allowed_collective if person_id is None else allowed_people.get(person_id, set())
        if title_id not in allowed:
            raise ApplicationError(
                _("Only the titles of the approved registration can be proposed.")
            )
    existing = {
        (item.person_id, item.title_id): item
        for item in ProposalItem.objects.filter(proposal=locked)
    }
    for key in existing.keys() - wanted:
        item = existing[key]
        item._history_user = actor
        item.delete()
    for person_id, title_id in sorted(wanted - existing.keys(), key=lambda k: (k[0] or 0, k[1])):
        item = ProposalItem(proposal=locked, person_id=person_id, title_id=title_id)
        item._history_user = actor
        item.save()
    if locked.summary != summary:
        locked.summary = summary
        locked._history_user = actor
        locked.save(update_fields=["summary", "updated_at"])
    return locked
