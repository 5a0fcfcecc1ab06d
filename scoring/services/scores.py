"""A member unit's score: its own points and evidence saved and sent, the check by the
group's head (or the Department) with a reason for each adjustment, and after publication a
correction of an item's points as a new recorded act."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from emulation_portal.workflow import transition
from units.models import GroupMembership

from ..models import ItemScore, ScoreCorrection, ScoringItem, ScoringTable, UnitScore
from ..workflow import UNIT_SCORE_WORKFLOW, UnitScoreStatus
from .tables import _fmt, _lock, _require, _save

MAX_EVIDENCE = 2000


def check_points(item: ScoringItem, points: Decimal | None) -> str | None:
    """Why ``points`` cannot be given to ``item`` (0 to its maximum), or None. A deduction is
    entered as a positive number of points."""
    if points is None:
        return None
    if points < 0:
        return _("“%(item)s”: points cannot be negative.") % {"item": item.text}
    if points > item.max_points:
        return _("“%(item)s”: at most %(max)s points.") % {
            "item": item.text,
            "max": _fmt(item.max_points),
        }
    return None


def _locked_score(locked_table: ScoringTable, unit_id: int) -> UnitScore | None:
    score = (
        UnitScore.objects.select_for_update()
        .select_related("unit")
        .filter(table=locked_table, unit_id=unit_id)
        .first()
    )
    if score is not None:
        score.table = locked_table
    return score


@transaction.atomic
def unit_score_save_self(*, table: ScoringTable, unit, actor, rows: list[dict]) -> UnitScore:
    """Write the unit's own points and evidence (``rows``: item_id, self_points or None,
    evidence), only what changed, each with its history row. Only the unit's own head, while
    the table is open and the score not yet sent; points from 0 to each item's maximum."""
    locked = _lock(table)
    score = _locked_score(locked, unit.pk) or UnitScore(table=locked, unit=unit)
    _require(actor, "scoring.self_score", score)
    if not GroupMembership.objects.filter(
        group_id=locked.group_id, year=locked.year, unit=unit
    ).exists():
        raise PermissionDenied
    items = {item.pk: item for item in locked.items.all()}
    groups = set(ScoringItem.objects.filter(table=locked).values_list("parent_id", flat=True))
    problems = []
    for row in rows:
        item = items.get(row["item_id"])
        if item is None:
            raise ApplicationError(_("The form holds an item of another table. Nothing was saved."))
        if item.pk in groups:
            problems.append(
                _("“%(item)s” is a group: its items are scored, not the group.")
                % {"item": item.text}
            )
            continue
        problem = check_points(item, row.get("self_points"))
        if problem:
            problems.append(problem)
        if len(row.get("evidence") or "") > MAX_EVIDENCE:
            problems.append(_("“%(item)s”: the evidence is too long.") % {"item": item.text})
    if problems:
        raise ApplicationError(" ".join(problems))
    if score.pk is None:
        _save(score, actor)
    existing = {s.item_id: s for s in ItemScore.objects.filter(unit_score=score)}
    for row in rows:
        points, evidence = row.get("self_points"), (row.get("evidence") or "").strip()
        current = existing.get(row["item_id"])
        if current is None:
            if points is None and not evidence:
                continue
            current = ItemScore(unit_score=score, item_id=row["item_id"])
        elif current.self_points == points and current.evidence == evidence:
            continue
        current.self_points, current.evidence = points, evidence
        _save(current, actor)
    _save(score, actor)  # the time of the last change, and its history row
    return score


def _score_lock(unit_score: UnitScore) -> UnitScore:
    """The table's row first, then the score's: every act on a table takes the same order."""
    score = _locked_score(_lock(unit_score.table), unit_score.unit_id)
    if score is None:
        raise PermissionDenied
    return score


