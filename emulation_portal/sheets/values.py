"""Cell values as people write them: text compared without case, accents or spacing, lists
of names in one cell, grid marks, ratings and dates."""

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

# The keys are units.models.Rating's values (the kernel cannot import units; a test checks
# that they agree).
RATINGS = {
    "excellent": ("HTXSNV", "Hoàn thành xuất sắc nhiệm vụ", "Xuất sắc"),
    "good": ("HTTNV", "Hoàn thành tốt nhiệm vụ", "Tốt"),
    "completed": ("HTNV", "Hoàn thành nhiệm vụ", "Hoàn thành"),
    "not_completed": ("KHTNV", "Không hoàn thành nhiệm vụ", "Không hoàn thành"),
}
# The keys are units.models.Discipline's values, mildest first; "không" is no discipline.
DISCIPLINES = {
    "reprimand": ("Khiển trách", "KT"),
    "warning": ("Cảnh cáo", "CC"),
    "severe": (
        "Cao hơn cảnh cáo",
        "Trên cảnh cáo",
        "Hạ bậc lương",
        "Hạ ngạch",
        "Giáng chức",
        "Cách chức",
        "Bãi nhiệm",
        "Buộc thôi việc",
    ),
}
NO_DISCIPLINE = ("Không", "Không có", "Không bị kỷ luật", "Không kỷ luật", "-")
TRUE_MARKS = ("x", "✓", "✔", "1", "có")
FALSE_MARKS = ("0", "không")
_LIST_SEPARATORS = re.compile(r"[,;\n\r]+")
_NOT_A_LETTER_OR_DIGIT = re.compile(r"[^\w]+")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_YEAR = re.compile(r"(\d{4})")
FIRST_YEAR, LAST_YEAR = 1900, 2100
# Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


class ValueProblem(ValueError):
    """Why a cell cannot be read; its message is for the user."""


def fold(value) -> str:
    """How headers, titles and ratings compare: NFC or NFD alike, accents and đ dropped,
    case-folded, every run of punctuation, spaces and line breaks one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFD", str(value)).replace("đ", "d").replace("Đ", "D")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(_NOT_A_LETTER_OR_DIGIT.sub(" ", text).split())


def split_list(value) -> list[str]:
    """The names in one cell, separated by commas, semicolons or line breaks."""
    if value is None:
        return []
    return [part.strip() for part in _LIST_SEPARATORS.split(str(value)) if part.strip()]


def read_mark(value) -> bool:
    """A grid cell: x, ✓, 1 or "có" is marked; blank, 0 or "không" is not."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
    else:
        text = unicodedata.normalize("NFC", str(value)).strip().casefold()
        if text in TRUE_MARKS:
            return True
        if not text or text in FALSE_MARKS:
            return False
    raise ValueProblem(
        _("write x to mark the cell, or leave it empty, not “%(value)s”.") % {"value": value}
    )


def read_rating(value) -> str | None:
    """One of RATINGS' keys from an abbreviation (HTXSNV) or words; None for a blank cell."""
    text = fold(value)
    if not text:
        return None
    for key, names in RATINGS.items():
        if text in {fold(name) for name in names}:
            return key
    raise ValueProblem(
        _("“%(value)s” is not a rating: write HTXSNV, HTTNV, HTNV or KHTNV.") % {"value": value}
    )


def read_discipline(value) -> str | None:
    """One of DISCIPLINES' keys from its words ("Khiển trách", "Cảnh cáo", "Cách chức"...),
    "" for no discipline ("Không"), None for a blank cell."""
    text = fold(value)
    if not text and (value is None or not str(value).strip()):
        return None
    if not text or text in {fold(name) for name in NO_DISCIPLINE}:
        return ""
    for key, names in DISCIPLINES.items():
        if text in {fold(name) for name in names}:
            return key
    raise ValueProblem(
        _(
            "“%(value)s” is not a discipline: write Khiển trách, Cảnh cáo, a higher form such "
            "as Cách chức, or Không."
        )
        % {"value": value}
    )


class ReadDate:
    """A date as written: a full date, or a year alone (``date`` None)."""

    def __init__(self, year: int, date: datetime.date | None = None):
        self.year = year
        self.date = date

    def __eq__(self, other):
        return isinstance(other, ReadDate) and (self.year, self.date) == (other.year, other.date)

    def __repr__(self):
        return f"ReadDate({self.year}, {self.date!r})"

    def matches(self, date: datetime.date | None) -> bool:
        if date is None:
            return False
        return date == self.date if self.date else date.year == self.year


