"""A unit's sub-units (phòng, trung tâm, chi cục, khoa): the collectives inside it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories.units import PersonFactory, SubUnitFactory, UnitFactory
from units.models import SubUnit

pytestmark = pytest.mark.django_db


def test_sub_unit_name_is_unique_within_its_unit():
    first = SubUnitFactory(name="Phòng Tổng hợp")
    other_unit = UnitFactory()

    SubUnitFactory(unit=other_unit, name="Phòng Tổng hợp")
    with pytest.raises(ValidationError):
        SubUnit(unit=first.unit, name="Phòng Tổng hợp", kind="office").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        SubUnit.objects.create(unit=first.unit, name="Phòng Tổng hợp", kind="office")

    assert SubUnit.objects.filter(name="Phòng Tổng hợp").count() == 2


def test_sub_unit_kind_must_be_one_of_the_choices():
    sub_unit = SubUnitFactory.build(unit=UnitFactory(), kind="ministry")

    with pytest.raises(IntegrityError), transaction.atomic():
        sub_unit.save()


def test_sub_unit_changes_are_recorded_in_its_history():
    sub_unit = SubUnitFactory(name="Phòng A")

    sub_unit.name = "Phòng B"
    sub_unit.save()

    assert [h.name for h in sub_unit.history.order_by("history_date")] == ["Phòng A", "Phòng B"]


def test_person_sub_unit_must_be_of_their_own_unit():
    person = PersonFactory()
    foreign = SubUnitFactory()

    person.sub_unit = foreign
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()
    person.sub_unit = SubUnitFactory(unit=person.unit)
    person.full_clean()

    assert "sub_unit" in excinfo.value.message_dict
