from django.urls import path

from . import views

app_name = "registrations"
urlpatterns = [
    path("bat-dau/", views.RegistrationStartView.as_view(), name="start"),
    path("<int:pk>/", views.RegistrationDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", views.RegistrationEditView.as_view(), name="edit"),
    path("<int:pk>/gui/", views.RegistrationSubmitView.as_view(), name="submit"),
]
