import os
import unicodedata
import uuid
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from emulation_portal.exceptions import ApplicationError
from registrations.imports.staff import (
    staff_import_apply,
    staff_import_preview,
    staff_import_titles,
)
from registrations.models import IndividualTitleAim, Registration
from registrations.selectors.registrations import unit_staff
from registrations.services.registrations import registration_transition, registration_version_token
from registrations.workflow import Status
from units.models import Person

pytestmark = pytest.mark.django_db

History = IndividualTitleAim.history.model


# --- helpers ------------------------------------------------------------------------------


def _own_registration(demo, username="unit_head2"):
    return Registration.objects.get(unit=demo[username].portal_role.unit)


def _aims(registration):
    return set(
        IndividualTitleAim.objects.filter(registration=registration).values_list(
            "person_id", "title_id"
        )
    )


def _url(name, registration):
    return reverse(f"registrations:{name}", args=[registration.pk])


def _download(client, registration) -> list[list]:
    """The template's first sheet as rows of values (the header first)."""
    response = client.get(_url("import_template", registration))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, registration, content, name="danh-sach.xlsx"):
    return client.post(
        _url("import_staff", registration), {"file": SimpleUploadedFile(name, content)}
    )


def _confirm_data(response) -> dict:
    confirm = response.context["confirm"]
    return {"token": str(confirm["token"].value()), "version": confirm["version"].value()}


def _column(rows, code) -> int:
    return next(i for i, header in enumerate(rows[0]) if header and header.endswith(f"[{code}]"))


def _row_of(rows, person_id) -> int:
    """The index in ``rows``; the Excel row number is this plus one."""
    return next(i for i, row in enumerate(rows) if row[0] == person_id)


def _marked(rows):
    """Every (person id, title code) the sheet marks with x."""
    codes = {i: header.rsplit("[", 1)[1].rstrip("]") for i, header in enumerate(rows[0][3:], 3)}
    return {(row[0], codes[i]) for row in rows[1:] for i in codes if row[i] == "x"}


def _problem_rows(response) -> set:
    return {problem.row for problem in response.context["preview"].problems}


def _a_change(rows):
    """Mark the first person without CSTDCS for it: a good row next to the bad ones."""
    column = _column(rows, "CSTDCS")
    row = next(row for row in rows[1:] if row[column] != "x")
    row[column] = "x"
    return row[0]


# --- the template -------------------------------------------------------------------------


def test_template_has_the_staff_and_their_current_aims(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)

    response = client.get(_url("import_template", registration))
    rows = _download(client, registration)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        f"dang-ky-danh-hieu-hni-{registration.campaign.year}.xlsx"
        in (response["Content-Disposition"])
    )
    assert rows[0][0] == "ID"
    assert rows[0][3:] == [f"{t.name} [{t.code}]" for t in staff_import_titles()]
    staff = list(unit_staff(registration.unit))
    assert [row[0] for row in rows[1:]] == [p.pk for p in staff]
    assert [row[1] for row in rows[1:]] == [p.full_name for p in staff]
    current = set(
        IndividualTitleAim.objects.filter(registration=registration).values_list(
            "person_id", "title__code"
        )
    )
    assert current
    assert _marked(rows) == current


def test_template_has_an_instructions_sheet(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)

    response = client.get(_url("import_template", registration))

    workbook = load_workbook(BytesIO(response.content))
    assert len(workbook.worksheets) == 2
    assert workbook.worksheets[1].max_row >= 4


def test_import_page_offers_the_template_and_the_upload_form(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)

    page = client.get(_url("import_staff", registration)).content.decode()

    assert 'data-testid="download-template"' in page
    assert 'data-testid="upload-form"' in page
    assert 'accept=".xlsx' in page


# --- the round trip -----------------------------------------------------------------------


