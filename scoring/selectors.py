"""Reads of the blocs' and clusters' scoring: the tables a user may see, the items, each
member's totals and rank, one unit's scores, the acclamation in force and the minutes.

Totals are base + bonus - deduction of each item's effective points: the latest correction
after publication, else the checker's adjusted points, else the unit's own. The database sums
them by member and kind of item in one grouped query; the totals and ranks (ties share a
rank: 1, 2, 2, 4) are added up here: a fixed number of queries whatever the number of
members or items.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from units.models import GroupKind, GroupMembership, GroupRole
from units.roles import actor_for

from .models import (
    Acclamation,
    ItemKind,
    ItemScore,
    ScoreCorrection,
    ScoringItem,
    ScoringTable,
    UnitScore,
)
from .workflow import SENT_SCORE_STATUSES, ScoringStatus, UnitScoreStatus

POINTS = DecimalField(max_digits=9, decimal_places=2)
ZERO = Decimal(0)
# Scores the head checks and the ranking counts: sent by the unit.
SENT = SENT_SCORE_STATUSES
LIVE = (ScoringStatus.OPEN, ScoringStatus.PUBLISHED)
KIND_ORDER = {ItemKind.BASE: 0, ItemKind.BONUS: 1, ItemKind.DEDUCTION: 2}


# --- Tables -------------------------------------------------------------------------------


def scoring_tables_visible_to(*, user) -> QuerySet:
    """Every table for the Department and the Minister; for a unit head, the tables of the
    groups their unit belongs to in each table's year; nothing for anyone else."""
    actor = actor_for(user)
    tables = ScoringTable.objects.select_related("group")
    if actor.is_reader:
        return tables
    if actor.is_unit_head:
        member = GroupMembership.objects.filter(
            group_id=OuterRef("group_id"), year=OuterRef("year"), unit_id=actor.unit_id
        )
        return tables.filter(Exists(member))
    return tables.none()


def scoring_table_get_for_user(*, user, pk: int) -> ScoringTable:
    """The table if the user may see it; 404 for missing and not-yours alike."""
    table = scoring_tables_visible_to(user=user).filter(pk=pk).first()
    if table is None:
        raise Http404
    return table


def scoring_table_current(*, group, year: int) -> ScoringTable | None:
    """The group's table of the year: the one in force (open or published), else the one being
    prepared; None when there is none."""
    tables = ScoringTable.objects.filter(group=group, year=year).exclude(
        status=ScoringStatus.SUPERSEDED
    )
    return min(tables, key=lambda t: (t.status not in LIVE, -t.version), default=None)


def scoring_versions(table: ScoringTable) -> list[ScoringTable]:
    """Every version of the table's group and year, newest first (one query)."""
    return list(
        ScoringTable.objects.filter(group_id=table.group_id, year=table.year)
        .select_related("created_by")
        .order_by("-version")
    )


def scoring_table_has_scores(table: ScoringTable) -> bool:
    """Whether any unit has started scoring against this version."""
    return UnitScore.objects.filter(table=table).exists()


def group_issuing_name(group) -> str:
    """The group as the issuing body of its documents: "KHỐI THI ĐUA IV", "CỤM THI ĐUA II"."""
    kind = "KHỐI THI ĐUA" if group.kind == GroupKind.BLOC else "CỤM THI ĐUA"
    suffix = group.code.rsplit("-", 1)[-1].upper()
    return f"{kind} {suffix}" if suffix and suffix != group.code.upper() else group.name.upper()


# --- Items --------------------------------------------------------------------------------


@dataclass
class ItemSection:
    kind: str
    label: str
    items: list
    max_total: Decimal


def scoring_items(table: ScoringTable) -> list[ScoringItem]:
    """The table's items, base first, then bonus, then deductions, by position, each group
    followed by its items (one query). Each item carries ``is_group`` (it has items, so it
    is not scored itself), ``depth`` (0 at the top level) and ``root`` (its top-level item,
    whose kind places it)."""
    items = list(table.items.all())
    by_pk = {item.pk: item for item in items}
    groups = {item.parent_id for item in items if item.parent_id is not None}
    for item in items:
        item.is_group = item.pk in groups
        root, depth = item, 0
        while root.parent_id is not None and root.parent_id in by_pk and depth < 10:
            root, depth = by_pk[root.parent_id], depth + 1
        item.root, item.depth = root, depth
    items.sort(
        key=lambda item: (KIND_ORDER.get(item.root.kind, 9), item.root.position, item.position)
    )
    return items


