"""A thematic campaign's window lies inside its year, and so does every key date: refused at
the form, in the services and at launch, with a message naming the date."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.forms import CampaignCreateForm, LetterForm
from campaigns.models import Campaign, CampaignStatus
from campaigns.services import (
    campaign_approve,
    campaign_copy,
    campaign_create,
    campaign_key_dates_update,
    campaign_launch,
    campaign_submit,
    campaign_update_draft,
    launch_errors,
)
from emulation_portal.exceptions import ApplicationError
from tests.thematic import thematic_draft, thematic_fields

pytestmark = pytest.mark.django_db

OUTSIDE = "phải nằm trong năm của phong trào"


def _save(campaign, actor, **fields):
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


def test_a_thematic_campaign_has_its_window_inside_its_year(demo):
    campaign = thematic_draft(demo["reviewer"])
    assert (campaign.starts_on, campaign.ends_on) == (date(2021, 3, 1), date(2021, 11, 30))
    assert launch_errors(campaign) == []


@pytest.mark.parametrize(
    ("field", "day"),
    [
        ("starts_on", date(2020, 12, 1)),
        ("ends_on", date(2022, 1, 15)),
        ("registration_deadline", date(2022, 1, 10)),
        ("year_end_report_date", date(2022, 1, 31)),
    ],
)
def test_creating_a_thematic_campaign_with_a_date_outside_its_year_is_refused(demo, field, day):
    fields = thematic_fields(2021, **{field: day})
    if field == "registration_deadline":  # keep the order right: only the year is wrong
        fields |= {"midyear_opens_on": date(2022, 1, 11), "midyear_report_date": date(2022, 1, 12)}
        fields |= {
            "year_end_opens_on": date(2022, 1, 13),
            "year_end_report_date": date(2022, 1, 14),
        }
    before = Campaign.objects.count()
    with pytest.raises(ApplicationError, match=day.strftime("%d/%m/%Y")) as refused:
        campaign_create(year=2021, kind="thematic", fields=fields, actor=demo["reviewer"])
    assert OUTSIDE in str(refused.value.message)
    assert Campaign.objects.count() == before


def test_a_thematic_campaign_needs_its_window_and_it_cannot_close_before_it_opens(demo):
    with pytest.raises(ApplicationError, match="cần có ngày bắt đầu và ngày kết thúc"):
        campaign_create(
            year=2021,
            kind="thematic",
            fields=thematic_fields(2021, starts_on=None),
            actor=demo["reviewer"],
        )
    with pytest.raises(ApplicationError, match="Ngày kết thúc không thể trước ngày bắt đầu"):
        campaign_create(
            year=2021,
            kind="thematic",
            fields=thematic_fields(2021, starts_on=date(2021, 9, 1), ends_on=date(2021, 8, 1)),
            actor=demo["reviewer"],
        )


def test_the_yearly_campaign_keeps_dates_beyond_its_year(demo):
    # The yearly campaign's year-end results are often due early the next year.
    regular = Campaign.objects.get(year=2021, kind="regular")
    assert regular.registration_deadline.year != 2021
    assert launch_errors(regular) == []


def test_editing_a_thematic_draft_outside_its_year_is_refused_and_saves_nothing(demo):
    campaign = thematic_draft(demo["reviewer"])
    with pytest.raises(ApplicationError, match="31/12/2022"):
        _save(campaign, demo["reviewer"], ends_on=date(2022, 12, 31), theme="x")
    campaign.refresh_from_db()
    assert (campaign.ends_on, campaign.theme) == (date(2021, 11, 30), "Chuyển đổi số")


def test_the_key_dates_page_of_a_thematic_campaign_refuses_a_date_outside_its_year(demo):
    campaign = thematic_draft(demo["reviewer"])
    dates = {f: getattr(campaign, f) for f in ("registration_deadline", "midyear_opens_on")}
    with pytest.raises(ApplicationError, match="15/01/2022"):
        campaign_key_dates_update(
            campaign=campaign,
            dates={**dates, "year_end_report_date": date(2022, 1, 15)},
            actor=demo["reviewer"],
        )
    client = Client()
    client.force_login(demo["reviewer"])
    data = {
        f: getattr(campaign, f).strftime("%d/%m/%Y")
        for f in (
            "registration_deadline",
            "midyear_opens_on",
            "midyear_report_date",
            "year_end_opens_on",
            "year_end_report_date",
        )
    }
    data["year_end_report_date"] = "15/01/2022"
    page = client.post(reverse("campaigns:key_dates", args=[campaign.pk]), data)
    assert page.status_code == 400
    assert "15/01/2022" in page.content.decode() and OUTSIDE in page.content.decode()
    campaign.refresh_from_db()
    assert campaign.year_end_report_date == date(2021, 11, 30)


def test_the_forms_refuse_a_date_outside_the_year_on_its_field(demo):
    campaign = thematic_draft(demo["reviewer"])
    data = {
        f: (v.strftime("%d/%m/%Y") if isinstance(v, date) else v)
        for f, v in thematic_fields(2021, starts_on=date(2020, 12, 20)).items()
        if not isinstance(v, list)
    }
    data |= {"addresses_all_units": "on", "version": campaign.version}
    form = LetterForm(data, instance=campaign)
    assert not form.is_valid()
    assert "20/12/2020" in form.errors["starts_on"][0] and OUTSIDE in form.errors["starts_on"][0]
    create = CampaignCreateForm({**data, "year": 2021, "kind": "thematic"})
    assert not create.is_valid() and "20/12/2020" in create.errors["starts_on"][0]
    regular = CampaignCreateForm({**data, "year": 2021, "kind": "regular"})
    regular.is_valid()
    assert "starts_on" not in regular.errors


def test_launch_refuses_a_thematic_campaign_with_a_date_outside_its_year(demo):
    campaign = thematic_draft(demo["reviewer"])
    campaign_submit(campaign=campaign, actor=demo["reviewer"])
    campaign_approve(
        campaign=campaign, actor=demo["minister"], signer_title="BỘ TRƯỞNG", signer_name="X"
    )
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=date(2022, 2, 1))
    with pytest.raises(ApplicationError, match="01/02/2022"):
        campaign_launch(campaign=campaign, actor=demo["reviewer"])
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.APPROVED


def test_a_copy_moves_the_window_into_the_new_year(demo):
    campaign = thematic_draft(demo["reviewer"])
    copy = campaign_copy(source=campaign, year=2023, actor=demo["reviewer"])
    assert (copy.starts_on, copy.ends_on) == (date(2023, 3, 1), date(2023, 11, 30))
    assert launch_errors(copy) == []
