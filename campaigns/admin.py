from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from criteria.models import Criterion
from emulation_portal.admin import NoRevertMixin

from .models import Campaign, CampaignContent, CampaignTask, ImplementationDuty
from .validators import KEY_DATE_FIELDS


class ContentInline(admin.TabularInline):
    model = CampaignContent
    extra = 0


class TaskInline(admin.TabularInline):
    model = CampaignTask
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class DutyInline(admin.TabularInline):
    model = ImplementationDuty
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(NoRevertMixin, SimpleHistoryAdmin):
    list_display = ["name", "year", "kind", "status", "registration_deadline"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["name", "theme", "subject"]
    readonly_fields = ["status"]
    inlines = [ContentInline, TaskInline, CriterionInline, DutyInline]

    def get_readonly_fields(self, request, obj=None):
        # Once the campaign exists its key dates are the Department's to move, on the portal's
        # page, which checks their order and keeps who moved them.
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, *KEY_DATE_FIELDS]

    fieldsets = [
        (None, {"fields": ["year", "kind", "name", "theme", "status"]}),
        (
            _("Launch letter"),
            {
                "fields": [
                    "issuing_body_parent",
                    "issuing_body",
                    "number",
                    "symbol",
                    "subject",
                    "place",
                    "issued_on",
                    "addressees",
                    "opening_paragraphs",
                    "closing_call",
                    "distribution_list",
                    "signer_authority",
                    "signer_title",
                    "signer_name",
                ]
            },
        ),
        (
            _("Section headings"),
            {
                "classes": ["collapse"],
                "fields": [
                    "contents_heading",
                    "tasks_heading",
                    "criteria_heading",
                    "collective_criteria_heading",
                    "individual_criteria_heading",
                    "implementation_heading",
                ],
            },
        ),
        (
            _("Key dates"),
            {
                "fields": [
                    "registration_deadline",
                    "midyear_opens_on",
                    "midyear_report_date",
                    "year_end_opens_on",
                    "year_end_report_date",
                ]
            },
        ),
        (_("Rules"), {"fields": ["rule_set_code", "unit_head_needs_leading_unit"]}),
    ]
