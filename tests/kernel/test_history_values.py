"""The cells of the staff's history lists: decisions written in one cell, disciplines."""

import datetime

import pytest

from emulation_portal.sheets.values import (
    DISCIPLINES,
    ValueProblem,
    read_decision,
    read_discipline,
)
from units.models import Discipline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123/QĐ-BTNMT ngày 15/12/2020", ("123/QĐ-BTNMT", datetime.date(2020, 12, 15), "")),
        (
            "Quyết định số 123/QĐ-BTNMT, 15/12/2020 của Bộ trưởng",
            ("123/QĐ-BTNMT", datetime.date(2020, 12, 15), "Bộ trưởng"),
        ),
        (
            "Số 45/QĐ-TCKTTV ngày 02 tháng 01 năm 2021",
            ("45/QĐ-TCKTTV", datetime.date(2021, 1, 2), ""),
        ),
        ("45/QĐ-TCKTTV", ("45/QĐ-TCKTTV", None, "")),
        (None, ("", None, "")),
    ],
)
def test_a_decision_in_one_cell_is_split(text, expected):
    assert read_decision(text) == expected


def test_a_decision_date_that_is_no_date_is_refused():
    with pytest.raises(ValueProblem):
        read_decision("12/QĐ ngày 31/02/2020")


def test_disciplines_from_words():
    assert set(DISCIPLINES) == set(Discipline.values)
    assert read_discipline("Khiển trách") == "reprimand"
    assert read_discipline("CẢNH CÁO") == "warning"
    assert read_discipline("Cách chức") == "severe"
    assert read_discipline("Không") == ""
    assert read_discipline("  ") is None
    with pytest.raises(ValueProblem):
        read_discipline("Phê bình")
