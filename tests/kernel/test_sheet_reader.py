"""The reader of the spreadsheets units really have: legacy encodings, values as people
write them, the header wherever it is, columns placed by meaning."""

import datetime
import unicodedata

import pytest

from emulation_portal.sheets.encodings import TCVN3, VNI, from_tcvn3, from_vni, to_unicode
from emulation_portal.sheets.grids import read_code_list, read_grid
from emulation_portal.sheets.headers import GRID, field_names, find_table, match_column
from emulation_portal.sheets.values import (
    RATINGS,
    ReadDate,
    ValueProblem,
    Vocabulary,
    fold,
    read_date,
    read_mark,
    read_rating,
    split_list,
)
from emulation_portal.spreadsheets import SheetLimits, SheetProblem
from tests.sheet_files import SIGNATURES, TITLE_ROWS, with_cached_values, xlsx
from units.models import Rating

LIMITS = SheetLimits(max_bytes=5 * 1024 * 1024, max_rows=1000, max_width=40)
TITLES = Vocabulary(
    [
        ("LDTT", ["LDTT", "Lao động tiên tiến", "LĐTT"]),
        ("CSTDCS", ["CSTDCS", "Chiến sĩ thi đua cơ sở", "CSTĐCS"]),
        ("CSTD_BO", ["CSTD_BO", "Chiến sĩ thi đua cấp Bộ", "CSTĐ cấp Bộ"]),
    ]
)


def _table(data, grid=TITLES):
    sheet = read_grid(data, LIMITS)
    return find_table(sheet.rows, sheet.merges, fields=field_names(), grid=grid)


def _keys(table):
    return [(column.key, column.grid_key) for column in table.columns]


# --- legacy encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "unicode", "encoding"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", TCVN3),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", TCVN3),
        ("Lao ®éng tiªn tiÕn", "Lao động tiên tiến", TCVN3),
        ("NguyÔn V¨n An", "Nguyễn Văn An", TCVN3),
        ("Bé tµi nguyªn vµ m«i tr\u00adêng", "Bộ tài nguyên và môi trường", TCVN3),
        ("DANH S¸CH §¡NG Kû", "DANH SÁCH ĐĂNG KỶ", TCVN3),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", VNI),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc", VNI),
        ("Chieán só thi ñua cô sôû", "Chiến sĩ thi đua cơ sở", VNI),
        ("Nguyeãn Vaên Aùnh", "Nguyễn Văn Ánh", VNI),
        ("TRÖÔNG THÒ THUÙY", "TRƯƠNG THỊ THÚY", VNI),
    ],
)
def test_legacy_text_is_converted(legacy, unicode, encoding):
    assert to_unicode(legacy) == (unicode, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "Lê Tú",
        "Hoàng Thị Mai",
        "Ngô Bá Tú",
        "Tô Hoài",
        "Quách Tuân",
        "Thuê Xuân Yêu",
        "Hoà Khoè",
        "BÙI THỊ HÀ",
        "Nguyễn Văn Đức",
        unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
        unicodedata.normalize("NFD", "Hoàng Tú"),
        "2×3 · 5 ®",
        "Pleiku",
        "",
    ],
)
def test_unicode_text_is_left_alone(text):
    assert to_unicode(text) == (text, None)


def test_the_tables_hold_every_vietnamese_letter_once():
    vowels = "aăâeêioôơuưy"
    tones = "\u0301\u0300\u0309\u0303\u0323"
    letters = [unicodedata.normalize("NFC", v + t) for v in vowels for t in ("", *tones)]
    letters = [letter for letter in letters if not letter.isascii()] + ["đ"]
    assert len(letters) == 67
    # VNI: every letter and its capital round-trips through the table
    from emulation_portal.sheets.encodings import _VNI_LOWER

    vni = dict(_VNI_LOWER)
    assert set(vni) == set(letters)
    for letter, code in vni.items():
        assert from_vni(code) == letter
        assert from_vni(code.upper()) == letter.upper()
    from emulation_portal.sheets.encodings import _TCVN3_TABLE

    assert set(letters) <= set(_TCVN3_TABLE.values())
    assert len(set(_TCVN3_TABLE.values())) == len(_TCVN3_TABLE)
    assert from_tcvn3("¸µ¶·¹") == "áàảãạ"


