"""Reads of the emulation blocs and clusters: the year the pages show, their order, who may
see a group, and the yearly rotation of head and deputy. Where the members' registrations
stand is read in registrations.group_selectors."""

from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404

from .models import EmulationGroup, GroupMembership, GroupRole
from .roles import actor_for


def groups_year(campaign) -> int | None:
    """The year the groups pages show: the campaign's, else the latest year with members."""
    if campaign is not None:
        return campaign.year
    return GroupMembership.objects.aggregate(year=Max("year"))["year"]


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def group_sort_key(group: EmulationGroup):
    """Kind, then the Roman numeral at the end of the code ("CUM-IX" after "CUM-V"), then code."""
    suffix = group.code.rsplit("-", 1)[-1].upper()
    number = 0
    if suffix and all(char in _ROMAN for char in suffix):
        values = [_ROMAN[char] for char in suffix]
        number = sum(
            -value if index + 1 < len(values) and value < values[index + 1] else value
            for index, value in enumerate(values)
        )
    return (group.kind, number, group.code)


def group_get_for_user(*, user, pk: int, year: int) -> EmulationGroup:
    """The group if the user may see it: the Department and the Minister any group, a unit head
    only the group their unit belongs to in ``year``; 404 for missing and not-yours alike."""
    actor = actor_for(user)
    groups = EmulationGroup.objects.filter(pk=pk)
    if actor.is_reader:
        pass
    elif actor.is_unit_head:
        groups = groups.filter(
            pk__in=GroupMembership.objects.filter(unit_id=actor.unit_id, year=year).values(
                "group_id"
            )
        )
    else:
        groups = groups.none()
    group = groups.first()
    if group is None:
        raise Http404
    return group


@dataclass
class RotationYear:
    year: int
    head: object = None  # Unit
    deputy: object = None  # Unit


def group_rotation(group: EmulationGroup) -> list[RotationYear]:
    """Head and deputy of the group for every year it had members, newest first (two queries)."""
    years = {
        year: RotationYear(year)
        for year in GroupMembership.objects.filter(group=group)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    }
    leaders = GroupMembership.objects.filter(
        group=group, role__in=(GroupRole.HEAD, GroupRole.DEPUTY)
    ).select_related("unit")
    for membership in leaders:
        setattr(years[membership.year], membership.role, membership.unit)
    return list(years.values())
