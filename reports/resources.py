"""The sheets of the campaign workbook (django-import-export resources, export only).

Each resource exports rows that ``reports.exports`` reads in a fixed number of queries; the
review comments of the rows come in as dictionaries built in one query each, so a resource
never queries per row. Column headers are English msgids, shown in Vietnamese.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from emulation_portal.collation import person_name_key
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    Target,
    TargetResult,
)
from registrations.selectors.queue import reviewers
from registrations.selectors.results import completion_percent
from units.models import Unit, UnitType
from units.roles import display_name

from .selectors.dashboard import status_label


def local_naive(value: datetime | None) -> datetime | None:
    """Excel has no time zones: the local time, without its zone."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def joined(texts) -> str:
    return "\n".join(texts or ())


class NativeWidget(widgets.Widget):
    """Keeps numbers, dates and blanks as they are, so that Excel sees numbers and dates."""

    def render(self, value, obj=None, **kwargs):
        return value


def _field(attribute, column_name):
    return fields.Field(
        attribute=attribute, column_name=column_name, readonly=True, widget=NativeWidget()
    )


class CommentsResource(resources.ModelResource):
    """A resource whose rows carry the Department's comments, given as ``comments``: a dict
    from a key of the row (see ``comments_key``) to the texts, oldest first."""

    def __init__(self, comments=None, **kwargs):
        super().__init__(**kwargs)
        self.comments = comments or {}

    def comments_key(self, row):
        raise NotImplementedError

    def dehydrate_comments(self, row):
        return joined(self.comments.get(self.comments_key(row)))


class UnitStatusResource(resources.ModelResource):
    """One row per registering unit: where its registration stands.

    Rows come from ``registrations.queue.units_for_review``, optionally annotated with
    ``last_comment`` (see ``reports.exports``); without ``reviewer_names`` the reviewers' names
    are read in one query.
    """

    code = _field("code", gettext_lazy("Code"))
    name = _field("name", gettext_lazy("Unit"))
    unit_type = _field("unit_type", gettext_lazy("Type of unit"))
    group = _field("group_name", gettext_lazy("Bloc or cluster"))
    status = _field("registration_status", gettext_lazy("Registration status"))
    submitted_at = _field("submitted_at", gettext_lazy("Submitted at"))
    deadline = _field("deadline", gettext_lazy("Deadline"))
    days_late = _field("is_late", gettext_lazy("Days late"))
    reviewer = _field("reviewer_id", gettext_lazy("Reviewer"))
    last_comment = _field("last_comment", gettext_lazy("Last review comment"))

    class Meta:
        model = Unit
        fields = (
            "code",
            "name",
            "unit_type",
            "group",
            "status",
            "submitted_at",
            "deadline",
            "days_late",
            "reviewer",
            "last_comment",
        )
        export_order = fields

    def __init__(self, reviewer_names=None, today: date | None = None, **kwargs):
        super().__init__(**kwargs)
        if reviewer_names is None:
            reviewer_names = {user.pk: display_name(user) for user in reviewers()}
        self.reviewer_names = reviewer_names
        self.today = today or timezone.localdate()

    def dehydrate_unit_type(self, unit):
        return str(UnitType(unit.unit_type).label)

    def dehydrate_group(self, unit):
        return unit.group_name or ""

    def dehydrate_status(self, unit):
        return status_label(unit.registration_status)

    def dehydrate_submitted_at(self, unit):
        return local_naive(unit.submitted_at)

    def dehydrate_deadline(self, unit):
        return unit.deadline

    def dehydrate_days_late(self, unit):
        return (self.today - unit.deadline).days if unit.is_late else None

    def dehydrate_reviewer(self, unit):
        return self.reviewer_names.get(unit.reviewer_id, "")

    def dehydrate_last_comment(self, unit):
        return getattr(unit, "last_comment", None) or ""


class RegistrationItemResource(CommentsResource):
    """Columns every item of a registration starts with: the unit and the review status."""

    unit_code = _field("registration__unit__code", gettext_lazy("Code"))
    unit_name = _field("registration__unit__name", gettext_lazy("Unit"))
    status = _field("registration__status", gettext_lazy("Review status"))
    comments = _field("pk", gettext_lazy("Review comments"))

    def dehydrate_status(self, item):
        return status_label(item.registration.status)

    def comments_key(self, item):
        return item.pk


