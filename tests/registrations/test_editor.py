from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from campaigns.selectors import campaign_current
from criteria.models import Title
from registrations.models import DeadlineExtension, IndividualTitleAim, Registration, Target
from registrations.services.registrations import (
    registration_start,
    registration_transition,
    registration_version_token,
)
from registrations.workflow import Status
from units.models import Person, Unit

pytestmark = pytest.mark.django_db


def _own_registration(demo, username="unit_head2"):
    return Registration.objects.get(unit=demo[username].portal_role.unit)


def _editor_post(client, registration, **overrides):
    """A valid editor submission built from what the editor page itself renders."""
    page = client.get(reverse("registrations:edit", args=[registration.pk]))
    data = {}
    for form in (page.context["targets"], page.context["initiatives"]):
        mgmt = form.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{form.prefix}-{name}"] = mgmt[name].value()
        for sub in form.forms:
            for field in sub:
                value = field.value()
                if value is None or value is False:
                    continue
                if isinstance(value, list | tuple):
                    data[field.html_name] = [str(v) for v in value]
                else:
                    data[field.html_name] = str(value)
    titles = page.context["titles"]
    data["version"] = titles["version"].value()
    data["collective_titles"] = [str(v) for v in titles["collective_titles"].value()]
    for _person, field in titles.staff_rows():
        data[field.html_name] = [str(pk) for pk in field.value() or []]
    data.update(overrides)
    return data


def test_unit_head_starts_a_registration_once(demo, client):
    client.force_login(demo["unit_head"])
    unit = demo["unit_head"].portal_role.unit

    first = client.post(reverse("registrations:start"))
    second = client.post(reverse("registrations:start"))

    registration = Registration.objects.get(unit=unit)
    assert (
        first["Location"]
        == second["Location"]
        == reverse("registrations:edit", args=[registration.pk])
    )
    assert registration.history.count() == 1


def test_editor_prefills_one_target_per_collective_criterion(demo, client):
    client.force_login(demo["unit_head"])
    client.post(reverse("registrations:start"))
    registration = Registration.objects.get(unit=demo["unit_head"].portal_role.unit)

    page = client.get(reverse("registrations:edit", args=[registration.pk]))

    assert len(page.context["targets"].forms) == 5
    assert page.context["targets"].forms[0].initial["criterion"]


