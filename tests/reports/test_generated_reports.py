"""The reports to the Minister: generated on the demo data and read back from the PDF, failures
and retries, the reading room's permissions, and a run through a real Celery worker."""

import io
import re
import socket
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from registrations.models import Initiative, Period, Registration, Target, TargetResult
from registrations.selectors.queue import registering_units
from registrations.workflow import Status
from reports.documents.content import data_hash
from reports.models import GeneratedReport, ReportKind, ReportStatus
from reports.selectors.year_end import year_end_figures
from reports.services.reports import report_create, report_generate, report_request
from tests.conftest import require

from .helpers import report_results

pytestmark = pytest.mark.django_db

READING_ROOM = reverse("reports:reading_room")


def pdf_text(report) -> tuple[PdfReader, str]:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    return reader, text


def expected_figures(campaign) -> dict:
    """The main figures counted straight from the tables, apart from the dashboard's code."""
    units = registering_units()
    regs = Registration.objects.filter(campaign=campaign, unit__in=units)
    by_status = dict(regs.values_list("status").annotate(n=Count("pk")).order_by())
    in_campaign = Q(registration__campaign=campaign)
    return {
        "units": units.count(),
        # A unit amending an approved registration is still registered.
        "registered": by_status.get(Status.APPROVED, 0) + by_status.get(Status.AMENDING, 0),
        "approved": by_status.get(Status.APPROVED, 0),
        "submitted": by_status.get(Status.SUBMITTED, 0),
        "initiatives": Initiative.objects.filter(
            in_campaign, registration__status=Status.APPROVED
        ).count(),
        "targets": Target.objects.filter(in_campaign, registration__status=Status.APPROVED).count(),
    }


def embedded_fonts(reader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    fonts.add(str(descriptor["/FontName"]))
    return fonts


def check_pdf(report, campaign):
    reader, text = pdf_text(report)
    expected = expected_figures(campaign)
    not_registered = expected["units"] - expected["registered"] - expected["submitted"]
    assert f"Phong trào được phát động tới {expected['units']} đơn vị (" in text
    assert f"trong đó {expected['registered']} đơn vị đã được duyệt đăng ký thi đua" in text
    assert (
        f"{expected['submitted']} đơn vị đang chờ thẩm định, {not_registered} đơn vị chưa đăng ký"
    ) in text
    assert f"sáng kiến đăng ký đã được duyệt: {expected['initiatives']};" in text
    assert f"Số chỉ tiêu đăng ký đã được duyệt: {expected['targets']};" in text
    # Vietnamese round-trips: header, addressee and the closing parts.
    for phrase in (
        "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "/BC-TĐKTTT",
        "Kính gửi: Bộ trưởng",
        "Nơi nhận:",
        "HẠN CHẾ, NGUYÊN NHÂN",
    ):
        assert phrase in text
    assert any("Tinos" in name for name in embedded_fonts(reader))
    assert len(reader.pages) >= 2
    return text


@pytest.mark.parametrize(
    ("kind", "heading"),
    [
        (ReportKind.SIX_MONTH, "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm"),
        (ReportKind.YEAR_END, "Tổng kết công tác thi đua, khen thưởng năm"),
    ],
)
def test_each_report_is_generated_eagerly_with_the_database_figures(
    demo, campaign, django_capture_on_commit_callbacks, kind, heading
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            campaign, kind, actor=demo["reviewer"], narrative={"shortcomings": "Còn chậm trễ."}
        )

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert report.version == 1
    assert report.file.name.endswith(f"-v{report.version}-du-thao.pdf")
    assert report.data_hash == data_hash(report.snapshot)
    assert (
        report.snapshot["figures"]["overall"]["counts"]["approved"]
        == (expected_figures(campaign)["approved"])
    )
    text = check_pdf(report, campaign)
    assert heading in text
    assert "Còn chậm trễ." in text


def test_every_request_makes_a_new_version_and_a_done_one_is_left_alone(demo, campaign):
    first = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)
    name = first.file.name

    again = report_generate(first.pk)  # the task run twice
    second = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)

    assert again.file.name == name
    assert first.file.storage.exists(name)
    assert second.version == 2
    assert second.file.name != name
    assert GeneratedReport.objects.filter(campaign=campaign).count() == 2


