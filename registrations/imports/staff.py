"""The staff's titles through Excel: the pre-filled template, the upload's checks and preview,
and the all-or-nothing apply.

The sheet has one row per member of staff: "ID" (the Person's pk, so rows are matched
reliably), the full name (checked against the ID to catch shifted rows), the position (for
reading only), then one column per registrable individual title, headed "<name> [<code>]",
with "x" where the person aims for the title. Only the titles whose column is in the sheet
and the people whose row is in the sheet change; everything else is left as it is.

The template is exported by a django-import-export resource; the upload is read and checked
here rather than by the resource's row-by-row import, so that checking a sheet takes a fixed
handful of queries and applying it is a few bulk statements whatever its length.
"""

import re
import uuid
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from criteria.models import Recipient, Title
from criteria.selectors import registrable_titles
from emulation_portal.exceptions import ApplicationError
from emulation_portal.spreadsheets import (
    HEADER_ROW,
    SheetLimits,
    SheetProblem,
    discard_upload,
    in_every_language,
    is_blank,
    normalise,
    read_first_sheet,
    stash_upload,
    too_large_message,
    unstash_upload,
)
from registrations.selectors.registrations import registration_findings, unit_staff
from registrations.services.registrations import registration_lock_for_change
from units.models import Person

from ..models import IndividualTitleAim, Registration
from .mappings import column_placing_for
from .staff_layouts import placing_choices, read_staff_layout

ID_HEADER = "ID"
MARK = "x"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000
# Columns beyond the fixed three and the title columns (notes a user adds are refused anyway).
EXTRA_COLUMNS = 20
BATCH_SIZE = 2000
CHANGE_REASON = "Excel import"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CODE_IN_HEADER = re.compile(r"\[\s*([^\[\]]+?)\s*\]\s*$")


