"""The statuses of scoring tables and units' scores, and the units' scores' workflow (data, no
I/O): a score's moves go through ``emulation_portal.workflow.transition``.

A table goes draft -> open -> published, or open -> superseded when a newer version opens; its
services (``scoring.services.tables``, ``scoring.services.acclamation``) make those moves under
the table's lock."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation_portal.workflow import Stamp, Workflow
from units.permissions import may


class ScoringStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Scoring open")
    PUBLISHED = "published", _("Results published")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class UnitScoreStatus(models.TextChoices):
    DRAFT = "draft", _("Self-scoring")
    SUBMITTED = "submitted", _("Sent for checking")
    CHECKED = "checked", _("Checked")


# A score the unit has sent: the group's head checks it, and it counts in the ranking.
SENT_SCORE_STATUSES = (UnitScoreStatus.SUBMITTED, UnitScoreStatus.CHECKED)

# A unit's score: {from: {to: the portal rule the actor must pass}}. A checked score may be
# checked again while the table is open; publication ends all moves (the rules say so).
UNIT_SCORE_WORKFLOW = Workflow(
    moves={
        UnitScoreStatus.DRAFT: {UnitScoreStatus.SUBMITTED: "scoring.self_score"},
        UnitScoreStatus.SUBMITTED: {UnitScoreStatus.CHECKED: "scoring.check_unit_score"},
        UnitScoreStatus.CHECKED: {UnitScoreStatus.CHECKED: "scoring.check_unit_score"},
    },
    may=may,
    stamps={
        UnitScoreStatus.SUBMITTED: Stamp(at="submitted_at", by="submitted_by"),
        UnitScoreStatus.CHECKED: Stamp(at="checked_at", by="checked_by"),
    },
)
