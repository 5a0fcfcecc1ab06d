"""Who sees the dashboard and the workbook, what the Minister sees, and where numbers lead."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from registrations.models import Registration
from registrations.workflow import Status
from reports.links import queue_url
from reports.selectors.dashboard import dashboard_figures
from units.models import EmulationGroup

from .helpers import grow, report_results

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")
WORKBOOK = reverse("reports:campaign_workbook")


@pytest.mark.parametrize("url", [DASHBOARD, WORKBOOK])
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [DASHBOARD, WORKBOOK])
@pytest.mark.parametrize("username", ["unit_head", "unit_head2"])
def test_unit_heads_get_404(demo, client, url, username):
    client.force_login(demo[username])

    assert client.get(url).status_code == 404


def test_a_user_without_role_gets_404(client, django_user_model, demo):
    client.force_login(django_user_model.objects.create_user("newcomer"))

    assert client.get(DASHBOARD).status_code == 404


def test_the_department_sees_the_dashboard_with_its_actions(demo, client):
    client.force_login(demo["reviewer"])

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="dashboard-actions"' in html
    assert 'data-testid="open-queue"' in html
    assert 'data-testid="export-workbook"' in html


# The administrator reads like the Minister: it acts in nobody's name.
@pytest.mark.parametrize("username", ["minister", "admin"])
def test_the_minister_reads_the_same_figures_without_actions(demo, client, campaign, username):
    client.force_login(demo["reviewer"])
    department = client.get(DASHBOARD).content.decode()
    client.force_login(demo[username])

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="dashboard-actions"' not in html
    assert 'data-testid="open-queue"' not in html
    main = html[html.index("<main") : html.index("</main>")]
    assert "<form" not in main and "<button" not in main
    assert 'data-testid="export-workbook"' in html
    for testid in ("status-cards", "table-groups", "table-unit-types", "chart-blocs"):
        assert _section(html, testid) == _section(department, testid)


def _section(html: str, testid: str) -> str:
    """The element marked ``testid``, from its opening tag on (4000 characters)."""
    start = html.rindex("<", 0, html.index(f'data-testid="{testid}"'))
    return html[start : start + 4000]


def test_the_reviewer_lands_on_the_dashboard(demo, client):
    client.force_login(demo["reviewer"])

    assert client.get(reverse("home"))["Location"] == DASHBOARD


def test_every_number_links_to_the_queue_filtered_behind_it(demo, client, campaign):
    client.force_login(demo["reviewer"])

    html = client.get(DASHBOARD).content.decode()

    figures = dashboard_figures(campaign)
    for key, count in figures.overall.cells:
        card = _section(html, f"stat-{key}")
        assert f'href="{queue_url(status=key)}"'.replace("&", "&amp;") in card
        assert f">{count}<" in card
    assert queue_url(late=1).replace("&", "&amp;") in _section(html, "stat-late")
    group = EmulationGroup.objects.order_by("pk").first()
    row = _section(html, f"row-{group.pk}")
    assert f"group={group.pk}&amp;status=approved" in row or (
        f"status=approved&amp;group={group.pk}" in row
    )
    start = html.index('data-testid="table-groups"')
    table = html[start : html.index("</table>", start)]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table, flags=re.S)
    assert cells and all("<a " in cell and "/dang-ky/tham-dinh/?" in cell for cell in cells)


def test_the_queue_behind_a_number_lists_as_many_units(demo, client, campaign):
    figures = dashboard_figures(campaign)
    group = next(row for row in figures.groups if row.counts[Status.APPROVED])
    client.force_login(demo["reviewer"])

    for url, expected in (
        (queue_url(status=Status.DRAFT), figures.overall.counts[Status.DRAFT]),
        (queue_url(status="not_started"), figures.overall.counts["not_started"]),
        (
            queue_url(status=Status.APPROVED, group=group.group_id),
            group.counts[Status.APPROVED],
        ),
        (queue_url(), figures.overall.total),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == expected, url


def test_the_charts_are_inline_svg_with_text(demo, client):
    client.force_login(demo["minister"])

    html = client.get(DASHBOARD).content.decode()

    assert html.count('<svg class="portal-chart"') >= 3
    assert "<?xml" not in html
    assert re.search(r"<text[^>]*>Khối I</text>", html)
    assert re.search(r"<text[^>]*>Cụm thi đua IX</text>", html)


def test_the_dashboard_without_an_open_campaign(demo, client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CLOSED)
    client.force_login(demo["reviewer"])

    assert client.get(DASHBOARD).status_code == 200
    assert client.get(WORKBOOK).status_code == 404


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_pages_take_the_same_queries_at_two_sizes(demo, client, campaign):
    client.force_login(demo["reviewer"])
    small = (_page_queries(client, DASHBOARD), _page_queries(client, WORKBOOK))

    grow(campaign, units=8)
    approved = Registration.objects.filter(campaign=campaign, status=Status.APPROVED)
    report_results(approved[0], [0.5, 1.5], approve_by=demo["reviewer"])
    report_results(approved[1], [1])
    Campaign.objects.filter(pk=campaign.pk).update(
        registration_deadline=timezone.localdate() - timedelta(days=1)
    )

    assert (_page_queries(client, DASHBOARD), _page_queries(client, WORKBOOK)) == small


def _approved_card(page) -> int:
    html = page.content.decode()
    card = html[html.index('data-testid="stat-approved"') :]
    return int(re.search(r'data-testid="count">(\d+)<', card).group(1))


def test_the_figures_are_drawn_once_per_state_of_the_data_and_never_stale(
    demo, client, campaign, monkeypatch
):
    from reports.documents import charts

    client.force_login(demo["reviewer"])
    first = client.get(DASHBOARD)
    approved = _approved_card(first)

    # The same data again: the cached drawing, without drawing the charts anew.
    def not_drawn(*args, **kwargs):
        raise AssertionError("the charts were drawn again for the same figures")

    monkeypatch.setattr(charts, "status_by_group_chart", not_drawn)
    again = client.get(DASHBOARD)

    def without_tokens(page):
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page.content.decode())

    assert without_tokens(again) == without_tokens(first)
    monkeypatch.undo()

    # A change in the data is a new drawing at once.
    registration = Registration.objects.filter(campaign=campaign, status=Status.SUBMITTED).first()
    Registration.objects.filter(pk=registration.pk).update(status=Status.APPROVED)
    assert _approved_card(client.get(DASHBOARD)) == approved + 1
