from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from emulation_portal.admin import AppendOnlyAdmin, AppendOnlyTabularInline, NoRevertMixin
from emulation_portal.admin_imports import BoundedImportExportModelAdmin

from .models import (
    EmulationGroup,
    GroupMembership,
    Organisation,
    Person,
    PersonTitle,
    PersonYear,
    Signer,
    SubUnit,
    Unit,
    UnitTitle,
    UserRole,
)
from .resources import EmulationGroupResource, GroupMembershipResource, PersonResource, UnitResource
from .services import person_years_mark_review


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["unit"]


class SubUnitInline(admin.TabularInline):
    model = SubUnit
    extra = 0
    can_delete = False
    fields = ["position", "name", "kind", "is_active"]


@admin.register(Unit)
class UnitAdmin(BoundedImportExportModelAdmin):
    resource_classes = [UnitResource]
    list_display = ["name", "code", "unit_type", "province", "is_emulation_department", "is_active"]
    list_filter = ["unit_type", "is_active", "is_demo"]
    search_fields = ["name", "code", "short_name", "province"]
    inlines = [SubUnitInline]


@admin.register(EmulationGroup)
class EmulationGroupAdmin(BoundedImportExportModelAdmin):
    resource_classes = [EmulationGroupResource]
    list_display = ["name", "code", "kind", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "code"]
    inlines = [GroupMembershipInline]


@admin.register(GroupMembership)
class GroupMembershipAdmin(BoundedImportExportModelAdmin):
    resource_classes = [GroupMembershipResource]
    list_display = ["unit", "group", "year", "role"]
    list_filter = ["year", "role", "group__kind", "group"]
    search_fields = ["unit__name", "group__name"]
    autocomplete_fields = ["unit", "group"]


@admin.register(SubUnit)
class SubUnitAdmin(NoRevertMixin, SimpleHistoryAdmin):
    """A unit's sub-units; one named by an aim is protected, and is made inactive instead."""

    list_display = ["name", "unit", "kind", "position", "is_active"]
    list_filter = ["kind", "is_active", "unit__unit_type"]
    search_fields = ["name", "unit__name", "unit__code"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


# Awarded titles and yearly records are facts the rule checks read: those of the years before
# the portal (and titles decided elsewhere) may be entered here, with who entered them kept in
# the history; a saved one is never changed or deleted here (a title is corrected by a new
# decision, on the portal).


class PersonYearInline(AppendOnlyTabularInline):
    model = PersonYear


class PersonTitleInline(AppendOnlyTabularInline):
    model = PersonTitle


@admin.register(Person)
class PersonAdmin(BoundedImportExportModelAdmin):
    resource_classes = [PersonResource]
    list_display = ["full_name", "unit", "position", "recruited_on", "is_unit_head", "is_active"]
    list_filter = ["is_unit_head", "is_active", "unit__unit_type", "gender"]
    search_fields = ["full_name", "unit__name", "position"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "sub_unit"]
    inlines = [PersonYearInline, PersonTitleInline]


@admin.register(PersonYear)
class PersonYearAdmin(AppendOnlyAdmin):
    """A saved record stays as it is, but a review opens and closes during the year: two
    actions set ``pending_review``, each change kept in the record's history."""

    list_display = ["person", "year", "rating", "discipline", "pending_review"]
    list_filter = ["year", "rating", "discipline", "pending_review"]
    search_fields = ["person__full_name"]
    autocomplete_fields = ["person"]
    actions = ["open_review", "close_review"]

    @admin.action(description=_("Mark as under review (discipline, inspection, complaint)"))
    def open_review(self, request, queryset):
        person_years_mark_review(records=queryset, pending=True, actor=request.user)

    @admin.action(description=_("Mark the review as closed"))
    def close_review(self, request, queryset):
        person_years_mark_review(records=queryset, pending=False, actor=request.user)


@admin.register(PersonTitle)
class PersonTitleAdmin(AppendOnlyAdmin):
    list_display = ["person", "title", "year", "decision_number", "decision_date"]
    list_filter = ["year", "title"]
    search_fields = ["person__full_name", "decision_number"]
    autocomplete_fields = ["person"]


@admin.register(UnitTitle)
class UnitTitleAdmin(AppendOnlyAdmin):
    list_display = ["unit", "title", "year", "decision_number", "decision_date"]
    list_filter = ["year", "title"]
    search_fields = ["unit__name", "decision_number"]
    autocomplete_fields = ["unit"]


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["unit", "user"]


# The organisation the portal serves: one row, created by the migrations, edited here and never
# added or deleted; a signer who left is made inactive (the letters they signed keep their name).


class LinesField(forms.CharField):
    """A list of strings edited one per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


ORGANISATION_FIELDS = [
    "name",
    "parent_body",
    "abbreviation",
    "head_title",
    "department_name",
    "department_code",
    "department_head_title",
    "place",
    "addressees",
    "distribution_list",
    "superior_addressees",
    "functions_decree",
]


class OrganisationForm(forms.ModelForm):
    addressees = LinesField(
        label=_("default addressees (one per line)"),
        required=False,
        help_text=Organisation._meta.get_field("addressees").help_text,
    )
    distribution_list = LinesField(
        label=_("default distribution list (one per line)"),
        required=False,
        help_text=Organisation._meta.get_field("distribution_list").help_text,
    )
    superior_addressees = LinesField(
        label=_("addressees of the reports to the State (one per line)"),
        required=False,
        help_text=Organisation._meta.get_field("superior_addressees").help_text,
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS


class SignerInline(admin.TabularInline):
    model = Signer
    extra = 0
    can_delete = False
    fields = ["position", "title", "name", "authority", "body", "is_active"]


@admin.register(Organisation)
class OrganisationAdmin(NoRevertMixin, SimpleHistoryAdmin):
    form = OrganisationForm
    list_display = ["name", "abbreviation", "department_code", "place"]
    fields = ORGANISATION_FIELDS
    inlines = [SignerInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
