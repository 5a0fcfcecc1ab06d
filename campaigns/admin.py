from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from criteria.models import Criterion
from emulation_portal.admin import ReadOnlyHistoryAdmin, ReadOnlyTabularInline

from .models import Campaign, CampaignContent, CampaignTask, ImplementationDuty


class ContentInline(ReadOnlyTabularInline):
    model = CampaignContent


class TaskInline(ReadOnlyTabularInline):
    model = CampaignTask


class CriterionInline(ReadOnlyTabularInline):
    model = Criterion


class DutyInline(ReadOnlyTabularInline):
    model = ImplementationDuty


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyHistoryAdmin):
    """The campaign as the Department made it, read only: it is drafted, approved, launched
    and closed on the portal's pages, which keep each move with who and when, and an
    approved letter is never edited (it is amended by a letter of its own)."""

    list_display = ["name", "year", "kind", "status", "registration_deadline"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["name", "theme", "subject"]
    inlines = [ContentInline, TaskInline, CriterionInline, DutyInline]

    fieldsets = [
        (None, {"fields": ["year", "kind", "name", "theme", "status", "version"]}),
        (
            _("Addressees and window"),
            {
                "fields": [
                    "addresses_all_units",
                    "addressed_units",
                    "addressed_groups",
                    "starts_on",
                    "ends_on",
                ]
            },
        ),
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
        (
            _("Life"),
            {
                "fields": [
                    "submitted_at",
                    "approved_at",
                    "approved_by",
                    "launched_at",
                    "closed_at",
                ]
            },
        ),
    ]
