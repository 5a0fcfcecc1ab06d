from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    # The list of campaigns ("list") counts their registrations: registrations.urls.
    # The commendation's pages under the same "phong-trao/" are awards.urls.
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="detail"),
    path("<int:pk>/cong-van.pdf", views.CampaignLetterPdfView.as_view(), name="letter_pdf"),
    path("<int:pk>/moc-thoi-gian/", views.CampaignKeyDatesView.as_view(), name="key_dates"),
]
