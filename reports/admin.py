from django.contrib import admin

from .models import GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "campaign",
        "kind",
        "version",
        "status",
        "requested_by",
        "requested_at",
        "finished_at",
    ]
    list_filter = ["kind", "status", "campaign"]
    readonly_fields = [
        "campaign",
        "kind",
        "version",
        "status",
        "progress",
        "file",
        "requested_by",
        "started_at",
        "finished_at",
        "error",
        "data_hash",
        "snapshot",
    ]

    def has_add_permission(self, request):
        return False
