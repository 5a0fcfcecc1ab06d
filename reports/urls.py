from django.urls import path

from . import report_views, views

app_name = "reports"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("xuat-excel/", views.CampaignWorkbookView.as_view(), name="campaign_workbook"),
    path("bao-cao/", report_views.ReadingRoomView.as_view(), name="reading_room"),
    path("bao-cao/tao/", report_views.ReportRequestView.as_view(), name="report_request"),
    path(
        "bao-cao/<int:pk>/trang-thai/",
        report_views.ReportStatusView.as_view(),
        name="report_status",
    ),
    path("bao-cao/<int:pk>/thu-lai/", report_views.ReportRetryView.as_view(), name="report_retry"),
    path("bao-cao/<int:pk>/pdf/", report_views.ReportFileView.as_view(), name="report_file"),
]
