"""The legal rule checks wired into the registration: the editor, submission and the pages."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria.models import Title
from emulation_portal.exceptions import ApplicationError
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    Registration,
    Target,
)
from registrations.selectors.registrations import registration_findings
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from units.models import Person, PersonYear

from .test_editor import _editor_post, _own_registration

pytestmark = pytest.mark.django_db


def _codes(findings):
    return sorted({(finding.severity, finding.code) for finding in findings})


def _staff_without_aims(registration):
    return (
        Person.objects.filter(unit=registration.unit, is_unit_head=False)
        .exclude(title_aims__registration=registration)
        .exclude(initiatives__registration=registration)
    )


def test_demo_registration_of_unit_head2_breaks_no_rule(demo):
    registration = _own_registration(demo)

    assert registration_findings(registration) == []


def test_disciplined_person_registered_for_ldtt_blocks_submission(demo, client):
    registration = _own_registration(demo)
    person = Person.objects.filter(unit=registration.unit, title_aims__title__code="LDTT").first()
    PersonYear.objects.update_or_create(
        person=person, year=registration.campaign.year, defaults={"discipline": "warning"}
    )
    client.force_login(demo["unit_head2"])

    response = client.post(reverse("registrations:submit", args=[registration.pk]), follow=True)

    registration.refresh_from_db()
    assert registration.status == Status.DRAFT
    assert not registration.events.exists()
    page = response.content.decode()
    assert person.full_name in page
    assert 'data-code="ldtt_disciplined"' in page
    # The message names the rule's legal source (A_2017 for the 2021 campaign).
    assert "Nghị định 91/2017/NĐ-CP" in page


def test_warnings_do_not_block_and_are_recorded_with_the_submission(demo):
    registration = _own_registration(demo)
    CollectiveTitleAim.objects.create(
        registration=registration, title=Title.objects.get(code="CO_BO")
    )

    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )

    event = registration.events.get()
    assert [finding["code"] for finding in event.findings] == ["ministry_flag_by_acclamation"]
    assert event.findings[0]["source"]
    assert event.findings[0]["severity"] == "warning"


def test_live_check_reads_the_unsaved_form_and_saves_nothing(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    person = _staff_without_aims(registration).filter(recruited_on__year__lt=2020).first()
    cstdcs = Title.objects.get(code="CSTDCS")
    data = _editor_post(client, registration)
    data[f"aim_{person.pk}"] = [str(cstdcs.pk)]

    response = client.post(reverse("registrations:check", args=[registration.pk]), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="cstdcs_needs_ldtt"' in page
    assert 'data-code="cstdcs_needs_initiative"' in page
    assert str(person.pk) in response.content.decode().split("data-people-with-errors=")[1][:200]
    assert not IndividualTitleAim.objects.filter(registration=registration, person=person).exists()


def test_live_check_counts_an_initiative_being_typed(demo, client):
    client.force_login(demo["unit_head2"])
    registration = _own_registration(demo)
    person = _staff_without_aims(registration).filter(recruited_on__year__lt=2020).first()
    titles = {t.code: t for t in Title.objects.filter(code__in=["LDTT", "CSTDCS"])}
    data = _editor_post(client, registration)
    data[f"aim_{person.pk}"] = [str(titles["LDTT"].pk), str(titles["CSTDCS"].pk)]
    index = int(data["initiatives-TOTAL_FORMS"])
    data["initiatives-TOTAL_FORMS"] = str(index + 1)
    data[f"initiatives-{index}-authors"] = [str(person.pk)]
    data[f"initiatives-{index}-scope"] = "grassroots"

    response = client.post(reverse("registrations:check", args=[registration.pk]), data)

    assert 'data-code="cstdcs_needs_initiative"' not in response.content.decode()


@pytest.mark.parametrize("username", ["unit_head", "reviewer"])
def test_live_check_of_another_units_registration_reveals_nothing(demo, client, username):
    registration = _own_registration(demo)
    client.force_login(demo[username])

    response = client.post(reverse("registrations:check", args=[registration.pk]), {})

    assert response.status_code in (302, 404)
    assert "rule-findings" not in response.content.decode()


def test_unit_head_title_without_exemplary_collective_is_an_error(demo, client):
    registration = _own_registration(demo)
    head = Person.objects.get(unit=registration.unit, is_unit_head=True)
    # The rule is for the titles above the unit's own LĐTT and CSTĐCS.
    for code in ("LDTT", "CSTD_BO"):
        IndividualTitleAim.objects.get_or_create(
            registration=registration, person=head, title=Title.objects.get(code=code)
        )
    CollectiveTitleAim.objects.filter(registration=registration).delete()
    CollectiveTitleAim.objects.create(
        registration=registration, title=Title.objects.get(code="TTLDTT")
    )

    codes = _codes(registration_findings(registration))

    assert ("error", "unit_head_needs_exemplary_collective") in codes
    client.force_login(demo["unit_head2"])
    page = client.get(reverse("registrations:edit", args=[registration.pk])).content.decode()
    assert f'id="person-{head.pk}" data-person-id="{head.pk}" class="table-danger"' in page


def _return_with_comments(demo, registration):
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    target = registration.targets.order_by("position").first()
    initiative = registration.initiatives.first()
    person = registration.individual_titles.first().person
    registration_transition(
        registration=registration,
        to=Status.RETURNED,
        actor=demo["reviewer"],
        note="Đề nghị đơn vị rà soát lại chỉ tiêu và sáng kiến.",
        item_comments=[
            {"target": target, "text": "Chỉ tiêu này cần nêu rõ số lượng."},
            {"initiative": initiative, "text": "Làm rõ phạm vi ảnh hưởng của sáng kiến."},
            {"person": person, "text": "Kiểm tra lại thời gian công tác."},
            {"text": "Cân nhắc đăng ký Cờ thi đua của Bộ."},
        ],
    )
    return target, initiative, person


@pytest.mark.parametrize("view", ["edit", "detail"])
def test_return_comments_are_shown_beside_their_items(demo, client, view):
    registration = _own_registration(demo)
    target, initiative, person = _return_with_comments(demo, registration)
    client.force_login(demo["unit_head2"])

    page = client.get(reverse(f"registrations:{view}", args=[registration.pk])).content.decode()

    assert "Đề nghị đơn vị rà soát lại chỉ tiêu và sáng kiến." in page
    assert page.count('data-testid="item-comment"') == 4
    # Beside the item: each comment comes after its item and before the next one.
    assert page.index(target.description) < page.index("Chỉ tiêu này cần nêu rõ số lượng.")
    assert page.index(initiative.title) < page.index("Làm rõ phạm vi ảnh hưởng của sáng kiến.")
    assert page.index(person.full_name) < page.index("Kiểm tra lại thời gian công tác.")


def test_a_comment_on_another_registrations_item_is_refused_and_nothing_changes(demo):
    registration = _own_registration(demo)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    foreign = Target.objects.exclude(registration=registration).first()

    with pytest.raises(ApplicationError):
        registration_transition(
            registration=registration,
            to=Status.RETURNED,
            actor=demo["reviewer"],
            note="Trả lại",
            item_comments=[{"target": foreign, "text": "Không thuộc hồ sơ này"}],
        )

    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert registration.events.count() == 1


def test_amendment_keeps_the_approved_version_visible_until_approved_again(demo, client):
    registration = _own_registration(demo)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    registration.refresh_from_db()
    approved_description = registration.targets.order_by("position").first().description
    assert registration.approved_snapshot["targets"][0]["description"] == approved_description
    client.force_login(demo["unit_head2"])

    assert client.get(reverse("registrations:edit", args=[registration.pk])).status_code == 302
    client.post(reverse("registrations:amend", args=[registration.pk]))
    data = _editor_post(client, registration)
    data["targets-0-description"] = "Chỉ tiêu đã sửa đổi"
    client.post(reverse("registrations:edit", args=[registration.pk]), data)
    page = client.get(reverse("registrations:detail", args=[registration.pk])).content.decode()

    registration.refresh_from_db()
    assert registration.status == Status.AMENDING
    assert 'data-testid="approved-version"' in page
    assert approved_description in page and "Chỉ tiêu đã sửa đổi" in page
    assert registration.approved_snapshot["targets"][0]["description"] == approved_description

    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    registration.refresh_from_db()
    assert registration.version == 2
    assert registration.approved_snapshot["targets"][0]["description"] == "Chỉ tiêu đã sửa đổi"


def test_another_unit_head_cannot_start_an_amendment(demo, client):
    registration = (
        Registration.objects.filter(status=Status.APPROVED)
        .exclude(unit=demo["unit_head2"].portal_role.unit)
        .first()
    )
    client.force_login(demo["unit_head2"])

    response = client.post(reverse("registrations:amend", args=[registration.pk]))

    registration.refresh_from_db()
    assert response.status_code == 404
    assert registration.status == Status.APPROVED


def _grow(registration, people: int):
    """Add staff with titles and authorship to the unit: the pages must not notice."""
    ldtt = Title.objects.get(code="LDTT")
    created = Person.objects.bulk_create(
        Person(unit=registration.unit, full_name=f"Cán bộ {i}", recruited_on=date(2010, 1, 1))
        for i in range(people)
    )
    IndividualTitleAim.objects.bulk_create(
        IndividualTitleAim(registration=registration, person=p, title=ldtt) for p in created
    )
    PersonYear.objects.bulk_create(PersonYear(person=p, year=2020, rating="good") for p in created)
    Initiative.objects.filter(registration=registration).first().authors.add(*created)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("view", ["edit", "detail"])
def test_pages_take_the_same_queries_for_a_small_and_a_large_unit(demo, client, view):
    registration = _own_registration(demo)
    client.force_login(demo["unit_head2"])
    url = reverse(f"registrations:{view}", args=[registration.pk])
    small = _queries(client, url)

    _grow(registration, 120)

    assert _queries(client, url) == small


def test_the_unit_page_takes_the_same_queries_for_a_small_and_a_large_unit(demo, client):
    registration = _own_registration(demo)
    client.force_login(demo["unit_head2"])
    url = reverse("units:my_unit")
    small = _queries(client, url)

    _grow(registration, 120)

    assert _queries(client, url) == small
