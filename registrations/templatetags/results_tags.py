"""Template helpers of the results (six-month and year-end) links."""

from dataclasses import dataclass
from datetime import date

from django import template
from django.utils import timezone

from registrations.models import Period, ProgressReport, Registration

register = template.Library()


@dataclass(frozen=True)
class PeriodLink:
    period: str
    label: str
    opens_on: date
    due_on: date
    report: ProgressReport | None

    @property
    def is_open(self) -> bool:
        return timezone.localdate() >= self.opens_on


@register.simple_tag
def result_periods(registration: Registration | None) -> list[PeriodLink]:
    """Both periods with their window and the report, if started (one query); empty until the
    registration has been approved once."""
    if registration is None or not registration.was_approved:
        return []
    reports = {report.period: report for report in registration.progress_reports.all()}
    links = []
    for period in Period:
        opens_on, due_on = registration.campaign.report_window(period.value)
        links.append(
            PeriodLink(period.value, period.label, opens_on, due_on, reports.get(period.value))
        )
    return links
