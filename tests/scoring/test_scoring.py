"""Scoring in blocs and clusters: who sees and does what on every page, self-scoring, the
head's check with reasons, totals and ranks with ties, versions of a table, the Excel import,
the acclamation and the immutability of published results, the minutes PDF, constant queries.

The demo's Khối IV (2021): Cục Viễn thám quốc gia (``unit_head``) heads it and has not scored
itself; CBDKH, CCNTT and CDDBD are checked (CBDKH adjusted), CQLTNN and TTQHTNN sent. Its table
acclaims by ballot (more than 50 %); the clusters' tables by ranking.
"""

import io
import os
import re
import unicodedata
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from emulation_portal.exceptions import ApplicationError
from scoring import urls
from scoring.models import (
    Acclamation,
    ItemKind,
    ItemScore,
    ScoreCorrection,
    ScoringItem,
    ScoringMethod,
    ScoringTable,
    UnitScore,
)
from scoring.selectors import (
    acclaimed_leader_unit_ids,
    scoring_items,
    scoring_ranking,
    unit_score_detail,
)
from scoring.services.acclamation import acclamation_record
from scoring.services.scores import (
    score_correct,
    unit_score_check,
    unit_score_save_self,
    unit_score_submit,
)
from scoring.services.tables import (
    scoring_table_create,
    scoring_table_new_version,
    scoring_table_open,
    scoring_table_save,
    scoring_table_version_token,
)
from scoring.workflow import ScoringStatus, UnitScoreStatus
from tests.pdf_layout import layout_pages, page_of
from units.models import GroupMembership, Role, Unit, UserRole

pytestmark = pytest.mark.django_db

YEAR = 2021
A4_POINTS = (595, 842)
REASON = "Thiếu minh chứng cho chỉ tiêu số 2."
MINUTES = {
    "held_on": date(2021, 12, 20),
    "place": "Hội trường tầng 5, Cục Viễn thám quốc gia, số 83 Nguyễn Chí Thanh",
    "city": "Hà Nội",
    "chair": "Nguyễn Văn An",
    "chair_position": "Cục trưởng Cục Viễn thám quốc gia",
    "secretary": "Trần Thị Bình",
    "secretary_position": "Chuyên viên Văn phòng Cục",
    "attendees": "- Lãnh đạo các đơn vị thành viên Khối IV;\n- Đại diện Vụ Thi đua, Khen thưởng và Tuyên truyền.",
}


# --- Fixtures and helpers -----------------------------------------------------------------


def _head_user_of(code: str):
    """A unit-head account for a demo unit that has none."""
    unit = Unit.objects.get(code=code)
    user = get_user_model().objects.create_user(f"head-{code.lower()}")
    UserRole.objects.create(user=user, role=Role.UNIT_HEAD, unit=unit)
    return user


@pytest.fixture
def table(demo):
    return ScoringTable.objects.select_related("group").get(group__code="KHOI-IV", year=YEAR)


@pytest.fixture
def head(demo):
    return demo["unit_head"]


@pytest.fixture
def member(demo):
    """The head of Cục Quản lý tài nguyên nước, deputy of Khối IV (sent, not checked)."""
    return _head_user_of("CQLTNN")


def _unit(code):
    return Unit.objects.get(code=code)


def _score(table, code) -> UnitScore:
    return UnitScore.objects.select_related("table", "unit").get(table=table, unit__code=code)


def _full_rows(table, bonus=Decimal(0)):
    """Self-score rows: every base item at its maximum, bonus as given, no deduction."""
    return [
        {
            "item_id": item.pk,
            "self_points": item.max_points
            if item.kind == ItemKind.BASE
            else (min(bonus, item.max_points) if item.kind == ItemKind.BONUS else Decimal(0)),
            "evidence": "Báo cáo tổng kết năm 2021.",
        }
        for item in scoring_items(table)
    ]


def _head_scores_itself(table, head):
    score = unit_score_save_self(
        table=table, unit=head.portal_role.unit, actor=head, rows=_full_rows(table)
    )
    return unit_score_submit(unit_score=score, actor=head)


def _check_everyone(table, head, reviewer):
    """The head checks every sent score but its own; the Department checks the head's."""
    own = head.portal_role.unit_id
    for score in UnitScore.objects.filter(table=table, status=UnitScoreStatus.SUBMITTED):
        score = _score(table, score.unit.code)
        unit_score_check(
            unit_score=score, actor=reviewer if score.unit_id == own else head, rows=[]
        )


def _ready_for_acclamation(table, demo):
    _head_scores_itself(table, demo["unit_head"])
    _check_everyone(table, demo["unit_head"], demo["reviewer"])
    table.refresh_from_db()
    return table


def _acclaim(table, actor, leader_code="CVTQG", **extra):
    return acclamation_record(
        table=table,
        actor=actor,
        leader_id=_unit(leader_code).pk,
        **{"ballots_for": 5, "ballots_total": 6, **MINUTES, **extra},
    )


def _minutes_post(leader, **extra):
    data = {
        "leader": leader.pk,
        "ballots_for": 5,
        "ballots_total": 6,
        **MINUTES,
        "held_on": "20/12/2021",
        **extra,
    }
    return data