def test_save_records_every_change_with_who_and_when(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    before = Target.history.filter(registration_id=registration.pk).count()
    data = _editor_post(client, registration)
    data["targets-0-planned_value"] = "95"

    response = client.post(reverse("registrations:edit", args=[registration.pk]), data)

    assert response.status_code == 302
    target = registration.targets.get(position=1)
    assert target.planned_value == 95
    last = Target.history.filter(id=target.pk).latest("history_date")
    assert last.history_user == demo["unit_head2"]
    assert Target.history.filter(registration_id=registration.pk).count() > before


def test_stale_form_is_refused_and_changes_nothing(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    data = _editor_post(client, registration, version="2000-01-01T00:00:00+00:00")
    data["targets-0-planned_value"] = "1"

    response = client.post(reverse("registrations:edit", args=[registration.pk]), data, follow=True)

    assert "Không có gì được lưu" in response.content.decode()
    assert registration.targets.get(position=1).planned_value != 1


def test_forged_author_from_another_unit_is_refused(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    outsider = Person.objects.exclude(unit=registration.unit).first()
    data = _editor_post(client, registration)
    data["initiatives-0-authors"] = [str(outsider.pk)]

    response = client.post(reverse("registrations:edit", args=[registration.pk]), data)

    assert response.status_code == 400
    assert not registration.initiatives.filter(authors=outsider).exists()


@pytest.mark.parametrize("view", ["detail", "edit", "submit"])
def test_other_units_registration_answers_404_and_changes_nothing(demo, client, view):
    client.force_login(demo["unit_head2"])
    other = (
        Registration.objects.exclude(unit=demo["unit_head2"].portal_role.unit)
        .filter(status=Status.DRAFT)
        .first()
    )
    version = registration_version_token(other)

    url = reverse(f"registrations:{view}", args=[other.pk])
    response = client.post(url, {}) if view != "detail" else client.get(url)

    other.refresh_from_db()
    assert response.status_code == 404
    assert (other.status, registration_version_token(other)) == (Status.DRAFT, version)


def test_submitted_registration_is_read_only(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )

    response = client.get(reverse("registrations:edit", args=[registration.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("registrations:detail", args=[registration.pk])


def test_double_submit_applies_once(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    url = reverse("registrations:submit", args=[registration.pk])

    client.post(url)
    second = client.post(url, follow=True)

    assert registration.events.filter(to_status=Status.SUBMITTED).count() == 1
    assert "Không thể thực hiện thao tác này nữa" in second.content.decode()


def test_an_empty_registration_is_refused_with_a_message_and_nothing_changes(demo, client):
    client.force_login(demo["unit_head"])
    client.post(reverse("registrations:start"))
    registration = Registration.objects.get(unit=demo["unit_head"].portal_role.unit)
    assert not registration.targets.exists()
    assert not registration.collective_titles.exists()
    assert not registration.individual_titles.exists()
    assert not registration.initiatives.exists()
    history = registration.history.count()

    refused = client.post(reverse("registrations:submit", args=[registration.pk]), follow=True)

    registration.refresh_from_db()
    assert (registration.status, registration.submitted_at) == (Status.DRAFT, None)
    assert not registration.events.exists()
    assert registration.history.count() == history
    errors = [str(m) for m in refused.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert "chưa có chỉ tiêu, danh hiệu hay sáng kiến nào" in errors[0]


def test_one_target_is_enough_content_to_submit(demo, client):
    client.force_login(demo["unit_head"])
    client.post(reverse("registrations:start"))
    registration = Registration.objects.get(unit=demo["unit_head"].portal_role.unit)
    Target.objects.create(registration=registration, position=1, description="Hoàn thành kế hoạch")

    client.post(reverse("registrations:submit", args=[registration.pk]))

    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_the_editor_asks_before_leaving_unsaved_changes(demo, client):
    client.force_login(demo["unit_head2"])

    page = client.get(reverse("registrations:edit", args=[_own_registration(demo).pk]))

    html = page.content.decode()
    assert '<form method="post" data-warn-unsaved novalidate id="registration-form"' in html
    assert "js/unsaved_changes.js" in html


def test_editor_takes_constant_queries(demo, client, django_assert_max_num_queries):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    assert Unit.objects.get(pk=registration.unit_id).staff.count() >= 20

    with django_assert_max_num_queries(40):
        client.get(reverse("registrations:edit", args=[registration.pk]))


def test_late_submission_is_refused_unless_extended(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    campaign = registration.campaign
    campaign.registration_deadline = date.today() - timedelta(days=3)
    campaign.save()
    url = reverse("registrations:submit", args=[registration.pk])

    refused = client.post(url, follow=True)

    registration.refresh_from_db()
    assert registration.status == Status.DRAFT
    assert "Hạn đăng ký là" in refused.content.decode()

    DeadlineExtension.objects.create(
        campaign=campaign,
        unit=registration.unit,
        until=date.today() + timedelta(days=5),
        reason="Đơn vị sáp nhập phòng",
        granted_by=demo["reviewer"],
    )
    client.post(url)

    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_only_a_unit_head_can_start_a_registration(demo, client):
    unit = demo["unit_head"].portal_role.unit
    client.force_login(demo["reviewer"])

    response = client.post(reverse("registrations:start"))

    assert response.status_code == 404
    assert not Registration.objects.filter(unit=unit).exists()
    with pytest.raises(PermissionDenied):
        registration_start(campaign=campaign_current(), unit=unit, actor=demo["unit_head2"])
    assert not Registration.objects.filter(unit=unit).exists()


def test_planned_values_read_and_write_with_a_decimal_comma(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    data = _editor_post(client, registration)
    data["targets-0-planned_value"] = "12,5"

    client.post(reverse("registrations:edit", args=[registration.pk]), data)
    editor = client.get(reverse("registrations:edit", args=[registration.pk])).content.decode()
    detail = client.get(reverse("registrations:detail", args=[registration.pk])).content.decode()

    assert registration.targets.get(position=1).planned_value == Decimal("12.5")
    assert 'value="12,50"' in editor
    assert ">12,50<" in detail


def test_registration_page_lists_each_change_with_who_and_when(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    data = _editor_post(client, registration)
    data["targets-0-description"] = "Số hồ sơ giải quyết đúng hạn"
    client.post(reverse("registrations:edit", args=[registration.pk]), data)

    page = client.get(reverse("registrations:detail", args=[registration.pk]))

    changes = page.context["changes"]
    assert changes[0].user == demo["unit_head2"]
    assert changes[0].kind == "~"
    assert "Số hồ sơ giải quyết đúng hạn" in changes[0].what
    assert "Số hồ sơ giải quyết đúng hạn" in page.content.decode()


def test_names_are_escaped_and_saved_choices_shown_in_the_editor_and_review(demo, client):
    """The editor's rows, staff grid and authors and the review page's staff list are drawn
    by templates and by Python: markup in a name is shown as text, and what is saved is marked."""
    registration = _own_registration(demo)
    person = Person.objects.create(
        unit=registration.unit, full_name='Lê <b>"Tèo"</b> & Co', position="<i>Chuyên viên</i>"
    )
    registration.initiatives.first().authors.add(person)
    ldtt = Title.objects.get(code="LDTT")
    IndividualTitleAim.objects.create(registration=registration, person=person, title=ldtt)

    client.force_login(demo["unit_head2"])
    editor = client.get(reverse("registrations:edit", args=[registration.pk])).content.decode()
    client.force_login(demo["reviewer"])
    review = client.get(reverse("registrations:review", args=[registration.pk])).content.decode()

    for html in (editor, review):
        assert '<b>"Tèo"</b>' not in html
        assert "Lê &lt;b&gt;" in html
    assert "<i>Chuyên viên</i>" not in editor
    assert f'<option value="{person.pk}" selected>' in editor  # the saved author
    assert f'name="aim_{person.pk}" value="{ldtt.pk}" checked' in editor  # the saved title
