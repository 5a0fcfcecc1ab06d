"""The administrator (the demo's ``admin``, a Django superuser) manages accounts, roles, units,
staff and reference data in the admin site; it never acts in the portal's workflow.

Every POST URL of the URLconf is walked as ``admin``, each with what the legitimate actor's own
page would send (read from that page's form), on an object in the state where that actor could
act. Nothing may change, and every answer is a refusal (403/404/405) or a redirect to a page
that opens without error. A control walk sends the same requests as the legitimate actors and
shows that they do change what the act changes, so the data is not refused for being wrong.

A new POST URL without a case here fails ``test_every_post_url_has_a_case``.
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import Workbook, load_workbook

from awards.models import Proposal
from awards.services.proposals import proposal_save_items, proposal_start, proposal_transition
from awards.workflow import ProposalStatus
from campaigns.models import Campaign
from emulation_portal.pdf import render_pdf
from registrations.models import Period, Registration
from registrations.services.registrations import registration_transition
from registrations.services.results import evidence_add, report_start, report_transition
from registrations.workflow import Status
from reports.models import ReportStatus
from reports.services.reports import report_create
from scoring.models import ScoringTable, UnitScore
from scoring.services.acclamation import acclamation_record
from scoring.services.tables import scoring_table_new_version
from units.models import Rating, SubUnit

from .awards.awards_setup import (
    approved_registration,
    decided,
    forwarded_proposal,
    session_with,
    started_proposal,
    vote_item,
)
from .reports.helpers import head_of

pytestmark = pytest.mark.django_db

# Not the workflow: the admin site, signing in and out and one's own password, the language.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_VIEW_MODULES = ("django.contrib.auth.views", "django.views.i18n")
# Rows that a request writes whoever makes it.
IGNORED_MODELS = {
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
}

YEAR = 2021


# --- The state of everything -----------------------------------------------------------------


def snapshot() -> dict[str, tuple[int, str]]:
    """Per model: its row count and a digest of every row; and the files under MEDIA_ROOT."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in IGNORED_MODELS:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    media = Path(settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    state["media files"] = (len(files), hashlib.sha256(repr(files).encode()).hexdigest())
    return state


