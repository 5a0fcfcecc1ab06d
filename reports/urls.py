from django.urls import path

from .views import dashboard, reports

app_name = "reports"
urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("xuat-excel/", dashboard.CampaignWorkbookView.as_view(), name="campaign_workbook"),
    path("bao-cao/", reports.ReadingRoomView.as_view(), name="reading_room"),
    path("bao-cao/tao/", reports.ReportRequestView.as_view(), name="report_request"),
    path(
        "bao-cao/soan/<slug:kind>/<slug:variant>/",
        reports.ReportComposeView.as_view(),
        name="report_compose",
    ),
    path("bao-cao/<int:pk>/ban-hanh/", reports.ReportIssueView.as_view(), name="report_issue"),
    path(
        "bao-cao/<int:pk>/trang-thai/",
        reports.ReportStatusView.as_view(),
        name="report_status",
    ),
    path("bao-cao/<int:pk>/thu-lai/", reports.ReportRetryView.as_view(), name="report_retry"),
    path("bao-cao/<int:pk>/pdf/", reports.ReportFileView.as_view(), name="report_file"),
]
