"""Text responses leave the portal compressed when the browser accepts gzip."""

import gzip

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "url"),
    [("reviewer", reverse("reports:dashboard")), ("unit_head", reverse("units:my_unit"))],
)
def test_pages_are_sent_gzipped_to_a_browser_that_accepts_it(demo, client, username, url):
    client.force_login(demo[username])

    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})

    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert html.startswith("<!doctype html>") and "</html>" in html
    assert len(packed.content) < len(plain.content) / 3
