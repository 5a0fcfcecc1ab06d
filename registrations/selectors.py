"""Reads of registrations, always scoped to what the user may see."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from units.models import Person
from units.roles import actor_for

from .models import IndividualTitleAim, Initiative, Registration


def registrations_visible_to(*, user) -> QuerySet[Registration]:
    """Everything for the Department, the Minister and administrators; a unit head's own only."""
    actor = actor_for(user)
    registrations = Registration.objects.select_related("campaign", "unit")
    if actor.is_reviewer or actor.is_minister or actor.is_administrator:
        return registrations
    if actor.is_unit_head:
        return registrations.filter(unit_id=actor.unit_id)
    return registrations.none()


def registration_get_for_user(*, user, pk: int) -> Registration:
    """The registration if the user may see it; 404 for missing and for not-yours alike."""
    registration = (
        registrations_visible_to(user=user)
        .prefetch_related(
            "targets__criterion",
            "collective_titles__title",
            Prefetch(
                "individual_titles",
                queryset=IndividualTitleAim.objects.select_related("title", "person"),
            ),
            Prefetch("initiatives", queryset=Initiative.objects.prefetch_related("authors")),
            "events__actor",
        )
        .filter(pk=pk)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def unit_staff(unit) -> QuerySet[Person]:
    return Person.objects.filter(unit=unit, is_active=True).order_by("-is_unit_head", "full_name")
