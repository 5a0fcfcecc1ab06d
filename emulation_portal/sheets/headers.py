"""Where a sheet's table is and what its columns mean.

``find_table`` takes a Grid's rows and finds the header wherever it is: below title rows and
blank rows, merged over two rows (a group cell such as "Danh hiệu đăng ký" above
"LĐTT | CSTĐCS | ..."), followed or not by a row of column numbers; the data runs from there
to the first note or signature row ("Ghi chú: ...", "Người lập biểu", "Thủ trưởng đơn vị",
"Hà Nội, ngày ... tháng ... năm ...") and blank rows are skipped. Columns are placed by
meaning: their header text is compared folded (case, accents, đ, line breaks, spacing and
punctuation aside) with the usual names of each field, or with the names of a grid's keys
(a title's name, abbreviation or code) when a column is one of x marks.
"""

import hashlib
import re
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from emulation_portal.spreadsheets import SheetProblem, is_blank

from .values import Vocabulary, fold

# field key -> (label for the preview, the usual names of its column)
FIELDS = {
    "number": (gettext_lazy("No."), ("STT", "TT", "Số TT", "Số thứ tự")),
    "full_name": (
        gettext_lazy("Full name"),
        ("Họ và tên", "Họ tên", "Họ và tên cán bộ", "Tên cán bộ", "Full name"),
    ),
    "birth_date": (
        gettext_lazy("Date of birth"),
        ("Ngày sinh", "Năm sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Date of birth"),
    ),
    "gender": (gettext_lazy("Gender"), ("Giới tính", "Nam/Nữ", "Gender")),
    "position": (
        gettext_lazy("Position"),
        ("Chức vụ", "Chức danh", "Chức vụ/Chức danh", "Chức vụ, chức danh", "Position"),
    ),
    "department": (
        gettext_lazy("Department"),
        (
            "Phòng ban",
            "Phòng/Ban",
            "Tên phòng ban",
            "Tên phòng ban/khối, tổ công tác",
            "Tổ công tác",
            "Bộ phận",
            "Khoa/Phòng",
            "Department",
        ),
    ),
    "unit": (
        gettext_lazy("Unit"),
        ("Đơn vị", "Tên đơn vị", "Tên đơn vị/tập thể", "Tên tập thể", "Đơn vị công tác", "Unit"),
    ),
    "titles": (
        gettext_lazy("Titles"),
        (
            "Danh hiệu",
            "Danh hiệu thi đua",
            "Hình thức khen thưởng",
            "Danh hiệu đề nghị",
            "Danh hiệu đăng ký",
            "Đăng ký danh hiệu",
            "Đăng ký thi đua",
            "Titles",
        ),
    ),
    "rating": (
        gettext_lazy("Rating"),
        ("Xếp loại", "Mức độ hoàn thành nhiệm vụ", "Kết quả xếp loại", "Đánh giá xếp loại"),
    ),
    "discipline": (gettext_lazy("Discipline"), ("Kỷ luật", "Kỉ luật", "Hình thức kỷ luật")),
    "initiative": (
        gettext_lazy("Initiative"),
        ("Tên sáng kiến", "Tên đề tài", "Tên sáng kiến/đề tài", "Sáng kiến"),
    ),
    "authors": (gettext_lazy("Authors"), ("Tác giả", "Đồng tác giả", "Tác giả/Đồng tác giả")),
    "recognised_on": (gettext_lazy("Recognition date"), ("Ngày công nhận",)),
    "recognised_by": (
        gettext_lazy("Recognised by"),
        ("Đơn vị công nhận", "Cấp công nhận", "Hội đồng công nhận"),
    ),
    "notes": (gettext_lazy("Notes"), ("Ghi chú",)),
}
# A row holding one of these (folded, at the start of a cell) ends the data: the notes and
# the signatures below a list.
FOOTER_STARTS = (
    "ghi chu",
    "nguoi lap bieu",
    "nguoi lap bang",
    "nguoi lap",
    "thu truong don vi",
    "thu truong co quan",
    "xac nhan cua",
    "ky ten",
    "ky ghi ro ho ten",
    "kt thu truong",
    "tm ",
    "kt ",
    "tl ",
    "tong cong",
    "danh sach nay co",
)
_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_CODE_IN_BRACKETS = re.compile(r"\[\s*([^\[\]]+?)\s*\]\s*$")
_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,2})\s*\)?")
GRID = "grid"  # a column of marks: its key is a grid key (a title's code)
IGNORED = "ignored"  # a column the user set aside (``remap``): placed, holding nothing


