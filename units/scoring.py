"""Writes of the blocs' and clusters' scoring (DOMAIN.md §4.3-4.4).

A group's table for a year goes draft -> open -> published. Its items change only while it is a
draft, or open before any unit has started scoring; after that a change is a new version (a
draft copy), and opening it supersedes the old one and carries the units' points over for the
items that kept their kind and maximum (the units then send again). Members score themselves
while the table is open; the group's head checks the other members' scores (adjustments carry
a reason), the Department checks the head's own. Recording the acclamation of the leader
publishes the table; from then on nothing is edited: a correction is a new recorded act.

Every service locks the table's row first, so acts on one table never interleave, re-checks
the actor's permission (views check first) and writes history rows with who and when.
"""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation_portal.exceptions import ApplicationError
from emulation_portal.workflow import Stamp, Workflow, transition

from .models import (
    Acclamation,
    GroupMembership,
    ItemKind,
    ItemScore,
    ScoreCorrection,
    ScoringItem,
    ScoringMethod,
    ScoringStatus,
    ScoringTable,
    UnitScore,
    UnitScoreStatus,
)
from .permissions import may
from .scoring_selectors import scoring_ranking, scoring_table_has_scores

# Far above any real position while items are renumbered.
_PARKED = 10_000
MAX_ITEMS = 100
MAX_TEXT = 500
MAX_EVIDENCE = 2000
MAX_POINTS = Decimal("1000")

# A unit's score: {from: {to: the portal rule the actor must pass}}. A checked score may be
# checked again while the table is open; publication ends all moves (the rules say so).
UNIT_SCORE_WORKFLOW = Workflow(
    moves={
        UnitScoreStatus.DRAFT: {UnitScoreStatus.SUBMITTED: "units.self_score"},
        UnitScoreStatus.SUBMITTED: {UnitScoreStatus.CHECKED: "units.check_unit_score"},
        UnitScoreStatus.CHECKED: {UnitScoreStatus.CHECKED: "units.check_unit_score"},
    },
    may=may,
    stamps={
        UnitScoreStatus.SUBMITTED: Stamp(at="submitted_at", by="submitted_by"),
        UnitScoreStatus.CHECKED: Stamp(at="checked_at", by="checked_by"),
    },
)


def _require(actor, perm: str, obj) -> None:
    if not may(actor, perm, obj):
        raise PermissionDenied


def _lock(table: ScoringTable) -> ScoringTable:
    return ScoringTable.objects.select_for_update().select_related("group").get(pk=table.pk)


def _save(instance, actor, reason: str = "") -> None:
    instance._history_user = actor
    if reason:
        instance._change_reason = reason[:100]
    instance.save()


def _delete(instance, actor) -> None:
    instance._history_user = actor
    instance.delete()


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return text.replace(".", ",")


def scoring_table_version_token(table: ScoringTable) -> str:
    """Changes whenever the table is saved: detects a stale edit form or import preview."""
    return table.updated_at.isoformat()


def scoring_table_items_editable(table: ScoringTable) -> bool:
    """Items may change in a draft, or in an open table no unit has started scoring."""
    if table.status == ScoringStatus.DRAFT:
        return True
    return table.status == ScoringStatus.OPEN and not scoring_table_has_scores(table)


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


