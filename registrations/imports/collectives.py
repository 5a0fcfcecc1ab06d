"""A unit's list of its collectives (its sub-units: phòng, trung tâm, chi cục, khoa) with the
collective titles each aims for, in the unit's own layout (issue 16): title rows, STT, a
"Tên tập thể" / "Tên đơn vị/tập thể" / "Phòng ban" column, and one "Danh hiệu thi đua" column
of names or abbreviations (TTLĐTT, TTLĐXS) or a grid of x, read by the portal's reader.

A sub-unit is found among the unit's by its name (compared without case, spacing or Unicode
form); a name not found is a new sub-unit, created when the list is written. Each sub-unit of
the list then aims for exactly the titles its row gives; the sub-units the list leaves out
keep theirs. Bad rows are refused with the Excel row and the reason, and then nothing is
written.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from criteria.models import Recipient, Title
from criteria.selectors import registrable_titles
from emulation_portal.sheets.grids import read_grid
from emulation_portal.sheets.headers import find_table
from emulation_portal.sheets.values import ValueProblem, read_mark, split_list
from emulation_portal.spreadsheets import SheetLimits, SheetProblem, is_blank, normalise
from units.models import SubUnit
from units.services import sub_unit_create

from ..models import Registration
from ..services.registrations import registration_lock_for_change, save_sub_unit_aims
from .staff import EXTRA_COLUMNS, staff_import_max_bytes, staff_import_max_rows
from .staff_layouts import _show, title_vocabulary

NAME_KEYS = ("department", "unit")  # "Phòng ban" first: a list may also name the unit


@dataclass
class CollectivesReading:
    """What a list of collectives holds: per row, a known sub-unit or a new name, with the
    title ids it aims for; and the problems (Excel row or None, reason)."""

    problems: list[tuple[int | None, str]] = field(default_factory=list)
    known: dict[int, set[int]] = field(default_factory=dict)  # sub-unit id -> title ids
    new: dict[str, set[int]] = field(default_factory=dict)  # name as written -> title ids
    rows_read: int = 0

    @property
    def matched(self) -> int:
        return len(self.known)


def collectives_limits(titles) -> SheetLimits:
    return SheetLimits(
        max_bytes=staff_import_max_bytes(),
        max_rows=staff_import_max_rows(),
        max_width=3 + len(titles) + EXTRA_COLUMNS,
    )


def _title_of(token, vocabulary, titles_by_code, catalogue):
    keys = vocabulary.keys_for(token)
    if len(keys) == 1:
        return titles_by_code[keys.pop()], None
    shown = _show(token, 30)
    if len(keys) > 1:
        return None, _("“%(value)s” can mean more than one title: write its full name.") % {
            "value": shown
        }
    if catalogue.keys_for(token):
        return None, _("“%(value)s” is not a title a collective can register.") % {"value": shown}
    return None, _(
        "“%(value)s” is not a title of the catalogue: write its name or abbreviation (such as "
        "TTLĐTT or TTLĐXS)."
    ) % {"value": shown}


def read_collectives(*, registration: Registration, data: bytes) -> CollectivesReading:
    """The titles each collective of the list aims for (nothing is written)."""
    reading = CollectivesReading()
    titles = list(registrable_titles(Recipient.COLLECTIVE))
    try:
        grid = read_grid(data, collectives_limits(titles))
        vocabulary = title_vocabulary(titles, grid.code_list)
        table = find_table(grid.rows, grid.merges, grid=vocabulary)
    except SheetProblem as error:
        reading.problems.append((None, error.reason))
        return reading
    name_col = next(
        (table.column_of(key) for key in NAME_KEYS if table.column_of(key) is not None), None
    )
    titles_col = table.column_of("titles")
    if name_col is None:
        reading.problems.append(
            (None, _("The table has no “Tên tập thể” (name of the collective) column."))
        )
    if titles_col is None and not table.grid_columns:
        reading.problems.append(
            (
                None,
                _(
                    "The table has no titles: add a “Danh hiệu thi đua” column, or one column "
                    "per title with x where the collective aims for it."
                ),
            )
        )
    if reading.problems:
        return reading
    titles_by_code = {title.code: title for title in titles}
    catalogue = title_vocabulary(list(Title.objects.all()), grid.code_list)
    grid_cols = [(c.index, titles_by_code[c.grid_key], c.header) for c in table.grid_columns]
    unit = registration.unit
    sub_units = {normalise(s.name): s for s in SubUnit.objects.filter(unit=unit)}
    unit_names = {normalise(name) for name in (unit.name, unit.short_name) if name}
    seen: dict[str, int] = {}
    for row_number, values in table.rows:
        title_cells = [values[i] for i, _t, _h in grid_cols]
        if titles_col is not None:
            title_cells.append(values[titles_col])
        name = values[name_col]
        if is_blank(name) and all(is_blank(value) for value in title_cells):
            continue  # an empty numbered row of the form
        reading.rows_read += 1
        problems = []
        name = " ".join(str(name).split()) if not is_blank(name) else ""
        key = normalise(name)
        if not name:
            problems.append(_("The name of the collective is missing."))
        elif key in unit_names:
            problems.append(
                _("This row is the unit itself: its titles are set in the registration.")
            )
        elif key in seen:
            problems.append(
                _("“%(name)s” is already on row %(row)s.") % {"name": _show(name), "row": seen[key]}
            )
        elif len(name) > SubUnit._meta.get_field("name").max_length:
            problems.append(_("The name of the collective is too long."))
        sub_unit = sub_units.get(key)
        title_ids = set()
        for index, title, header in grid_cols:
            try:
                if read_mark(values[index]):
                    title_ids.add(title.pk)
            except ValueProblem as error:
                problems.append(
                    _("Column “%(column)s”: %(problem)s") % {"column": header, "problem": error}
                )
        if titles_col is not None:
            for token in split_list(values[titles_col]):
                title, why_not = _title_of(token, vocabulary, titles_by_code, catalogue)
                if why_not:
                    problems.append(why_not)
                else:
                    title_ids.add(title.pk)
        if sub_unit is not None and not sub_unit.is_active and title_ids:
            problems.append(
                _("“%(name)s” is an inactive sub-unit: reactivate it to give it titles.")
                % {"name": _show(name)}
            )
        if problems:
            reading.problems.extend((row_number, problem) for problem in problems)
            continue
        seen[key] = row_number
        if sub_unit is not None:
            reading.known[sub_unit.pk] = title_ids
        else:
            reading.new[name] = title_ids
    return reading


@transaction.atomic
def collectives_apply(
    *, registration: Registration, actor, version: str, reading: CollectivesReading
) -> Registration:
    """Write a reading without problems, all of it or nothing: the new sub-units created and
    every sub-unit of the list given exactly its titles, each change with its history row."""
    locked = registration_lock_for_change(
        registration=registration,
        actor=actor,
        version=version,
        stale_message=_(
            "The registration was changed by someone else meanwhile. Nothing was written; "
            "import the list again."
        ),
    )
    aims = dict(reading.known)
    for name, title_ids in reading.new.items():
        sub_unit = sub_unit_create(unit=locked.unit, actor=actor, name=name)
        aims[sub_unit.pk] = title_ids
    save_sub_unit_aims(locked, aims, actor)
    locked._history_user = actor
    locked.save(update_fields=["updated_at"])
    return locked
