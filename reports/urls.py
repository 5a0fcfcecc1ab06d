from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("xuat-excel/", views.CampaignWorkbookView.as_view(), name="campaign_workbook"),
]
