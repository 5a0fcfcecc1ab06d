import pytest
from django.urls import reverse

from campaigns.models import Campaign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "destination"),
    [
        ("unit_head", "/don-vi/cua-toi/"),
        ("unit_head2", "/don-vi/cua-toi/"),
        ("reviewer", "/tong-hop/"),
        ("minister", "/tong-hop/bao-cao/"),
        ("admin", "/admin/"),
    ],
)
def test_home_sends_each_role_to_its_place(demo, client, username, destination):
    client.force_login(demo[username])

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == destination


def test_home_tells_a_user_without_role_to_ask_for_one(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("newcomer"))

    response = client.get(reverse("home"))

    assert "Tài khoản của bạn chưa được phân vai trò" in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unit_head_lands_on_own_unit_with_campaign_and_status(demo, client):
    client.force_login(demo["unit_head2"])

    page = client.get(reverse("units:my_unit")).content.decode()

    assert "Sở Tài nguyên và Môi trường thành phố Hà Nội" in page
    assert "Đoàn kết, kỷ cương, đổi mới toàn diện để phát triển" in page
    assert 'data-testid="registration-status">Bản nháp' in page


def test_my_unit_is_not_for_other_roles(demo, client):
    client.force_login(demo["reviewer"])

    assert client.get(reverse("units:my_unit")).status_code == 404


def test_campaign_page_shows_the_letter_with_pdf_download(demo, client):
    client.force_login(demo["unit_head"])
    campaign = Campaign.objects.get(year=2021)

    page = client.get(campaign.get_absolute_url()).content.decode()

    assert "I. Nội dung Phong trào thi đua" in page
    assert "<strong>“Đoàn kết, kỷ cương, đổi mới toàn diện để phát triển”</strong>" in page
    assert reverse("campaigns:letter_pdf", args=[campaign.pk]) in page


def test_campaign_page_takes_constant_queries(demo, client, django_assert_max_num_queries):
    client.force_login(demo["minister"])
    campaign = Campaign.objects.get(year=2021)

    # 12, one query for the rule set it is checked against, one each for the signed scans
    # and the amending letters.
    with django_assert_max_num_queries(15):
        client.get(campaign.get_absolute_url())


@pytest.mark.parametrize(
    ("username", "status"),
    [("reviewer", 200), ("minister", 200), ("admin", 200), ("unit_head", 403)],
)
def test_campaign_overview_is_for_department_minister_and_admin(demo, client, username, status):
    client.force_login(demo[username])

    response = client.get(reverse("campaigns:list"))

    assert response.status_code == status
    if status == 200:
        assert "Phong trào thi đua năm 2021" in response.content.decode()


def test_interface_speaks_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(reverse("login")).content.decode()

    assert "Sign in" in page
    assert "Đăng nhập" not in page


def test_interface_speaks_vietnamese_by_default(client):
    page = client.get(reverse("login")).content.decode()

    assert "Đăng nhập" in page
    assert '<html lang="vi">' in page


def test_browser_language_does_not_override_vietnamese(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert "Đăng nhập" in page
