"""Commendation: proposals, the council, decisions. Read only, except the council's members
(reference data): everything else changes through the pages and their services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from emulation_portal.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import (
    Ballot,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionItem,
    Proposal,
    ProposalEvent,
    ProposalItem,
)


@admin.register(CouncilMember)
class CouncilMemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "position", "role", "order", "is_active"]
    list_filter = ["role", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["full_name", "position"]


class ProposalItemInline(ReadOnlyTabularInline):
    model = ProposalItem
    fields = ["person", "title"]


class ProposalEventInline(ReadOnlyTabularInline):
    model = ProposalEvent
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["unit", "campaign", "status", "submitted_at", "decided_at"]
    list_filter = ["campaign", "status"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "campaign"]
    inlines = [ProposalItemInline, ProposalEventInline]


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "campaign", "status", "threshold_percent", "closed_at"]
    list_filter = ["campaign", "status"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["item", "session", "approvals", "members_count", "percent", "passed"]
    list_filter = ["session", "passed"]


class DecisionItemInline(ReadOnlyTabularInline):
    model = DecisionItem
    fields = ["position", "action", "title", "person", "unit", "year"]
    readonly_fields = fields


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "signed_on", "campaign", "corrects", "signer_name"]
    list_filter = ["campaign"]
    search_fields = ["number", "subject"]
    inlines = [DecisionItemInline]