def _check_every_item_scored(score: UnitScore) -> None:
    scored = set(
        ItemScore.objects.filter(unit_score=score, self_points__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    items = list(score.table.items.all())
    groups = {item.parent_id for item in items}
    missing = [item for item in items if item.pk not in scored and item.pk not in groups]
    if missing:
        raise ApplicationError(
            _("Give points to every item before sending: %(count)s have none.")
            % {"count": len(missing)}
        )


@transaction.atomic
def unit_score_submit(*, unit_score: UnitScore, actor) -> UnitScore:
    """Send the self-score to be checked: every item needs points (0 is a score); a group's
    items are scored, not the group."""
    return transition(
        unit_score,
        UnitScoreStatus.SUBMITTED,
        actor,
        workflow=UNIT_SCORE_WORKFLOW,
        reason="Sent for checking",
        lock=_score_lock,
        guard=_check_every_item_scored,
    )


@dataclass(frozen=True)
class SelfScoreSaved:
    score: UnitScore
    sent: bool
    # Why a send that was asked for did not happen (the points are saved as a draft).
    not_sent_because: str = ""


@transaction.atomic
def unit_score_save_and_send(
    *, table: ScoringTable, unit, actor, rows: list[dict], send: bool
) -> SelfScoreSaved:
    """The self-score form's one act: save the rows and, with ``send``, send the score, in one
    transaction under one lock of the table, so no other act on the table falls between.

    What it promises: a refused save (a row's problem, an actor the rules refuse) changes
    nothing; a send the rules refuse (PermissionDenied) undoes the save too; a send refused by
    an ApplicationError (items still without points) keeps the saved points as a draft, so
    what the unit typed is never lost, and returns the reason."""
    score = unit_score_save_self(table=table, unit=unit, actor=actor, rows=rows)
    if not send:
        return SelfScoreSaved(score=score, sent=False)
    try:
        with transaction.atomic():
            score = unit_score_submit(unit_score=score, actor=actor)
    except ApplicationError as error:
        return SelfScoreSaved(score=score, sent=False, not_sent_because=error.message)
    return SelfScoreSaved(score=score, sent=True)


@transaction.atomic
def unit_score_check(*, unit_score: UnitScore, actor, rows: list[dict]) -> UnitScore:
    """The check of a sent score (``rows``: item_id, adjusted_points or None, reason): points
    that differ from the unit's own are an adjustment and need a reason; None or the unit's own
    points clear an adjustment. The group's head never checks its own unit; the Department
    checks it. Marks the score checked, with who and when."""

    def adjustments(score: UnitScore) -> list[ItemScore]:
        items = {item.pk: item for item in score.table.items.all()}
        existing = {s.item_id: s for s in ItemScore.objects.filter(unit_score=score)}
        problems, changes = [], []
        for row in rows:
            item, current = items.get(row["item_id"]), existing.get(row["item_id"])
            if item is None or current is None:
                raise ApplicationError(
                    _("The form holds an item of another table. Nothing was saved.")
                )
            points, reason = row.get("adjusted_points"), (row.get("reason") or "").strip()
            if points is None or points == current.self_points:
                if current.adjusted_points is not None:
                    current.adjusted_points, current.adjustment_reason = None, ""
                    changes.append(current)
                continue
            problem = check_points(item, points)
            if problem:
                problems.append(problem)
                continue
            if not reason:
                problems.append(
                    _("“%(item)s”: give the reason for changing the unit's points.")
                    % {"item": item.text}
                )
                continue
            if (current.adjusted_points, current.adjustment_reason) != (points, reason):
                current.adjusted_points, current.adjustment_reason = points, reason
                changes.append(current)
        if problems:
            raise ApplicationError(" ".join(problems))
        return changes

    def save_adjustments(score: UnitScore, _from_status, changes: list[ItemScore]) -> None:
        for current in changes:
            current.adjusted_by, current.adjusted_at = actor, score.checked_at
            _save(current, actor, "Checked")

    return transition(
        unit_score,
        UnitScoreStatus.CHECKED,
        actor,
        workflow=UNIT_SCORE_WORKFLOW,
        reason="Checked",
        lock=_score_lock,
        guard=adjustments,
        record=save_adjustments,
    )


@transaction.atomic
def score_correct(
    *, unit_score: UnitScore, item_id: int, actor, points: Decimal, reason: str
) -> ScoreCorrection:
    """After publication: record a correction of one item's points with its reason (the
    points themselves are never edited). The same people as a check may correct."""
    locked = _lock(unit_score.table)
    score = _locked_score(locked, unit_score.unit_id)
    if score is None:
        raise PermissionDenied
    _require(actor, "scoring.correct_unit_score", score)
    item_score = (
        ItemScore.objects.filter(unit_score=score, item_id=item_id).select_related("item").first()
    )
    if item_score is None:
        raise ApplicationError(_("This item has no points to correct."))
    problem = check_points(item_score.item, points)
    if problem:
        raise ApplicationError(problem)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the correction."))
    latest = item_score.corrections.order_by("-recorded_at", "-pk").first()
    current = (
        latest.points
        if latest
        else (
            item_score.adjusted_points
            if item_score.adjusted_points is not None
            else item_score.self_points
        )
    )
    if current == points:
        raise ApplicationError(_("These are already the item's points."))
    return ScoreCorrection.objects.create(
        item_score=item_score, points=points, reason=reason, recorded_by=actor
    )
