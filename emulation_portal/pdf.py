"""HTML to PDF with WeasyPrint, resolving static files locally so nothing reaches the network.

Documents print in Tinos, shipped with the portal and metric-compatible with Times New Roman.
A deployment that holds a licence for Times New Roman points ``PORTAL_DOCUMENT_FONT_DIR`` at a
folder with its files (times.ttf, timesbd.ttf, timesi.ttf, timesbi.ttf, as Windows names them);
the documents then print in it (a style whose file is missing is slanted or emboldened from
the others).
"""

import mimetypes
import unicodedata
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://portal.invalid/"
# (weight, style, the file names a Times New Roman of that face goes by)
LICENSED_FACES = (
    ("400", "normal", ("times.ttf", "Times New Roman.ttf", "TimesNewRoman.ttf")),
    ("700", "normal", ("timesbd.ttf", "Times New Roman Bold.ttf", "TimesNewRoman-Bold.ttf")),
    ("400", "italic", ("timesi.ttf", "Times New Roman Italic.ttf", "TimesNewRoman-Italic.ttf")),
    (
        "700",
        "italic",
        ("timesbi.ttf", "Times New Roman Bold Italic.ttf", "TimesNewRoman-BoldItalic.ttf"),
    ),
)


def licensed_font_files() -> dict[tuple[str, str], Path]:
    """The Times New Roman files of ``PORTAL_DOCUMENT_FONT_DIR`` by (weight, style)."""
    folder = getattr(settings, "PORTAL_DOCUMENT_FONT_DIR", "")
    if not folder:
        return {}
    found = {}
    for weight, style, names in LICENSED_FACES:
        for name in names:
            path = Path(folder) / name
            if path.is_file():
                found[weight, style] = path.resolve()
                break
    return found


def _licensed_font_css(files: dict[tuple[str, str], Path]) -> str:
    faces = "".join(
        f'@font-face {{ font-family: "Times New Roman"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{path.as_uri()}") format("truetype"); }}'
        for (weight, style), path in files.items()
    )
    family = '"Times New Roman", "Tinos", serif'
    return (
        # WeasyPrint's extra stylesheets are the user's: only !important wins over the author's.
        f"{faces} .official-document {{ font-family: {family} !important; }}"
        f" @page {{ @top-center {{ font-family: {family} !important; }} }}"
    )


class StaticFilesFetcher(URLFetcher):
    """Serves ``{% static %}`` URLs from the static finders; refuses every other URL."""

    def __init__(self, *args, font_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.font_files = {path.as_uri(): path for path in font_files}

    def fetch(self, url, headers=None):
        if url in self.font_files:  # the licensed font's own files, and nothing else local
            path = self.font_files[url]
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/ttf"})
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
    files = licensed_font_files()
    fetcher = StaticFilesFetcher(font_files=files.values())
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    if not files:
        return document.write_pdf()
    fonts = FontConfiguration()
    licensed = CSS(string=_licensed_font_css(files), font_config=fonts, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[licensed], font_config=fonts)
