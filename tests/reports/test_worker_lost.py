"""A real Celery worker killed with ``kill -9`` in the middle of a report: its message was never
acknowledged, so another worker receives it again and makes the report; no partial file is left.

Runs on PostgreSQL and Redis (the workers are separate processes on the test database), with
the visibility timeout and the heartbeat's limit shortened to seconds."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from campaigns.selectors import campaign_current
from reports.models import GeneratedReport, ReportKind, ReportStatus
from reports.services.reports import report_create
from tests.conftest import require
from tests.factories import scenarios

from .test_generated_reports import check_pdf, redis_up

ROOT = Path(__file__).resolve().parents[2]
SHORT = {
    "CELERY_BROKER_VISIBILITY_TIMEOUT": "4",
    "PORTAL_REPORT_LOST_AFTER_SECONDS": "4",
    "PORTAL_REPORT_HEARTBEAT_SECONDS": "1",
}


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def _start_worker(queue: str, media: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, **SHORT, "DATABASE_URL": _database_url()}
    env["DJANGO_SETTINGS_MODULE"] = "emulation_portal.settings.test"
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reports.worker_process", queue, str(media)],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the pool's child dies with it
    )


def _wait_for(condition, seconds: float, what: str, worker: subprocess.Popen, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and worker.poll() is None:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"{what} within {seconds} s; worker log:\n{log.read_text()[-4000:]}")


def _kill(worker: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_report_whose_worker_is_killed_at_50_percent_is_made_by_another_worker(
    small_db, tmp_path, settings
):
    require(connection.vendor == "postgresql", "the workers share the PostgreSQL test database")
    require(redis_up(), "Redis is not running on 127.0.0.1:6379")
    from emulation_portal.celery import app
    from reports.tasks import generate_report_task

    scenarios.small_portal()
    campaign = campaign_current()
    report = report_create(campaign, ReportKind.YEAR_END)
    queue = f"test-worker-lost-{uuid.uuid4().hex[:8]}"
    media, log = tmp_path / "worker-media", tmp_path / "workers.log"
    folder = media / "reports" / str(campaign.year)
    settings.MEDIA_ROOT = media

    def row():
        return GeneratedReport.objects.get(pk=report.pk)

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    first = second = None
    try:
        first = _start_worker(queue, media, log)
        generate_report_task.apply_async((report.pk,), queue=queue)
        _wait_for(
            lambda: (lambda r: r.status == ReportStatus.RUNNING and r.progress >= 50)(row()),
            90,
            "the first worker did not reach 50%",
            first,
            log,
        )
        _kill(first)

        killed = row()
        assert (killed.status, killed.progress) == (ReportStatus.RUNNING, 50)
        assert not killed.file
        assert not folder.exists() or list(folder.iterdir()) == []  # nothing half written

        time.sleep(4)  # the message stays unacknowledged past the visibility timeout
        second = _start_worker(queue, media, log)
        done = _wait_for(
            lambda: (lambda r: r if r.status == ReportStatus.DONE else None)(row()),
            90,
            "the second worker did not make the report",
            second,
            log,
        )
    finally:
        app.conf.task_always_eager = eager
        for worker in (first, second):
            if worker is not None:
                _kill(worker)

    assert done.attempts == 2
    assert done.progress == 100
    check_pdf(done, campaign)
    assert [path.name for path in folder.iterdir()] == [done.file.name.rsplit("/", 1)[-1]]