def field_label(key: str) -> str:
    return str(FIELDS[key][0]) if key in FIELDS else key


def field_names(extra: dict[str, tuple] | None = None) -> Vocabulary:
    """The usual names of every field, and ``extra`` ones (key -> names)."""
    names = Vocabulary((key, names) for key, (_label, names) in FIELDS.items())
    for key, more in (extra or {}).items():
        names.add(key, *more)
    return names


@dataclass(frozen=True)
class Column:
    """One column of the header: 0-based index, its header as written (the group's and the
    column's, for a header on two rows), what it was placed as (a field key, or GRID with the
    grid key), or None when nothing matched."""

    index: int
    header: str
    key: str | None = None
    grid_key: str | None = None

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Table:
    """A sheet's table: the header's Excel rows, its columns, and its data rows (Excel row,
    values as wide as the header)."""

    header_rows: tuple[int, ...]
    columns: list[Column]
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    ended_at: int | None = None  # the Excel row of the first note or signature, if any

    def column_of(self, key: str) -> int | None:
        return next((c.index for c in self.columns if c.key == key), None)

    @property
    def placed(self) -> list[Column]:
        return [column for column in self.columns if column.key]

    @property
    def unplaced(self) -> list[Column]:
        return [column for column in self.columns if not column.key]

    @property
    def grid_columns(self) -> list[Column]:
        return [column for column in self.columns if column.key == GRID]


def match_column(label, fields: Vocabulary, grid: Vocabulary | None = None, *, prefix=True):
    """(field key, grid key) for a header text: a grid key written in brackets ("Lao động
    tiên tiến [LDTT]"), a field by one of its names (or a longer text that starts with one,
    "Họ và tên cán bộ, công chức"), or a grid key by name; (None, None) when nothing fits or
    more than one key does."""
    text = fold(label)
    if not text:
        return None, None
    if grid is not None and (code := _CODE_IN_BRACKETS.search(str(label))):
        keys = grid.keys_for(code.group(1))
        if len(keys) == 1:
            return GRID, keys.pop()
    keys = fields.keys_for(text)
    if len(keys) == 1:
        return keys.pop(), None
    if prefix and not keys and ":" not in str(label):  # "Đơn vị: Cục A" is no header
        words = text.split()
        for length in range(len(words) - 1, 0, -1):
            keys = fields.keys_for(" ".join(words[:length]))
            if keys:
                break
        if len(keys) == 1:
            return keys.pop(), None
    if grid is not None:
        keys = grid.keys_for(text)
        if len(keys) == 1:
            return GRID, keys.pop()
    return None, None


def _is_header(values, fields: Vocabulary, grid: Vocabulary | None, *, strict=False) -> bool:
    """Whether a row looks like a header: two known columns, or one and a grid key. Below
    the header (``strict``) only two columns named exactly count, so that a data row with
    "Tổ công tác 2" and "LĐTT" in it is not taken for a second header."""
    if strict:
        grid = None
    matched = [
        match_column(value, fields, grid, prefix=not strict)
        for value in values
        if isinstance(value, str)
    ]
    keys = {key for key, _grid in matched if key and key != GRID}
    return len(keys) >= 2 or (len(keys) == 1 and any(key == GRID for key, _g in matched))


