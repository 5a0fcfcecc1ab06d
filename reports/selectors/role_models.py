"""Role models (gương điển hình tiên tiến) for the reports to the Minister, DOMAIN.md §8.2 I.4.

The portal knows two kinds of example worth naming to the Minister:

- *people*: the staff whom an approved registration of the campaign puts forward for the
  Ministry's or the nation's emulation fighter title (CSTĐ cấp Bộ, CSTĐ toàn quốc), with the
  number of their initiatives in the campaign that have been recognised;
- *initiatives*: the campaign's initiatives recognised with a Ministry-wide or nationwide scope
  (approved registrations only), with their authors.

Two queries for the people and two for the initiatives (their authors prefetched), whatever
the number of units.
"""

from dataclasses import asdict, dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from criteria.eligibility import CSTD_BO, CSTD_TQ
from emulation_portal.collation import person_name_key, vietnamese_key
from registrations.models import IndividualTitleAim, Initiative, InitiativeStatus, Scope
from registrations.workflow import Status
from units.models import Person

ROLE_MODEL_TITLES = (CSTD_TQ, CSTD_BO)
WIDE_SCOPES = (Scope.NATIONAL, Scope.MINISTRY)


@dataclass
class RoleModelPerson:
    name: str
    position: str
    unit_name: str
    title_name: str
    recognised_initiatives: int


@dataclass
class RoleModelInitiative:
    title: str
    scope: str
    scope_label: str
    unit_name: str
    authors: str
    recognition_number: str


@dataclass
class RoleModels:
    people: list[RoleModelPerson]
    initiatives: list[RoleModelInitiative]

    def as_dict(self) -> dict:
        return {
            "people": [asdict(row) for row in self.people],
            "initiatives": [asdict(row) for row in self.initiatives],
        }


def _recognised_initiatives_of(campaign):
    """Per Person (OuterRef): their recognised initiatives in the campaign's approved
    registrations."""
    counts = (
        Initiative.objects.filter(
            authors=OuterRef("person"),
            registration__campaign=campaign,
            registration__status=Status.APPROVED,
            status=InitiativeStatus.RECOGNISED,
        )
        .order_by()
        .values("authors")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def role_model_people(campaign) -> list[RoleModelPerson]:
    aims = (
        IndividualTitleAim.objects.filter(
            registration__campaign=campaign,
            registration__status=Status.APPROVED,
            title__code__in=ROLE_MODEL_TITLES,
        )
        .annotate(recognised=_recognised_initiatives_of(campaign))
        .order_by()
        .values_list(
            "title__rank",
            "person__full_name",
            "person__position",
            "registration__unit__name",
            "title__name",
            "recognised",
        )
    )
    people = [(rank, RoleModelPerson(*row)) for rank, *row in aims]
    people.sort(
        key=lambda item: (
            -item[0],
            vietnamese_key(item[1].unit_name),
            person_name_key(item[1].name),
        )
    )
    return [person for _rank, person in people]


def role_model_initiatives(campaign) -> list[RoleModelInitiative]:
    labels = dict(Scope.choices)
    initiatives = (
        Initiative.objects.filter(
            registration__campaign=campaign,
            registration__status=Status.APPROVED,
            status=InitiativeStatus.RECOGNISED,
            scope__in=WIDE_SCOPES,
        )
        .select_related("registration__unit")
        .prefetch_related(Prefetch("authors", queryset=Person.objects.order_by()))
        .order_by()
    )
    scope_order = {scope: index for index, scope in enumerate(WIDE_SCOPES)}
    rows = [
        RoleModelInitiative(
            title=initiative.title,
            scope=initiative.scope,
            scope_label=str(labels[initiative.scope]),
            unit_name=initiative.registration.unit.name,
            authors=", ".join(
                sorted(
                    (author.full_name for author in initiative.authors.all()), key=person_name_key
                )
            ),
            recognition_number=initiative.recognition_number,
        )
        for initiative in initiatives
    ]
    return sorted(
        rows,
        key=lambda row: (
            scope_order[row.scope],
            vietnamese_key(row.unit_name),
            vietnamese_key(row.title),
        ),
    )


def role_models(campaign) -> RoleModels:
    return RoleModels(
        people=role_model_people(campaign), initiatives=role_model_initiatives(campaign)
    )
