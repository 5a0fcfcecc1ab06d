from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emulation_portal.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Check a backup folder's checksums, then restore it into the configured database, "
        "which must be new and empty, and MEDIA_ROOT, which must be empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="a folder written by manage.py backup")
        parser.add_argument(
            "--check", action="store_true", help="only check the checksums; restore nothing"
        )

    def handle(self, *args, source, check, **options):
        try:
            if check:
                backup_verify(source)
                self.stdout.write(self.style.SUCCESS(f"{source} is complete and undamaged."))
                return
            missing = backup_restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for row in missing:
            self.stderr.write(f"{row.model} {row.pk}: {row.name} is missing")
        if missing:
            raise CommandError(
                f"Restored, but {len(missing)} files named in the database are missing."
            )
        self.stdout.write(self.style.SUCCESS(f"Restored {source}; every file is present."))
