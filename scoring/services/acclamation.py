"""The group's acclamation of its leading unit, which publishes the table's results; once
published it is corrected, never edited."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from units.selectors import organisation

from ..models import Acclamation, ScoringMethod, ScoringTable
from ..selectors import scoring_ranking
from ..workflow import ScoringStatus, UnitScoreStatus
from .tables import _fmt, _lock, _require, _save


def _ballot_share(ballots_for: int, ballots_total: int) -> Decimal:
    return (Decimal(ballots_for) * 100 / Decimal(ballots_total)).quantize(Decimal("0.01"))


@transaction.atomic
def acclamation_record(
    *,
    table: ScoringTable,
    actor,
    leader_id: int,
    held_on,
    place: str,
    chair: str,
    secretary: str,
    attendees: str,
    chair_position: str = "",
    secretary_position: str = "",
    city: str = "",
    ballots_for: int | None = None,
    ballots_total: int | None = None,
    correction_reason: str = "",
    members_present: list[dict] | None = None,
    certificate_unit_ids=(),
) -> Acclamation:
    """Record the group's acclamation of its leader and publish the table's results.

    Needs every member's score checked; by the table's method the leader is the unit ranked
    first, or has more than the threshold's share of the ballots cast. Once published the
    acclamation is never edited: recording again is a correction, with a reason, of the one in
    force. ``members_present`` names each person present (full name, position, unit); the
    units of ``certificate_unit_ids`` are proposed to the Ministry for the Minister's
    certificate, the leader for the Ministry's flag. Raises PermissionDenied (views check
    first) or ApplicationError with the reason."""
    locked = _lock(table)
    correcting = locked.status == ScoringStatus.PUBLISHED
    _require(
        actor,
        "scoring.correct_acclamation" if correcting else "scoring.record_acclamation",
        locked,
    )
    ranking = scoring_ranking(locked)
    row = next((r for r in ranking if r.unit.pk == leader_id), None)
    if row is None:
        raise ApplicationError(_("The leader must be a member of the group this year."))
    unchecked = [r for r in ranking if r.status != UnitScoreStatus.CHECKED]
    if unchecked:
        raise ApplicationError(
            _(
                "Every member's score must be checked before the acclamation: %(count)s are "
                "not yet (%(units)s)."
            )
            % {
                "count": len(unchecked),
                "units": ", ".join(r.unit.display_name for r in unchecked),
            }
        )
    threshold = None
    if locked.method == ScoringMethod.RANKING:
        ballots_for = ballots_total = None
        if row.rank != 1:
            raise ApplicationError(
                _("With ranking by score, the leader is a unit ranked first; %(unit)s is %(rank)s.")
                % {"unit": row.unit.display_name, "rank": row.rank}
            )
    else:
        threshold = locked.threshold
        if not ballots_total or ballots_for is None:
            raise ApplicationError(_("Give the ballots for the unit and the ballots cast."))
        if ballots_for > ballots_total:
            raise ApplicationError(_("The ballots for the unit cannot exceed the ballots cast."))
        share = _ballot_share(ballots_for, ballots_total)
        if ballots_for * 100 <= threshold * ballots_total:
            raise ApplicationError(
                _(
                    "%(unit)s has %(share)s %% of the ballots; the table asks for more than "
                    "%(threshold)s %%."
                )
                % {
                    "unit": row.unit.display_name,
                    "share": _fmt(share),
                    "threshold": _fmt(threshold),
                }
            )
    fields = {
        "place": place.strip(),
        "city": city.strip() or organisation().place,
        "chair": chair.strip(),
        "secretary": secretary.strip(),
        "attendees": attendees.strip(),
    }
    if not all(fields.values()) or held_on is None:
        raise ApplicationError(
            _(
                "The minutes need the date, the place, the place name of the date line, the "
                "chair, the secretary and the attendees."
            )
        )
    present = [
        {key: str(person.get(key, "")).strip() for key in ("full_name", "position", "unit")}
        for person in members_present or []
    ]
    if any(not person["full_name"] or not person["unit"] for person in present):
        raise ApplicationError(_("Name each member present with their unit."))
    certificates = {int(pk) for pk in certificate_unit_ids}
    if leader_id in certificates:
        raise ApplicationError(
            _("The leading unit is proposed for the flag, not for the Minister's certificate.")
        )
    if not certificates <= {r.unit.pk for r in ranking}:
        raise ApplicationError(_("Only members of the group can be proposed."))
    corrects = None
    correction_reason = (correction_reason or "").strip()
    if correcting:
        corrects = Acclamation.objects.filter(table=locked, corrections__isnull=True).first()
        if not correction_reason:
            raise ApplicationError(
                _("The results are published: give the reason for the correction.")
            )
    else:
        correction_reason = ""
    acclamation = Acclamation.objects.create(
        table=locked,
        leader_id=leader_id,
        method=locked.method,
        threshold=threshold,
        ballots_for=ballots_for,
        ballots_total=ballots_total,
        held_on=held_on,
        chair_position=chair_position.strip(),
        secretary_position=secretary_position.strip(),
        corrects=corrects,
        correction_reason=correction_reason,
        recorded_by=actor,
        members_present=present,
        **fields,
    )
    acclamation.certificate_units.set(certificates)
    if not correcting:
        locked.status = ScoringStatus.PUBLISHED
        locked.published_at = acclamation.recorded_at
        _save(locked, actor, "Acclamation recorded; results published")
    return acclamation
