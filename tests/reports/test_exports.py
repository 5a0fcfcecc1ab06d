"""The campaign workbook reopens with openpyxl, its numbers equal the dashboard's, and each
sheet holds every item with its review status and comments."""

import io
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from campaigns.models import Campaign
from emulation_portal.workbooks import queryset_workbook_response
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    Registration,
    Target,
    TargetResult,
)
from registrations.selectors.queue import units_for_review
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from reports.exports import campaign_workbook
from reports.resources import UnitStatusResource
from reports.selectors.dashboard import STATUS_KEYS, dashboard_figures, status_label

from .helpers import report_results

pytestmark = pytest.mark.django_db


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def _rows(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _sheet(workbook, index: int):
    return workbook.worksheets[index]


def test_the_reviewer_downloads_the_workbook(demo, client, campaign):
    client.force_login(demo["minister"])

    response = client.get(reverse("reports:campaign_workbook"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"phong-trao-thi-dua-{campaign.year}" in response["Content-Disposition"]
    assert len(_open(response.content).worksheets) == 7


def test_the_workbook_counts_equal_the_dashboards(campaign):
    with translation.override("vi"):
        workbook = _open(campaign_workbook(campaign))
        labels = {status_label(key): key for key in STATUS_KEYS}
    figures = dashboard_figures(campaign)

    units = _rows(_sheet(workbook, 1))
    status_column = list(units[0])[4]
    by_status = Counter(labels[row[status_column]] for row in units)
    assert {key: by_status.get(key, 0) for key in STATUS_KEYS} == figures.overall.counts
    assert len(units) == figures.overall.total

    summary = list(_sheet(workbook, 0).iter_rows(values_only=True))
    assert list(summary[1][1:]) == [
        *(figures.overall.counts[key] for key in STATUS_KEYS),
        figures.overall.late,
        figures.overall.total,
    ]
    assert len(summary) == 1 + 1 + len(figures.unit_types) + len(figures.groups)


def test_every_item_is_on_its_sheet(campaign):
    workbook = _open(campaign_workbook(campaign))
    in_campaign = {"registration__campaign": campaign}

    assert _sheet(workbook, 2).max_row - 1 == Target.objects.filter(**in_campaign).count()
    assert (
        _sheet(workbook, 3).max_row - 1 == CollectiveTitleAim.objects.filter(**in_campaign).count()
    )
    assert (
        _sheet(workbook, 4).max_row - 1 == IndividualTitleAim.objects.filter(**in_campaign).count()
    )
    assert _sheet(workbook, 5).max_row - 1 == Initiative.objects.filter(**in_campaign).count()
    targets = next(_sheet(workbook, 2).iter_rows(min_row=2, max_row=2, values_only=True))
    assert isinstance(targets[3], int)  # the position stays a number
    assert isinstance(targets[6], int | float)  # and so does the planned value


def test_review_status_and_comments_are_on_the_rows(campaign, demo):
    registration = (
        Registration.objects.filter(campaign=campaign, status=Status.SUBMITTED)
        .select_related("unit")
        .first()
    )
    target = registration.targets.order_by("position").first()
    person = registration.individual_titles.first().person
    initiative = registration.initiatives.first()
    registration_transition(
        registration=registration,
        to=Status.RETURNED,
        actor=demo["reviewer"],
        note="Bổ sung chỉ tiêu cải cách hành chính.",
        item_comments=[
            {"text": "Chỉ tiêu chưa đo được.", "target": target},
            {"text": "Chưa đủ 10 tháng công tác.", "person": person},
            {"text": "Nêu rõ phạm vi áp dụng.", "initiative": initiative},
            {"text": "Xem lại danh hiệu tập thể."},
        ],
    )

    with translation.override("vi"):
        workbook = _open(campaign_workbook(campaign))
        returned = status_label(Status.RETURNED)

    def rows_of(index):
        return [row for row in _sheet(workbook, index).iter_rows(values_only=True)]

    unit_row = next(row for row in rows_of(1) if row[0] == registration.unit.code)
    assert unit_row[4] == returned
    assert unit_row[-1] == "Bổ sung chỉ tiêu cải cách hành chính."
    target_rows = [row for row in rows_of(2) if row[0] == registration.unit.code]
    assert all(row[2] == returned for row in target_rows)
    assert [row[-1] for row in target_rows if row[-1]] == ["Chỉ tiêu chưa đo được."]
    titles = [row for row in rows_of(3) if row[0] == registration.unit.code]
    assert titles and all(row[-1] == "Xem lại danh hiệu tập thể." for row in titles)
    people = [row for row in rows_of(4) if row[0] == registration.unit.code and row[-1]]
    assert {row[3] for row in people} == {person.full_name}
    initiatives = [row for row in rows_of(5) if row[0] == registration.unit.code and row[-1]]
    assert [row[3] for row in initiatives] == [initiative.title]


def test_results_sheet_with_completion(campaign, demo):
    registration = Registration.objects.filter(campaign=campaign, status=Status.APPROVED).first()
    report_results(registration, [0.5, 1.25], approve_by=demo["reviewer"])

    rows = _rows(_open(campaign_workbook(campaign)).worksheets[6])

    assert len(rows) == TargetResult.objects.filter(report__registration=registration).count() == 2
    completions = sorted(row[list(row)[8]] for row in rows)
    assert completions == [50, 125]


def test_late_days_on_the_units_sheet(campaign):
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(registration_deadline=today - timedelta(days=4))
    campaign.refresh_from_db()

    rows = list(_open(campaign_workbook(campaign)).worksheets[1].iter_rows(values_only=True))[1:]

    late = [row for row in rows if row[7]]
    assert {row[7] for row in late} == {4}
    assert len(late) == dashboard_figures(campaign).overall.late


def test_formulas_typed_by_a_unit_stay_text(campaign):
    target = Target.objects.filter(registration__campaign=campaign).first()
    Target.objects.filter(pk=target.pk).update(description='=HYPERLINK("http://x")')

    sheet = _open(campaign_workbook(campaign)).worksheets[2]

    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)


def test_a_list_exports_its_queryset(campaign):
    queryset = units_for_review(campaign).filter(registration_status=Status.APPROVED)

    response = queryset_workbook_response(
        UnitStatusResource(), queryset, "don-vi-da-phe-duyet.xlsx"
    )

    assert 'filename="don-vi-da-phe-duyet.xlsx"' in response["Content-Disposition"]
    sheet = _open(response.content).worksheets[0]
    assert sheet.max_row - 1 == queryset.count() > 0
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == set(
        queryset.values_list("code", flat=True)
    )
