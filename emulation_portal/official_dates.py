"""Dates as official documents write them (Decree 30/2020/NĐ-CP, Appendix I): days 1-9 and
the months January and February take a leading zero ("ngày 05 tháng 02 năm 2021", "ngày 15
tháng 3 năm 2021"). One place for the letter, the decisions, the minutes and the reports."""

from datetime import date


def date_words(day: date) -> str:
    """ "ngày 05 tháng 3 năm 2022"."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date_line(place: str, day: date) -> str:
    """ "Hà Nội, ngày 05 tháng 3 năm 2022": the place and date line of a document's header."""
    return f"{place}, {date_words(day)}"
