"""Every error answers in Vietnamese, in the portal's layout, with a way back (DEBUG off)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign
from registrations.models import Registration

from .error_urls import REFUSAL

pytestmark = pytest.mark.django_db

PORTAL_LAYOUT = (
    'class="portal-header"',
    "Cổng thi đua, khen thưởng",
    "Bộ Tài nguyên và Môi trường",
)
WAY_BACK = ('href="/"', "Trang chủ", "Quay lại")
# What Django answers when a project has no error templates.
DJANGO_DEFAULTS = (
    "Not Found",
    "The requested resource was not found on this server",
    "403 Forbidden",
    "Bad Request (400)",
    "Server Error (500)",
    "CSRF verification failed",
    "Request aborted",
)


def assert_portal_error_page(response, status, *vietnamese):
    page = response.content.decode()
    assert response.status_code == status
    assert '<html lang="vi">' in page
    for text in (*PORTAL_LAYOUT, *WAY_BACK, *vietnamese):
        assert text in page
    for english in DJANGO_DEFAULTS:
        assert english not in page
    return page


def test_another_units_registration_is_not_found_in_vietnamese(demo, client):
    registration, _ = Registration.objects.get_or_create(
        campaign=Campaign.objects.get(year=2021), unit=demo["unit_head"].portal_role.unit
    )
    client.force_login(demo["unit_head2"])

    response = client.get(reverse("registrations:detail", args=[registration.pk]))

    page = assert_portal_error_page(response, 404, "Không tìm thấy trang")
    # The signed-in user keeps the portal's menu and the sign-out button.
    assert 'data-testid="logout"' in page


def test_an_unknown_address_is_not_found_in_vietnamese(client):
    assert_portal_error_page(client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")


def test_a_forbidden_page_is_refused_in_vietnamese(demo, client):
    client.force_login(demo["unit_head"])

    response = client.get(reverse("campaigns:list"))

    assert_portal_error_page(response, 403, "Bạn không có quyền")


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_refusal_shows_its_reason(demo, client):
    client.force_login(demo["unit_head"])

    page = assert_portal_error_page(client.get("/thu-loi/tu-choi/"), 403, "Bạn không có quyền")

    assert REFUSAL in page


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_refusal_without_reason_shows_the_general_message(demo, client):
    client.force_login(demo["unit_head"])

    response = client.get("/thu-loi/tu-choi-khong-ly-do/")

    assert_portal_error_page(response, 403, "Bạn không có quyền")


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_bad_request_is_answered_in_vietnamese(demo, client):
    client.force_login(demo["unit_head"])

    assert_portal_error_page(client.get("/thu-loi/yeu-cau-sai/"), 400, "Yêu cầu không hợp lệ")


@override_settings(ALLOWED_HOSTS=["thidua.example.vn"])
def test_a_disallowed_host_is_a_bad_request_in_vietnamese(client):
    response = client.get(reverse("login"), HTTP_HOST="ke-gia-mao.example.com")

    assert_portal_error_page(response, 400, "Yêu cầu không hợp lệ")


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_crash_is_a_server_error_in_vietnamese(demo):
    client = Client(raise_request_exception=False)
    client.force_login(demo["unit_head"])

    response = client.get("/thu-loi/hong/")

    assert_portal_error_page(response, 500, "Hệ thống gặp sự cố")


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("500.html", "Hệ thống gặp sự cố"),
        ("400.html", "Yêu cầu không hợp lệ"),
        ("403_csrf.html", "Biểu mẫu đã hết hiệu lực"),
    ],
)
def test_failure_pages_need_no_request_and_no_database(
    django_assert_num_queries, template, heading
):
    # What failed may be the database or a context processor: the page must still render.
    with translation.override("vi"), django_assert_num_queries(0):
        page = render_to_string(template)

    assert heading in page
    assert "Cổng thi đua, khen thưởng" in page


def test_a_form_sent_without_csrf_token_asks_to_reload_in_vietnamese(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["unit_head"])
    client.get(reverse("units:my_unit"))  # the page's forms give the browser its CSRF cookie

    response = client.post(reverse("logout"))

    page = assert_portal_error_page(response, 403, "Biểu mẫu đã hết hiệu lực", "tải lại trang")
    assert 'data-testid="error-detail"' not in page  # the cookie was there
    # Nothing happened: the user is still signed in.
    assert client.get(reverse("units:my_unit")).status_code == 200


def test_the_csrf_page_tells_to_allow_cookies_when_there_is_none(demo):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "unit_head", "password": "x"})

    page = assert_portal_error_page(response, 403, "Biểu mẫu đã hết hiệu lực", "tải lại trang")
    assert "Vui lòng cho phép cookie" in page
