"""Where the members of the blocs and clusters stand with their registrations: per group, how
many registrations stand in each status and how many are late; per member, its registration
and deadline. A fixed number of queries per page."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from registrations.selectors.deadlines import NOT_STARTED, UNSENT, unit_deadline_expression
from units.group_selectors import group_sort_key
from units.models import EmulationGroup, GroupMembership, GroupRole

from ..models import Registration
from ..workflow import Status

# The order statuses are counted and shown in.
STATUS_ORDER = ("approved", "submitted", "amending", "returned", "draft", NOT_STARTED)
STATUS_LABELS = {**dict(Status.choices), NOT_STARTED: _("Not started")}


def _registration_annotations(campaign):
    """Annotations for a queryset of memberships: the member's registration and deadline."""
    registration = Registration.objects.filter(campaign=campaign, unit=OuterRef("unit_id"))
    return {
        "registration_id": Subquery(registration.values("pk")[:1]),
        "registration_status": Coalesce(
            Subquery(registration.values("status")[:1]), Value(NOT_STARTED)
        ),
        "submitted_at": Subquery(registration.values("submitted_at")[:1]),
        "deadline": unit_deadline_expression(campaign, unit=OuterRef("unit_id")),
    }


def _late(today: date) -> Q:
    return Q(registration_status__in=UNSENT, deadline__lt=today)


@dataclass
class GroupRow:
    group: EmulationGroup
    head: object = None  # Unit
    deputy: object = None  # Unit
    n_members: int = 0
    n_late: int = 0
    counts: dict = field(default_factory=dict)  # status -> number of members

    @property
    def segments(self) -> list[dict]:
        """The progress bar's parts in STATUS_ORDER: status, label, count, start and width in
        percent of the members."""
        segments, start = [], 0.0
        for status in STATUS_ORDER:
            count = self.counts.get(status, 0)
            if count and self.n_members:
                width = 100 * count / self.n_members
                segments.append(
                    {
                        "status": status,
                        "label": STATUS_LABELS[status],
                        "count": count,
                        "start": round(start, 2),
                        "width": round(width, 2),
                    }
                )
                start += width
        return segments

    @property
    def n_sent(self):
        return self.n_members - sum(self.counts.get(status, 0) for status in UNSENT)


def groups_overview(*, year: int, campaign, today: date) -> dict[str, list[GroupRow]]:
    """Every group with members in ``year``: head, deputy, number of members and how many
    registrations stand in each status (and how many are late), by kind (three queries)."""
    groups = sorted(
        EmulationGroup.objects.filter(memberships__year=year).distinct(), key=group_sort_key
    )
    rows = {group.pk: GroupRow(group=group) for group in groups}
    leaders = GroupMembership.objects.filter(
        year=year, role__in=(GroupRole.HEAD, GroupRole.DEPUTY)
    ).select_related("unit")
    for membership in leaders:
        setattr(rows[membership.group_id], membership.role, membership.unit)
    if campaign is not None:
        per_status = (
            GroupMembership.objects.filter(year=year)
            .annotate(**_registration_annotations(campaign))
            .values("group_id", "registration_status")
            .annotate(n=Count("pk"), n_late=Count("pk", filter=_late(today)))
            .order_by()
        )
        for line in per_status:
            row = rows[line["group_id"]]
            row.counts[line["registration_status"]] = line["n"]
            row.n_members += line["n"]
            row.n_late += line["n_late"]
    else:
        for line in (
            GroupMembership.objects.filter(year=year)
            .values("group_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            rows[line["group_id"]].n_members = line["n"]
    by_kind: dict[str, list[GroupRow]] = {}
    for group in groups:
        by_kind.setdefault(group.kind, []).append(rows[group.pk])
    return by_kind


def group_members(*, group: EmulationGroup, year: int, campaign, today: date) -> list:
    """The group's members in ``year`` (head, deputy, then by name), each with its
    registration's id, status, submission time, deadline (extension included), ``is_late`` and
    ``days_late`` (one query)."""
    members: QuerySet = (
        GroupMembership.objects.filter(group=group, year=year)
        .select_related("unit")
        .order_by("unit__name")
    )
    if campaign is not None:
        members = members.annotate(**_registration_annotations(campaign))
    members = list(members)
    role_order = {GroupRole.HEAD: 0, GroupRole.DEPUTY: 1, GroupRole.MEMBER: 2}
    members.sort(key=lambda m: (role_order.get(m.role, 3), m.unit.name))
    for member in members:
        status = getattr(member, "registration_status", NOT_STARTED)
        member.status_label = STATUS_LABELS.get(status, status)
        deadline = getattr(member, "deadline", None)
        member.is_late = bool(deadline and status in UNSENT and deadline < today)
        member.days_late = (today - deadline).days if member.is_late else 0
        member.is_extended = bool(
            deadline and campaign is not None and deadline > campaign.registration_deadline
        )
    return members
