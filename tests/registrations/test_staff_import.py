import os
import unicodedata
import uuid
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.translation import gettext
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

    # 4 to read and compare, the rest the rule checks' (registration_facts), for any size.
    with django_assert_max_num_queries(13):
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


# --- lists in the unit's own layout (issue 16) ----------------------------------------------


def _people(registration, count=3):
    """``count`` members of the unit's staff with a name no colleague shares."""
    staff = list(unit_staff(registration.unit))
    names = {}
    for person in staff:
        names.setdefault(person.full_name.casefold(), []).append(person)
    unique = [person for person in staff if len(names[person.full_name.casefold()]) == 1]
    assert len(unique) >= count
    return unique[:count]


def _titles(*codes):
    by_code = {title.code: title for title in staff_import_titles()}
    return [by_code[code] for code in codes]


def _written(registration, people, wanted, in_scope):
    """The aims expected after the import: the listed people's aims among the ``in_scope``
    titles are those of ``wanted`` (person -> titles), everything else as it was."""
    ids = {person.pk for person in people}
    scope = {title.pk for title in in_scope}
    kept = {(p, t) for p, t in _aims(registration) if p not in ids or t not in scope}
    return kept | {(person.pk, title.pk) for person, titles in wanted.items() for title in titles}


def _preview_then_confirm(client, registration, content):
    response = _upload(client, registration, content)
    assert response.status_code == 200, [p.reason for p in response.context["preview"].problems]
    preview = response.context["preview"]
    assert preview.is_valid and preview.has_changes
    confirmed = client.post(_url("import_confirm", registration), _confirm_data(response))
    assert confirmed.status_code == 302
    return response


def _mapping(response):
    return {c.letter: (c.header, c.read_as) for c in response.context["preview"].column_mapping}


def test_a_list_with_title_rows_stt_and_a_titles_column_is_imported(demo, client):
    from tests.sheet_files import SIGNATURES, TITLE_ROWS, xlsx

    user = demo["unit_head2"]
    client.force_login(user)
    registration = _own_registration(demo)
    first, second, third = _people(registration)
    ldtt, cstdcs, cstd_bo = _titles("LDTT", "CSTDCS", "CSTD_BO")
    wanted = {first: [ldtt], second: [ldtt, cstdcs], third: [ldtt, cstdcs, cstd_bo]}
    expected = _written(registration, list(wanted), wanted, staff_import_titles())
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu thi đua / Hình thức khen thưởng"],
        [1, first.full_name, first.birth_date.strftime("%d/%m/%Y"), first.position, "LĐTT"],
        [2, second.full_name, second.birth_date.strftime("%d/%m/%Y"), "", "lđtt; CSTĐCS"],
        [
            3,
            f"  {third.full_name.upper()} ",
            third.birth_date.strftime("%d/%m/%Y"),
            third.position,
            "Lao động tiên tiến,\nChiến sĩ thi đua cơ sở\nCSTĐ cấp Bộ",
        ],
        [4, None, None, None, None],  # an empty numbered row of the form
        *SIGNATURES,
    ]

    response = _preview_then_confirm(
        client, registration, xlsx(rows, merges=["A1:E1", "A2:E2", "A4:E4"])
    )

    # The labels render in the page's language (vi in the tests), hence gettext here.
    assert _mapping(response) == {
        "A": ("STT", gettext("No.")),
        "B": ("Họ và tên", gettext("Full name")),
        "C": ("Ngày sinh", gettext("Date of birth")),
        "D": ("Chức vụ", gettext("Position")),
        "E": ("Danh hiệu thi đua / Hình thức khen thưởng", gettext("Titles")),
    }
    assert response.context["preview"].rows_read == 3
    assert 'data-testid="column-mapping"' in response.content.decode()
    assert _aims(registration) == expected
    assert History.objects.filter(
        registration_id=registration.pk, history_type="+", history_user=user
    ).exists()


