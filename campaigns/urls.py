from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    # The list of campaigns ("list") counts their registrations: registrations.urls.
    # The commendation's pages under the same "phong-trao/" are awards.urls.
    path("tao-moi/", views.CampaignCreateView.as_view(), name="create"),
    path("sao-chep/", views.CampaignCopyView.as_view(), name="copy"),
    path("bo-quy-tac/", views.RuleSetListView.as_view(), name="rule_sets"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="detail"),
    path("<int:pk>/soan-thao/", views.CampaignEditView.as_view(), name="edit"),
    path("<int:pk>/trinh-duyet/", views.CampaignSubmitView.as_view(), name="submit"),
    path("<int:pk>/phe-duyet/", views.CampaignDecideView.as_view(), name="decide"),
    path("<int:pk>/phat-dong/", views.CampaignLaunchView.as_view(), name="launch"),
    path("<int:pk>/ket-thuc/", views.CampaignCloseView.as_view(), name="close"),
    path("<int:pk>/cong-van.pdf", views.CampaignLetterPdfView.as_view(), name="letter_pdf"),
    path("<int:pk>/moc-thoi-gian/", views.CampaignKeyDatesView.as_view(), name="key_dates"),
    # After approval: the signed scan, and the amending letters kept beside the letter.
    path("<int:pk>/ban-ky/", views.SignedScanUploadView.as_view(), name="scan_upload"),
    path("ban-ky/<int:pk>.pdf", views.SignedScanDownloadView.as_view(), name="scan_download"),
    path(
        "<int:pk>/cong-van-bo-sung/soan-moi/",
        views.AmendmentCreateView.as_view(),
        name="amendment_create",
    ),
    path(
        "cong-van-bo-sung/<int:pk>/", views.AmendmentDetailView.as_view(), name="amendment_detail"
    ),
    path(
        "cong-van-bo-sung/<int:pk>/soan-thao/",
        views.AmendmentEditView.as_view(),
        name="amendment_edit",
    ),
    path(
        "cong-van-bo-sung/<int:pk>/trinh-duyet/",
        views.AmendmentSubmitView.as_view(),
        name="amendment_submit",
    ),
    path(
        "cong-van-bo-sung/<int:pk>/phe-duyet/",
        views.AmendmentDecideView.as_view(),
        name="amendment_decide",
    ),
    path(
        "cong-van-bo-sung/<int:pk>/cong-van.pdf",
        views.AmendmentPdfView.as_view(),
        name="amendment_pdf",
    ),
]