def changed(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# --- A page's form, as the browser would send it ---------------------------------------------


class FormReader(HTMLParser):
    """The POST forms of a page: their action, their fields' current values (what a browser
    sends unchanged), the values each checkbox/radio/select offers, and their submit buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._by_id: dict[str, dict] = {}
        self._orphans: list[tuple[str, str, str, bool]] = []  # controls with form="id"
        self._current: dict | None = None
        self._select = self._option = self._textarea = None

    def _owner(self, attrs):
        ref = attrs.get("form")
        if ref:
            return ref
        return self._current

    def _add(self, owner, kind, name, value, checked=True):
        if isinstance(owner, str):
            self._orphans.append((owner, kind, name, value, checked))
            return
        if owner is None:
            return
        if kind == "button":
            owner["buttons"].append((name, value))
        elif kind == "choice":
            owner["choices"][name].append(value)
            if checked:
                owner["fields"][name].append(value)
        else:
            owner["fields"][name].append(value)

    def handle_starttag(self, tag, attrs):
        a = {key: ("" if value is None else value) for key, value in attrs}
        if tag == "form":
            self._current = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "testid": a.get("data-testid", ""),
                "fields": defaultdict(list),
                "choices": defaultdict(list),
                "buttons": [],
            }
            self.forms.append(self._current)
            if a.get("id"):
                self._by_id[a["id"]] = self._current
            return
        name = a.get("name")
        if not name or "disabled" in a:
            if tag == "option" and self._select is not None:
                self._option = [a.get("value"), "", "selected" in a]
            return
        owner = self._owner(a)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._add(owner, "button", name, a.get("value", ""))
            elif kind in ("checkbox", "radio"):
                self._add(owner, "choice", name, a.get("value", "on"), "checked" in a)
            elif kind not in ("file", "button", "reset"):
                self._add(owner, "value", name, a.get("value", ""))
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._add(owner, "button", name, a.get("value", ""))
        elif tag == "select":
            self._select = {"owner": owner, "name": name, "multiple": "multiple" in a, "opts": []}
        elif tag == "textarea":
            self._textarea = [owner, name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[2] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            value, text, selected = self._option
            self._select["opts"].append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            select, opts = self._select, self._select["opts"]
            chosen = [value for value, selected in opts if selected]
            if not chosen and opts and not select["multiple"]:
                chosen = [opts[0][0]]
            for value, _selected in opts:
                self._add(select["owner"], "choice", select["name"], value, value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            owner, name, text = self._textarea
            # A newline right after <textarea> is not part of the value (HTML).
            self._add(owner, "value", name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "form":
            self._current = None

    def close(self):
        super().close()
        for ref, kind, name, value, checked in self._orphans:
            if ref in self._by_id:
                self._add(self._by_id[ref], kind, name, value, checked)


@dataclass
class Form:
    fields: dict[str, list[str]]
    choices: dict[str, list[str]]
    buttons: list[tuple[str, str]]

    def set(self, name: str, *values):
        assert name in self.fields or name in self.choices, f"the form has no field {name!r}"
        self.fields[name] = [str(value) for value in values]

    def press(self, name: str, value: str):
        """Send the form with this submit button."""
        assert (name, value) in self.buttons, f"the form has no button {name}={value}"
        self.fields[name] = [value]

    def first(self, pattern: str) -> str:
        """The first field whose name matches ``pattern``."""
        for name in [*self.fields, *self.choices]:
            if re.fullmatch(pattern, name):
                return name
        raise AssertionError(f"the form has no field matching {pattern!r}")

    def other_choice(self, name: str) -> str:
        current = self.fields.get(name, [""])
        return next(value for value in self.choices[name] if value and value not in current)

    def data(self) -> dict:
        return {
            name: values for name, values in self.fields.items() if name != "csrfmiddlewaretoken"
        }


def read_form(client: Client, page: str, action: str, testid: str = "") -> Form:
    """The POST form of ``page`` (as ``client`` sees it) that posts to ``action``."""
    response = client.get(page)
    assert response.status_code == 200, f"{page} answered {response.status_code}"
    reader = FormReader()
    reader.feed(response.content.decode())
    reader.close()
    target = urlsplit(action).path
    for form in reader.forms:
        posts_to = urlsplit(urljoin(page, form["action"] or page)).path
        if form["method"] == "post" and posts_to == target and testid in ("", form["testid"]):
            return Form(dict(form["fields"]), dict(form["choices"]), form["buttons"])
    raise AssertionError(
        f"{page} has no form posting to {action} (as {response.wsgi_request.user})"
    )


# --- The cases: one act each, on an object in the state where someone may do it ---------------


@dataclass
class Act:
    url: str
    actor: object | None  # who may do it; None when nobody may (a decided proposal)
    page: str | None = None  # the page holding its form; None: the URL itself
    testid: str = ""  # which of the page's forms posting there
    fill: Callable[[Form], None] | None = None  # what the actor types or ticks
    files: Callable[[Client], dict] | None = None  # uploads, made with the actor's client
    data: Callable[[Client, Client], dict] | None = None  # instead of a page's form
    writes: bool = True  # the act changes rows (else it only shows something)

    def build(self, poster: Client, actor: Client | None) -> dict:
        if self.data is not None:
            return self.data(poster, actor)
        form = read_form(actor, self.page or self.url, self.url, self.testid)
        if self.fill:
            self.fill(form)
        data = form.data()
        if self.files:
            data.update(self.files(actor))
        return data


CASES: dict[str, list[Callable]] = defaultdict(list)


def case(name: str):
    def register(arrange):
        CASES[name].append(arrange)
        return arrange

    return register


def _campaign():
    return Campaign.objects.get(year=YEAR)


def _registration(unit_code: str) -> Registration:
    return Registration.objects.get(campaign__year=YEAR, unit__code=unit_code)


def _an_approved_registration(without_proposal=True) -> Registration:
    registrations = Registration.objects.filter(campaign__year=YEAR, status=Status.APPROVED)
    if without_proposal:
        registrations = registrations.filter(proposals__isnull=True)
    return registrations.order_by("unit__code").first()


def _url(name, *args):
    return reverse(name, args=args)


def _append(form: Form, name: str, text: str):
    form.set(name, (form.fields.get(name) or [""])[0] + text)


def _xlsx_upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _saved(workbook) -> bytes:
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


# registrations ----------------------------------------------------------------------------


@case("registrations:start")
def _start(demo):
    # CVTQG has not started its registration: its head opens it from the unit's page.
    return Act(_url("registrations:start"), demo["unit_head"], page=_url("units:my_unit"))


@case("units:notice_read")
def _notice_read(demo):
    # The demo's launch gave the unit head a notice; only its recipient marks it read.
    from registrations.models import Notice

    notice = Notice.objects.filter(recipient=demo["unit_head"], read_at__isnull=True).first()
    return Act(_url("units:notice_read", notice.pk), demo["unit_head"], page=_url("units:my_unit"))


@case("units:sub_unit_add")
def _sub_unit_add(demo):
    unit = demo["unit_head2"].portal_role.unit
    return Act(
        _url("units:sub_unit_add", unit.pk),
        demo["unit_head2"],
        page=_url("units:sub_units", unit.pk),
        testid="add-sub-unit",
        fill=lambda form: form.set("new-name", "Phòng Thử nghiệm"),
    )


@case("units:sub_unit_change")
def _sub_unit_change(demo):
    unit = demo["unit_head2"].portal_role.unit
    sub_unit = SubUnit.objects.create(unit=unit, name="Phòng Cũ", kind="office")
    return Act(
        _url("units:sub_unit_change", unit.pk, sub_unit.pk),
        demo["unit_head2"],
        page=_url("units:sub_units", unit.pk),
        fill=lambda form: form.set(f"s{sub_unit.pk}-name", "Phòng Mới"),
    )


def _hni_draft(demo):
    return _registration("HNI")


@case("registrations:edit")
def _edit(demo):
    registration = _hni_draft(demo)
    url = _url("registrations:edit", registration.pk)
    return Act(
        url,
        demo["unit_head2"],
        fill=lambda form: _append(form, form.first(r"targets-\d+-description"), " (bổ sung)"),
    )


@case("registrations:check")
def _check(demo):
    registration = _hni_draft(demo)
    return Act(
        _url("registrations:check", registration.pk),
        demo["unit_head2"],
        data=lambda poster, actor: read_form(
            actor, *[_url("registrations:edit", registration.pk)] * 2
        ).data(),
        writes=False,
    )


@case("registrations:submit")
def _submit(demo):
    registration = _hni_draft(demo)
    return Act(
        _url("registrations:submit", registration.pk),
        demo["unit_head2"],
        page=_url("registrations:detail", registration.pk),
    )


@case("registrations:amend")
def _amend(demo):
    registration = _an_approved_registration()
    return Act(
        _url("registrations:amend", registration.pk),
        head_of(registration.unit),
        page=_url("registrations:detail", registration.pk),
    )


@case("registrations:review")
def _review(demo):
    registration = (
        Registration.objects.filter(campaign__year=YEAR, status=Status.SUBMITTED)
        .order_by("unit__code")
        .first()
    )

    def approve(form):
        form.press("action", "approve")

    return Act(_url("registrations:review", registration.pk), demo["reviewer"], fill=approve)


@case("registrations:assign")
def _assign(demo):
    def tick(form):
        form.set("units", form.choices["units"][0])
        form.set("reviewer", demo["reviewer2"].pk)

    return Act(
        _url("registrations:assign"),
        demo["reviewer"],
        page=_url("registrations:queue") + "?status=",
        fill=tick,
    )


@case("registrations:extensions")
def _extensions(demo):
    campaign = _campaign()

    def grant(form):
        form.set("unit", form.other_choice("unit"))
        form.set(
            "until", (campaign.registration_deadline + timedelta(days=10)).strftime("%d/%m/%Y")
        )
        form.set("reason", "Đơn vị đang kiện toàn bộ máy lãnh đạo.")

    return Act(_url("registrations:extensions"), demo["reviewer"], fill=grant)


def _staff_template_changed(actor: Client, registration) -> bytes:
    response = actor.get(_url("registrations:import_template", registration.pk))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = next(i for i, value in enumerate(header) if value and value.endswith("[CSTDCS]"))
    row = next(row for row in sheet.iter_rows(min_row=2) if row[column].value != "x")
    row[column].value = "x"
    return _saved(workbook)


@case("registrations:import_staff")
def _import_staff(demo):
    registration = _hni_draft(demo)
    return Act(
        _url("registrations:import_staff", registration.pk),
        demo["unit_head2"],
        files=lambda actor: {
            "file": _xlsx_upload("danh-sach.xlsx", _staff_template_changed(actor, registration))
        },
        writes=False,
    )


def _confirm_after_upload(upload_url: str, content: Callable[[Client], bytes]):
    """Upload as the poster and confirm what it previewed; a poster refused the upload sends
    the token the actor's own upload got."""

    def data(poster: Client, actor: Client) -> dict:
        content_bytes = content(actor)
        for client in (poster, actor):
            response = client.post(upload_url, {"file": _xlsx_upload("tep.xlsx", content_bytes)})
            confirm = response.context and response.context.get("confirm")
            if confirm:
                return {
                    "token": str(confirm.initial["token"]),
                    "version": confirm.initial["version"],
                }
        raise AssertionError(f"{upload_url} gave no confirmation")

    return data


@case("registrations:import_confirm")
def _import_confirm(demo):
    registration = _hni_draft(demo)
    return Act(
        _url("registrations:import_confirm", registration.pk),
        demo["unit_head2"],
        data=_confirm_after_upload(
            _url("registrations:import_staff", registration.pk),
            lambda actor: _staff_template_changed(actor, registration),
        ),
    )


def _own_layout_list(registration) -> bytes:
    """A list in the unit's own layout whose name column ("Cán bộ") the reader does not
    know: the head corrects its reading on the preview."""
    person = registration.unit.staff.exclude(birth_date=None).order_by("pk").first()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐĂNG KÝ THI ĐUA"])
    sheet.append(["STT", "Cán bộ", "Ngày sinh", "Danh hiệu thi đua"])
    sheet.append([1, person.full_name, person.birth_date.strftime("%d/%m/%Y"), "CSTĐCS"])
    return _saved(workbook)


@case("registrations:import_remap")
def _import_remap(demo):
    registration = _hni_draft(demo)
    upload_url = _url("registrations:import_staff", registration.pk)

    def data(poster: Client, actor: Client) -> dict:
        content = _own_layout_list(registration)
        for client in (poster, actor):
            response = client.post(upload_url, {"file": _xlsx_upload("tep.xlsx", content)})
            remap = response.context and response.context.get("remap")
            if remap:
                preview = response.context["preview"]
                return {
                    "token": str(remap["token"]),
                    "layout": preview.layout,
                    "column_0": "",
                    "column_1": "full_name",
                    "column_2": "birth_date",
                    "column_3": "titles",
                }
        raise AssertionError(f"{upload_url} offered no column mapping")

    return Act(_url("registrations:import_remap", registration.pk), demo["unit_head2"], data=data)


def _history_list(actor_user) -> bytes:
    """A ratings list in the unit's own layout giving one of the unit's staff a year that
    has no record yet."""
    from units.models import Person

    person = (
        Person.objects.filter(unit=actor_user.portal_role.unit, is_active=True)
        .exclude(birth_date=None)
        .exclude(years__year=2009)
        .order_by("pk")
        .first()
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH XẾP LOẠI NĂM 2009"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"])
    sheet.append([1, person.full_name, person.birth_date.strftime("%d/%m/%Y"), 2009, "HTTNV"])
    return _saved(workbook)


