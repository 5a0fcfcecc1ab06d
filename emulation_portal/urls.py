from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from campaigns import urls as campaigns_urls
from registrations import urls as registrations_urls

from . import accounts, views

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
    # Django's own password views; the change pages have their own template names, so that
    # the admin site keeps its "registration/password_change_*.html".
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_changed.html"
        ),
        name="password_change_done",
    ),
    path("quen-mat-khau/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # The campaigns' list and the units' pages show registrations, so they live in
    # registrations, under the campaigns' and the units' URLs and names; the blocs' and
    # clusters' scoring is under the units' URLs too.
    path(
        "phong-trao/",
        include(
            (
                registrations_urls.campaign_pages + campaigns_urls.urlpatterns,
                campaigns_urls.app_name,
            )
        ),
    ),
    path("don-vi/", include((registrations_urls.unit_pages, "units"))),
    path("don-vi/", include("scoring.urls")),
    # The commendation's pages (proposals, council, decisions, award history) stayed under the
    # campaigns' URLs when they became their own app.
    path("phong-trao/", include("awards.urls")),
    path("dang-ky/", include("registrations.urls")),
    path("tong-hop/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
