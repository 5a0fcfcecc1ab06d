"""Checks shared by the key dates form and the service that saves them."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KEY_DATE_FIELDS = (
    "registration_deadline",
    "midyear_opens_on",
    "midyear_report_date",
    "year_end_opens_on",
    "year_end_report_date",
)
# A thematic campaign's window (first and last day).
WINDOW_FIELDS = ("starts_on", "ends_on")

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


def thematic_window_errors(*, kind: str, year: int | None, dates: dict) -> dict[str, str]:
    """For a thematic campaign: its window is given, does not end before it starts, and the
    window and every key date lie inside the campaign's year. The fields in error, each with
    the reason naming the date; empty if none (and for the yearly campaign)."""
    from .models import Campaign, CampaignKind

    if kind != CampaignKind.THEMATIC or not year:
        return {}
    errors = {}
    for field in WINDOW_FIELDS:
        if not dates.get(field):
            errors[field] = gettext(
                "A thematic campaign needs the first and last day of its window."
            )
    starts_on, ends_on = dates.get("starts_on"), dates.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = gettext("The window cannot close before it opens.")
    for field in (*WINDOW_FIELDS, *KEY_DATE_FIELDS):
        day = dates.get(field)
        if day and day.year != year:
            errors.setdefault(
                field,
                gettext(
                    "%(label)s (%(date)s) lies outside %(year)s: a thematic campaign and all "
                    "its dates lie inside its year."
                )
                % {
                    "label": str(Campaign._meta.get_field(field).verbose_name).capitalize(),
                    "date": day.strftime("%d/%m/%Y"),
                    "year": year,
                },
            )
    return errors
