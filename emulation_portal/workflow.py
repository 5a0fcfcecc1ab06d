"""The one way a workflow's row changes state: registrations, results, proposals, scores.

Each app describes its workflow with a ``Workflow`` (which moves exist, the rule each move
asks, which fields stamp who and when) and keeps its own guards and event rows, handed to
``transition`` as callables. ``transition`` locks the row, checks the move and the rule, runs
the app's guard, stamps, saves with the history user and lets the app write its event, all in
one transaction: anything refused changes nothing.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import ApplicationError, InvalidTransition


@dataclass(frozen=True)
class Stamp:
    """The fields a move fills with its time and, if ``by`` is set, its actor."""

    at: str
    by: str | None = None


@dataclass(frozen=True)
class Workflow:
    """``moves``: {from status: {to status: name of the rule the actor must pass}}.

    ``may(user, rule_name, obj) -> bool`` answers the rule. The kernel sits below every app on
    the ladder and may not import ``units.permissions``, so each app's workflow brings the
    portal's ``may`` with it (always ``units.permissions.may``: never ``User.has_perm``).
    """

    moves: Mapping[str, Mapping[str, str]]
    may: Callable[..., bool]
    stamps: Mapping[str, Stamp] = field(default_factory=dict)
    # Moves that must say why (a return): refused without a comment.
    comment_required: frozenset = frozenset()

    def allows(self, current: str, target: str) -> bool:
        return target in self.moves.get(current, {})

    def rule_for(self, current: str, target: str) -> str:
        return self.moves[current][target]


def lock_row(obj, queryset=None):
    """The row of ``obj`` again, locked for the transaction (only its own table's row)."""
    queryset = type(obj)._default_manager if queryset is None else queryset
    return queryset.select_for_update(of=("self",)).get(pk=obj.pk)


def transition(
    obj,
    to: str,
    actor,
    *,
    workflow: Workflow,
    note: str = "",
    reason: str = "",
    lock: Callable | None = None,
    guard: Callable | None = None,
    apply: Callable | None = None,
    record: Callable | None = None,
):
    """Move ``obj`` (a model with a ``status``) to ``to`` on behalf of ``actor``; returns the
    locked, saved row.

    In order, inside one transaction: ``lock(obj)`` (default ``lock_row``) re-reads the row
    under a lock, so a double submit or two reviewers at once apply exactly once; a move the
    table does not have raises ``InvalidTransition``; an actor the rule refuses raises
    ``PermissionDenied``; a move in ``comment_required`` without a note raises
    ``ApplicationError``; ``guard(locked)`` runs the app's own checks (it raises to refuse; what
    it returns goes to ``record``). Then the status and the stamps are set,
    ``apply(locked)`` makes the app's further changes and returns their field names, the row
    is saved with ``actor`` as its history user and ``reason`` (default: the note, or
    "from → to") as its history reason, and ``record(locked, from_status, guarded)`` writes
    the app's event.
    """
    with transaction.atomic():
        locked = (lock or lock_row)(obj)
        from_status = locked.status
        if not workflow.allows(from_status, to):
            raise InvalidTransition(
                _("This action is no longer possible: the status is now “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        if not workflow.may(actor, workflow.rule_for(from_status, to), locked):
            raise PermissionDenied
        if to in workflow.comment_required and not note.strip():
            raise ApplicationError(_("Write a comment saying what the unit must change."))
        guarded = guard(locked) if guard else None

        locked.status = to
        update_fields = ["status", "updated_at"]
        stamp = workflow.stamps.get(to)
        if stamp is not None:
            setattr(locked, stamp.at, timezone.now())
            update_fields.append(stamp.at)
            if stamp.by:
                setattr(locked, stamp.by, actor)
                update_fields.append(stamp.by)
        if apply:
            update_fields += list(apply(locked) or ())
        locked._history_user = actor
        locked._change_reason = (reason or note or f"{from_status} → {to}")[:100]
        locked.save(update_fields=update_fields)
        if record:
            record(locked, from_status, guarded)
        return locked