def scoring_leaves(items: list[ScoringItem]) -> list[ScoringItem]:
    """The items that are scored: every item that is not a group."""
    return [item for item in items if not getattr(item, "is_group", False)]


def item_sections(items: list[ScoringItem]) -> list[ItemSection]:
    """The items grouped by the kind of their top-level item, each section with the sum of
    its leaves' maxima (a group's maximum is the sum of its items')."""
    sections = []
    for kind, label in ItemKind.choices:
        of_kind = [item for item in items if getattr(item, "root", item).kind == kind]
        if of_kind:
            total = sum(
                (item.max_points for item in of_kind if not getattr(item, "is_group", False)),
                ZERO,
            )
            sections.append(ItemSection(kind, label, of_kind, total))
    return sections


# --- Totals and ranks ---------------------------------------------------------------------


def effective_points():
    """An ItemScore's points in force: latest correction, else adjusted, else self-score."""
    latest = ScoreCorrection.objects.filter(item_score=OuterRef("pk")).order_by(
        "-recorded_at", "-pk"
    )
    return Coalesce(
        Subquery(latest.values("points")[:1], output_field=POINTS),
        F("adjusted_points"),
        F("self_points"),
        output_field=POINTS,
    )


@dataclass
class ScoreTotals:
    """A UnitScore's sums by kind of item: effective points and the unit's own points."""

    base: Decimal = ZERO
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO
    self_base: Decimal = ZERO
    self_bonus: Decimal = ZERO
    self_deduction: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus - self.deduction

    @property
    def self_total(self) -> Decimal:
        return self.self_base + self.self_bonus - self.self_deduction


def unit_score_totals(table: ScoringTable) -> dict[int, ScoreTotals]:
    """Each UnitScore of the table (by id) with its sums by kind of item, in one grouped
    query: a handful of rows per member, added up here (six correlated sums per member were
    most of the scoring page's time, in compiling them as much as in running them)."""
    sums = (
        ItemScore.objects.filter(unit_score__table=table)
        .annotate(points=effective_points())
        .values("unit_score_id", "item__kind")
        .annotate(effective=Sum("points"), own=Sum("self_points"))
        .order_by()
    )
    totals = defaultdict(ScoreTotals)
    field_of = {
        ItemKind.BASE: "base",
        ItemKind.BONUS: "bonus",
        ItemKind.DEDUCTION: "deduction",
    }
    for row in sums:
        name = field_of[row["item__kind"]]
        score = totals[row["unit_score_id"]]
        setattr(score, name, row["effective"] or ZERO)
        setattr(score, f"self_{name}", row["own"] or ZERO)
    return totals


@dataclass
class MemberRow:
    """A member of the group in the table's year, with its score when it has one."""

    unit: object  # Unit
    role: str
    role_label: str
    score_id: int | None = None
    status: str = ""
    status_label: str = ""
    self_total: Decimal | None = None
    base: Decimal | None = None
    bonus: Decimal | None = None
    deduction: Decimal | None = None
    total: Decimal | None = None
    rank: int | None = None
    checked_at: object = None
    is_leader: bool = False

    @property
    def is_sent(self) -> bool:
        return self.status in SENT

    @property
    def is_adjusted(self) -> bool:
        return self.total is not None and self.total != self.self_total


STATUS_LABELS = dict(UnitScoreStatus.choices)


