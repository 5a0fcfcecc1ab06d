"""Spreadsheet exports of the Department's lists (django-import-export)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from registrations.selectors.queue import STATUS_CHOICES
from units.models import UnitType


class QueueResource(resources.Resource):
    """One row per unit of the review queue, as filtered on the page."""

    code = fields.Field(attribute="code", column_name=_("Code"))
    name = fields.Field(attribute="name", column_name=_("Unit"))
    unit_type = fields.Field(attribute="unit_type", column_name=_("Type of unit"))
    group = fields.Field(attribute="group_name", column_name=_("Bloc or cluster"))
    status = fields.Field(attribute="registration_status", column_name=_("Registration"))
    submitted = fields.Field(attribute="submitted_at", column_name=_("Submitted at"))
    deadline = fields.Field(attribute="deadline", column_name=_("Deadline"))
    late = fields.Field(attribute="is_late", column_name=_("Late"))
    six_month = fields.Field(attribute="six_month_status", column_name=_("Six-month results"))
    year_end = fields.Field(attribute="year_end_status", column_name=_("Year-end results"))

    labels = dict(STATUS_CHOICES)

    def dehydrate_unit_type(self, unit):
        return str(UnitType(unit.unit_type).label)

    def dehydrate_status(self, unit):
        return str(self.labels[unit.registration_status])

    def dehydrate_six_month(self, unit):
        return str(self.labels[unit.six_month_status])

    def dehydrate_year_end(self, unit):
        return str(self.labels[unit.year_end_status])

    def dehydrate_submitted(self, unit):
        # As the page shows it: in the portal's time zone (Asia/Ho_Chi_Minh), not UTC.
        if not unit.submitted_at:
            return ""
        return timezone.localtime(unit.submitted_at).strftime("%d/%m/%Y %H:%M")

    def dehydrate_deadline(self, unit):
        return unit.deadline.strftime("%d/%m/%Y")

    def dehydrate_late(self, unit):
        return str(_("Yes")) if unit.is_late else ""