def _spans(merges, row: int) -> dict[int, tuple[int, int, int, int]]:
    """column -> the merged range covering (row, column)."""
    covered = {}
    for merge in merges:
        first_row, first_col, last_row, last_col = merge
        if first_row <= row <= last_row:
            for column in range(first_col, last_col + 1):
                covered[column] = merge
    return covered


def _filled(values) -> list[int]:
    return [index for index, value in enumerate(values) if not is_blank(value)]


def _is_sub_header(upper, lower, merges, upper_row, fields, grid) -> bool:
    """Whether ``lower`` (the row below the header) is the header's second row: every filled
    cell is a text that names a field or grid key, or sits under a blank or group cell."""
    filled = _filled(lower)
    if not filled:
        return False
    covered = _spans(merges, upper_row)
    for index in filled:
        value = lower[index]
        if not isinstance(value, str) or fold(value).isdigit():
            return False
        key, _grid = match_column(value, fields, grid)
        above = upper[index] if index < len(upper) else None
        under_group = is_blank(above) or (
            index in covered and covered[index][1] < covered[index][3]
        )
        if key is None and not under_group:
            return False
    return True


def _is_column_numbers(values) -> bool:
    """A row of column numbers below a header: 1 2 3 ... or (1) (2) (3) ..."""
    filled = _filled(values)
    if len(filled) < 3:
        return False
    numbers = []
    for index in filled:
        match = _COLUMN_NUMBER.fullmatch(str(values[index]).strip())
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _header_texts(rows_by_number, header_rows, merges, width) -> list[str]:
    """The header text of each column: the cell, or the merged range's first cell, and for a
    header on two rows the group above the column's own text."""
    texts = []
    grids = []
    for row in header_rows:
        values = rows_by_number[row]
        covered = _spans(merges, row)
        line = []
        for index in range(width):
            value = values[index] if index < len(values) else None
            if is_blank(value) and index in covered:
                first_row, first_col, _last_row, _last_col = covered[index]
                source = rows_by_number.get(first_row, ())
                value = source[first_col] if first_col < len(source) else None
            line.append("" if is_blank(value) else " ".join(str(value).split()))
        grids.append(line)
    if len(grids) == 1:
        return grids[0]
    upper, lower = grids
    group = ""
    for index in range(width):
        if upper[index]:
            group = upper[index]
        elif not lower[index]:
            group = ""
        if lower[index] and lower[index] != upper[index]:
            texts.append(f"{group} / {lower[index]}" if group else lower[index])
        else:
            texts.append(upper[index])
    return texts


def _is_footer(values, name_col, number_col) -> bool:
    if number_col is not None and number_col < len(values):
        number = values[number_col]
        if isinstance(number, int | float) or fold(number).isdigit():
            return False
    folded = [fold(value) for value in values if isinstance(value, str)]
    has_footer_text = any(
        text.startswith(FOOTER_STARTS) or text in {s.strip() for s in FOOTER_STARTS}
        for text in folded
    ) or any(_DATE_LINE.search(text) for text in folded)
    if not has_footer_text:
        return False
    if name_col is None or name_col >= len(values) or is_blank(values[name_col]):
        return True
    name = fold(values[name_col])
    return name.startswith(FOOTER_STARTS) or bool(_DATE_LINE.search(name))


def _place(texts, lower_texts, fields, grid) -> list[Column]:
    columns = []
    for index, text in enumerate(texts):
        own = lower_texts[index] if lower_texts else ""
        key = grid_key = None
        if own:  # a header on two rows: the column's own text first, then with its group's
            key, grid_key = match_column(own, fields, grid)
        if key is None:
            key, grid_key = match_column(text, fields, grid)
        columns.append(Column(index=index, header=text, key=key, grid_key=grid_key))
    return columns


