import io
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emulation_portal.exceptions import ApplicationError
from registrations.models import (
    Evidence,
    Initiative,
    InitiativeResult,
    InitiativeStatus,
    Period,
    ProgressReport,
    Registration,
    RegistrationEvent,
    ReviewComment,
    Target,
    TargetResult,
)
from registrations.services.registrations import registration_transition
from registrations.services.results import (
    evidence_add,
    report_save_content,
    report_start,
    report_transition,
    report_version_token,
)
from registrations.workflow import Status

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


# --- helpers ---------------------------------------------------------------------------------


def _registration(demo, username="unit_head2"):
    return Registration.objects.get(unit=demo[username].portal_role.unit)


def _approve(demo, registration, head="unit_head2"):
    """Approve through the real workflow: the unit head submits, the Department approves."""
    registration_transition(registration=registration, to=Status.SUBMITTED, actor=demo[head])
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    registration.refresh_from_db()
    return registration


@pytest.fixture
def approved(demo):
    """unit_head2's registration, its first target planned at 80, approved once."""
    registration = _registration(demo)
    Target.objects.filter(registration=registration, position=1).update(planned_value=80)
    return _approve(demo, registration)


@pytest.fixture
def report(demo, approved):
    return report_start(registration=approved, period=Period.SIX_MONTH, actor=demo["unit_head2"])


def _messages(response, level="error"):
    return [m for m in response.context["messages"] if m.level_tag == level]


def _results_post(client, report, **overrides):
    """A valid save built from what the results page itself renders."""
    page = client.get(reverse("registrations:report", args=[report.pk]))
    form = page.context["form"]
    data = {}
    for field in form:
        value = field.value()
        data[field.html_name] = "" if value is None else str(value)
    data.update(overrides)
    return data


def _first_target(report):
    return Target.objects.filter(registration=report.registration).order_by("position").first()


def _upload(client, report, name="Biên bản kiểm tra.pdf", content=PDF_BYTES, data=None):
    """Press "Attach" on the results page: the file goes with the results form as it stands."""
    data = dict(_results_post(client, report) if data is None else data)
    data.update(
        attach="", attachment=SimpleUploadedFile(name, content), attachment_description="Biên bản"
    )
    return client.post(reverse("registrations:report", args=[report.pk]), data, follow=True)


def _media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _docx_bytes(folder="word/"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}document.xml", "<w:document/>")
    return buffer.getvalue()


# --- starting ----------------------------------------------------------------------------------


