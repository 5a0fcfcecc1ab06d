"""Every registrations URL, as another unit's head and as the Minister: nothing leaks, nothing
changes. The URL list is read from the URLconf, so a new view cannot be forgotten here."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation_portal.pdf import render_pdf
from registrations import urls
from registrations.models import (
    DeadlineExtension,
    Evidence,
    IndividualTitleAim,
    Initiative,
    Period,
    ProgressReport,
    Registration,
    RegistrationEvent,
    ReviewerAssignment,
    Target,
)
from registrations.services.registrations import registration_start, registration_transition
from registrations.services.results import evidence_add, report_start
from registrations.workflow import Status
from units.models import PersonYear

pytestmark = pytest.mark.django_db

# Acts on the signed-in head's own unit: there is no other unit's object to name.
OWN_UNIT_ONLY = {"start"}


@pytest.fixture
def owned(demo):
    """unit_head's approved registration, its six-month results and one evidence file."""
    head = demo["unit_head"]
    registration = registration_start(
        campaign=Registration.objects.first().campaign, unit=head.portal_role.unit, actor=head
    )
    Target.objects.create(registration=registration, position=1, description="Hoàn thành kế hoạch")
    registration_transition(registration=registration, to=Status.SUBMITTED, actor=head)
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    registration.refresh_from_db()
    report = report_start(registration=registration, period=Period.SIX_MONTH, actor=head)
    evidence = evidence_add(
        report=report,
        actor=head,
        uploaded_file=SimpleUploadedFile("bien-ban.pdf", render_pdf("<p>Biên bản</p>")),
    )
    return {"registration": registration, "report": report, "evidence": evidence}


# The Department's lists: no object in the URL; a unit head must not reach them at all.
DEPARTMENT_LISTS = {"queue", "assign", "extensions"}


def _kwargs(name, owned):
    if name in DEPARTMENT_LISTS:
        return {}
    if name in (
        "detail",
        "edit",
        "submit",
        "check",
        "amend",
        "review",
        "year_end",
        "year_end_template",
        "year_end_import",
        "year_end_import_confirm",
    ) or name.startswith("import_"):
        return {"pk": owned["registration"].pk}
    if name == "report_start":
        return {"pk": owned["registration"].pk, "period": Period.YEAR_END}
    if name.startswith("report"):
        return {"pk": owned["report"].pk}
    if name.startswith("evidence_"):
        return {"pk": owned["evidence"].pk}
    raise AssertionError(f"no object for the URL {name!r}: add it to this test")


URL_NAMES = [p.name for p in urls.urlpatterns if p.name not in OWN_UNIT_ONLY]


def _state(owned):
    registration = Registration.objects.get(pk=owned["registration"].pk)
    report = ProgressReport.objects.get(pk=owned["report"].pk)
    return {
        "registration": (registration.status, registration.updated_at, registration.version),
        "reports": list(ProgressReport.objects.values_list("pk", "status", "updated_at")),
        "report": (report.status, report.updated_at),
        "evidence": list(Evidence.objects.filter(report=report).values_list("pk", "file")),
        "file_exists": owned["evidence"].file.storage.exists(owned["evidence"].file.name),
        "events": RegistrationEvent.objects.count(),
        "targets": Target.history.count(),
        "aims": IndividualTitleAim.history.count(),
        "assignments": list(ReviewerAssignment.objects.values_list("unit_id", "reviewer_id")),
        # What the year-end pages and the extensions write.
        "person_years": PersonYear.history.count(),
        "initiatives": Initiative.history.count(),
        "extensions": DeadlineExtension.history.count(),
    }


@pytest.mark.parametrize("name", URL_NAMES)
def test_another_units_head_gets_404_and_changes_nothing(demo, client, owned, name):
    url = reverse(f"registrations:{name}", kwargs=_kwargs(name, owned))
    before = _state(owned)
    client.force_login(demo["unit_head2"])

    unit = owned["registration"].unit
    get = client.get(url)
    post = client.post(
        url, {"version": "x", "token": "x", "units": [unit.pk], "reviewer": demo["reviewer2"].pk}
    )

    assert get.status_code in (404, 405)
    assert post.status_code in (404, 405)
    assert _state(owned) == before


@pytest.mark.parametrize("name", URL_NAMES)
def test_the_minister_reads_but_changes_nothing(demo, client, owned, name):
    url = reverse(f"registrations:{name}", kwargs=_kwargs(name, owned))
    before = _state(owned)
    client.force_login(demo["minister"])

    client.get(url)
    client.post(
        url,
        {
            "version": "x",
            "token": "x",
            "note": "x",
            "action": "approve",
            "units": [owned["registration"].unit_id],
            "reviewer": demo["reviewer2"].pk,
        },
    )

    assert _state(owned) == before


@pytest.mark.parametrize("name", ["detail", "report", "evidence_download"])
def test_the_minister_and_the_department_may_read(demo, client, owned, name):
    url = reverse(f"registrations:{name}", kwargs=_kwargs(name, owned))
    for username in ("minister", "reviewer"):
        client.force_login(demo[username])
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_sign_in(client, owned, name):
    url = reverse(f"registrations:{name}", kwargs=_kwargs(name, owned))

    response = client.get(url)

    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
