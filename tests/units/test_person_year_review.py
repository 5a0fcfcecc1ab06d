"""The review pending on a person's year (Decree 152/2025, Art. 4): the administrator opens
and closes it from the yearly records' list, each change in the record's history, and the
rest of the record stays as it was."""

import pytest
from django.urls import reverse

from units.models import Person, PersonYear

pytestmark = pytest.mark.django_db


def _act(client, action, record):
    return client.post(
        reverse("admin:units_personyear_changelist"),
        {"action": action, "_selected_action": [record.pk]},
    )


def test_the_administrator_opens_and_closes_a_review(demo, client):
    person = Person.objects.filter(is_active=True).first()
    record, _created = PersonYear.objects.get_or_create(
        person=person, year=2030, defaults={"rating": "good"}
    )
    client.force_login(demo["admin"])

    assert _act(client, "open_review", record).status_code == 302
    record.refresh_from_db()
    assert (record.pending_review, record.rating) == (True, "good")
    assert record.history.latest().history_user == demo["admin"]

    _act(client, "close_review", record)
    record.refresh_from_db()
    assert record.pending_review is False
    assert [h.pending_review for h in record.history.order_by("history_id")][-2:] == [True, False]


def test_the_list_shows_and_filters_the_review(demo, client):
    client.force_login(demo["admin"])
    page = client.get(reverse("admin:units_personyear_changelist"), {"pending_review__exact": 1})
    assert page.status_code == 200
    assert "open_review" in dict(page.context["action_form"].fields["action"].choices)