def test_results_start_only_once_the_registration_is_approved(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _registration(demo)
    url = reverse("registrations:report_start", args=[registration.pk, Period.SIX_MONTH])

    refused = client.post(url, follow=True)

    assert not ProgressReport.objects.filter(registration=registration).exists()
    assert refused.redirect_chain[-1][0] == registration.get_absolute_url()
    assert _messages(refused)

    _approve(demo, registration)
    first = client.post(url)
    second = client.post(url)

    report = ProgressReport.objects.get(registration=registration, period=Period.SIX_MONTH)
    assert first["Location"] == second["Location"] == report.get_absolute_url()
    assert report.status == Status.DRAFT
    assert report.history.get().history_user == demo["unit_head2"]


def test_results_start_is_refused_before_the_window_opens(demo, client, approved):
    client.force_login(demo["unit_head2"])
    opens_on, _due_on = approved.campaign.report_window(Period.YEAR_END)
    assert opens_on > timezone.localdate()

    response = client.post(
        reverse("registrations:report_start", args=[approved.pk, Period.YEAR_END]), follow=True
    )

    assert not ProgressReport.objects.filter(registration=approved).exists()
    assert _messages(response)


def test_results_start_refuses_an_unknown_period_and_another_unit(demo, client, approved):
    client.force_login(demo["unit_head2"])
    assert (
        client.post(
            reverse("registrations:report_start", args=[approved.pk, "quarter"])
        ).status_code
        == 404
    )

    client.force_login(demo["unit_head"])
    response = client.post(
        reverse("registrations:report_start", args=[approved.pk, Period.SIX_MONTH])
    )

    assert response.status_code == 404
    assert not ProgressReport.objects.filter(registration=approved).exists()


def test_only_the_unit_head_starts_results_and_readers_see_them_read_only(demo, client, approved):
    client.force_login(demo["reviewer"])
    start = client.post(
        reverse("registrations:report_start", args=[approved.pk, Period.SIX_MONTH]), follow=True
    )

    assert not ProgressReport.objects.filter(registration=approved).exists()
    assert _messages(start)

    report = report_start(registration=approved, period=Period.SIX_MONTH, actor=demo["unit_head2"])
    for username in ("reviewer", "minister"):
        client.force_login(demo[username])
        page = client.get(reverse("registrations:report", args=[report.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert html.count('data-testid="result-row"') == len(approved.approved_snapshot["targets"])
        assert 'name="actual_' not in html
        assert 'data-testid="submit-report"' not in html
        assert 'data-testid="evidence-upload"' not in html


def test_registration_page_offers_the_results_once_approved(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _registration(demo)
    detail = reverse("registrations:detail", args=[registration.pk])

    assert 'data-testid="results-card"' not in client.get(detail).content.decode()

    _approve(demo, registration)
    page = client.get(detail).content.decode()
    my_unit = client.get(reverse("units:my_unit")).content.decode()

    start = reverse("registrations:report_start", args=[registration.pk, Period.SIX_MONTH])
    assert 'data-testid="results-card"' in page
    assert start in page
    assert start in my_unit
    # The year-end window is not open yet: no button for it.
    assert (
        reverse("registrations:report_start", args=[registration.pk, Period.YEAR_END]) not in page
    )


# --- saving ------------------------------------------------------------------------------------


def test_save_computes_completion_and_accepts_a_decimal_comma(demo, client, report):
    client.force_login(demo["unit_head2"])
    targets = list(Target.objects.filter(registration=report.registration).order_by("position")[:2])
    initiative = Initiative.objects.filter(registration=report.registration).first()
    data = _results_post(
        client,
        report,
        **{
            f"actual_{targets[0].pk}": "60",
            f"assessment_{targets[0].pk}": "Đạt 3/4 kế hoạch",
            f"actual_{targets[1].pk}": "12,5",
            f"status_{initiative.pk}": InitiativeStatus.APPLIED,
            f"note_{initiative.pk}": "Đã áp dụng tại 3 phòng",
            "summary": "Hoàn thành cơ bản các chỉ tiêu",
        },
    )

    response = client.post(reverse("registrations:report", args=[report.pk]), data)

    assert response.status_code == 302
    first = TargetResult.objects.get(report=report, target=targets[0])
    assert first.actual_value == Decimal("60")
    assert first.completion_percent == Decimal("75.0")
    assert TargetResult.objects.get(report=report, target=targets[1]).actual_value == Decimal(
        "12.5"
    )
    progress = InitiativeResult.objects.get(report=report, initiative=initiative)
    assert (progress.status, progress.note) == (InitiativeStatus.APPLIED, "Đã áp dụng tại 3 phòng")
    report.refresh_from_db()
    assert report.summary == "Hoàn thành cơ bản các chỉ tiêu"

    page = client.get(reverse("registrations:report", args=[report.pk]))
    rows = {row.id: row for row in page.context["content"].targets}
    assert rows[targets[0].pk].completion == Decimal("75.0")
    html = page.content.decode()
    assert 'data-testid="completion" data-completion>75,0 %' in html
    assert 'value="12,50"' in html


def test_every_change_has_a_history_row_with_its_author(demo, client, report, settings):
    client.force_login(demo["unit_head2"])
    target = _first_target(report)
    initiative = Initiative.objects.filter(registration=report.registration).first()
    client.post(
        reverse("registrations:report", args=[report.pk]),
        _results_post(
            client, report, **{f"actual_{target.pk}": "70", f"status_{initiative.pk}": "applied"}
        ),
    )
    _upload(client, report)

    for model, filters in (
        (TargetResult, {"report_id": report.pk}),
        (InitiativeResult, {"report_id": report.pk}),
        (Evidence, {"report_id": report.pk}),
        (ProgressReport, {"id": report.pk}),
    ):
        rows = model.history.filter(**filters)
        assert rows.exists(), model
        assert {row.history_user for row in rows} == {demo["unit_head2"]}, model


def test_forged_target_of_another_registration_is_refused_and_nothing_written(demo, client, report):
    client.force_login(demo["unit_head2"])
    foreign = Target.objects.exclude(registration=report.registration).first()
    own = _first_target(report)
    version = report_version_token(report)
    data = _results_post(client, report, **{f"actual_{own.pk}": "10"})
    data[f"actual_{foreign.pk}"] = "999"

    response = client.post(reverse("registrations:report", args=[report.pk]), data)

    assert response.status_code == 400
    assert _messages(response)
    assert response.context["form"].non_field_errors()
    assert not TargetResult.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert report_version_token(report) == version

    # The service refuses it too, whatever the form did.
    with pytest.raises(ApplicationError):
        report_save_content(
            report=report,
            actor=demo["unit_head2"],
            version=version,
            target_results=[
                {"target_id": own.pk, "actual_value": Decimal(1), "assessment": ""},
                {"target_id": foreign.pk, "actual_value": Decimal(1), "assessment": ""},
            ],
            initiative_results=[],
            summary="",
        )
    assert not TargetResult.objects.filter(report=report).exists()


def test_stale_save_is_refused_and_changes_nothing(demo, client, report):
    client.force_login(demo["unit_head2"])
    target = _first_target(report)
    data = _results_post(client, report, **{f"actual_{target.pk}": "50"})
    data["version"] = "2000-01-01T00:00:00+00:00"

    response = client.post(reverse("registrations:report", args=[report.pk]), data, follow=True)

    assert _messages(response)
    assert not TargetResult.objects.filter(report=report).exists()


def test_another_units_results_answer_404_and_change_nothing(demo, client, report):
    client.force_login(demo["unit_head2"])
    data = _results_post(client, report, **{f"actual_{_first_target(report).pk}": "5"})
    version = report_version_token(report)
    client.force_login(demo["unit_head"])

    urls = [
        ("get", reverse("registrations:report", args=[report.pk])),
        ("post", reverse("registrations:report", args=[report.pk])),
        ("post", reverse("registrations:report_submit", args=[report.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, url
    upload = _upload(client, report, data=data)

    assert upload.status_code == 404
    report.refresh_from_db()
    assert (report.status, report_version_token(report)) == (Status.DRAFT, version)
    assert not TargetResult.objects.filter(report=report).exists()
    assert not report.evidence.exists()


# --- submitting --------------------------------------------------------------------------------


def test_submitted_results_are_read_only(demo, client, report):
    client.force_login(demo["unit_head2"])
    target = _first_target(report)
    data = _results_post(client, report, **{f"actual_{target.pk}": "40"})

    client.post(reverse("registrations:report_submit", args=[report.pk]))
    page = client.get(reverse("registrations:report", args=[report.pk]))
    saved = client.post(reverse("registrations:report", args=[report.pk]), data, follow=True)
    upload = _upload(client, report, data=data)

    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    html = page.content.decode()
    assert 'data-testid="report-status"' in html
    assert f'name="actual_{target.pk}"' not in html
    assert 'data-testid="submit-report"' not in html
    assert 'data-testid="evidence-upload"' not in html
    assert _messages(saved) and _messages(upload)
    assert not TargetResult.objects.filter(report=report).exists()
    assert not report.evidence.exists()


def test_submit_outside_the_window_is_refused_with_a_message(demo, client, report):
    client.force_login(demo["unit_head2"])
    campaign = report.registration.campaign
    campaign.midyear_report_date = timezone.localdate() - timedelta(days=1)
    campaign.save()

    response = client.post(reverse("registrations:report_submit", args=[report.pk]), follow=True)

    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert _messages(response)
    assert not report.events.exists()


def test_double_submit_applies_once_with_a_message(demo, client, report):
    client.force_login(demo["unit_head2"])
    url = reverse("registrations:report_submit", args=[report.pk])

    client.post(url)
    second = client.post(url, follow=True)

    assert report.events.filter(to_status=Status.SUBMITTED).count() == 1
    assert _messages(second)


def test_returned_results_show_the_comments_and_can_be_changed_again(demo, client, report):
    target = _first_target(report)
    report_transition(report=report, to=Status.SUBMITTED, actor=demo["unit_head2"])
    report_transition(
        report=report,
        to=Status.RETURNED,
        actor=demo["reviewer"],
        note="Bổ sung minh chứng",
        item_comments=[{"target": target, "text": "Số liệu chưa khớp báo cáo"}],
    )
    assert ReviewComment.objects.filter(event__report=report, target=target).exists()
    client.force_login(demo["unit_head2"])

    page = client.get(reverse("registrations:report", args=[report.pk]))

    html = page.content.decode()
    assert 'data-testid="return-note"' in html
    assert "Bổ sung minh chứng" in html
    assert 'data-testid="target-comment"' in html
    assert "Số liệu chưa khớp báo cáo" in html
    assert f'name="actual_{target.pk}"' in html
    assert html.count('data-testid="report-history"') == 1


# --- evidence ----------------------------------------------------------------------------------


def test_pdf_evidence_is_stored_under_media_root_with_a_generated_name(
    demo, client, report, settings
):
    client.force_login(demo["unit_head2"])

    response = _upload(client, report)

    evidence = report.evidence.get()
    path = Path(settings.MEDIA_ROOT) / evidence.file.name
    assert _messages(response, "success")
    assert path.read_bytes() == PDF_BYTES
    assert evidence.file.name.startswith(f"evidence/{report.registration_id}/{report.pk}/")
    assert "Biên" not in evidence.file.name
    assert (evidence.original_name, evidence.size, evidence.content_type) == (
        "Biên bản kiểm tra.pdf",
        len(PDF_BYTES),
        "application/pdf",
    )
    assert evidence.uploaded_by == demo["unit_head2"]
    page = client.get(reverse("registrations:report", args=[report.pk])).content.decode()
    assert page.count('data-testid="evidence-item"') == 1


def test_attach_keeps_the_typed_results_and_stores_the_file(demo, client, report):
    """Typing results, then pressing "Attach" before "Save draft": both are kept."""
    client.force_login(demo["unit_head2"])
    target = _first_target(report)
    typed = _results_post(
        client,
        report,
        **{
            f"actual_{target.pk}": "60",
            f"assessment_{target.pk}": "Đạt 3/4 kế hoạch",
            "summary": "Hoàn thành cơ bản các chỉ tiêu",
        },
    )

    response = _upload(client, report, data=typed)

    assert response.redirect_chain[-1][0] == f"{report.get_absolute_url()}#evidence"
    result = TargetResult.objects.get(report=report, target=target)
    assert (result.actual_value, result.assessment) == (Decimal("60"), "Đạt 3/4 kế hoạch")
    report.refresh_from_db()
    assert report.summary == "Hoàn thành cơ bản các chỉ tiêu"
    evidence = report.evidence.get()
    assert (evidence.original_name, evidence.description) == ("Biên bản kiểm tra.pdf", "Biên bản")
    assert len(_messages(response, "success")) == 2
    assert response.context["form"][f"actual_{target.pk}"].value() == Decimal("60")


def test_a_refused_file_does_not_cost_the_typed_results(demo, client, report, settings):
    client.force_login(demo["unit_head2"])
    target = _first_target(report)
    typed = _results_post(client, report, **{f"actual_{target.pk}": "45", "summary": "Giữa kỳ"})

    response = _upload(client, report, name="setup.exe", content=b"MZ\x90\x00", data=typed)

    assert TargetResult.objects.get(report=report, target=target).actual_value == Decimal("45")
    report.refresh_from_db()
    assert report.summary == "Giữa kỳ"
    assert not report.evidence.exists()
    assert _media_files(settings) == []
    assert any("setup.exe" in str(message) for message in _messages(response))
    assert _messages(response, "success")


def test_attach_without_a_file_saves_the_results_and_says_so(demo, client, report):
    client.force_login(demo["unit_head2"])
    target = _first_target(report)
    data = _results_post(client, report, **{f"actual_{target.pk}": "30", "attach": ""})

    response = client.post(reverse("registrations:report", args=[report.pk]), data, follow=True)

    assert TargetResult.objects.get(report=report, target=target).actual_value == Decimal("30")
    assert not report.evidence.exists()
    assert _messages(response, "warning")


def test_invalid_results_with_a_file_keep_what_was_typed_and_ask_for_the_file_again(
    demo, client, report, settings
):
    client.force_login(demo["unit_head2"])
    target = _first_target(report)
    typed = _results_post(
        client, report, **{f"actual_{target.pk}": "sáu mươi", "summary": "Chưa lưu"}
    )

    response = _upload(client, report, data=typed)

    assert response.status_code == 400
    assert response.context["form"]["summary"].value() == "Chưa lưu"
    assert response.context["form"][f"actual_{target.pk}"].value() == "sáu mươi"
    assert not TargetResult.objects.filter(report=report).exists()
    assert not report.evidence.exists()
    assert _media_files(settings) == []
    assert len(_messages(response)) == 2  # nothing saved; choose the file again


def test_the_attach_fields_belong_to_the_results_form(demo, client, report):
    """The evidence card sits beside the results form but posts with it (HTML form owner)."""
    client.force_login(demo["unit_head2"])

    html = client.get(reverse("registrations:report", args=[report.pk])).content.decode()

    assert 'enctype="multipart/form-data" id="results-form"' in html
    assert 'type="file" name="attachment"' in html
    assert html.count('form="results-form"') == 3  # file, description, "Attach"
    # Leaving with unsaved changes asks first (static/js/unsaved_changes.js).
    assert 'id="results-form" novalidate data-results-form data-warn-unsaved' in html
    assert "js/unsaved_changes.js" in html


def test_office_documents_are_accepted_by_their_content(demo, report):
    evidence = evidence_add(
        report=report,
        actor=demo["unit_head2"],
        uploaded_file=SimpleUploadedFile("ke-hoach.docx", _docx_bytes()),
    )

    assert evidence.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("trang.pdf", b"<html><script>alert(1)</script></html>"),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n0000"),
        ("bang.xlsx", _docx_bytes("word/")),
        ("gia.docx", b"PK\x03\x04 not really a zip"),
        ("rong.pdf", b""),
    ],
)
def test_malformed_or_unaccepted_files_are_refused(demo, client, report, settings, name, content):
    client.force_login(demo["unit_head2"])

    response = _upload(client, report, name=name, content=content)

    assert _messages(response)
    assert not report.evidence.exists()
    assert _media_files(settings) == []


def test_oversized_evidence_is_refused(demo, client, report, settings):
    settings.EVIDENCE_MAX_BYTES = 64
    client.force_login(demo["unit_head2"])

    response = _upload(client, report, content=PDF_BYTES + b" " * 64)

    assert _messages(response)
    assert not report.evidence.exists()
    assert _media_files(settings) == []


def test_a_report_holds_a_limited_number_of_files(demo, client, report, settings):
    settings.EVIDENCE_MAX_FILES = 1
    client.force_login(demo["unit_head2"])

    _upload(client, report)
    refused = _upload(client, report)

    assert _messages(refused)
    assert report.evidence.count() == 1


def test_evidence_download_only_to_those_who_may_see_the_results(demo, client, report):
    evidence = evidence_add(
        report=report,
        actor=demo["unit_head2"],
        uploaded_file=SimpleUploadedFile("Báo cáo đợt 1.pdf", PDF_BYTES),
    )
    url = reverse("registrations:evidence_download", args=[evidence.pk])

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))

    client.force_login(demo["unit_head2"])
    own = client.get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF_BYTES
    assert own["Content-Type"] == "application/pdf"
    assert own["X-Content-Type-Options"] == "nosniff"
    disposition = own["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20%C4%91%E1%BB%A3t%201.pdf" in disposition

    client.force_login(demo["unit_head"])
    assert client.get(url).status_code == 404

    client.force_login(demo["reviewer"])
    reviewer = client.get(url)
    assert reviewer.status_code == 200
    assert b"".join(reviewer.streaming_content) == PDF_BYTES


def test_evidence_delete_by_another_unit_answers_404_and_keeps_the_file(
    demo, client, report, settings, django_capture_on_commit_callbacks
):
    evidence = evidence_add(
        report=report,
        actor=demo["unit_head2"],
        uploaded_file=SimpleUploadedFile("minh-chung.pdf", PDF_BYTES),
    )
    path = Path(settings.MEDIA_ROOT) / evidence.file.name
    url = reverse("registrations:evidence_delete", args=[evidence.pk])

    for username in ("unit_head", "reviewer"):
        client.force_login(demo[username])
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 404
        assert Evidence.objects.filter(pk=evidence.pk).exists()
        assert path.exists()

    client.force_login(demo["unit_head2"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    again = client.post(url)

    assert response.status_code == 302
    assert again.status_code == 404
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()
    removal = Evidence.history.filter(id=evidence.pk, history_type="-").get()
    assert removal.history_user == demo["unit_head2"]


# --- queries -----------------------------------------------------------------------------------


def _grow(report, demo, extra):
    """More approved targets, initiatives, results and files, as a bigger unit would have."""
    registration = report.registration
    snapshot = registration.approved_snapshot
    start = Target.objects.filter(registration=registration).count()
    for index in range(extra):
        target = Target.objects.create(
            registration=registration,
            position=start + index + 1,
            description=f"Chỉ tiêu thêm {index}",
            planned_value=Decimal(10 + index),
            measure="%",
        )
        snapshot["targets"].append(
            {
                "id": target.pk,
                "position": target.position,
                "criterion": "",
                "description": target.description,
                "planned_value": str(target.planned_value),
                "measure": "%",
                "due_date": None,
            }
        )
        TargetResult.objects.create(report=report, target=target, actual_value=index)
        initiative = Initiative.objects.create(
            registration=registration, title=f"Sáng kiến {index}", field="CNTT", description="x"
        )
        snapshot["initiatives"].append(
            {"id": initiative.pk, "title": initiative.title, "authors": [], "field": "CNTT"}
        )
        InitiativeResult.objects.create(report=report, initiative=initiative, status="applied")
        Evidence.objects.create(
            report=report,
            file=f"evidence/{registration.pk}/{report.pk}/{index}.pdf",
            original_name=f"{index}.pdf",
            size=10,
            content_type="application/pdf",
            uploaded_by=demo["unit_head2"],
        )
        RegistrationEvent.objects.create(
            registration=registration,
            report=report,
            from_status=Status.DRAFT,
            to_status=Status.DRAFT,
            actor=demo["unit_head2"],
        )
    registration.approved_snapshot = snapshot
    registration.save(update_fields=["approved_snapshot"])


@pytest.mark.parametrize("username", ["unit_head2", "reviewer"])
def test_results_page_takes_constant_queries(
    demo, client, report, username, django_assert_num_queries
):
    client.force_login(demo[username])
    url = reverse("registrations:report", args=[report.pk])
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    _grow(report, demo, extra=15)

    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert len(page.context["content"].targets) >= 20
    assert len(page.context["content"].initiatives) >= 15


@pytest.fixture
def submitted_report(demo, report):
    report_transition(report=report, to=Status.SUBMITTED, actor=demo["unit_head2"])
    return report


def test_the_department_approves_or_returns_results_through_the_state_machine(
    demo, client, submitted_report
):
    report = submitted_report
    url = reverse("registrations:report_review", args=[report.pk])
    client.force_login(demo["reviewer"])

    client.post(url, {"action": "return", "note": " "})
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED

    client.post(url, {"action": "return", "note": "Bổ sung minh chứng."})
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert report.events.get(to_status=Status.RETURNED).note == "Bổ sung minh chứng."

    page = client.get(reverse("registrations:report", args=[report.pk]))
    assert 'data-testid="report-review-form"' not in page.content.decode()


@pytest.mark.parametrize("username", ["unit_head2", "minister"])
def test_only_the_department_decides_on_results(demo, client, submitted_report, username):
    client.force_login(demo[username])

    response = client.post(
        reverse("registrations:report_review", args=[submitted_report.pk]), {"action": "approve"}
    )

    submitted_report.refresh_from_db()
    assert response.status_code == 404
    assert submitted_report.status == Status.SUBMITTED
