"""The collective titles a unit's sub-units aim for: stored beside the unit's own, edited in
the registration's editor, shown on its pages, left out of the unit's own rule checks."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from criteria.models import Title
from emulation_portal.exceptions import ApplicationError
from registrations.models import CollectiveTitleAim, Registration
from registrations.selectors.registrations import (
    registration_content_snapshot,
    registration_facts,
)
from registrations.services.registrations import (
    registration_save_content,
    registration_version_token,
)
from tests.factories.units import SubUnitFactory
from tests.registrations.test_editor import _editor_post

pytestmark = pytest.mark.django_db


def _own_registration(demo, username="unit_head2"):
    return Registration.objects.get(unit=demo[username].portal_role.unit)


def _titles(*codes):
    return [Title.objects.get(code=code) for code in codes]


def _save(registration, actor, sub_unit_aims):
    registration.refresh_from_db()
    return registration_save_content(
        registration=registration,
        actor=actor,
        version=registration_version_token(registration),
        targets=[],
        deleted_targets=[],
        collective_title_ids=set(
            registration.collective_titles.filter(sub_unit=None).values_list("title_id", flat=True)
        ),
        individual_aims={},
        initiatives=[],
        deleted_initiatives=[],
        sub_unit_aims=sub_unit_aims,
    )


def test_a_title_once_for_the_unit_and_once_per_sub_unit(demo):
    registration = _own_registration(demo)
    registration.collective_titles.all().delete()
    ttldtt = Title.objects.get(code="TTLDTT")
    first, second = SubUnitFactory.create_batch(2, unit=registration.unit)

    CollectiveTitleAim.objects.create(registration=registration, title=ttldtt)
    CollectiveTitleAim.objects.create(registration=registration, title=ttldtt, sub_unit=first)
    CollectiveTitleAim.objects.create(registration=registration, title=ttldtt, sub_unit=second)
    for sub_unit in (None, first):
        with pytest.raises(IntegrityError), transaction.atomic():
            CollectiveTitleAim.objects.create(
                registration=registration, title=ttldtt, sub_unit=sub_unit
            )

    assert registration.collective_titles.filter(title=ttldtt).count() == 3


def test_sub_unit_aims_are_saved_with_their_history(demo):
    registration = _own_registration(demo)
    actor = demo["unit_head2"]
    office = SubUnitFactory(unit=registration.unit)
    ttldtt, ttldxs = _titles("TTLDTT", "TTLDXS")

    _save(registration, actor, {office.pk: {ttldtt.pk, ttldxs.pk}})
    _save(registration, actor, {office.pk: {ttldtt.pk}})

    aims = registration.collective_titles.filter(sub_unit=office)
    assert [aim.title for aim in aims] == [ttldtt]
    history = CollectiveTitleAim.history.filter(sub_unit_id=office.pk)
    assert {h.history_user for h in history} == {actor}
    assert sorted(h.history_type for h in history) == ["+", "+", "-"]


def test_a_forged_sub_unit_of_another_unit_is_refused_and_changes_nothing(demo):
    registration = _own_registration(demo)
    own = SubUnitFactory(unit=registration.unit)
    foreign = SubUnitFactory()
    ttldtt = Title.objects.get(code="TTLDTT")
    before = set(registration.collective_titles.values_list("pk", flat=True))

    with pytest.raises(ApplicationError):
        _save(registration, demo["unit_head2"], {own.pk: {ttldtt.pk}, foreign.pk: {ttldtt.pk}})

    assert set(registration.collective_titles.values_list("pk", flat=True)) == before


def test_an_inactive_sub_unit_is_given_no_new_title(demo):
    registration = _own_registration(demo)
    closed = SubUnitFactory(unit=registration.unit, is_active=False)
    ttldtt = Title.objects.get(code="TTLDTT")

    with pytest.raises(ApplicationError):
        _save(registration, demo["unit_head2"], {closed.pk: {ttldtt.pk}})

    assert not registration.collective_titles.filter(sub_unit=closed).exists()


def test_editor_saves_the_sub_units_aims(demo, client):
    registration = _own_registration(demo)
    office, centre = SubUnitFactory.create_batch(2, unit=registration.unit)
    SubUnitFactory(unit=registration.unit, is_active=False)
    ttldtt, ttldxs = _titles("TTLDTT", "TTLDXS")
    client.force_login(demo["unit_head2"])
    data = _editor_post(client, registration)
    unit_aims = set(registration.collective_titles.values_list("title_id", flat=True))
    data[f"sub_unit_{office.pk}"] = [str(ttldtt.pk), str(ttldxs.pk)]
    data[f"sub_unit_{centre.pk}"] = [str(ttldtt.pk)]

    page = client.get(reverse("registrations:edit", args=[registration.pk]))
    response = client.post(reverse("registrations:edit", args=[registration.pk]), data)

    assert [s.pk for s in page.context["titles"].sub_units] == [office.pk, centre.pk]
    assert response.status_code == 302
    saved = set(
        registration.collective_titles.exclude(sub_unit=None).values_list("sub_unit", "title")
    )
    assert saved == {(office.pk, ttldtt.pk), (office.pk, ttldxs.pk), (centre.pk, ttldtt.pk)}
    own = set(registration.collective_titles.filter(sub_unit=None).values_list("title", flat=True))
    assert own == unit_aims
    again = client.get(reverse("registrations:edit", args=[registration.pk]))
    assert set(again.context["titles"][f"sub_unit_{office.pk}"].value()) == {
        str(ttldtt.pk),
        str(ttldxs.pk),
    }


def test_editor_refuses_a_forged_sub_unit_row_and_changes_nothing(demo, client):
    registration = _own_registration(demo)
    office = SubUnitFactory(unit=registration.unit)
    foreign = SubUnitFactory()
    ttldtt = Title.objects.get(code="TTLDTT")
    client.force_login(demo["unit_head2"])
    data = _editor_post(client, registration)
    data[f"sub_unit_{office.pk}"] = [str(ttldtt.pk)]
    data[f"sub_unit_{foreign.pk}"] = [str(ttldtt.pk)]

    response = client.post(reverse("registrations:edit", args=[registration.pk]), data)

    assert response.status_code == 400
    assert response.context["titles"].non_field_errors()
    assert not CollectiveTitleAim.objects.filter(sub_unit__in=[office, foreign]).exists()


def test_sub_unit_aims_are_shown_and_kept_out_of_the_units_own_rules(demo, client):
    registration = _own_registration(demo)
    registration.collective_titles.all().delete()
    office = SubUnitFactory(unit=registration.unit, name="Phòng Đo đạc <b>")
    ttldxs = Title.objects.get(code="TTLDXS")
    CollectiveTitleAim.objects.create(registration=registration, title=ttldxs, sub_unit=office)
    client.force_login(demo["unit_head2"])

    detail = client.get(reverse("registrations:detail", args=[registration.pk]))

    assert registration_facts(registration).collective_aims == frozenset()
    assert [e.sub_unit for e in detail.context["sub_unit_aims"]] == [office]
    assert detail.context["unit_aims"] == []
    assert "Phòng Đo đạc &lt;b&gt;" in detail.content.decode()
    snapshot = registration_content_snapshot(registration)
    assert snapshot["collective_titles"] == []
    assert snapshot["sub_unit_titles"] == [
        {"sub_unit_id": office.pk, "sub_unit": office.name, "title": ttldxs.name}
    ]


def test_review_page_shows_the_sub_units_aims(demo, client):
    registration = Registration.objects.filter(status="submitted").first()
    office = SubUnitFactory(unit=registration.unit)
    ttldtt = Title.objects.get(code="TTLDTT")
    CollectiveTitleAim.objects.create(registration=registration, title=ttldtt, sub_unit=office)
    client.force_login(demo["reviewer"])

    page = client.get(reverse("registrations:review", args=[registration.pk]))

    assert page.status_code == 200
    assert [e.sub_unit for e in page.context["sub_unit_aims"]] == [office]
    assert f'data-sub-unit-id="{office.pk}"' in page.content.decode()