def item_problems(rows: list[dict]) -> list[str]:
    """What is wrong with a table's items as a whole (each row: position, text, kind,
    max_points): used by the editor, the Excel import and the services."""
    problems = []
    if not rows:
        return [_("The table has no item.")]
    if len(rows) > MAX_ITEMS:
        problems.append(_("A table has at most %(count)s items.") % {"count": MAX_ITEMS})
    positions = [row["position"] for row in rows]
    duplicates = sorted({p for p in positions if positions.count(p) > 1})
    if duplicates:
        problems.append(
            _("Two items have the same position: %(positions)s.")
            % {"positions": ", ".join(str(p) for p in duplicates)}
        )
    for row in rows:
        if not (row.get("text") or "").strip():
            problems.append(_("Item %(position)s has no text.") % {"position": row["position"]})
        if row.get("kind") not in ItemKind.values:
            problems.append(
                _("Item %(position)s has an unknown kind.") % {"position": row["position"]}
            )
        points = row.get("max_points")
        if points is None or points <= 0 or points > MAX_POINTS:
            problems.append(
                _("Item %(position)s: the maximum must be more than 0 and at most %(max)s.")
                % {"position": row["position"], "max": _fmt(MAX_POINTS)}
            )
    if not any(row.get("kind") == ItemKind.BASE for row in rows):
        problems.append(_("The table needs at least one base item."))
    return problems


# --- The table ----------------------------------------------------------------------------


@transaction.atomic
def scoring_table_create(*, group, year: int, actor) -> ScoringTable:
    """The group's first table for ``year``, empty, being prepared. Raises PermissionDenied
    for anyone but the group's head and the Department, ApplicationError if one exists."""
    table = ScoringTable(group=group, year=year, created_by=actor)
    _require(actor, "units.change_scoring_table", table)
    if ScoringTable.objects.filter(group=group, year=year).exists():
        raise ApplicationError(_("The group already has a scoring table for this year."))
    try:
        with transaction.atomic():
            _save(table, actor)
    except IntegrityError as exc:  # created at the same moment by someone else
        raise ApplicationError(_("The group already has a scoring table for this year.")) from exc
    return table


def _normalise_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@transaction.atomic
def scoring_table_save(
    *, table: ScoringTable, actor, method: str, threshold: Decimal, items: list[dict], version: str
) -> ScoringTable:
    """Write the table's acclamation settings and items (``items``: id or None, position,
    text, kind, max_points, guidance; items left out are removed). Refused once units have
    started scoring against the table, when it was saved since ``version`` was read, and for
    items that are wrong as a whole (see ``item_problems``)."""
    locked = _lock(table)
    _require(actor, "units.change_scoring_table", locked)
    if version != scoring_table_version_token(locked):
        raise ApplicationError(
            _("The table was changed by someone else since you opened it. Nothing was saved.")
        )
    if not scoring_table_items_editable(locked):
        raise ApplicationError(
            _(
                "Units have started scoring against this version: its items can no longer "
                "change. Make a new version instead."
            )
        )
    if method not in ScoringMethod.values or not (0 <= threshold < 100):
        raise ApplicationError(_("Choose a method and a threshold between 0 and 100 %."))
    rows = [{**row, "text": _normalise_text(row["text"])} for row in items]
    problems = item_problems(rows)
    if problems:
        raise ApplicationError(" ".join(problems))
    current = {item.pk: item for item in locked.items.all()}
    unknown = [row["id"] for row in rows if row.get("id") and row["id"] not in current]
    if unknown:
        raise ApplicationError(_("The form holds an item of another table. Nothing was saved."))

    kept = {row["id"] for row in rows if row.get("id")}
    for pk, item in current.items():
        if pk not in kept:
            _delete(item, actor)
    fields = ("position", "text", "kind", "max_points", "guidance")
    changed = [
        row
        for row in rows
        if row.get("id") and any(getattr(current[row["id"]], f) != row.get(f, "") for f in fields)
    ]
    # Park the moved items first, so that swapping two positions never collides.
    for row in changed:
        item = current[row["id"]]
        if item.position != row["position"]:
            item.position += _PARKED
            item.save(update_fields=["position"])
    for row in changed:
        item = current[row["id"]]
        for f in fields:
            setattr(item, f, row.get(f, ""))
        _save(item, actor)
    for row in rows:
        if not row.get("id"):
            _save(
                ScoringItem(
                    table=locked,
                    previous_id=row.get("previous_id"),
                    **{f: row.get(f, "") for f in fields},
                ),
                actor,
            )
    locked.method, locked.threshold = method, threshold
    _save(locked, actor)  # also moves the version token
    return locked


