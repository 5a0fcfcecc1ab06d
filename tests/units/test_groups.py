"""The blocs' and clusters' pages: members, head and deputy of the year, where the members'
registrations stand (late ones marked) and the yearly rotation; constant queries."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.selectors import campaign_current
from registrations.models import DeadlineExtension, Registration
from units.models import EmulationGroup, GroupKind, GroupMembership, GroupRole, Unit, UnitType

YEAR = 2021
TODAY = timezone.localdate()


@pytest.fixture
def campaign(demo):
    return campaign_current()


def _statuses(campaign, unit_ids):
    registered = dict(
        Registration.objects.filter(campaign=campaign, unit_id__in=unit_ids).values_list(
            "unit_id", "status"
        )
    )
    return {unit_id: registered.get(unit_id, "not_started") for unit_id in unit_ids}


def _group(code):
    return EmulationGroup.objects.get(code=code)


def test_the_list_shows_every_group_with_head_deputy_and_progress(demo, client, campaign):
    client.force_login(demo["reviewer"])

    response = client.get(reverse("units:groups"))

    assert response.status_code == 200
    html = response.content.decode()
    groups = EmulationGroup.objects.filter(memberships__year=YEAR).distinct()
    assert html.count('data-testid="group"') == groups.count()
    rows = {
        row.group.code: row
        for _kind, _heading, section in response.context["sections"]
        for row in section
    }
    assert {code for code in rows} == set(groups.values_list("code", flat=True))
    for group in groups:
        members = GroupMembership.objects.filter(group=group, year=YEAR)
        leaders = {m.role: m.unit for m in members.exclude(role=GroupRole.MEMBER)}
        row = rows[group.code]
        assert (row.head, row.deputy) == (leaders[GroupRole.HEAD], leaders[GroupRole.DEPUTY])
        statuses = _statuses(campaign, list(members.values_list("unit_id", flat=True)))
        assert row.n_members == len(statuses)
        assert row.counts == dict(Counter(statuses.values()))
        assert row.n_late == 0  # the demo's deadline is ahead
    kinds = [kind for kind, _heading, _rows in response.context["sections"]]
    assert kinds == [GroupKind.BLOC, GroupKind.CLUSTER]


def test_late_members_are_counted_and_marked_with_their_days_late(demo, client, campaign):
    campaign.registration_deadline = TODAY - timedelta(days=4)
    campaign.save()
    group = GroupMembership.objects.get(unit__code="HNI", year=YEAR).group
    members = GroupMembership.objects.filter(group=group, year=YEAR)
    statuses = _statuses(campaign, list(members.values_list("unit_id", flat=True)))
    unsent = {uid for uid, status in statuses.items() if status in ("draft", "not_started")}
    hni = Unit.objects.get(code="HNI")
    DeadlineExtension.objects.create(
        campaign=campaign,
        unit=hni,
        until=TODAY + timedelta(days=3),
        reason="Sáp nhập",
        granted_by=demo["reviewer"],
    )
    client.force_login(demo["reviewer"])

    overview = client.get(reverse("units:groups"))
    detail = client.get(reverse("units:group_detail", args=[group.pk]))

    [row] = [r for _k, _h, rows in overview.context["sections"] for r in rows if r.group == group]
    assert hni.pk in unsent
    assert row.n_late == len(unsent) - 1
    late = {m.unit_id: m.days_late for m in detail.context["members"] if m.is_late}
    assert late == {uid: 4 for uid in unsent - {hni.pk}}
    html = detail.content.decode()
    assert html.count('data-testid="member-late"') == len(unsent) - 1
    assert html.count('data-testid="member-extended"') == 1
    assert f'data-testid="stat-late">{len(unsent) - 1}<' in html


def test_the_group_page_lists_members_with_their_registration_and_the_rotation(
    demo, client, campaign
):
    group = _group("CUM-IV")
    client.force_login(demo["minister"])

    response = client.get(reverse("units:group_detail", args=[group.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    members = GroupMembership.objects.filter(group=group, year=YEAR)
    statuses = _statuses(campaign, list(members.values_list("unit_id", flat=True)))
    codes = dict(Unit.objects.filter(pk__in=statuses).values_list("pk", "code"))
    for unit_id, status in statuses.items():
        assert f'data-unit="{codes[unit_id]}" data-status="{status}"' in html
    assert html.count('data-testid="member"') == len(statuses)
    first, second = response.context["members"][:2]
    assert (first.role, second.role) == (GroupRole.HEAD, GroupRole.DEPUTY)
    assert (first.unit.code, second.unit.code) == ("THA", "NAN")
    rotation = {row.year: row for row in response.context["rotation"]}
    assert sorted(rotation) == [2019, 2020, 2021]
    # The deputy of a year heads the group the year after; Quảng Bình headed Cụm IV in 2020.
    assert (rotation[2020].head.code, rotation[2020].deputy.code) == ("QBH", "THA")
    assert rotation[2019].deputy.code == "QBH"
    assert html.count('data-testid="rotation-year"') == 3
    registration = Registration.objects.filter(campaign=campaign, unit_id__in=statuses).first()
    assert reverse("registrations:detail", args=[registration.pk]) in html


def test_a_unit_head_sees_only_their_own_group_read_only(demo, client, campaign):
    head = demo["unit_head2"]
    own = GroupMembership.objects.get(unit=head.portal_role.unit, year=YEAR).group
    other = EmulationGroup.objects.exclude(pk=own.pk).first()
    client.force_login(head)

    listing = client.get(reverse("units:groups"))
    mine = client.get(reverse("units:group_detail", args=[own.pk]))
    theirs = client.get(reverse("units:group_detail", args=[other.pk]))

    assert (listing.status_code, mine.status_code, theirs.status_code) == (404, 200, 404)
    html = mine.content.decode()
    assert "/dang-ky/" not in html  # no link into other units' registrations
    assert 'data-testid="member"' in html
    my_unit = client.get(reverse("units:my_unit")).content.decode()
    assert reverse("units:group_detail", args=[own.pk]) in my_unit


@pytest.mark.parametrize("name", ["groups", "group_detail"])
def test_anonymous_is_sent_to_sign_in(client, campaign, name):
    kwargs = {"pk": EmulationGroup.objects.first().pk} if name == "group_detail" else {}

    response = client.get(reverse(f"units:{name}", kwargs=kwargs))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_missing_group_is_a_404(demo, client, campaign):
    client.force_login(demo["reviewer"])

    assert client.get(reverse("units:group_detail", args=[999_999])).status_code == 404


def _new_group(code, size, campaign, reviewer):
    """A cluster of ``size`` new units for the year, in assorted registration statuses."""
    group = EmulationGroup.objects.create(code=code, kind=GroupKind.CLUSTER, name=f"Cụm {code}")
    for index in range(size):
        unit = Unit.objects.create(
            code=f"{code}{index}",
            name=f"Sở thử nghiệm {code} {index}",
            unit_type=UnitType.PROVINCIAL_DEPARTMENT,
            email=f"{code.lower()}{index}@example.gov.vn",
        )
        role = [GroupRole.HEAD, GroupRole.DEPUTY][index] if index < 2 else GroupRole.MEMBER
        GroupMembership.objects.create(group=group, unit=unit, year=YEAR, role=role)
        for year in (YEAR - 1, YEAR - 2):
            GroupMembership.objects.create(group=group, unit=unit, year=year, role=role)
        if index % 2:
            Registration.objects.create(campaign=campaign, unit=unit)
            DeadlineExtension.objects.create(
                campaign=campaign,
                unit=unit,
                until=TODAY + timedelta(days=60),
                reason="x",
                granted_by=reviewer,
            )
    return group


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_pages_take_the_same_queries_for_small_and_large_groups(demo, client, campaign):
    client.force_login(demo["reviewer"])
    client.get(reverse("units:groups"))  # the session and the role, once
    reviewer = demo["reviewer"]
    small = _new_group("TNA", 1, campaign, reviewer)
    large = _new_group("TNB", 4, campaign, reviewer)
    before_list = _queries(client, reverse("units:groups"))
    _new_group("TNC", 5, campaign, reviewer)

    after_list = _queries(client, reverse("units:groups"))
    small_detail = _queries(client, reverse("units:group_detail", args=[small.pk]))
    large_detail = _queries(client, reverse("units:group_detail", args=[large.pk]))

    assert before_list == after_list
    assert small_detail == large_detail
