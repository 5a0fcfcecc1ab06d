"""The dashboard's figures equal counts made independently, move with the workflow and take
the same number of queries whatever the size of the campaign."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Campaign
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    Registration,
    Target,
)
from registrations.services.deadlines import deadline_extension_grant
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from reports.selectors.dashboard import STATUS_KEYS, dashboard_figures
from units.models import GroupMembership, Unit

from .helpers import grow, report_results

pytestmark = pytest.mark.django_db


def _expected_statuses(campaign, units=None):
    """Units by status, counted in Python from plain rows."""
    units = units if units is not None else Unit.objects.all()
    units = units.filter(is_active=True, is_emulation_department=False)
    statuses = dict(Registration.objects.filter(campaign=campaign).values_list("unit_id", "status"))
    counts = Counter(statuses.get(pk, "not_started") for pk in units.values_list("pk", flat=True))
    return {key: counts.get(key, 0) for key in STATUS_KEYS}


def test_units_by_status_equal_an_independent_count(campaign):
    figures = dashboard_figures(campaign)

    assert figures.overall.counts == _expected_statuses(campaign)
    assert figures.overall.total == Unit.objects.filter(is_emulation_department=False).count()
    assert all(figures.overall.counts[key] > 0 for key in STATUS_KEYS)  # the demo has them all
    for row in figures.groups:
        members = Unit.objects.filter(
            group_memberships__group_id=row.group_id, group_memberships__year=campaign.year
        )
        assert row.counts == _expected_statuses(campaign, members), row.label
    for row in figures.unit_types:
        assert row.counts == _expected_statuses(
            campaign, Unit.objects.filter(unit_type=row.unit_type)
        )
    assert sum(row.total for row in figures.groups) == figures.overall.total
    assert figures.overall.late == 0 and figures.late_units == []  # the demo's deadline is ahead


def test_titles_initiatives_and_targets_equal_an_independent_count(campaign):
    figures = dashboard_figures(campaign)

    for model, rows in (
        (CollectiveTitleAim, figures.collective_titles),
        (IndividualTitleAim, figures.individual_titles),
    ):
        for status, attribute in ((Status.APPROVED, "approved"), (Status.SUBMITTED, "awaiting")):
            expected = Counter(
                model.objects.filter(
                    registration__campaign=campaign, registration__status=status
                ).values_list("title__code", flat=True)
            )
            got = {row.code: getattr(row, attribute) for row in rows if getattr(row, attribute)}
            assert got == dict(expected)
    approved = {"registration__campaign": campaign, "registration__status": Status.APPROVED}
    submitted = {"registration__campaign": campaign, "registration__status": Status.SUBMITTED}
    assert figures.initiatives.total == Initiative.objects.filter(**approved).count() > 0
    assert figures.initiatives.awaiting == Initiative.objects.filter(**submitted).count()
    by_scope = Counter(Initiative.objects.filter(**approved).values_list("scope", flat=True))
    assert {key: n for key, _label, n in figures.initiatives.by_scope if n} == dict(by_scope)
    assert figures.targets_registered == Target.objects.filter(**approved).count() > 0
    assert figures.targets_awaiting == Target.objects.filter(**submitted).count()


def test_late_units_and_their_days(campaign, demo):
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(registration_deadline=today - timedelta(days=10))
    campaign.refresh_from_db()
    unsent = Registration.objects.filter(campaign=campaign, status=Status.DRAFT)
    extended, shorter = unsent[0].unit, unsent[1].unit
    deadline_extension_grant(
        campaign=campaign,
        unit=extended,
        until=today + timedelta(days=5),
        reason="Đơn vị mới sáp nhập",
        actor=demo["reviewer"],
    )
    deadline_extension_grant(
        campaign=campaign,
        unit=shorter,
        until=today - timedelta(days=3),
        reason="Gia hạn ngắn",
        actor=demo["reviewer"],
    )

    figures = dashboard_figures(campaign)

    expected = _expected_statuses(campaign)
    assert figures.overall.late == expected["not_started"] + expected["draft"] - 1
    days = {unit.code: unit.days_late for unit in figures.late_units}
    assert extended.code not in days
    assert days[shorter.code] == 3
    assert set(days.values()) == {10, 3}
    assert len(days) == figures.overall.late
    assert figures.late_units[0].days_late == 10  # longest late first
    assert sum(row.late for row in figures.groups) == figures.overall.late
    assert not any(unit.status == Status.RETURNED for unit in figures.late_units)


def test_a_registration_moving_changes_the_counts(campaign, demo):
    registration = (
        Registration.objects.filter(campaign=campaign, status=Status.SUBMITTED)
        .select_related("unit")
        .first()
    )
    group_id = GroupMembership.objects.get(unit=registration.unit, year=campaign.year).group_id
    aims = registration.individual_titles.count()
    before = dashboard_figures(campaign)

    registration_transition(
        registration=registration, to=Status.APPROVED, actor=demo["reviewer"], note="Đạt"
    )

    after = dashboard_figures(campaign)
    assert after.overall.counts[Status.SUBMITTED] == before.overall.counts[Status.SUBMITTED] - 1
    assert after.overall.counts[Status.APPROVED] == before.overall.counts[Status.APPROVED] + 1
    group_before = next(row for row in before.groups if row.group_id == group_id)
    group_after = next(row for row in after.groups if row.group_id == group_id)
    assert group_after.counts[Status.APPROVED] == group_before.counts[Status.APPROVED] + 1
    approved = sum(row.approved for row in after.individual_titles)
    assert approved == sum(row.approved for row in before.individual_titles) + aims
    assert after.targets_registered == before.targets_registered + registration.targets.count()


def test_results_reported_and_their_completion(campaign, demo):
    approved = list(
        Registration.objects.filter(campaign=campaign, status=Status.APPROVED).order_by("pk")[:2]
    )
    report_results(approved[0], [0.4, 0.9, 1.2], approve_by=demo["reviewer"])
    report_results(approved[1], [1.0, 0.6])

    figures = dashboard_figures(campaign)

    six_month = next(period for period in figures.periods if period.period == "six_month")
    assert six_month.reports_approved == 1
    assert six_month.reports_awaiting == 1
    assert six_month.results_reported == 5
    assert six_month.buckets == {"lt50": 1, "50to80": 1, "80to100": 1, "gte100": 2}
    assert six_month.average_completion == pytest.approx((40 + 90 + 120 + 100 + 60) / 5, abs=0.2)
    assert figures.has_results


def _queries(campaign) -> int:
    with CaptureQueriesContext(connection) as context:
        dashboard_figures(campaign)
    return len(context.captured_queries)


def test_the_figures_take_the_same_queries_at_two_sizes(campaign, demo):
    small = _queries(campaign)

    grow(campaign, units=8)
    approved = Registration.objects.filter(campaign=campaign, status=Status.APPROVED)
    report_results(approved[0], [1, 1, 1])
    Campaign.objects.filter(pk=campaign.pk).update(
        registration_deadline=timezone.localdate() - timedelta(days=1)
    )
    campaign.refresh_from_db()
    large = dashboard_figures(campaign)

    assert _queries(campaign) == small
    assert large.overall.late > 0 and large.periods[0].results_reported == 3


def test_the_figures_are_plain_data(campaign):
    data = json.loads(json.dumps(dashboard_figures(campaign).as_dict()))

    assert data["overall"]["counts"]["approved"] > 0
    assert data["year"] == campaign.year