@case("units:history_import")
def _history_import(demo):
    return Act(
        _url("units:history_import"),
        demo["unit_head2"],
        files=lambda actor: {
            "file": _xlsx_upload("xep-loai.xlsx", _history_list(demo["unit_head2"]))
        },
        writes=False,
    )


@case("units:history_import_confirm")
def _history_import_confirm(demo):
    return Act(
        _url("units:history_import_confirm"),
        demo["unit_head2"],
        data=_confirm_after_upload(
            _url("units:history_import"), lambda actor: _history_list(demo["unit_head2"])
        ),
    )


def _cvtqg_approved(demo):
    return approved_registration(demo)


def _rating_changed(form: Form):
    name = form.first(r"rating_\d+")
    form.set(name, form.other_choice(name))


@case("registrations:year_end")
def _year_end(demo):
    arranged = _cvtqg_approved(demo)
    return Act(
        _url("registrations:year_end", arranged.registration.pk),
        demo["unit_head"],
        fill=_rating_changed,
    )


def _year_end_template_changed(actor: Client, registration) -> bytes:
    response = actor.get(_url("registrations:year_end_template", registration.pk))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    row = next(workbook.worksheets[0].iter_rows(min_row=2))
    row[3].value = next(value for value in Rating.values if value != row[3].value)
    return _saved(workbook)


