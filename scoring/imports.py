"""A scoring table's items through Excel: the template (a django-import-export resource),
the upload read and checked row by row with the resource's widgets, a preview with every bad
row, and an all-or-nothing apply through ``scoring.services.tables.scoring_items_replace``.

The sheet has one row per item: number, item, kind (base, bonus or deduction, as a code or
its name in either language), maximum points and guidance. A file with any bad row changes
nothing.
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from emulation_portal.exceptions import ApplicationError
from emulation_portal.spreadsheets import (
    HEADER_ROW,
    SheetProblem,
    discard_upload,
    in_every_language,
    is_blank,
    normalise,
    read_first_sheet,
    stash_upload,
    unstash_upload,
)

from .models import ItemKind, ScoringItem, ScoringTable
from .selectors import scoring_items
from .services.tables import item_problems, scoring_items_replace

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


class PositionWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            raise ValueError(_("The number is missing."))
        try:
            number = Decimal(str(value).strip())
        except Exception as exc:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from exc
        if number != number.to_integral() or not 1 <= number <= 999:
            raise ValueError(_("The number must be a whole number from 1 to 999."))
        return int(number)


class ScoringItemResource(resources.ModelResource):
    """The sheet: number, item, kind, maximum points, guidance."""

    position = fields.Field(attribute="position", widget=PositionWidget())
    text = fields.Field(attribute="text")
    kind = fields.Field(attribute="kind", widget=KindWidget())
    max_points = fields.Field(attribute="max_points", widget=PointsWidget())
    guidance = fields.Field(attribute="guidance")

    # (field name, msgid of its column header)
    HEADERS = (
        ("position", "No."),
        ("text", "Item"),
        ("kind", "Kind"),
        ("max_points", "Maximum points"),
        ("guidance", "Guidance"),
    )

    class Meta:
        model = ScoringItem
        fields = ["position", "text", "kind", "max_points", "guidance"]
        export_order = ["position", "text", "kind", "max_points", "guidance"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, msgid in self.HEADERS:
            self.fields[name].column_name = _(msgid)


def _instructions() -> tablib.Dataset:
    sheet = tablib.Dataset(headers=[_("How to fill in the scoring table")])
    sheet.title = _("Instructions")[:31]
    for line in (
        _("1. One row per item; keep the column headers of the first row."),
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
    text: str
    kind: str
    max_points: Decimal
    guidance: str

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
        return sum((row.max_points for row in self.rows if row.kind == kind), ZERO)

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
                "text": row.text,
                "kind": row.kind,
                "max_points": row.max_points,
                "guidance": row.guidance,
            }
            for row in self.rows
        ]


def _columns(header: tuple) -> tuple[dict[str, int], list[Problem]]:
    """Which column holds which field; unknown and missing columns are problems."""
    wanted = {name: in_every_language(msgid) for name, msgid in ScoringItemResource.HEADERS}
    found: dict[str, int] = {}
    problems = []
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        text = normalise(value)
        name = next((n for n, names in wanted.items() if text in names), None)
        if name is None or name in found:
            problems.append(
                Problem(
                    HEADER_ROW,
                    _("Unknown column “%(column)s”: keep the template's columns only.")
                    % {"column": str(value)[:40]},
                )
            )
        else:
            found[name] = index
    for name, msgid in ScoringItemResource.HEADERS:
        if name not in found and name != "guidance":
            problems.append(
                Problem(
                    HEADER_ROW,
                    _("The “%(column)s” column is missing from the first row.")
                    % {"column": _(msgid)},
                )
            )
    return found, problems


def scoring_import_preview(*, table: ScoringTable, data: bytes) -> ScoringImportPreview:
    """Read and check the file; never writes. Every bad row is listed with its Excel row
    number, then what is wrong with the items as a whole."""
    preview = ScoringImportPreview(replaced=table.items.count())
    try:
        header, rows = read_first_sheet(
            data,
            max_bytes=MAX_BYTES,
            max_rows=MAX_ROWS,
            max_width=len(ScoringItemResource.HEADERS) + EXTRA_COLUMNS,
        )
    except SheetProblem as error:
        preview.problems.append(Problem(error.row, error.reason))
        return preview
    columns, problems = _columns(header)
    if problems:
        preview.problems.extend(problems)
        return preview
    resource = ScoringItemResource()
    for number, values in rows:
        row = {name: values[index] for name, index in columns.items()}
        cleaned, bad = {}, False
        for name, _msgid in ScoringItemResource.HEADERS:
            field_ = resource.fields[name]
            value = row.get(name)
            try:
                if name in ("text", "guidance"):
                    cleaned[name] = "" if is_blank(value) else " ".join(str(value).split())
                else:
                    cleaned[name] = field_.widget.clean(value, row=row)
            except ValueError as error:
                preview.problems.append(Problem(number, f"{field_.column_name}: {error}"))
                bad = True
        if bad:
            continue
        if not cleaned["text"]:
            preview.problems.append(Problem(number, _("The item's text is missing.")))
            continue
        if len(cleaned["text"]) > 500:
            preview.problems.append(Problem(number, _("The item's text is too long.")))
            continue
        preview.rows.append(ImportRow(row=number, **cleaned))
    if not rows:
        preview.problems.append(Problem(None, _("The sheet has no item.")))
    elif not preview.problems:
        preview.problems.extend(Problem(None, reason) for reason in item_problems(preview.items()))
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
