"""The Department's review queue, assignments and review page."""

from datetime import UTC, datetime, timedelta
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.selectors import campaign_current
from registrations.models import (
    Registration,
    RegistrationEvent,
    ReviewComment,
    ReviewerAssignment,
    Target,
)
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from units.models import EmulationGroup, GroupMembership, Unit, UnitType

from .test_editor import _editor_post, _own_registration

pytestmark = pytest.mark.django_db

QUEUE = reverse("registrations:queue")


def _units(page):
    return [unit.code for unit in page.context["page"].object_list]


def _registering_units():
    return Unit.objects.filter(is_active=True, is_emulation_department=False)


@pytest.mark.parametrize("url_name", ["queue", "review"])
def test_unit_heads_cannot_reach_the_department_pages(demo, client, url_name):
    registration = _own_registration(demo)
    kwargs = {"pk": registration.pk} if url_name == "review" else {}
    client.force_login(demo["unit_head2"])

    response = client.get(reverse(f"registrations:{url_name}", kwargs=kwargs))

    assert response.status_code == 404


def test_a_specialists_queue_opens_on_their_own_submitted_units(demo, client):
    client.force_login(demo["reviewer"])

    page = client.get(QUEUE)

    campaign = campaign_current()
    expected = Registration.objects.filter(
        campaign=campaign,
        status=Status.SUBMITTED,
        unit__reviewer_assignments__reviewer=demo["reviewer"],
        unit__reviewer_assignments__campaign=campaign,
    ).values_list("unit__code", flat=True)
    assert sorted(_units(page)) == sorted(expected)
    assert expected.exists()
    assert page.context["mine"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"status": "approved"},
            lambda: _registering_units().filter(registrations__status="approved"),
        ),
        (
            {"status": "not_started"},
            lambda: _registering_units().filter(registrations__isnull=True),
        ),
        (
            {"unit_type": UnitType.MINISTRY_UNIT},
            lambda: _registering_units().filter(unit_type=UnitType.MINISTRY_UNIT),
        ),
        ({"q": "Hà Nội"}, lambda: _registering_units().filter(name__icontains="Hà Nội")),
    ],
)
def test_queue_filters(demo, client, params, expected):
    client.force_login(demo["reviewer"])

    page = client.get(QUEUE, {**params, "page": 1})

    assert page.context["page"].paginator.count == expected().count() > 0


def test_queue_filter_by_group_and_by_period(demo, client):
    group = EmulationGroup.objects.first()
    members = GroupMembership.objects.filter(
        group=group, year=2021, unit__is_emulation_department=False
    )
    client.force_login(demo["reviewer"])

    by_group = client.get(QUEUE, {"group": group.pk})
    by_period = client.get(QUEUE, {"period": "six_month", "status": "not_started"})

    assert by_group.context["page"].paginator.count == members.count() > 0
    assert by_period.context["page"].paginator.count == _registering_units().count()


def test_late_units_are_those_not_sent_after_their_deadline(demo, client):
    campaign = campaign_current()
    campaign.registration_deadline = timezone.localdate() - timedelta(days=3)
    campaign.save()
    client.force_login(demo["reviewer"])

    page = client.get(QUEUE, {"late": "true"})

    unsent = _registering_units().exclude(
        registrations__status__in=["submitted", "returned", "approved", "amending"]
    )
    assert page.context["page"].paginator.count == unsent.count() > 0