@case("registrations:year_end_import")
def _year_end_import(demo):
    registration = _cvtqg_approved(demo).registration
    return Act(
        _url("registrations:year_end_import", registration.pk),
        demo["unit_head"],
        files=lambda actor: {
            "file": _xlsx_upload("ket-qua.xlsx", _year_end_template_changed(actor, registration))
        },
        writes=False,
    )


@case("registrations:year_end_import_confirm")
def _year_end_import_confirm(demo):
    registration = _cvtqg_approved(demo).registration
    return Act(
        _url("registrations:year_end_import_confirm", registration.pk),
        demo["unit_head"],
        data=_confirm_after_upload(
            _url("registrations:year_end_import", registration.pk),
            lambda actor: _year_end_template_changed(actor, registration),
        ),
    )


@case("registrations:report_start")
def _report_start(demo):
    registration = _cvtqg_approved(demo).registration
    return Act(
        _url("registrations:report_start", registration.pk, Period.SIX_MONTH),
        demo["unit_head"],
        page=_url("registrations:detail", registration.pk),
    )


def _six_month_report(demo, *, submitted=False, evidence=False):
    head = demo["unit_head"]
    registration = _cvtqg_approved(demo).registration
    report = report_start(registration=registration, period=Period.SIX_MONTH, actor=head)
    if evidence:
        evidence = evidence_add(
            report=report,
            actor=head,
            uploaded_file=SimpleUploadedFile("bien-ban.pdf", render_pdf("<p>Biên bản</p>")),
        )
    if submitted:
        report = report_transition(report=report, to=Status.SUBMITTED, actor=head)
    return report, evidence


@case("registrations:report")
def _report(demo):
    report, _ = _six_month_report(demo)
    return Act(
        _url("registrations:report", report.pk),
        demo["unit_head"],
        fill=lambda form: _append(form, "summary", "Hoàn thành các chỉ tiêu 6 tháng."),
    )


@case("registrations:report_submit")
def _report_submit(demo):
    report, _ = _six_month_report(demo)
    return Act(
        _url("registrations:report_submit", report.pk),
        demo["unit_head"],
        page=_url("registrations:report", report.pk),
    )


@case("registrations:report_review")
def _report_review(demo):
    report, _ = _six_month_report(demo, submitted=True)

    def approve(form):
        form.press("action", "approve")

    return Act(
        _url("registrations:report_review", report.pk),
        demo["reviewer"],
        page=_url("registrations:report", report.pk),
        fill=approve,
    )


@case("registrations:evidence_delete")
def _evidence_delete(demo):
    report, evidence = _six_month_report(demo, evidence=True)
    return Act(
        _url("registrations:evidence_delete", evidence.pk),
        demo["unit_head"],
        page=_url("registrations:report", report.pk),
    )


# campaigns --------------------------------------------------------------------------------


@case("campaigns:key_dates")
def _key_dates(demo):
    campaign = _campaign()

    def later(form):
        day = (campaign.registration_deadline + timedelta(days=1)).strftime("%d/%m/%Y")
        form.set("registration_deadline", day)

    return Act(_url("campaigns:key_dates", campaign.pk), demo["reviewer"], fill=later)


def _campaign_2027(demo, *moves):
    """A copy of 2021 for 2027, moved on by the Department and the Minister as asked."""
    from campaigns.services import campaign_approve, campaign_copy, campaign_submit

    campaign = campaign_copy(source=_campaign(), year=2027, actor=demo["reviewer"])
    if "submitted" in moves:
        campaign_submit(campaign=campaign, actor=demo["reviewer"])
    if "approved" in moves:
        campaign_approve(
            campaign=campaign,
            actor=demo["minister"],
            signer_title=campaign.signer_title,
            signer_name=campaign.signer_name,
        )
    return campaign


def _valid_key_dates(form: Form, year: int = 2022):
    for field, day in (
        ("registration_deadline", "15/03"),
        ("midyear_opens_on", "01/06"),
        ("midyear_report_date", "20/06"),
        ("year_end_opens_on", "01/11"),
        ("year_end_report_date", "20/11"),
    ):
        form.set(field, f"{day}/{year}")


@case("campaigns:create")
def _campaign_create(demo):
    def fill(form):
        form.set("name", "Phong trào thi đua năm 2022")
        form.set("theme", "Chủ đề")
        form.set("subject", "V/v phát động phong trào thi đua năm 2022")
        _valid_key_dates(form)

    return Act(_url("campaigns:create"), demo["reviewer"], testid="create-form", fill=fill)


@case("campaigns:copy")
def _campaign_copy(demo):
    return Act(_url("campaigns:copy"), demo["reviewer"], page=_url("campaigns:create"))


@case("campaigns:edit")
def _campaign_edit(demo):
    campaign = _campaign_2027(demo)
    return Act(
        _url("campaigns:edit", campaign.pk),
        demo["reviewer"],
        fill=lambda form: _append(form, "theme", " (sửa)"),
    )


@case("campaigns:submit")
def _campaign_submit(demo):
    campaign = _campaign_2027(demo)
    return Act(
        _url("campaigns:submit", campaign.pk),
        demo["reviewer"],
        page=_url("campaigns:detail", campaign.pk),
    )


@case("campaigns:decide")
def _campaign_decide(demo):
    campaign = _campaign_2027(demo, "submitted")
    return Act(
        _url("campaigns:decide", campaign.pk),
        demo["minister"],
        fill=lambda form: form.press("action", "approve"),
    )


@case("campaigns:launch")
def _campaign_launch(demo):
    campaign = _campaign_2027(demo, "submitted", "approved")
    return Act(
        _url("campaigns:launch", campaign.pk),
        demo["reviewer"],
        page=_url("campaigns:detail", campaign.pk),
    )


