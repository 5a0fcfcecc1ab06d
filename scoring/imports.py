"""A scoring table's items through Excel: the template (a django-import-export resource),
the upload read and checked row by row with the resource's widgets, a preview with every bad
row, and an all-or-nothing apply through ``scoring.services.tables.scoring_items_replace``.

The sheet has one row per item: number, item, kind (base, bonus or deduction, as a code or
its name in either language), maximum points and guidance. It is read with the portal's
reader of the units' own layouts (``emulation_portal.sheets``): the portal's template, or a
real table with title rows above a header on one or two merged rows ("STT", "Nội dung tiêu
chí", "Điểm chuẩn"...). The numbers make the tree (``scoring.numbering``): I, II are parts, 1
and 1.1 go under them, an item with items under it is a group whose maximum must be the sum
of its items'; a row without a kind takes its group's. A file with any bad row changes
nothing. ``read_scoring_items`` is the reading alone, for ``manage.py import_list``.
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from emulation_portal.exceptions import ApplicationError
from emulation_portal.sheets.grids import read_grid
from emulation_portal.sheets.headers import FIELDS, find_table
from emulation_portal.sheets.values import Vocabulary
from emulation_portal.spreadsheets import (
    SheetLimits,
    SheetProblem,
    check_workbook,
    discard_upload,
    in_every_language,
    is_blank,
    normalise,
    stash_upload,
    unstash_upload,
)

from .models import ItemKind, ScoringItem, ScoringTable
from .numbering import clean_number, number_parents
from .selectors import scoring_items
from .services.tables import (
    item_problems,
    scoring_items_replace,
    scoring_table_create,
    scoring_table_items_editable,
    scoring_table_version_token,
    tree_problems,
)
from .workflow import ScoringStatus

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 200
EXTRA_COLUMNS = 5  # beyond the template's: a user's notes are refused as unknown columns
ZERO = Decimal(0)


# The kinds' msgids (as in ItemKind) and the words Vietnamese scoring tables use for them.
KIND_NAMES = {
    ItemKind.BASE: ("Base", {"cơ bản", "điểm cơ bản", "chuẩn", "điểm chuẩn"}),
    ItemKind.BONUS: ("Bonus", {"thưởng", "điểm thưởng", "cộng", "điểm cộng"}),
    ItemKind.DEDUCTION: ("Deduction", {"trừ", "điểm trừ"}),
}


class KindWidget(widgets.Widget):
    """The item's kind written as its code (base, bonus, deduction) or its name."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            raise ValueError(_("The kind is missing."))
        text = normalise(value)
        for kind, (msgid, words) in KIND_NAMES.items():
            if text == kind.value or text in words or text in in_every_language(msgid):
                return kind.value
        raise ValueError(
            _("Unknown kind “%(value)s”: write %(kinds)s.")
            % {"value": str(value)[:40], "kinds": ", ".join(str(k.label) for k in ItemKind)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(ItemKind(value).label) if value else ""


class PointsWidget(widgets.DecimalWidget):
    """Points as a number, or as text with a decimal comma ("7,5")."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            raise ValueError(_("The maximum points are missing."))
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        try:
            points = Decimal(str(value))
        except Exception as exc:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from exc
        if not points.is_finite() or points.as_tuple().exponent < -2:
            raise ValueError(_("At most two decimals."))
        return points

    def render(self, value, obj=None, **kwargs):
        return float(value) if value is not None else None


class NumberWidget(widgets.Widget):
    """The item's number as the table writes it: I, 1, 1.1, a (or 1, 2, 3 for a flat
    table)."""

    def clean(self, value, row=None, **kwargs):
        number = clean_number(value)
        if not number:
            raise ValueError(_("The number is missing."))
        if len(number) > 20:
            raise ValueError(_("The number is too long."))
        return number

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ScoringItemResource(resources.ModelResource):
    """The sheet: number, item, kind, maximum points, guidance."""

    number = fields.Field(attribute="label", widget=NumberWidget())
    text = fields.Field(attribute="text")
    kind = fields.Field(attribute="kind", widget=KindWidget())
    max_points = fields.Field(attribute="max_points", widget=PointsWidget())
    guidance = fields.Field(attribute="guidance")

    # (field name, msgid of its column header)
    HEADERS = (
        ("number", "No."),
        ("text", "Item"),
        ("kind", "Kind"),
        ("max_points", "Maximum points"),
        ("guidance", "Guidance"),
    )

    class Meta:
        model = ScoringItem
        fields = ["number", "text", "kind", "max_points", "guidance"]
        export_order = ["number", "text", "kind", "max_points", "guidance"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, msgid in self.HEADERS:
            self.fields[name].column_name = _(msgid)


def _instructions() -> tablib.Dataset:
    sheet = tablib.Dataset(headers=[_("How to fill in the scoring table")])
    sheet.title = _("Instructions")[:31]
    for line in (
        _("1. One row per item; keep the column headers of the first row."),
        _(
            "Numbers: I, II for the parts, 1, 2 under them, 1.1 under 1; an item with items "
            "under it is a group, its maximum the sum of theirs, and only its items are scored."
        ),
        _("2. Kind: %(kinds)s.") % {"kinds": ", ".join(str(k.label) for k in ItemKind)},
        _("3. A deduction is written as a positive number of points; it is subtracted."),
        _("4. Maximum points: a number greater than 0, decimals with a comma or a point."),
        _("5. The file replaces every item of the table; check the preview, then confirm."),
    ):
        sheet.append([line])
    return sheet


def scoring_import_template(*, table: ScoringTable) -> bytes:
    """The .xlsx template, pre-filled with the table's items."""
    resource = ScoringItemResource()
    items = resource.export(queryset=scoring_items(table), force_native_type=True)
    items.title = _("Scoring table")[:31]
    book = tablib.Databook([items, _instructions()])
    return book.export("xlsx", escape=True, column_width="adaptive")


def scoring_import_filename(*, table: ScoringTable) -> str:
    return f"bang-cham-diem-{slugify(table.group.code)}-{table.year}-v{table.version}.xlsx"


# --- Reading and checking an upload -------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why the file or one of its rows cannot be imported; row is the Excel row number (the
    header is row 1), None for the file as a whole."""

    row: int | None
    reason: str


@dataclass
class ImportRow:
    row: int
    position: int
    number: str
    text: str
    kind: str
    max_points: Decimal
    guidance: str
    is_group: bool = False
    depth: int = 0

    @property
    def kind_label(self) -> str:
        return str(ItemKind(self.kind).label)


@dataclass
class ScoringImportPreview:
    problems: list[Problem] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    replaced: int = 0  # items the table holds now

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.rows)

    def total(self, kind: str) -> Decimal:
        """The leaves' maxima of ``kind`` (a group's maximum is the sum of its items')."""
        return sum(
            (row.max_points for row in self.rows if row.kind == kind and not row.is_group), ZERO
        )

    @property
    def base_total(self) -> Decimal:
        return self.total(ItemKind.BASE)

    @property
    def bonus_total(self) -> Decimal:
        return self.total(ItemKind.BONUS)

    @property
    def deduction_total(self) -> Decimal:
        return self.total(ItemKind.DEDUCTION)

    def items(self) -> list[dict]:
        return [
            {
                "position": row.position,
                "number": row.number,
                "text": row.text,
                "kind": row.kind,
                "max_points": row.max_points,
                "guidance": row.guidance,
            }
            for row in self.rows
        ]


