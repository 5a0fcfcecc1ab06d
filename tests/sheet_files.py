"""Workbooks in the layouts units really send, built with openpyxl for the tests."""

import re
import unicodedata
import zipfile
from io import BytesIO

from openpyxl import Workbook

TITLE_ROWS = [
    ["BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"],
    ["CỤC KHÍ TƯỢNG THỦY VĂN"],
    [],
    ["DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2021"],
    [],
]
SIGNATURES = [
    [],
    ["Ghi chú: danh sách gồm các cá nhân đăng ký thi đua năm 2021."],
    [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"],
    [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],
    [],
    [None, "Nguyễn Văn Lập", None, None, "Trần Thủ Trưởng"],
]


def xlsx(rows, *, merges=(), sheets=None, title="Danh sách") -> bytes:
    """A workbook whose first sheet holds ``rows`` (lists of values, [] for a blank row),
    with ``merges`` ("A1:H1", ...) and further sheets (name -> rows)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row) if row else [None])
    for merge in merges:
        sheet.merge_cells(merge)
    for name, more in (sheets or {}).items():
        extra = workbook.create_sheet(name)
        for row in more:
            extra.append(list(row) if row else [None])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_cached_values(data: bytes, values: dict[str, object]) -> bytes:
    """The workbook with the cached value Excel would have saved for each formula cell
    ("E7": 2): openpyxl writes formulas with an empty <v/>, as a program that does not
    calculate does."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for cell, value in values.items():
                    text, count = re.subn(
                        rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>\s*)<v\s*/>',
                        rf"\g<1><v>{value}</v>",
                        text,
                    )
                    assert count == 1, cell
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def to_tcvn3(text: str) -> str:
    """``text`` as the .VnTime font stores it (the inverse of the reader's table)."""
    from emulation_portal.sheets.encodings import _TCVN3_TABLE

    codes = {letter: code for code, letter in _TCVN3_TABLE.items()}
    return "".join(codes.get(char, char) for char in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> str:
    """``text`` as the VNI-Times font stores it."""
    from emulation_portal.sheets.encodings import _VNI_LOWER

    codes = dict(_VNI_LOWER)
    codes.update({letter.upper(): code.upper() for letter, code in _VNI_LOWER})
    return "".join(codes.get(char, char) for char in unicodedata.normalize("NFC", text))


# A bloc's scoring table as units write it: title rows, a header on two rows with "Điểm"
# merged over the maximum and an empty self-score column, the STT column numbered I, 1, 1.1,
# a total row and the signatures. Its Excel rows: the header on 6-7, the items from 8.
SCORING_TITLE_ROWS = [
    ["BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"],
    ["KHỐI THI ĐUA IV"],
    [],
    ["BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM 2021"],
    [],
    ["STT", "Nội dung tiêu chí", "Loại điểm", "Điểm", None],
    [None, None, None, "Điểm chuẩn", "Điểm tự chấm"],
]
SCORING_ITEM_ROWS = [
    ["I", "Thực hiện chức năng, nhiệm vụ chuyên môn", "Điểm cơ bản", 60, None],  # row 8
    [1, "Hoàn thành kế hoạch công tác năm", None, 40, None],  # row 9
    ["1.1", "Các chỉ tiêu chuyên môn được giao", None, 25, None],  # row 10
    ["1.2", "Bảo đảm tiến độ và chất lượng", None, 15, None],  # row 11
    [2, "Cải cách hành chính", None, 20, None],  # row 12
    ["II", "Công tác xây dựng tổ chức", "Cơ bản", 40, None],  # row 13
    [1, "Công tác Đảng, đoàn thể", None, 40, None],  # row 14
    ["III", "Điểm thưởng", "Điểm thưởng", 5, None],  # row 15
    [1, "Sáng kiến được công nhận cấp Bộ", None, 5, None],  # row 16
    ["IV", "Điểm trừ", "Điểm trừ", 10, None],  # row 17
    [1, "Vi phạm kỷ luật, kỷ cương hành chính", None, 10, None],  # row 18
]
SCORING_FOOTER_ROWS = [
    [None, "Tổng cộng", None, 100, None],
    [],
    [None, "Người lập biểu", None, "Trưởng Khối thi đua"],
]


def scoring_table_xlsx(items=None) -> bytes:
    """The grouped scoring table above (``items`` instead of its item rows)."""
    return xlsx(
        [*SCORING_TITLE_ROWS, *(items or SCORING_ITEM_ROWS), *SCORING_FOOTER_ROWS],
        merges=["A1:E1", "A2:E2", "A4:E4", "A6:A7", "B6:B7", "C6:C7", "D6:E6"],
        title="Bảng chấm điểm",
    )