# --- values -------------------------------------------------------------------------------


def test_fold_drops_case_accents_d_and_spacing():
    assert fold("  Họ và\ntên ") == "ho va ten"
    assert fold(unicodedata.normalize("NFD", "ĐƠN VỊ")) == "don vi"
    assert fold("Tên phòng ban/khối, tổ công tác") == "ten phong ban khoi to cong tac"


def test_lists_split_on_commas_semicolons_and_line_breaks():
    assert split_list("LĐTT, CSTĐCS;BK\nGK ;") == ["LĐTT", "CSTĐCS", "BK", "GK"]
    assert split_list(None) == []


@pytest.mark.parametrize("value", ["x", "X", " x ", "✓", 1, "1", "có", "Có", True])
def test_marks(value):
    assert read_mark(value) is True


@pytest.mark.parametrize("value", [None, "", "  ", 0, "0", "không", "Không"])
def test_blank_marks(value):
    assert read_mark(value) is False


def test_a_strange_mark_is_refused():
    with pytest.raises(ValueProblem):
        read_mark("yes please")


def test_ratings_by_abbreviation_or_words():
    assert set(RATINGS) == set(Rating.values)
    assert read_rating("HTXSNV") == "excellent"
    assert read_rating("httnv") == "good"
    assert read_rating("Hoàn thành nhiệm vụ") == "completed"
    assert read_rating(unicodedata.normalize("NFD", "KHÔNG HOÀN THÀNH NHIỆM VỤ")) == (
        "not_completed"
    )
    assert read_rating(" ") is None
    with pytest.raises(ValueProblem):
        read_rating("Giỏi")


def test_dates_as_people_write_them():
    assert read_date("05/03/1980") == ReadDate(1980, datetime.date(1980, 3, 5))
    assert read_date("5-3-1980") == ReadDate(1980, datetime.date(1980, 3, 5))
    assert read_date("1980-03-05") == ReadDate(1980, datetime.date(1980, 3, 5))
    assert read_date(datetime.datetime(1980, 3, 5)) == ReadDate(1980, datetime.date(1980, 3, 5))
    assert read_date(1980) == ReadDate(1980)
    assert read_date("1980") == ReadDate(1980)
    assert read_date(29285) == ReadDate(1980, datetime.date(1980, 3, 5))  # a serial day
    assert read_date(None) is None
    for bad in ("31/02/1980", "05/03/1780", "hôm qua", True):
        with pytest.raises(ValueProblem):
            read_date(bad)


def test_a_year_matches_any_date_of_that_year():
    assert ReadDate(1980).matches(datetime.date(1980, 12, 1))
    assert not ReadDate(1980, datetime.date(1980, 3, 5)).matches(datetime.date(1980, 3, 6))
    assert not ReadDate(1980).matches(None)


# --- columns ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ TÊN", "full_name"),
        ("Họ và\ntên cán bộ, công chức", "full_name"),
        ("Năm sinh", "birth_date"),
        ("Ngày, tháng, năm sinh", "birth_date"),
        ("Giới tính", "gender"),
        ("Chức danh", "position"),
        ("Tên phòng ban/khối, tổ công tác", "department"),
        ("Tên đơn vị/tập thể", "unit"),
        ("Danh hiệu thi đua / Hình thức khen thưởng", "titles"),
        ("Danh hiệu đề nghị", "titles"),
        ("Mức độ hoàn thành nhiệm vụ", "rating"),
        ("Kỷ luật", "discipline"),
        ("Tên đề tài", "initiative"),
        ("Tác giả", "authors"),
        ("Ngày công nhận", "recognised_on"),
        ("Đơn vị công nhận", "recognised_by"),
        ("S TT", None),
        ("STT", "number"),
        ("Đơn vị: Cục Khí tượng", None),
        ("Số điện thoại", None),
    ],
)
def test_columns_are_placed_by_meaning(header, key):
    assert match_column(header, field_names(), TITLES)[0] == key


def test_title_columns_by_abbreviation_name_or_code_in_brackets():
    fields = field_names()
    assert match_column("LĐTT", fields, TITLES) == (GRID, "LDTT")
    assert match_column("chiến sĩ thi đua cơ sở", fields, TITLES) == (GRID, "CSTDCS")
    assert match_column("Whatever [CSTD_BO]", fields, TITLES) == (GRID, "CSTD_BO")


