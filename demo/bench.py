"""The benchmark behind ``manage.py bench`` (BENCHMARKS.md): in one process and one run, the
journeys' pages against a floor, the year-end report, and the staff import against
django-import-export's row-by-row import.

It writes to the database it is pointed at (a report version, a 20,000-staff unit for the
import, a few accounts): point it at a scratch database seeded by ``seed_scale``.
"""

import gc
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from io import BytesIO

import tablib
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from import_export import fields, resources, widgets
from openpyxl import load_workbook
from pypdf import PdfReader

from campaigns.models import Campaign
from demo.loader import CAMPAIGN_YEAR
from demo.scale import SCALE_PREFIX, scale_units
from emulation_portal.process import freeze_loaded_objects
from registrations.imports.staff import (
    staff_import_apply,
    staff_import_preview,
    staff_import_template,
    staff_import_titles,
    title_header,
)
from registrations.models import IndividualTitleAim, Period, ProgressReport, Registration
from registrations.services.registrations import (
    registration_get_or_create,
    registration_version_token,
)
from registrations.workflow import Status
from reports.models import ReportKind
from reports.services.reports import report_create, report_generate
from units.models import (
    EmulationGroup,
    GroupKind,
    GroupMembership,
    GroupRole,
    Person,
    Role,
    Unit,
    UnitType,
    UserRole,
)

from .bench_urls import FLOOR_URL_NAME

BENCH_URLCONF = "demo.bench_urls"
IMPORT_UNIT_PREFIX = "BENCH-IMPORT-"
IMPORTED_TITLE = "LDTT"


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _head_of(unit_id: int):
    return get_user_model().objects.get(
        portal_role__role=Role.UNIT_HEAD, portal_role__unit_id=unit_id
    )


def _journey_pages(campaign) -> list[tuple[str, str, object]]:
    """(name, url, signed-in user) of each page measured, on scale units of the same size
    whatever the scale (the first of each kind by code)."""
    units = scale_units()
    if not units.exists():
        raise RuntimeError("No scale data: run `manage.py seed_scale --scale N` first.")
    registrations = Registration.objects.filter(
        campaign=campaign, unit__code__startswith=SCALE_PREFIX
    ).order_by("unit__code")
    editable = registrations.filter(status__in=[Status.DRAFT, Status.RETURNED]).first()
    submitted = registrations.filter(status=Status.SUBMITTED).first()
    results = (
        ProgressReport.objects.filter(
            registration__in=registrations, period=Period.SIX_MONTH, status=Status.DRAFT
        )
        .order_by("registration__unit__code")
        .first()
    )
    bloc_head = (
        GroupMembership.objects.filter(
            year=CAMPAIGN_YEAR,
            role=GroupRole.HEAD,
            group__kind=GroupKind.BLOC,
            group__code__startswith=SCALE_PREFIX,
        )
        .order_by("group__code")
        .first()
    )
    reviewer, minister = _user("reviewer"), _user("minister")
    return [
        (
            "registration_editor",
            reverse("registrations:edit", kwargs={"pk": editable.pk}),
            _head_of(editable.unit_id),
        ),
        (
            "results_page",
            reverse("registrations:report", kwargs={"pk": results.pk}),
            _head_of(results.registration.unit_id),
        ),
        ("dashboard", reverse("reports:dashboard"), reviewer),
        ("review_queue", reverse("registrations:queue"), reviewer),
        (
            "review_page",
            reverse("registrations:review", kwargs={"pk": submitted.pk}),
            reviewer,
        ),
        (
            "bloc_scoring",
            reverse("scoring:group", kwargs={"pk": bloc_head.group_id}),
            _head_of(bloc_head.unit_id),
        ),
        ("proposals", reverse("awards:proposals"), reviewer),
        ("reading_room", reverse("reports:reading_room"), minister),
    ]


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200.")
    return response


