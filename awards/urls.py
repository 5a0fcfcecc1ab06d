from django.urls import path

from .views import council, decisions, history, proposals

# Mounted under "phong-trao/" beside the campaigns' pages (emulation_portal/urls.py): the paths
# stayed when the commendation left campaigns.
app_name = "awards"
urlpatterns = [
    path("de-nghi/", proposals.ProposalListView.as_view(), name="proposals"),
    path("de-nghi/bat-dau/", proposals.ProposalStartView.as_view(), name="proposal_start"),
    path("de-nghi/<int:pk>/", proposals.ProposalDetailView.as_view(), name="proposal_detail"),
    path("de-nghi/<int:pk>/sua/", proposals.ProposalEditView.as_view(), name="proposal_edit"),
    path("de-nghi/<int:pk>/gui/", proposals.ProposalSubmitView.as_view(), name="proposal_submit"),
    path(
        "de-nghi/<int:pk>/tra-lai/", proposals.ProposalReturnView.as_view(), name="proposal_return"
    ),
    path(
        "de-nghi/<int:pk>/chuyen-hoi-dong/",
        proposals.ProposalForwardView.as_view(),
        name="proposal_forward",
    ),
    path("hoi-dong/", council.CouncilListView.as_view(), name="councils"),
    path("hoi-dong/them/", council.CouncilSessionCreateView.as_view(), name="council_create"),
    path("hoi-dong/<int:pk>/", council.CouncilSessionDetailView.as_view(), name="council_detail"),
    path(
        "hoi-dong/<int:pk>/chuong-trinh/",
        council.CouncilAgendaView.as_view(),
        name="council_agenda",
    ),
    path(
        "hoi-dong/<int:pk>/thanh-phan/",
        council.CouncilAttendanceView.as_view(),
        name="council_attendance",
    ),
    path(
        "hoi-dong/<int:pk>/bieu-quyet/", council.CouncilBallotView.as_view(), name="council_ballot"
    ),
    path("hoi-dong/<int:pk>/cong-bo/", council.CouncilCloseView.as_view(), name="council_close"),
    path(
        "hoi-dong/<int:pk>/bien-ban.pdf",
        council.CouncilMinutesPdfView.as_view(),
        name="council_minutes_pdf",
    ),
    path("quyet-dinh/", decisions.DecisionListView.as_view(), name="decisions"),
    path("quyet-dinh/them/", decisions.DecisionCreateView.as_view(), name="decision_create"),
    path("quyet-dinh/<int:pk>/", decisions.DecisionDetailView.as_view(), name="decision_detail"),
    path(
        "quyet-dinh/<int:pk>/quyet-dinh.pdf",
        decisions.DecisionPdfView.as_view(),
        name="decision_pdf",
    ),
    path(
        "quyet-dinh/<int:pk>/dinh-chinh/",
        decisions.DecisionCorrectView.as_view(),
        name="decision_correct",
    ),
    path("tra-cuu/", history.AwardHistoryView.as_view(), name="award_history"),
]