@case("campaigns:close")
def _campaign_close(demo):
    campaign = _campaign()
    return Act(
        _url("campaigns:close", campaign.pk),
        demo["reviewer"],
        page=_url("campaigns:detail", campaign.pk),
    )


def _amendment_2027(demo, *moves):
    """An amending letter of the approved 2027 campaign, moved on as asked."""
    from campaigns.selectors import amendment_initial
    from campaigns.services import amendment_create, amendment_submit

    campaign = _campaign_2027(demo, "submitted", "approved")
    fields = {
        **amendment_initial(campaign),
        "subject": "V/v điều chỉnh thời hạn đăng ký thi đua năm 2027",
        "paragraphs": ["Thời hạn đăng ký được lùi đến ngày 30/3/2027./."],
    }
    amendment = amendment_create(campaign=campaign, fields=fields, actor=demo["reviewer"])
    if "submitted" in moves:
        amendment_submit(amendment=amendment, actor=demo["reviewer"])
    return amendment


@case("campaigns:scan_upload")
def _scan_upload(demo):
    campaign = _campaign_2027(demo, "submitted", "approved")
    return Act(
        _url("campaigns:scan_upload", campaign.pk),
        demo["reviewer"],
        page=_url("campaigns:detail", campaign.pk),
        files=lambda actor: {"file": SimpleUploadedFile("ban-ky.pdf", render_pdf("<p>Đã ký</p>"))},
    )


@case("campaigns:amendment_create")
def _amendment_create(demo):
    campaign = _campaign_2027(demo, "submitted", "approved")

    def fill(form):
        form.set("subject", "V/v bổ sung tiêu chí thi đua năm 2027")
        form.set("paragraphs", "Bổ sung tiêu chí./.")

    return Act(_url("campaigns:amendment_create", campaign.pk), demo["reviewer"], fill=fill)


@case("campaigns:amendment_edit")
def _amendment_edit(demo):
    amendment = _amendment_2027(demo)
    return Act(
        _url("campaigns:amendment_edit", amendment.pk),
        demo["reviewer"],
        fill=lambda form: _append(form, "subject", " (sửa)"),
    )


@case("campaigns:amendment_submit")
def _amendment_submit(demo):
    amendment = _amendment_2027(demo)
    return Act(
        _url("campaigns:amendment_submit", amendment.pk),
        demo["reviewer"],
        page=_url("campaigns:amendment_detail", amendment.pk),
    )


@case("campaigns:amendment_decide")
def _amendment_decide(demo):
    amendment = _amendment_2027(demo, "submitted")
    return Act(
        _url("campaigns:amendment_decide", amendment.pk),
        demo["minister"],
        fill=lambda form: form.press("action", "approve"),
    )


@case("awards:proposal_start")
def _proposal_start(demo):
    _cvtqg_approved(demo)
    return Act(_url("awards:proposal_start"), demo["unit_head"], page=_url("awards:proposals"))


@case("awards:proposal_edit")
def _proposal_edit(demo):
    proposal = started_proposal(demo, _cvtqg_approved(demo))
    return Act(
        _url("awards:proposal_edit", proposal.pk),
        demo["unit_head"],
        fill=lambda form: _append(form, "summary", " Nhiều sáng kiến được áp dụng."),
    )


@case("awards:proposal_edit")
def _decided_proposal_edit(demo):
    """Nobody may change a decided proposal; the editor's form with every title unticked."""
    _arranged, proposal, _decision = decided(demo)
    return Act(
        _url("awards:proposal_edit", proposal.pk),
        None,
        data=lambda poster, actor: {"summary": "Sửa sau quyết định"},
    )


@case("awards:proposal_submit")
def _proposal_submit(demo):
    proposal = started_proposal(demo, _cvtqg_approved(demo))
    return Act(
        _url("awards:proposal_submit", proposal.pk),
        demo["unit_head"],
        page=_url("awards:proposal_detail", proposal.pk),
    )


def _submitted_proposal():
    return Proposal.objects.filter(status=ProposalStatus.SUBMITTED).order_by("pk").first()


@case("awards:proposal_return")
def _proposal_return(demo):
    proposal = _submitted_proposal()
    return Act(
        _url("awards:proposal_return", proposal.pk),
        demo["reviewer"],
        page=_url("awards:proposal_detail", proposal.pk),
        fill=lambda form: form.set("note", "Bổ sung minh chứng sáng kiến."),
    )


@case("awards:proposal_forward")
def _proposal_forward(demo):
    proposal = _submitted_proposal()
    return Act(
        _url("awards:proposal_forward", proposal.pk),
        demo["reviewer"],
        page=_url("awards:proposal_detail", proposal.pk),
    )


@case("awards:council_create")
def _council_create(demo):
    return Act(
        _url("awards:council_create"),
        demo["reviewer"],
        page=_url("awards:councils"),
        fill=lambda form: form.set("held_on", "10/01/2022"),
    )


def _forwarded():
    return list(Proposal.objects.filter(status=ProposalStatus.FORWARDED).order_by("pk"))


@case("awards:council_agenda")
def _council_agenda(demo):
    first = _forwarded()[0]
    session = session_with(demo, [first])

    def tick(form):
        form.set("proposals", *form.choices["proposals"])

    return Act(
        _url("awards:council_agenda", session.pk),
        demo["reviewer"],
        page=_url("awards:council_detail", session.pk),
        testid="agenda-form",
        fill=tick,
    )


@case("awards:council_attendance")
def _council_attendance(demo):
    session = session_with(demo, _forwarded()[:1])

    def one_absent(form):
        form.set("present", *form.fields["present"][1:])

    return Act(
        _url("awards:council_attendance", session.pk),
        demo["reviewer"],
        page=_url("awards:council_detail", session.pk),
        fill=one_absent,
    )