def _timings(client: Client, url: str, requests: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        _get(client, url)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        _get(client, url)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p95(times: list[float]) -> float:
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def measure_pages(campaign, *, requests: int, warmup: int) -> dict[str, dict]:
    """Queries of one request and median/p95 of ``requests`` timed ones for each page, each
    beside the floor measured just before it the same way (same user, same client)."""
    pages = {}
    floor_url = reverse(FLOOR_URL_NAME)
    for name, url, user in _journey_pages(campaign):
        client = _client_for(user)
        floor_times = _timings(client, floor_url, requests, warmup)
        for _ in range(warmup):
            _get(client, url)
        with CaptureQueriesContext(connection) as captured:
            _get(client, url)
        # Read now: the next request resets the connection's query log it slices.
        queries = len(captured.captured_queries)
        times = _timings(client, url, requests, 0)
        pages[name] = {
            "url": url,
            "queries": queries,
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(_p95(times), 2),
            "floor_median_ms": round(statistics.median(floor_times), 2),
        }
    return pages


def measure_floor_queries() -> int:
    client = _client_for(_user("reviewer"))
    url = reverse(FLOOR_URL_NAME)
    _get(client, url)
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    return len(captured.captured_queries)


def _peak_rss_mb() -> float:
    """The process's peak resident set size so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure_report(campaign) -> dict:
    """A new year-end version through the real path (report_create + report_generate,
    WeasyPrint). Run first in the process, so the peak RSS read after it is the report's
    (an upper bound: it includes Django and the bench itself)."""
    before = _peak_rss_mb()
    started = time.perf_counter()
    report = report_generate(report_create(campaign, ReportKind.YEAR_END).pk)
    seconds = time.perf_counter() - started
    peak = _peak_rss_mb()
    with report.file.open("rb") as pdf:
        pages = len(PdfReader(BytesIO(pdf.read())).pages)
    return {
        "report_seconds": round(seconds, 2),
        "report_peak_mb": round(peak, 1),
        "report_peak_rss_before_mb": round(before, 1),
        "report_pages": pages,
    }


# --- Import -------------------------------------------------------------------------------


def _import_unit(campaign, rows: int) -> tuple[Registration, object]:
    """A unit with ``rows`` staff and a draft registration, and its head's account; made once
    per size (the rows are the bench's own, apart from the seeded data)."""
    code = f"{IMPORT_UNIT_PREFIX}{rows}"
    unit, created = Unit.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Đơn vị thử nhập Excel {rows} người (benchmark)",
            "unit_type": UnitType.MINISTRY_UNIT,
            "head_title": "Cục trưởng",
            "is_demo": True,
        },
    )
    if created:
        Person.objects.bulk_create(
            [
                Person(
                    unit=unit,
                    full_name=f"Nguyễn Văn Thử {number:05d}",
                    position="Chuyên viên" if number else "Cục trưởng",
                    is_unit_head=number == 0,
                )
                for number in range(rows)
            ],
            batch_size=2000,
        )
    user, _new = get_user_model().objects.get_or_create(username=f"bench_import_{rows}")
    UserRole.objects.get_or_create(user=user, defaults={"role": Role.UNIT_HEAD, "unit": unit})
    registration = registration_get_or_create(campaign=campaign, unit=unit)
    return registration, user


def _marked_workbook(registration: Registration) -> bytes:
    """The portal's own template for the unit, with every person marked for LĐTT."""
    title = next(t for t in staff_import_titles() if t.code == IMPORTED_TITLE)
    book = load_workbook(BytesIO(staff_import_template(registration=registration)))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = header.index(title_header(title)) + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column, value="x")
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _baseline_resource(headers: list[str]) -> resources.ModelResource:
    """A plain ModelResource over the same rows (ID, name, position), default settings."""

    class StaffRowResource(resources.ModelResource):
        id = fields.Field(attribute="id", column_name=headers[0], widget=widgets.IntegerWidget())
        full_name = fields.Field(attribute="full_name", column_name=headers[1])
        position = fields.Field(attribute="position", column_name=headers[2])

        class Meta:
            model = Person
            fields = ("id", "full_name", "position")
            import_id_fields = ("id",)

    return StaffRowResource()


