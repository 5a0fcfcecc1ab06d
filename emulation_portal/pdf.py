"""HTML to PDF with WeasyPrint, resolving static files locally so nothing reaches the network."""

import mimetypes
import unicodedata
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://portal.invalid/"


class StaticFilesFetcher(URLFetcher):
    """Serves ``{% static %}`` URLs from the static finders; refuses every other URL."""

    def fetch(self, url, headers=None):
        prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        if not url.startswith(prefix):
            raise ValueError(f"Refusing to fetch {url} while rendering a PDF")
        relative = url.removeprefix(prefix).split("?", 1)[0]
        path = finders.find(relative) or staticfiles_storage.path(relative)
        data = Path(path).read_bytes()
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": mimetype})


def render_pdf(html: str) -> bytes:
    """Render NFC-normalised HTML to PDF bytes (fonts embedded and subset by WeasyPrint)."""
    html = unicodedata.normalize("NFC", html)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