# --- tables -------------------------------------------------------------------------------


def test_header_below_title_rows_with_stt_and_signatures_below():
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu thi đua / Hình thức khen thưởng"],
        [1, "Nguyễn Văn An", "01/02/1980", "Chuyên viên", "LĐTT"],
        [],
        [2, "Trần Thị Bình", "1985", "Trưởng phòng", "LĐTT, CSTĐCS"],
        *SIGNATURES,
    ]
    table = _table(xlsx(rows, merges=["A1:E1", "A4:E4"]))

    assert table.header_rows == (6,)
    assert _keys(table) == [
        ("number", None),
        ("full_name", None),
        ("birth_date", None),
        ("position", None),
        ("titles", None),
    ]
    assert [row for row, _values in table.rows] == [7, 9]
    assert table.ended_at == 11
    assert table.rows[1][1][4] == "LĐTT, CSTĐCS"


def test_two_row_header_with_merged_cells_and_column_numbers():
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Danh hiệu đăng ký", None, None, "Ghi chú"],
        [None, None, None, None, "LĐTT", "CSTĐCS", "CSTĐ cấp Bộ", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        [1, "Nguyễn Văn An", 1980, "Chuyên viên", "x", None, None, None],
        ["Người lập biểu"],
    ]
    merges = ["A6:A7", "B6:B7", "C6:C7", "D6:D7", "H6:H7", "E6:G6"]
    table = _table(xlsx(rows, merges=merges))

    assert table.header_rows == (6, 7)
    assert _keys(table) == [
        ("number", None),
        ("full_name", None),
        ("birth_date", None),
        ("position", None),
        (GRID, "LDTT"),
        (GRID, "CSTDCS"),
        (GRID, "CSTD_BO"),
        ("notes", None),
    ]
    assert table.columns[4].header == "Danh hiệu đăng ký / LĐTT"
    assert [row for row, _values in table.rows] == [9]
    assert table.ended_at == 10


def test_two_row_header_without_merged_cells():
    rows = [
        ["Họ và tên", "Ngày sinh", "Danh hiệu đăng ký", None],
        [None, None, "LĐTT", "CSTĐCS"],
        ["Nguyễn Văn An", "01/02/1980", None, "x"],
    ]
    table = _table(xlsx(rows))

    assert table.header_rows == (1, 2)
    assert [c.grid_key for c in table.grid_columns] == ["LDTT", "CSTDCS"]


def test_a_position_named_like_a_signature_does_not_end_the_data():
    rows = [
        ["Họ và tên", "Chức vụ", "Danh hiệu"],
        ["Nguyễn Văn An", "Thủ trưởng đơn vị", "LĐTT"],
        ["Trần Thị Bình", "Kế toán", "LĐTT"],
    ]
    table = _table(xlsx(rows))

    assert [row for row, _values in table.rows] == [2, 3]
    assert table.ended_at is None


def test_two_candidate_header_rows_are_refused():
    rows = [
        ["STT", "Họ và tên", "Danh hiệu"],
        [1, "Nguyễn Văn An", "LĐTT"],
        ["STT", "Họ tên", "Danh hiệu đề nghị"],
        [1, "Trần Thị Bình", "CSTĐCS"],
    ]
    with pytest.raises(SheetProblem) as error:
        _table(xlsx(rows))

    assert error.value.row == 3
    assert "1" in error.value.reason and "3" in error.value.reason


def test_data_that_reads_like_headers_is_not_a_second_header():
    rows = [
        ["Họ và tên", "Tổ công tác", "Đơn vị", "Danh hiệu"],
        ["Nguyễn Văn An", "Tổ công tác 2", "Đơn vị 3", "LĐTT"],
    ]
    table = _table(xlsx(rows))

    assert [row for row, _values in table.rows] == [2]


def test_no_header_is_refused():
    with pytest.raises(SheetProblem):
        _table(xlsx([["Nguyễn Văn An", "LĐTT"]]))


def test_two_columns_for_the_same_field_are_refused():
    with pytest.raises(SheetProblem) as error:
        _table(xlsx([["Họ và tên", "Họ tên", "Danh hiệu"], ["A", "A", "LĐTT"]]))

    assert error.value.row == 1


