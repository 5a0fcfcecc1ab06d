from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .catalogue import RULE_SETS
from .models import RuleSet, Title

# What each parameter of a rule set means, as the Department reads it on the rule sets' page.
PARAM_LABELS = {
    "ldtt_min_months_recruited": _("LĐTT: months worked in the year, at least"),
    "cstdcs_requires_initiative": _("CSTĐCS: an initiative recognised is required"),
    "cstdcs_excellent_rating_suffices": _(
        "CSTĐCS: an “excellently completed” rating stands in for an initiative"
    ),
    "cstdcs_quota_percent": _("CSTĐCS: at most this share of the unit's LĐTT (%)"),
    "cstdcs_quota_minimum": _("CSTĐCS: allowed whatever the share, up to"),
    "cstd_bo_consecutive_cstdcs": _("CSTĐ cấp Bộ: consecutive CSTĐCS years"),
    "cstd_tq_consecutive_cstd_bo": _("CSTĐ toàn quốc: consecutive CSTĐ cấp Bộ titles"),
    "ttldtt_min_ldtt_percent": _("TTLĐTT: share of staff with LĐTT, at least (%)"),
    "ttldxs_min_ldtt_percent": _("TTLĐXS: share of staff with LĐTT, at least (%)"),
    "ttldxs_min_cstdcs": _("TTLĐXS: staff with CSTĐCS, at least"),
    "council_threshold_percent": _("Council ballot: share of all members needed (%)"),
    "government_flag_quota_percent": _("Government's emulation flag: at most this share (%)"),
    "pending_review_blocks_awards": _(
        "No award or proposal while discipline, an inspection or a complaint is pending"
    ),
}


@dataclass(frozen=True)
class RuleSetRow:
    rule_set: RuleSet
    params: list[tuple[str, object]]  # (label, value) in PARAM_LABELS' order


def rule_sets_table() -> list[RuleSetRow]:
    """Every rule set by its years, with the parameters that differ between them labelled:
    the table that decides which rules a campaign's year is checked against."""
    return [
        RuleSetRow(
            rule_set=rule_set,
            params=[
                (label, rule_set.params[key])
                for key, label in PARAM_LABELS.items()
                if key in rule_set.params
            ],
        )
        for rule_set in RuleSet.objects.order_by("first_year")
    ]


def rule_set_for(campaign) -> RuleSet:
    """The campaign's override, else the rule set whose years cover the campaign's year."""
    if campaign.rule_set_code:
        return RuleSet.objects.get(code=campaign.rule_set_code)
    return (
        RuleSet.objects.filter(first_year__lte=campaign.year)
        .exclude(last_year__lt=campaign.year)
        .order_by("-first_year")
        .first()
    )


def rule_set_rules(rule_set: RuleSet) -> tuple[dict, dict]:
    """The rule set's ``params`` and ``sources`` as saved, over the catalogue's values for the
    same code: a rule set saved before a parameter existed reads the catalogue's (an edit
    always wins, ``criteria.services.catalogue_sync`` never overwrites one)."""
    catalogue = RULE_SETS.get(rule_set.code, {})
    return (
        {**catalogue.get("params", {}), **rule_set.params},
        {**catalogue.get("sources", {}), **rule_set.sources},
    )


def rule_set_label(rule_set: RuleSet) -> str:
    """ "Luật TĐKT 06/2022/QH15, … (2024–)": a rule set as people choose it, by name and years."""
    last = rule_set.last_year or ""
    return f"{rule_set.name} ({rule_set.first_year}–{last})"


def registrable_titles(recipient: str):
    """The titles units may aim for, emulation titles before forms of commendation, by rank.

    The one order of the editor's grid and of the Excel template's columns.
    """
    return Title.objects.filter(is_registrable=True, recipient=recipient).order_by(
        "-kind", "rank", "name"
    )