def _rate(rows: int, seconds: float) -> float:
    return round(rows / seconds, 1) if seconds else 0.0


def measure_import(campaign, rows: int) -> dict:
    """The same workbook through the portal (preview, then apply: all or nothing) and through
    django-import-export's default row-by-row ``import_data``."""
    registration, actor = _import_unit(campaign, rows)
    # Each run starts from no aims, so every row is a change to write.
    IndividualTitleAim.objects.filter(registration=registration)._raw_delete(connection.alias)
    data = _marked_workbook(registration)

    started = time.perf_counter()
    preview = staff_import_preview(registration=registration, data=data)
    if not preview.is_valid or preview.added_count != rows:
        raise RuntimeError(f"The bench workbook did not preview cleanly: {preview.problems[:3]}")
    registration.refresh_from_db()
    staff_import_apply(
        registration=registration,
        actor=actor,
        data=data,
        version=registration_version_token(registration),
    )
    portal_seconds = time.perf_counter() - started
    written = IndividualTitleAim.objects.filter(registration=registration).count()
    if written != rows:
        raise RuntimeError(f"The import wrote {written} aims, not {rows}.")

    # Both paths start from the file's bytes: the baseline reads the workbook as
    # django-import-export's import view does (into a tablib Dataset), then imports it.
    started = time.perf_counter()
    dataset = tablib.Dataset().load(data, format="xlsx")
    result = _baseline_resource(list(dataset.headers)).import_data(dataset, dry_run=False)
    baseline_seconds = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        raise RuntimeError("The baseline import reported errors.")
    return {
        "import_rows": rows,
        "import_seconds": round(portal_seconds, 2),
        "import_rows_per_s": _rate(rows, portal_seconds),
        "import_baseline_seconds": round(baseline_seconds, 2),
        "import_baseline_rows_per_s": _rate(rows, baseline_seconds),
    }


# --- The run ------------------------------------------------------------------------------


def _database() -> dict:
    vendor = connection.vendor
    if vendor == "postgresql":
        number = connection.pg_version
        server = f"{number // 10000}.{number % 10000}"
    elif vendor == "sqlite":
        import sqlite3

        server = sqlite3.sqlite_version
    else:
        server = ""
    return {"vendor": vendor, "version": server}


def _machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "django": package_version("django"),
        "weasyprint": package_version("weasyprint"),
        "django_import_export": package_version("django-import-export"),
    }


def run_bench(
    *,
    scale: float,
    requests: int = 30,
    warmup: int = 3,
    import_rows: int = 20_000,
    log: Callable[[str], None] = lambda _message: None,
) -> dict:
    """Every measurement of one run, as the JSON ``bench`` writes."""
    campaign = Campaign.objects.get(year=CAMPAIGN_YEAR)
    results = {
        "scale": scale,
        "units": Unit.objects.count(),
        "staff": Person.objects.count(),
        "groups": EmulationGroup.objects.count(),
        "database": _database(),
        "machine": _machine(),
        "debug": settings.DEBUG,
        "requests_per_page": requests,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    log("year-end report…")
    results.update(measure_report(campaign))
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ROOT_URLCONF=BENCH_URLCONF, ALLOWED_HOSTS=hosts):
        log("pages…")
        # As the WSGI entry point does once the views are loaded (emulation_portal/wsgi.py);
        # undone after, so the rest of the process (a test run) is left as it was.
        freeze_loaded_objects()
        try:
            results["floor_queries"] = measure_floor_queries()
            results["pages"] = measure_pages(campaign, requests=requests, warmup=warmup)
        finally:
            gc.unfreeze()
    log("import…")
    results.update(measure_import(campaign, import_rows))
    return results