def _state(table):
    """Everything a scoring act could change, to prove that a refused one changed nothing."""
    return {
        "tables": list(ScoringTable.objects.values_list("pk", "status", "version", "updated_at")),
        "items": list(ScoringItem.objects.filter(table__group=table.group).values_list()),
        "scores": list(UnitScore.objects.filter(table__group=table.group).values_list()),
        "item_scores": list(ItemScore.objects.filter(unit_score__table=table).values_list()),
        "acclamations": Acclamation.objects.count(),
        "corrections": ScoreCorrection.objects.count(),
        "history": ItemScore.history.count() + UnitScore.history.count(),
    }


# --- Every URL, as another group's head, the Minister and anonymous -------------------------

GROUP_URLS = {"group", "create"}
UNIT_URLS = {"unit", "check", "correct"}
URL_NAMES = [p.name for p in urls.urlpatterns if p.name]


def _kwargs(name, table):
    if name in GROUP_URLS:
        return {"pk": table.group_id}
    if name in UNIT_URLS:
        return {"pk": table.pk, "unit_pk": _unit("CQLTNN").pk}
    return {"pk": table.pk}


def _junk_post(table):
    return {
        "version": "x",
        "method": "ranking",
        "threshold": "10",
        "leader": _unit("CQLTNN").pk,
        "item": scoring_items(table)[0].pk,
        "points": "1",
        "reason": "x",
        "token": "x",
    }


def test_every_scoring_url_is_in_this_test():
    assert set(URL_NAMES) == {
        "group",
        "create",
        "table",
        "edit",
        "open",
        "new_version",
        "import",
        "import_template",
        "import_confirm",
        "self",
        "unit",
        "check",
        "correct",
        "acclaim",
        "minutes",
    }


@pytest.mark.parametrize("name", URL_NAMES)
def test_the_head_of_a_unit_of_another_group_gets_404_and_changes_nothing(
    demo, client, table, name
):
    url = reverse(f"scoring:{name}", kwargs=_kwargs(name, table))
    before = _state(table)
    client.force_login(demo["unit_head2"])  # Hà Nội, in Cụm I

    get = client.get(url)
    post = client.post(url, _junk_post(table))

    assert get.status_code in (404, 405)
    assert post.status_code in (404, 405)
    assert _state(table) == before


@pytest.mark.parametrize("name", URL_NAMES)
def test_the_minister_reads_but_changes_nothing(demo, client, table, name):
    url = reverse(f"scoring:{name}", kwargs=_kwargs(name, table))
    before = _state(table)
    client.force_login(demo["minister"])

    get = client.get(url)
    post = client.post(url, _junk_post(table))

    if name in ("group", "table", "unit"):
        assert get.status_code == 200
    assert get.status_code in (200, 302, 404, 405)
    assert post.status_code in (403, 404, 405)
    assert _state(table) == before


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_is_sent_to_sign_in(client, table, name):
    response = client.get(reverse(f"scoring:{name}", kwargs=_kwargs(name, table)))

    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("username", ["minister", "reviewer", "unit_head"])
def test_readers_and_the_head_see_everyones_totals_and_ranks(demo, client, table, username):
    client.force_login(demo[username])

    response = client.get(reverse("scoring:group", args=[table.group_id]))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="member-score"') == 6
    assert html.count('data-testid="total"') == 5  # every member but the head, not yet sent
    assert 'data-unit="CBDKH" data-status="checked" data-rank="' in html


def test_a_member_sees_its_own_total_only_until_publication(demo, client, table, member):
    client.force_login(member)

    page = client.get(reverse("scoring:group", args=[table.group_id]))
    own = client.get(reverse("scoring:unit", args=[table.pk, _unit("CQLTNN").pk]))
    other = client.get(reverse("scoring:unit", args=[table.pk, _unit("CBDKH").pk]))

    html = page.content.decode()
    assert html.count('data-testid="member-score"') == 6
    assert html.count('data-testid="total"') == 1
    assert 'data-rank=""' in html and 'data-testid="check-score"' not in html
    assert (own.status_code, other.status_code) == (200, 404)


def test_a_member_cannot_check_another_units_score(demo, client, table, member):
    score = _score(table, "TTQHTNN")
    item = scoring_items(table)[0]
    before = _state(table)
    client.force_login(member)
    url = reverse("scoring:check", args=[table.pk, score.unit_id])

    get = client.get(url)
    post = client.post(url, {f"adjusted_{item.pk}": "1", f"reason_{item.pk}": REASON})

    assert (get.status_code, post.status_code) == (404, 404)
    assert _state(table) == before
    with pytest.raises(PermissionDenied):
        unit_score_check(unit_score=score, actor=member, rows=[])


def test_the_head_cannot_check_its_own_unit_the_department_does(demo, client, table, head):
    _head_scores_itself(table, head)
    own = _score(table, "CVTQG")
    item = scoring_items(table)[0]
    client.force_login(head)
    url = reverse("scoring:check", args=[table.pk, own.unit_id])
    data = {f"adjusted_{item.pk}": "30", f"reason_{item.pk}": REASON}

    get = client.get(url)
    post = client.post(url, data)

    assert get.status_code == 302 and get["Location"] == reverse("scoring:table", args=[table.pk])
    assert post.status_code == 403
    assert _score(table, "CVTQG").status == UnitScoreStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        unit_score_check(unit_score=own, actor=head, rows=[])

    client.force_login(demo["reviewer"])
    response = client.post(url, data)

    assert response.status_code == 302
    own = _score(table, "CVTQG")
    adjusted = ItemScore.objects.get(unit_score=own, item=item)
    assert own.status == UnitScoreStatus.CHECKED and own.checked_by == demo["reviewer"]
    assert (adjusted.adjusted_points, adjusted.adjustment_reason) == (Decimal(30), REASON)


