from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone

from criteria.models import Criterion
from units.permissions import may
from units.roles import display_name

from .models import Campaign, CampaignKind, CampaignStatus
from .validators import KEY_DATE_FIELDS
from .workflow import CAMPAIGN_WORKFLOW, EDITABLE


def campaign_current() -> Campaign | None:
    """The launched regular campaign of the latest year (the one units work on now)."""
    return (
        Campaign.objects.filter(status=CampaignStatus.LAUNCHED, kind=CampaignKind.REGULAR)
        .order_by("-year")
        .first()
    )


def campaign_for_year(year: int) -> Campaign:
    """The regular campaign of ``year``; raises Campaign.DoesNotExist."""
    return Campaign.objects.get(year=year, kind=CampaignKind.REGULAR)


def campaign_with_letter(queryset=None):
    """Campaigns with every part of the letter prefetched (constant queries per page)."""
    queryset = queryset if queryset is not None else Campaign.objects.all()
    return queryset.prefetch_related(
        "contents",
        "tasks",
        "duties",
        Prefetch("criteria", queryset=Criterion.objects.order_by("target", "position")),
    )


@dataclass(frozen=True)
class KeyDateChange:
    at: datetime
    user: object  # the user who saved, None for the system (demo loader, import)
    changes: list[tuple[str, date, date]]  # (label, before, after)

    @property
    def user_name(self) -> str:
        return display_name(self.user)


def campaign_key_date_changes(campaign: Campaign) -> list[KeyDateChange]:
    """Every saved change of the campaign's key dates, newest first (one query)."""
    rows = (
        Campaign.history.filter(id=campaign.pk)
        .select_related("history_user")
        .only("history_id", "history_date", "history_user", *KEY_DATE_FIELDS)
        .order_by("history_date", "history_id")
    )
    labels = {field: Campaign._meta.get_field(field).verbose_name for field in KEY_DATE_FIELDS}
    changes, previous = [], None
    for row in rows:
        if previous is not None:
            changed = [
                (labels[field], getattr(previous, field), getattr(row, field))
                for field in KEY_DATE_FIELDS
                if getattr(previous, field) != getattr(row, field)
            ]
            if changed:
                changes.append(KeyDateChange(row.history_date, row.history_user, changed))
        previous = row
    return changes[::-1]


def campaign_events(campaign: Campaign):
    """The campaign's moves, oldest first, with who made them (one query)."""
    return campaign.events.select_related("actor").order_by("at", "pk")


def campaign_frame_initial() -> dict:
    """A new campaign's letter frame, taken from the latest campaign (the ministry, its
    document symbol, place, headings and signer are the same from year to year)."""
    latest = Campaign.objects.order_by("-year", "-pk").first()
    if latest is None:
        return {"year": timezone.localdate().year, "kind": CampaignKind.REGULAR}
    fields = (
        "issuing_body_parent",
        "issuing_body",
        "symbol",
        "place",
        "contents_heading",
        "tasks_heading",
        "criteria_heading",
        "collective_criteria_heading",
        "individual_criteria_heading",
        "implementation_heading",
        "signer_authority",
        "signer_title",
        "signer_name",
    )
    return {
        "year": latest.year + 1,
        "kind": CampaignKind.REGULAR,
        **{f: getattr(latest, f) for f in fields},
    }


def campaign_actions(user, campaign: Campaign) -> dict[str, bool]:
    """Which of the campaign's acts ``user`` may do now (the detail page's buttons)."""

    def can(to: str) -> bool:
        return CAMPAIGN_WORKFLOW.allows(campaign.status, to) and may(
            user, CAMPAIGN_WORKFLOW.rule_for(campaign.status, to), campaign
        )

    return {
        "edit": campaign.status in EDITABLE and may(user, "campaigns.edit_campaign", campaign),
        "submit": can(CampaignStatus.SUBMITTED),
        "decide": can(CampaignStatus.APPROVED),
        "launch": can(CampaignStatus.LAUNCHED),
        "close": can(CampaignStatus.CLOSED),
    }
