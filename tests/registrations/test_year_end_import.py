"""The unit head imports the staff's year-end ratings and discipline from Excel."""

import unicodedata
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from registrations.imports.year_end import year_end_import_preview
from registrations.models import Registration
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from units.models import Discipline, Person, PersonYear, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(demo):
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    registration.refresh_from_db()
    return registration


def _url(name, registration):
    return reverse(f"registrations:{name}", args=[registration.pk])


def _facts(registration):
    return dict(
        (person_id, (rating, discipline))
        for person_id, rating, discipline in PersonYear.objects.filter(
            person__unit=registration.unit, year=registration.campaign.year
        ).values_list("person_id", "rating", "discipline")
    )


def _history_count():
    return PersonYear.history.count()


def _vi(choices, value):
    with translation.override("vi"):
        return str(choices(value).label)


def _download(client, registration):
    response = client.get(_url("year_end_template", registration))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(BytesIO(response.content))


def _save(workbook) -> bytes:
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, registration, content, name="ket-qua.xlsx"):
    return client.post(
        _url("year_end_import", registration), {"file": SimpleUploadedFile(name, content)}
    )


def _confirm_data(response) -> dict:
    confirm = response.context["confirm"]
    return {"token": str(confirm["token"].value()), "version": confirm["version"].value()}


def _other(current, choices):
    return next(value for value in choices.values if value != current)


def test_round_trip_previews_then_writes_with_who(demo, client, approved):
    client.force_login(demo["unit_head2"])
    page = client.get(_url("year_end", approved))
    assert b'data-testid="year-end-import"' in page.content
    before = _facts(approved)
    staff = list(Person.objects.filter(unit=approved.unit, is_active=True))

    workbook = _download(client, approved)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    assert sorted(row[0].value for row in rows) == sorted(p.pk for p in staff)
    for row in rows:  # the current facts, as Vietnamese labels
        rating, discipline = before.get(row[0].value, ("", ""))
        assert (row[3].value or "") == (_vi(Rating, rating) if rating else "")
        assert (row[4].value or "") == (_vi(Discipline, discipline) if discipline else "")

    first, second = rows[0], rows[1]
    first_id, second_id = first[0].value, second[0].value
    new_first = _other(before.get(first_id, ("", ""))[0], Rating)
    new_second = _other(before.get(second_id, ("", ""))[0], Rating)
    # A label without accents and in capitals, and a bare code, are both understood.
    label = unicodedata.normalize("NFD", _vi(Rating, new_first))
    first[3].value = "".join(c for c in label if not unicodedata.combining(c)).upper()
    second[3].value = new_second
    second[4].value = "warning"
    history = _history_count()

    preview = _upload(client, approved, _save(workbook))

    assert preview.status_code == 200
    changes = {c.person.pk: c for c in preview.context["preview"].changes}
    assert set(changes) == {first_id, second_id}
    assert changes[first_id].new == (new_first, before.get(first_id, ("", ""))[1])
    assert changes[second_id].new == (new_second, "warning")
    assert b'data-testid="confirm-form"' in preview.content
    assert _facts(approved) == before
    assert _history_count() == history

    done = client.post(_url("year_end_import_confirm", approved), _confirm_data(preview))

    assert done.status_code == 302
    assert done["Location"] == _url("year_end", approved)
    after = _facts(approved)
    assert after[first_id][0] == new_first
    assert after[second_id] == (new_second, "warning")
    assert {k: v for k, v in after.items() if k not in (first_id, second_id)} == {
        k: v for k, v in before.items() if k not in (first_id, second_id)
    }
    record = PersonYear.objects.get(person_id=second_id, year=approved.campaign.year)
    assert record.history.first().history_user == demo["unit_head2"]


def test_bad_rows_are_listed_with_their_row_numbers_and_nothing_is_written(demo, client, approved):
    client.force_login(demo["unit_head2"])
    workbook = _download(client, approved)
    sheet = workbook.worksheets[0]
    stranger = Person.objects.exclude(unit=approved.unit).first()
    sheet["D2"] = _other("", Rating)  # a good change on row 2: still nothing is written
    sheet["D3"] = "Rất tốt"  # unknown rating
    sheet["E4"] = "Phạt tiền"  # unknown discipline
    sheet["B5"] = "Someone Else"  # name mismatch
    sheet.append([stranger.pk, stranger.full_name, "", "", ""])  # another unit's person
    sheet.append([999999, "Nobody", "", "", ""])  # unknown ID
    last = sheet.max_row
    sheet.append([sheet["A6"].value, sheet["B6"].value, "", "", ""])  # duplicate of row 6
    before, history = _facts(approved), _history_count()

    response = _upload(client, approved, _save(workbook))

    assert response.status_code == 400
    rows = sorted(problem.row for problem in response.context["preview"].problems)
    assert rows == [3, 4, 5, last - 1, last, last + 1]
    assert response.content.count(b'data-testid="bad-row"') == 6
    assert b'data-row="3"' in response.content
    assert response.context["confirm"] is None
    assert _facts(approved) == before
    assert _history_count() == history