# The usual names of each column (beyond the template's in every language).
COLUMN_NAMES = {
    "number": FIELDS["number"][1],
    "text": (
        "Nội dung tiêu chí",
        "Nội dung",
        "Tiêu chí",
        "Tiêu chí chấm điểm",
        "Nội dung chấm điểm",
        "Nội dung tiêu chí chấm điểm",
        "Nội dung thi đua",
    ),
    "kind": ("Loại điểm", "Loại"),
    "max_points": ("Điểm tối đa", "Điểm chuẩn", "Thang điểm", "Tối đa", "Số điểm tối đa"),
    "guidance": ("Hướng dẫn", "Hướng dẫn chấm", "Cách chấm điểm", "Cách tính điểm"),
}


def _vocabulary() -> Vocabulary:
    names = Vocabulary()
    for name, msgid in ScoringItemResource.HEADERS:
        names.add(name, *in_every_language(msgid), *COLUMN_NAMES[name])
    return names


def _limits() -> SheetLimits:
    return SheetLimits(
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        max_width=len(ScoringItemResource.HEADERS) + EXTRA_COLUMNS,
    )


@dataclass
class ScoringItemsReading:
    """What a file of scoring items holds: the rows read (in order, each with its place in
    the tree) and the problems (Excel row, or None for the file)."""

    problems: list[Problem] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    rows_read: int = 0


