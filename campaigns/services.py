"""Writes to campaigns: creating one from its letter, and its status changes."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from criteria.models import Criterion, CriterionTarget
from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from .letter_source import LetterParts
from .models import (
    Campaign,
    CampaignContent,
    CampaignKind,
    CampaignStatus,
    CampaignTask,
    ImplementationDuty,
)
from .validators import KEY_DATE_FIELDS, key_date_order_errors

CAMPAIGN_TRANSITIONS = {
    CampaignStatus.DRAFT: {CampaignStatus.LAUNCHED},
    CampaignStatus.LAUNCHED: {CampaignStatus.CLOSED},
    CampaignStatus.CLOSED: set(),
}


def _sync_items(model, campaign, texts, **extra):
    """Make the ordered items of one letter section equal ``texts`` (positions from 1)."""
    for position, text in enumerate(texts, start=1):
        model.objects.update_or_create(
            campaign=campaign, position=position, **extra, defaults={"text": text}
        )
    model.objects.filter(campaign=campaign, position__gt=len(texts), **extra).delete()


@transaction.atomic
def campaign_upsert_from_letter(
    *, year: int, name: str, issuing_body: str, parts: LetterParts, key_dates: dict[str, date]
) -> Campaign:
    """Create or update the regular campaign of ``year`` so that it holds the letter word for word.

    Key dates are set only when the campaign is created, so running it again changes nothing.
    """
    letter_fields = {
        "name": name,
        "theme": parts.theme,
        "issuing_body": issuing_body,
        "number": parts.number,
        "symbol": parts.symbol,
        "subject": parts.subject,
        "place": parts.place,
        "addressees": parts.addressees,
        "opening_paragraphs": parts.opening_paragraphs,
        "contents_heading": parts.headings["contents"],
        "tasks_heading": parts.headings["tasks"],
        "criteria_heading": parts.headings["criteria"],
        "collective_criteria_heading": parts.headings["collective"],
        "individual_criteria_heading": parts.headings["individual"],
        "implementation_heading": parts.headings["duties"],
        "closing_call": parts.closing_call,
        "distribution_list": parts.distribution_list,
        "signer_title": parts.signer_title,
        "signer_name": parts.signer_name,
    }
    campaign, created = Campaign.objects.get_or_create(
        year=year, kind=CampaignKind.REGULAR, defaults={**letter_fields, **key_dates}
    )
    if not created:
        changed = [f for f, v in letter_fields.items() if getattr(campaign, f) != v]
        for field in changed:
            setattr(campaign, field, letter_fields[field])
        if changed:
            campaign.save(update_fields=[*changed, "updated_at"])

    _sync_items(CampaignContent, campaign, parts.contents)
    _sync_items(CampaignTask, campaign, parts.tasks)
    _sync_items(ImplementationDuty, campaign, parts.duties)
    for target, texts in (
        (CriterionTarget.COLLECTIVE, parts.collective_criteria),
        (CriterionTarget.INDIVIDUAL, parts.individual_criteria),
        (CriterionTarget.UNIT_HEAD, parts.unit_head_criteria),
    ):
        _sync_items(Criterion, campaign, texts, target=target)
    return campaign


@transaction.atomic
def campaign_set_status(*, campaign: Campaign, status: str) -> Campaign:
    """Launch or close a campaign; refuses any other move."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == status:
        return campaign
    if status not in CAMPAIGN_TRANSITIONS[campaign.status]:
        raise ApplicationError(
            _("A campaign that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": campaign.get_status_display(),
                "target": CampaignStatus(status).label,
            }
        )
    campaign.status = status
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


@transaction.atomic
def campaign_key_dates_update(*, campaign: Campaign, dates: dict[str, date], actor) -> Campaign:
    """Set the campaign's key dates (registration deadline, reporting windows), recorded in the
    campaign's history with who and when. Refuses anyone but the Department (PermissionDenied)
    and dates out of order (ApplicationError); saves nothing when nothing changed."""
    if not may(actor, "campaigns.change_key_dates", campaign):
        raise PermissionDenied
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    values = {field: dates.get(field, getattr(locked, field)) for field in KEY_DATE_FIELDS}
    errors = key_date_order_errors(values)
    if errors:
        raise ApplicationError(" ".join(errors.values()))
    changed = [field for field in KEY_DATE_FIELDS if getattr(locked, field) != values[field]]
    if not changed:
        return locked
    if not locked.history.exists():
        # A campaign created before its history was kept: record how it stood first.
        Campaign.history.bulk_history_create([locked], default_date=locked.updated_at)
    for field in changed:
        setattr(locked, field, values[field])
    locked._history_user = actor
    locked.save(update_fields=[*changed, "updated_at"])
    return locked
