"""Scoring tables with groups (issue 16): a real table's STT column (I, 1, 1.1) makes the
tree, a group's maximum is the sum of its items', only the leaves are scored and added up,
the groups show as headings with their maximum and their leaves' points, a new version
keeps the tree, and the minutes show the groups."""

import io
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from emulation_portal.exceptions import ApplicationError
from scoring.models import ItemKind, ScoringItem, ScoringTable, UnitScore
from scoring.selectors import scoring_items, unit_score_detail, unit_score_totals
from scoring.services.acclamation import acclamation_record
from scoring.services.scores import unit_score_check, unit_score_save_self, unit_score_submit
from scoring.services.tables import (
    scoring_table_new_version,
    scoring_table_open,
    scoring_table_save,
    scoring_table_version_token,
)
from scoring.workflow import UnitScoreStatus
from tests.sheet_files import SCORING_ITEM_ROWS, scoring_table_xlsx
from units.models import GroupMembership, Role, UserRole

pytestmark = pytest.mark.django_db

YEAR = 2021
# (number, the number of its group or None, maximum) of the file's items, in order.
TREE = [
    ("I", None, 60),
    ("1", "I", 40),
    ("1.1", "1", 25),
    ("1.2", "1", 15),
    ("2", "I", 20),
    ("II", None, 40),
    ("1", "II", 40),
    ("III", None, 5),
    ("1", "III", 5),
    ("IV", None, 10),
    ("1", "IV", 10),
]


@pytest.fixture
def table(demo):
    return ScoringTable.objects.select_related("group").get(group__code="KHOI-IV", year=YEAR)


@pytest.fixture
def head(demo):
    return demo["unit_head"]


@pytest.fixture
def draft(table, head):
    return scoring_table_new_version(table=table, actor=head)


def _upload(client, table, content):
    return client.post(
        reverse("scoring:import", args=[table.pk]),
        {"file": SimpleUploadedFile("bang-cham-diem.xlsx", content)},
    )


def _import(client, draft, head, content=None):
    client.force_login(head)
    preview = _upload(client, draft, content or scoring_table_xlsx())
    assert preview.status_code == 200, [p.reason for p in preview.context["preview"].problems]
    confirm = preview.context["confirm"]
    response = client.post(
        reverse("scoring:import_confirm", args=[draft.pk]),
        {"token": confirm.initial["token"], "version": confirm.initial["version"]},
    )
    assert response.status_code == 302
    return preview


def _tree(table) -> list[tuple]:
    items = list(table.items.select_related("parent").order_by("position"))
    return [
        (item.number, item.parent.number if item.parent else None, int(item.max_points))
        for item in items
    ]


def _mismatched_rows():
    rows = [list(row) for row in SCORING_ITEM_ROWS]
    rows[3][3] = 10  # 1.2 on row 11: group 1 (row 9) holds 40 points but 25 + 10
    return rows


def test_a_real_grouped_table_is_previewed_then_imported_as_a_tree(client, draft, head):
    preview = _import(client, draft, head)

    html = preview.content.decode()
    assert html.count('data-testid="preview-row"') == 11
    assert html.count('data-group="1"') == 5  # I, 1, II, III, IV
    assert 'data-testid="base-total">100<' in html  # leaves only: 25 + 15 + 20 + 40
    assert _tree(draft) == TREE
    kinds = dict(draft.items.values_list("text", "kind"))
    assert kinds["Sáng kiến được công nhận cấp Bộ"] == ItemKind.BONUS  # its group's kind
    assert kinds["Vi phạm kỷ luật, kỷ cương hành chính"] == ItemKind.DEDUCTION
    # The history holds the numbers and the groups.
    history = ScoringItem.history.filter(table_id=draft.pk, number="1.1").latest("history_id")
    assert history.parent_id == draft.items.get(number="1", parent__number="I").pk


def test_a_group_whose_maximum_is_not_its_items_sum_is_refused_with_its_row(client, draft, head):
    before = _tree(draft)
    client.force_login(head)

    response = _upload(client, draft, scoring_table_xlsx(_mismatched_rows()))

    assert response.status_code == 400
    problems = response.context["preview"].problems
    assert [problem.row for problem in problems] == [9]
    assert "40" in problems[0].reason and "35" in problems[0].reason
    assert "Hoàn thành kế hoạch công tác năm" in problems[0].reason
    assert _tree(draft) == before


def test_a_number_that_fits_no_group_is_refused_with_its_row(client, draft, head):
    rows = [list(row) for row in SCORING_ITEM_ROWS]
    rows[3][0] = "3.2"  # row 11: there is no item 3 above it
    client.force_login(head)

    response = _upload(client, draft, scoring_table_xlsx(rows))

    assert response.status_code == 400
    assert 11 in [problem.row for problem in response.context["preview"].problems]


def test_the_service_refuses_a_group_whose_maximum_is_not_its_items_sum(draft, head):
    rows = [
        {"position": 1, "number": "I", "text": "Nhóm", "kind": "base", "max_points": Decimal(50)},
        {"position": 2, "number": "1", "text": "Mục một", "kind": "base", "max_points": 30},
        {"position": 3, "number": "2", "text": "Mục hai", "kind": "base", "max_points": 10},
    ]

    with pytest.raises(ApplicationError, match="50") as error:
        scoring_table_save(
            table=draft,
            actor=head,
            method=draft.method,
            threshold=draft.threshold,
            items=rows,
            version=scoring_table_version_token(draft),
        )

    assert "40" in str(error.value)
    assert draft.items.count() == 12  # the flat demo table, unchanged


def test_a_flat_table_stays_top_level_leaves(table):
    items = scoring_items(table)

    assert items and not any(item.is_group or item.parent_id for item in items)