def scoring_ranking(table: ScoringTable) -> list[MemberRow]:
    """Every member of the group in the table's year, ranked by total (ties share a rank),
    then those not yet sent, by name. Three queries whatever the size, four once the table
    is published (its leader)."""
    members = (
        GroupMembership.objects.filter(group_id=table.group_id, year=table.year)
        .select_related("unit")
        .order_by("unit__name")
    )
    scores = {
        score.unit_id: score
        for score in UnitScore.objects.filter(table=table).only(
            "id", "unit_id", "status", "checked_at"
        )
    }
    totals = unit_score_totals(table)
    ranked = sorted(
        (score for score in scores.values() if score.status in SENT),
        key=lambda score: totals[score.pk].total,
        reverse=True,
    )
    for position, score in enumerate(ranked, start=1):
        # Ties share a rank (1, 1, 3), as SQL's RANK() does.
        tied = position > 1 and totals[ranked[position - 2].pk].total == totals[score.pk].total
        score.rank = ranked[position - 2].rank if tied else position
    leader_id = _leader_id(table)
    roles = dict(GroupRole.choices)
    rows = []
    for membership in members:
        row = MemberRow(
            unit=membership.unit, role=membership.role, role_label=roles[membership.role]
        )
        score = scores.get(membership.unit_id)
        if score is not None and score.status in SENT:
            row.score_id, row.status, row.rank = score.pk, score.status, score.rank
            sums = totals[score.pk]
            row.self_total, row.total = sums.self_total, sums.total
            row.base, row.bonus, row.deduction = sums.base, sums.bonus, sums.deduction
            row.checked_at = score.checked_at
        elif score is not None:
            row.status = score.status
        row.status_label = STATUS_LABELS.get(row.status, "")
        row.is_leader = membership.unit_id == leader_id
        rows.append(row)
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.name))
    return rows


@dataclass
class RankingSummary:
    members: int = 0
    sent: int = 0
    checked: int = 0

    @property
    def all_checked(self) -> bool:
        return self.members > 0 and self.checked == self.members


def ranking_summary(rows: list[MemberRow]) -> RankingSummary:
    return RankingSummary(
        members=len(rows),
        sent=sum(1 for row in rows if row.is_sent),
        checked=sum(1 for row in rows if row.status == UnitScoreStatus.CHECKED),
    )


# --- One unit's scores --------------------------------------------------------------------


@dataclass
class ItemLine:
    item: ScoringItem
    score: ItemScore | None = None
    corrections: list = field(default_factory=list)
    # The groups (GroupLine) whose heading comes right before this item in the forms.
    headings: list = field(default_factory=list)
    is_group = False

    @property
    def correction(self):
        return self.corrections[-1] if self.corrections else None

    @property
    def effective(self) -> Decimal | None:
        if self.correction is not None:
            return self.correction.points
        if self.score is None:
            return None
        if self.score.adjusted_points is not None:
            return self.score.adjusted_points
        return self.score.self_points


@dataclass
class GroupLine:
    """A group of the table as a heading: its maximum and the sum of its leaves' points."""

    item: ScoringItem
    effective: Decimal | None = None
    self_points: Decimal | None = None
    is_group: bool = True


@dataclass
class UnitScoreDetail:
    """The unit's points item by item: ``lines`` are the scored items (the leaves), ``rows``
    every item in order with the groups as headings (``GroupLine``)."""

    unit_score: UnitScore | None
    lines: list[ItemLine]
    rows: list = field(default_factory=list)

    def _sum(self, kind, attr="effective"):
        values = []
        for line in self.lines:
            if line.item.kind != kind:
                continue
            value = (
                line.effective
                if attr == "effective"
                else (line.score.self_points if line.score else None)
            )
            values.append(value or ZERO)
        return sum(values, ZERO)

    @property
    def total(self) -> Decimal:
        return self._sum(ItemKind.BASE) + self._sum(ItemKind.BONUS) - self._sum(ItemKind.DEDUCTION)

    @property
    def self_total(self) -> Decimal:
        return (
            self._sum(ItemKind.BASE, "self")
            + self._sum(ItemKind.BONUS, "self")
            - self._sum(ItemKind.DEDUCTION, "self")
        )

    @property
    def sections(self) -> list[tuple[str, str, list]]:
        """By kind of top-level item: the groups as headings and the leaves (``rows``)."""
        rows = self.rows or self.lines
        kind_of = [getattr(row.item, "root", row.item).kind for row in rows]
        return [
            (kind, label, [row for row, k in zip(rows, kind_of, strict=True) if k == kind])
            for kind, label in ItemKind.choices
            if kind in kind_of
        ]


