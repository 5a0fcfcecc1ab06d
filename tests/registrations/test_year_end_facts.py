"""The unit head enters the year's ratings, discipline and recognised initiatives."""

from datetime import date

import pytest
from django.urls import reverse

from registrations.models import Initiative, InitiativeStatus, Registration
from registrations.services.registrations import registration_transition, registration_version_token
from registrations.workflow import Status
from units.models import Person, PersonYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(demo):
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    registration.refresh_from_db()
    return registration


def _facts(person):
    return list(
        PersonYear.objects.filter(person=person, year=2021).values_list("rating", "discipline")
    )


def _other_rating(person):
    current = _facts(person)
    return "not_completed" if current and current[0][0] != "not_completed" else "completed"


def _post(client, registration, **changes):
    page = client.get(reverse("registrations:year_end", args=[registration.pk]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["version"] = registration_version_token(registration)
    data.update(changes)
    return client.post(reverse("registrations:year_end", args=[registration.pk]), data)


def test_ratings_and_recognitions_are_saved_with_who(demo, client, approved):
    person = Person.objects.filter(unit=approved.unit).first()
    initiative = Initiative.objects.filter(registration=approved).first()
    client.force_login(demo["unit_head2"])

    response = _post(
        client,
        approved,
        **{
            f"rating_{person.pk}": "excellent",
            f"status_{initiative.pk}": InitiativeStatus.RECOGNISED,
            f"number_{initiative.pk}": "45/QĐ-STNMT",
            f"date_{initiative.pk}": "15/11/2021",
            f"scope_{initiative.pk}": "ministry",
        },
    )

    assert response.status_code == 302
    record = PersonYear.objects.get(person=person, year=2021)
    initiative.refresh_from_db()
    assert record.rating == "excellent"
    assert (initiative.status, initiative.recognition_number, initiative.scope) == (
        InitiativeStatus.RECOGNISED,
        "45/QĐ-STNMT",
        "ministry",
    )
    assert initiative.recognition_date == date(2021, 11, 15)
    assert initiative.history.first().history_user == demo["unit_head2"]
    assert record.history.first().history_user == demo["unit_head2"]


def test_a_recognition_needs_its_decision_and_nothing_is_saved_without_it(demo, client, approved):
    person = Person.objects.filter(unit=approved.unit).first()
    initiative = Initiative.objects.filter(registration=approved).first()
    client.force_login(demo["unit_head2"])
    before = _facts(person)

    response = _post(
        client,
        approved,
        **{
            f"rating_{person.pk}": _other_rating(person),
            f"status_{initiative.pk}": InitiativeStatus.RECOGNISED,
        },
    )

    assert response.status_code == 400
    assert _facts(person) == before


def test_a_stale_form_is_refused(demo, client, approved):
    person = Person.objects.filter(unit=approved.unit).first()
    client.force_login(demo["unit_head2"])
    before = _facts(person)

    response = _post(
        client, approved, version="2000-01-01", **{f"rating_{person.pk}": _other_rating(person)}
    )

    assert response.status_code == 400
    assert _facts(person) == before


@pytest.mark.parametrize("username", ["unit_head", "minister", "reviewer"])
def test_only_the_unit_head_writes(demo, client, approved, username):
    person = Person.objects.filter(unit=approved.unit).first()
    client.force_login(demo[username])
    url = reverse("registrations:year_end", args=[approved.pk])
    before = _facts(person)

    page = client.get(url)
    response = client.post(url, {"version": "x", f"rating_{person.pk}": _other_rating(person)})

    assert page.status_code == (404 if username == "unit_head" else 200)
    assert response.status_code == 404
    assert _facts(person) == before


def test_a_draft_registration_has_no_year_end_facts_to_enter(demo, client):
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    client.force_login(demo["unit_head2"])

    page = client.get(reverse("registrations:year_end", args=[registration.pk]))

    assert page.status_code == 200
    assert not page.context["can_edit"]
    assert 'data-testid="save-year-end"' not in page.content.decode()


def test_the_page_takes_the_same_queries_for_a_small_and_a_large_unit(demo, client, approved):
    from .test_rule_checks import _grow, _queries

    client.force_login(demo["unit_head2"])
    url = reverse("registrations:year_end", args=[approved.pk])
    small = _queries(client, url)

    _grow(approved, 120)

    assert _queries(client, url) == small
