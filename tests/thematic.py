"""Thematic campaigns for the tests: the 2021 letter's frame, a window and key dates inside
the year, and the addressees asked for."""

from datetime import date

from campaigns.models import Campaign
from campaigns.services import (
    campaign_approve,
    campaign_create,
    campaign_launch,
    campaign_submit,
)
from criteria.models import Criterion, CriterionTarget

FRAME = (
    "issuing_body",
    "symbol",
    "place",
    "addressees",
    "signer_title",
    "signer_name",
    "contents_heading",
    "tasks_heading",
    "criteria_heading",
    "collective_criteria_heading",
    "individual_criteria_heading",
    "implementation_heading",
)


def thematic_fields(year: int, **overrides) -> dict:
    source = Campaign.objects.get(year=2021, kind="regular")
    fields = {f: getattr(source, f) for f in FRAME}
    fields |= {
        "name": f"Thi đua chuyên đề chuyển đổi số {year}",
        "theme": "Chuyển đổi số",
        "subject": "V/v phát động thi đua chuyên đề",
        "starts_on": date(year, 3, 1),
        "ends_on": date(year, 11, 30),
        "registration_deadline": date(year, 3, 31),
        "midyear_opens_on": date(year, 6, 1),
        "midyear_report_date": date(year, 6, 30),
        "year_end_opens_on": date(year, 11, 1),
        "year_end_report_date": date(year, 11, 30),
    }
    return fields | overrides


def thematic_draft(reviewer, year: int = 2021, **overrides) -> Campaign:
    campaign = campaign_create(
        year=year, kind="thematic", fields=thematic_fields(year, **overrides), actor=reviewer
    )
    Criterion.objects.create(
        campaign=campaign, target=CriterionTarget.COLLECTIVE, position=1, text="Số hoá hồ sơ."
    )
    return campaign


def thematic_launched(demo, year: int = 2021, units=None, **overrides) -> Campaign:
    """A thematic campaign of ``year`` through its whole life up to its launch, addressed to
    all units, or to ``units`` only."""
    if units is not None:
        overrides["addresses_all_units"] = False
    campaign = thematic_draft(demo["reviewer"], year, **overrides)
    if units is not None:
        campaign.addressed_units.set(units)
    campaign_submit(campaign=campaign, actor=demo["reviewer"])
    campaign_approve(
        campaign=campaign,
        actor=demo["minister"],
        signer_title=campaign.signer_title,
        signer_name=campaign.signer_name,
    )
    return campaign_launch(campaign=campaign, actor=demo["reviewer"])
