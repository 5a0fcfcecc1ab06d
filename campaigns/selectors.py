import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Prefetch, Q
from django.utils import timezone

from criteria.models import Criterion
from emulation_portal.official_dates import date_words
from units.models import GroupMembership, Unit
from units.permissions import may
from units.roles import display_name
from units.selectors import letter_signer, organisation

from .models import (
    AmendmentKind,
    AmendmentStatus,
    Campaign,
    CampaignAmendment,
    CampaignKind,
    CampaignStatus,
)
from .validators import KEY_DATE_FIELDS
from .workflow import AMENDMENT_EDITABLE, AMENDMENT_WORKFLOW, CAMPAIGN_WORKFLOW, EDITABLE


def campaign_current() -> Campaign | None:
    """The launched regular campaign of the latest year (the one units work on now)."""
    return (
        Campaign.objects.filter(status=CampaignStatus.LAUNCHED, kind=CampaignKind.REGULAR)
        .order_by("-year")
        .first()
    )


def _addressable_units():
    """The units a campaign can address: every active unit but the Department, which runs it."""
    return Unit.objects.filter(is_active=True, is_emulation_department=False)


def addressed_units(campaign: Campaign):
    """The units ``campaign`` addresses (a queryset): every unit, or the units it names and the
    members, in the campaign's year, of the blocs and clusters it names."""
    units = _addressable_units()
    if campaign.addresses_all_units:
        return units
    members = GroupMembership.objects.filter(
        group__in=campaign.addressed_groups.all(), year=campaign.year
    ).values("unit_id")
    return units.filter(Q(pk__in=campaign.addressed_units.all()) | Q(pk__in=members))


def campaign_addresses(campaign: Campaign, unit) -> bool:
    """Whether ``campaign`` addresses ``unit`` (a Unit or its id; None addresses nothing)."""
    if unit is None:
        return False
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    return addressed_units(campaign).filter(pk=unit_id).exists()


def campaigns_addressing(unit, queryset=None):
    """The campaigns of ``queryset`` (default all) that address ``unit``, in one query."""
    queryset = queryset if queryset is not None else Campaign.objects.all()
    if unit is None or not unit.is_active or unit.is_emulation_department:
        return queryset.none()
    return queryset.filter(
        Q(addresses_all_units=True)
        | Q(addressed_units=unit)
        | Q(addressed_groups__memberships__unit=unit, addressed_groups__memberships__year=F("year"))
    ).distinct()


def campaigns_open_for_unit(unit) -> list[Campaign]:
    """The launched campaigns that address ``unit``: the yearly ones first (latest year
    first), then the thematic ones by their window (one query)."""
    launched = Campaign.objects.filter(status=CampaignStatus.LAUNCHED)
    campaigns = list(campaigns_addressing(unit, launched))
    regular = sorted(
        (c for c in campaigns if c.kind == CampaignKind.REGULAR), key=lambda c: -c.year
    )
    thematic = sorted(
        (c for c in campaigns if c.kind != CampaignKind.REGULAR),
        key=lambda c: (c.starts_on or date.max, c.ends_on or date.max, c.pk),
    )
    return [*regular, *thematic]


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


def _punctuated(lines: list[str]) -> list[str]:
    """A list as the letter prints it: each line ends with ";", the last with "."."""
    out = []
    for i, line in enumerate(line.strip() for line in lines):
        if line and line[-1] not in ";.:,":
            line += "." if i == len(lines) - 1 else ";"
        out.append(line)
    return out


def campaign_issuer(org=None) -> dict:
    """The issuer block of a letter written now: the organisation's current name, parent and
    the symbol of its department's letters."""
    org = org or organisation()
    return {
        "issuing_body_parent": org.header_parent,
        "issuing_body": org.header_name,
        "symbol": org.letter_symbol,
    }


def campaign_organisation_defaults() -> dict:
    """What a new campaign's letter takes from the organisation's data: the issuer block, the
    place, the signer, the addressees and the distribution list (two queries)."""
    org = organisation()
    signer = letter_signer(org)
    return {
        **campaign_issuer(org),
        "place": org.place,
        "addressees": _punctuated(org.addressees),
        "distribution_list": _punctuated(org.distribution_list),
        "signer_authority": signer.authority_line if signer else "",
        "signer_title": signer.title_line if signer else org.head_title.upper(),
        "signer_name": signer.name if signer else "",
    }