def _session_voting_cstd_bo(demo):
    """A session on the proposal of CVTQG, whose CSTĐ cấp Bộ needs the secret ballot."""
    proposal = forwarded_proposal(demo, approved_registration(demo, cstd_bo=True))
    return session_with(demo, [proposal]), proposal


@case("awards:council_ballot")
def _council_ballot(demo):
    session, proposal = _session_voting_cstd_bo(demo)
    members = session.members.count()
    return Act(
        _url("awards:council_ballot", session.pk),
        demo["reviewer"],
        page=_url("awards:council_detail", session.pk),
        testid="ballot-form",
        fill=lambda form: form.set(f"approvals_{vote_item(proposal).pk}", members),
    )


@case("awards:council_close")
def _council_close(demo):
    from awards.services.council import council_ballots_record

    session, proposal = _session_voting_cstd_bo(demo)
    council_ballots_record(
        session=session,
        approvals={vote_item(proposal).pk: session.members.count()},
        actor=demo["reviewer"],
    )
    return Act(
        _url("awards:council_close", session.pk),
        demo["reviewer"],
        page=_url("awards:council_detail", session.pk),
    )


@case("awards:decision_create")
def _decision_create(demo):
    from awards.services.council import council_session_close

    session = session_with(demo, _forwarded()[:1])
    council_session_close(session=session, actor=demo["reviewer"])

    def header(form):
        form.set("number", "45/QĐ-BTNMT")
        form.set("signed_on", "15/01/2022")
        form.set("signer_name", "Trần Hồng Hà")

    return Act(_url("awards:decision_create"), demo["reviewer"], fill=header)


@case("awards:decision_correct")
def _decision_correct(demo):
    _arranged, _proposal, decision = decided(demo)

    def revoke_one(form):
        form.set("lines", form.choices["lines"][0])
        form.set("reason", "Cá nhân bị kỷ luật trước ngày ký quyết định.")
        form.set("number", "46/QĐ-BTNMT")
        form.set("signed_on", "20/01/2022")
        form.set("signer_name", "Trần Hồng Hà")

    return Act(_url("awards:decision_correct", decision.pk), demo["reviewer"], fill=revoke_one)


# units: scoring ---------------------------------------------------------------------------


def _khoi_iv():
    return ScoringTable.objects.get(group__code="KHOI-IV", year=YEAR, status="open")


@case("scoring:create")
def _scoring_create(demo):
    # A group whose table for the year is not made yet (its draft is dropped).
    table = (
        ScoringTable.objects.filter(year=YEAR, unit_scores__isnull=True)
        .order_by("group__code")
        .first()
    )
    group_id = table.group_id
    table.delete()
    return Act(
        _url("scoring:create", group_id),
        demo["reviewer"],
        page=_url("scoring:group", group_id),
    )


def _new_version(demo):
    return scoring_table_new_version(table=_khoi_iv(), actor=demo["unit_head"])


@case("scoring:edit")
def _scoring_edit(demo):
    draft = _new_version(demo)
    return Act(
        _url("scoring:edit", draft.pk),
        demo["unit_head"],
        fill=lambda form: _append(form, "items-0-text", " (sửa đổi)"),
    )


@case("scoring:open")
def _scoring_open(demo):
    draft = _new_version(demo)
    return Act(
        _url("scoring:open", draft.pk),
        demo["unit_head"],
        page=_url("scoring:table", draft.pk),
    )


@case("scoring:new_version")
def _scoring_new_version(demo):
    table = _khoi_iv()
    return Act(
        _url("scoring:new_version", table.pk),
        demo["unit_head"],
        page=_url("scoring:table", table.pk),
    )


def _scoring_sheet(actor=None) -> bytes:
    workbook = Workbook()
    for row in (
        ["No.", "Item", "Kind", "Maximum points", "Guidance"],
        [1, "Hoàn thành nhiệm vụ chuyên môn", "base", 60, "Theo kế hoạch năm"],
        [2, "Cải cách hành chính", "base", 40, ""],
    ):
        workbook.active.append(row)
    return _saved(workbook)


@case("scoring:import")
def _scoring_import(demo):
    draft = _new_version(demo)
    return Act(
        _url("scoring:import", draft.pk),
        demo["unit_head"],
        files=lambda actor: {"file": _xlsx_upload("bang-cham-diem.xlsx", _scoring_sheet())},
        writes=False,
    )


@case("scoring:import_confirm")
def _scoring_import_confirm(demo):
    draft = _new_version(demo)
    return Act(
        _url("scoring:import_confirm", draft.pk),
        demo["unit_head"],
        data=_confirm_after_upload(_url("scoring:import", draft.pk), _scoring_sheet),
    )


@case("scoring:self")
def _scoring_self(demo):
    # Hà Nội scores itself in Cụm I, sending its points.
    table = ScoringTable.objects.get(
        group__memberships__unit__code="HNI", group__memberships__year=YEAR, year=YEAR
    )

    def points(form):
        for name in list(form.fields):
            if name.startswith("points_"):
                form.set(name, "0")
            if name.startswith("evidence_"):
                form.set(name, "Báo cáo tổng kết năm.")
        form.fields["send"] = ["1"]

    return Act(_url("scoring:self", table.pk), demo["unit_head2"], fill=points)


@case("scoring:check")
def _scoring_check(demo):
    table = _khoi_iv()
    score = UnitScore.objects.get(table=table, unit__code="CQLTNN")
    return Act(_url("scoring:check", table.pk, score.unit_id), demo["unit_head"])


