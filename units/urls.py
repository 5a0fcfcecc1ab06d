from django.urls import path

from . import views_scoring

app_name = "units"
urlpatterns = [
    # A unit head's page and the blocs' and clusters' pages ("my_unit", "groups",
    # "group_detail") show registrations: registrations.urls.
    # Scoring in blocs and clusters (units/views_scoring.py)
    path("khoi-cum/<int:pk>/cham-diem/", views_scoring.GroupScoringView.as_view(), name="scoring"),
    path(
        "khoi-cum/<int:pk>/cham-diem/tao/",
        views_scoring.ScoringTableCreateView.as_view(),
        name="scoring_create",
    ),
    path("cham-diem/<int:pk>/", views_scoring.ScoringTableView.as_view(), name="scoring_table"),
    path(
        "cham-diem/<int:pk>/sua/", views_scoring.ScoringTableEditView.as_view(), name="scoring_edit"
    ),
    path(
        "cham-diem/<int:pk>/mo/", views_scoring.ScoringTableOpenView.as_view(), name="scoring_open"
    ),
    path(
        "cham-diem/<int:pk>/phien-ban-moi/",
        views_scoring.ScoringTableNewVersionView.as_view(),
        name="scoring_new_version",
    ),
    path(
        "cham-diem/<int:pk>/nhap-excel/",
        views_scoring.ScoringImportView.as_view(),
        name="scoring_import",
    ),
    path(
        "cham-diem/<int:pk>/nhap-excel/mau/",
        views_scoring.ScoringImportTemplateView.as_view(),
        name="scoring_import_template",
    ),
    path(
        "cham-diem/<int:pk>/nhap-excel/xac-nhan/",
        views_scoring.ScoringImportConfirmView.as_view(),
        name="scoring_import_confirm",
    ),
    path("cham-diem/<int:pk>/tu-cham/", views_scoring.SelfScoreView.as_view(), name="scoring_self"),
    path(
        "cham-diem/<int:pk>/don-vi/<int:unit_pk>/",
        views_scoring.UnitScoreView.as_view(),
        name="scoring_unit",
    ),
    path(
        "cham-diem/<int:pk>/don-vi/<int:unit_pk>/kiem-tra/",
        views_scoring.UnitScoreCheckView.as_view(),
        name="scoring_check",
    ),
    path(
        "cham-diem/<int:pk>/don-vi/<int:unit_pk>/dinh-chinh/",
        views_scoring.ScoreCorrectView.as_view(),
        name="scoring_correct",
    ),
    path(
        "cham-diem/<int:pk>/suy-ton/",
        views_scoring.AcclamationView.as_view(),
        name="scoring_acclaim",
    ),
    path(
        "cham-diem/<int:pk>/bien-ban.pdf",
        views_scoring.MinutesPdfView.as_view(),
        name="scoring_minutes",
    ),
]