def _bad_date(value) -> ValueProblem:
    return ValueProblem(
        _("“%(value)s” is not a date: write it as dd/mm/yyyy, or the year alone.")
        % {"value": value}
    )


def _checked(year: int, month: int | None = None, day: int | None = None, value=None) -> ReadDate:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueProblem(
            _("The year of “%(value)s” is out of range (%(first)s to %(last)s).")
            % {"value": value, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if month is None:
        return ReadDate(year)
    try:
        return ReadDate(year, datetime.date(year, month, day))
    except ValueError as exc:
        raise _bad_date(value) from exc


def read_date(value) -> ReadDate | None:
    """A date from an Excel date, a dd/mm/yyyy text (or with - or .), yyyy-mm-dd, or a year
    alone, as a number or a text; None for a blank cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _checked(value.year, value.month, value.day, value)
    if isinstance(value, bool):
        raise _bad_date(value)
    if isinstance(value, int | float):
        if float(value).is_integer() and FIRST_YEAR <= value <= LAST_YEAR:
            return ReadDate(int(value))
        if 1 <= value < 2_958_466:  # an Excel serial day number not formatted as a date
            day = _EXCEL_EPOCH + datetime.timedelta(days=int(value))
            return _checked(day.year, day.month, day.day, value)
        raise _bad_date(value)
    text = str(value).strip()
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = map(int, match.groups())
        return _checked(year, month, day, text)
    if match := _YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = map(int, match.groups())
        return _checked(year, month, day, text)
    if match := _YEAR.fullmatch(text):
        return _checked(int(match.group(1)), value=text)
    raise _bad_date(text)


class Vocabulary:
    """Names for keys (a title's code, a field), looked up folded: "LĐTT", "ldtt" and
    "Lao động tiên tiến" can name the same key. A name given for two keys is ambiguous."""

    def __init__(self, entries=()):
        self._keys: dict[str, set[str]] = {}
        for key, names in entries:
            self.add(key, *names)

    def add(self, key: str, *names) -> None:
        for name in names:
            folded = fold(name)
            if folded:
                self._keys.setdefault(folded, set()).add(key)

    def keys_for(self, name) -> set[str]:
        return set(self._keys.get(fold(name), ()))

    def __contains__(self, name) -> bool:
        return fold(name) in self._keys


_DATE_IN_TEXT = re.compile(
    r"(?:ng[aà]y\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
    r"|ng[aà]y\s*(\d{1,2})\s*th[aá]ng\s*(\d{1,2})\s*n[aă]m\s*(\d{4})",
    re.IGNORECASE,
)
_DECISION_PREFIX = re.compile(
    r"^\s*(?:quy[eế]t\s*[dđ][iị]nh|q[dđ])?\s*(?:s[oố])?\s*[:.]?\s*", re.IGNORECASE
)
_DECISION_LINK = re.compile(r"[\s,;:\-–]*(?:ng[aà]y)?[\s,;:\-–]*$", re.IGNORECASE)
_OF = re.compile(r"^[\s,;:\-–]*(?:c[uủ]a\s+)?", re.IGNORECASE)


def read_decision(value) -> tuple[str, datetime.date | None, str]:
    """(number, date or None, what follows) of a decision as written in one cell:
    "123/QĐ-BTNMT ngày 15/12/2020", "Quyết định số 123/QĐ-BTNMT, 15/12/2020 của Bộ trưởng",
    "Số 45/QĐ-TCKTTV ngày 02 tháng 01 năm 2021" or the number alone. ValueProblem for a date
    that is no date."""
    if value is None:
        return "", None, ""
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    match = _DATE_IN_TEXT.search(text)
    date = None
    before, after = text, ""
    if match:
        day, month, year = (
            int(part) for part in (match.groups()[:3] if match.group(1) else match.groups()[3:])
        )
        date = _checked(year, month, day, match.group(0)).date
        before, after = text[: match.start()], text[match.end() :]
    number = _DECISION_LINK.sub("", _DECISION_PREFIX.sub("", before, count=1)).strip()
    return number, date, _OF.sub("", after, count=1).strip(" .")
