from django.contrib import admin

from emulation_portal.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import Acclamation, ScoreCorrection, ScoringItem, ScoringTable, UnitScore

# Read only here: every act goes through scoring/services/, so that published results stay as
# recorded and each change keeps who and when.


class ScoringItemInline(ReadOnlyTabularInline):
    model = ScoringItem
    fields = ["position", "text", "kind", "max_points", "guidance"]


@admin.register(ScoringTable)
class ScoringTableAdmin(ReadOnlyAdmin):
    list_display = ["group", "year", "version", "status", "method", "opened_at", "published_at"]
    list_filter = ["year", "status", "method", "group__kind"]
    search_fields = ["group__name", "group__code"]
    inlines = [ScoringItemInline]


@admin.register(UnitScore)
class UnitScoreAdmin(ReadOnlyAdmin):
    list_display = ["unit", "table", "status", "submitted_at", "checked_at", "checked_by"]
    list_filter = ["status", "table__year"]
    search_fields = ["unit__name", "table__group__name"]


@admin.register(Acclamation)
class AcclamationAdmin(ReadOnlyAdmin):
    list_display = ["table", "leader", "method", "ballots_for", "ballots_total", "recorded_at"]
    list_filter = ["method", "table__year"]
    search_fields = ["leader__name", "table__group__name"]


@admin.register(ScoreCorrection)
class ScoreCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["item_score", "points", "recorded_by", "recorded_at"]
