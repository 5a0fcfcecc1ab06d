"""Checks shared by the key dates form and the service that saves them."""

from django.utils.translation import gettext_lazy as _

KEY_DATE_FIELDS = (
    "registration_deadline",
    "midyear_opens_on",
    "midyear_report_date",
    "year_end_opens_on",
    "year_end_report_date",
)

# (earlier field, later field, message put on the later field)
KEY_DATE_ORDER = (
    (
        "midyear_opens_on",
        "midyear_report_date",
        _("The six-month results cannot be due before their reporting opens."),
    ),
    (
        "registration_deadline",
        "midyear_report_date",
        _("The six-month results cannot be due before the registration deadline."),
    ),
    (
        "midyear_report_date",
        "year_end_opens_on",
        _("Year-end reporting cannot open before the six-month results are due."),
    ),
    (
        "year_end_opens_on",
        "year_end_report_date",
        _("The year-end results cannot be due before their reporting opens."),
    ),
)


def key_date_order_errors(dates: dict) -> dict[str, str]:
    """The fields whose date breaks the campaign's order, each with the reason; empty if none.

    Dates missing from ``dates`` are not checked (the form reports them as required)."""
    errors = {}
    for earlier, later, message in KEY_DATE_ORDER:
        if dates.get(earlier) and dates.get(later) and dates[later] < dates[earlier]:
            errors.setdefault(later, str(message))
    return errors