def _ready_for_acclamation(demo):
    """Khối IV: its head (CVTQG) scores itself and checks the others; the Department checks
    the head's own."""
    from scoring.selectors import scoring_items
    from scoring.services.scores import unit_score_check, unit_score_save_self, unit_score_submit

    table, head = _khoi_iv(), demo["unit_head"]
    rows = [
        {"item_id": item.pk, "self_points": Decimal(0), "evidence": "Báo cáo năm."}
        for item in scoring_items(table)
    ]
    score = unit_score_save_self(table=table, unit=head.portal_role.unit, actor=head, rows=rows)
    unit_score_submit(unit_score=score, actor=head)
    for score in UnitScore.objects.filter(table=table, status="submitted").select_related(
        "table", "unit"
    ):
        checker = demo["reviewer"] if score.unit_id == head.portal_role.unit_id else head
        unit_score_check(unit_score=score, actor=checker, rows=[])
    table.refresh_from_db()
    return table


MINUTES = {
    "place": "Hội trường Cục Viễn thám quốc gia",
    "chair": "Nguyễn Văn A",
    "secretary": "Trần Thị B",
    "attendees": "- Các đơn vị trong Khối IV;",
    "ballots_for": 5,
    "ballots_total": 6,
}


def _published(demo):
    table = _ready_for_acclamation(demo)
    leader = UnitScore.objects.filter(table=table).order_by("unit__code").first().unit_id
    acclamation_record(
        table=table,
        actor=demo["unit_head"],
        leader_id=leader,
        held_on=date(YEAR, 12, 20),
        **MINUTES,
    )
    table.refresh_from_db()
    return table


def _minutes(form: Form):
    for name, value in MINUTES.items():
        if name in form.fields or name in form.choices:
            form.set(name, value)
    if "held_on" in form.fields:
        form.set("held_on", "20/12/2021")


@case("scoring:acclaim")
def _scoring_acclaim(demo):
    table = _ready_for_acclamation(demo)
    return Act(_url("scoring:acclaim", table.pk), demo["unit_head"], fill=_minutes)


@case("scoring:acclaim")
def _scoring_acclaim_correct(demo):
    table = _published(demo)

    def correction(form):
        _minutes(form)
        form.set("place", "Phòng họp số 2")
        form.set("correction_reason", "Ghi nhầm địa điểm họp.")

    return Act(_url("scoring:acclaim", table.pk), demo["unit_head"], fill=correction)


@case("scoring:correct")
def _scoring_correct(demo):
    table = _published(demo)
    score = UnitScore.objects.get(table=table, unit__code="CQLTNN")

    def correction(form):
        form.set("item", form.other_choice("item"))
        form.set("points", "1")
        form.set("reason", "Cộng sót điểm thưởng.")

    return Act(_url("scoring:correct", table.pk, score.unit_id), demo["unit_head"], fill=correction)


# reports ----------------------------------------------------------------------------------


@case("reports:report_request")
def _report_request(demo):
    return Act(_url("reports:report_request"), demo["reviewer"], page=_url("reports:dashboard"))


@case("reports:report_retry")
def _report_retry(demo):
    from reports.models import GeneratedReport

    report = report_create(_campaign(), "six_month", actor=demo["reviewer"])
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error="Máy chủ in tạm dừng."
    )
    return Act(
        _url("reports:report_retry", report.pk), demo["reviewer"], page=_url("reports:dashboard")
    )


@case("reports:report_issue")
def _report_issue(demo):
    from django.utils import timezone

    from reports.links import compose_url
    from reports.models import GeneratedReport, ReportVariant

    campaign = _campaign()
    narrative = dict.fromkeys(
        ("role_models", "shortcomings", "priorities", "recommendations"), "Đã viết."
    )
    draft = report_create(campaign, "year_end", actor=demo["reviewer"], narrative=narrative)
    GeneratedReport.objects.filter(pk=draft.pk).update(
        status=ReportStatus.DONE, finished_at=timezone.now()
    )
    return Act(
        _url("reports:report_issue", draft.pk),
        demo["reviewer"],
        page=compose_url("year_end", ReportVariant.TO_HEAD, campaign),
        testid="issue-form",
    )


# --- The walk ---------------------------------------------------------------------------------


def post_url_names() -> dict[str, str]:
    """Every URL name of the URLconf that takes a POST (function views included), but those of
    the admin site, signing in and out, one's password and the language."""
    found = {}

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                walk(pattern, pattern.namespace or namespace)
                continue
            assert isinstance(pattern, URLPattern)
            view = getattr(pattern.callback, "view_class", None)
            bases = view.__mro__ if view is not None else (pattern.callback,)
            if any(base.__module__.startswith(EXCLUDED_VIEW_MODULES) for base in bases):
                continue  # Django's own account views, or the portal's versions of them
            if view is not None and not hasattr(view, "post"):
                continue
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            found[name] = str(pattern.pattern)

    walk(get_resolver(), "")
    return found


def test_every_post_url_has_a_case():
    missing = sorted(set(post_url_names()) - set(CASES))
    assert not missing, f"Add a case to {__name__} for these POST URLs: {missing}"
    assert not sorted(set(CASES) - set(post_url_names())), "cases of URLs that are gone"


