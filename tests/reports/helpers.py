"""Helpers of the dashboard tests: grow the campaign, and report results as a unit head would."""

import itertools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from criteria.models import Title
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    Registration,
    Target,
)
from registrations.services.registrations import registration_get_or_create
from registrations.services.results import (
    report_save_content,
    report_start,
    report_transition,
    report_version_token,
)
from registrations.workflow import Status
from units.models import EmulationGroup, GroupMembership, Person, Role, Unit, UnitType, UserRole

_serial = itertools.count(1)


def head_of(unit):
    """A unit head account for ``unit`` (the demo has only two)."""
    user = get_user_model().objects.create_user(f"head-{unit.code.lower()}-{next(_serial)}")
    UserRole.objects.create(user=user, role=Role.UNIT_HEAD, unit=unit)
    return user


def report_results(registration, ratios, *, period="six_month", approve_by=None):
    """The unit's head reports ``actual = planned × ratio`` for its first targets and sends
    the report; the Department approves it when ``approve_by`` is given."""
    head = head_of(registration.unit)
    report = report_start(registration=registration, period=period, actor=head)
    targets = list(registration.targets.exclude(planned_value=None).order_by("position"))
    rows = [
        {
            "target_id": target.pk,
            "actual_value": (target.planned_value * Decimal(str(ratio))).quantize(Decimal("0.01")),
            "assessment": "",
        }
        for target, ratio in zip(targets, ratios, strict=False)
    ]
    report = report_save_content(
        report=report,
        actor=head,
        version=report_version_token(report),
        target_results=rows,
        initiative_results=[],
        summary="",
    )
    report = report_transition(report=report, to=Status.SUBMITTED, actor=head)
    if approve_by is not None:
        report = report_transition(report=report, to=Status.APPROVED, actor=approve_by)
    return report


def grow(campaign, units: int = 5):
    """More units (each in a group, with staff, a registration and its content), so that a
    query count can be compared at two sizes."""
    group = EmulationGroup.objects.filter(kind="cluster").first()
    titles = {title.code: title for title in Title.objects.filter(code__in=["LDTT", "TTLDTT"])}
    for _ in range(units):
        n = next(_serial)
        unit = Unit.objects.create(
            code=f"T{n:04d}",
            name=f"Đơn vị thử nghiệm {n}",
            unit_type=UnitType.PROVINCIAL_DEPARTMENT,
        )
        GroupMembership.objects.create(unit=unit, group=group, year=campaign.year)
        people = Person.objects.bulk_create(
            Person(unit=unit, full_name=f"Người {n}-{i}", recruited_on=date(2010, 1, 1))
            for i in range(6)
        )
        registration = registration_get_or_create(campaign=campaign, unit=unit)
        Target.objects.bulk_create(
            Target(
                registration=registration,
                position=i,
                description=f"Chỉ tiêu {i}",
                planned_value=Decimal(10),
            )
            for i in range(1, 4)
        )
        CollectiveTitleAim.objects.create(registration=registration, title=titles["TTLDTT"])
        IndividualTitleAim.objects.bulk_create(
            IndividualTitleAim(registration=registration, person=person, title=titles["LDTT"])
            for person in people
        )
        initiative = Initiative.objects.create(
            registration=registration, title="Sáng kiến", field="CNTT", description="Mô tả"
        )
        initiative.authors.add(people[0])
    return Registration.objects.filter(campaign=campaign, unit__code__startswith="T")
