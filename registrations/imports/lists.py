"""A unit's list loaded from the command line (``manage.py import_list``, issue 16): the
Department loading the files units send when they adopt the portal.

The file goes through exactly the browser's import: the staff's titles are previewed with
``staff_import_preview`` and written with ``staff_import_apply`` (which previews again, checks
the actor may change the registration, and writes all or nothing with its history rows), so
what is refused and what is written are the same as on the import page.

Four kinds are read: ``people``, the people of the unit's staff with the titles they aim
for in the registration; ``collectives``, the unit's sub-units with the collective titles they
aim for (``imports.collectives``: unknown sub-units are new, created on writing);
``titles_history`` and ``ratings``, the staff's past titles and yearly ratings (``history``),
which belong to the unit's staff rather than to a registration, so that no campaign or
registration is asked for them; ``initiatives``, the registration's initiatives with their
authors from the staff (``imports.initiatives``: an initiative of the same title is updated,
the others are new); ``scoring_items``, the scoring table of the unit's bloc or cluster in
the campaign's year (``scoring.imports``: read with the browser's Excel import, the tree from
the numbers; the items replace the table's, into the version being prepared, made as a draft
when the group has no table; only the group's head or the Department may).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignKind, CampaignStatus
from campaigns.selectors import campaign_current
from criteria.models import Title
from emulation_portal.exceptions import ApplicationError
from emulation_portal.sheets.grids import read_grid
from emulation_portal.sheets.headers import GRID, field_names, find_table
from emulation_portal.spreadsheets import SheetLimits, SheetProblem
from scoring.imports import COLUMN_NAMES as SCORING_COLUMN_NAMES
from scoring.imports import (
    read_scoring_items,
    scoring_items_import,
    scoring_items_matched,
    scoring_items_problems,
    scoring_items_target,
)
from scoring.models import ScoringTable
from units.models import GroupMembership, Unit
from units.permissions import may

from ..models import Registration
from ..services.registrations import registration_version_token
from ..workflow import EDITABLE
from .collectives import collectives_apply, read_collectives
from .history import (
    DECISION_KEYS,
    HISTORY_FIELDS,
    HISTORY_KINDS,
    HISTORY_PERMISSION,
    RATINGS,
    TITLES_HISTORY,
    history_import_apply,
    history_import_preview,
)
from .initiatives import INITIATIVE_FIELDS, initiatives_apply, read_initiatives
from .staff import (
    EXTRA_COLUMNS,
    Problem,
    staff_import_apply,
    staff_import_max_bytes,
    staff_import_max_rows,
    staff_import_preview,
    staff_import_titles,
    staff_import_too_large_message,
)
from .staff_layouts import title_vocabulary

PEOPLE = "people"
COLLECTIVES = "collectives"
INITIATIVES = "initiatives"
SCORING_ITEMS = "scoring_items"
KINDS = (PEOPLE, COLLECTIVES, INITIATIVES, RATINGS, TITLES_HISTORY, SCORING_ITEMS)
SUPPORTED_KINDS = (PEOPLE, COLLECTIVES, TITLES_HISTORY, RATINGS, INITIATIVES, SCORING_ITEMS)

# Columns that only the other kinds have, to tell them from a list of people.
_OTHER_KINDS_FIELDS = {
    **HISTORY_FIELDS,
    "initiative": INITIATIVE_FIELDS["initiative"],
    "authors": INITIATIVE_FIELDS["authors"],
    # A scoring table's columns, by the names its import reads them by.
    "max_points": SCORING_COLUMN_NAMES["max_points"],
    "criterion": SCORING_COLUMN_NAMES["text"],
}


class ListImportError(ApplicationError):
    """The command cannot go on (unknown unit, no registration, a file it cannot read):
    nothing was written."""


@dataclass(frozen=True)
class Refusal:
    row: int | None
    reason: str


@dataclass
class ListImportResult:
    """What the file holds and what was done with it."""

    kind: str
    rows: int = 0
    matched: int = 0
    new: int = 0
    refused: list[Refusal] = field(default_factory=list)
    written: bool = False
    added: int = 0
    removed: int = 0
    changed: int = 0  # initiatives updated
    people: int = 0
    registration: Registration | None = None  # None for the staff's history
    unit: Unit | None = None
    scoring_table: ScoringTable | None = None  # the table the scoring items went into

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "matched": self.matched,
            "new": self.new,
            "refused": [{"row": r.row, "reason": r.reason} for r in self.refused],
        }


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code__iexact=code.strip()).first() if code else None
    if unit is None:
        raise ListImportError(_("No unit has the code “%(code)s”.") % {"code": code})
    return unit


def _campaign(year: int | None) -> Campaign:
    if year is None:
        campaign = campaign_current()
        if campaign is None:
            raise ListImportError(_("No yearly campaign is under way: give the year."))
        return campaign
    campaign = Campaign.objects.filter(kind=CampaignKind.REGULAR, year=year).first()
    if campaign is None:
        raise ListImportError(_("There is no yearly campaign for %(year)s.") % {"year": year})
    return campaign


def _registration(unit: Unit, campaign: Campaign) -> Registration:
    registration = (
        Registration.objects.select_related("unit", "campaign")
        .filter(unit=unit, campaign=campaign)
        .first()
    )
    if registration is None:
        raise ListImportError(
            _("%(unit)s has no registration in the campaign “%(campaign)s”.")
            % {"unit": unit.name, "campaign": campaign.name}
        )
    if registration.status not in EDITABLE or campaign.status == CampaignStatus.CLOSED:
        raise ListImportError(
            _("The registration of %(unit)s is “%(status)s” and can no longer be changed.")
            % {"unit": unit.name, "status": registration.get_status_display()}
        )
    return registration


def _account(username: str | None, *, dry_run: bool):
    if not username:
        if dry_run:
            return None
        raise ListImportError(
            _("Give the account the change is recorded with (--user), or check with --dry-run.")
        )
    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise ListImportError(_("No active account is named “%(name)s”.") % {"name": username})
    return actor


def _history_actor(username: str | None, unit: Unit, *, dry_run: bool):
    """The account recorded as having changed the staff's history: the head of the unit or
    a specialist of the Department."""
    actor = _account(username, dry_run=dry_run)
    if actor is not None and not may(actor, HISTORY_PERMISSION, unit):
        raise ListImportError(
            _(
                "%(name)s may not change the staff history of %(unit)s: only its head or the "
                "Department may."
            )
            % {"name": username, "unit": unit.name}
        )
    return actor


def _actor(username: str | None, registration: Registration, *, dry_run: bool):
    """The account recorded as having made the change: it must be allowed to change the
    registration in the portal, that is be the head of the unit (the browser's import asks
    the same)."""
    actor = _account(username, dry_run=dry_run)
    if actor is None:
        return None
    if not may(actor, "registrations.change_registration", registration):
        raise ListImportError(
            _("%(name)s may not change the registration of %(unit)s: only its head may.")
            % {"name": username, "unit": registration.unit.name}
        )
    return actor


def recognise_kind(data: bytes) -> str | None:
    """The kind of list the file holds, from its table's columns; None when its table cannot
    be found or placed (the people's import then says what is missing)."""
    limits = SheetLimits(
        max_bytes=staff_import_max_bytes(),
        max_rows=staff_import_max_rows(),
        max_width=3 + len(staff_import_titles()) + EXTRA_COLUMNS,
    )
    try:
        grid = read_grid(data, limits)
        table = find_table(
            grid.rows,
            grid.merges,
            fields=field_names(_OTHER_KINDS_FIELDS),
            grid=title_vocabulary(list(Title.objects.all()), grid.code_list),
        )
    except SheetProblem:
        return None
    keys = {column.key for column in table.columns if column.key}
    has_titles = "titles" in keys or GRID in keys
    if "initiative" in keys or "authors" in keys:
        return INITIATIVES
    if "max_points" in keys or ("criterion" in keys and "full_name" not in keys):
        return SCORING_ITEMS
    if "full_name" in keys and has_titles:
        return TITLES_HISTORY if keys & DECISION_KEYS else PEOPLE
    if "full_name" in keys and ("rating" in keys or "discipline" in keys):
        return RATINGS
    if has_titles and ("unit" in keys or "department" in keys):
        return COLLECTIVES
    return None


def _check_kind(kind: str | None, data: bytes) -> str:
    if kind is not None and kind not in KINDS:
        raise ListImportError(
            _("Unknown kind of list “%(kind)s”: give one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    # A file whose table is not found is read as the only kind supported: its preview says
    # what is missing.
    kind = kind or recognise_kind(data) or PEOPLE
    if kind not in SUPPORTED_KINDS:
        raise ListImportError(
            _(
                "Lists of the kind “%(kind)s” cannot be imported yet; this command imports "
                "%(supported)s. Nothing was written."
            )
            % {"kind": kind, "supported": ", ".join(SUPPORTED_KINDS)}
        )
    return kind


def _refusals(problems) -> list[Refusal]:
    """One refusal a row, its reasons in the order found; the file's own problems (no row)
    stop the command."""
    whole_file = [problem.reason for problem in problems if problem.row is None]
    if whole_file:
        raise ListImportError(" ".join(whole_file))
    by_row: dict[int, list[str]] = {}
    for problem in problems:
        by_row.setdefault(problem.row, []).append(problem.reason)
    return [Refusal(row, " ".join(reasons)) for row, reasons in sorted(by_row.items())]


def _import_collectives(registration, data, actor, version, *, dry_run) -> ListImportResult:
    """The unit's sub-units with their collective titles: known ones matched, unknown ones
    new (created on writing), written all or nothing."""
    reading = read_collectives(registration=registration, data=data)
    result = ListImportResult(
        kind=COLLECTIVES,
        rows=reading.rows_read,
        matched=reading.matched,
        new=len(reading.new),
        refused=_refusals([Problem(row, reason) for row, reason in reading.problems]),
        registration=registration,
    )
    current = {
        (aim.sub_unit_id, aim.title_id)
        for aim in registration.collective_titles.filter(sub_unit_id__in=list(reading.known))
    }
    wanted = {(sid, tid) for sid, tids in reading.known.items() for tid in tids}
    result.added = len(wanted - current) + sum(len(tids) for tids in reading.new.values())
    result.removed = len(current - wanted)
    result.people = reading.matched + len(reading.new)
    if dry_run or result.refused or not (result.added or result.removed or reading.new):
        return result
    collectives_apply(registration=registration, actor=actor, version=version, reading=reading)
    result.written = True
    return result


def _import_initiatives(registration, data, actor, version, *, dry_run) -> ListImportResult:
    """The registration's initiatives: the ones of the same title updated, the others new,
    written all or nothing."""
    reading = read_initiatives(registration=registration, data=data)
    result = ListImportResult(
        kind=INITIATIVES,
        rows=reading.rows_read,
        matched=reading.matched,
        new=reading.new,
        refused=_refusals([Problem(row, reason) for row, reason in reading.problems]),
        registration=registration,
    )
    result.added, result.changed = reading.new, reading.changed
    if dry_run or result.refused or not reading.has_changes:
        return result
    initiatives_apply(registration=registration, actor=actor, version=version, reading=reading)
    result.written = True
    return result


def import_list(
    *,
    unit_code: str,
    data: bytes,
    year: int | None = None,
    kind: str | None = None,
    dry_run: bool = False,
    username: str | None = None,
) -> ListImportResult:
    """Read a unit's list and, unless ``dry_run`` or a row is refused, write it, all of it
    or nothing, recorded as done by ``username``. ListImportError when the command cannot
    go on; nothing is written then. ``year`` (the campaign's) is not read for the staff's
    history."""
    if len(data) > staff_import_max_bytes():
        raise ListImportError(staff_import_too_large_message())
    unit = _unit(unit_code)
    kind = _check_kind(kind, data)
    if kind in HISTORY_KINDS:
        return _import_history(unit, data, kind, dry_run=dry_run, username=username)
    if kind == SCORING_ITEMS:
        return _import_scoring_items(unit, data, _campaign(year).year, dry_run, username)
    registration = _registration(unit, _campaign(year))
    actor = _actor(username, registration, dry_run=dry_run)
    version = registration_version_token(registration)
    if kind == COLLECTIVES:
        return _import_collectives(registration, data, actor, version, dry_run=dry_run)
    if kind == INITIATIVES:
        return _import_initiatives(registration, data, actor, version, dry_run=dry_run)

    preview = staff_import_preview(registration=registration, data=data)
    result = ListImportResult(
        kind=kind,
        rows=preview.rows_read,
        matched=preview.matched_rows,
        new=0,  # a person not in the unit's staff is refused, never added
        refused=_refusals(
            [
                *preview.problems,
                *(Problem(p.row, p.reason) for p in [*preview.unknown, *preview.ambiguous]),
            ]
        ),
        registration=registration,
    )
    if dry_run or result.refused or not preview.has_changes:
        result.added, result.removed = preview.added_count, preview.removed_count
        result.people = preview.people_count
        return result
    applied = staff_import_apply(registration=registration, actor=actor, data=data, version=version)
    result.written = True
    result.added, result.removed = applied.added_count, applied.removed_count
    result.people = applied.people_count
    return result


def _import_history(unit: Unit, data: bytes, kind: str, *, dry_run: bool, username):
    """A list of the staff's past titles or yearly ratings (``history``)."""
    actor = _history_actor(username, unit, dry_run=dry_run)
    preview = history_import_preview(unit=unit, data=data, kind=kind)
    result = ListImportResult(
        kind=kind,
        rows=preview.rows_read,
        matched=preview.matched_rows,
        new=preview.new_count,
        refused=_refusals(preview.problems),
        unit=unit,
    )
    if dry_run or result.refused or not preview.has_changes:
        return result
    applied = history_import_apply(unit=unit, actor=actor, data=data, kind=kind)
    result.written = True
    result.new = applied.new_count
    return result


def _import_scoring_items(unit: Unit, data: bytes, year: int, dry_run: bool, username):
    """The scoring table of the unit's bloc or cluster in ``year``: the file's items replace
    the table's (matched: already in the table by number or text; new: the others), all of
    them or none, recorded as done by the group's head or the Department."""
    membership = (
        GroupMembership.objects.select_related("group").filter(unit=unit, year=year).first()
    )
    if membership is None:
        raise ListImportError(
            _("%(unit)s belongs to no bloc or cluster in %(year)s.")
            % {"unit": unit.name, "year": year}
        )
    group = membership.group
    table = scoring_items_target(group=group, year=year)
    actor = _account(username, dry_run=dry_run)
    if actor is not None and not may(
        actor,
        "scoring.change_scoring_table",
        table or ScoringTable(group=group, year=year),
    ):
        raise ListImportError(
            _(
                "%(name)s may not change the scoring table of %(group)s: only the group's head "
                "or the Department may."
            )
            % {"name": username, "group": group.name}
        )
    reading = read_scoring_items(data)
    if reading.rows and not reading.problems:
        reading.problems = [
            Problem(None, reason) for reason in scoring_items_problems(reading.rows)
        ]
    matched = scoring_items_matched(table=table, rows=reading.rows)
    result = ListImportResult(
        kind=SCORING_ITEMS,
        rows=reading.rows_read,
        matched=matched,
        new=len(reading.rows) - matched,
        refused=_refusals(reading.problems),
        unit=unit,
        scoring_table=table,
    )
    if dry_run or result.refused:
        return result
    result.scoring_table = scoring_items_import(
        group=group, year=year, table=table, actor=actor, reading=reading
    )
    result.written = True
    return result
