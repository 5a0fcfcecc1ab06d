"""Generate a report to the Minister synchronously (the Celery job's code path)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from reports.models import ReportKind
from reports.services.reports import report_create, report_generate


class Command(BaseCommand):
    help = "Generate a new version of the six-month or year-end report of a campaign as PDF."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--output", help="Also copy the PDF to this path.")

    def handle(self, *args, year, kind, output=None, **options):
        campaign = Campaign.objects.filter(year=year).order_by("-pk").first()
        if campaign is None:
            raise CommandError(f"No campaign for {year}.")
        started = time.monotonic()
        report = report_create(campaign, kind)
        try:
            report = report_generate(report.pk)
        except Exception as error:
            raise CommandError(f"Report version {report.version} failed: {error}") from error
        if output:
            with report.file.open("rb") as source:
                Path(output).write_bytes(source.read())
        self.stdout.write(
            f"{report} done in {time.monotonic() - started:.1f} s: {report.file.name}"
            f" (sha256 {report.data_hash})" + (f" → {output}" if output else "")
        )
