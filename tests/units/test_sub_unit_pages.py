"""The page where a unit head keeps the unit's sub-units; readers see it, no one else."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from registrations.models import Registration
from tests.factories.registrations import CollectiveTitleAimFactory
from tests.factories.units import SubUnitFactory
from units.models import SubUnit

pytestmark = pytest.mark.django_db


def _unit(demo, username="unit_head2"):
    return demo[username].portal_role.unit


@pytest.mark.parametrize(
    ("username", "status", "can_manage"),
    [
        ("unit_head2", 200, True),
        ("unit_head", 404, None),
        ("reviewer", 200, False),
        ("minister", 200, False),
        ("admin", 200, False),
    ],
)
def test_sub_unit_page_per_role(demo, client, username, status, can_manage):
    unit = _unit(demo)
    SubUnitFactory(unit=unit, name="Phòng Quy hoạch")
    client.force_login(demo[username])

    response = client.get(reverse("units:sub_units", args=[unit.pk]))

    assert response.status_code == status
    if status == 200:
        assert response.context["can_manage"] is can_manage
        assert [s.name for s, _form in response.context["rows"]] == ["Phòng Quy hoạch"]


@pytest.mark.parametrize("username", ["unit_head", "reviewer", "minister", "admin"])
def test_only_the_units_head_adds_or_changes_a_sub_unit(demo, client, username):
    unit = _unit(demo)
    sub_unit = SubUnitFactory(unit=unit, name="Phòng A")
    client.force_login(demo[username])

    added = client.post(
        reverse("units:sub_unit_add", args=[unit.pk]), {"new-name": "Phòng B", "new-kind": "office"}
    )
    changed = client.post(
        reverse("units:sub_unit_change", args=[unit.pk, sub_unit.pk]),
        {
            f"s{sub_unit.pk}-name": "Phòng C",
            f"s{sub_unit.pk}-kind": "office",
            f"s{sub_unit.pk}-position": "1",
        },
    )

    assert added.status_code == changed.status_code == 404
    assert list(SubUnit.objects.filter(unit=unit).values_list("name", flat=True)) == ["Phòng A"]


def test_unit_head_adds_renames_and_deactivates_a_sub_unit(demo, client):
    unit = _unit(demo)
    head = demo["unit_head2"]
    client.force_login(head)

    added = client.post(
        reverse("units:sub_unit_add", args=[unit.pk]),
        {"new-name": "  Trung tâm   Kỹ thuật ", "new-kind": "centre"},
    )
    sub_unit = SubUnit.objects.get(unit=unit)
    prefix = f"s{sub_unit.pk}"
    changed = client.post(
        reverse("units:sub_unit_change", args=[unit.pk, sub_unit.pk]),
        {
            f"{prefix}-name": "Trung tâm Công nghệ",
            f"{prefix}-kind": "centre",
            f"{prefix}-position": "3",
        },
    )

    assert added.status_code == changed.status_code == 302
    sub_unit.refresh_from_db()
    assert (sub_unit.name, sub_unit.kind, sub_unit.position, sub_unit.is_active) == (
        "Trung tâm Công nghệ",
        "centre",
        3,
        False,
    )
    assert [h.name for h in sub_unit.history.order_by("history_date")] == [
        "Trung tâm Kỹ thuật",
        "Trung tâm Công nghệ",
    ]
    assert {h.history_user for h in sub_unit.history.all()} == {head}


def test_a_taken_name_is_refused_and_changes_nothing(demo, client):
    unit = _unit(demo)
    SubUnitFactory(unit=unit, name="Phòng Tổng hợp")
    other = SubUnitFactory(unit=unit, name="Phòng Kế hoạch")
    client.force_login(demo["unit_head2"])

    added = client.post(
        reverse("units:sub_unit_add", args=[unit.pk]),
        {"new-name": "phòng tổng hợp", "new-kind": "office"},
    )
    renamed = client.post(
        reverse("units:sub_unit_change", args=[unit.pk, other.pk]),
        {
            f"s{other.pk}-name": "Phòng Tổng hợp",
            f"s{other.pk}-kind": "office",
            f"s{other.pk}-position": "1",
            f"s{other.pk}-is_active": "on",
        },
    )

    assert added.status_code == renamed.status_code == 400
    assert SubUnit.objects.filter(unit=unit).count() == 2
    other.refresh_from_db()
    assert other.name == "Phòng Kế hoạch"


def test_another_units_sub_unit_cannot_be_changed_through_ones_own_unit(demo, client):
    unit = _unit(demo)
    foreign = SubUnitFactory(name="Phòng ngoài")
    client.force_login(demo["unit_head2"])

    response = client.post(
        reverse("units:sub_unit_change", args=[unit.pk, foreign.pk]),
        {
            f"s{foreign.pk}-name": "Đổi",
            f"s{foreign.pk}-kind": "office",
            f"s{foreign.pk}-position": "1",
        },
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Phòng ngoài"


def test_a_sub_unit_named_by_an_aim_is_protected_and_the_page_has_no_delete(demo, client):
    unit = _unit(demo)
    sub_unit = SubUnitFactory(unit=unit)
    CollectiveTitleAimFactory(
        registration=Registration.objects.filter(unit=unit).first(), sub_unit=sub_unit
    )
    client.force_login(demo["unit_head2"])

    page = client.get(reverse("units:sub_units", args=[unit.pk]))

    with pytest.raises(ProtectedError):
        sub_unit.delete()
    assert "xoa" not in page.content.decode()
    assert [s.aim_count for s, _form in page.context["rows"]] == [1]


def test_the_unit_heads_page_links_to_the_sub_units(demo, client):
    client.force_login(demo["unit_head2"])

    page = client.get(reverse("units:my_unit"))

    assert reverse("units:sub_units", args=[_unit(demo).pk]) in page.content.decode()
