"""The catalogue of titles (reference data, synced as the demo does) and criteria."""

import factory
from factory.django import DjangoModelFactory

from criteria.models import Criterion, CriterionTarget, Title
from criteria.services import catalogue_sync


def title(code: str) -> Title:
    """A title of the catalogue, synced first if it is not there (a flushed database has no
    catalogue: the migrations' data went with the flush)."""
    found = Title.objects.filter(code=code).first()
    if found is None:
        catalogue_sync()
        found = Title.objects.get(code=code)
    return found


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    campaign = factory.SubFactory("tests.factories.campaigns.CampaignFactory")
    target = CriterionTarget.COLLECTIVE
    position = factory.Sequence(lambda n: n + 1)
    text = factory.LazyAttribute(lambda c: f"Hoàn thành xuất sắc nhiệm vụ số {c.position}")
    short_label = factory.LazyAttribute(lambda c: f"Nhiệm vụ {c.position}")