def staff_import_max_bytes() -> int:
    return getattr(settings, "STAFF_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def staff_import_too_large_message() -> str:
    return too_large_message(staff_import_max_bytes())


def staff_import_max_rows() -> int:
    return getattr(settings, "STAFF_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def staff_import_titles() -> list[Title]:
    """The titles a member of staff can aim for, one sheet column each, by rank."""
    return list(registrable_titles(Recipient.INDIVIDUAL))


def title_header(title: Title) -> str:
    return f"{title.name} [{title.code}]"


# --- The template -------------------------------------------------------------------------


class StaffTitlesResource(resources.ModelResource):
    """The sheet: ID, full name, position, then one "x" column per individual title."""

    id = fields.Field(attribute="pk", column_name=ID_HEADER, widget=widgets.IntegerWidget())
    full_name = fields.Field(attribute="full_name")
    position = fields.Field(attribute="position")

    class Meta:
        model = Person
        fields = ["id", "full_name", "position"]
        export_order = ["id", "full_name", "position"]

    def __init__(self, *, titles: list[Title], aims: dict[int, set[int]], **kwargs):
        super().__init__(**kwargs)
        self.fields["full_name"].column_name = _("Full name")
        self.fields["position"].column_name = _("Position")
        for title in titles:
            self.fields[f"title_{title.pk}"] = fields.Field(
                column_name=title_header(title),
                readonly=True,
                dehydrate_method=self._mark_for(title.pk, aims),
            )

    @staticmethod
    def _mark_for(title_id: int, aims: dict[int, set[int]]):
        return lambda person: MARK if title_id in aims.get(person.pk, ()) else ""


def _instructions() -> tablib.Dataset:
    sheet = tablib.Dataset(headers=[_("How to fill in the staff sheet")])
    sheet.title = _("Instructions")[:31]
    for line in (
        _("1. Keep the ID and full name of each row as they are: they identify the person."),
        _("2. Put x under every title the person aims for; leave the cell empty otherwise."),
        _(
            "3. Delete the rows you do not want to change: people not in the sheet keep their titles."
        ),
        _("4. Do not add, rename or reorder title columns; do not add people."),
        _("5. Upload the file on the import page, check the preview, then confirm."),
    ):
        sheet.append([line])
    return sheet


def staff_import_template(*, registration: Registration) -> bytes:
    """The .xlsx template pre-filled with the unit's active staff and their current aims."""
    titles = staff_import_titles()
    aims: dict[int, set[int]] = {}
    for person_id, title_id in IndividualTitleAim.objects.filter(
        registration=registration
    ).values_list("person_id", "title_id"):
        aims.setdefault(person_id, set()).add(title_id)
    resource = StaffTitlesResource(titles=titles, aims=aims)
    staff = resource.export(
        queryset=unit_staff(registration.unit).only("id", "full_name", "position"),
        force_native_type=True,  # the ID as a number in Excel, as the admin's xlsx export does
    )
    staff.title = _("Staff titles")[:31]
    book = tablib.Databook([staff, _instructions()])
    # escape=True keeps a name starting with "=" from being read as a formula.
    return book.export("xlsx", escape=True, column_width="adaptive")


def staff_import_template_filename(*, registration: Registration) -> str:
    return f"dang-ky-danh-hieu-{slugify(registration.unit.code)}-{registration.campaign.year}.xlsx"


# --- Reading and checking an upload -------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why the file or one of its rows cannot be imported; row is the Excel row number
    (the header is row 1), None for the file as a whole."""

    row: int | None
    reason: str


@dataclass
class PersonChange:
    row: int
    person: Person
    added: list[Title] = field(default_factory=list)
    removed: list[Title] = field(default_factory=list)


@dataclass
class StaffImportPreview:
    """What the file would change, and everything wrong with it."""

    problems: list[Problem] = field(default_factory=list)
    changes: list[PersonChange] = field(default_factory=list)
    titles: list[Title] = field(default_factory=list)
    rows_read: int = 0
    # Rows whose person was found in the unit's staff (the first row of each person), good
    # or refused for another reason.
    matched_rows: int = 0
    # (person_id, title_id) to create; (aim_id, person_id, title_id) to delete.
    to_add: list[tuple[int, int]] = field(default_factory=list)
    to_remove: list[tuple[int, int, int]] = field(default_factory=list)
    # A list in the unit's own layout: how each column was read (staff_layouts.ColumnUse)
    # and the cells converted from a legacy encoding (grids.Conversion); empty for the
    # portal's template.
    column_mapping: list = field(default_factory=list)
    conversions: list = field(default_factory=list)
    # The layout's key and headers, whether it was read as the unit corrected it before,
    # and what each column may be read as (staff_layouts.placing_choices).
    layout: str = ""
    layout_headers: list = field(default_factory=list)
    layout_remembered: bool = False
    placing_choices: list = field(default_factory=list)
    # What the rule set says of the registration as it would be after the import (the
    # editor's checks, criteria.eligibility), so no problem appears only after confirming.
    findings: list = field(default_factory=list)
    # Rows whose person is not in the unit's staff (staff_layouts.UnknownPerson): left out
    # unless the unit head chooses to add the person to the staff on confirming.
    unknown: list = field(default_factory=list)
    added_to_staff: int = 0  # on applying: the people added to the staff first
    # Rows naming namesakes (staff_layouts.AmbiguousPerson): left out unless the unit head
    # chooses which member of staff the row means.
    ambiguous: list = field(default_factory=list)

    @property
    def to_resolve(self) -> bool:
        return bool(self.unknown or self.ambiguous)

    @property
    def is_own_layout(self) -> bool:
        return bool(self.column_mapping)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.to_add or self.to_remove)

    @property
    def added_count(self) -> int:
        return len(self.to_add)

    @property
    def removed_count(self) -> int:
        return len(self.to_remove)

    @property
    def people_count(self) -> int:
        return len(self.changes)


def _parse_id(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        return int(value.strip())
    return None


def _show(value, limit=40) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


@dataclass
class _Columns:
    id: int
    name: int
    titles: list[tuple[int, Title, str]]  # (column index, title, header as written)


def _read_header(header: tuple, titles: list[Title]) -> tuple[_Columns | None, list[Problem]]:
    problems = []
    by_code = {title.code.casefold(): title for title in titles}
    name_headers = in_every_language("Full name")
    position_headers = in_every_language("Position")
    id_col = name_col = None
    title_cols: list[tuple[int, Title, str]] = []
    seen_titles: set[int] = set()
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        text = normalise(value)
        if text == ID_HEADER.casefold() and id_col is None:
            id_col = index
        elif text in name_headers and name_col is None:
            name_col = index
        elif text in position_headers:
            continue
        elif (match := _CODE_IN_HEADER.search(str(value))) is None:
            problems.append(
                Problem(
                    HEADER_ROW,
                    _("Unknown column “%(column)s”: keep the template's columns only.")
                    % {"column": _show(value)},
                )
            )
        elif (title := by_code.get(match.group(1).casefold())) is None:
            problems.append(
                Problem(
                    HEADER_ROW,
                    _("Column “%(column)s”: no title a person can register has the code %(code)s.")
                    % {"column": _show(value), "code": _show(match.group(1), 20)},
                )
            )
        elif title.pk in seen_titles:
            problems.append(
                Problem(
                    HEADER_ROW,
                    _("The title %(code)s has two columns.") % {"code": title.code},
                )
            )
        else:
            seen_titles.add(title.pk)
            title_cols.append((index, title, _show(value)))
    if id_col is None:
        problems.append(Problem(HEADER_ROW, _("The “ID” column is missing from the first row.")))
    if name_col is None:
        problems.append(
            Problem(HEADER_ROW, _("The “Full name” column is missing from the first row."))
        )
    if problems:
        return None, problems
    return _Columns(id=id_col, name=name_col, titles=title_cols), []


def staff_import_preview(
    *,
    registration: Registration,
    data: bytes,
    checks: bool = True,
    chosen: dict[int, int] | None = None,
) -> StaffImportPreview:
    """Read and check the file against the unit's staff and what the registration holds,
    and (``checks``) run the rule checks on the registration as the import would leave it.

    Never writes. A fixed number of queries whatever the number of rows: the titles, the
    unit's staff and the registration's current individual aims, then the rule checks'.
    """
    titles = staff_import_titles()
    preview = StaffImportPreview()
    max_width = 3 + len(titles) + EXTRA_COLUMNS
    try:
        header, rows = read_first_sheet(
            data,
            max_bytes=staff_import_max_bytes(),
            max_rows=staff_import_max_rows(),
            max_width=max_width,
        )
    except SheetProblem as error:
        if error.row != HEADER_ROW:
            preview.problems.append(Problem(error.row, error.reason))
            return preview
        header = None  # no header on row 1: a title row or a blank row above the table
    if header is None or not _is_template(header):
        return _own_layout_preview(registration, data, titles, preview, max_width, checks, chosen)
    columns, problems = _read_header(header, titles)
    if columns is None:
        preview.problems.extend(problems)
        return preview
    preview.titles = [title for _index, title, _header in columns.titles]
    preview.rows_read = len(rows)

    staff = {p.pk: p for p in unit_staff(registration.unit).only("id", "full_name", "position")}
    seen: dict[int, int] = {}  # person id -> the row they were first found on
    wanted: dict[int, tuple[int, set[int]]] = {}  # person id -> (row, title ids), good rows
    for row_number, values in rows:
        person_id, title_ids, problems = _check_row(row_number, values, columns, staff, seen)
        if person_id is not None:
            preview.matched_rows += 1
        if problems:
            preview.problems.extend(problems)
        else:
            wanted[person_id] = (row_number, title_ids)

    _compare(preview, registration, wanted, staff)
    if checks:
        preview.findings = _findings_after(preview, registration, titles)
    return preview


def _is_template(header: tuple) -> bool:
    """The portal's own template has its "ID" column; any other sheet is a unit's layout."""
    return any(normalise(value) == ID_HEADER.casefold() for value in header)


def _own_layout_preview(
    registration, data, titles, preview, max_width, checks, chosen=None
) -> StaffImportPreview:
    """A list in the unit's own layout (staff_layouts): the same checks and changes as the
    template's, people found by name and date of birth instead of the ID."""
    staff = list(unit_staff(registration.unit).only("id", "full_name", "position", "birth_date"))
    reading = read_staff_layout(
        data=data,
        titles=titles,
        staff=staff,
        limits=SheetLimits(
            max_bytes=staff_import_max_bytes(),
            max_rows=staff_import_max_rows(),
            max_width=max_width,
        ),
        placing_for=column_placing_for(registration.unit),
        chosen=chosen,
    )
    preview.problems.extend(Problem(row, reason) for row, reason in reading.problems)
    preview.column_mapping = reading.columns
    preview.layout, preview.layout_headers = reading.layout, reading.headers
    preview.layout_remembered = reading.remembered
    preview.placing_choices = placing_choices(titles)
    preview.conversions = reading.conversions
    preview.titles = reading.titles
    preview.rows_read = reading.rows_read
    preview.matched_rows = reading.matched
    preview.unknown = reading.unknown
    preview.ambiguous = reading.ambiguous
    if preview.titles:
        _compare(preview, registration, reading.wanted, {p.pk: p for p in staff})
        if checks:
            preview.findings = _findings_after(preview, registration, titles)
    return preview


def _findings_after(preview, registration, titles) -> list:
    """The rule checks on the staff's titles as the import would leave them; none while the
    file has problems (the editor's own checks then stand)."""
    if preview.problems or not preview.has_changes:
        return []
    code_of = {title.pk: title.code for title in titles}
    aims: dict[int, set[str]] = {}
    for person_id, code in IndividualTitleAim.objects.filter(registration=registration).values_list(
        "person_id", "title__code"
    ):
        aims.setdefault(person_id, set()).add(code)
    for _aim_id, person_id, title_id in preview.to_remove:
        aims.get(person_id, set()).discard(code_of[title_id])
    for person_id, title_id in preview.to_add:
        aims.setdefault(person_id, set()).add(code_of[title_id])
    return registration_findings(registration, individual_codes=aims)


def _compare(preview, registration, wanted, staff) -> None:
    """The aims to add and remove for ``wanted`` (person id -> (row, title ids)), within the
    preview's titles."""
    current: dict[int, dict[int, int]] = {}  # person id -> {title id: aim id}
    for aim_id, person_id, title_id in IndividualTitleAim.objects.filter(
        registration=registration, title_id__in=[title.pk for title in preview.titles]
    ).values_list("id", "person_id", "title_id"):
        if person_id in wanted:
            current.setdefault(person_id, {})[title_id] = aim_id
    marked = [(title, title.pk) for title in preview.titles]  # pk is a property: read once
    for person_id, (row_number, title_ids) in wanted.items():
        has = current.get(person_id, {})
        added = [(title, pk) for title, pk in marked if pk in title_ids and pk not in has]
        removed = [(title, pk) for title, pk in marked if pk in has and pk not in title_ids]
        if not (added or removed):
            continue
        preview.changes.append(
            PersonChange(
                row=row_number,
                person=staff[person_id],
                added=[title for title, _pk in added],
                removed=[title for title, _pk in removed],
            )
        )
        preview.to_add.extend((person_id, pk) for _title, pk in added)
        preview.to_remove.extend((has[pk], person_id, pk) for _title, pk in removed)


def check_person(row_number, raw_id, given_name, staff, seen) -> tuple[int | None, Problem | None]:
    """(person id, None) when the row's ID is one of ``staff`` (pk -> Person), its name matches
    and the person was not on an earlier row; else (None, the problem). ``seen`` (person id ->
    row) records who was found. Shared by the sheets with one row per member of staff."""
    if is_blank(raw_id):
        return None, Problem(row_number, _("The ID is missing."))
    person_id = _parse_id(raw_id)
    person = staff.get(person_id) if person_id is not None else None
    if person is None:
        # The same answer for a stranger, a colleague who left and a made-up number.
        reason = _("ID %(id)s is not a member of your unit's staff.") % {"id": _show(raw_id, 20)}
        return None, Problem(row_number, reason)
    if normalise(given_name) != normalise(person.full_name):
        reason = _(
            "The name “%(given)s” does not match ID %(id)s (%(name)s): check that the rows "
            "were not shifted."
        ) % {
            "given": "" if is_blank(given_name) else _show(given_name),
            "id": person_id,
            "name": person.full_name,
        }
        return None, Problem(row_number, reason)
    if person_id in seen:
        reason = _("%(name)s is already on row %(row)s.") % {
            "name": person.full_name,
            "row": seen[person_id],
        }
        return None, Problem(row_number, reason)
    seen[person_id] = row_number
    return person_id, None


def _check_row(row_number, values, columns: _Columns, staff, seen):
    """(person id, title ids marked, problems) of one row; ``seen`` records who was found."""
    person_id, problem = check_person(
        row_number, values[columns.id], values[columns.name], staff, seen
    )
    if problem is not None:
        return None, set(), [problem]
    title_ids, problems = set(), []
    for index, title, header in columns.titles:
        value = values[index]
        if is_blank(value):
            continue
        if isinstance(value, str) and value.strip().casefold() == MARK:
            title_ids.add(title.pk)
        else:
            reason = _("Column “%(column)s”: write x or leave the cell empty, not “%(value)s”.") % {
                "column": header,
                "value": _show(value, 20),
            }
            problems.append(Problem(row_number, reason))
    return person_id, title_ids, problems


# --- Applying -----------------------------------------------------------------------------


@transaction.atomic
def staff_import_apply(
    *,
    registration: Registration,
    actor,
    data: bytes,
    version: str,
    add_rows: frozenset[int] = frozenset(),
    chosen: dict[int, int] | None = None,
) -> StaffImportPreview:
    """Write the file's changes to the staff's titles, all of them or none.

    Re-checks everything: the actor may change the registration, it is still editable, it has
    not changed since the preview (``version``) and the file has no bad row. The people of
    ``add_rows`` (Excel rows the preview listed as not in the unit's staff) are added to the
    staff first, each with its history row; the other such rows are left out, as are the
    rows naming namesakes that ``chosen`` (Excel row -> person id) does not resolve. Then bulk
    deletes and creates the aims, each with its history row (who and when), and touches the
    registration so the editor's stale-form check sees the change.
    """
    locked = registration_lock_for_change(
        registration=registration,
        actor=actor,
        version=version,
        stale_message=_(
            "The registration was changed after you uploaded the file. Nothing was "
            "imported; upload the file again to see the changes as they stand now."
        ),
    )
    # The rule checks were shown on the preview; the submission runs them again.
    preview = staff_import_preview(registration=locked, data=data, checks=False, chosen=chosen)
    if not preview.is_valid:
        raise ApplicationError(_("The file has errors. Nothing was imported."))
    newcomers = [person for person in preview.unknown if person.row in add_rows]
    if newcomers:
        _add_to_staff(newcomers, unit=locked.unit, actor=actor)
        preview = staff_import_preview(registration=locked, data=data, checks=False, chosen=chosen)
        preview.added_to_staff = len(newcomers)
    if not preview.has_changes:
        return preview

    now = timezone.now()
    if preview.to_remove:
        _write_aim_history(preview.to_remove, "-", registration=locked, actor=actor, at=now)
        aim_ids = [aim_id for aim_id, _person, _title in preview.to_remove]
        for start in range(0, len(aim_ids), BATCH_SIZE):
            # A plain DELETE: QuerySet.delete() would fire simple_history's post_delete and
            # write one history row per aim with one query each; the "-" rows are above.
            IndividualTitleAim.objects.filter(
                registration=locked, pk__in=aim_ids[start : start + BATCH_SIZE]
            )._raw_delete(IndividualTitleAim.objects.db)
    if preview.to_add:
        # The registration is locked, so its aims with a higher id than its last one are
        # exactly those added here (ids only grow).
        last_id = IndividualTitleAim.objects.filter(registration=locked).aggregate(last=Max("id"))[
            "last"
        ]
        _insert_rows(
            IndividualTitleAim,
            ["registration", "person", "title"],
            [(locked.pk, person_id, title_id) for person_id, title_id in preview.to_add],
        )
        added = IndividualTitleAim.objects.filter(
            registration=locked, id__gt=last_id or 0
        ).order_by()
        _write_aim_history(
            list(added.values_list("id", "person_id", "title_id")),
            "+",
            registration=locked,
            actor=actor,
            at=now,
        )
    locked._history_user = actor
    locked._change_reason = CHANGE_REASON
    locked.save(update_fields=["updated_at"])
    return preview


def _add_to_staff(newcomers, *, unit, actor) -> None:
    """The people of the list the unit head chose to add to the unit's staff."""
    for newcomer in newcomers:
        person = Person(
            unit=unit,
            full_name=newcomer.full_name,
            birth_date=newcomer.birth_date,
            position=newcomer.position[: Person._meta.get_field("position").max_length],
        )
        person._history_user = actor
        person._change_reason = CHANGE_REASON
        try:
            person.full_clean(exclude=["unit"])
        except ValidationError as error:
            raise ApplicationError(
                _("Row %(row)s: %(name)s cannot be added to the staff: %(reasons)s")
                % {
                    "row": newcomer.row,
                    "name": newcomer.full_name,
                    "reasons": " ".join(error.messages),
                }
            ) from error
        person.save()


def _write_aim_history(rows, kind: str, *, registration, actor, at) -> None:
    """One history row per aim added ("+") or removed ("-"): (aim id, person id, title id),
    the same rows simple-history writes."""
    history = IndividualTitleAim.history.model
    when = history._meta.get_field("history_date").get_db_prep_save(at, connection)
    _insert_rows(
        history,
        [
            "id",
            "registration",
            "person",
            "title",
            "history_date",
            "history_type",
            "history_user",
            "history_change_reason",
        ],
        [
            (aim_id, registration.pk, person_id, title_id, when, kind, actor.pk, CHANGE_REASON)
            for aim_id, person_id, title_id in rows
        ],
    )


def _insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Multi-row INSERTs of plain values (ids, text, prepared dates) into ``model``'s table.

    ``bulk_create`` builds and prepares a model instance per row: for a 20,000-person sheet
    and its history rows that was most of the import's time, for values that need nothing.
    """
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    into = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    )
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    batch = max(1, min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            cursor.execute(
                f"{into} VALUES {', '.join([row_sql] * len(chunk))}",
                [value for row in chunk for value in row],
            )


# --- The upload between preview and confirmation ------------------------------------------


def _stash_folder(registration: Registration, user, kind: str = "") -> str:
    """Where a user's pending upload for a registration waits; each ``kind`` of import (the
    staff's titles are "", the year-end facts "year-end") has its own folder, so one import's
    upload neither replaces nor confirms another's."""
    folder = f"imports/{registration.pk}/{user.pk}"
    return f"{folder}/{kind}" if kind else folder


def staff_import_stash(
    *, registration: Registration, user, data: bytes, kind: str = ""
) -> uuid.UUID:
    return stash_upload(_stash_folder(registration, user, kind), data)


def staff_import_unstash(
    *, registration: Registration, user, token: uuid.UUID, kind: str = ""
) -> bytes | None:
    return unstash_upload(_stash_folder(registration, user, kind), token)


def staff_import_discard(
    *, registration: Registration, user, token: uuid.UUID, kind: str = ""
) -> None:
    discard_upload(_stash_folder(registration, user, kind), token)
