"""The Department's review queue: every registering unit with where its registration and its
results stand, filtered, sorted and paginated in a fixed number of queries."""

from datetime import date

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registrations.selectors.deadlines import (
    NOT_STARTED,
    UNSENT,
    registering_units,
    unit_deadline_expression,
)
from units.models import EmulationGroup, GroupMembership, Role, Unit, UnitType
from units.roles import display_name

from ..models import (
    Period,
    ProgressReport,
    Registration,
    ReviewerAssignment,
)
from ..workflow import Status

STATUS_CHOICES = [(NOT_STARTED, _("Not started")), *Status.choices]


def units_for_review(campaign, today: date | None = None) -> QuerySet[Unit]:
    """The units that register for ``campaign``, each annotated with its registration's and
    results' ids and statuses, its deadline (extension included), its group for the year,
    its reviewer and whether it is late."""
    today = today or timezone.localdate()
    registration = Registration.objects.filter(campaign=campaign, unit=OuterRef("pk")).order_by()

    def report(period):
        return ProgressReport.objects.filter(
            registration__campaign=campaign, registration__unit=OuterRef("pk"), period=period
        ).order_by()

    assignment = ReviewerAssignment.objects.filter(
        campaign=campaign, unit=OuterRef("pk")
    ).order_by()
    membership = GroupMembership.objects.filter(unit=OuterRef("pk"), year=campaign.year).order_by()
    return (
        registering_units()
        .annotate(
            registration_id=Subquery(registration.values("pk")[:1]),
            registration_status=Coalesce(
                Subquery(registration.values("status")[:1]), Value(NOT_STARTED)
            ),
            submitted_at=Subquery(registration.values("submitted_at")[:1]),
            six_month_id=Subquery(report(Period.SIX_MONTH).values("pk")[:1]),
            six_month_status=Coalesce(
                Subquery(report(Period.SIX_MONTH).values("status")[:1]), Value(NOT_STARTED)
            ),
            year_end_id=Subquery(report(Period.YEAR_END).values("pk")[:1]),
            year_end_status=Coalesce(
                Subquery(report(Period.YEAR_END).values("status")[:1]), Value(NOT_STARTED)
            ),
            deadline=unit_deadline_expression(campaign),
            reviewer_id=Subquery(assignment.values("reviewer_id")[:1]),
            group_id=Subquery(membership.values("group_id")[:1]),
            group_name=Subquery(membership.values("group__name")[:1]),
        )
        .annotate(
            is_late=Case(
                When(Q(deadline__lt=today, registration_status__in=UNSENT), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def reviewers():
    return (
        get_user_model()
        .objects.filter(portal_role__role=Role.REVIEWER, is_active=True)
        .order_by("last_name", "first_name", "username")
    )


class LatenessWidget(django_filters.widgets.BooleanWidget):
    """Late or not; blank means either (django-filter's blank reads "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Late")), ("false", _("Not late"))]


class ReviewQueueFilter(django_filters.FilterSet):
    """The queue's filters; ``status`` reads the results' status when a ``period`` is chosen."""

    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    period = django_filters.ChoiceFilter(
        choices=Period.choices,
        method="filter_nothing",
        label=_("Submission"),
        empty_label=_("Registration"),
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label=_("Status"), empty_label=_("All")
    )
    group = django_filters.ModelChoiceFilter(
        queryset=EmulationGroup.objects.order_by("kind", "name"),
        field_name="group_id",
        label=_("Bloc or cluster"),
        empty_label=_("All"),
    )
    unit_type = django_filters.ChoiceFilter(
        choices=UnitType.choices, label=_("Type of unit"), empty_label=_("All")
    )
    reviewer = django_filters.ModelChoiceFilter(
        queryset=reviewers(), field_name="reviewer_id", label=_("Reviewer"), empty_label=_("All")
    )
    late = django_filters.BooleanFilter(
        field_name="is_late", label=_("Late"), widget=LatenessWidget
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("name", "unit"),
            ("registration_status", "status"),
            ("submitted_at", "submitted"),
            ("deadline", "deadline"),
        ),
        # Each direction said in words (django-filter's own is "… (descending)", in English).
        field_labels={
            "name": _("Unit, A to Z"),
            "-unit": _("Unit, Z to A"),
            "registration_status": _("Status, in the workflow's order"),
            "-status": _("Status, in reverse order"),
            "submitted_at": _("Submission, oldest first"),
            "-submitted": _("Submission, newest first"),
            "deadline": _("Deadline, earliest first"),
            "-deadline": _("Deadline, latest first"),
        },
        label=_("Sort by"),
        empty_label=_("Oldest submission first"),
    )

    class Meta:
        model = Unit
        fields = ["q", "period", "status", "group", "unit_type", "reviewer", "late"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["reviewer"].queryset = reviewers()
        for name, field in self.form.fields.items():
            css = "form-control" if name == "q" else "form-select"
            field.widget.attrs["class"] = f"{css} {css}-sm"
        self.form.fields["q"].widget.attrs["placeholder"] = _("Unit name or code")
        self.form.fields["reviewer"].label_from_instance = display_name

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__iexact=value)
        )

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_status(self, queryset, name, value):
        field = {
            Period.SIX_MONTH: "six_month_status",
            Period.YEAR_END: "year_end_status",
        }.get(self.data.get("period"), "registration_status")
        return queryset.filter(**{field: value})