def test_a_grid_with_a_two_row_header_and_x_marks_is_imported(demo, client):
    from tests.sheet_files import TITLE_ROWS, xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, second, third = _people(registration)
    ldtt, cstdcs, cstd_bo = _titles("LDTT", "CSTDCS", "CSTD_BO")
    wanted = {first: [ldtt, cstdcs], second: [], third: [cstd_bo]}
    expected = _written(registration, list(wanted), wanted, [ldtt, cstdcs, cstd_bo])
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Danh hiệu đăng ký", None, None, "Ghi chú"],
        [None, None, None, None, "LĐTT", "CSTĐCS", "CSTĐ cấp Bộ", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        [1, first.full_name, first.birth_date.year, first.position, "x", "X", None, None],
        [2, second.full_name, second.birth_date.year, second.position, None, "0", "", "nghỉ"],
        [3, third.full_name, third.birth_date.year, third.position, "không", None, "✓", None],
        [],
        [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"],
    ]
    merges = ["A6:A7", "B6:B7", "C6:C7", "D6:D7", "H6:H7", "E6:G6"]

    response = _preview_then_confirm(client, registration, xlsx(rows, merges=merges))

    mapping = _mapping(response)
    assert mapping["E"][0] == "Danh hiệu đăng ký / LĐTT"
    assert ldtt.name in mapping["E"][1]
    assert set(response.context["preview"].titles) == {ldtt, cstdcs, cstd_bo}
    assert mapping["H"] == ("Ghi chú", gettext("Notes"))
    assert _aims(registration) == expected


def test_codes_from_the_workbooks_list_sheet_nfd_names_and_excel_dates(demo, client):
    from tests.sheet_files import xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, second, _third = _people(registration)
    ldtt, cstdcs = _titles("LDTT", "CSTDCS")
    wanted = {first: [ldtt, cstdcs], second: [ldtt]}
    expected = _written(registration, list(wanted), wanted, staff_import_titles())
    codes = [
        ["DANH MỤC DANH HIỆU THI ĐUA"],
        ["STT", "Mã", "Tên danh hiệu"],
        [1, "DH01", "Lao động tiên tiến"],
        [2, "DH02", "Chiến sĩ thi đua cơ sở"],
    ]
    rows = [
        ["ĐƠN VỊ: PHÒNG TỔ CHỨC"],
        [],
        ["TT", "HỌ VÀ TÊN", "NGÀY, THÁNG, NĂM SINH", "Danh hiệu đề nghị"],
        [1, unicodedata.normalize("NFD", first.full_name), first.birth_date, "DH01, DH02"],
        [2, unicodedata.normalize("NFD", second.full_name), second.birth_date, "dh01"],
    ]

    _preview_then_confirm(client, registration, xlsx(rows, sheets={"Danh mục": codes}))

    assert _aims(registration) == expected


def test_a_list_typed_in_tcvn3_is_converted_and_the_conversion_shown(demo, client):
    from tests.sheet_files import to_tcvn3, xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, second, _third = _people(registration)
    ldtt, cstdcs = _titles("LDTT", "CSTDCS")
    wanted = {first: [ldtt], second: [cstdcs]}
    expected = _written(registration, list(wanted), wanted, staff_import_titles())
    rows = [
        [to_tcvn3("Bộ Tài nguyên và Môi trường")],
        [to_tcvn3("Danh sách đăng ký thi đua")],
        ["STT", to_tcvn3("Họ và tên"), to_tcvn3("Ngày sinh"), to_tcvn3("Danh hiệu thi đua")],
        [1, to_tcvn3(first.full_name), first.birth_date.strftime("%d/%m/%Y"), "LĐTT"],
        [
            2,
            to_tcvn3(second.full_name),
            second.birth_date.strftime("%d/%m/%Y"),
            to_tcvn3(cstdcs.name),
        ],
        [None, to_tcvn3("Người lập biểu")],
    ]

    response = _preview_then_confirm(client, registration, xlsx(rows))

    conversions = response.context["preview"].conversions
    assert ("B4", first.full_name, "TCVN3") in {
        (c.cell, c.converted, c.encoding) for c in conversions
    }
    assert 'data-testid="conversions"' in response.content.decode()
    assert _aims(registration) == expected


def test_a_list_typed_in_vni_without_dates_is_matched_by_name(demo, client):
    from tests.sheet_files import to_vni, xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, second, _third = _people(registration)
    ldtt, cstdcs = _titles("LDTT", "CSTDCS")
    wanted = {first: [ldtt, cstdcs], second: [ldtt]}
    expected = _written(registration, list(wanted), wanted, staff_import_titles())
    rows = [
        [to_vni("DANH SÁCH CÁ NHÂN ĐĂNG KÝ THI ĐUA")],
        [],
        [to_vni("Số TT"), to_vni("Họ tên"), to_vni("Chức danh"), to_vni("Hình thức khen thưởng")],
        [
            "=1",
            to_vni(first.full_name),
            to_vni(first.position),
            to_vni("Lao động tiên tiến, CSTĐCS"),
        ],
        ["=A4+1", to_vni(second.full_name), to_vni(second.position), "LĐTT"],
    ]
    from tests.sheet_files import with_cached_values

    content = with_cached_values(xlsx(rows), {"A4": 1, "A5": 2})

    response = _preview_then_confirm(client, registration, content)

    assert {c.encoding for c in response.context["preview"].conversions} == {"VNI"}
    assert _aims(registration) == expected


def test_namesakes_are_told_apart_by_date_of_birth_or_position(demo, client):
    from tests.sheet_files import xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, _second, _third = _people(registration)
    namesake = Person.objects.create(
        unit=registration.unit,
        full_name=first.full_name,
        birth_date=first.birth_date.replace(year=first.birth_date.year - 1),
        position="Chuyên viên chính" if first.position != "Chuyên viên chính" else "Kế toán",
    )
    ldtt, cstdcs = _titles("LDTT", "CSTDCS")
    rows = [
        ["Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu"],
        [first.full_name, first.birth_date.strftime("%d/%m/%Y"), "", "LĐTT"],
        [namesake.full_name, None, namesake.position, "CSTĐCS"],
    ]
    wanted = {first: [ldtt], namesake: [cstdcs]}
    expected = _written(registration, list(wanted), wanted, staff_import_titles())

    _preview_then_confirm(client, registration, xlsx(rows))

    assert _aims(registration) == expected


@pytest.mark.parametrize(
    "spoil",
    ["bad_title", "collective_title", "bad_date", "bad_mark", "twice"],
)
def test_a_bad_row_of_an_own_layout_refuses_the_file(demo, client, spoil):
    """(A person not in the staff, or namesakes the file cannot tell apart, are not bad
    rows: the head resolves them on the preview, see the tests below.)"""
    from tests.sheet_files import xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, second, _third = _people(registration)
    before = _aims(registration)
    good = [1, first.full_name, first.birth_date.strftime("%d/%m/%Y"), "LĐTT", None]
    bad = [2, second.full_name, second.birth_date.strftime("%d/%m/%Y"), "CSTĐCS", None]
    if spoil == "bad_title":
        bad[3] = "Huân chương vàng"
    elif spoil == "collective_title":
        bad[3] = "TTLĐTT"
    elif spoil == "bad_date":
        bad[2] = "31/02/1980"
    elif spoil == "bad_mark":
        bad[4] = "có lẽ"
    elif spoil == "twice":
        bad[1:3] = good[1:3]
    rows = [["STT", "Họ và tên", "Ngày sinh", "Danh hiệu", "LĐTT"], good, bad]

    response = _upload(client, registration, xlsx(rows))

    assert response.status_code == 400
    assert _problem_rows(response) == {3}
    assert 'data-testid="confirm-import"' not in response.content.decode()
    assert _aims(registration) == before


def test_an_unknown_column_of_an_own_layout_is_refused_at_its_header(demo, client):
    from tests.sheet_files import xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, _second, _third = _people(registration)
    rows = [
        ["DANH SÁCH"],
        ["STT", "Họ và tên", "Số điện thoại", "Danh hiệu"],
        [1, first.full_name, "0912345678", "LĐTT"],
    ]

    response = _upload(client, registration, xlsx(rows))

    assert response.status_code == 400
    assert _problem_rows(response) == {2}
    assert "C" in response.context["preview"].problems[0].reason
    mapping = _mapping(response)
    assert mapping["C"] == ("Số điện thoại", "")


def test_two_candidate_headers_are_refused(demo, client):
    from tests.sheet_files import xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    rows = [
        ["STT", "Họ và tên", "Danh hiệu"],
        [1, "A", "LĐTT"],
        ["STT", "Họ tên", "Danh hiệu đề nghị"],
        [1, "B", "LĐTT"],
    ]

    response = _upload(client, registration, xlsx(rows))

    assert response.status_code == 400
    assert _problem_rows(response) == {3}


def test_formulas_without_cached_values_are_refused(demo, client):
    from tests.sheet_files import xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, _second, _third = _people(registration)
    rows = [["STT", "Họ và tên", "Danh hiệu"], ["=1", first.full_name, "LĐTT"]]

    response = _upload(client, registration, xlsx(rows))

    assert response.status_code == 400
    assert _problem_rows(response) == {None}
    assert "Excel" in response.context["preview"].problems[0].reason


def test_checking_an_own_layout_takes_a_fixed_number_of_queries(
    demo, client, django_assert_max_num_queries
):
    from tests.sheet_files import TITLE_ROWS, xlsx

    registration = _own_registration(demo)
    staff = _people(registration, count=20)
    rows = [*TITLE_ROWS, ["STT", "Họ và tên", "Ngày sinh", "Danh hiệu"]]
    rows += [
        [i, p.full_name, p.birth_date.strftime("%d/%m/%Y"), "LĐTT, CSTĐCS"]
        for i, p in enumerate(staff, 1)
    ]

    # 5 to read, place and compare (the layout's remembered mapping is one), 9 the rule checks'.
    with django_assert_max_num_queries(14):
        preview = staff_import_preview(registration=registration, data=xlsx(rows))

    assert preview.is_valid
    assert preview.rows_read == 20


def _remap_data(response, **placing) -> dict:
    """The preview's mapping form as shown, with ``placing`` (column letter -> value)
    changed."""
    preview = response.context["preview"]
    data = {
        "token": str(response.context["remap"]["token"]),
        "layout": preview.layout,
        "file_name": "danh-sach.xlsx",
    }
    for column in preview.column_mapping:
        data[f"column_{column.index}"] = column.value if column.used else ""
    for letter, value in placing.items():
        index = next(c.index for c in preview.column_mapping if c.letter == letter)
        data[f"column_{index}"] = value
    return data


def _list_with_a_column_the_reader_does_not_know(registration):
    from tests.sheet_files import TITLE_ROWS, xlsx

    first, second, _third = _people(registration)
    rows = [
        *TITLE_ROWS,
        ["STT", "Cán bộ", "Ngày sinh", "Đăng ký", "Số điện thoại"],
        [1, first.full_name, first.birth_date.strftime("%d/%m/%Y"), "LĐTT", "0912345678"],
        [2, second.full_name, second.birth_date.strftime("%d/%m/%Y"), "LĐTT, CSTĐCS", ""],
    ]
    return (first, second), xlsx(rows)


def test_the_unit_head_corrects_a_columns_reading_and_the_layout_is_remembered(demo, client):
    """ "Cán bộ" and "Đăng ký" are not names the reader knows and "Số điện thoại" is no
    field: the head says what they hold, the file is read again, and the next file in the
    same layout is read so from the start."""
    from registrations.models import ColumnMapping

    user = demo["unit_head2"]
    client.force_login(user)
    registration = _own_registration(demo)
    (first, second), content = _list_with_a_column_the_reader_does_not_know(registration)
    ldtt, cstdcs = _titles("LDTT", "CSTDCS")

    refused = _upload(client, registration, content)
    assert refused.status_code == 400
    assert refused.context["confirm"] is None
    assert 'data-testid="remap-form"' in refused.content.decode()

    remapped = client.post(
        _url("import_remap", registration),
        _remap_data(refused, B="full_name", D="titles", E=""),
    )

    assert remapped.status_code == 200, [p.reason for p in remapped.context["preview"].problems]
    preview = remapped.context["preview"]
    assert preview.is_valid and preview.layout_remembered
    assert preview.rows_read == 2 and preview.matched_rows == 2
    mapping = ColumnMapping.objects.get(unit=registration.unit, layout=preview.layout)
    assert mapping.saved_by == user
    assert mapping.history.filter(history_user=user).exists()

    again = _upload(client, registration, content)
    assert again.status_code == 200
    assert again.context["preview"].layout_remembered
    assert 'data-testid="layout-remembered"' in again.content.decode()
    client.post(_url("import_confirm", registration), _confirm_data(again))
    assert {(first.pk, ldtt.pk), (second.pk, cstdcs.pk)} <= _aims(registration)


def test_a_forged_or_twice_placed_mapping_changes_nothing(demo, client):
    from registrations.models import ColumnMapping

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    _listed, content = _list_with_a_column_the_reader_does_not_know(registration)
    refused = _upload(client, registration, content)

    forged = client.post(_url("import_remap", registration), _remap_data(refused, B="is_superuser"))
    assert forged.status_code == 400
    twice = client.post(
        _url("import_remap", registration), _remap_data(forged, B="full_name", D="full_name")
    )
    assert twice.status_code == 400
    assert not ColumnMapping.objects.filter(unit=registration.unit).exists()
    assert _aims(registration) == _aims(Registration.objects.get(pk=registration.pk))


def test_another_units_head_cannot_remap_this_units_upload(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    _listed, content = _list_with_a_column_the_reader_does_not_know(registration)
    refused = _upload(client, registration, content)
    client.force_login(demo["unit_head"])

    response = client.post(_url("import_remap", registration), _remap_data(refused, B="full_name"))

    assert response.status_code == 404


def test_the_preview_shows_the_rule_checks_on_the_registration_as_the_import_leaves_it(
    demo, client
):
    """A title the rules refuse (CSTĐ cấp Bộ without two CSTĐCS years before) is an error on
    the preview, before anything is confirmed; the saved registration is unchanged."""
    from tests.sheet_files import TITLE_ROWS, xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    before = _aims(registration)
    aiming = {person_id for person_id, _title in before}
    newcomer = next(p for p in unit_staff(registration.unit) if p.pk not in aiming)
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Ngày sinh", "Danh hiệu thi đua"],
        [1, newcomer.full_name, newcomer.birth_date.strftime("%d/%m/%Y"), "CSTĐ cấp Bộ"],
    ]

    response = _upload(client, registration, xlsx(rows))

    assert response.status_code == 200
    errors = response.context["finding_errors"]
    assert any(f.person_id == newcomer.pk and f.title_code == "CSTD_BO" for f in errors)
    assert 'data-testid="rule-findings"' in response.content.decode()
    assert _aims(registration) == before


def test_a_person_not_in_the_staff_is_added_only_when_the_head_ticks_them(demo, client):
    """Two newcomers: the head ticks one. That one joins the staff (history with the head)
    with the titles of the row; the other row is left out; nothing else changes."""
    from tests.sheet_files import TITLE_ROWS, xlsx
    from units.models import Person

    user = demo["unit_head2"]
    client.force_login(user)
    registration = _own_registration(demo)
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu thi đua"],
        [1, "Phạm Thị  Mới", "12/03/1990", "Chuyên viên", "LĐTT"],
        [2, "Vũ Văn Khác", "01/01/1985", "", "LĐTT"],
    ]
    staff_before = registration.unit.staff.count()

    response = _upload(client, registration, xlsx(rows))

    assert response.status_code == 200
    unknown = response.context["preview"].unknown
    assert [(p.row, p.full_name) for p in unknown] == [(7, "Phạm Thị Mới"), (8, "Vũ Văn Khác")]
    assert registration.unit.staff.count() == staff_before  # nothing until confirmed
    data = {**_confirm_data(response), "add_row": ["7", "99"]}  # 99: no such row, ignored

    confirmed = client.post(_url("import_confirm", registration), data)

    assert confirmed.status_code == 302
    newcomer = Person.objects.get(unit=registration.unit, full_name="Phạm Thị Mới")
    assert newcomer.birth_date.isoformat() == "1990-03-12"
    assert newcomer.position == "Chuyên viên"
    assert newcomer.history.get().history_user == user
    assert registration.unit.staff.count() == staff_before + 1
    assert {(newcomer.pk, _titles("LDTT")[0].pk)} <= _aims(registration)
    assert not Person.objects.filter(full_name="Vũ Văn Khác").exists()


