"""A backup restored into a scratch database and an empty media folder serves the same
registrations and the same files as the portal it was taken from, run with the commands the
README gives (manage.py backup, createdb, manage.py restore). PostgreSQL only."""

import hashlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from campaigns.selectors import campaign_current
from registrations.models import Evidence, Period, Registration
from registrations.services.registrations import registration_transition
from registrations.services.results import evidence_add, report_start
from registrations.workflow import Status
from reports.models import GeneratedReport, ReportKind
from reports.services.reports import report_create, report_generate

from .conftest import require

PROJECT = Path(__file__).resolve().parent.parent
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def portal_state() -> dict:
    """What the portal serves: every registration, every stored file's checksum, and the
    pages and downloads of the unit head's registration, evidence and reports as the portal's
    own views answer them. Runs in this process and, restored, in `manage.py shell`."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import models
    from django.test import Client

    registrations = sorted(
        [unit_code, status]
        for unit_code, status in Registration.objects.values_list("unit__code", "status")
    )
    files = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                for pk, name in model._default_manager.exclude(**{field.name: ""}).values_list(
                    "pk", field.name
                ):
                    files.append([model._meta.label, pk, name, _stored_sha256(field.storage, name)])

    users = {u.username: u for u in get_user_model().objects.all()}
    client = Client(raise_request_exception=False)
    answers = {}
    client.force_login(users["unit_head2"])
    registration = Registration.objects.get(unit=users["unit_head2"].portal_role.unit)
    page = client.get(reverse("registrations:detail", args=[registration.pk]))
    answers["registration"] = [page.status_code, registration.unit.name in page.text]
    for evidence in Evidence.objects.order_by("pk"):
        download = client.get(reverse("registrations:evidence_download", args=[evidence.pk]))
        answers[f"evidence {evidence.pk}"] = _answer(download)
    client.force_login(users["reviewer"])
    for report in GeneratedReport.objects.exclude(file="").order_by("pk"):
        download = client.get(reverse("reports:report_file", args=[report.pk]))
        answers[f"report {report.pk}"] = _answer(download)
    return {"registrations": registrations, "files": sorted(files), "answers": answers}


def print_portal_state() -> None:
    print(json.dumps(portal_state()))


def _stored_sha256(storage, name):
    try:
        with storage.open(name, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return "missing"


def _answer(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [response.status_code, hashlib.sha256(body).hexdigest()]


def _database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    credentials = f"{quote(db['USER'], safe='')}{password}@" if db["USER"] else ""
    return f"postgres://{credentials}{db['HOST'] or ''}:{db['PORT'] or 5432}/{name}"


def _portal_env(database: str, media_root: Path) -> dict:
    """The environment of an operator's shell: the portal's settings, pointed at a database
    and a media folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": _database_url(database),
        "DJANGO_MEDIA_ROOT": str(media_root),
    }


def _run(command: list[str], env: dict, cwd: Path = PROJECT) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _manage(*args: str, env: dict) -> str:
    return _run([sys.executable, "manage.py", *args], env)


def _pg_flags() -> list[str]:
    args, _env = connection.client.settings_to_cmd_args_env(connection.settings_dict, [])
    return args[1:-1]  # the connection flags, without "psql" and the database name


@pytest.fixture
def scratch_database():
    """A new, empty database, as `createdb` makes it, dropped afterwards."""
    name = f"test_portal_restore_{secrets.token_hex(4)}"
    _run(["createdb", *_pg_flags(), name], dict(os.environ))
    yield name
    _run(["dropdb", "--force", "--if-exists", *_pg_flags(), name], dict(os.environ))


@pytest.fixture
def portal_with_files(demo):
    """The demo, with evidence uploaded by unit_head2 and a six-month report generated."""
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    registration.refresh_from_db()
    report = report_start(
        registration=registration, period=Period.SIX_MONTH, actor=demo["unit_head2"]
    )
    evidence_add(
        report=report,
        actor=demo["unit_head2"],
        uploaded_file=SimpleUploadedFile("Biên bản kiểm tra.pdf", PDF_BYTES),
    )
    report_generate(report_create(campaign_current(), ReportKind.SIX_MONTH).pk)
    return registration


# Committed, so that pg_dump sees it (pytest-django flushes the database afterwards and the
# `demo` fixture loads the demo again for any later transactional test). Unlike the other
# transactional tests it keeps the whole demo rather than tests.factories' small portal: what
# is backed up and restored should be a realistic portal, every app's tables filled (history,
# awards, scoring, the letter), so that a restore failing on some table's rows shows here.
# `postgresql` comes first: on SQLite the test is skipped before the demo is loaded again.
@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_serves_the_same_registrations_and_files(
    postgresql, portal_with_files, scratch_database, tmp_path
):
    media_root = Path(django_settings.MEDIA_ROOT)
    original = portal_state()
    evidence = Evidence.objects.get(report__registration=portal_with_files)
    assert original["answers"][f"evidence {evidence.pk}"] == [
        200,
        hashlib.sha256(PDF_BYTES).hexdigest(),
    ]
    assert {label for label, *_rest in original["files"]} == {
        "registrations.Evidence",
        "reports.GeneratedReport",
    }
    assert len(original["registrations"]) == Registration.objects.count() > 1
    assert original["answers"]["registration"] == [200, True]
    assert {status for status, _sha in original["answers"].values()} == {200}

    backup = tmp_path / "backup"
    _manage("backup", str(backup), env=_portal_env(connection.settings_dict["NAME"], media_root))
    assert _run(["sha256sum", "-c", "SHA256SUMS"], dict(os.environ), cwd=backup).count(": OK") == 2
    restored_env = _portal_env(scratch_database, tmp_path / "restored-media")
    _manage("restore", str(backup), env=restored_env)

    restored = _manage(
        "shell",
        "-c",
        "from tests.test_backup_restore import print_portal_state; print_portal_state()",
        env=restored_env,
    )
    assert json.loads(restored.strip().splitlines()[-1]) == original


def _backup_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "db.dump").write_bytes(b"dump")
    (folder / "media.tar").write_bytes(b"tar")
    return folder


def _write_sums(folder: Path) -> None:
    (folder / "SHA256SUMS").write_text(
        "".join(
            f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n"
            for name in ("db.dump", "media.tar")
        )
    )


def test_an_interrupted_or_damaged_backup_is_refused(tmp_path):
    folder = _backup_folder(tmp_path / "backup")
    with pytest.raises(CommandError, match="incomplete"):
        call_command("restore", folder, check=True)

    _write_sums(folder)
    call_command("restore", folder, check=True)
    (folder / "media.tar").write_bytes(b"tar, changed")
    with pytest.raises(CommandError, match=r"media\.tar does not match its checksum"):
        call_command("restore", folder, check=True)


@pytest.mark.django_db
def test_a_restore_never_writes_over_a_database_with_tables(tmp_path, settings):
    require(
        connection.vendor == "postgresql",
        "backups are of PostgreSQL databases: set DATABASE_URL=postgres://…",
    )
    folder = _backup_folder(tmp_path / "backup")
    _write_sums(folder)
    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore", folder)
    assert not Path(settings.MEDIA_ROOT).exists()