def _group_lines(items: list[ScoringItem], lines: dict[int, ItemLine]) -> list:
    """Every item in order: leaves as their ItemLine, groups as a GroupLine with the sums of
    their leaves' points (None while none of them has points)."""
    children = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)

    def sums(item, depth=0):
        if not item.is_group or depth > 10:
            line = lines[item.pk]
            own = line.score.self_points if line.score else None
            return line.effective, own
        effective = own = None
        for child in children[item.pk]:
            child_effective, child_own = sums(child, depth + 1)
            if child_effective is not None:
                effective = (effective or ZERO) + child_effective
            if child_own is not None:
                own = (own or ZERO) + child_own
        return effective, own

    rows, pending = [], []
    for item in items:
        if item.is_group:
            effective, own = sums(item)
            rows.append(GroupLine(item, effective, own))
            pending.append(rows[-1])
        else:
            lines[item.pk].headings, pending = pending, []
            rows.append(lines[item.pk])
    return rows


def unit_score_get(*, table: ScoringTable, unit_id: int) -> UnitScore | None:
    return (
        UnitScore.objects.filter(table=table, unit_id=unit_id)
        .select_related("unit", "table", "table__group", "submitted_by", "checked_by")
        .first()
    )


def unit_score_detail(*, table: ScoringTable, unit_score: UnitScore | None) -> UnitScoreDetail:
    """The table's items, each with the unit's points, evidence, adjustment and corrections
    (three queries)."""
    items = scoring_items(table)
    scores: dict[int, ItemScore] = {}
    corrections: dict[int, list] = defaultdict(list)
    if unit_score is not None and unit_score.pk:
        scores = {
            score.item_id: score
            for score in ItemScore.objects.filter(unit_score=unit_score).select_related(
                "adjusted_by"
            )
        }
        for correction in ScoreCorrection.objects.filter(
            item_score__unit_score=unit_score
        ).select_related("recorded_by", "item_score"):
            corrections[correction.item_score.item_id].append(correction)
    lines = {
        item.pk: ItemLine(item, scores.get(item.pk), corrections.get(item.pk, []))
        for item in scoring_leaves(items)
    }
    return UnitScoreDetail(
        unit_score=unit_score, lines=list(lines.values()), rows=_group_lines(items, lines)
    )


def group_member_units(table: ScoringTable) -> list:
    """The units of the table's group in its year, by name (one query)."""
    return [
        membership.unit
        for membership in GroupMembership.objects.filter(group_id=table.group_id, year=table.year)
        .select_related("unit")
        .order_by("unit__name")
    ]


def group_head_unit(table: ScoringTable):
    membership = (
        GroupMembership.objects.filter(
            group_id=table.group_id, year=table.year, role=GroupRole.HEAD
        )
        .select_related("unit")
        .first()
    )
    return membership.unit if membership else None


# --- The acclamation ----------------------------------------------------------------------


def _in_force(table: ScoringTable) -> QuerySet:
    return Acclamation.objects.filter(table=table, corrections__isnull=True)


def _leader_id(table: ScoringTable) -> int | None:
    if table.status != ScoringStatus.PUBLISHED:
        return None
    return _in_force(table).values_list("leader_id", flat=True).first()


def acclamation_in_force(table: ScoringTable) -> Acclamation | None:
    """The table's latest acclamation (the one no later act corrects), or None."""
    return _in_force(table).select_related("leader", "recorded_by", "corrects").first()


def acclamations(table: ScoringTable) -> list[Acclamation]:
    """Every acclamation of the table, the first first, each correction after what it
    corrects (one query)."""
    return list(
        Acclamation.objects.filter(table=table)
        .select_related("leader", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def acclaimed_leader_unit_ids(year: int) -> set[int]:
    """The units acclaimed leaders of their bloc or cluster for ``year``: the acclamation in
    force of each published table (one query)."""
    return set(
        Acclamation.objects.filter(
            table__year=year,
            table__status=ScoringStatus.PUBLISHED,
            corrections__isnull=True,
        ).values_list("leader_id", flat=True)
    )
