"""Scoring in blocs and clusters, under the units' URLs (/don-vi/...): a group's table and
ranking, a unit's self-score and its check, the acclamation and its minutes."""

from django.urls import path

from .views import acclamation, imports, scores, tables

app_name = "scoring"
urlpatterns = [
    path("khoi-cum/<int:pk>/cham-diem/", tables.GroupScoringView.as_view(), name="group"),
    path(
        "khoi-cum/<int:pk>/cham-diem/tao/",
        tables.ScoringTableCreateView.as_view(),
        name="create",
    ),
    path("cham-diem/<int:pk>/", tables.ScoringTableView.as_view(), name="table"),
    path("cham-diem/<int:pk>/sua/", tables.ScoringTableEditView.as_view(), name="edit"),
    path("cham-diem/<int:pk>/mo/", tables.ScoringTableOpenView.as_view(), name="open"),
    path(
        "cham-diem/<int:pk>/phien-ban-moi/",
        tables.ScoringTableNewVersionView.as_view(),
        name="new_version",
    ),
    path("cham-diem/<int:pk>/nhap-excel/", imports.ScoringImportView.as_view(), name="import"),
    path(
        "cham-diem/<int:pk>/nhap-excel/mau/",
        imports.ScoringImportTemplateView.as_view(),
        name="import_template",
    ),
    path(
        "cham-diem/<int:pk>/nhap-excel/xac-nhan/",
        imports.ScoringImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path("cham-diem/<int:pk>/tu-cham/", scores.SelfScoreView.as_view(), name="self"),
    path(
        "cham-diem/<int:pk>/don-vi/<int:unit_pk>/",
        scores.UnitScoreView.as_view(),
        name="unit",
    ),
    path(
        "cham-diem/<int:pk>/don-vi/<int:unit_pk>/kiem-tra/",
        scores.UnitScoreCheckView.as_view(),
        name="check",
    ),
    path(
        "cham-diem/<int:pk>/don-vi/<int:unit_pk>/dinh-chinh/",
        scores.ScoreCorrectView.as_view(),
        name="correct",
    ),
    path("cham-diem/<int:pk>/suy-ton/", acclamation.AcclamationView.as_view(), name="acclaim"),
    path(
        "cham-diem/<int:pk>/bien-ban.pdf",
        acclamation.MinutesPdfView.as_view(),
        name="minutes",
    ),
]