def test_queue_sorts_and_pages(demo, client):
    client.force_login(demo["reviewer"])

    page = client.get(QUEUE, {"status": "", "sort": "-unit"})

    names = [unit.name for unit in page.context["page"].object_list]
    assert names == sorted(names, reverse=True)
    assert len(names) == 25
    assert page.context["page"].paginator.num_pages == -(-_registering_units().count() // 25)


def test_queue_exports_its_current_filter_to_excel(demo, client):
    client.force_login(demo["reviewer"])

    response = client.get(QUEUE, {"status": "approved", "format": "xlsx"})

    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == _registering_units().filter(registrations__status="approved").count()
    assert {row[4] for row in rows} == {"Đã phê duyệt"}


def test_queue_takes_the_same_queries_with_more_units(demo, client):
    client.force_login(demo["reviewer"])
    params = {"status": "", "sort": "unit"}

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE, params).status_code == 200
        return len(captured)

    small = count()
    campaign = campaign_current()
    units = Unit.objects.bulk_create(
        Unit(code=f"X{i}", name=f"Đơn vị thử {i}", unit_type=UnitType.PROVINCIAL_DEPARTMENT)
        for i in range(60)
    )
    Registration.objects.bulk_create(
        Registration(campaign=campaign, unit=unit, status=Status.SUBMITTED) for unit in units
    )
    ReviewerAssignment.objects.bulk_create(
        ReviewerAssignment(
            campaign=campaign, unit=unit, reviewer=demo["reviewer"], assigned_by=demo["reviewer"]
        )
        for unit in units
    )

    assert count() == small


def test_bulk_assignment_gives_units_to_a_specialist_with_history(demo, client):
    units = list(_registering_units().filter(unit_type=UnitType.MINISTRY_UNIT)[:3])
    client.force_login(demo["reviewer"])

    client.post(
        reverse("registrations:assign"),
        {"units": [u.pk for u in units], "reviewer": demo["reviewer2"].pk, "next": QUEUE},
    )

    assignments = ReviewerAssignment.objects.filter(unit__in=units, campaign=campaign_current())
    assert {a.reviewer for a in assignments} == {demo["reviewer2"]}
    assert all(a.history.first().history_user == demo["reviewer"] for a in assignments)


@pytest.mark.parametrize("username", ["minister", "unit_head2"])
def test_only_the_department_assigns(demo, client, username):
    unit = _registering_units().first()
    before = list(ReviewerAssignment.objects.values_list("unit_id", "reviewer_id"))
    client.force_login(demo[username])

    response = client.post(
        reverse("registrations:assign"), {"units": [unit.pk], "reviewer": demo["reviewer2"].pk}
    )

    assert response.status_code == 404
    assert list(ReviewerAssignment.objects.values_list("unit_id", "reviewer_id")) == before


def _submitted(demo):
    registration = _own_registration(demo)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    return registration


def test_reviewer_approves_from_the_review_page(demo, client):
    registration = _submitted(demo)
    client.force_login(demo["reviewer"])
    url = reverse("registrations:review", args=[registration.pk])
    assert 'data-testid="review-form"' in client.get(url).content.decode()

    client.post(url, {"action": "approve", "note": ""})

    registration.refresh_from_db()
    assert registration.status == Status.APPROVED
    assert (
        registration.events.filter(to_status=Status.APPROVED, actor=demo["reviewer"]).count() == 1
    )


def test_a_return_needs_a_comment_and_carries_item_comments(demo, client):
    registration = _submitted(demo)
    target = registration.targets.order_by("position").first()
    foreign = Target.objects.exclude(registration=registration).first()
    client.force_login(demo["reviewer"])
    url = reverse("registrations:review", args=[registration.pk])

    refused = client.post(url, {"action": "return", "note": " "})
    registration.refresh_from_db()
    assert refused.status_code == 400
    assert registration.status == Status.SUBMITTED

    client.post(
        url,
        {
            "action": "return",
            "note": "Bổ sung số liệu.",
            f"comment_target_{target.pk}": "Nêu rõ số lượng.",
            f"comment_target_{foreign.pk}": "Không thuộc hồ sơ này.",
        },
    )

    registration.refresh_from_db()
    event = registration.events.get(to_status=Status.RETURNED)
    assert registration.status == Status.RETURNED
    assert [(c.target, c.text) for c in event.comments.all()] == [(target, "Nêu rõ số lượng.")]
    assert not ReviewComment.objects.filter(target=foreign).exists()


