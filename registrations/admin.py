"""Registrations, their reports and everything the units and the Department sent: read only
here. They change only through the portal's pages and services, which ask the actor's role and
keep the events and history."""

from django.contrib import admin

from emulation_portal.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin, ReadOnlyTabularInline

from .models import (
    CollectiveTitleAim,
    DeadlineExtension,
    Evidence,
    IndividualTitleAim,
    Initiative,
    Notice,
    ProgressReport,
    Registration,
    RegistrationEvent,
    ReviewerAssignment,
    SentNotification,
    Target,
    TargetResult,
)


class TargetInline(ReadOnlyTabularInline):
    model = Target


class CollectiveTitleInline(ReadOnlyTabularInline):
    model = CollectiveTitleAim


class IndividualTitleInline(ReadOnlyTabularInline):
    model = IndividualTitleAim


class EventInline(ReadOnlyTabularInline):
    model = RegistrationEvent
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["unit", "campaign", "status", "version", "submitted_at", "decided_at"]
    list_filter = ["campaign", "status", "unit__unit_type"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "campaign"]
    inlines = [TargetInline, CollectiveTitleInline, IndividualTitleInline, EventInline]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "registration", "field", "scope", "status"]
    list_filter = ["scope", "status", "registration__campaign"]
    search_fields = ["title", "registration__unit__name"]


class TargetResultInline(ReadOnlyTabularInline):
    model = TargetResult


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ["registration", "period", "status", "submitted_at"]
    list_filter = ["period", "status"]
    inlines = [TargetResultInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyHistoryAdmin):
    list_display = ["original_name", "report", "size", "content_type", "uploaded_by", "uploaded_at"]


@admin.register(RegistrationEvent)
class RegistrationEventAdmin(ReadOnlyAdmin):
    list_display = ["registration", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["unit", "campaign", "until", "granted_by", "granted_at"]
    list_filter = ["campaign"]
    search_fields = ["unit__name", "reason"]


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["unit", "campaign", "reviewer", "assigned_by", "assigned_at"]
    list_filter = ["campaign", "reviewer"]
    search_fields = ["unit__name", "unit__code"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """The notices given in the portal, and when their recipient read them."""

    list_display = ["created_at", "kind", "recipient", "unit", "campaign", "read_at"]
    list_filter = ["kind", "campaign"]
    search_fields = ["recipient__username", "unit__name", "text"]


@admin.register(SentNotification)
class SentNotificationAdmin(ReadOnlyAdmin):
    """The log of e-mails sent: it is what makes sending idempotent."""

    list_display = ["sent_at", "kind", "recipient", "unit", "subject"]
    list_filter = ["kind", "campaign"]
    search_fields = ["recipient", "subject", "unit__name"]