def test_the_command_line_still_refuses_people_not_in_the_staff(demo, tmp_path):
    from django.core.management import call_command

    from tests.sheet_files import TITLE_ROWS, xlsx

    registration = _own_registration(demo)
    path = tmp_path / "moi.xlsx"
    path.write_bytes(
        xlsx([*TITLE_ROWS, ["STT", "Họ và tên", "Danh hiệu"], [1, "Phạm Thị Mới", "LĐTT"]])
    )
    with pytest.raises(CommandError):
        call_command("import_list", str(path), unit=registration.unit.code, dry_run=True)


def test_the_head_chooses_which_namesake_a_row_means(demo, client):
    """Two members of staff share a name and the row gives no date of birth: the preview
    lists the row with both; the head's choice gets the titles. A forged choice (a person
    who is not one of the namesakes) leaves the row out."""
    from tests.sheet_files import TITLE_ROWS, xlsx

    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    first, second, _third = _people(registration)
    namesake = Person.objects.create(
        unit=registration.unit, full_name=first.full_name, position="Kế toán"
    )
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Danh hiệu thi đua"],
        [1, first.full_name, "CSTĐCS"],
    ]
    response = _upload(client, registration, xlsx(rows))

    assert response.status_code == 200
    (row,) = response.context["preview"].ambiguous
    assert {p.pk for p in row.candidates} == {first.pk, namesake.pk}
    assert 'data-testid="ambiguous-people"' in response.content.decode()
    cstdcs = _titles("CSTDCS")[0]
    before = _aims(registration)

    forged = {**_confirm_data(response), f"choose_{row.row}": str(second.pk)}
    client.post(_url("import_confirm", registration), forged)
    assert _aims(registration) == before

    response = _upload(client, registration, xlsx(rows))
    chosen = {**_confirm_data(response), f"choose_{row.row}": str(namesake.pk)}
    assert client.post(_url("import_confirm", registration), chosen).status_code == 302
    assert _aims(registration) == before | {(namesake.pk, cstdcs.pk)}