def test_the_minister_reads_the_review_page_without_acting(demo, client):
    registration = _submitted(demo)
    client.force_login(demo["minister"])
    url = reverse("registrations:review", args=[registration.pk])

    page = client.get(url)
    response = client.post(url, {"action": "approve"})

    registration.refresh_from_db()
    assert page.status_code == 200
    assert 'data-testid="review-form"' not in page.content.decode()
    assert response.status_code == 404
    assert registration.status == Status.SUBMITTED


def test_the_second_of_two_decisions_is_refused_with_a_message(demo, client):
    registration = _submitted(demo)
    url = reverse("registrations:review", args=[registration.pk])
    client.force_login(demo["reviewer"])
    client.post(url, {"action": "approve"})
    client.force_login(demo["reviewer2"])

    response = client.post(url, {"action": "return", "note": "Trả lại"}, follow=True)

    registration.refresh_from_db()
    assert registration.status == Status.APPROVED
    assert "Không thể thực hiện thao tác này nữa" in response.content.decode()
    assert RegistrationEvent.objects.filter(registration=registration).count() == 2


def test_review_page_shows_what_changed_since_the_earlier_submission(demo, client):
    registration = _submitted(demo)
    registration_transition(
        registration=registration, to=Status.RETURNED, actor=demo["reviewer"], note="Sửa chỉ tiêu"
    )
    client.force_login(demo["unit_head2"])
    data = _editor_post(client, registration)
    data["targets-0-description"] = "Chỉ tiêu mới sau khi trả lại"
    client.post(reverse("registrations:edit", args=[registration.pk]), data)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    client.force_login(demo["reviewer"])

    page = client.get(reverse("registrations:review", args=[registration.pk]))

    changes = page.context["changes"]
    assert [c.kind for c in changes["targets"]] == ["~"]
    assert "Chỉ tiêu mới sau khi trả lại" in changes["targets"][0].after
    assert changes["individual_titles"] == changes["initiatives"] == []
    assert 'data-kind="~"' in page.content.decode()


def test_review_page_takes_the_same_queries_for_a_small_and_a_large_unit(demo, client):
    from .test_rule_checks import _grow, _queries

    registration = _submitted(demo)
    client.force_login(demo["reviewer"])
    url = reverse("registrations:review", args=[registration.pk])
    small = _queries(client, url)

    _grow(registration, 120)

    assert _queries(client, url) == small


def test_the_queue_export_writes_the_submission_time_as_the_page_shows_it(demo, client):
    submitted = datetime(2026, 11, 30, 5, 19, tzinfo=UTC)  # 12:19 in Hà Nội
    registration = Registration.objects.filter(campaign=campaign_current()).first()
    Registration.objects.filter(pk=registration.pk).update(
        status=Status.SUBMITTED, submitted_at=submitted
    )
    client.force_login(demo["reviewer"])

    response = client.get(
        QUEUE, {"status": "submitted", "q": registration.unit.code, "format": "xlsx"}
    )

    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] == registration.unit.code
    ]
    assert rows[0][header.index("Thời điểm gửi")] == "30/11/2026 12:19"


def test_the_queues_sort_and_lateness_choices_speak_vietnamese(demo, client):
    client.force_login(demo["reviewer"])

    form = client.get(QUEUE).context["queue"].form

    sort = dict(form.fields["sort"].choices)
    assert sort["unit"] == "Đơn vị, từ A đến Z" and sort["-unit"] == "Đơn vị, từ Z đến A"
    assert sort["-submitted"] == "Gửi muộn nhất trước"
    assert not any("descending" in str(label) for label in sort.values())
    late = dict(form.fields["late"].widget.choices)
    assert late == {"": "Tất cả", "true": "Chậm hạn", "false": "Không chậm hạn"}
