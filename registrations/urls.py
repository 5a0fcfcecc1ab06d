from django.urls import path

from .views import (
    campaigns,
    deadlines,
    history_import,
    registrations,
    results,
    review,
    staff_import,
    sub_units,
    units,
    year_end,
    year_end_import,
)

app_name = "registrations"
urlpatterns = [
    path("bat-dau/", registrations.RegistrationStartView.as_view(), name="start"),
    path("<int:pk>/", registrations.RegistrationDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", registrations.RegistrationEditView.as_view(), name="edit"),
    path("<int:pk>/gui/", registrations.RegistrationSubmitView.as_view(), name="submit"),
    path("<int:pk>/kiem-tra/", registrations.RegistrationCheckView.as_view(), name="check"),
    path("<int:pk>/sua-doi/", registrations.RegistrationAmendView.as_view(), name="amend"),
    path("<int:pk>/ket-qua-nam/", year_end.YearEndFactsView.as_view(), name="year_end"),
    path(
        "<int:pk>/ket-qua-nam/mau.xlsx",
        year_end_import.YearEndTemplateView.as_view(),
        name="year_end_template",
    ),
    path(
        "<int:pk>/ket-qua-nam/nhap-excel/",
        year_end_import.YearEndImportView.as_view(),
        name="year_end_import",
    ),
    path(
        "<int:pk>/ket-qua-nam/nhap-excel/xac-nhan/",
        year_end_import.YearEndImportConfirmView.as_view(),
        name="year_end_import_confirm",
    ),
    # The Department's review
    path("tham-dinh/", review.ReviewQueueView.as_view(), name="queue"),
    path("tham-dinh/phan-cong/", review.ReviewerAssignView.as_view(), name="assign"),
    path("<int:pk>/tham-dinh/", review.RegistrationReviewView.as_view(), name="review"),
    path("gia-han/", deadlines.ExtensionListView.as_view(), name="extensions"),
    path(
        "<int:pk>/nhap-excel/",
        staff_import.StaffImportView.as_view(),
        name="import_staff",
    ),
    path(
        "<int:pk>/nhap-excel/mau.xlsx",
        staff_import.StaffImportTemplateView.as_view(),
        name="import_template",
    ),
    path(
        "<int:pk>/nhap-excel/xac-nhan/",
        staff_import.StaffImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path(
        "<int:pk>/nhap-excel/doc-cot/",
        staff_import.StaffImportRemapView.as_view(),
        name="import_remap",
    ),
    # Six-month and year-end results
    path(
        "<int:pk>/ket-qua/<slug:period>/bat-dau/",
        results.ReportStartView.as_view(),
        name="report_start",
    ),
    path("ket-qua/<int:pk>/", results.ReportView.as_view(), name="report"),
    path("ket-qua/<int:pk>/gui/", results.ReportSubmitView.as_view(), name="report_submit"),
    path(
        "ket-qua/<int:pk>/tham-dinh/",
        results.ReportReviewView.as_view(),
        name="report_review",
    ),
    path(
        "ket-qua/minh-chung/<int:pk>/",
        results.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path(
        "ket-qua/minh-chung/<int:pk>/xoa/",
        results.EvidenceDeleteView.as_view(),
        name="evidence_delete",
    ),
]

# Pages of registrations that live under the URLs and names of the campaigns and the units
# (/phong-trao/, /don-vi/): the project's URLconf adds them to those namespaces.
campaign_pages = [
    path("", campaigns.CampaignListView.as_view(), name="list"),
]
unit_pages = [
    path("cua-toi/", units.MyUnitView.as_view(), name="my_unit"),
    path(
        "cua-toi/lich-su/nhap-excel/",
        history_import.HistoryImportView.as_view(),
        name="history_import",
    ),
    path(
        "cua-toi/lich-su/nhap-excel/xac-nhan/",
        history_import.HistoryImportConfirmView.as_view(),
        name="history_import_confirm",
    ),
    path("thong-bao/<int:pk>/da-doc/", units.NoticeReadView.as_view(), name="notice_read"),
    path("<int:pk>/tap-the/", sub_units.SubUnitListView.as_view(), name="sub_units"),
    path("<int:pk>/tap-the/them/", sub_units.SubUnitCreateView.as_view(), name="sub_unit_add"),
    path(
        "<int:pk>/tap-the/<int:sub_unit_pk>/sua/",
        sub_units.SubUnitUpdateView.as_view(),
        name="sub_unit_change",
    ),
    path("khoi-cum/", units.GroupListView.as_view(), name="groups"),
    path("khoi-cum/<int:pk>/", units.GroupDetailView.as_view(), name="group_detail"),
]
