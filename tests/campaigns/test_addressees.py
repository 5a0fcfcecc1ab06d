"""Whom a campaign addresses: every unit (the yearly campaign always), or the units and the
blocs and clusters a thematic campaign names (a group means its members in the year)."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus
from campaigns.selectors import addressed_units, campaign_addresses, campaigns_addressing
from campaigns.services import (
    campaign_approve,
    campaign_copy,
    campaign_launch,
    campaign_submit,
    campaign_update_draft,
    launch_errors,
)
from emulation_portal.exceptions import ApplicationError
from tests.thematic import thematic_draft
from units.models import EmulationGroup, GroupMembership, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def regular():
    return Campaign.objects.get(year=2021, kind="regular")


@pytest.fixture
def hanoi():
    return Unit.objects.get(code="HNI")


@pytest.fixture
def remote_sensing():
    return Unit.objects.get(code="CVTQG")


def _group_of(unit, year=2021):
    return GroupMembership.objects.get(unit=unit, year=year).group


def _save(campaign, actor, **fields):
    campaign = Campaign.objects.get(pk=campaign.pk)
    return campaign_update_draft(
        campaign=campaign,
        version=campaign.version,
        fields=fields,
        contents=[],
        tasks=[],
        duties=[],
        criteria=[(c.target, c.text, c.short_label) for c in campaign.criteria.all()],
        actor=actor,
    )


def test_the_yearly_campaign_addresses_every_unit_but_the_department(regular, hanoi):
    units = addressed_units(regular)
    assert units.filter(pk=hanoi.pk).exists()
    assert not units.filter(is_emulation_department=True).exists()
    assert units.count() == Unit.objects.filter(is_active=True).count() - 1
    assert campaign_addresses(regular, hanoi)


def test_a_thematic_campaign_addresses_the_units_and_the_members_of_the_groups_it_names(
    demo, hanoi, remote_sensing
):
    group = _group_of(hanoi)
    campaign = thematic_draft(
        demo["reviewer"],
        addresses_all_units=False,
        addressed_units=[remote_sensing],
        addressed_groups=[group],
    )
    members = set(
        GroupMembership.objects.filter(group=group, year=2021).values_list("unit_id", flat=True)
    )
    assert set(addressed_units(campaign).values_list("pk", flat=True)) == members | {
        remote_sensing.pk
    }
    assert campaign_addresses(campaign, hanoi) and campaign_addresses(campaign, remote_sensing)
    outsider = Unit.objects.exclude(pk__in=members | {remote_sensing.pk}).filter(
        is_emulation_department=False
    )[0]
    assert not campaign_addresses(campaign, outsider)
    assert set(campaigns_addressing(outsider)) >= {Campaign.objects.get(year=2021, kind="regular")}
    assert campaign not in campaigns_addressing(outsider)
    assert campaign in campaigns_addressing(hanoi)


def test_a_group_means_its_members_in_the_campaigns_year(demo, hanoi):
    group = _group_of(hanoi)
    campaign = thematic_draft(
        demo["reviewer"], year=2021, addresses_all_units=False, addressed_groups=[group]
    )
    GroupMembership.objects.filter(unit=hanoi, year=2021).delete()
    GroupMembership.objects.filter(unit=hanoi, year=2020).update(group=group)
    assert not campaign_addresses(campaign, hanoi)
    assert campaign not in campaigns_addressing(hanoi)


def test_the_yearly_campaign_cannot_name_addressees(demo, regular, hanoi):
    draft = campaign_copy(source=regular, year=2027, actor=demo["reviewer"])
    saved = _save(draft, demo["reviewer"], addresses_all_units=False, addressed_units=[hanoi])
    assert saved.addresses_all_units and not saved.addressed_units.exists()


def test_the_addressees_are_edited_copied_and_recorded(demo, hanoi, remote_sensing):
    reviewer = demo["reviewer"]
    campaign = thematic_draft(reviewer)
    assert campaign.addresses_all_units
    group = _group_of(hanoi)
    saved = _save(
        campaign,
        reviewer,
        addresses_all_units=False,
        addressed_units=[remote_sensing],
        addressed_groups=[group],
    )
    assert not saved.addresses_all_units
    assert list(saved.addressed_units.all()) == [remote_sensing]
    latest = saved.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == reviewer
    assert [row.unit_id for row in latest.addressed_units.all()] == [remote_sensing.pk]
    assert [row.emulationgroup_id for row in latest.addressed_groups.all()] == [group.pk]

    copy = campaign_copy(source=saved, year=2022, actor=reviewer)
    assert not copy.addresses_all_units
    assert list(copy.addressed_units.all()) == [remote_sensing]
    assert list(copy.addressed_groups.all()) == [group]

    everyone = _save(saved, reviewer, addresses_all_units=True)
    assert everyone.addresses_all_units and not everyone.addressed_units.exists()


def test_launch_refuses_a_thematic_campaign_addressing_nobody(demo):
    empty = EmulationGroup.objects.create(code="TEST-EMPTY", kind="bloc", name="Khối thử")
    campaign = thematic_draft(demo["reviewer"], addresses_all_units=False, addressed_groups=[empty])
    assert any("chưa gửi đơn vị nào" in str(error) for error in launch_errors(campaign))
    campaign_submit(campaign=campaign, actor=demo["reviewer"])
    campaign_approve(
        campaign=campaign, actor=demo["minister"], signer_title="BỘ TRƯỞNG", signer_name="X"
    )
    with pytest.raises(ApplicationError, match="chưa gửi đơn vị nào"):
        campaign_launch(campaign=campaign, actor=demo["reviewer"])
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.APPROVED


def test_the_edit_page_names_the_addressees_of_a_thematic_draft(demo, hanoi):
    from tests.test_superuser_is_not_an_actor import read_form

    campaign = thematic_draft(demo["reviewer"])
    client = Client()
    client.force_login(demo["reviewer"])
    url = reverse("campaigns:edit", args=[campaign.pk])
    form = read_form(client, url, url)
    data = dict(form.fields)
    data.pop("addresses_all_units", None)
    data["addressed_units"] = [str(hanoi.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign.refresh_from_db()
    assert not campaign.addresses_all_units
    assert list(campaign.addressed_units.all()) == [hanoi]

    data.pop("addressed_units")
    data["version"] = str(campaign.version)
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Hãy chọn các đơn vị, khối, cụm thi đua được gửi" in refused.content.decode()


def test_the_edit_page_of_the_yearly_draft_has_no_addressees_to_choose(demo, regular):
    draft = campaign_copy(source=regular, year=2027, actor=demo["reviewer"])
    client = Client()
    client.force_login(demo["reviewer"])
    page = client.get(reverse("campaigns:edit", args=[draft.pk])).content.decode()
    assert 'data-testid="campaign-addressees"' not in page
