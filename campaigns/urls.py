from django.urls import path

from . import views
from . import views_awards as awards

app_name = "campaigns"
urlpatterns = [
    # The list of campaigns ("list") counts their registrations: registrations.urls.
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="detail"),
    path("<int:pk>/cong-van.pdf", views.CampaignLetterPdfView.as_view(), name="letter_pdf"),
    path("<int:pk>/moc-thoi-gian/", views.CampaignKeyDatesView.as_view(), name="key_dates"),
    # Commendation after the year: proposals, the council, decisions, the award history.
    path("de-nghi/", awards.ProposalListView.as_view(), name="proposals"),
    path("de-nghi/bat-dau/", awards.ProposalStartView.as_view(), name="proposal_start"),
    path("de-nghi/<int:pk>/", awards.ProposalDetailView.as_view(), name="proposal_detail"),
    path("de-nghi/<int:pk>/sua/", awards.ProposalEditView.as_view(), name="proposal_edit"),
    path("de-nghi/<int:pk>/gui/", awards.ProposalSubmitView.as_view(), name="proposal_submit"),
    path("de-nghi/<int:pk>/tra-lai/", awards.ProposalReturnView.as_view(), name="proposal_return"),
    path(
        "de-nghi/<int:pk>/chuyen-hoi-dong/",
        awards.ProposalForwardView.as_view(),
        name="proposal_forward",
    ),
    path("hoi-dong/", awards.CouncilListView.as_view(), name="councils"),
    path("hoi-dong/them/", awards.CouncilSessionCreateView.as_view(), name="council_create"),
    path("hoi-dong/<int:pk>/", awards.CouncilSessionDetailView.as_view(), name="council_detail"),
    path(
        "hoi-dong/<int:pk>/chuong-trinh/",
        awards.CouncilAgendaView.as_view(),
        name="council_agenda",
    ),
    path(
        "hoi-dong/<int:pk>/thanh-phan/",
        awards.CouncilAttendanceView.as_view(),
        name="council_attendance",
    ),
    path(
        "hoi-dong/<int:pk>/bieu-quyet/", awards.CouncilBallotView.as_view(), name="council_ballot"
    ),
    path("hoi-dong/<int:pk>/cong-bo/", awards.CouncilCloseView.as_view(), name="council_close"),
    path(
        "hoi-dong/<int:pk>/bien-ban.pdf",
        awards.CouncilMinutesPdfView.as_view(),
        name="council_minutes_pdf",
    ),
    path("quyet-dinh/", awards.DecisionListView.as_view(), name="decisions"),
    path("quyet-dinh/them/", awards.DecisionCreateView.as_view(), name="decision_create"),
    path("quyet-dinh/<int:pk>/", awards.DecisionDetailView.as_view(), name="decision_detail"),
    path(
        "quyet-dinh/<int:pk>/quyet-dinh.pdf", awards.DecisionPdfView.as_view(), name="decision_pdf"
    ),
    path(
        "quyet-dinh/<int:pk>/dinh-chinh/",
        awards.DecisionCorrectView.as_view(),
        name="decision_correct",
    ),
    path("tra-cuu/", awards.AwardHistoryView.as_view(), name="award_history"),
]
