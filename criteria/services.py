"""Reference data of the law: keeps the title catalogue and the rule sets in the database."""

from django.db import transaction

from .catalogue import RULE_SETS, TITLES
from .models import RuleSet, Title


@transaction.atomic
def catalogue_sync() -> None:
    """Create the catalogue entries and rule sets that are missing; never overwrite edits."""
    for code, name, abbreviation, kind, recipient, level, rank, decided_by, source in TITLES:
        Title.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "abbreviation": abbreviation,
                "kind": kind,
                "recipient": recipient,
                "level": level,
                "rank": rank,
                "decided_by": decided_by,
                "legal_source": source,
            },
        )
    for code, data in RULE_SETS.items():
        RuleSet.objects.get_or_create(code=code, defaults=data)
