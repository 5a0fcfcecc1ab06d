from django.urls import path

from . import (
    views,
    views_campaigns,
    views_deadlines,
    views_results,
    views_review,
    views_staff_import,
    views_units,
    views_year_end,
    views_year_end_import,
)

app_name = "registrations"
urlpatterns = [
    path("bat-dau/", views.RegistrationStartView.as_view(), name="start"),
    path("<int:pk>/", views.RegistrationDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", views.RegistrationEditView.as_view(), name="edit"),
    path("<int:pk>/gui/", views.RegistrationSubmitView.as_view(), name="submit"),
    path("<int:pk>/kiem-tra/", views.RegistrationCheckView.as_view(), name="check"),
    path("<int:pk>/sua-doi/", views.RegistrationAmendView.as_view(), name="amend"),
    path("<int:pk>/ket-qua-nam/", views_year_end.YearEndFactsView.as_view(), name="year_end"),
    path(
        "<int:pk>/ket-qua-nam/mau.xlsx",
        views_year_end_import.YearEndTemplateView.as_view(),
        name="year_end_template",
    ),
    path(
        "<int:pk>/ket-qua-nam/nhap-excel/",
        views_year_end_import.YearEndImportView.as_view(),
        name="year_end_import",
    ),
    path(
        "<int:pk>/ket-qua-nam/nhap-excel/xac-nhan/",
        views_year_end_import.YearEndImportConfirmView.as_view(),
        name="year_end_import_confirm",
    ),
    # The Department's review
    path("tham-dinh/", views_review.ReviewQueueView.as_view(), name="queue"),
    path("tham-dinh/phan-cong/", views_review.ReviewerAssignView.as_view(), name="assign"),
    path("<int:pk>/tham-dinh/", views_review.RegistrationReviewView.as_view(), name="review"),
    path("gia-han/", views_deadlines.ExtensionListView.as_view(), name="extensions"),
    path(
        "<int:pk>/nhap-excel/",
        views_staff_import.StaffImportView.as_view(),
        name="import_staff",
    ),
    path(
        "<int:pk>/nhap-excel/mau.xlsx",
        views_staff_import.StaffImportTemplateView.as_view(),
        name="import_template",
    ),
    path(
        "<int:pk>/nhap-excel/xac-nhan/",
        views_staff_import.StaffImportConfirmView.as_view(),
        name="import_confirm",
    ),
    # Six-month and year-end results
    path(
        "<int:pk>/ket-qua/<slug:period>/bat-dau/",
        views_results.ReportStartView.as_view(),
        name="report_start",
    ),
    path("ket-qua/<int:pk>/", views_results.ReportView.as_view(), name="report"),
    path("ket-qua/<int:pk>/gui/", views_results.ReportSubmitView.as_view(), name="report_submit"),
    path(
        "ket-qua/<int:pk>/tham-dinh/",
        views_results.ReportReviewView.as_view(),
        name="report_review",
    ),
    path(
        "ket-qua/minh-chung/<int:pk>/",
        views_results.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path(
        "ket-qua/minh-chung/<int:pk>/xoa/",
        views_results.EvidenceDeleteView.as_view(),
        name="evidence_delete",
    ),
]

# Pages of registrations that live under the URLs and names of the campaigns and the units
# (/phong-trao/, /don-vi/): the project's URLconf adds them to those namespaces.
campaign_pages = [
    path("", views_campaigns.CampaignListView.as_view(), name="list"),
]
unit_pages = [
    path("cua-toi/", views_units.MyUnitView.as_view(), name="my_unit"),
    path("khoi-cum/", views_units.GroupListView.as_view(), name="groups"),
    path("khoi-cum/<int:pk>/", views_units.GroupDetailView.as_view(), name="group_detail"),
]