def test_round_trip_previews_then_writes_with_history(demo, client):
    user = demo["unit_head2"]
    client.force_login(user)
    registration = _own_registration(demo)
    rows = _download(client, registration)
    cstdcs, ldtt = _column(rows, "CSTDCS"), _column(rows, "LDTT")
    added = [row for row in rows[1:] if row[cstdcs] != "x"][:3]
    for row in added:
        row[cstdcs] = "x"
    removed = next(row for row in rows[1:] if row[ldtt] == "x")
    removed[ldtt] = None
    before = _aims(registration)
    history_before = History.objects.filter(registration_id=registration.pk).count()

    preview = _upload(client, registration, _xlsx(rows))

    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'data-testid="preview-table"' in page
    assert 'data-testid="confirm-import"' in page
    result = preview.context["preview"]
    assert (result.added_count, result.removed_count) == (3, 1)
    assert {c.person.pk for c in result.changes} == {r[0] for r in [*added, removed]}
    assert _aims(registration) == before  # nothing written yet

    response = client.post(_url("import_confirm", registration), _confirm_data(preview))

    assert response.status_code == 302
    assert response["Location"] == _url("edit", registration)
    titles = {t.code: t.pk for t in staff_import_titles()}
    expected = before | {(r[0], titles["CSTDCS"]) for r in added}
    expected -= {(removed[0], titles["LDTT"])}
    assert _aims(registration) == expected
    new_history = History.objects.filter(registration_id=registration.pk).order_by("history_id")
    new_history = list(new_history)[history_before:]
    assert sorted((h.history_type, h.person_id) for h in new_history) == sorted(
        [("+", r[0]) for r in added] + [("-", removed[0])]
    )
    assert {h.history_user for h in new_history} == {user}
    assert registration.history.latest("history_date").history_user == user


