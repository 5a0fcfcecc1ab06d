from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("cua-toi/", views.MyUnitView.as_view(), name="my_unit"),
]