def _unknown_columns(table) -> list[Problem]:
    """A column no field is placed in, holding something: refused, so that nothing written
    in the file is left out unseen (an empty "Điểm tự chấm" column is let be)."""
    problems = []
    for column in table.unplaced:
        if column.header and any(not is_blank(values[column.index]) for _r, values in table.rows):
            problems.append(
                Problem(
                    table.header_rows[0],
                    _("Unknown column “%(column)s”: keep the template's columns only.")
                    % {"column": column.header[:40]},
                )
            )
    return problems


def read_scoring_items(data: bytes) -> ScoringItemsReading:
    """Read and check a file of scoring items; never writes. Every bad row is listed with its
    Excel row number: a cell that cannot be read, a number that fits no place, a group whose
    maximum is not its items' sum."""
    reading = ScoringItemsReading()
    try:
        # The table's own row limit, blank rows included, before the reader's allowance for
        # title rows above a header: a scoring table has no more rows than its items.
        check_workbook(data, _limits())
        grid = read_grid(data, _limits())
        table = find_table(grid.rows, grid.merges, fields=_vocabulary())
    except SheetProblem as error:
        reading.problems.append(Problem(error.row, error.reason))
        return reading
    columns = {column.key: column.index for column in table.placed}
    for name, msgid in ScoringItemResource.HEADERS:
        if name not in columns and name != "guidance":
            reading.problems.append(
                Problem(
                    table.header_rows[0],
                    _("The “%(column)s” column is missing from the first row.")
                    % {"column": _(msgid)},
                )
            )
    reading.problems.extend(_unknown_columns(table))
    if reading.problems:
        return reading
    resource = ScoringItemResource()
    parsed = []  # (excel row, cleaned values or None when the row is bad)
    for number, values in table.rows:
        row = {name: values[index] for name, index in columns.items()}
        if all(is_blank(value) for value in row.values()):
            continue
        reading.rows_read += 1
        cleaned, bad = {}, False
        for name, _msgid in ScoringItemResource.HEADERS:
            field_ = resource.fields[name]
            value = row.get(name)
            try:
                if name in ("text", "guidance"):
                    cleaned[name] = "" if is_blank(value) else " ".join(str(value).split())
                elif name == "kind" and is_blank(value):
                    cleaned[name] = None  # its group's, once the tree is known
                else:
                    cleaned[name] = field_.widget.clean(value, row=row)
            except ValueError as error:
                reading.problems.append(Problem(number, f"{field_.column_name}: {error}"))
                bad = True
        if not bad and not cleaned["text"]:
            reading.problems.append(Problem(number, _("The item's text is missing.")))
            bad = True
        if not bad and len(cleaned["text"]) > 500:
            reading.problems.append(Problem(number, _("The item's text is too long.")))
            bad = True
        parsed.append((number, None if bad else cleaned, clean_number(row.get("number"))))
    if not parsed:
        reading.problems.append(Problem(None, _("The sheet has no item.")))
        return reading
    # The tree, from every row's number (a bad row still holds its place).
    parents, problems = number_parents([number for _row, _cleaned, number in parsed])
    reading.problems.extend(Problem(parsed[index][0], reason) for index, reason in problems)
    groups = {parent for parent in parents if parent is not None}
    depth: list[int] = []
    for index, (excel_row, cleaned, _number) in enumerate(parsed):
        parent = parents[index]
        depth.append(depth[parent] + 1 if parent is not None else 0)
        if cleaned is None:
            continue
        if cleaned["kind"] is None:
            inherited = parsed[parent][1] if parent is not None else None
            if inherited is None or inherited["kind"] is None:
                reading.problems.append(
                    Problem(
                        excel_row,
                        f"{resource.fields['kind'].column_name}: {_('The kind is missing.')}",
                    )
                )
                continue
            cleaned["kind"] = inherited["kind"]
        reading.rows.append(
            ImportRow(
                row=excel_row,
                position=index + 1,
                is_group=index in groups,
                depth=depth[index],
                **cleaned,
            )
        )
    if len(reading.rows) == len(parsed):
        items = [
            {"position": r.position, "number": r.number, "text": r.text, "max_points": r.max_points}
            for r in reading.rows
        ]
        reading.problems.extend(
            Problem(reading.rows[index].row, reason)
            for index, reason in tree_problems(items)
            if not any(p.row == reading.rows[index].row for p in reading.problems)
        )
    reading.problems.sort(key=lambda p: (p.row is None, p.row or 0))
    return reading