# --- Self-scoring -------------------------------------------------------------------------


def test_a_unit_scores_itself_saves_a_draft_and_sends_it(demo, client, table, head):
    items = scoring_items(table)
    client.force_login(head)
    url = reverse("scoring:self", args=[table.pk])
    first, deduction = items[0], items[-1]

    evidence = {f"evidence_{first.pk}": "https://vt.gov.vn/bc-2021"}
    draft = client.post(url, {f"points_{first.pk}": "34,5", **evidence})
    too_many = client.post(url, {f"points_{first.pk}": "36", **evidence})
    incomplete = client.post(url, {f"points_{first.pk}": "34,5", **evidence, "send": "1"})

    assert draft.status_code == 302
    assert too_many.status_code == 400
    assert incomplete.status_code == 302  # saved, not sent: items have no points
    score = _score(table, "CVTQG")
    assert score.status == UnitScoreStatus.DRAFT
    saved = ItemScore.objects.get(unit_score=score, item=first)
    assert (saved.self_points, saved.evidence) == (Decimal("34.5"), "https://vt.gov.vn/bc-2021")

    data = {f"points_{item.pk}": str(item.max_points).replace(".", ",") for item in items}
    data[f"points_{deduction.pk}"] = "0"
    response = client.post(url, {**data, "send": "1"})

    assert response.status_code == 302
    score = _score(table, "CVTQG")
    assert (score.status, score.submitted_by) == (UnitScoreStatus.SUBMITTED, head)
    assert ItemScore.objects.filter(unit_score=score).count() == len(items)
    assert score.history.filter(history_user=head).exists()
    # Sent: the unit can no longer change it.
    assert client.post(url, data).status_code == 403
    assert client.get(url).status_code == 302


def test_a_unit_only_ever_scores_itself(demo, client, table, member):
    cvtqg = _unit("CVTQG")

    with pytest.raises(PermissionDenied):
        unit_score_save_self(table=table, unit=cvtqg, actor=member, rows=_full_rows(table))

    assert not UnitScore.objects.filter(table=table, unit=cvtqg).exists()


def test_deductions_are_positive_points_and_every_item_has_a_range(demo, table, head):
    deduction = next(item for item in scoring_items(table) if item.kind == ItemKind.DEDUCTION)
    unit = head.portal_role.unit

    for points in (Decimal(-1), deduction.max_points + 1):
        with pytest.raises(ApplicationError):
            unit_score_save_self(
                table=table,
                unit=unit,
                actor=head,
                rows=[{"item_id": deduction.pk, "self_points": points, "evidence": ""}],
            )

    assert not UnitScore.objects.filter(table=table, unit=unit).exists()


# --- The head's check ---------------------------------------------------------------------


def test_the_head_adjusts_with_a_reason_beside_the_self_score(demo, client, table, head):
    score = _score(table, "TTQHTNN")
    first, second = scoring_items(table)[:2]
    own = {s.item_id: s.self_points for s in ItemScore.objects.filter(unit_score=score)}
    client.force_login(head)
    url = reverse("scoring:check", args=[table.pk, score.unit_id])
    lowered = own[second.pk] - 2

    no_reason = client.post(url, {f"adjusted_{second.pk}": str(lowered)})
    response = client.post(
        url,
        {
            f"adjusted_{first.pk}": str(own[first.pk]),  # unchanged: no reason needed
            f"adjusted_{second.pk}": str(lowered).replace(".", ","),
            f"reason_{second.pk}": REASON,
        },
    )

    assert no_reason.status_code == 400
    assert response.status_code == 302
    score = _score(table, "TTQHTNN")
    assert (score.status, score.checked_by) == (UnitScoreStatus.CHECKED, head)
    adjusted = ItemScore.objects.get(unit_score=score, item=second)
    assert (adjusted.self_points, adjusted.adjusted_points) == (own[second.pk], lowered)
    assert (adjusted.adjustment_reason, adjusted.adjusted_by) == (REASON, head)
    assert ItemScore.objects.get(unit_score=score, item=first).adjusted_points is None
    detail = client.get(reverse("scoring:unit", args=[table.pk, score.unit_id]))
    html = detail.content.decode()
    assert REASON in html and html.count('data-testid="adjustment"') == 1
    member = _head_user_of("TTQHTNN")
    client.force_login(member)
    assert REASON in client.get(detail.request["PATH_INFO"]).content.decode()


def test_a_draft_is_not_shown_to_the_checker(demo, client, table, head, member):
    UnitScore.objects.filter(table=table, unit__code="CQLTNN").update(status="draft")
    client.force_login(head)

    page = client.get(reverse("scoring:unit", args=[table.pk, _unit("CQLTNN").pk]))
    check = client.get(reverse("scoring:check", args=[table.pk, _unit("CQLTNN").pk]))

    assert 'data-testid="not-sent"' in page.content.decode()
    assert 'data-testid="self-points"' not in page.content.decode()
    assert check.status_code == 302


# --- Totals and ranking -------------------------------------------------------------------