@pytest.mark.parametrize(
    "content",
    [b"", b"not an excel file", b"PK\x03\x04 broken zip"],
    ids=["empty", "text", "broken"],
)
def test_a_malformed_file_is_refused(demo, client, approved, content):
    client.force_login(demo["unit_head2"])
    before = _facts(approved)

    response = _upload(client, approved, content)

    assert response.status_code == 400
    assert _facts(approved) == before


def test_an_oversized_file_is_refused(demo, client, approved, settings):
    settings.STAFF_IMPORT_MAX_BYTES = 100
    client.force_login(demo["unit_head2"])
    workbook = _download(client, approved)
    before = _facts(approved)

    response = _upload(client, approved, _save(workbook))

    assert response.status_code == 400
    assert _facts(approved) == before


def _valid_preview(client, registration):
    workbook = _download(client, registration)
    sheet = workbook.worksheets[0]
    current = _facts(registration).get(sheet["A2"].value, ("", ""))[0]
    sheet["D2"] = _other(current, Rating)
    response = _upload(client, registration, _save(workbook))
    assert response.status_code == 200
    return response


def test_a_stale_confirmation_is_refused(demo, client, approved):
    client.force_login(demo["unit_head2"])
    preview = _valid_preview(client, approved)
    # Someone saves the year-end facts meanwhile.
    approved.save(update_fields=["updated_at"])
    before, history = _facts(approved), _history_count()

    response = client.post(_url("year_end_import_confirm", approved), _confirm_data(preview))

    assert response.status_code == 302
    assert response["Location"] == _url("year_end_import", approved)
    assert _facts(approved) == before
    assert _history_count() == history


def test_a_second_confirmation_is_refused(demo, client, approved):
    client.force_login(demo["unit_head2"])
    preview = _valid_preview(client, approved)
    data = _confirm_data(preview)
    assert client.post(_url("year_end_import_confirm", approved), data).status_code == 302
    after, history = _facts(approved), _history_count()

    again = client.post(_url("year_end_import_confirm", approved), data)

    assert again["Location"] == _url("year_end_import", approved)
    assert _facts(approved) == after
    assert _history_count() == history


def test_another_unit_head_gets_404_and_changes_nothing(demo, client, approved):
    client.force_login(demo["unit_head2"])
    preview = _valid_preview(client, approved)
    data = _confirm_data(preview)
    workbook = _download(client, approved)
    before, history = _facts(approved), _history_count()

    client.force_login(demo["unit_head"])
    assert client.get(_url("year_end_template", approved)).status_code == 404
    assert client.get(_url("year_end_import", approved)).status_code == 404
    assert _upload(client, approved, _save(workbook)).status_code == 404
    assert client.post(_url("year_end_import_confirm", approved), data).status_code == 404

    assert _facts(approved) == before
    assert _history_count() == history


def test_a_draft_registration_has_no_import(demo, client):
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    client.force_login(demo["unit_head2"])

    assert client.get(_url("year_end_template", registration)).status_code == 404
    assert client.get(_url("year_end_import", registration)).status_code == 404


def test_the_preview_takes_the_same_queries_for_two_rows_and_for_all(demo, client, approved):
    client.force_login(demo["unit_head2"])
    full = _download(client, approved)
    short = _download(client, approved)
    short.worksheets[0].delete_rows(4, short.worksheets[0].max_row)
    for workbook in (full, short):  # every row a change
        for row in workbook.worksheets[0].iter_rows(min_row=2):
            row[4].value = "reprimand" if row[4].value != _vi(Discipline, "reprimand") else ""
    counts = []
    assert approved.campaign.year  # loaded once, as the view's registration has it
    for workbook in (full, short):
        with CaptureQueriesContext(connection) as queries:
            preview = year_end_import_preview(registration=approved, data=_save(workbook))
        assert preview.is_valid and preview.has_changes
        counts.append(len(queries))
    assert full.worksheets[0].max_row > 5
    assert counts[0] == counts[1]
