"""A scratch PostgreSQL database for ``make bench``, beside the one DATABASE_URL names (which
is never touched): dropped and created empty, its URL printed."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Create (empty) or drop the scratch database <current name>_<suffix> on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["recreate", "drop"])
        parser.add_argument("--suffix", required=True, help="e.g. bench_1")
        parser.add_argument("--url", required=True, help="the DATABASE_URL it is derived from")

    def handle(self, *args, action, suffix, url, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Scratch databases are made on PostgreSQL only.")
        name = f"{settings.DATABASES['default']['NAME']}_{suffix}"
        quoted = connection.ops.quote_name(name)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            if action == "recreate":
                cursor.execute(f"CREATE DATABASE {quoted}")
        parts = urlsplit(url)
        self.stdout.write(urlunsplit(parts._replace(path=f"/{name}")))
