"""Commendation after the year: the units' proposals, the council's sessions, the Minister's
decisions and the award history. Thin views: scoped selectors load, services write; anyone
without the permission gets a 404 (a reader who may only look gets a 403 on writes)."""

from .council import (
    CouncilAgendaView,
    CouncilAttendanceView,
    CouncilBallotView,
    CouncilCloseView,
    CouncilListView,
    CouncilMinutesPdfView,
    CouncilSessionCreateView,
    CouncilSessionDetailView,
)
from .decisions import (
    DecisionCorrectView,
    DecisionCreateView,
    DecisionDetailView,
    DecisionListView,
    DecisionPdfView,
)
from .history import AwardHistoryView
from .proposals import (
    ProposalDetailView,
    ProposalEditView,
    ProposalForwardView,
    ProposalListView,
    ProposalReturnView,
    ProposalStartView,
    ProposalSubmitView,
)

__all__ = [
    "AwardHistoryView",
    "CouncilAgendaView",
    "CouncilAttendanceView",
    "CouncilBallotView",
    "CouncilCloseView",
    "CouncilListView",
    "CouncilMinutesPdfView",
    "CouncilSessionCreateView",
    "CouncilSessionDetailView",
    "DecisionCorrectView",
    "DecisionCreateView",
    "DecisionDetailView",
    "DecisionListView",
    "DecisionPdfView",
    "ProposalDetailView",
    "ProposalEditView",
    "ProposalForwardView",
    "ProposalListView",
    "ProposalReturnView",
    "ProposalStartView",
    "ProposalSubmitView",
]