def _set_points(table, code, points: dict[int, tuple], status=UnitScoreStatus.CHECKED):
    """Write a unit's points directly: {position: (self, adjusted or None)}."""
    score, _ = UnitScore.objects.update_or_create(
        table=table, unit=_unit(code), defaults={"status": status}
    )
    items = {item.position: item for item in table.items.all()}
    ItemScore.objects.filter(unit_score=score).delete()
    ItemScore.objects.bulk_create(
        ItemScore(
            unit_score=score,
            item=items[position],
            self_points=Decimal(own),
            adjusted_points=None if adjusted is None else Decimal(adjusted),
            adjustment_reason="" if adjusted is None else REASON,
        )
        for position, (own, adjusted) in points.items()
    )
    return score


def test_totals_are_base_plus_bonus_minus_deductions_with_ties_sharing_a_rank(demo):
    table = ScoringTable.objects.get(group__code="CUM-IV", year=YEAR)
    codes = list(
        GroupMembership.objects.filter(group=table.group, year=YEAR)
        .order_by("unit__code")
        .values_list("unit__code", flat=True)
    )
    # Positions 1-8 base, 9-10 bonus, 11-12 deductions (the demo's table).
    _set_points(table, codes[0], {1: (35, 30), 9: (5, None), 11: (2, None)})  # 30 + 5 - 2 = 33
    _set_points(table, codes[1], {1: (33, None)})  # 33: shares the first rank
    _set_points(table, codes[2], {1: (20, None), 2: (10, None), 12: (5, 0)})  # 30, not 25
    _set_points(table, codes[3], {1: (35, None)}, status=UnitScoreStatus.DRAFT)  # not counted

    rows = {row.unit.code: row for row in scoring_ranking(table)}

    assert (rows[codes[0]].total, rows[codes[0]].self_total) == (Decimal(33), Decimal(38))
    assert (rows[codes[0]].base, rows[codes[0]].bonus, rows[codes[0]].deduction) == (30, 5, 2)
    assert rows[codes[1]].total == Decimal(33)
    assert (rows[codes[2]].total, rows[codes[2]].self_total) == (Decimal(30), Decimal(25))
    ranks = {code: rows[code].rank for code in codes[:3]}
    assert ranks == {codes[0]: 1, codes[1]: 1, codes[2]: 3}
    assert (rows[codes[3]].rank, rows[codes[3]].total, rows[codes[3]].status) == (
        None,
        None,
        "draft",
    )
    ordered = [row.unit.code for row in scoring_ranking(table)][:3]
    assert ordered[2] == codes[2]
    detail = unit_score_detail(table=table, unit_score=_score(table, codes[0]))
    assert (detail.total, detail.self_total) == (Decimal(33), Decimal(38))


@pytest.mark.parametrize("username", ["reviewer", "unit_head"])
def test_the_table_page_takes_the_same_queries_for_one_and_all_members_scored(
    demo, client, username
):
    table = ScoringTable.objects.get(group__code="KHOI-IV", year=YEAR)
    client.force_login(demo[username])
    url = reverse("scoring:table", args=[table.pk])

    def count():
        client.get(url)  # warm the session and the role cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    UnitScore.objects.filter(table=table).exclude(unit__code="CBDKH").delete()
    few = count()
    codes = GroupMembership.objects.filter(group=table.group, year=YEAR).values_list(
        "unit__code", flat=True
    )
    for code in codes:
        _set_points(table, code, {p: (1, 0 if p == 1 else None) for p in range(1, 13)})
    many = count()

    assert few == many


def test_the_ranking_takes_three_queries_whatever_the_size(demo, django_assert_num_queries):
    small = ScoringTable.objects.get(group__code="KHOI-IV", year=YEAR)
    large = ScoringTable.objects.get(group__code="CUM-I", year=YEAR)
    for membership in GroupMembership.objects.filter(group=large.group, year=YEAR):
        _set_points(large, membership.unit.code, {p: (2, None) for p in range(1, 13)})

    with django_assert_num_queries(3):
        small_rows = scoring_ranking(small)
    with django_assert_num_queries(3):
        large_rows = scoring_ranking(large)

    assert len(large_rows) > len(small_rows)
    assert {row.rank for row in large_rows} == {1}  # all equal: one shared rank


# --- The table: creation, edits, versions -------------------------------------------------


def test_the_head_prepares_a_table_a_member_cannot(demo, client, table):
    ScoringTable.objects.filter(group=table.group).delete()
    client.force_login(_head_user_of("CBDKH"))
    url = reverse("scoring:create", args=[table.group_id])

    refused = client.post(url)
    client.force_login(demo["unit_head"])
    created = client.post(url)
    again = client.post(url)

    new = ScoringTable.objects.get(group=table.group, year=YEAR)
    assert refused.status_code == 403
    assert created["Location"] == reverse("scoring:edit", args=[new.pk])
    assert (new.status, new.version, new.created_by) == ("draft", 1, demo["unit_head"])
    assert again.status_code == 302 and ScoringTable.objects.filter(group=table.group).count() == 1


