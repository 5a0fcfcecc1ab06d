from .models import RuleSet, Title


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


def registrable_titles(recipient: str):
    """The titles units may aim for, emulation titles before forms of commendation, by rank.

    The one order of the editor's grid and of the Excel template's columns.
    """
    return Title.objects.filter(is_registrable=True, recipient=recipient).order_by(
        "-kind", "rank", "name"
    )
