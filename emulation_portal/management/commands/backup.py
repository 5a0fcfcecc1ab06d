from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emulation_portal.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump) and then MEDIA_ROOT into a new folder: db.dump, "
        "media.tar and SHA256SUMS."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="a new or empty folder")

    def handle(self, *args, output, **options):
        try:
            summary = backup_write(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.database} ({summary.dump_bytes:,} bytes) and "
                f"{summary.media_files:,} files ({summary.media_bytes:,} bytes) to {output}."
            )
        )
