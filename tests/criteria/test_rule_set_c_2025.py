"""Rule set C_2025 (Law 2022 + Decree 152/2025/NĐ-CP) in the database: the campaigns from 2025
use it and cite Decree 152/2025, never the repealed 98/2023; its Art. 4 bar on awards while a
review is pending, read from the staff's yearly records; the Government flag's cap read from
the campaign's proposals."""

import importlib

import pytest
from django.apps import apps

from awards.selectors.proposals import proposal_findings
from awards.services.decisions import decision_defaults
from campaigns.models import Campaign
from criteria.catalogue import RULE_SETS
from criteria.models import RuleSet
from criteria.selectors import rule_set_for, rule_set_rules
from criteria.services import catalogue_sync
from registrations.models import Registration
from registrations.selectors.registrations import registration_findings
from scoring.models import Acclamation, ScoringStatus, ScoringTable
from tests.awards.awards_setup import approved_registration, started_proposal
from tests.factories.campaigns import CampaignFactory
from units.models import PersonYear

pytestmark = pytest.mark.django_db

REPEALED = ("98/2023", "28/2024")


@pytest.mark.parametrize(
    ("year", "code"),
    [(2021, "A_2017"), (2023, "A_2017"), (2024, "B_2024"), (2025, "C_2025"), (2026, "C_2025")],
)
def test_the_campaign_year_picks_its_rule_set(year, code):
    catalogue_sync()
    campaign = Campaign.objects.filter(year=year).first() or CampaignFactory(year=year)
    assert rule_set_for(campaign).code == code


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_campaign_from_2025_cites_decree_152_and_never_the_repealed_decree(year):
    catalogue_sync()
    campaign = CampaignFactory(year=year)
    rule_set = rule_set_for(campaign)
    params, sources = rule_set_rules(rule_set)
    cited = [rule_set.name, *sources.values()]
    bases = decision_defaults(campaign)["legal_bases"]

    assert not [text for text in cited + bases if any(old in text for old in REPEALED)]
    assert "152/2025/NĐ-CP" in rule_set.name
    assert any("152/2025/NĐ-CP" in line for line in bases)
    assert params["pending_review_blocks_awards"] is True


def test_the_2024_campaign_still_cites_decree_98():
    catalogue_sync()
    campaign = CampaignFactory(year=2024)
    assert any("98/2023/NĐ-CP" in line for line in decision_defaults(campaign)["legal_bases"])


def test_the_migration_ends_b_2024_and_adds_c_2025_to_a_synced_database():
    migration = importlib.import_module("criteria.migrations.0002_rule_set_c_2025")
    catalogue_sync()
    RuleSet.objects.filter(code="C_2025").delete()
    b_2024 = RuleSet.objects.get(code="B_2024")
    # A database synced before C_2025: B_2024 open-ended, without the new keys, one edit.
    b_2024.last_year = None
    b_2024.params = {
        k: v
        for k, v in b_2024.params.items()
        if k not in ("pending_review_blocks_awards", "cstdcs_quota_minimum")
    } | {"ttldtt_min_ldtt_percent": 55}
    b_2024.sources = {k: v for k, v in b_2024.sources.items() if k != "pending_review"}
    b_2024.save()

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice changes nothing more

    b_2024.refresh_from_db()
    assert b_2024.last_year == 2024
    assert b_2024.params["ttldtt_min_ldtt_percent"] == 55  # the edit kept
    assert b_2024.params["pending_review_blocks_awards"] is True
    assert b_2024.sources["pending_review"] == RULE_SETS["B_2024"]["sources"]["pending_review"]
    c_2025 = RuleSet.objects.get(code="C_2025")
    assert (c_2025.first_year, c_2025.last_year) == (2025, None)
    assert c_2025.params == RULE_SETS["C_2025"]["params"]
    assert c_2025.sources == RULE_SETS["C_2025"]["sources"]