def test_a_failing_render_is_failed_with_its_reason_leaves_no_file_and_a_retry_works(
    demo, campaign, settings
):
    report = report_create(campaign, ReportKind.YEAR_END)

    with pytest.raises(TemplateDoesNotExist):
        report_generate(report.pk, template_name="reports/pdf/missing.html")

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "missing.html" in report.error
    assert not report.file
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))

    report = report_generate(report.pk)

    assert report.status == ReportStatus.DONE
    assert report.error == ""
    check_pdf(report, campaign)


def test_build_report_command_writes_the_pdf(demo, campaign, tmp_path):
    output = tmp_path / "report.pdf"

    call_command("build_report", str(campaign.year), "year_end", "--output", str(output))

    report = GeneratedReport.objects.get(campaign=campaign, kind=ReportKind.YEAR_END)
    assert report.status == ReportStatus.DONE
    with report.file.open("rb") as handle:
        assert output.read_bytes() == handle.read()


def test_the_department_generates_from_the_dashboard_and_polls_the_status(
    demo, campaign, client, django_capture_on_commit_callbacks
):
    client.force_login(demo["reviewer"])
    page = client.get(reverse("reports:dashboard"))
    assert b'data-testid="generate-report"' in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_request"), {"kind": "six_month", "priorities": "Ưu tiên."}
        )

    assert response.status_code == 302
    report = GeneratedReport.objects.get()
    assert report.narrative["priorities"] == "Ưu tiên."
    status = client.get(reverse("reports:report_status", args=[report.pk])).json()
    assert status["status"] == "done"
    assert status["progress"] == 100
    assert status["file_url"] == reverse("reports:report_file", args=[report.pk])
    assert b'data-testid="report-job"' in client.get(reverse("reports:dashboard")).content


def test_the_minister_sees_no_generate_button_and_cannot_post(demo, campaign, client):
    client.force_login(demo["minister"])

    assert b'data-testid="generate-report"' not in client.get(reverse("reports:dashboard")).content
    assert client.post(reverse("reports:report_request"), {"kind": "six_month"}).status_code == 404
    assert not GeneratedReport.objects.exists()


@pytest.mark.parametrize("username", ["minister", "reviewer", "admin"])
def test_readers_see_the_reading_room_newest_first_and_open_the_pdf(
    demo, campaign, client, username
):
    old = report_generate(report_create(campaign, ReportKind.YEAR_END).pk)
    new = report_generate(report_create(campaign, ReportKind.YEAR_END).pk)
    client.force_login(demo[username])

    page = client.get(READING_ROOM)

    assert page.status_code == 200
    ids = [int(pk) for pk in re.findall(r'data-report-id="(\d+)"', page.content.decode())]
    assert ids == [new.pk, old.pk]
    inline = client.get(reverse("reports:report_file", args=[new.pk]))
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert b"".join(inline.streaming_content).startswith(b"%PDF")
    download = client.get(reverse("reports:report_file", args=[new.pk]) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("username", ["unit_head", "unit_head2"])
def test_unit_heads_get_404_everywhere(demo, campaign, client, username):
    report = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)
    client.force_login(demo[username])

    for url in (
        READING_ROOM,
        reverse("reports:report_file", args=[report.pk]),
        reverse("reports:report_status", args=[report.pk]),
    ):
        assert client.get(url).status_code == 404
    for url in (
        reverse("reports:report_request"),
        reverse("reports:report_retry", args=[report.pk]),
    ):
        assert client.post(url, {"kind": "six_month"}).status_code == 404
    assert GeneratedReport.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(READING_ROOM)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def celery_app():
    from emulation_portal.celery import app

    require(redis_up(), "Redis is not running on 127.0.0.1:6379")
    import celery.contrib.testing.tasks  # noqa: F401  (the worker's ping task)

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = eager


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_generates_each_report(small_portal, celery_app, celery_worker):
    from reports.tasks import generate_report_task

    from .test_report_tables import check_tables

    campaign = small_portal["campaign"]
    for kind in (ReportKind.SIX_MONTH, ReportKind.YEAR_END):
        report = report_create(campaign, kind)

        assert generate_report_task.delay(report.pk).get(timeout=120) == ReportStatus.DONE

        report.refresh_from_db()
        assert report.status == ReportStatus.DONE
        check_pdf(report, campaign)
        check_tables(report, campaign)


UNIT_RESULTS_ANNEX = "Kết quả thực hiện chỉ tiêu của các đơn vị năm"


