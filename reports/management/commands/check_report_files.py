"""List every generated report whose PDF is missing from storage; exit status 1 if any is."""

import sys

from django.core.management.base import BaseCommand

from reports.models import GeneratedReport


class Command(BaseCommand):
    help = (
        "List every generated report whose file is missing from storage (exit status 1 if "
        "any is): generate it again from the dashboard, or restore the file from the backup."
    )

    def handle(self, *args, **options):
        reports = GeneratedReport.objects.exclude(file="").select_related("campaign")
        reports = reports.order_by("campaign__year", "kind", "version")
        checked, missing = 0, []
        for report in reports.iterator():
            checked += 1
            if not report.file.storage.exists(report.file.name):
                missing.append(report)
        for report in missing:
            self.stdout.write(
                f"#{report.pk}\t{report.campaign.year}\t{report.kind}\tv{report.version}\t"
                f"{report.get_status_display()}\t{report.file.name}"
            )
        if missing:
            self.stderr.write(f"{len(missing)} of {checked} report files are missing.")
            sys.exit(1)
        self.stdout.write(f"All {checked} report files are in storage.")