@transaction.atomic
def scoring_items_replace(
    *, table: ScoringTable, actor, items: list[dict], version: str
) -> ScoringTable:
    """Replace the table's items by ``items`` (an Excel import): an item whose text is already
    in the table keeps its identity; a new item is linked to the same text in the previous
    version, so that opening carries the units' points over. Same refusals as
    ``scoring_table_save``."""
    by_text = {_normalise_text(item.text).casefold(): item for item in table.items.all()}
    previous = {}
    if table.version > 1:
        previous = {
            _normalise_text(item.text).casefold(): item.pk
            for item in ScoringItem.objects.filter(
                table__group_id=table.group_id,
                table__year=table.year,
                table__version=table.version - 1,
            )
        }
    rows, used = [], set()
    for row in items:
        key = _normalise_text(row["text"]).casefold()
        match = by_text.get(key)
        if match is not None and match.pk not in used:
            used.add(match.pk)
            rows.append({**row, "id": match.pk})
        else:
            rows.append({**row, "id": None, "previous_id": previous.get(key)})
    return scoring_table_save(
        table=table,
        actor=actor,
        method=table.method,
        threshold=table.threshold,
        items=rows,
        version=version,
    )


def _carry_over(*, old: ScoringTable, new: ScoringTable, actor) -> None:
    """Copy the units' scores of ``old`` to ``new`` for the items that kept their kind and
    maximum; every unit sends again (as a draft), adjustments and their reasons stay."""
    reason = f"Carried over from version {old.version}"
    successors = {
        item.previous_id: item for item in new.items.all() if item.previous_id is not None
    }
    old_scores = list(UnitScore.objects.filter(table=old))
    if not old_scores:
        return
    now = timezone.now()
    bulk_create_with_history(
        [UnitScore(table=new, unit_id=score.unit_id) for score in old_scores],
        UnitScore,
        default_user=actor,
        default_change_reason=reason,
        default_date=now,
    )
    new_ids = dict(UnitScore.objects.filter(table=new).values_list("unit_id", "pk"))
    unit_of = {score.pk: score.unit_id for score in old_scores}
    copies = []
    for item_score in ItemScore.objects.filter(unit_score__table=old).select_related("item"):
        successor = successors.get(item_score.item_id)
        if successor is None:
            continue
        if (successor.kind, successor.max_points) != (
            item_score.item.kind,
            item_score.item.max_points,
        ):
            continue
        copies.append(
            ItemScore(
                unit_score_id=new_ids[unit_of[item_score.unit_score_id]],
                item=successor,
                self_points=item_score.self_points,
                evidence=item_score.evidence,
                adjusted_points=item_score.adjusted_points,
                adjustment_reason=item_score.adjustment_reason,
                adjusted_by_id=item_score.adjusted_by_id,
                adjusted_at=item_score.adjusted_at,
            )
        )
    if copies:
        bulk_create_with_history(
            copies,
            ItemScore,
            default_user=actor,
            default_change_reason=reason,
            default_date=now,
        )


@transaction.atomic
def scoring_table_open(*, table: ScoringTable, actor) -> ScoringTable:
    """Open a draft for scoring. A new version supersedes the open one and takes over its
    units' points (see ``_carry_over``). Refused for a table that is not a draft, one without
    a valid set of items, or when the year's table is already published."""
    locked = _lock(table)
    _require(actor, "units.change_scoring_table", locked)
    if locked.status != ScoringStatus.DRAFT:
        raise ApplicationError(_("Only a table being prepared can be opened for scoring."))
    problems = item_problems(
        [
            {"position": i.position, "text": i.text, "kind": i.kind, "max_points": i.max_points}
            for i in locked.items.all()
        ]
    )
    if problems:
        raise ApplicationError(" ".join(problems))
    live = (
        ScoringTable.objects.select_for_update()
        .filter(group_id=locked.group_id, year=locked.year)
        .filter(status__in=(ScoringStatus.OPEN, ScoringStatus.PUBLISHED))
        .first()
    )
    if live is not None and live.status == ScoringStatus.PUBLISHED:
        raise ApplicationError(_("The results of this year are published; they are final."))
    if live is not None:
        live.status = ScoringStatus.SUPERSEDED
        _save(live, actor, f"Superseded by version {locked.version}")
    locked.status = ScoringStatus.OPEN
    locked.opened_at = timezone.now()
    _save(locked, actor, "Opened for scoring")
    if live is not None:
        _carry_over(old=live, new=locked, actor=actor)
    return locked