def test_the_editor_saves_items_in_a_draft_with_history(demo, client, table):
    ScoringTable.objects.filter(group=table.group).delete()
    draft = scoring_table_create(group=table.group, year=YEAR, actor=demo["reviewer"])
    client.force_login(demo["unit_head"])
    url = reverse("scoring:edit", args=[draft.pk])
    form = {
        "version": scoring_table_version_token(draft),
        "method": "ballot",
        "threshold": "66,67",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-position": "1",
        "items-0-text": "Hoàn thành nhiệm vụ",
        "items-0-kind": "base",
        "items-0-max_points": "90",
        "items-1-position": "2",
        "items-1-text": "Sáng kiến",
        "items-1-kind": "bonus",
        "items-1-max_points": "5",
        "items-2-position": "3",
        "items-2-text": "Báo cáo chậm",
        "items-2-kind": "deduction",
        "items-2-max_points": "2,5",
    }

    assert client.get(url).status_code == 200
    response = client.post(url, form)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.method, draft.threshold) == (ScoringMethod.BALLOT, Decimal("66.67"))
    items = list(draft.items.order_by("position").values_list("text", "kind", "max_points"))
    assert items[2] == ("Báo cáo chậm", "deduction", Decimal("2.5"))
    assert (
        ScoringItem.history.filter(table_id=draft.pk, history_user=demo["unit_head"]).count() == 3
    )
    # The same form again is stale; swapping two positions works.
    assert client.post(url, form).status_code == 400
    first, second = draft.items.order_by("position")[:2]
    scoring_table_save(
        table=draft,
        actor=demo["reviewer"],
        method="ranking",
        threshold=Decimal(50),
        items=[
            {"id": first.pk, "position": 2, "text": first.text, "kind": "base", "max_points": 90},
            {"id": second.pk, "position": 1, "text": second.text, "kind": "bonus", "max_points": 5},
        ],
        version=scoring_table_version_token(draft),
    )
    assert list(draft.items.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_items_are_frozen_once_units_have_scored_a_new_version_carries_points_over(
    demo, client, table, head
):
    items = scoring_items(table)
    client.force_login(head)

    edit = client.get(reverse("scoring:edit", args=[table.pk]))
    with pytest.raises(ApplicationError):
        scoring_table_save(
            table=table,
            actor=head,
            method="ballot",
            threshold=Decimal(50),
            items=[{"position": 1, "text": "x", "kind": "base", "max_points": 1}],
            version=scoring_table_version_token(table),
        )
    response = client.post(reverse("scoring:new_version", args=[table.pk]))

    assert edit.status_code == 302
    draft = ScoringTable.objects.get(group=table.group, year=YEAR, version=2)
    assert response["Location"] == reverse("scoring:edit", args=[draft.pk])
    assert draft.status == ScoringStatus.DRAFT and draft.items.count() == len(items)
    # Scoring goes on against version 1 meanwhile.
    assert ScoringTable.objects.get(pk=table.pk).status == ScoringStatus.OPEN
    rows = [
        {
            "id": item.pk,
            "position": item.position,
            "text": item.text,
            "kind": item.kind,
            "max_points": item.max_points + (5 if item.position == 1 else 0),
            "guidance": item.guidance,
        }
        for item in scoring_items(draft)
    ]
    scoring_table_save(
        table=draft,
        actor=head,
        method="ballot",
        threshold=Decimal(50),
        items=rows,
        version=scoring_table_version_token(draft),
    )
    before = dict(UnitScore.objects.filter(table=table).values_list("unit__code", "status"))

    scoring_table_open(table=draft, actor=head)

    table.refresh_from_db()
    assert (table.status, ScoringTable.objects.get(pk=draft.pk).status) == ("superseded", "open")
    carried = UnitScore.objects.filter(table=draft)
    assert set(carried.values_list("unit__code", flat=True)) == set(before)
    assert set(carried.values_list("status", flat=True)) == {UnitScoreStatus.DRAFT}
    cbdkh = ItemScore.objects.filter(unit_score__table=draft, unit_score__unit__code="CBDKH")
    assert cbdkh.count() == len(items) - 1  # the item whose maximum changed starts empty
    assert not cbdkh.filter(item__position=1).exists()
    old = ItemScore.objects.get(
        unit_score__table=table, unit_score__unit__code="CBDKH", item__position=2
    )
    assert cbdkh.get(item__position=2).self_points == old.self_points
    page = client.get(reverse("scoring:group", args=[table.group_id]))
    assert page.context["table"].pk == draft.pk


# --- Excel import -------------------------------------------------------------------------


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD_SHEET = [
    ["No.", "Item", "Kind", "Maximum points", "Guidance"],
    [1, "Hoàn thành nhiệm vụ chuyên môn", "base", 60, "Theo kế hoạch năm"],
    [2, "Cải cách hành chính", "Cơ bản", "40", ""],
    [3, "Sáng kiến cấp Bộ", "điểm thưởng", "2,5", None],
    [4, "Vi phạm kỷ luật", "Deduction", 10, None],
]


@pytest.fixture
def draft(demo, table, head):
    return scoring_table_new_version(table=table, actor=head)


def _upload(client, table, content):
    return client.post(
        reverse("scoring:import", args=[table.pk]),
        {"file": SimpleUploadedFile("bang-cham-diem.xlsx", content)},
    )


def test_the_template_holds_the_tables_items(demo, client, draft, head):
    client.force_login(head)

    response = client.get(reverse("scoring:import_template", args=[draft.pk]))

    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + draft.items.count()
    assert rows[1][1] == scoring_items(draft)[0].text


def test_a_good_file_is_previewed_then_replaces_the_items(demo, client, draft, head):
    client.force_login(head)

    preview = _upload(client, draft, _xlsx(GOOD_SHEET))

    assert preview.status_code == 200
    html = preview.content.decode()
    assert html.count('data-testid="preview-row"') == 4
    assert 'data-testid="base-total">100<' in html
    assert draft.items.count() == 12  # nothing yet
    confirm = preview.context["confirm"]
    response = client.post(
        reverse("scoring:import_confirm", args=[draft.pk]),
        {"token": confirm.initial["token"], "version": confirm.initial["version"]},
    )

    assert response.status_code == 302
    items = list(draft.items.order_by("position").values_list("text", "kind", "max_points"))
    assert items == [
        ("Hoàn thành nhiệm vụ chuyên môn", "base", Decimal(60)),
        ("Cải cách hành chính", "base", Decimal(40)),
        ("Sáng kiến cấp Bộ", "bonus", Decimal("2.5")),
        ("Vi phạm kỷ luật", "deduction", Decimal(10)),
    ]
    assert ScoringItem.history.filter(table_id=draft.pk, history_type="-").count() == 12


@pytest.mark.parametrize(
    ("row", "expected_row"),
    [
        ([2, "Cải cách hành chính", "khác", 40, ""], 3),
        ([2, "Cải cách hành chính", "base", "bốn mươi", ""], 3),
        ([2, "", "base", 40, ""], 3),
        ([2.5, "Cải cách hành chính", "base", 40, ""], 3),
        ([1, "Trùng số thứ tự", "base", 40, ""], 3),  # the number given twice
        ([2, "Cải cách hành chính", "base", -5, ""], None),
    ],
)
def test_any_bad_row_refuses_the_whole_file(demo, client, draft, head, row, expected_row):
    sheet = [*GOOD_SHEET[:2], row, *GOOD_SHEET[3:]]
    before = _state(draft)
    client.force_login(head)

    response = _upload(client, draft, _xlsx(sheet))

    assert response.status_code == 400
    assert response.context["confirm"] is None
    rows = [problem.row for problem in response.context["preview"].problems]
    assert expected_row in rows
    assert _state(draft) == before


def test_a_file_that_is_not_excel_or_lacks_columns_is_refused(demo, client, draft, head):
    client.force_login(head)

    not_excel = _upload(client, draft, b"%PDF-1.4 not a workbook")
    no_kind = _upload(client, draft, _xlsx([["No.", "Item", "Maximum points"], [1, "x", 5]]))

    assert (not_excel.status_code, no_kind.status_code) == (400, 400)
    assert draft.items.count() == 12


def test_the_import_is_refused_once_units_have_scored(demo, client, table, head):
    client.force_login(head)

    response = _upload(client, table, _xlsx(GOOD_SHEET))

    assert response.status_code == 403
    assert table.items.count() == 12


# --- The acclamation, publication and corrections -----------------------------------------


def test_the_acclamation_waits_for_every_check(demo, table, head):
    with pytest.raises(ApplicationError, match="VTQG"):
        _acclaim(table, head)

    assert table.acclamations.count() == 0


@pytest.mark.parametrize(("ballots_for", "accepted"), [(3, False), (4, True)])
def test_a_ballot_needs_more_than_the_threshold(demo, table, head, ballots_for, accepted):
    _ready_for_acclamation(table, demo)

    if accepted:
        _acclaim(table, head, ballots_for=ballots_for)
    else:
        with pytest.raises(ApplicationError):
            _acclaim(table, head, ballots_for=ballots_for)  # 3 of 6 is 50 %, not more

    table.refresh_from_db()
    assert (table.status == ScoringStatus.PUBLISHED) is accepted


def test_by_ranking_the_leader_is_ranked_first(demo, table, head):
    ScoringTable.objects.filter(pk=table.pk).update(method=ScoringMethod.RANKING)
    _ready_for_acclamation(table, demo)
    ranking = scoring_ranking(table)
    second = next(row for row in ranking if row.rank > 1)

    with pytest.raises(ApplicationError):
        _acclaim(table, head, leader_code=second.unit.code)
    acclamation = _acclaim(table, head, leader_code=ranking[0].unit.code)

    assert (acclamation.ballots_for, acclamation.threshold) == (None, None)
    assert acclaimed_leader_unit_ids(YEAR) == {ranking[0].unit.pk}


def test_the_head_records_the_acclamation_through_the_page(demo, client, table, head):
    _ready_for_acclamation(table, demo)
    client.force_login(head)
    url = reverse("scoring:acclaim", args=[table.pk])

    form = client.get(url)
    response = client.post(url, _minutes_post(_unit("CVTQG")))

    assert form.status_code == 200
    assert form.context["form"].initial["leader"] == _unit("CVTQG").pk  # ranked first
    assert response.status_code == 302
    table.refresh_from_db()
    acclamation = table.acclamations.get()
    assert (table.status, acclamation.recorded_by) == (ScoringStatus.PUBLISHED, head)
    assert (acclamation.ballots_for, acclamation.ballots_total) == (5, 6)
    assert acclamation.threshold == Decimal(50)
    page = client.get(reverse("scoring:table", args=[table.pk])).content.decode()
    assert 'data-testid="minutes-pdf"' in page and 'data-testid="leader-badge"' in page


def test_published_results_are_never_edited_a_correction_is_a_new_act(demo, client, table, head):
    _ready_for_acclamation(table, demo)
    first = _acclaim(table, head)
    score = _score(table, "CBDKH")
    item = scoring_items(table)[1]
    before = _state(table)
    client.force_login(head)

    refused = [
        client.post(reverse("scoring:self", args=[table.pk]), {"send": "1"}),
        client.post(
            reverse("scoring:check", args=[table.pk, score.unit_id]),
            {f"adjusted_{item.pk}": "1", f"reason_{item.pk}": REASON},
        ),
        client.post(reverse("scoring:edit", args=[table.pk]), {}),
        client.post(reverse("scoring:new_version", args=[table.pk])),
        client.post(reverse("scoring:open", args=[table.pk])),
    ]

    assert [r.status_code for r in refused] == [403, 403, 403, 403, 403]
    assert _state(table) == before
    with pytest.raises(PermissionDenied):
        unit_score_check(unit_score=score, actor=head, rows=[])
    with pytest.raises(PermissionDenied):
        unit_score_save_self(
            table=table, unit=head.portal_role.unit, actor=head, rows=_full_rows(table)
        )

    # A correction of points: recorded beside them, the points themselves unchanged.
    own = ItemScore.objects.get(unit_score=score, item=item)
    total_before = next(r.total for r in scoring_ranking(table) if r.unit.code == "CBDKH")
    with pytest.raises(ApplicationError):
        score_correct(unit_score=score, item_id=item.pk, actor=head, points=Decimal(1), reason="")
    response = client.post(
        reverse("scoring:correct", args=[table.pk, score.unit_id]),
        {"item": item.pk, "points": "1", "reason": REASON},
    )
    assert response.status_code == 302
    correction = ScoreCorrection.objects.get()
    assert (correction.points, correction.reason, correction.recorded_by) == (1, REASON, head)
    assert ItemScore.objects.get(pk=own.pk).self_points == own.self_points
    total_after = next(r.total for r in scoring_ranking(table) if r.unit.code == "CBDKH")
    assert total_after == total_before - own.self_points + 1

    # A correction of the acclamation: a new record naming the one it corrects.
    missing_reason = client.post(
        reverse("scoring:acclaim", args=[table.pk]), _minutes_post(_unit("TTQHTNN"))
    )
    corrected = client.post(
        reverse("scoring:acclaim", args=[table.pk]),
        _minutes_post(_unit("TTQHTNN"), correction_reason="Kiểm phiếu lại: 4/6 phiếu."),
    )
    assert (missing_reason.status_code, corrected.status_code) == (400, 302)
    second = Acclamation.objects.exclude(pk=first.pk).get()
    assert (second.corrects, second.leader.code) == (first, "TTQHTNN")
    assert Acclamation.objects.get(pk=first.pk).leader.code == "CVTQG"  # kept as recorded
    assert acclaimed_leader_unit_ids(YEAR) == {_unit("TTQHTNN").pk}
    assert acclaimed_leader_unit_ids(YEAR - 1) == set()


def test_a_member_sees_everyones_results_once_published(demo, client, table, member):
    _ready_for_acclamation(table, demo)
    _acclaim(table, demo["unit_head"])
    client.force_login(member)

    page = client.get(reverse("scoring:table", args=[table.pk]))
    pdf = client.get(reverse("scoring:minutes", args=[table.pk]))

    assert page.content.decode().count('data-testid="total"') == 6
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


# --- The minutes PDF ----------------------------------------------------------------------


def _pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(unicodedata.normalize("NFC", text).split())


def test_no_minutes_before_the_acclamation(demo, client, table):
    client.force_login(demo["reviewer"])

    assert client.get(reverse("scoring:minutes", args=[table.pk])).status_code == 404


def test_the_minutes_pdf_holds_the_results_in_the_decree_30_layout(demo, client, table, head):
    _ready_for_acclamation(table, demo)
    _acclaim(table, head)
    ranking = scoring_ranking(table)
    client.force_login(demo["reviewer"])

    response = client.get(reverse("scoring:minutes", args=[table.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert "bien-ban-suy-ton-khoi-iv-2021.pdf" in response["Content-Disposition"]
    reader, text = _pdf_text(response.content)
    for part in (
        "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "KHỐI THI ĐUA IV",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 20 tháng 12 năm 2021",
        "BIÊN BẢN",
        "I. THÀNH PHẦN",
        "II. KẾT QUẢ CHẤM ĐIỂM",
        "III. KẾT QUẢ SUY TÔN",
        "Chủ trì: Nguyễn Văn An, Cục trưởng Cục Viễn thám quốc gia",
        "Thư ký: Trần Thị Bình",
        "5/6 phiếu",
        "83,33%",
        "suy tôn Cục Viễn thám quốc gia là đơn vị dẫn đầu phong trào thi đua năm 2021",
        "THƯ KÝ",
        "CHỦ TRÌ",
    ):
        assert part in text, part
    # Every member with its rank and total, as the ranking computed them (decimal comma).
    for row in ranking:
        total = format(row.total.normalize(), "f").replace(".", ",")
        assert re.search(rf"{row.rank} {re.escape(row.unit.name[:12])}.*? {total}\b", text), (
            row.unit.name,
            total,
        )
    assert "94,5" in text  # CBDKH, adjusted by the head
    fonts = set()
    for page in reader.pages:
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == A4_POINTS
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor
            fonts.add(re.sub(r"^/([A-Z]{6}\+)?", "", font.get_object()["/BaseFont"]))
    assert {"Tinos", "Tinos-Bold"} <= fonts


PRESENT = (
    "Nguyễn Văn An; Cục trưởng; Cục Viễn thám quốc gia\n"
    "- Lê Thị Cúc; Phó Giám đốc; Trung tâm Quy hoạch và Điều tra tài nguyên nước quốc gia;\n"
    "\n"
    "Phạm Minh Đức; Phó Vụ trưởng; Vụ Thi đua, Khen thưởng và Tuyên truyền"
)


def test_the_minutes_name_those_present_and_propose_to_the_ministry(demo, client, table, head):
    _ready_for_acclamation(table, demo)
    ranking = sorted(
        (r for r in scoring_ranking(table) if r.rank and r.unit != _unit("CVTQG")),
        key=lambda r: r.rank,
    )
    second, third = ranking[:2]  # the two ranked next after the leader
    client.force_login(head)
    url = reverse("scoring:acclaim", args=[table.pk])

    form = client.get(url).context["form"]
    response = client.post(
        url,
        _minutes_post(
            _unit("CVTQG"),
            members_present=PRESENT,
            certificate_units=[second.unit.pk, third.unit.pk],
        ),
    )

    # The ranking proposes the two units after the leader for the Minister's certificate.
    assert form.initial["certificate_units"] == [second.unit.pk, third.unit.pk]
    assert response.status_code == 302
    acclamation = table.acclamations.get()
    assert acclamation.members_present[1] == {
        "full_name": "Lê Thị Cúc",
        "position": "Phó Giám đốc",
        "unit": "Trung tâm Quy hoạch và Điều tra tài nguyên nước quốc gia",
    }
    content = client.get(reverse("scoring:minutes", args=[table.pk])).content
    if os.environ.get("MINUTES_PDF_OUT"):
        Path(os.environ["MINUTES_PDF_OUT"]).write_bytes(content)
    _reader, text = _pdf_text(content)
    for part in (
        "1 Nguyễn Văn An Cục trưởng Cục Viễn thám quốc gia",
        "2 Lê Thị Cúc Phó Giám đốc Trung tâm Quy hoạch và Điều tra tài nguyên nước quốc gia",
        "3 Phạm Minh Đức Phó Vụ trưởng Vụ Thi đua, Khen thưởng và Tuyên truyền",
        "IV. ĐỀ NGHỊ",
        f"{table.group.name} thống nhất đề nghị Bộ trưởng:",
        "1. Tặng Cờ thi đua của Bộ cho Cục Viễn thám quốc gia (xếp thứ 1",
        "2. Tặng Bằng khen của Bộ trưởng cho 02 đơn vị",
        f"{second.unit.name} (xếp thứ {second.rank}",
        f"{third.unit.name} (xếp thứ {third.rank}",
    ):
        assert part in text, part
    pages = layout_pages(content)
    assert page_of(pages, "CHỦ TRÌ") == page_of(pages, "thông qua tại cuộc họp./.")
    assert page_of(pages, "Hà Nội, ngày 20 tháng 12 năm 2021") == 1


def test_a_member_present_without_a_name_or_unit_is_refused(demo, client, table, head):
    _ready_for_acclamation(table, demo)
    client.force_login(head)
    url = reverse("scoring:acclaim", args=[table.pk])

    nameless = client.post(url, _minutes_post(_unit("CVTQG"), members_present="; Cục trưởng; CVT"))
    leader_too = client.post(
        url, _minutes_post(_unit("CVTQG"), certificate_units=[_unit("CVTQG").pk])
    )

    assert nameless.status_code == leader_too.status_code == 400
    assert "members_present" in nameless.context["form"].errors
    assert "certificate_units" in leader_too.context["form"].errors
    assert not table.acclamations.exists()


def test_the_corrected_minutes_say_what_they_correct(demo, client, table, head):
    _ready_for_acclamation(table, demo)
    _acclaim(table, head)
    _acclaim(table, head, leader_code="TTQHTNN", correction_reason="Kiểm phiếu lại.")
    client.force_login(head)

    _reader, text = _pdf_text(client.get(reverse("scoring:minutes", args=[table.pk])).content)

    assert "suy tôn Trung tâm Quy hoạch và Điều tra tài nguyên nước quốc gia là đơn vị" in text
    assert "Lý do đính chính: Kiểm phiếu lại." in text


def test_the_group_and_unit_pages_link_to_the_scoring(demo, client, table, head):
    client.force_login(head)

    group = client.get(reverse("units:group_detail", args=[table.group_id])).content.decode()
    mine = client.get(reverse("units:my_unit")).content.decode()

    url = reverse("scoring:group", args=[table.group_id])
    assert f'href="{url}"' in group and f'href="{url}"' in mine


def test_units_score_only_once_the_table_is_open(demo, client, draft, head):
    client.force_login(head)

    response = client.post(reverse("scoring:self", args=[draft.pk]), {})

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        unit_score_save_self(
            table=draft, unit=head.portal_role.unit, actor=head, rows=_full_rows(draft)
        )
    assert not UnitScore.objects.filter(table=draft).exists()


def test_the_leader_must_be_a_member_of_the_group(demo, table, head):
    _ready_for_acclamation(table, demo)

    with pytest.raises(ApplicationError):
        _acclaim(table, head, leader_code="HNI")

    assert table.acclamations.count() == 0
