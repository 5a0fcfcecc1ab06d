from django.contrib import admin

from .models import Criterion, RuleSet, Title


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "target", "position"]
    list_filter = ["campaign", "target"]
    search_fields = ["text", "short_label"]


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "recipient", "level", "rank", "is_registrable"]
    list_filter = ["kind", "recipient", "level", "is_registrable"]
    search_fields = ["name", "code", "abbreviation"]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "first_year", "last_year"]