ALL_CASES = [
    pytest.param(arrange, id=f"{name}#{index}")
    for name, arranges in sorted(CASES.items())
    for index, arrange in enumerate(arranges)
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _each_case(demo):
    """Each case in a savepoint rolled back after it: (name, act, arranged state)."""
    for name, arranges in sorted(CASES.items()):
        for arrange in arranges:
            with transaction.atomic():
                act = arrange(demo)
                yield f"{name} ({arrange.__name__})", act
                transaction.set_rollback(True)


def test_the_superuser_changes_nothing_through_any_post_url(demo):
    admin = demo["admin"]
    assert admin.is_superuser and admin.is_active
    poster = _client(admin)
    failures = []
    for label, act in _each_case(demo):
        actor = _client(act.actor) if act.actor else None
        data = act.build(poster, actor)
        before = snapshot()
        try:
            response = poster.post(act.url, data)
        except Exception as error:  # the test client re-raises what would be a 500
            failures.append(f"{label}: 500 ({type(error).__name__}: {error})")
            continue
        after = snapshot()
        status = response.status_code
        if changed(before, after):
            failures.append(f"{label}: {status}, changed {changed(before, after)}")
        elif status == 302:
            landing = poster.get(response["Location"])
            if landing.status_code != 200:
                failures.append(f"{label}: redirected to a page answering {landing.status_code}")
            elif not list(landing.context["messages"]):
                failures.append(f"{label}: redirected without saying why")
        elif status not in (403, 404, 405):
            failures.append(f"{label}: answered {status}")
    assert not failures, "\n".join(failures)


def test_the_legitimate_actors_requests_do_act(demo):
    """The control: the same requests, sent by those who may act, change what the act
    changes (or, for a preview, answer it), so the walk above is refused for who sends it."""
    failures = []
    for label, act in _each_case(demo):
        if act.actor is None:
            continue
        actor = _client(act.actor)
        try:
            data = act.build(actor, actor)
        except AssertionError as error:
            failures.append(f"{label}: cannot fill the request: {error}")
            continue
        before = snapshot()
        response = actor.post(act.url, data)
        after = snapshot()
        if act.writes and not changed(before, after):
            failures.append(f"{label}: {response.status_code}, nothing changed")
        if not act.writes and response.status_code != 200:
            failures.append(f"{label}: answered {response.status_code}")
        # Sent again, the act is no longer possible in the new state (or changes nothing):
        # refused with a message, never a 500.
        try:
            again = actor.post(act.url, data)
        except Exception as error:  # the test client re-raises what would be a 500
            failures.append(f"{label}, sent again: 500 ({type(error).__name__}: {error})")
        else:
            if again.status_code >= 500:
                failures.append(f"{label}, sent again: {again.status_code}")
    assert not failures, "\n".join(failures)


# --- The services refuse the superuser too ------------------------------------------------------


def test_the_services_refuse_the_superuser(demo):
    admin = demo["admin"]
    draft = _registration("HNI")
    with pytest.raises(PermissionDenied):
        registration_transition(registration=draft, to=Status.SUBMITTED, actor=admin)
    submitted = Registration.objects.filter(campaign__year=YEAR, status=Status.SUBMITTED).first()
    with pytest.raises(PermissionDenied):
        registration_transition(registration=submitted, to=Status.APPROVED, actor=admin)
    approved = _an_approved_registration()
    with pytest.raises(PermissionDenied):
        registration_transition(registration=approved, to=Status.AMENDING, actor=admin)
    with pytest.raises(PermissionDenied):
        report_start(registration=approved, period=Period.SIX_MONTH, actor=admin)
    with pytest.raises(PermissionDenied):
        proposal_start(campaign=_campaign(), unit=approved.unit, actor=admin)
    with pytest.raises(PermissionDenied):
        proposal_transition(
            proposal=_submitted_proposal(), to=ProposalStatus.FORWARDED, actor=admin
        )
    draft.refresh_from_db()
    submitted.refresh_from_db()
    approved.refresh_from_db()
    assert (draft.status, submitted.status, approved.status) == (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.APPROVED,
    )


def test_a_decided_proposal_is_refused_to_everyone_without_touching_its_titles(demo):
    _arranged, proposal, _decision = decided(demo)
    items = list(proposal.items.values_list("pk", flat=True))
    for user in (demo["admin"], demo["unit_head"], demo["reviewer"]):
        with pytest.raises(PermissionDenied):
            proposal_save_items(
                proposal=proposal,
                collective_title_ids=[],
                person_title_ids={},
                summary="",
                actor=user,
            )
    assert list(proposal.items.values_list("pk", flat=True)) == items


def test_a_superuser_without_a_portal_role_is_no_administrator_of_the_workflow(demo):
    root = get_user_model().objects.create_superuser("root", "root@example.gov.vn", "x")
    client = _client(root)

    assert client.get(reverse("admin:index")).status_code == 200
    registration = _an_approved_registration()
    assert client.post(reverse("registrations:amend", args=[registration.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED


# --- One place asks -----------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "awards",
    "campaigns",
    "criteria",
    "emulation_portal",
    "registrations",
    "reports",
    "scoring",
    "units",
)


def test_no_portal_code_asks_user_has_perm():
    """``User.has_perm`` lets a superuser do anything: the portal asks units.permissions.may.
    The admin site's own model permissions (admin.py) are Django's, superuser included."""
    asking = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if path.name != "admin.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.has_perms?\(", line) and "rules.has_perm(" not in line
    ]
    templates = [
        str(path.relative_to(ROOT))
        for folder in ("templates", *APPS)
        for path in (ROOT / folder).rglob("*.html")
        if re.search(r"{%\s*has_perm|\bperms\.", path.read_text(encoding="utf-8"))
    ]
    assert not asking and not templates, (asking, templates)


# --- A forged form is refused, not a 500 ----------------------------------------------------------


@pytest.mark.parametrize("forged", ["x", "²"])  # "²".isdigit(), yet int() refuses it
def test_forged_ids_in_the_departments_forms_are_refused_with_a_message(demo, forged):
    client = _client(demo["reviewer"])
    session = session_with(demo, _forwarded()[:1])
    before = snapshot()

    assign = client.post(
        reverse("registrations:assign"),
        {"units": ["1" + forged, "2"], "reviewer": forged},
        follow=True,
    )
    remove = client.post(
        reverse("awards:council_agenda", args=[session.pk]), {"remove": forged}, follow=True
    )

    assert (assign.status_code, remove.status_code) == (200, 200)
    assert [m.level_tag for m in assign.context["messages"]] == ["error"]
    assert [m.level_tag for m in remove.context["messages"]] == ["error"]
    assert not changed(before, snapshot())
