from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import views

admin.site.site_header = "Cổng thi đua – Quản trị"
admin.site.site_title = "Cổng thi đua"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("phong-trao/", include("campaigns.urls")),
    path("don-vi/", include("units.urls")),
    path("dang-ky/", include("registrations.urls")),
    path("tong-hop/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