def test_a_new_version_copies_the_numbers_and_groups(client, draft, head):
    _import(client, draft, head)
    scoring_table_open(table=draft, actor=head)
    draft.refresh_from_db()

    newer = scoring_table_new_version(table=draft, actor=head)

    assert _tree(newer) == TREE
    assert all(item.previous.number == item.number for item in newer.items.all())


def _head_of(unit):
    role = UserRole.objects.filter(role=Role.UNIT_HEAD, unit=unit).select_related("user").first()
    if role is not None:
        return role.user
    user = get_user_model().objects.create_user(f"head-{unit.code.lower()}")
    UserRole.objects.create(user=user, role=Role.UNIT_HEAD, unit=unit)
    return user


def _leaf_rows(table, points):
    return [
        {"item_id": item.pk, "self_points": points(item), "evidence": "Báo cáo năm 2021."}
        for item in scoring_items(table)
        if not item.is_group
    ]


def _open_grouped(client, draft, head):
    _import(client, draft, head)
    scoring_table_open(table=draft, actor=head)
    draft.refresh_from_db()
    return draft


def test_only_leaves_are_scored_and_added_up(client, draft, head):
    table = _open_grouped(client, draft, head)
    unit = head.portal_role.unit
    group = table.items.get(number="I")

    with pytest.raises(ApplicationError, match="Thực hiện chức năng"):
        unit_score_save_self(
            table=table,
            unit=unit,
            actor=head,
            rows=[{"item_id": group.pk, "self_points": Decimal(60), "evidence": ""}],
        )
    # Each leaf at its maximum but the deduction's 2 points: 100 + 5 - 2.
    score = unit_score_save_self(
        table=table,
        unit=unit,
        actor=head,
        rows=_leaf_rows(
            table, lambda i: Decimal(2) if i.kind == ItemKind.DEDUCTION else i.max_points
        ),
    )
    score = unit_score_submit(unit_score=score, actor=head)  # groups need no points

    assert score.status == UnitScoreStatus.SUBMITTED
    totals = unit_score_totals(table)[score.pk]
    assert (totals.base, totals.bonus, totals.deduction, totals.total) == (100, 5, 2, 103)
    detail = unit_score_detail(table=table, unit_score=score)
    assert detail.total == 103
    assert len(detail.lines) == 6  # the leaves
    groups = {row.item.number + row.item.text[:5]: row for row in detail.rows if row.is_group}
    assert {key: (row.item.max_points, row.effective) for key, row in groups.items()} == {
        "IThực ": (60, 60),
        "1Hoàn ": (40, 40),
        "IICông ": (40, 40),
        "IIIĐiểm ": (5, 5),
        "IVĐiểm ": (10, 2),
    }


def test_the_pages_show_the_groups_as_headings(client, draft, head):
    table = _open_grouped(client, draft, head)
    unit = head.portal_role.unit
    score = unit_score_save_self(
        table=table, unit=unit, actor=head, rows=_leaf_rows(table, lambda i: i.max_points)
    )
    client.force_login(head)

    table_page = client.get(reverse("scoring:table", args=[table.pk])).content.decode()
    unit_page = client.get(reverse("scoring:unit", args=[table.pk, unit.pk])).content.decode()
    form = client.get(reverse("scoring:self", args=[table.pk])).content.decode()

    assert table_page.count('data-testid="item-group"') == 5
    assert table_page.count('data-testid="item"') == 6
    assert unit_page.count('data-testid="group-line"') == 5
    assert unit_page.count('data-testid="item-line"') == 6
    assert form.count('data-testid="group-heading"') == 5
    assert form.count('data-testid="item-line"') == 6
    assert score.item_scores.count() == 6


def test_the_minutes_show_the_groups_with_the_leaders_points(client, demo, draft, head):
    table = _open_grouped(client, draft, head)
    reviewer = demo["reviewer"]
    own = head.portal_role.unit_id
    members = GroupMembership.objects.filter(group=table.group, year=YEAR).select_related("unit")
    for membership in members:
        unit = membership.unit
        actor = _head_of(unit)
        points = (  # the leader full marks, everyone else one point less on item 1.1
            (lambda i: i.max_points if i.kind != ItemKind.DEDUCTION else Decimal(0))
            if unit.pk == own
            else (lambda i: i.max_points - 1 if i.number == "1.1" else Decimal(0))
        )
        score = unit_score_save_self(
            table=table, unit=unit, actor=actor, rows=_leaf_rows(table, points)
        )
        unit_score_submit(unit_score=score, actor=actor)
    for score in UnitScore.objects.filter(table=table).select_related("table", "unit"):
        unit_score_check(
            unit_score=score, actor=reviewer if score.unit_id == own else head, rows=[]
        )
    acclamation_record(
        table=table,
        actor=head,
        leader_id=own,
        ballots_for=5,
        ballots_total=6,
        held_on=date(2021, 12, 20),
        place="Hội trường tầng 5",
        city="Hà Nội",
        chair="Nguyễn Văn An",
        chair_position="",
        secretary="Trần Thị Bình",
        secretary_position="",
        attendees="Các đơn vị thành viên.",
    )
    client.force_login(reviewer)

    response = client.get(reverse("scoring:minutes", args=[table.pk]))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    assert "điểm cơ bản tối đa 100 điểm" in text  # the leaves' maxima, not the groups' too
    assert "theo từng nhóm tiêu chí" in text
    for heading in (
        "I Thực hiện chức năng, nhiệm vụ chuyên môn 60 60",
        "1 Hoàn thành kế hoạch công tác năm 40 40",
        "1.1 Các chỉ tiêu chuyên môn được giao 25 25",
        "IV Điểm trừ −10 0",
    ):
        assert heading in text, heading
