"""Sign-in and accounts: guessing is locked out per account and address, users change and reset
their own password, pages carry a Content-Security-Policy, sessions end after a working day idle."""

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SIGN_IN = "/dang-nhap/"
GUESSER = "10.0.0.7"
ELSEWHERE = "10.0.0.8"


def _sign_in(client, username, password, address=GUESSER):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _guess_fifty_times(client, username="reviewer"):
    for attempt in range(50):
        _sign_in(client, username, f"wrong-{attempt}")


# Lockout


def test_fifty_wrong_passwords_lock_the_account_at_that_address(demo, client):
    _guess_fifty_times(client)

    response = _sign_in(client, "reviewer", DEMO_PASSWORD)

    assert response.status_code == 429
    assert not _signed_in(client)
    page = response.content.decode()
    assert "Đăng nhập tạm thời bị khóa" in page
    assert "portal-header" in page  # the portal's layout
    when = re.search(r"sau (\d{2}:\d{2}) ngày (\d{2}/\d{2}/\d{4})", page)
    assert when, page
    retry_at = datetime.strptime(" ".join(when.groups()), "%H:%M %d/%m/%Y")
    expected = timezone.localtime() + timedelta(minutes=15)
    assert abs(retry_at - expected.replace(tzinfo=None)) < timedelta(minutes=2)


def test_the_lockout_starts_at_the_fifth_wrong_password(demo, client):
    for attempt in range(4):
        assert _sign_in(client, "reviewer", f"wrong-{attempt}").status_code == 200

    assert _sign_in(client, "reviewer", "wrong-5").status_code == 429


def test_a_right_password_ends_the_run_of_wrong_ones(demo, client):
    # The lockout page speaks of wrong passwords "in a row": a success starts the count again.
    for attempt in range(4):
        _sign_in(client, "reviewer", f"wrong-{attempt}")
    _sign_in(client, "reviewer", DEMO_PASSWORD)
    assert _signed_in(client)
    client.logout()
    for attempt in range(4):
        assert _sign_in(client, "reviewer", f"again-{attempt}").status_code == 200

    _sign_in(client, "reviewer", DEMO_PASSWORD)

    assert _signed_in(client)


def test_the_right_password_from_another_address_still_signs_in(demo, client):
    _guess_fifty_times(client)

    elsewhere = Client()
    response = _sign_in(elsewhere, "reviewer", DEMO_PASSWORD, address=ELSEWHERE)

    assert response.status_code == 302
    assert _signed_in(elsewhere)


def test_another_account_at_the_same_address_still_signs_in(demo, client):
    _guess_fifty_times(client)

    response = _sign_in(Client(), "reviewer2", DEMO_PASSWORD)

    assert response.status_code == 302


