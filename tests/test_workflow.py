"""The kernel's one transition helper (emulation_portal.workflow), on a real registration with
the registrations' workflow and the portal's rules; then the workflows that use it record
their actor as the history user and refuse a second move from a stale state."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from emulation_portal.exceptions import ApplicationError, InvalidTransition
from emulation_portal.workflow import transition
from registrations.models import Registration, RegistrationEvent
from registrations.services.registrations import registration_transition
from registrations.workflow import REGISTRATION_WORKFLOW, Status
from scoring.models import ItemKind, ItemScore, ScoringTable, UnitScore
from scoring.selectors import scoring_items
from scoring.services.scores import unit_score_save_and_send, unit_score_submit
from scoring.workflow import UnitScoreStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo):
    """The second demo unit's registration: a draft its head may submit."""
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    assert registration.status == Status.DRAFT
    return registration


def _record_event(locked, from_status, guarded):
    """The app's event: here, what the guard returned becomes its note."""
    RegistrationEvent.objects.create(
        registration=locked,
        from_status=from_status,
        to_status=locked.status,
        actor=locked.history.latest("history_id").history_user,
        note=guarded or "",
    )


def _state(registration):
    """Everything a move may touch: the row, its history and its events."""
    row = Registration.objects.values(
        "status", "submitted_at", "decided_at", "decided_by", "updated_at"
    ).get(pk=registration.pk)
    return (
        row,
        registration.history.count(),
        RegistrationEvent.objects.filter(registration=registration).count(),
    )


def test_an_illegal_move_raises_invalid_transition_and_changes_nothing(demo, draft):
    before = _state(draft)

    with pytest.raises(InvalidTransition) as refused:
        transition(
            draft,
            Status.APPROVED,
            demo["reviewer"],
            workflow=REGISTRATION_WORKFLOW,
            record=_record_event,
        )

    assert isinstance(refused.value, ApplicationError)
    assert refused.value.message == (
        "Không thể thực hiện thao tác này nữa: trạng thái hiện tại là “Bản nháp”."
    )
    assert _state(draft) == before


def test_a_refused_actor_raises_permission_denied_and_changes_nothing(demo, draft):
    before = _state(draft)

    with pytest.raises(PermissionDenied):
        # The Department's specialist does not submit a unit's registration.
        transition(
            draft,
            Status.SUBMITTED,
            demo["reviewer"],
            workflow=REGISTRATION_WORKFLOW,
            record=_record_event,
        )

    assert _state(draft) == before


def test_a_legal_move_stamps_actor_and_time_writes_the_event_and_the_history_user(demo, draft):
    head, reviewer = demo["unit_head2"], demo["reviewer"]
    transition(draft, Status.SUBMITTED, head, workflow=REGISTRATION_WORKFLOW)

    approved = transition(
        Registration.objects.get(pk=draft.pk),
        Status.APPROVED,
        reviewer,
        workflow=REGISTRATION_WORKFLOW,
        note="Đồng ý",
        guard=lambda locked: "checked by the guard",
        record=_record_event,
    )

    stored = Registration.objects.get(pk=draft.pk)
    assert stored.status == Status.APPROVED
    assert stored.decided_by == reviewer and stored.decided_at is not None
    assert stored.submitted_at is not None and stored.decided_at >= stored.submitted_at
    assert approved.decided_at == stored.decided_at
    event = RegistrationEvent.objects.filter(registration=draft).latest("pk")
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        Status.SUBMITTED,
        Status.APPROVED,
        reviewer,
        "checked by the guard",
    )
    latest, previous = stored.history.order_by("-history_id")[:2]
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        Status.APPROVED,
        reviewer,
        "Đồng ý",
    )
    assert (previous.status, previous.history_user) == (Status.SUBMITTED, head)
    assert previous.history_change_reason == "draft → submitted"


def test_a_failing_event_undoes_the_move(demo, draft):
    before = _state(draft)

    def broken_record(locked, from_status, guarded):
        raise ApplicationError("the event could not be written")

    with pytest.raises(ApplicationError):
        transition(
            draft,
            Status.SUBMITTED,
            demo["unit_head2"],
            workflow=REGISTRATION_WORKFLOW,
            record=broken_record,
        )

    assert _state(draft) == before


