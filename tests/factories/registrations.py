"""Registrations and their content (targets, titles aimed for, initiatives), valid under the
rule checks of the campaign's year; ``submitted`` and ``approved`` move them through the
registrations service, as a unit head and the Department would."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from criteria.models import CriterionTarget
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    Registration,
    ReviewerAssignment,
    Scope,
    Target,
)
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from units.models import Role, UserRole

from .campaigns import CampaignFactory
from .criteria import title
from .units import PersonFactory, PersonTitleFactory, UnitFactory


class RegistrationFactory(DjangoModelFactory):
    """An empty draft (``FilledRegistrationFactory`` has content to submit)."""

    class Meta:
        model = Registration

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    registration = factory.SubFactory(RegistrationFactory)
    criterion = None
    position = factory.Sequence(lambda n: n + 1)
    description = factory.LazyAttribute(lambda t: f"Hoàn thành 100% kế hoạch số {t.position}")
    planned_value = Decimal(100)
    measure = "%"
    due_date = factory.LazyAttribute(lambda t: date(t.registration.campaign.year, 12, 15))


class CollectiveTitleAimFactory(DjangoModelFactory):
    class Meta:
        model = CollectiveTitleAim

    registration = factory.SubFactory(RegistrationFactory)
    title = factory.LazyFunction(lambda: title("TTLDTT"))


class IndividualTitleAimFactory(DjangoModelFactory):
    class Meta:
        model = IndividualTitleAim

    registration = factory.SubFactory(RegistrationFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..registration.unit"))
    title = factory.LazyFunction(lambda: title("LDTT"))


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    registration = factory.SubFactory(RegistrationFactory)
    title = factory.Sequence(lambda n: f"Số hoá hồ sơ địa chính, giải pháp {n}")
    field = "Công nghệ thông tin"
    description = "Mô tả giải pháp, cách làm mới và phạm vi áp dụng tại đơn vị."
    expected_benefit = "Rút ngắn thời gian xử lý hồ sơ."
    scope = Scope.GRASSROOTS

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.add(*extracted)


class FilledRegistrationFactory(RegistrationFactory):
    """A draft the rules accept: a target per collective criterion, the collective aiming
    for Tập thể lao động tiên tiến, each member of its staff (``content__staff`` people made
    if the unit has none) for Lao động tiên tiến, and an initiative. With
    ``content__fighter=True`` the first also aims for Chiến sĩ thi đua cơ sở and cấp Bộ:
    CSTĐCS held the two years before, and an initiative of Ministry-wide scope."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def content(self, create, extracted, staff=3, fighter=False, **kwargs):
        if not create:
            return
        criteria = self.campaign.criteria.filter(target=CriterionTarget.COLLECTIVE)
        for position, criterion in enumerate(criteria.order_by("position"), start=1):
            TargetFactory(registration=self, criterion=criterion, position=position)
        CollectiveTitleAimFactory(registration=self)
        people = list(self.unit.staff.all()) or PersonFactory.create_batch(staff, unit=self.unit)
        for person in people:
            IndividualTitleAimFactory(registration=self, person=person)
        InitiativeFactory(registration=self, authors=[people[0]])
        if fighter:
            fighter = people[0]
            year = self.campaign.year
            for held in (year - 2, year - 1):
                PersonTitleFactory(person=fighter, title=title("LDTT"), year=held)
                PersonTitleFactory(person=fighter, title=title("CSTDCS"), year=held)
            for code in ("CSTDCS", "CSTD_BO"):
                IndividualTitleAimFactory(registration=self, person=fighter, title=title(code))
            InitiativeFactory(registration=self, authors=[fighter], scope=Scope.MINISTRY)


class ReviewerAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = ReviewerAssignment

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)
    reviewer = factory.SubFactory("tests.factories.units.ReviewerFactory")
    assigned_by = factory.SelfAttribute("reviewer")


def head_of(unit):
    """The unit's (first) head account."""
    return UserRole.objects.filter(role=Role.UNIT_HEAD, unit=unit).earliest("pk").user


def submitted(registration: Registration, head=None) -> Registration:
    """The unit's head sends the registration to the Department."""
    return registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=head or head_of(registration.unit)
    )


def approved(registration: Registration, reviewer, head=None) -> Registration:
    """Sent by the unit's head (unless it already is) and approved by ``reviewer``."""
    if registration.status != Status.SUBMITTED:
        registration = submitted(registration, head)
    return registration_transition(registration=registration, to=Status.APPROVED, actor=reviewer)


def returned(registration: Registration, reviewer, note="Đề nghị bổ sung chỉ tiêu.", head=None):
    if registration.status != Status.SUBMITTED:
        registration = submitted(registration, head)
    return registration_transition(
        registration=registration, to=Status.RETURNED, actor=reviewer, note=note
    )
