from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("cua-toi/", views.MyUnitView.as_view(), name="my_unit"),
    path("khoi-cum/", views.GroupListView.as_view(), name="groups"),
    path("khoi-cum/<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
]