def campaign_frame_initial() -> dict:
    """A new campaign's letter: the organisation's data (issuer, place, signer, addressees,
    distribution list) and the latest campaign's headings, for the year after it."""
    initial = {"kind": CampaignKind.REGULAR, **campaign_organisation_defaults()}
    latest = Campaign.objects.order_by("-year", "-pk").first()
    if latest is None:
        return {"year": timezone.localdate().year, **initial}
    headings = (
        "contents_heading",
        "tasks_heading",
        "criteria_heading",
        "collective_criteria_heading",
        "individual_criteria_heading",
        "implementation_heading",
    )
    return {"year": latest.year + 1, **initial, **{f: getattr(latest, f) for f in headings}}


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


# --- After approval: the signed scan and the amending letters ---------------------------------


def campaign_signed_scans(campaign: Campaign) -> list:
    """The letter's signed scans, newest (the one in force) first, with who attached them."""
    return list(campaign.signed_scans.select_related("uploaded_by").order_by("-uploaded_at", "-pk"))


def campaign_amendments(user, campaign: Campaign) -> list[CampaignAmendment]:
    """The campaign's amending letters that ``user`` may read, oldest first (one query)."""
    amendments = list(campaign.amendments.order_by("created_at", "pk"))
    for amendment in amendments:
        amendment.campaign = campaign  # the rules read it: no query per row
    return [a for a in amendments if may(user, "campaigns.view_amendment", a)]


def _in_a_sentence(body: str) -> str:
    """A body's name as a sentence writes it: BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG becomes Bộ Tài
    nguyên và Môi trường (each part of the name, after "Bộ", "và" or a comma, capitalised)."""
    words, out, capital = body.lower().split(), [], True
    for word in words:
        out.append(word[:1].upper() + word[1:] if capital else word)
        capital = word in ("bộ", "và", "sở") or word.endswith(",")
    return " ".join(out)


def amendment_reference_paragraph(campaign: Campaign, kind: str = AmendmentKind.ADJUSTMENT):
    """ "Tiếp theo Công văn số 12/BTNMT-TĐKTTT ngày 05 tháng 3 năm 2027 của Bộ … về việc …,
    Bộ … điều chỉnh như sau:" (the Department may reword it)."""
    org = organisation()
    # The letter's issuer as it signed then (the ministry may have been renamed since); the
    # amending letter's issuer is the organisation as it is now.
    then = org.name if campaign.issuing_body == org.header_name else None
    issuer = then or _in_a_sentence(campaign.issuing_body)
    subject = re.sub(r"^\s*V/v\s+", "", campaign.subject)
    dated = f" {date_words(campaign.issued_on)}" if campaign.issued_on else ""
    verb = "bổ sung" if kind == AmendmentKind.SUPPLEMENT else "điều chỉnh"
    return (
        f"Tiếp theo Công văn số {campaign.reference}{dated} của {issuer} về việc {subject}, "
        f"{org.name} {verb} như sau:"
    )


def amendment_initial(campaign: Campaign) -> dict:
    """A new amending letter: the original letter's issuer, symbol, place, addressees,
    distribution list and signer, and the sentence that refers to it."""
    return {
        "kind": AmendmentKind.ADJUSTMENT,
        "issuing_body_parent": organisation().header_parent,
        "issuing_body": organisation().header_name,
        "symbol": campaign.symbol,
        "place": campaign.place,
        "subject": "V/v điều chỉnh ",
        "addressees": campaign.addressees,
        "reference_paragraph": amendment_reference_paragraph(campaign),
        "paragraphs": [],
        "distribution_list": campaign.distribution_list,
        "signer_authority": campaign.signer_authority,
        "signer_title": campaign.signer_title,
        "signer_name": campaign.signer_name,
    }


def amendment_events(amendment: CampaignAmendment):
    """The amending letter's moves, oldest first, with who made them (one query)."""
    return amendment.events.select_related("actor").order_by("at", "pk")


def amendment_actions(user, amendment: CampaignAmendment) -> dict[str, bool]:
    """Which of the amending letter's acts ``user`` may do now."""

    def can(to: str) -> bool:
        return AMENDMENT_WORKFLOW.allows(amendment.status, to) and may(
            user, AMENDMENT_WORKFLOW.rule_for(amendment.status, to), amendment
        )

    return {
        "edit": amendment.status in AMENDMENT_EDITABLE
        and may(user, "campaigns.edit_amendment", amendment),
        "submit": can(AmendmentStatus.SUBMITTED),
        "decide": can(AmendmentStatus.APPROVED),
    }
