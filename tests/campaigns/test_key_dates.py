"""The Department edits the campaign's key dates; the order is checked, every change is kept
with who and when, and nobody else reaches the page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.selectors import campaign_current, campaign_key_date_changes
from campaigns.services import campaign_key_dates_update
from emulation_portal.exceptions import ApplicationError

FIELDS = (
    "registration_deadline",
    "midyear_opens_on",
    "midyear_report_date",
    "year_end_opens_on",
    "year_end_report_date",
)
DATES = dict(
    zip(
        FIELDS,
        (
            date(2021, 3, 15),
            date(2021, 6, 1),
            date(2021, 6, 30),
            date(2021, 11, 15),
            date(2021, 12, 10),
        ),
        strict=True,
    )
)


@pytest.fixture
def campaign(demo):
    return campaign_current()


def _post_data(dates):
    return {field: value.strftime("%d/%m/%Y") for field, value in dates.items()}


def _key_dates(campaign):
    campaign.refresh_from_db()
    return {field: getattr(campaign, field) for field in FIELDS}


def test_the_form_shows_the_current_dates_as_dd_mm_yyyy(demo, client, campaign):
    client.force_login(demo["reviewer"])

    response = client.get(reverse("campaigns:key_dates", args=[campaign.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="key-dates-form"' in html
    for field in FIELDS:
        assert f'value="{getattr(campaign, field).strftime("%d/%m/%Y")}"' in html


def test_the_department_saves_the_dates_and_the_change_is_recorded(demo, client, campaign):
    before = _key_dates(campaign)
    client.force_login(demo["reviewer"])
    url = reverse("campaigns:key_dates", args=[campaign.pk])

    response = client.post(url, _post_data(DATES))

    assert response.status_code == 302
    assert _key_dates(campaign) == DATES
    latest = campaign.history.first()
    assert latest.history_user == demo["reviewer"]
    [change] = campaign_key_date_changes(campaign)
    assert change.user == demo["reviewer"]
    assert [(before_, after) for _label, before_, after in change.changes] == [
        (before[field], DATES[field]) for field in FIELDS if before[field] != DATES[field]
    ]
    page = client.get(url).content.decode()
    assert page.count('data-testid="key-date-change"') == 1
    assert "15/03/2021" in page


def test_a_campaign_without_history_keeps_its_first_dates_before_the_change(demo, campaign):
    Campaign.history.filter(id=campaign.pk).delete()
    before = _key_dates(campaign)

    campaign_key_dates_update(
        campaign=campaign,
        dates={"registration_deadline": date(2021, 3, 20)},
        actor=demo["reviewer2"],
    )

    [change] = campaign_key_date_changes(campaign)
    assert change.changes[0][1:] == (before["registration_deadline"], date(2021, 3, 20))
    assert change.user == demo["reviewer2"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("midyear_report_date", date(2021, 5, 31)),  # due before the six-month window opens
        ("midyear_report_date", date(2021, 3, 1)),  # due before the registration deadline
        ("year_end_opens_on", date(2021, 6, 29)),  # opens before the six-month results are due
        ("year_end_report_date", date(2021, 11, 14)),  # due before the year-end window opens
    ],
)
def test_dates_out_of_order_are_refused(demo, client, campaign, field, value):
    before = _key_dates(campaign)
    client.force_login(demo["reviewer"])

    response = client.post(
        reverse("campaigns:key_dates", args=[campaign.pk]), _post_data({**DATES, field: value})
    )

    assert response.status_code == 400
    assert f'id="id_{field}"' in response.content.decode()
    assert response.context["form"].errors[field]
    assert _key_dates(campaign) == before
    with pytest.raises(ApplicationError):
        campaign_key_dates_update(
            campaign=campaign, dates={**DATES, field: value}, actor=demo["reviewer"]
        )


def test_a_date_not_in_dd_mm_yyyy_is_refused(demo, client, campaign):
    before = _key_dates(campaign)
    client.force_login(demo["reviewer"])

    response = client.post(
        reverse("campaigns:key_dates", args=[campaign.pk]),
        {**_post_data(DATES), "registration_deadline": "31/02/2021"},
    )

    assert response.status_code == 400
    assert "registration_deadline" in response.context["form"].errors
    assert _key_dates(campaign) == before


@pytest.mark.parametrize("username", ["unit_head", "unit_head2", "minister"])
def test_nobody_but_the_department_reaches_the_page(demo, client, campaign, username):
    before = _key_dates(campaign)
    history = campaign.history.count()
    client.force_login(demo[username])
    url = reverse("campaigns:key_dates", args=[campaign.pk])

    get, post = client.get(url), client.post(url, _post_data(DATES))

    assert (get.status_code, post.status_code) == (404, 404)
    assert _key_dates(campaign) == before
    assert campaign.history.count() == history
    with pytest.raises(PermissionDenied):
        campaign_key_dates_update(campaign=campaign, dates=DATES, actor=demo[username])


def test_anonymous_is_sent_to_sign_in(client, campaign):
    response = client.get(reverse("campaigns:key_dates", args=[campaign.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("username", "shown"), [("reviewer", True), ("minister", False)])
def test_the_campaign_page_links_to_the_key_dates_for_the_department(
    demo, client, campaign, username, shown
):
    client.force_login(demo[username])

    html = client.get(campaign.get_absolute_url()).content.decode()

    assert ('data-testid="edit-key-dates"' in html) is shown


def test_an_unchanged_form_records_nothing(demo, client, campaign):
    history = campaign.history.count()
    client.force_login(demo["reviewer"])

    client.post(
        reverse("campaigns:key_dates", args=[campaign.pk]), _post_data(_key_dates(campaign))
    )

    assert campaign.history.count() == history


def test_a_moved_deadline_changes_who_may_submit(demo, client, campaign):
    """The registration deadline saved here is the one the submission check reads."""
    client.force_login(demo["reviewer"])
    dates = _key_dates(campaign)
    dates["registration_deadline"] = date.today() - timedelta(days=1)
    dates["midyear_report_date"] = max(dates["midyear_report_date"], date.today())
    dates["year_end_opens_on"] = max(dates["year_end_opens_on"], dates["midyear_report_date"])
    dates["year_end_report_date"] = max(dates["year_end_report_date"], dates["year_end_opens_on"])
    client.post(reverse("campaigns:key_dates", args=[campaign.pk]), _post_data(dates))
    registration = demo["unit_head2"].portal_role.unit.registrations.get()
    client.force_login(demo["unit_head2"])

    client.post(reverse("registrations:submit", args=[registration.pk]))

    registration.refresh_from_db()
    assert registration.status == "draft"
