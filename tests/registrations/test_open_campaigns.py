"""A unit head sees every launched campaign that addresses the unit, and starts registering in
any of them; a campaign that does not address the unit is a 404, like any other unit's data."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign
from registrations.models import Registration
from tests.thematic import thematic_draft, thematic_launched
from units.models import Unit

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def regular():
    return Campaign.objects.get(year=2021, kind="regular")


@pytest.fixture
def mine(demo):
    """A launched thematic campaign naming the unit head's unit (Cục Viễn thám quốc gia)."""
    return thematic_launched(
        demo,
        name="Chuyên đề số hoá",
        starts_on=date(2021, 4, 1),
        addresses_all_units=False,
        addressed_units=[Unit.objects.get(code="CVTQG")],
    )


@pytest.fixture
def for_everyone(demo):
    return thematic_launched(demo, name="Chuyên đề tiết kiệm", starts_on=date(2021, 2, 1))


@pytest.fixture
def not_mine(demo):
    """A launched thematic campaign naming only Hà Nội."""
    return thematic_launched(
        demo,
        name="Chuyên đề Hà Nội",
        addresses_all_units=False,
        addressed_units=[Unit.objects.get(code="HNI")],
    )


def test_the_landing_page_lists_every_open_campaign_addressing_the_unit(
    demo, regular, mine, for_everyone, not_mine
):
    page = _client(demo["unit_head"]).get(reverse("units:my_unit"))
    html = page.content.decode()
    assert page.context["campaign"] == regular
    assert [item.campaign for item in page.context["other_campaigns"]] == [for_everyone, mine]
    assert html.index(regular.name) < html.index(for_everyone.name) < html.index(mine.name)
    assert not_mine.name not in html
    assert f'data-testid="start-registration-{mine.pk}"' in html
    hanoi = _client(demo["unit_head2"]).get(reverse("units:my_unit"))
    assert [item.campaign for item in hanoi.context["other_campaigns"]] == [for_everyone, not_mine]


def test_the_unit_head_starts_and_continues_a_thematic_registration(demo, regular, mine):
    client = _client(demo["unit_head"])
    started = client.post(reverse("registrations:start"), {"campaign": mine.pk})
    registration = Registration.objects.get(campaign=mine, unit__code="CVTQG")
    assert started["Location"] == reverse("registrations:edit", args=[registration.pk])
    again = client.post(reverse("registrations:start"), {"campaign": mine.pk})
    assert again["Location"] == started["Location"]
    html = client.get(reverse("units:my_unit")).content.decode()
    assert f'data-testid="open-registration-{mine.pk}"' in html
    assert f'data-testid="start-registration-{mine.pk}"' not in html
    # The yearly campaign's registration is another one, untouched.
    assert Registration.objects.filter(campaign=regular, unit__code="CVTQG").count() <= 1


def test_starting_in_a_campaign_that_does_not_address_the_unit_is_a_404(demo, not_mine):
    client = _client(demo["unit_head"])
    draft = thematic_draft(demo["reviewer"], name="Chưa phát động")
    for campaign in (not_mine.pk, draft.pk, 999999, "abc"):
        response = client.post(reverse("registrations:start"), {"campaign": campaign})
        assert response.status_code == 404, campaign
    assert not Registration.objects.filter(campaign__in=[not_mine, draft]).exists()


def test_without_a_campaign_posted_the_yearly_one_is_started(demo, regular, mine):
    client = _client(demo["unit_head2"])
    response = client.post(reverse("registrations:start"))
    registration = Registration.objects.get(campaign=regular, unit__code="HNI")
    assert response["Location"] == reverse("registrations:edit", args=[registration.pk])


def test_a_unit_head_gets_a_404_for_a_campaign_that_does_not_address_the_unit(demo, mine, not_mine):
    head = _client(demo["unit_head"])
    for name in ("campaigns:detail", "campaigns:letter_pdf"):
        assert head.get(reverse(name, args=[not_mine.pk])).status_code == 404, name
    assert head.get(reverse("campaigns:detail", args=[mine.pk])).status_code == 200
    for user in ("reviewer", "minister", "admin"):
        page = _client(demo[user]).get(reverse("campaigns:detail", args=[not_mine.pk]))
        assert page.status_code == 200, user
