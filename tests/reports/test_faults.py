"""Report jobs under faults: the broker down when a report is started, a worker lost in the
middle of a job, a file gone from storage. Nothing ends in a 500 or a job stuck for good."""

import io
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reports.models import GeneratedReport, ReportKind, ReportStatus
from reports.services.reports import lost_reports_recover, report_create, report_generate
from reports.tasks import recover_report_jobs

from .test_generated_reports import check_pdf

pytestmark = pytest.mark.django_db

BROKER_DOWN_MESSAGE = "Máy chủ hàng đợi tạm thời không liên lạc được"


def _running(report, *, heartbeat_age: timedelta, attempts: int = 1, progress: int = 50):
    beat = timezone.now() - heartbeat_age
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING,
        progress=progress,
        attempts=attempts,
        started_at=beat,
        heartbeat_at=beat,
    )


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_report_is_recorded_and_made_once_the_broker_is_back(
    small_portal, client, broker_down
):
    campaign = small_portal["campaign"]
    client.force_login(small_portal["reviewer"])

    started = time.monotonic()
    response = client.post(reverse("reports:report_request"), {"kind": "six_month"}, follow=True)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed < 5
    page = response.content.decode()
    assert BROKER_DOWN_MESSAGE in page
    assert 'data-testid="job-waiting-for-broker"' in page  # and on its row of the dashboard
    report = GeneratedReport.objects.get()
    assert (report.status, report.enqueued_at) == (ReportStatus.QUEUED, None)
    assert lost_reports_recover() == 0  # still down: the job stays queued, nothing fails

    broker_down()  # the broker is back: beat's next run hands the job to a worker
    assert recover_report_jobs.delay().get() == 1

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    check_pdf(report, campaign)
    assert recover_report_jobs.delay().get() == 0

    response = client.post(reverse("reports:report_request"), {"kind": "year_end"}, follow=True)
    assert BROKER_DOWN_MESSAGE not in response.content.decode()
    again = GeneratedReport.objects.get(kind=ReportKind.YEAR_END)
    assert again.enqueued_at is not None
    assert again.status == ReportStatus.DONE


def test_a_running_job_whose_heartbeat_stopped_is_queued_again_and_made(demo, campaign):
    lost = report_create(campaign, ReportKind.SIX_MONTH)
    busy = report_create(campaign, ReportKind.YEAR_END)
    lost_after = timedelta(seconds=django_settings.PORTAL_REPORT_LOST_AFTER_SECONDS)
    _running(lost, heartbeat_age=lost_after + timedelta(seconds=5))
    _running(busy, heartbeat_age=timedelta(seconds=5))

    # The live job is left to its worker, by the sweep and by a second delivery of its task.
    assert report_generate(busy.pk).status == ReportStatus.RUNNING
    assert recover_report_jobs.apply().get() == 1

    lost.refresh_from_db()
    busy.refresh_from_db()
    assert (busy.status, busy.progress) == (ReportStatus.RUNNING, 50)
    assert lost.status == ReportStatus.DONE
    assert lost.attempts == 2
    assert lost.version == 1
    check_pdf(lost, campaign)


def test_lost_jobs_are_found_within_a_few_minutes(settings):
    assert 60 <= settings.PORTAL_REPORT_LOST_AFTER_SECONDS <= 5 * 60
    assert settings.PORTAL_REPORT_HEARTBEAT_SECONDS * 3 <= settings.PORTAL_REPORT_LOST_AFTER_SECONDS
    entry = settings.CELERY_BEAT_SCHEDULE["reports-stale"]
    assert entry["task"] == "reports.tasks.recover_report_jobs"
    assert entry["schedule"].minute == set(range(0, 60, 2))  # every two minutes


def test_a_job_lost_again_and_again_is_failed_with_its_reason_and_can_be_retried(
    demo, campaign, settings, django_capture_on_commit_callbacks
):
    from reports.services.reports import report_retry

    report = report_create(campaign, ReportKind.SIX_MONTH)
    _running(report, heartbeat_age=timedelta(hours=1), attempts=settings.PORTAL_REPORT_MAX_ATTEMPTS)

    assert lost_reports_recover() == 0

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "bị gián đoạn" in report.error
    assert (report.progress, report.file.name) == (0, "")
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.attempts == 1


def test_a_queued_job_is_queued_again_only_if_its_message_never_reached_the_broker_or_was_lost(
    demo, campaign
):
    never_sent = report_create(campaign, ReportKind.SIX_MONTH)
    waiting = report_create(campaign, ReportKind.YEAR_END)
    GeneratedReport.objects.filter(pk=waiting.pk).update(enqueued_at=timezone.now())

    assert lost_reports_recover() == 1

    never_sent.refresh_from_db()
    waiting.refresh_from_db()
    assert never_sent.status == ReportStatus.DONE
    assert waiting.status == ReportStatus.QUEUED
    lost_message = timezone.now() - timedelta(
        seconds=django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] + 60
    )
    GeneratedReport.objects.filter(pk=waiting.pk).update(enqueued_at=lost_message)
    assert lost_reports_recover() == 1
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.DONE


def test_celery_redelivers_a_job_whose_worker_was_killed():
    from emulation_portal.celery import app

    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    # A job's message comes back only if its worker never acknowledged it: longer than the
    # longest job (the hard time limit), or a running job would be delivered twice.
    visibility = conf.broker_transport_options["visibility_timeout"]
    assert visibility > conf.task_time_limit
    assert visibility <= 60 * 60


def test_a_done_report_leaves_only_its_complete_pdf_in_storage(demo, campaign, settings):
    report = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)

    folder = settings.MEDIA_ROOT / "reports" / str(campaign.year)
    assert [path.name for path in folder.iterdir()] == [report.file.name.rsplit("/", 1)[-1]]
    data = (settings.MEDIA_ROOT / report.file.name).read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def test_a_report_whose_file_is_missing_answers_404_with_a_message(demo, campaign, client):
    report = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)
    report.file.storage.delete(report.file.name)
    client.force_login(demo["minister"])

    response = client.get(reverse("reports:report_file", args=[report.pk]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy tệp của báo cáo" in page
    assert reverse("reports:reading_room") in page


def test_the_command_lists_every_report_whose_file_is_missing(demo, campaign):
    kept = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)
    gone = report_generate(report_create(campaign, ReportKind.YEAR_END).pk)
    out = io.StringIO()
    call_command("check_report_files", stdout=out)
    assert "All 2 report files are in storage." in out.getvalue()  # exit status 0

    gone.file.storage.delete(gone.file.name)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("check_report_files", stdout=out)

    assert exit_status.value.code == 1
    listed = out.getvalue()
    assert gone.file.name in listed
    assert f"#{gone.pk}" in listed
    assert kept.file.name not in listed