def test_the_administrator_sees_the_lockout_and_unlocks_it_in_the_admin_site(demo, client):
    from axes.models import AccessAttempt

    _guess_fifty_times(client)
    admin = Client()
    admin.force_login(demo["admin"])

    assert "/admin/axes/accessattempt/" in admin.get("/admin/").content.decode()
    listing = admin.get("/admin/axes/accessattempt/?username=reviewer")
    assert listing.status_code == 200
    assert "reviewer" in listing.content.decode()
    attempts = list(AccessAttempt.objects.filter(username="reviewer").values_list("pk", flat=True))
    assert attempts
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="reviewer").exists()
    assert _sign_in(client, "reviewer", DEMO_PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_reset_command_unlocks_an_account(demo, client):
    _guess_fifty_times(client)

    call_command("axes_reset_username", "reviewer", verbosity=0)

    assert _sign_in(client, "reviewer", DEMO_PASSWORD).status_code == 302


# Password change


def test_the_user_menu_and_the_sign_in_page_lead_to_the_password_pages(demo, client):
    login_page = client.get(SIGN_IN).content.decode()
    assert 'href="/quen-mat-khau/"' in login_page
    assert "Quên mật khẩu?" in login_page

    client.force_login(demo["unit_head"])
    page = client.get("/don-vi/cua-toi/").content.decode()
    assert 'href="/doi-mat-khau/"' in page
    assert "Đổi mật khẩu" in page


def test_unit_head_changes_the_password_and_the_old_one_no_longer_works(demo, client):
    assert _sign_in(client, "unit_head", DEMO_PASSWORD).status_code == 302
    form = client.get("/doi-mat-khau/")
    assert form.status_code == 200
    assert "Mật khẩu cũ" in form.content.decode()
    new = {"new_password1": "Thidua-2026-moi", "new_password2": "Thidua-2026-moi"}

    refused = client.post("/doi-mat-khau/", {"old_password": "not-it", **new})
    assert refused.status_code == 200
    assert "Mật khẩu cũ không chính xác" in refused.content.decode()

    changed = client.post("/doi-mat-khau/", {"old_password": DEMO_PASSWORD, **new})
    assert changed.status_code == 302
    assert changed["Location"] == "/doi-mat-khau/xong/"
    done = client.get(changed["Location"])
    assert "Mật khẩu của bạn đã được đổi" in done.content.decode()
    assert _signed_in(client)  # the session that changed it stays signed in

    assert _sign_in(Client(), "unit_head", DEMO_PASSWORD, address=ELSEWHERE).status_code == 200
    assert _sign_in(Client(), "unit_head", "Thidua-2026-moi", address=ELSEWHERE).status_code == 302


def test_the_password_change_page_is_for_signed_in_users(client):
    response = client.get("/doi-mat-khau/")

    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


# Password reset


def test_a_forgotten_password_is_reset_through_a_vietnamese_email(demo, client):
    reviewer = demo["reviewer"]
    assert client.get("/quen-mat-khau/").status_code == 200

    response = client.post("/quen-mat-khau/", {"email": reviewer.email})

    assert response.status_code == 302
    assert response["Location"] == "/quen-mat-khau/da-gui/"
    assert "Hãy kiểm tra hộp thư" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reviewer.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Đặt lại mật khẩu" in message.subject
    assert "Tên đăng nhập của bạn: reviewer" in message.body
    link = re.search(
        re.escape(settings.PORTAL_BASE_URL) + r"(/dat-lai-mat-khau/\S+/)", message.body
    )
    assert link, message.body

    form = client.get(link.group(1), follow=True)
    assert "Mật khẩu mới" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    new = {"new_password1": "Thidua-2026-moi", "new_password2": "Thidua-2026-moi"}
    completed = client.post(set_url, new)

    assert completed.status_code == 302
    assert completed["Location"] == "/dat-lai-mat-khau/xong/"
    assert "Mật khẩu đã được đặt lại" in client.get(completed["Location"]).content.decode()
    assert _sign_in(Client(), "reviewer", "Thidua-2026-moi").status_code == 302
    assert _sign_in(Client(), "reviewer", DEMO_PASSWORD, address=ELSEWHERE).status_code == 200
    used_again = Client().get(link.group(1), follow=True).content.decode()
    assert "Liên kết đặt lại mật khẩu không còn hiệu lực" in used_again


def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post("/quen-mat-khau/", {"email": "nobody@example.gov.vn"})

    assert response["Location"] == "/quen-mat-khau/da-gui/"
    assert mail.outbox == []


# Content-Security-Policy and session


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize(
    ("username", "path"),
    [
        (None, SIGN_IN),
        ("unit_head", "/don-vi/cua-toi/"),
        ("reviewer", "/tong-hop/"),
        ("admin", "/admin/"),
    ],
)
def test_pages_carry_a_content_security_policy_without_inline_scripts(demo, client, username, path):
    if username:
        client.force_login(demo[username])

    response = client.get(path)

    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


def test_the_session_lasts_a_working_day_from_the_last_request(demo, client):
    client.force_login(demo["unit_head"])

    response = client.get("/don-vi/cua-toi/")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 8 * 60 * 60


def test_production_settings_have_the_policy_and_the_idle_session():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.production",
        "DJANGO_SECRET_KEY": "a-real-secret-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "thidua.monre.gov.vn",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST, "
        "'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['default-src'], "
        "s.AUTHENTICATION_BACKENDS[0], s.MIDDLEWARE[-1])"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.stdout.split() == [
        "28800",
        "True",
        "True",
        "[\"'self'\"]",
        "axes.backends.AxesStandaloneBackend",
        "axes.middleware.AxesMiddleware",
    ], result.stderr
