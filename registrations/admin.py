from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CollectiveTitleAim,
    DeadlineExtension,
    Evidence,
    IndividualTitleAim,
    Initiative,
    ProgressReport,
    Registration,
    RegistrationEvent,
    ReviewerAssignment,
    SentNotification,
    Target,
    TargetResult,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TargetInline(ReadOnlyInline):
    model = Target


class CollectiveTitleInline(ReadOnlyInline):
    model = CollectiveTitleAim


class IndividualTitleInline(ReadOnlyInline):
    model = IndividualTitleAim


class EventInline(ReadOnlyInline):
    model = RegistrationEvent
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    """Read-only here: registrations change only through the unit's pages and the review."""

    list_display = ["unit", "campaign", "status", "version", "submitted_at", "decided_at"]
    list_filter = ["campaign", "status", "unit__unit_type"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "campaign"]
    readonly_fields = [
        "campaign",
        "unit",
        "status",
        "version",
        "submitted_at",
        "decided_at",
        "decided_by",
        "approved_snapshot",
    ]
    inlines = [TargetInline, CollectiveTitleInline, IndividualTitleInline, EventInline]

    def has_add_permission(self, request):
        return False


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "registration", "field", "scope", "status"]
    list_filter = ["scope", "status", "registration__campaign"]
    search_fields = ["title", "registration__unit__name"]
    readonly_fields = ["registration"]


class TargetResultInline(ReadOnlyInline):
    model = TargetResult


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["registration", "period", "status", "submitted_at"]
    list_filter = ["period", "status"]
    readonly_fields = [
        "registration",
        "period",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
    ]
    inlines = [TargetResultInline]

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "report", "size", "content_type", "uploaded_by", "uploaded_at"]
    readonly_fields = ["report", "file", "original_name", "size", "content_type", "uploaded_by"]


@admin.register(RegistrationEvent)
class RegistrationEventAdmin(admin.ModelAdmin):
    list_display = ["registration", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]
    readonly_fields = ["registration", "report", "from_status", "to_status", "actor", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "campaign", "until", "granted_by", "granted_at"]
    list_filter = ["campaign"]
    search_fields = ["unit__name", "reason"]
    autocomplete_fields = ["unit"]


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "campaign", "reviewer", "assigned_by", "assigned_at"]
    list_filter = ["campaign", "reviewer"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    """The log of e-mails sent: read only, it is what makes sending idempotent."""

    list_display = ["sent_at", "kind", "recipient", "unit", "subject"]
    list_filter = ["kind", "campaign"]
    search_fields = ["recipient", "subject", "unit__name"]
    readonly_fields = ["kind", "key", "recipient", "campaign", "unit", "subject", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