def test_confirm_touches_the_registration_so_open_editors_are_stale(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    token = registration_version_token(registration)
    rows = _download(client, registration)
    _a_change(rows)

    preview = _upload(client, registration, _xlsx(rows))
    client.post(_url("import_confirm", registration), _confirm_data(preview))

    registration.refresh_from_db()
    assert registration_version_token(registration) != token


def test_people_not_in_the_sheet_and_blank_rows_are_left_alone(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    ldtt = _column(rows, "LDTT")
    kept = next(row for row in rows[1:] if row[ldtt] == "x")
    kept[ldtt] = None
    blank = [None] * len(rows[0])
    before = _aims(registration)

    preview = _upload(client, registration, _xlsx([rows[0], blank, kept, blank]))
    client.post(_url("import_confirm", registration), _confirm_data(preview))

    assert preview.status_code == 200
    assert preview.context["preview"].rows_read == 1
    ldtt_id = next(t.pk for t in staff_import_titles() if t.code == "LDTT")
    assert _aims(registration) == before - {(kept[0], ldtt_id)}


def test_names_compare_without_case_spacing_or_unicode_form(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    person_id = _a_change(rows)
    row = rows[_row_of(rows, person_id)]
    row[1] = "  " + unicodedata.normalize("NFD", row[1].upper()).replace(" ", "  ") + " "

    response = _upload(client, registration, _xlsx(rows))

    assert response.status_code == 200
    assert response.context["preview"].added_count == 1


def test_a_template_in_either_language_is_read(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    person_id = _a_change(rows)
    rows[0][1], rows[0][2] = "Full name", "Position"  # as downloaded from the English page
    rows[_row_of(rows, person_id)][0] = f" {person_id} "  # an ID typed as text

    response = _upload(client, registration, _xlsx(rows))

    assert response.status_code == 200
    assert [c.person.pk for c in response.context["preview"].changes] == [person_id]


def test_an_unchanged_file_has_nothing_to_confirm(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)

    response = _upload(client, registration, _xlsx(_download(client, registration)))

    assert response.status_code == 200
    assert not response.context["preview"].has_changes
    assert 'data-testid="confirm-import"' not in response.content.decode()


# --- bad rows -----------------------------------------------------------------------------


def _unknown_id(rows, demo):
    rows.append([987654321, "Nguyễn Văn Không", "", *[None] * (len(rows[0]) - 3)])
    return len(rows)


def _other_units_person(rows, demo):
    outsider = Person.objects.exclude(unit=demo["unit_head2"].portal_role.unit).first()
    rows.append([outsider.pk, outsider.full_name, "", *[None] * (len(rows[0]) - 3)])
    return len(rows)


def _name_mismatch(rows, demo):
    rows[4][1], rows[5][1] = rows[5][1], rows[4][1]
    return 5


def _duplicate(rows, demo):
    rows.append(list(rows[3]))
    return len(rows)


def _bad_cell(rows, demo):
    rows[6][3] = "có"
    return 7


def _id_not_a_number(rows, demo):
    rows[2][0] = "abc"
    return 3


def _unknown_title_column(rows, demo):
    rows[0][-1] = "Danh hiệu lạ [KHONGCO]"
    return 1


def _unknown_column(rows, demo):
    rows[0].append("Ghi chú")
    return 1


@pytest.mark.parametrize(
    "spoil",
    [
        _unknown_id,
        _other_units_person,
        _name_mismatch,
        _duplicate,
        _bad_cell,
        _id_not_a_number,
        _unknown_title_column,
        _unknown_column,
    ],
)
def test_any_bad_row_refuses_the_whole_file(demo, client, spoil):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    _a_change(rows)  # a good change that must not be written either
    bad_row = spoil(rows, demo)
    before = _aims(registration)

    response = _upload(client, registration, _xlsx(rows))

    assert response.status_code == 400
    assert bad_row in _problem_rows(response)
    page = response.content.decode()
    assert 'data-testid="bad-rows"' in page
    assert f'data-row="{bad_row}"' in page
    assert 'data-testid="confirm-import"' not in page
    assert response.context["confirm"] is None
    assert _aims(registration) == before


def test_another_units_person_is_not_revealed(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    outsider = Person.objects.exclude(unit=registration.unit).first()
    rows.append([outsider.pk, "Tên bất kỳ", "", *[None] * (len(rows[0]) - 3)])

    response = _upload(client, registration, _xlsx(rows))

    assert response.status_code == 400
    assert outsider.full_name not in response.content.decode()
    [problem] = response.context["preview"].problems
    nobody = _upload(
        client,
        registration,
        _xlsx([*rows[:-1], [987654321, "Tên bất kỳ", "", *[None] * (len(rows[0]) - 3)]]),
    )
    # The same reason as for an ID that does not exist.
    [unknown] = nobody.context["preview"].problems
    assert problem.reason.replace(str(outsider.pk), "?") == unknown.reason.replace("987654321", "?")


def test_every_bad_row_is_listed(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    rows[2][3] = "v"
    rows[5][1] = "Ai đó"
    rows[7][4] = 1

    response = _upload(client, registration, _xlsx(rows))

    assert response.status_code == 400
    assert _problem_rows(response) == {3, 6, 8}


def test_a_person_twice_is_caught_even_when_the_first_row_is_bad(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    rows[2][3] = "?"
    rows.append(list(rows[2]))

    response = _upload(client, registration, _xlsx(rows))

    assert response.status_code == 400
    assert _problem_rows(response) == {3, len(rows)}


def test_a_missing_id_column_is_refused(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    rows[0][0] = "Mã"

    response = _upload(client, registration, _xlsx(rows))

    assert response.status_code == 400
    assert _problem_rows(response) == {1}


# --- bad files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("danh-sach.xlsx", os.urandom(4096)),
        ("danh-sach.xlsx", "ID,Họ và tên\n1,Nguyễn Văn A\n".encode()),
        ("danh-sach.csv", "ID,Họ và tên\n1,Nguyễn Văn A\n".encode()),
        ("danh-sach.xlsx", b"PK\x03\x04" + os.urandom(2048)),
    ],
    ids=["random-bytes", "csv-named-xlsx", "csv", "broken-zip"],
)
def test_a_malformed_file_is_refused_clearly(demo, client, name, content):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    before = _aims(registration)

    response = _upload(client, registration, content, name=name)

    assert response.status_code == 400
    assert _problem_rows(response) == {None}
    assert 'data-testid="confirm-import"' not in response.content.decode()
    assert _aims(registration) == before


def test_a_zip_that_is_not_a_workbook_is_refused(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("hello.txt", "xin chào")

    response = _upload(client, registration, archive.getvalue())

    assert response.status_code == 400
    assert _problem_rows(response) == {None}


def test_an_empty_file_is_refused(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)

    response = _upload(client, registration, b"")

    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'data-testid="upload-form"' in response.content.decode()


def test_a_sheet_without_header_is_refused(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)

    response = _upload(client, registration, _xlsx([]))

    assert response.status_code == 400
    assert _problem_rows(response) == {1}


def test_an_oversized_file_is_refused(demo, client, settings):
    settings.STAFF_IMPORT_MAX_BYTES = 1024
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    _a_change(rows)
    before = _aims(registration)

    response = _upload(client, registration, _xlsx(rows))

    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert _aims(registration) == before
    # The check does not rely on the form alone.
    preview = staff_import_preview(registration=registration, data=_xlsx(rows))
    assert [p.row for p in preview.problems] == [None]


def test_a_file_that_unzips_to_far_more_than_the_limit_is_refused(demo, client, settings):
    """A zip bomb: small to upload, huge once unpacked. Refused before it is read."""
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    _a_change(rows)
    workbook = BytesIO(_xlsx(rows))
    with zipfile.ZipFile(workbook, "a", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("xl/padding.bin", b"\0" * (8 * 1024 * 1024))
    data = workbook.getvalue()
    settings.STAFF_IMPORT_MAX_BYTES = len(data) + 1  # the upload itself is small enough
    before = _aims(registration)

    response = _upload(client, registration, data)

    assert response.status_code == 400
    assert _problem_rows(response) == {None}
    assert "Tệp được nén tới" in response.content.decode()  # says why, in Vietnamese
    assert _aims(registration) == before


def test_too_many_rows_are_refused(demo, client, settings):
    settings.STAFF_IMPORT_MAX_ROWS = 5
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)

    response = _upload(client, registration, _xlsx(_download(client, registration)))

    assert response.status_code == 400
    assert _problem_rows(response) == {7}


# --- confirming ---------------------------------------------------------------------------


def test_a_stale_confirm_is_refused_and_changes_nothing(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    _a_change(rows)
    preview = _upload(client, registration, _xlsx(rows))
    Registration.objects.get(pk=registration.pk).save(update_fields=["updated_at"])
    before = _aims(registration)

    response = client.post(_url("import_confirm", registration), _confirm_data(preview))

    assert response.status_code == 302
    assert response["Location"] == _url("import_staff", registration)
    assert _aims(registration) == before


def test_double_confirm_applies_once(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    _a_change(rows)
    preview = _upload(client, registration, _xlsx(rows))
    data = _confirm_data(preview)

    client.post(_url("import_confirm", registration), data)
    after_first = (_aims(registration), History.objects.count())
    second = client.post(_url("import_confirm", registration), data, follow=True)

    assert second.status_code == 200
    assert (_aims(registration), History.objects.count()) == after_first
    assert [m.level_tag for m in second.context["messages"]][-1] == "error"


def test_only_the_latest_upload_can_be_confirmed(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    _a_change(rows)
    first = _upload(client, registration, _xlsx(rows))
    _upload(client, registration, _xlsx(rows))
    before = _aims(registration)

    client.post(_url("import_confirm", registration), _confirm_data(first))

    assert _aims(registration) == before


@pytest.mark.parametrize(
    "token", ["../../../etc/passwd", "not-a-uuid", "", str(uuid.uuid4())], ids=repr
)
def test_a_forged_confirm_changes_nothing(demo, client, token):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    before = _aims(registration)

    response = client.post(
        _url("import_confirm", registration),
        {"token": token, "version": registration_version_token(registration)},
        follow=True,
    )

    assert response.status_code == 200
    assert _aims(registration) == before
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_upload_is_deleted_once_applied(demo, client):
    user = demo["unit_head2"]
    client.force_login(user)
    registration = _own_registration(demo)
    rows = _download(client, registration)
    _a_change(rows)
    preview = _upload(client, registration, _xlsx(rows))
    token = _confirm_data(preview)["token"]
    path = f"imports/{registration.pk}/{user.pk}/{token}.xlsx"
    assert default_storage.exists(path)

    client.post(_url("import_confirm", registration), _confirm_data(preview))

    assert not default_storage.exists(path)


# --- who may import -----------------------------------------------------------------------


def _pending_upload(client, demo):
    """unit_head2 uploads a valid file with changes; returns its confirm data."""
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = _download(client, registration)
    _a_change(rows)
    preview = _upload(client, registration, _xlsx(rows))
    assert preview.status_code == 200
    return registration, rows, _confirm_data(preview)


def test_another_unit_head_gets_404_and_changes_nothing(demo, client):
    registration, rows, confirm = _pending_upload(client, demo)
    before = (_aims(registration), registration_version_token(registration))
    client.force_login(demo["unit_head"])

    responses = [
        client.get(_url("import_staff", registration)),
        client.get(_url("import_template", registration)),
        _upload(client, registration, _xlsx(rows)),
        client.post(_url("import_confirm", registration), confirm),
    ]

    assert [r.status_code for r in responses] == [404] * 4
    registration.refresh_from_db()
    assert (_aims(registration), registration_version_token(registration)) == before


def test_a_reviewer_is_sent_away_and_changes_nothing(demo, client):
    registration, rows, confirm = _pending_upload(client, demo)
    before = _aims(registration)
    client.force_login(demo["reviewer"])

    responses = [
        client.get(_url("import_staff", registration)),
        client.get(_url("import_template", registration)),
        _upload(client, registration, _xlsx(rows)),
        client.post(_url("import_confirm", registration), confirm),
    ]

    assert {r.status_code for r in responses} <= {302, 404}
    for response in responses:
        if response.status_code == 302:
            assert response["Location"] == _url("detail", registration)
    assert _aims(registration) == before


def test_a_submitted_registration_cannot_be_imported_into(demo, client):
    registration, rows, confirm = _pending_upload(client, demo)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    registration.refresh_from_db()
    before = _aims(registration)

    responses = [
        client.get(_url("import_staff", registration)),
        _upload(client, registration, _xlsx(rows)),
        client.post(_url("import_confirm", registration), confirm),
    ]

    assert [r.status_code for r in responses] == [302] * 3
    assert {r["Location"] for r in responses} == {_url("detail", registration)}
    assert _aims(registration) == before
    with pytest.raises(ApplicationError):
        staff_import_apply(
            registration=registration,
            actor=demo["unit_head2"],
            data=_xlsx(rows),
            version=registration_version_token(registration),
        )
    assert _aims(registration) == before


def test_apply_refuses_an_actor_from_another_unit(demo, client):
    registration, rows, _confirm = _pending_upload(client, demo)
    before = _aims(registration)

    with pytest.raises(PermissionDenied):
        staff_import_apply(
            registration=registration,
            actor=demo["unit_head"],
            data=_xlsx(rows),
            version=registration_version_token(registration),
        )
    assert _aims(registration) == before


# --- cost ---------------------------------------------------------------------------------


def test_checking_and_applying_take_a_fixed_number_of_queries(
    demo, client, django_assert_max_num_queries
):
    user = demo["unit_head2"]
    client.force_login(user)
    registration = _own_registration(demo)
    rows = _download(client, registration)
    assert len(rows) > 20
    cstdcs, ldtt = _column(rows, "CSTDCS"), _column(rows, "LDTT")
    for row in rows[1:]:
        row[cstdcs] = None if row[cstdcs] == "x" else "x"
        row[ldtt] = None if row[ldtt] == "x" else "x"
    data = _xlsx(rows)

    with django_assert_max_num_queries(4):
        preview = staff_import_preview(registration=registration, data=data)
    assert preview.added_count + preview.removed_count == 2 * (len(rows) - 1)

    with django_assert_max_num_queries(14):
        staff_import_apply(
            registration=registration,
            actor=user,
            data=data,
            version=registration_version_token(registration),
        )
    assert History.objects.filter(
        registration_id=registration.pk, history_type="-", history_user=user
    ).count() == len(preview.to_remove)
