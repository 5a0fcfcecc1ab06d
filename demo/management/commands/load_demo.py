from django.core.management.base import BaseCommand

from demo.loader import ACCOUNTS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the 2021 campaign, MONRE's units and staff, and the demo accounts (idempotent)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Accounts (password: {DEMO_PASSWORD}):")
        )
        for username, *_rest in ACCOUNTS:
            self.stdout.write(f"  {username}")
