"""Structural rules are database constraints, refused with a clear Vietnamese message."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from campaigns.models import Campaign, CampaignContent
from criteria.models import Criterion, CriterionTarget
from registrations.models import Registration
from units.models import GroupMembership, Person, Role, Unit, UserRole

pytestmark = pytest.mark.django_db


def _refused(instance, message):
    """full_clean() names the rule in Vietnamese, and the database refuses it as well."""
    with translation.override("vi"), pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    assert message in " ".join(excinfo.value.messages)
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_one_registration_per_unit_and_campaign(demo):
    existing = Registration.objects.first()
    count = Registration.objects.count()

    _refused(
        Registration(campaign=existing.campaign, unit=existing.unit),
        "Đơn vị này đã đăng ký",
    )

    assert Registration.objects.count() == count


def test_one_role_per_user(demo):
    user = demo["unit_head"]

    _refused(UserRole(user=user, role=Role.REVIEWER), "đã tồn tại")

    assert UserRole.objects.get(user=user).role == Role.UNIT_HEAD


def test_unit_head_role_needs_a_unit(db):
    user = get_user_model().objects.create_user("lonely")

    _refused(
        UserRole(user=user, role=Role.UNIT_HEAD), "Thủ trưởng đơn vị phải được gắn với một đơn vị."
    )


def test_ordered_letter_items_are_unique_per_position(demo):
    campaign = Campaign.objects.get(year=2021)

    _refused(CampaignContent(campaign=campaign, position=1, text="Trùng"), "Vị trí này")
    _refused(
        Criterion(campaign=campaign, target=CriterionTarget.COLLECTIVE, position=1, text="x"),
        "Vị trí này",
    )

    assert campaign.contents.count() == 5


def test_one_regular_campaign_per_year(demo):
    campaign = Campaign.objects.get(year=2021)
    campaign.pk = None

    _refused(campaign, "Năm này đã có phong trào thi đua thường xuyên.")


def test_a_unit_belongs_to_one_group_a_year(demo):
    membership = GroupMembership.objects.filter(year=2021).first()
    other_group = GroupMembership.objects.exclude(group=membership.group).first().group

    _refused(
        GroupMembership(unit=membership.unit, group=other_group, year=2021),
        "Đơn vị này đã thuộc một khối",
    )


def test_a_unit_has_one_head(demo):
    unit = Unit.objects.get(code="HNI")

    _refused(
        Person(unit=unit, full_name="Nguyễn Văn Hai", is_unit_head=True),
        "Đơn vị này đã có thủ trưởng.",
    )
