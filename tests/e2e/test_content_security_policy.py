"""The Content-Security-Policy blocks nothing the portal's own pages need: Chromium opens the
pages each role reaches from its home, the password pages and the admin site's main pages, and
reports no violation of the policy in its console."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from units.models import Unit

pytestmark = pytest.mark.e2e

PAGES_PER_ROLE = 25
NOT_PAGES = (".pdf", ".xlsx", ".docx", ".zip", ".csv", ".svg", ".png")


def _watch(page) -> list[str]:
    """Collects the console's CSP reports and the page's uncaught errors."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def _open(page, url) -> bool:
    try:
        response = page.goto(url, wait_until="networkidle")
    except PlaywrightError:  # a download, not a page
        return False
    return response is not None and "text/html" in response.headers.get("content-type", "")


def _links(page, origin) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or parts.query:
            continue
        if parts.path.endswith(NOT_PAGES) or parts.path.startswith(("/media/", "/admin/")):
            continue
        found.append(f"{origin}{parts.path}")
    return found


def _crawl(page, start, origin) -> list[str]:
    """Opens the pages reached by links from ``start``, one of each kind (/dang-ky/31/ and
    /dang-ky/32/ are the same page for the policy)."""
    seen, kinds, queue = [], set(), [start]
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.pop(0)
        kind = re.sub(r"\d+", "N", url)
        if kind in kinds:
            continue
        kinds.add(kind)
        seen.append(url)
        if _open(page, url):
            queue.extend(link for link in _links(page, origin) if link not in seen)
    return seen


def test_anonymous_pages_keep_to_the_policy(demo, live_server, page):
    problems = _watch(page)

    for path in ("/dang-nhap/", "/quen-mat-khau/", "/quen-mat-khau/da-gui/"):
        assert _open(page, f"{live_server.url}{path}")

    assert problems == []


@pytest.mark.parametrize("username", ["unit_head", "unit_head2", "reviewer", "minister"])
def test_the_pages_of_each_role_keep_to_the_policy(demo, live_server, page, sign_in, username):
    problems = _watch(page)
    sign_in(page, username)

    opened = _crawl(page, page.url, live_server.url)

    assert len(opened) > 3
    assert problems == []


def test_the_admin_site_keeps_to_the_policy(demo, live_server, page, sign_in):
    """Two niceties of third-party admin pages are inline scripts, blocked as they should be:
    import-export's "select all" box (every field is ticked already) and django-celery-beat's
    crontab help text. Their forms still work."""
    problems = _watch(page)
    sign_in(page, "admin")
    unit = Unit.objects.order_by("pk").first()
    paths = [
        "/admin/",
        "/admin/units/unit/",
        f"/admin/units/unit/{unit.pk}/change/",
        "/admin/units/unit/import/",
        f"/admin/auth/user/{demo['reviewer'].pk}/change/",
        "/admin/axes/accessattempt/",
        "/admin/django_celery_beat/periodictask/",
        "/doi-mat-khau/",
    ]

    for path in paths:
        assert _open(page, f"{live_server.url}{path}"), path
    assert problems == []

    assert _open(page, f"{live_server.url}/admin/django_celery_beat/periodictask/add/")
    assert _open(page, f"{live_server.url}/admin/units/unit/export/")
    page.locator("select[name=format]").select_option(index=1)
    with page.expect_download() as download:
        page.locator("form input[type=submit].default").click()

    assert download.value.suggested_filename.startswith("Unit-")
    assert len(problems) == 2
    assert "Executing inline script" in problems[0] and "periodictask/add/" in problems[0]
    assert "inline event handler" in problems[1] and "unit/export/" in problems[1]
