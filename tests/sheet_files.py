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