def expected_unit_results(campaign) -> dict[str, tuple[int, int, float | None]]:
    """Per unit with an approved registration: targets, reported, average completion, counted
    in Python from the rows (the year-end result if sent, else the six-month one)."""
    sent = (Status.SUBMITTED, Status.APPROVED)
    results = {}
    for result in TargetResult.objects.filter(
        report__registration__campaign=campaign,
        report__status__in=sent,
        actual_value__isnull=False,
    ).select_related("report"):
        best = results.get(result.target_id)
        if best is None or result.report.period == Period.YEAR_END:
            results[result.target_id] = result
    expected = {}
    for registration in Registration.objects.filter(
        campaign=campaign, status=Status.APPROVED
    ).select_related("unit"):
        targets = list(Target.objects.filter(registration=registration))
        reported = [results[t.pk] for t in targets if t.pk in results]
        ratios = [
            float(r.actual_value) * 100 / float(r.target.planned_value)
            for r in reported
            if r.target.planned_value and r.target.planned_value > 0
        ]
        average = round(sum(ratios) / len(ratios), 1) if ratios else None
        expected[registration.unit.name] = (len(targets), len(reported), average)
    return expected


def approved_with_targets(campaign, n: int) -> list:
    """``n`` approved registrations with planned targets, of units whose name fits on one line
    of the annex's table (so that its row reads back as one line of text)."""
    registrations = (
        Registration.objects.filter(
            campaign=campaign, status=Status.APPROVED, targets__planned_value__gt=0
        )
        .select_related("unit")
        .distinct()
        .order_by("unit__name")
    )
    return [r for r in registrations if len(r.unit.name) <= 40][:n]


def test_the_year_end_report_has_the_per_unit_annex_and_the_six_month_one_not(demo, campaign):
    # Open the year-end results window today so the unit can send year-end results.
    type(campaign).objects.filter(pk=campaign.pk).update(year_end_opens_on=timezone.localdate())
    first, second = approved_with_targets(campaign, 2)
    report_results(first, [0.5, 1.0], approve_by=demo["reviewer"])
    report_results(first, [0.8, 1.25, 1.1], period="year_end")  # replaces the six-month ones
    report_results(second, [0.6, 0.9])  # six-month only: the latest result

    six_month = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)
    year_end = report_generate(report_create(campaign, ReportKind.YEAR_END).pk)

    expected = expected_unit_results(campaign)
    assert expected[first.unit.name][2] is not None
    assert expected[second.unit.name][2] is not None
    rows = {
        row["unit_name"]: (row["targets"], row["reported"], row["average_completion"])
        for row in year_end.snapshot["year_end"]["unit_results"]
    }
    assert rows == expected
    assert year_end.data_hash == data_hash(year_end.snapshot)
    assert "year_end" not in six_month.snapshot

    _reader, text = pdf_text(year_end)
    assert f"Có {len(expected)} đơn vị có đăng ký thi đua đã được duyệt" in text
    annex = text[text.index(UNIT_RESULTS_ANNEX) :]
    # One numbered row per unit: the annex counts 1..n.
    n = len(expected)
    assert any(f" {n} {name[:20]}" in annex for name in expected)
    assert not any(f" {n + 1} {name[:20]}" in annex for name in expected)
    for unit in (first.unit, second.unit):
        targets, reported, average = expected[unit.name]
        average_text = f"{average:.1f}".replace(".", ",")
        assert f"{unit.name} {targets} {reported} {average_text}" in annex
    assert "Kết quả chấm điểm, suy tôn của các khối, cụm thi đua" in text

    _reader, six_text = pdf_text(six_month)
    assert UNIT_RESULTS_ANNEX not in six_text
    assert "Kết quả chấm điểm, suy tôn" not in six_text


def test_the_year_end_figures_take_a_fixed_number_of_queries(
    demo, campaign, django_assert_num_queries
):
    with django_assert_num_queries(7):
        small = year_end_figures(campaign)
    for registration in approved_with_targets(campaign, 5):
        report_results(registration, [0.5, 1.0, 1.5])
    with django_assert_num_queries(7):
        large = year_end_figures(campaign)
    assert sum(row.reported for row in large.unit_results) > sum(
        row.reported for row in small.unit_results
    )


def test_a_running_job_whose_worker_died_is_taken_over_by_the_redelivered_task(demo, campaign):
    from datetime import timedelta

    report = report_create(campaign, ReportKind.SIX_MONTH)
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2)
    )

    assert report_generate(report.pk).status == ReportStatus.DONE
