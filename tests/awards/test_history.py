"""The award history (tra cứu): a person's or a unit's titles and forms by year with the
decision behind each; searched by name, code, year and title; scoped for a unit head."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria.models import Title
from units.models import Person, PersonTitle, Unit, UnitTitle

from .awards_setup import decided

pytestmark = pytest.mark.django_db

URL = reverse("awards:award_history")


def _rows(page: str) -> int:
    return page.count('data-testid="history-row"')


def test_a_person_is_found_by_a_lower_case_name_with_diacritics(demo, client):
    person = PersonTitle.objects.select_related("person").order_by("pk").first().person
    client.force_login(demo["reviewer"])

    page = client.get(URL, {"q": person.full_name.lower()}).content.decode()

    held = PersonTitle.objects.filter(person__full_name=person.full_name).count()
    assert _rows(page) == held > 0
    assert person.full_name in page


def test_one_persons_history_by_year_with_the_decision_of_each(demo, client):
    arranged, _proposal, decision = decided(demo)
    person = arranged.candidate
    client.force_login(demo["reviewer"])

    page = client.get(URL, {"kind": "person", "person": person.pk}).content.decode()

    years = [int(y) for y in page.split('data-year="')[1:] for y in [y.split('"')[0]]]
    assert _rows(page) == PersonTitle.objects.filter(person=person).count()
    assert years == sorted(years, reverse=True)
    assert 'data-year="2021" data-title="CSTD_BO"' in page
    assert reverse("awards:decision_detail", args=[decision.pk]) in page


def test_a_unit_is_found_by_name_or_code(demo, client):
    arranged, _proposal, decision = decided(demo)
    client.force_login(demo["minister"])

    by_code = client.get(URL, {"kind": "unit", "q": arranged.unit.code.lower()}).content.decode()
    by_name = client.get(URL, {"kind": "unit", "q": "viễn thám"}).content.decode()

    assert _rows(by_code) == UnitTitle.objects.filter(unit=arranged.unit).count() == 1
    assert 'data-title="TTLDXS"' in by_code
    assert decision.number in by_code
    assert _rows(by_name) == 1


def test_the_history_filters_by_year_and_title(demo, client):
    client.force_login(demo["reviewer"])
    cstdcs = Title.objects.get(code="CSTDCS")

    page = client.get(URL, {"year": 2019, "title": cstdcs.pk}).content.decode()

    count = PersonTitle.objects.filter(year=2019, title=cstdcs).count()
    assert _rows(page) == min(count, 50)
    assert f"{count}" in page.split('data-testid="history-count">')[1][:20]
    assert 'data-year="2020"' not in page
    assert 'data-title="LDTT"' not in page


def test_a_unit_head_searches_the_units_own_titles_only(demo, client):
    unit = demo["unit_head"].portal_role.unit
    own_names = Person.objects.filter(unit=unit).values("full_name")
    stranger = (
        PersonTitle.objects.exclude(person__unit=unit)
        .exclude(person__full_name__in=own_names)
        .select_related("person")
        .first()
        .person
    )
    client.force_login(demo["unit_head"])

    own = client.get(URL, {"year": 2020}).content.decode()
    by_name = client.get(URL, {"q": stranger.full_name}).content.decode()
    by_id = client.get(URL, {"person": stranger.pk}).content.decode()
    units = client.get(URL, {"kind": "unit", "unit": stranger.unit_id}).content.decode()

    own_count = PersonTitle.objects.filter(person__unit=unit, year=2020).count()
    assert _rows(own) == min(own_count, 50) > 0
    assert (_rows(by_name), _rows(by_id), _rows(units)) == (0, 0, 0)
    assert stranger.full_name not in by_name.split('data-testid="history-table"')[1]


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_gets_404(client, django_user_model, demo):
    client.force_login(django_user_model.objects.create_user("nobody"))

    assert client.get(URL).status_code == 404


def test_a_page_takes_the_same_queries_for_one_row_and_fifty(demo, client):
    client.force_login(demo["reviewer"])
    one = PersonTitle.objects.select_related("person").order_by("pk").first().person
    client.get(URL)

    with CaptureQueriesContext(connection) as small:
        small_page = client.get(URL, {"person": one.pk}).content.decode()
    with CaptureQueriesContext(connection) as large:
        large_page = client.get(URL).content.decode()

    assert _rows(small_page) < _rows(large_page) == 50
    assert len(small.captured_queries) == len(large.captured_queries)


def test_units_take_the_same_queries_for_one_row_and_more(demo, client):
    titles = {t.code: t for t in Title.objects.filter(code__in=["TTLDTT", "TTLDXS"])}
    units = list(Unit.objects.order_by("code")[:4])
    UnitTitle.objects.create(
        unit=units[0], title=titles["TTLDTT"], year=2020, decision_number="1/QĐ"
    )
    client.force_login(demo["reviewer"])
    client.get(URL, {"kind": "unit"})
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"kind": "unit"})

    for unit in units[1:]:
        UnitTitle.objects.create(
            unit=unit, title=titles["TTLDXS"], year=2020, decision_number="2/QĐ"
        )
    with CaptureQueriesContext(connection) as large:
        page = client.get(URL, {"kind": "unit"}).content.decode()

    assert _rows(page) == UnitTitle.objects.count() >= 4
    assert len(small.captured_queries) == len(large.captured_queries)
