"""Backing up and restoring the portal: the PostgreSQL database and MEDIA_ROOT together.

A backup is a folder holding ``db.dump`` (``pg_dump -Fc``), ``media.tar`` (every file under
MEDIA_ROOT) and ``SHA256SUMS`` (``sha256sum -c`` reads it). SHA256SUMS is written last, so a
folder without it is an interrupted backup.

The database is dumped first, then the files are copied: pg_dump reads one snapshot, and the
portal stores a file before the row naming it commits, so every file the dump names is on disk
when the copy starts. Files added meanwhile are copied too, unreferenced and harmless. Only a
file deleted during the backup (an evidence file removed from a draft) can be missing.
"""

import hashlib
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models

DUMP = "db.dump"
MEDIA = "media.tar"
SUMS = "SHA256SUMS"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupSummary:
    database: str
    dump_bytes: int
    media_files: int
    media_bytes: int


@dataclass(frozen=True)
class MissingFile:
    model: str
    pk: object
    name: str


def backup_write(output: Path) -> BackupSummary:
    """Dump the database, then copy MEDIA_ROOT, into ``output`` (a new or empty folder)."""
    flags, database, env = _client_arguments()
    output.mkdir(mode=0o700, parents=True, exist_ok=True)
    if any(output.iterdir()):
        raise BackupError(f"{output} is not empty: give each backup a folder of its own.")

    dump = output / DUMP
    _run(["pg_dump", "--format=custom", *flags, "--file", f"{dump}.part", database], env)
    Path(f"{dump}.part").rename(dump)

    media_files, media_bytes = _tar_media(output / MEDIA)

    sums = "".join(f"{_sha256(output / name)}  {name}\n" for name in (DUMP, MEDIA))
    (output / f"{SUMS}.part").write_text(sums)
    (output / f"{SUMS}.part").rename(output / SUMS)
    for name in (DUMP, MEDIA, SUMS):  # as private as the database: it holds password hashes
        (output / name).chmod(0o600)
    return BackupSummary(database, dump.stat().st_size, media_files, media_bytes)


def backup_verify(source: Path) -> None:
    """Check that the backup is complete and that neither file changed since it was written."""
    try:
        lines = (source / SUMS).read_text().splitlines()
    except FileNotFoundError:
        raise BackupError(f"{source / SUMS} is missing: the backup is incomplete.") from None
    expected = {}
    for line in lines:
        digest, _, name = line.partition("  ")
        expected[name] = digest
    for name in (DUMP, MEDIA):
        if name not in expected:
            raise BackupError(f"{SUMS} does not list {name}: the backup is incomplete.")
        if not (source / name).is_file():
            raise BackupError(f"{source / name} is missing.")
        if _sha256(source / name) != expected[name]:
            raise BackupError(f"{source / name} does not match its checksum: it is damaged.")


def backup_restore(source: Path) -> list[MissingFile]:
    """Restore a verified backup into the configured, empty database and MEDIA_ROOT.

    Returns the rows whose file the restored MEDIA_ROOT lacks (normally none)."""
    flags, database, env = _client_arguments()
    backup_verify(source)
    if connection.introspection.table_names():
        raise BackupError(
            f"The database {database} already has tables. Restore into a new, empty database "
            "(createdb), never over a live one."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore the files into an empty folder.")
    connection.close()

    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *flags,
            "--dbname",
            database,
            str(source / DUMP),
        ],
        env,
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA) as archive:
        archive.extractall(media_root, filter="data")
    return files_missing()


def files_missing() -> list[MissingFile]:
    """Every row of every model whose file field names a file its storage does not hold."""
    missing = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            rows = model._default_manager.exclude(**{field.name: ""}).values_list("pk", field.name)
            missing += [
                MissingFile(model._meta.label, pk, name)
                for pk, name in rows.iterator()
                if not field.storage.exists(name)
            ]
    return missing


def _client_arguments() -> tuple[list[str], str, dict]:
    """pg_dump's and pg_restore's connection flags, database name and environment, from the
    portal's own DATABASES setting (as ``manage.py dbshell`` builds psql's)."""
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups are made of PostgreSQL databases; DATABASE_URL points to "
            f"{connection.vendor}. (An SQLite database is one file: copy it with the portal "
            "stopped.)"
        )
    settings_dict = connection.settings_dict
    args, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    database = settings_dict["NAME"]
    flags = args[1:-1] if database else args[1:]  # without "psql" and the trailing name
    return flags, database, env or {}


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def _tar_media(target: Path) -> tuple[int, int]:
    """Copy every file under MEDIA_ROOT into an uncompressed tar (the files, PDFs, images and
    Office documents, are compressed already) with paths relative to MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT)
    files = total = 0
    part = Path(f"{target}.part")
    with tarfile.open(part, "w") as archive:
        for path in sorted(root.rglob("*")) if root.exists() else []:
            if not path.is_file():
                continue
            try:
                with path.open("rb") as handle:
                    info = archive.gettarinfo(
                        arcname=path.relative_to(root).as_posix(), fileobj=handle
                    )
                    archive.addfile(info, handle)
            except FileNotFoundError:  # deleted since the listing (see the module's note)
                continue
            files += 1
            total += info.size
    part.rename(target)
    return files, total


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()
