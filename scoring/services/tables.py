"""A group's scoring table: made, its settings and items saved (by hand or from Excel),
opened for scoring, a new version while scoring goes on. The helpers every service of the
table uses (the table's lock, saves with history) are here: every act locks the table first."""

import unicodedata
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from ..models import ItemKind, ItemScore, ScoringItem, ScoringMethod, ScoringTable, UnitScore
from ..numbering import clean_number, group_sum_problems, number_parents
from ..selectors import scoring_table_has_scores
from ..workflow import ScoringStatus

# Far above any real position while items are renumbered.
_PARKED = 10_000
MAX_ITEMS = 100
MAX_TEXT = 500
MAX_POINTS = Decimal("1000")


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


def item_problems(rows: list[dict], *, tree: bool = True) -> list[str]:
    """What is wrong with a table's items as a whole (each row: position, number, text, kind,
    max_points): used by the editor, the Excel import and the services; with ``tree``, also
    the numbering and the groups' maxima (``tree_problems``, which the import gives with
    each row's number)."""
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
    if tree:
        problems.extend(reason for _index, reason in tree_problems(rows))
    return problems


def _in_order(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: row["position"] or 0)


def row_parents(rows: list[dict]) -> list[int | None]:
    """Each row's parent row (an index into ``rows``) from the numbers in position order."""
    ordered = sorted(range(len(rows)), key=lambda i: rows[i]["position"] or 0)
    parents, _problems = number_parents([rows[i].get("number") or "" for i in ordered])
    by_order = {}
    for place, parent in enumerate(parents):
        by_order[ordered[place]] = ordered[parent] if parent is not None else None
    return [by_order[i] for i in range(len(rows))]


def tree_problems(rows: list[dict]) -> list[tuple[int, str]]:
    """What is wrong with the rows' numbering and groups: (index into ``rows``, reason): a
    number that fits no place, a number twice, a group whose maximum is not the sum of its
    items' maxima."""
    ordered = sorted(range(len(rows)), key=lambda i: rows[i]["position"] or 0)
    numbers = [clean_number(rows[i].get("number")) for i in ordered]
    parents, problems = number_parents(numbers)
    seen: dict[str, int] = {}
    for place, number in enumerate(numbers):
        key = f"{parents[place]}/{number}"
        if number and key in seen:
            problems.append(
                (place, _("The number %(number)s is given twice.") % {"number": number})
            )
        seen.setdefault(key, place)
    labels = [
        f"{numbers[p]}. {rows[i]['text']}"[:80] if numbers[p] else str(rows[i]["text"])[:80]
        for p, i in enumerate(ordered)
    ]
    problems += group_sum_problems(labels, [rows[i].get("max_points") for i in ordered], parents)
    return [(ordered[place], reason) for place, reason in sorted(problems, key=lambda p: p[0])]


def _link_parents(table: ScoringTable, actor) -> None:
    """Set every item's parent from the numbers, in position order (only the changed ones are
    saved, each with its history row)."""
    items = list(ScoringItem.objects.filter(table=table).order_by("position"))
    parents, _problems = number_parents([item.number for item in items])
    for item, parent in zip(items, parents, strict=True):
        parent_id = items[parent].pk if parent is not None else None
        if item.parent_id != parent_id:
            item.parent_id = parent_id
            _save(item, actor)


# --- The table ----------------------------------------------------------------------------


@transaction.atomic
def scoring_table_create(*, group, year: int, actor) -> ScoringTable:
    """The group's first table for ``year``, empty, being prepared. Raises PermissionDenied
    for anyone but the group's head and the Department, ApplicationError if one exists."""
    table = ScoringTable(group=group, year=year, created_by=actor)
    _require(actor, "scoring.change_scoring_table", table)
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
    _require(actor, "scoring.change_scoring_table", locked)
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
    fields = ("position", "number", "text", "kind", "max_points", "guidance")
    rows = [{**row, "number": clean_number(row.get("number"))} for row in rows]
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
    _link_parents(locked, actor)
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
    _require(actor, "scoring.change_scoring_table", locked)
    if locked.status != ScoringStatus.DRAFT:
        raise ApplicationError(_("Only a table being prepared can be opened for scoring."))
    problems = item_problems(
        [
            {
                "position": i.position,
                "number": i.number,
                "text": i.text,
                "kind": i.kind,
                "max_points": i.max_points,
            }
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
    _require(actor, "scoring.change_scoring_table", locked)
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
    originals = list(locked.items.all())
    bulk_create_with_history(
        [
            ScoringItem(
                table=new,
                position=item.position,
                number=item.number,
                text=item.text,
                kind=item.kind,
                max_points=item.max_points,
                guidance=item.guidance,
                previous=item,
            )
            for item in originals
        ],
        ScoringItem,
        default_user=actor,
        default_change_reason=f"Copied from version {locked.version}",
    )
    # The groups: each copy under the copy of its original's group.
    copies = {item.previous_id: item for item in new.items.all()}
    linked = []
    for original in originals:
        if original.parent_id is not None and original.parent_id in copies:
            copy = copies[original.pk]
            copy.parent = copies[original.parent_id]
            linked.append(copy)
    if linked:
        ScoringItem.objects.bulk_update(linked, ["parent"])
        _history_rows(linked, actor, f"Copied from version {locked.version}")
    return new


def _history_rows(items, actor, reason: str) -> None:
    """History rows for items changed by ``bulk_update`` (which writes none)."""
    ScoringItem.history.bulk_history_create(
        items, update=True, default_user=actor, default_change_reason=reason
    )