def test_unplaced_columns_are_listed():
    table = _table(xlsx([["Họ và tên", "Danh hiệu", "Số điện thoại"], ["A", "LĐTT", "0900"]]))

    assert [(c.letter, c.header) for c in table.unplaced] == [("C", "Số điện thoại")]


# --- workbooks ----------------------------------------------------------------------------


def test_legacy_cells_are_converted_and_reported():
    rows = [["Hä vµ tªn", "Danh hiÖu"], ["Ph¹m ThÞ Hång", "Lao ®éng tiªn tiÕn"], ["Lê Tú", "x"]]
    sheet = read_grid(xlsx(rows), LIMITS)

    assert sheet.rows[0][1] == ("Họ và tên", "Danh hiệu")
    assert sheet.rows[1][1] == ("Phạm Thị Hồng", "Lao động tiên tiến")
    assert sheet.rows[2][1] == ("Lê Tú", "x")
    assert [(c.cell, c.original, c.converted, c.encoding) for c in sheet.conversions] == [
        ("A1", "Hä vµ tªn", "Họ và tên", TCVN3),
        ("B1", "Danh hiÖu", "Danh hiệu", TCVN3),
        ("A2", "Ph¹m ThÞ Hång", "Phạm Thị Hồng", TCVN3),
        ("B2", "Lao ®éng tiªn tiÕn", "Lao động tiên tiến", TCVN3),
    ]


def test_nfd_text_is_read_as_nfc():
    name = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    sheet = read_grid(xlsx([["Họ và tên"], [name]]), LIMITS)

    assert sheet.rows[1][1][0] == unicodedata.normalize("NFC", name)
    assert sheet.conversions == []


def test_a_code_list_sheet_is_read():
    codes = [
        ["DANH MỤC DANH HIỆU"],
        ["STT", "Mã", "Tên danh hiệu"],
        [1, "DH01", "Lao động tiên tiến"],
        [2, "DH02", "Chiến sĩ thi đua cơ sở"],
    ]
    sheet = read_grid(xlsx([["Họ và tên", "Danh hiệu"]], sheets={"Danh mục": codes}), LIMITS)

    assert sheet.code_list == {"dh01": "Lao động tiên tiến", "dh02": "Chiến sĩ thi đua cơ sở"}


def test_a_code_list_without_header_is_its_first_two_columns():
    assert read_code_list([(1, ("A", "Lao động tiên tiến")), (2, ("B", "Giấy khen"))]) == {
        "a": "Lao động tiên tiến",
        "b": "Giấy khen",
    }


def test_formulas_are_read_as_their_cached_values():
    data = xlsx([["STT", "Họ và tên"], [1, "A"], ["=A2+1", "B"]])
    sheet = read_grid(with_cached_values(data, {"A3": 2}), LIMITS)

    assert sheet.rows[2][1] == (2, "B")


def test_formulas_without_cached_values_are_refused():
    data = xlsx([["STT", "Họ và tên"], [1, "A"], ["=A2+1", "B"]])

    with pytest.raises(SheetProblem) as error:
        read_grid(data, LIMITS)

    assert "A3" in error.value.reason
    assert "Excel" in error.value.reason


def test_upload_limits_hold():
    with pytest.raises(SheetProblem):
        read_grid(b"not a workbook", LIMITS)
    with pytest.raises(SheetProblem):
        read_grid(xlsx([["Họ và tên"]] + [["A"]] * 60), SheetLimits(5_000_000, 20, 5))


def test_a_cell_that_could_be_unicode_is_vni_in_a_vni_workbook():
    vni = read_grid(xlsx([["Soá TT", "Hoï teân"], [1, "Nguyeãn Vaên Hoaøng"]]), LIMITS)
    unicode = read_grid(xlsx([["Số TT", "Hoá"], [1, "Nguyễn Văn Hoà"]]), LIMITS)

    assert vni.rows[0][1] == ("Số TT", "Họ tên")
    assert [c.cell for c in vni.conversions] == ["A1", "B1", "B2"]
    assert unicode.rows[0][1] == ("Số TT", "Hoá")
    assert unicode.conversions == []


def test_the_workbook_hint_is_not_taken_when_encodings_disagree():
    sheet = read_grid(xlsx([["Hä tªn", "Hoï teân"], ["Hoá", "x"]]), LIMITS)

    assert sheet.rows[1][1] == ("Hoá", "x")
