from datetime import date

import pytest

from campaigns.models import Campaign


@pytest.mark.parametrize(
    ("issued_on", "expected"),
    [
        (None, "Hà Nội, ngày tháng năm 2021"),
        (date(2021, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2021"),
        (date(2021, 1, 15), "Hà Nội, ngày 15 tháng 01 năm 2021"),
        (date(2021, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2021"),
    ],
)
def test_date_line_follows_decree_30(issued_on, expected):
    campaign = Campaign(place="Hà Nội", year=2021, issued_on=issued_on)

    assert campaign.date_line == expected


def test_reference_keeps_a_blank_number_blank():
    assert Campaign(number="", symbol="BTNMT-TĐKTTT").reference == "/BTNMT-TĐKTTT"
    assert Campaign(number="06", symbol="BTNMT-TĐKTTT").reference == "06/BTNMT-TĐKTTT"
