from .models import RuleSet


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