@transaction.atomic
def scoring_table_new_version(*, table: ScoringTable, actor) -> ScoringTable:
    """A draft copy of an open table (settings and items, each linked to its original) to
    change while scoring goes on; the version being prepared if there is one already."""
    locked = _lock(table)
    _require(actor, "units.change_scoring_table", locked)
    if locked.status != ScoringStatus.OPEN:
        raise ApplicationError(_("A new version is made from the table open for scoring."))
    draft = ScoringTable.objects.filter(
        group_id=locked.group_id, year=locked.year, status=ScoringStatus.DRAFT
    ).first()
    if draft is not None:
        return draft
    last = ScoringTable.objects.filter(group_id=locked.group_id, year=locked.year).aggregate(
        last=Max("version")
    )["last"]
    new = ScoringTable(
        group_id=locked.group_id,
        year=locked.year,
        version=last + 1,
        method=locked.method,
        threshold=locked.threshold,
        created_by=actor,
    )
    _save(new, actor, f"Copied from version {locked.version}")
    bulk_create_with_history(
        [
            ScoringItem(
                table=new,
                position=item.position,
                text=item.text,
                kind=item.kind,
                max_points=item.max_points,
                guidance=item.guidance,
                previous=item,
            )
            for item in locked.items.all()
        ],
        ScoringItem,
        default_user=actor,
        default_change_reason=f"Copied from version {locked.version}",
    )
    return new


# --- A unit's score -----------------------------------------------------------------------


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
    _require(actor, "units.self_score", score)
    if not GroupMembership.objects.filter(
        group_id=locked.group_id, year=locked.year, unit=unit
    ).exists():
        raise PermissionDenied
    items = {item.pk: item for item in locked.items.all()}
    problems = []
    for row in rows:
        item = items.get(row["item_id"])
        if item is None:
            raise ApplicationError(_("The form holds an item of another table. Nothing was saved."))
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
    missing = [item for item in score.table.items.all() if item.pk not in scored]
    if missing:
        raise ApplicationError(
            _("Give points to every item before sending: %(count)s have none.")
            % {"count": len(missing)}
        )


@transaction.atomic
def unit_score_submit(*, unit_score: UnitScore, actor) -> UnitScore:
    """Send the self-score to be checked: every item needs points (0 is a score)."""
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
    _require(actor, "units.correct_unit_score", score)
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


# --- The acclamation ----------------------------------------------------------------------


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
    city: str = "Hà Nội",
    ballots_for: int | None = None,
    ballots_total: int | None = None,
    correction_reason: str = "",
) -> Acclamation:
    """Record the group's acclamation of its leader and publish the table's results.

    Needs every member's score checked; by the table's method the leader is the unit ranked
    first, or has more than the threshold's share of the ballots cast. Once published the
    acclamation is never edited: recording again is a correction, with a reason, of the one in
    force. Raises PermissionDenied (views check first) or ApplicationError with the reason."""
    locked = _lock(table)
    correcting = locked.status == ScoringStatus.PUBLISHED
    _require(
        actor,
        "units.correct_acclamation" if correcting else "units.record_acclamation",
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
        "city": city.strip(),
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
        **fields,
    )
    if not correcting:
        locked.status = ScoringStatus.PUBLISHED
        locked.published_at = acclamation.recorded_at
        _save(locked, actor, "Acclamation recorded; results published")
    return acclamation