def scoring_import_preview(*, table: ScoringTable, data: bytes) -> ScoringImportPreview:
    """Read and check the file; never writes. Every bad row is listed with its Excel row
    number, then what is wrong with the items as a whole."""
    reading = read_scoring_items(data)
    preview = ScoringImportPreview(
        problems=reading.problems, rows=reading.rows, replaced=table.items.count()
    )
    if preview.rows and not preview.problems:
        preview.problems.extend(
            Problem(None, reason) for reason in item_problems(preview.items(), tree=False)
        )
    return preview


def scoring_import_apply(*, table: ScoringTable, actor, data: bytes, version: str):
    """Replace the table's items by the file's, all of them or none (the service re-checks
    the permission, the table's state and that it did not change since the preview)."""
    preview = scoring_import_preview(table=table, data=data)
    if not preview.is_valid:
        raise ApplicationError(_("The file has errors. Nothing was imported."))
    scoring_items_replace(table=table, actor=actor, items=preview.items(), version=version)
    return preview


# --- The upload between preview and confirmation ------------------------------------------


def _folder(table: ScoringTable, user) -> str:
    return f"imports/scoring/{table.pk}/{user.pk}"


def scoring_import_stash(*, table: ScoringTable, user, data: bytes) -> uuid.UUID:
    return stash_upload(_folder(table, user), data)


def scoring_import_unstash(*, table: ScoringTable, user, token: uuid.UUID) -> bytes | None:
    return unstash_upload(_folder(table, user), token)


def scoring_import_discard(*, table: ScoringTable, user, token: uuid.UUID) -> None:
    discard_upload(_folder(table, user), token)


# --- A unit's bloc or cluster table from the command line ---------------------------------


def scoring_items_target(*, group, year: int) -> ScoringTable | None:
    """The table a list of items goes into: the version being prepared, else the table in
    force while its items may still change; None when the group has no table for ``year``.
    ApplicationError when the table in force is frozen (units have scored) and no new version
    is being prepared."""
    tables = list(
        ScoringTable.objects.select_related("group")
        .filter(group=group, year=year)
        .exclude(status=ScoringStatus.SUPERSEDED)
    )
    draft = next((t for t in tables if t.status == ScoringStatus.DRAFT), None)
    if draft is not None:
        return draft
    live = next(iter(tables), None)
    if live is None:
        return None
    if not scoring_table_items_editable(live):
        raise ApplicationError(
            _(
                "The scoring table of %(group)s for %(year)s can no longer change: make a new "
                "version of it first. Nothing was written."
            )
            % {"group": group.name, "year": year}
        )
    return live


def scoring_items_matched(*, table: ScoringTable | None, rows: list[ImportRow]) -> int:
    """How many of the rows are items already in the table, by number or by text."""
    if table is None:
        return 0
    numbers, texts = set(), set()
    for item in table.items.all():
        if item.number:
            numbers.add(item.number.casefold())
        texts.add(normalise(item.text))
    return sum(
        1 for row in rows if row.number.casefold() in numbers or normalise(row.text) in texts
    )


def scoring_items_problems(rows: list[ImportRow]) -> list[str]:
    """What is wrong with the rows' items as a whole (beyond each row's own problems)."""
    return item_problems(ScoringImportPreview(rows=rows).items(), tree=False)


@transaction.atomic
def scoring_items_import(
    *, group, year: int, table: ScoringTable | None, actor, reading: ScoringItemsReading
) -> ScoringTable:
    """Write a reading without problems into ``table`` (made first, as a draft, when the
    group has none for ``year``), all of it or nothing, as the Excel import does."""
    if table is None:
        table = scoring_table_create(group=group, year=year, actor=actor)
    preview = ScoringImportPreview(rows=reading.rows)
    problems = item_problems(preview.items())
    if problems:
        raise ApplicationError(" ".join(problems))
    return scoring_items_replace(
        table=table,
        actor=actor,
        items=preview.items(),
        version=scoring_table_version_token(table),
    )
