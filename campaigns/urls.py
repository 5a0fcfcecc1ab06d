from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.CampaignListView.as_view(), name="list"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="detail"),
    path("<int:pk>/cong-van.pdf", views.CampaignLetterPdfView.as_view(), name="letter_pdf"),
    path("<int:pk>/moc-thoi-gian/", views.CampaignKeyDatesView.as_view(), name="key_dates"),
]
