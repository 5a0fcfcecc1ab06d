"""The Department's pages work per campaign: the current yearly one by default, any launched or
closed one that the URL names (?phong_trao=<id>); a closed campaign is read-only."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus
from campaigns.services import (
    campaign_approve,
    campaign_close,
    campaign_copy,
    campaign_launch,
    campaign_submit,
)
from campaigns.switch import CAMPAIGN_PARAM
from registrations.models import Registration
from registrations.services.registrations import registration_start
from units.permissions import may
from units.selectors import unit_of_user

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
QUEUE = reverse("registrations:queue")


@pytest.fixture
def current():
    return Campaign.objects.get(year=2021)


@pytest.fixture
def older(demo, current):
    """2020's campaign, launched, with the demo unit head's registration, then closed."""
    campaign = campaign_copy(source=current, year=2020, actor=demo["reviewer"])
    campaign_submit(campaign=campaign, actor=demo["reviewer"])
    campaign_approve(
        campaign=campaign,
        actor=demo["minister"],
        signer_title="BỘ TRƯỞNG",
        signer_name="Trần Hồng Hà",
        register=False,
        number="12/BTNMT-TĐKT&TT",
    )
    campaign_launch(campaign=campaign, actor=demo["reviewer"])
    registration_start(
        campaign=campaign, unit=unit_of_user(demo["unit_head"]), actor=demo["unit_head"]
    )
    return campaign_close(campaign=campaign, actor=demo["reviewer"])


def _named(campaign):
    return {CAMPAIGN_PARAM: campaign.pk}


def test_the_dashboard_shows_the_current_campaign_unless_its_url_names_another(
    demo, client, current, older
):
    client.force_login(demo["reviewer"])
    default = client.get(DASHBOARD).content.decode()
    assert current.name in default
    assert 'data-testid="campaign-switch"' in default  # two campaigns: the switch shows
    assert 'data-testid="campaign-closed"' not in default
    assert f"{CAMPAIGN_PARAM}=" not in default.split('data-testid="campaign-switch"')[1]

    page = client.get(DASHBOARD, _named(older)).content.decode()
    assert f'<h1 class="h3 page-title mb-1">{older.name}</h1>' in page
    assert 'data-testid="campaign-closed"' in page
    # Every link to the queue and the export stays in the campaign the URL names.
    assert f"{QUEUE}?{CAMPAIGN_PARAM}={older.pk}" in page
    assert f"{reverse('reports:campaign_workbook')}?{CAMPAIGN_PARAM}={older.pk}" in page


@pytest.mark.parametrize("value", ["abc", "-1", "²", "999999"])
def test_a_url_naming_no_followed_campaign_is_a_404(demo, client, value):
    client.force_login(demo["reviewer"])
    assert client.get(DASHBOARD, {CAMPAIGN_PARAM: value}).status_code == 404
    assert client.get(QUEUE, {CAMPAIGN_PARAM: value}).status_code == 404


def test_a_draft_campaign_cannot_be_named(demo, client, current):
    draft = campaign_copy(source=current, year=2027, actor=demo["reviewer"])
    client.force_login(demo["reviewer"])
    assert client.get(DASHBOARD, _named(draft)).status_code == 404
    assert client.get(reverse("awards:proposals"), _named(draft)).status_code == 404


def test_the_queue_lists_the_named_campaigns_registrations(demo, client, current, older):
    client.force_login(demo["reviewer"])
    unit = unit_of_user(demo["unit_head"])
    page = client.get(QUEUE, {**_named(older), "status": "draft"})
    assert [u.pk for u in page.context["page"]] == [unit.pk]
    assert client.get(QUEUE, {"status": "draft"}).context["page"].paginator.count > 1
    assert page.context["campaign"] == older
    # The filter form and the Excel export keep the campaign.
    html = page.content.decode()
    assert f'name="{CAMPAIGN_PARAM}" value="{older.pk}"' in html
    export = client.get(QUEUE, {**_named(older), "status": "", "format": "xlsx"})
    assert export.status_code == 200
    assert "2020" in export["Content-Disposition"]


def test_a_closed_campaign_is_read_only(demo, client, older):
    registration = Registration.objects.get(campaign=older, unit=unit_of_user(demo["unit_head"]))
    assert registration.status == "draft"
    assert not may(demo["unit_head"], "registrations.change_registration", registration)
    assert not may(demo["unit_head"], "registrations.submit_registration", registration)
    # The same draft in an open campaign may be written.
    registration.campaign.status = CampaignStatus.LAUNCHED
    assert may(demo["unit_head"], "registrations.change_registration", registration)

    client.force_login(demo["reviewer"])
    response = client.get(reverse("awards:decision_create"), _named(older))
    assert response.status_code == 302
    assert response["Location"] == older.get_absolute_url()
    response = client.post(reverse("awards:council_create"), {**_named(older), "title": "x"})
    assert response.status_code == 302
    assert not older.council_sessions.exists()


def test_the_rule_sets_are_read_by_name_and_years_and_a_campaign_names_its_own(demo, client):
    client.force_login(demo["unit_head"])
    page = client.get(reverse("campaigns:rule_sets")).content.decode()
    assert page.count('data-testid="rule-set"') == 3
    assert "Nghị định 91/2017/NĐ-CP" in page and "2017–2023" in page
    assert "Nghị định 152/2025/NĐ-CP" in page
    assert "A_2017" not in page and "B_2024" not in page and "C_2025" not in page
    campaign = Campaign.objects.get(year=2021)
    detail = client.get(campaign.get_absolute_url()).content.decode()
    rule_set = detail.split('data-testid="campaign-rule-set"')[1].split("</p>")[0]
    assert "Luật TĐKT 2003 (sửa đổi 2013), Nghị định 91/2017/NĐ-CP" in rule_set
    assert "A_2017" not in detail


def test_a_unit_head_cannot_name_a_campaign_that_does_not_address_the_unit(demo, client):
    """A thematic campaign addressed to another unit is, for this unit head, like any other
    unit's data: a 404 on every page that reads the campaign from its URL."""
    from tests.thematic import thematic_launched
    from units.models import Unit

    own = unit_of_user(demo["unit_head"])
    other = Unit.objects.exclude(pk=own.pk).filter(is_emulation_department=False).first()
    elsewhere = thematic_launched(demo, units=[other])
    assert not may(demo["unit_head"], "campaigns.view_campaign", elsewhere)
    addressed = thematic_launched(demo, name="Chuyên đề cải cách hành chính")
    client.force_login(demo["unit_head"])
    assert client.get(reverse("awards:proposals"), _named(elsewhere)).status_code == 404
    assert client.get(reverse("awards:proposals"), _named(addressed)).status_code == 200
    # The Department reads both.
    client.force_login(demo["reviewer"])
    assert client.get(DASHBOARD, _named(elsewhere)).status_code == 200