def find_table(
    rows: list[tuple[int, tuple]],
    merges=(),
    *,
    fields: Vocabulary | None = None,
    grid: Vocabulary | None = None,
) -> Table:
    """The table of a sheet's rows (see the module's docstring), or SheetProblem: no header,
    two candidate header rows, or two columns for the same field or grid key."""
    fields = fields or field_names()
    rows_by_number = dict(rows)
    start = next(
        (
            position
            for position, (_row, values) in enumerate(rows)
            if _is_header(values, fields, grid)
        ),
        None,
    )
    if start is None:
        raise SheetProblem(
            _(
                "No header row was found: the table needs a row of column headers with at least "
                "two known columns, such as STT, Họ và tên, Ngày sinh, Chức vụ, Danh hiệu."
            ),
            rows[0][0] if rows else 1,
        )
    header_row, upper = rows[start]
    header_rows = (header_row,)
    position = start + 1
    if position < len(rows) and rows[position][0] == header_row + 1:
        lower = rows[position][1]
        if _is_sub_header(upper, lower, merges, header_row, fields, grid):
            header_rows = (header_row, header_row + 1)
            position += 1
    last_filled = max(max(_filled(rows_by_number[row]), default=-1) for row in header_rows)
    for first_row, first_col, _last_row, last_col in merges:
        if first_row in header_rows and _filled(
            rows_by_number[first_row][first_col : first_col + 1]
        ):
            last_filled = max(last_filled, last_col)
    width = last_filled + 1
    texts = _header_texts(rows_by_number, header_rows, merges, width)
    lower_texts = (
        _header_texts(rows_by_number, header_rows[1:], [], width) if len(header_rows) == 2 else None
    )
    columns = _place(texts, lower_texts, fields, grid)
    _refuse_twice_placed(columns, header_rows[-1])
    table = Table(header_rows=header_rows, columns=columns)
    if position < len(rows) and _is_column_numbers(rows[position][1]):
        position += 1
    name_col, number_col = table.column_of("full_name"), table.column_of("number")
    for row_number, values in rows[position:]:
        if _is_footer(values, name_col, number_col):
            table.ended_at = row_number
            break
        if _is_header(values, fields, grid, strict=True):
            raise SheetProblem(
                _(
                    "Rows %(first)s and %(second)s both look like the table's header. Keep one "
                    "table on the first sheet, with one header row (or two, merged), and upload "
                    "the file again."
                )
                % {"first": header_row, "second": row_number},
                row_number,
            )
        padded = values[:width] + (None,) * (width - len(values[:width]))
        table.rows.append((row_number, padded))
    return table


def layout_key(table: Table) -> str:
    """What tells one layout from another: its headers, folded, in their order. Two files
    made from the same form have the same key whatever their rows."""
    headers = "\x1f".join(fold(column.header or "") for column in table.columns)
    return hashlib.sha256(headers.encode()).hexdigest()[:32]


def remap(table: Table, placing: dict[int, tuple[str | None, str | None]]) -> Table:
    """``table`` with the columns ``placing`` names (0-based index -> (field key, grid key),
    (None, None) for a column not to use) placed as it says, the others as they were read;
    SheetProblem when two columns would then hold the same thing."""
    columns = [
        replace(column, key=placing[column.index][0], grid_key=placing[column.index][1])
        if column.index in placing
        else column
        for column in table.columns
    ]
    _refuse_twice_placed(columns, table.header_rows[-1])
    return replace(table, columns=columns)


def _refuse_twice_placed(columns: list[Column], row: int) -> None:
    seen: dict[tuple, Column] = {}
    for column in columns:
        if not column.key or column.key == IGNORED:
            continue
        what = (column.key, column.grid_key)
        if what in seen:
            raise SheetProblem(
                _("Columns %(first)s (“%(a)s”) and %(second)s (“%(b)s”) hold the same thing.")
                % {
                    "first": seen[what].letter,
                    "a": seen[what].header,
                    "second": column.letter,
                    "b": column.header,
                },
                row,
            )
        seen[what] = column