def test_a_double_submit_from_a_stale_object_applies_once(demo, draft):
    """Two submissions read the same draft; the second finds it submitted under the lock (on
    PostgreSQL the two run at once in tests/registrations/test_concurrency.py)."""
    head = demo["unit_head2"]
    first, second = (Registration.objects.get(pk=draft.pk) for _ in range(2))
    transition(first, Status.SUBMITTED, head, workflow=REGISTRATION_WORKFLOW)
    after_first = _state(draft)

    with pytest.raises(InvalidTransition):
        transition(second, Status.SUBMITTED, head, workflow=REGISTRATION_WORKFLOW)

    assert second.status == Status.DRAFT  # the stale object was never written
    assert _state(draft) == after_first


# --- The workflows that use it ------------------------------------------------------------


def test_a_registration_move_records_its_actor_as_the_history_user(demo, draft):
    head = demo["unit_head2"]

    registration_transition(registration=draft, to=Status.SUBMITTED, actor=head)

    latest = draft.history.latest("history_id")
    assert (latest.status, latest.history_user) == (Status.SUBMITTED, head)


def _full_rows(table):
    return [
        {
            "item_id": item.pk,
            "self_points": item.max_points if item.kind == ItemKind.BASE else Decimal(0),
            "evidence": "Báo cáo tổng kết năm 2021.",
        }
        for item in scoring_items(table)
    ]


@pytest.fixture
def scoring_table(demo):
    """Khối IV 2021: its head, ``unit_head``, has not scored itself yet."""
    return ScoringTable.objects.select_related("group").get(group__code="KHOI-IV", year=2021)


def test_a_score_sent_twice_is_refused_the_second_time(demo, scoring_table):
    head = demo["unit_head"]
    saved = unit_score_save_and_send(
        table=scoring_table,
        unit=head.portal_role.unit,
        actor=head,
        rows=_full_rows(scoring_table),
        send=False,
    )
    stale = UnitScore.objects.get(pk=saved.score.pk)
    unit_score_submit(unit_score=saved.score, actor=head)
    sent = UnitScore.objects.get(pk=saved.score.pk)

    with pytest.raises(InvalidTransition):
        unit_score_submit(unit_score=stale, actor=head)

    score = UnitScore.objects.get(pk=saved.score.pk)
    assert (score.status, score.submitted_at) == (UnitScoreStatus.SUBMITTED, sent.submitted_at)
    assert score.history.latest("history_id").history_user == head


# --- The self-score form's one act --------------------------------------------------------


def test_save_and_send_saves_and_sends_in_one_act(demo, scoring_table):
    head = demo["unit_head"]

    saved = unit_score_save_and_send(
        table=scoring_table,
        unit=head.portal_role.unit,
        actor=head,
        rows=_full_rows(scoring_table),
        send=True,
    )

    score = UnitScore.objects.get(pk=saved.score.pk)
    assert saved.sent and not saved.not_sent_because
    assert (score.status, score.submitted_by) == (UnitScoreStatus.SUBMITTED, head)
    assert ItemScore.objects.filter(unit_score=score).count() == len(_full_rows(scoring_table))


def test_a_send_refused_for_missing_points_keeps_the_saved_draft_and_says_why(demo, scoring_table):
    head = demo["unit_head"]
    first = _full_rows(scoring_table)[0]

    saved = unit_score_save_and_send(
        table=scoring_table,
        unit=head.portal_role.unit,
        actor=head,
        rows=[{**first, "self_points": Decimal(1)}],
        send=True,
    )

    assert not saved.sent
    assert saved.not_sent_because.startswith("Hãy chấm điểm tất cả các mục trước khi gửi")
    score = UnitScore.objects.get(pk=saved.score.pk)
    assert score.status == UnitScoreStatus.DRAFT and score.submitted_at is None
    assert ItemScore.objects.get(unit_score=score, item_id=first["item_id"]).self_points == 1


def test_a_refused_save_and_send_changes_nothing(demo, scoring_table):
    head, unit = demo["unit_head"], demo["unit_head"].portal_role.unit
    rows = _full_rows(scoring_table)
    too_many = [{**rows[0], "self_points": rows[0]["self_points"] + 1}, *rows[1:]]

    with pytest.raises(ApplicationError):
        unit_score_save_and_send(
            table=scoring_table, unit=unit, actor=head, rows=too_many, send=True
        )
    with pytest.raises(PermissionDenied):
        # The Department's specialist does not score a unit.
        unit_score_save_and_send(
            table=scoring_table, unit=unit, actor=demo["reviewer"], rows=rows, send=True
        )

    assert not UnitScore.objects.filter(table=scoring_table, unit=unit).exists()
