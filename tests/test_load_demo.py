import io

from django.apps import apps
from django.core.management import call_command

from campaigns.models import Campaign
from criteria.models import CriterionTarget
from registrations.models import Registration
from registrations.workflow import Status
from tests.letter_text import normalise, seed_paragraphs
from units.models import EmulationGroup, Unit, UnitType


def _campaign_text(campaign: Campaign) -> str:
    """The campaign's stored letter, each part numbered as the letter numbers it."""
    numbered = [
        f"{item.position}. {item.text}"
        for related in (campaign.contents, campaign.tasks)
        for item in related.order_by("position")
    ]
    parts = [
        f"Số: {campaign.reference}",
        campaign.subject,
        campaign.date_line,
        "Kính gửi:",
        *campaign.addressees,
        *campaign.opening_paragraphs,
        f"I. {campaign.contents_heading}",
        f"II. {campaign.tasks_heading}",
        f"III. {campaign.criteria_heading}",
        f"1. {campaign.collective_criteria_heading}",
        f"2. {campaign.individual_criteria_heading}",
        f"IV. {campaign.implementation_heading}",
        *numbered,
        *(item.text for item in campaign.duties.all()),
        *(criterion.text for criterion in campaign.criteria.all()),
        campaign.closing_call,
        "Nơi nhận:",
        *campaign.distribution_list,
        campaign.signer_title,
        campaign.signer_name,
    ]
    return normalise(" | ".join(parts))


def _snapshot():
    """Every row of every project model, as values, to compare two runs."""
    rows = {}
    for app_label in (
        "campaigns",
        "criteria",
        "units",
        "scoring",
        "registrations",
        "awards",
        "reports",
        "auth",
    ):
        for model in apps.get_app_config(app_label).get_models():
            values = model.objects.order_by("pk").values()
            rows[model._meta.label] = [
                {k: v for k, v in row.items() if k not in ("updated_at", "last_login")}
                for row in values
            ]
    return rows


def test_load_demo_holds_every_paragraph_of_the_letter_word_for_word(demo):
    campaign = Campaign.objects.get(year=2021)
    text = _campaign_text(campaign)

    missing = [p for p in seed_paragraphs() if p not in text]

    assert missing == []
    assert campaign.criteria.filter(target=CriterionTarget.COLLECTIVE).count() == 5
    assert campaign.criteria.filter(target=CriterionTarget.INDIVIDUAL).count() == 5
    assert campaign.criteria.filter(target=CriterionTarget.UNIT_HEAD).count() == 1
    assert (campaign.number, campaign.issued_on) == ("", None)


def test_load_demo_is_idempotent(demo):
    before = _snapshot()

    call_command("load_demo", stdout=io.StringIO())

    assert _snapshot() == before


def test_load_demo_builds_units_groups_staff_and_every_status(demo):
    assert Unit.objects.filter(unit_type=UnitType.PROVINCIAL_DEPARTMENT).count() == 63
    assert Unit.objects.filter(unit_type=UnitType.MINISTRY_UNIT).count() >= 25
    assert Unit.objects.filter(is_emulation_department=True).count() == 1
    assert EmulationGroup.objects.filter(memberships__year=2021).distinct().count() >= 10
    assert all(unit.group_memberships.filter(year=2021).count() == 1 for unit in Unit.objects.all())
    assert min(u.staff.count() for u in Unit.objects.all()) >= 20
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Unit.objects.filter(registrations__isnull=True).exists()  # some have not started


def test_load_demo_creates_the_demo_accounts(demo):
    assert set(demo) == {"unit_head", "unit_head2", "reviewer", "reviewer2", "minister", "admin"}
    assert all(user.check_password("demo12345") for user in demo.values())
    unit_head2 = demo["unit_head2"].portal_role.unit
    assert unit_head2.unit_type == UnitType.PROVINCIAL_DEPARTMENT
    assert demo["unit_head"].portal_role.unit.unit_type == UnitType.MINISTRY_UNIT
    assert demo["admin"].is_superuser
