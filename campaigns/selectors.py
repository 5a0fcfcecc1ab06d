from django.db.models import Prefetch

from criteria.models import Criterion

from .models import Campaign, CampaignKind, CampaignStatus


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