def test_a_saved_rule_set_without_the_new_keys_reads_the_catalogues():
    catalogue_sync()
    rule_set = RuleSet.objects.get(code="C_2025")
    rule_set.params = {"ttldtt_min_ldtt_percent": 60}
    rule_set.sources = {}
    params, sources = rule_set_rules(rule_set)
    assert params["ttldtt_min_ldtt_percent"] == 60
    assert params["pending_review_blocks_awards"] is True
    assert sources["pending_review"] == "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 4"


# --- the pending review, from the yearly record to the finding ------------------------------


def _under_c_2025(campaign):
    """The demo's 2021 campaign checked under C_2025 for one test, by the campaign's own
    override (the 2021 campaign itself stays under A_2017)."""
    Campaign.objects.filter(pk=campaign.pk).update(rule_set_code="C_2025")
    campaign.refresh_from_db()


def test_a_pending_review_advises_at_registration_and_bars_the_proposal(demo):
    arranged = approved_registration(demo)
    proposal = started_proposal(demo, arranged)
    person = arranged.staff[0]
    assert rule_set_for(arranged.campaign).code == "A_2017"
    PersonYear.objects.filter(person=person, year=2021).update(pending_review=True)
    # Under A_2017 (Decree 91/2017: UNVERIFIED) the flag bars nothing.
    assert "pending_review" not in {f.code for f in proposal_findings(proposal)}

    _under_c_2025(arranged.campaign)
    registration = Registration.objects.get(pk=arranged.registration.pk)
    proposal.refresh_from_db()
    at_registration = [f for f in registration_findings(registration) if f.code == "pending_review"]
    at_year_end = [f for f in proposal_findings(proposal) if f.code == "pending_review"]

    assert [(f.severity, f.person_id) for f in at_registration] == [("warning", person.pk)]
    assert [(f.severity, f.person_id) for f in at_year_end] == [("error", person.pk)]
    assert at_year_end[0].source == "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 4"
    assert person.full_name in at_year_end[0].message

    PersonYear.objects.filter(person=person, year=2021).update(pending_review=False)
    assert "pending_review" not in {f.code for f in proposal_findings(proposal)}


# --- the Government flag's cap, counted over the campaign's proposals ----------------------


def _acclaim(demo, unit):
    table = ScoringTable.objects.get(
        group__memberships__unit=unit, group__memberships__year=2021, year=2021
    )
    ScoringTable.objects.filter(pk=table.pk).update(status=ScoringStatus.PUBLISHED)
    Acclamation.objects.create(
        table=table,
        leader=unit,
        method=table.method,
        threshold=table.threshold,
        ballots_for=6,
        ballots_total=6,
        held_on="2021-12-20",
        place="Hà Nội",
        chair="Nguyễn Văn An",
        secretary="Trần Thị Bình",
        attendees="Đại diện các đơn vị thành viên",
        recorded_by=demo["reviewer"],
    )


def test_the_government_flag_cap_reads_the_rule_sets_share(demo):
    arranged = approved_registration(demo)
    Registration.objects.filter(pk=arranged.registration.pk).update(
        approved_snapshot={
            **arranged.registration.approved_snapshot,
            "collective_titles": ["Tập thể lao động xuất sắc", "Cờ thi đua của Chính phủ"],
        }
    )
    proposal = started_proposal(demo, arranged)
    assert proposal.items.filter(person=None, title__code="CO_CP").exists()

    # No unit meets the Ministry flag's standard yet: 20% of 0 allows none.
    assert "government_flag_quota_exceeded" in {f.code for f in proposal_findings(proposal)}

    _acclaim(demo, arranged.unit)
    # One leader acclaimed: floor(20% × 1) = 0 still.
    assert "government_flag_quota_exceeded" in {f.code for f in proposal_findings(proposal)}

    rule_set = RuleSet.objects.get(code="A_2017")
    rule_set.params = {**rule_set.params, "government_flag_quota_percent": 100}
    rule_set.save()
    assert "government_flag_quota_exceeded" not in {f.code for f in proposal_findings(proposal)}
    rule_set.params = {**rule_set.params, "government_flag_quota_percent": None}
    rule_set.save()
    assert "government_flag_quota_exceeded" not in {f.code for f in proposal_findings(proposal)}