class TargetResource(RegistrationItemResource):
    position = _field("position", gettext_lazy("No."))
    criterion = _field("criterion", gettext_lazy("Criterion"))
    description = _field("description", gettext_lazy("Target"))
    planned_value = _field("planned_value", gettext_lazy("Planned value"))
    measure = _field("measure", gettext_lazy("Measure"))
    due_date = _field("due_date", gettext_lazy("Due date"))

    class Meta:
        model = Target
        fields = (
            "unit_code",
            "unit_name",
            "status",
            "position",
            "criterion",
            "description",
            "planned_value",
            "measure",
            "due_date",
            "comments",
        )
        export_order = fields

    def dehydrate_criterion(self, target):
        return str(target.criterion) if target.criterion else ""


class CollectiveTitleResource(RegistrationItemResource):
    """The comments on the collective titles are those of the registration as a whole; a
    blank sub-unit is the unit itself."""

    sub_unit = _field("sub_unit__name", gettext_lazy("Sub-unit"))
    title = _field("title__name", gettext_lazy("Title"))

    class Meta:
        model = CollectiveTitleAim
        fields = ("unit_code", "unit_name", "status", "sub_unit", "title", "comments")
        export_order = fields

    def comments_key(self, aim):
        return aim.registration_id


class IndividualTitleResource(RegistrationItemResource):
    person = _field("person__full_name", gettext_lazy("Staff member"))
    position = _field("person__position", gettext_lazy("Position"))
    title = _field("title__name", gettext_lazy("Title"))

    class Meta:
        model = IndividualTitleAim
        fields = ("unit_code", "unit_name", "status", "person", "position", "title", "comments")
        export_order = fields

    def comments_key(self, aim):
        return (aim.registration_id, aim.person_id)


class InitiativeResource(RegistrationItemResource):
    title = _field("title", gettext_lazy("Initiative"))
    initiative_field = _field("field", gettext_lazy("Field"))
    scope = _field("scope", gettext_lazy("Scope"))
    initiative_status = _field("status", gettext_lazy("Status of the initiative"))
    authors = _field("pk", gettext_lazy("Authors"))

    class Meta:
        model = Initiative
        fields = (
            "unit_code",
            "unit_name",
            "status",
            "title",
            "initiative_field",
            "scope",
            "initiative_status",
            "authors",
            "comments",
        )
        export_order = fields

    def dehydrate_scope(self, initiative):
        return initiative.get_scope_display()

    def dehydrate_initiative_status(self, initiative):
        return initiative.get_status_display()

    def dehydrate_authors(self, initiative):
        names = (author.full_name for author in initiative.authors.all())
        return ", ".join(sorted(names, key=person_name_key))


class TargetResultResource(CommentsResource):
    unit_code = _field("report__registration__unit__code", gettext_lazy("Code"))
    unit_name = _field("report__registration__unit__name", gettext_lazy("Unit"))
    period = _field("report__period", gettext_lazy("Period"))
    status = _field("report__status", gettext_lazy("Review status"))
    target = _field("target__description", gettext_lazy("Target"))
    planned_value = _field("target__planned_value", gettext_lazy("Planned value"))
    actual_value = _field("actual_value", gettext_lazy("Actual value"))
    measure = _field("target__measure", gettext_lazy("Measure"))
    completion = _field("pk", gettext_lazy("Completion (%)"))
    assessment = _field("assessment", gettext_lazy("Assessment"))
    comments = _field("pk", gettext_lazy("Review comments"))

    class Meta:
        model = TargetResult
        fields = (
            "unit_code",
            "unit_name",
            "period",
            "status",
            "target",
            "planned_value",
            "actual_value",
            "measure",
            "completion",
            "assessment",
            "comments",
        )
        export_order = fields

    def dehydrate_period(self, result):
        return result.report.get_period_display()

    def dehydrate_status(self, result):
        return status_label(result.report.status)

    def dehydrate_completion(self, result):
        return completion_percent(result.actual_value, result.target.planned_value)

    def comments_key(self, result):
        return (result.report_id, result.target_id)


def sheet_titles() -> dict[str, str]:
    """The workbook's sheet names in the active language."""
    return {
        "summary": _("Summary"),
        "units": _("Units"),
        "targets": _("Targets"),
        "collective_titles": _("Collective titles"),
        "individual_titles": _("Individual titles"),
        "initiatives": _("Initiatives"),
        "results": _("Results"),
    }
