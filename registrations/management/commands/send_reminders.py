"""Send today's deadline reminders and the list of late units now, as Celery beat does daily."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from registrations.notifications import deadline_reminders_send, late_units_send


class Command(BaseCommand):
    help = (
        "Send the deadline reminders and the Department's list of late units for a day "
        "(today by default). Nothing already sent is sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for, as dd/mm/yyyy")

    def handle(self, *args, date=None, **options):
        day = None
        if date:
            try:
                day = datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError(f"--date must be dd/mm/yyyy, not {date!r}") from exc
        reminders = deadline_reminders_send(day)
        late_lists = late_units_send(day)
        self.stdout.write(f"Reminders sent: {reminders}. Lists of late units sent: {late_lists}.")
