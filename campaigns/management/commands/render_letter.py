from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.letter import letter_pdf
from campaigns.models import Campaign
from campaigns.selectors import campaign_for_year, campaign_with_letter


class Command(BaseCommand):
    help = "Render a campaign's launch letter as an official PDF (Decree 30/2020 layout)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--output", default=None, help="Where to write the PDF.")

    def handle(self, *args, year, output, **options):
        try:
            campaign = campaign_with_letter().get(pk=campaign_for_year(year).pk)
        except Campaign.DoesNotExist as exc:
            raise CommandError(f"No regular campaign for {year}; run load_demo first.") from exc
        path = Path(output or f"letter-{year}.pdf")
        path.write_bytes(letter_pdf(campaign))
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size} bytes)"))
