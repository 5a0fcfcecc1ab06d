"""The Department grants a unit more time to register, with a recorded reason; granting again
replaces the extension and its history keeps the earlier grant. Nobody else reaches it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.selectors import campaign_current
from emulation_portal.exceptions import ApplicationError
from registrations.models import DeadlineExtension, Registration
from registrations.services.deadlines import deadline_extension_grant
from registrations.workflow import Status
from units.models import Unit

URL = "registrations:extensions"
TODAY = timezone.localdate()
REASON = "Đơn vị sáp nhập, đang kiện toàn bộ máy tổ chức."


@pytest.fixture
def campaign(demo):
    return campaign_current()


def _post(client, unit, until, reason=REASON):
    return client.post(
        reverse(URL), {"unit": unit.pk, "until": until.strftime("%d/%m/%Y"), "reason": reason}
    )


def test_the_department_grants_an_extension_with_its_reason(demo, client, campaign):
    unit = Unit.objects.get(code="HNI")
    until = campaign.registration_deadline + timedelta(days=10)
    client.force_login(demo["reviewer"])

    response = _post(client, unit, until)

    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(campaign=campaign, unit=unit)
    assert (extension.until, extension.reason, extension.granted_by) == (
        until,
        REASON,
        demo["reviewer"],
    )
    page = client.get(reverse(URL)).content.decode()
    assert 'data-unit="HNI"' in page
    assert REASON in page
    assert until.strftime("%d/%m/%Y") in page


def test_granting_again_replaces_the_extension_and_the_history_keeps_both(demo, client, campaign):
    unit = Unit.objects.get(code="HNI")
    first, second = (campaign.registration_deadline + timedelta(days=n) for n in (5, 12))
    client.force_login(demo["reviewer"])
    _post(client, unit, first, "Lý do thứ nhất")
    client.force_login(demo["reviewer2"])

    _post(client, unit, second, "Lý do thứ hai")

    extension = DeadlineExtension.objects.get(campaign=campaign, unit=unit)
    assert (extension.until, extension.reason, extension.granted_by) == (
        second,
        "Lý do thứ hai",
        demo["reviewer2"],
    )
    history = extension.history.order_by("history_date")
    assert [(h.until, h.reason, h.history_user) for h in history] == [
        (first, "Lý do thứ nhất", demo["reviewer"]),
        (second, "Lý do thứ hai", demo["reviewer2"]),
    ]
    page = client.get(reverse(URL)).content.decode()
    assert 'data-testid="extension-history"' in page
    assert "Lý do thứ nhất" in page


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(demo, client, campaign, reason):
    unit = Unit.objects.get(code="HNI")
    until = campaign.registration_deadline + timedelta(days=3)
    client.force_login(demo["reviewer"])

    response = _post(client, unit, until, reason)

    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert not DeadlineExtension.objects.exists()
    with pytest.raises(ApplicationError):
        deadline_extension_grant(
            campaign=campaign, unit=unit, until=until, reason=reason, actor=demo["reviewer"]
        )


def test_an_extension_ends_after_the_deadline(demo, client, campaign):
    unit = Unit.objects.get(code="HNI")
    client.force_login(demo["reviewer"])

    response = _post(client, unit, campaign.registration_deadline)

    assert response.status_code == 400
    assert "until" in response.context["form"].errors
    assert not DeadlineExtension.objects.exists()


def test_the_department_itself_is_not_a_choice(demo, client, campaign):
    client.force_login(demo["reviewer"])

    response = _post(
        client,
        Unit.objects.get(is_emulation_department=True),
        campaign.registration_deadline + timedelta(days=3),
    )

    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not DeadlineExtension.objects.exists()


def test_a_late_unit_can_submit_once_granted(demo, client, campaign):
    campaign.registration_deadline = TODAY - timedelta(days=3)
    campaign.save()
    head = demo["unit_head2"]
    registration = Registration.objects.get(unit=head.portal_role.unit)
    submit = reverse("registrations:submit", args=[registration.pk])
    client.force_login(head)
    client.post(submit)
    registration.refresh_from_db()
    assert registration.status == Status.DRAFT

    client.force_login(demo["reviewer"])
    _post(client, registration.unit, TODAY + timedelta(days=2))
    client.force_login(head)
    client.post(submit)

    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


@pytest.mark.parametrize("username", ["unit_head", "unit_head2", "minister"])
def test_nobody_but_the_department_reaches_the_extensions(demo, client, campaign, username):
    client.force_login(demo[username])
    unit = demo["unit_head2"].portal_role.unit

    get = client.get(reverse(URL))
    post = _post(client, unit, campaign.registration_deadline + timedelta(days=30))

    assert (get.status_code, post.status_code) == (404, 404)
    assert not DeadlineExtension.objects.exists()
    with pytest.raises(PermissionDenied):
        deadline_extension_grant(
            campaign=campaign,
            unit=unit,
            until=campaign.registration_deadline + timedelta(days=30),
            reason=REASON,
            actor=demo[username],
        )


def test_anonymous_is_sent_to_sign_in(client, campaign):
    response = client.get(reverse(URL))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_unit_can_be_chosen_from_a_link(demo, client, campaign):
    unit = Unit.objects.get(code="CVTQG")
    client.force_login(demo["reviewer"])

    response = client.get(reverse(URL), {"unit": unit.pk})

    assert response.context["form"]["unit"].value() == unit.pk


def test_the_list_takes_the_same_queries_for_one_or_three_extensions(demo, client, campaign):
    client.force_login(demo["reviewer"])
    units = list(Unit.objects.filter(is_emulation_department=False).order_by("code")[:3])

    def grant_twice(unit):
        for days in (3, 6):
            deadline_extension_grant(
                campaign=campaign,
                unit=unit,
                until=campaign.registration_deadline + timedelta(days=days),
                reason=REASON,
                actor=demo["reviewer"],
            )

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(URL))
        return response.content.decode().count('data-testid="extension"'), len(queries)

    grant_twice(units[0])
    one = page()
    for unit in units[1:]:
        grant_twice(unit)
    three = page()

    assert (one[0], three[0]) == (1, 3)
    assert one[1] == three[1]


def test_the_unit_page_shows_the_units_own_extended_deadline(demo, client):
    campaign = campaign_current()
    unit = demo["unit_head2"].portal_role.unit
    until = campaign.registration_deadline + timedelta(days=10)
    deadline_extension_grant(
        campaign=campaign, unit=unit, until=until, reason=REASON, actor=demo["reviewer"]
    )
    client.force_login(demo["unit_head2"])

    page = client.get(reverse("units:my_unit"))

    assert page.context["deadline"] == until
    assert until.strftime("%d/%m/%Y") in page.content.decode()
