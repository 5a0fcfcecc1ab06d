"""Year-end facts of a unit: each person's rating and discipline for the year, and which
initiatives were recognised, by which decision, with what scope (Decree 13/2012). The
proposals' rule checks read them."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from registrations.services.registrations import registration_version_token
from units.models import Person, PersonYear
from units.permissions import may

from ..models import Initiative, InitiativeStatus, Registration


@dataclass
class StaffYear:
    person: Person
    rating: str
    discipline: str


def year_end_staff(registration: Registration) -> list[StaffYear]:
    """The unit's active staff with their rating and discipline for the campaign's year."""
    year = registration.campaign.year
    records = {
        record.person_id: record
        for record in PersonYear.objects.filter(person__unit_id=registration.unit_id, year=year)
    }
    return [
        StaffYear(
            person,
            getattr(records.get(person.pk), "rating", ""),
            getattr(records.get(person.pk), "discipline", ""),
        )
        for person in Person.objects.filter(unit_id=registration.unit_id, is_active=True)
    ]


@transaction.atomic
def year_end_facts_save(
    *,
    registration: Registration,
    actor,
    version: str,
    people: dict[int, tuple[str, str]],
    initiatives: dict[int, dict],
) -> int:
    """Write the year's ratings, disciplines and initiative recognitions; returns how many rows
    changed. ``people`` maps a person id to (rating, discipline); ``initiatives`` maps an
    initiative id to its status, recognition number and date, and scope. Only the unit's own
    staff and the registration's own initiatives are accepted; anything else refuses it all."""
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if not may(actor, "registrations.change_year_end_facts", locked):
        raise PermissionDenied
    if version != registration_version_token(locked):
        raise ApplicationError(
            _(
                "The year-end facts were changed after you opened them. Nothing was saved; "
                "reload the page and enter your changes again."
            )
        )
    year = locked.campaign.year
    staff = set(
        Person.objects.filter(unit_id=locked.unit_id, is_active=True).values_list("pk", flat=True)
    )
    own = {i.pk: i for i in Initiative.objects.filter(registration=locked)}
    if not set(people) <= staff or not set(initiatives) <= set(own):
        raise ApplicationError(
            _("The form holds a person or an initiative of another unit. Nothing was saved.")
        )
    for initiative_id, data in initiatives.items():
        recognised = data["status"] == InitiativeStatus.RECOGNISED
        if recognised and not (data["recognition_number"] and data["recognition_date"]):
            raise ApplicationError(
                _("“%(title)s” is recognised: give the number and date of the decision.")
                % {"title": own[initiative_id].title}
            )

    changed = 0
    records = {r.person_id: r for r in PersonYear.objects.filter(person_id__in=people, year=year)}
    for person_id, (rating, discipline) in people.items():
        record = records.get(person_id) or PersonYear(person_id=person_id, year=year)
        if record.pk and (record.rating, record.discipline) == (rating, discipline):
            continue
        if not record.pk and not (rating or discipline):
            continue
        record.rating, record.discipline = rating, discipline
        record._history_user = actor
        record.save()
        changed += 1
    for initiative_id, data in initiatives.items():
        initiative = own[initiative_id]
        recognised = data["status"] == InitiativeStatus.RECOGNISED
        values = {
            "status": data["status"],
            "scope": data["scope"],
            "recognition_number": data["recognition_number"] if recognised else "",
            "recognition_date": data["recognition_date"] if recognised else None,
        }
        if all(getattr(initiative, field) == value for field, value in values.items()):
            continue
        for field, value in values.items():
            setattr(initiative, field, value)
        initiative._history_user = actor
        initiative.save()
        changed += 1
    locked._history_user = actor
    locked.save(update_fields=["updated_at"])
    return changed
