"""The portal under load: unit heads, the Department's reviewers and the Ministry's leaders.

Run by ``make loadtest`` (tests/load/run.py), which seeds a scratch database, creates the
accounts (``manage.py loadtest_accounts``) and serves the portal with gunicorn on loopback.
Each simulated user signs in through the real sign-in form with its own account and then
browses as its role does. A response counts as a failure when its status is not 2xx/3xx
(redirects are followed) or when the page lacks its marker, so a page that silently sends the
user back to the sign-in form also fails.

The loopback stands in for the TLS proxy in front of gunicorn in production: requests carry
``X-Forwarded-Proto: https`` as the proxy sets it, POSTs carry the ``Origin`` header a browser
sends, and the client sends the ``Secure`` cookies as the browser does over HTTPS.

Two phases, when ``LOADTEST_MEASURE_SECONDS`` is set: the users sign in as they are spawned
(a sign-in costs the server about a CPU-second: Django's PBKDF2 hashing); once every one has,
that phase's figures go to ``LOADTEST_SIGN_IN_STATS`` and are reset, and the run measures that
many seconds of browsing by all of them, then stops.

Environment: ``LOADTEST_ACCOUNTS`` (the JSON written by ``loadtest_accounts``; required),
``LOADTEST_WAIT`` ("min,max" think time in seconds between two pages; default "1,5").
Not collected by pytest (no ``test_`` prefix).
"""

import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, task

ACCOUNTS = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text(encoding="utf-8"))
PASSWORD = ACCOUNTS["password"]
WAIT_MIN, WAIT_MAX = (float(x) for x in os.environ.get("LOADTEST_WAIT", "1,5").split(","))


MEASURE_SECONDS = float(os.environ.get("LOADTEST_MEASURE_SECONDS", "0"))
SIGN_IN_STATS = os.environ.get("LOADTEST_SIGN_IN_STATS", "")


def _account_cycle(role: str):
    """Each new user of a role takes the next account, so users do not share accounts while
    there are enough of them (at scale 1: one unit head per unit)."""
    usernames = list(ACCOUNTS[role])
    random.Random(role).shuffle(usernames)
    return itertools.cycle(usernames)


_accounts = {role: _account_cycle(role) for role in ("unit_head", "reviewer", "minister")}

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REGISTRATION_LINK = re.compile(r'href="/dang-ky/(\d+)/" data-testid="open-registration"')
RESULTS_LINK = re.compile(r'href="(/dang-ky/ket-qua/\d+/)" data-testid="open-results"')
EDIT_LINK = re.compile(r'href="(/dang-ky/\d+/sua/)"')
REVIEW_LINK = re.compile(r'href="(/dang-ky/\d+/tham-dinh/)"')
GROUP_LINK = re.compile(r'href="/don-vi/khoi-cum/(\d+)/"')
PDF_LINK = re.compile(r'href="(/tong-hop/bao-cao/\d+/pdf/)"')
QUEUE_PAGES = re.compile(r'[?&]amp;page=(\d+)"')


class FormData(HTMLParser):
    """The fields one form would send, as the browser's ``new FormData(form)`` collects them:
    checked boxes only, selected options, textareas; nothing inside ``<template>``."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._in_template = 0
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == self.form_id
            return
        if tag == "template":
            self._in_template += 1
        if not self._in_form or self._in_template or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.fields.append((name, attrs.get("value") or default))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            self._options = []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "template" and self._in_template:
            self._in_template -= 1
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_data(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormData(form_id)
    parser.feed(html)
    return parser.fields


_signed_in = 0


def _user_signed_in(environment) -> None:
    """Once the last user has signed in (or failed to), close the sign-in phase."""
    global _signed_in
    _signed_in += 1
    if not MEASURE_SECONDS or _signed_in != environment.parsed_options.num_users:
        return
    stats = environment.runner.stats
    phase = {
        "seconds": round(time.time() - stats.total.start_time, 1),
        "pages": {entry.name: entry_figures(entry) for entry in stats.entries.values()},
        "failures": [
            {"page": error.name, "error": str(error.error), "count": error.occurrences}
            for error in stats.errors.values()
        ],
    }
    Path(SIGN_IN_STATS).write_text(json.dumps(phase, indent=2), encoding="utf-8")
    stats.reset_all()
    gevent.spawn_later(MEASURE_SECONDS, environment.runner.quit)


def entry_figures(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "max_ms": round(entry.max_response_time or 0),
    }


class ProxiedCookiePolicy(DefaultCookiePolicy):
    """Send ``Secure`` cookies over the loopback's plain HTTP: it stands for the HTTPS proxy."""

    def return_ok_secure(self, cookie, request):
        return True


class PortalUser(FastHttpUser):
    abstract = True
    role = ""
    landing_marker = ""
    wait_time = between(WAIT_MIN, WAIT_MAX)
    default_headers = {"X-Forwarded-Proto": "https"}

    def on_start(self):
        self.client.cookiejar.set_policy(ProxiedCookiePolicy())
        self.username = next(_accounts[self.role])
        self.origin = "https://" + urlsplit(self.host).netloc
        try:
            self.sign_in()
        finally:
            _user_signed_in(self.environment)

    def sign_in(self):
        page = self.get("/dang-nhap/", 'name="csrfmiddlewaretoken"', name="sign-in form")
        if page is None:
            return None
        fields = {
            "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
            "username": self.username,
            "password": PASSWORD,
            "next": "",
        }
        return self.post("/dang-nhap/", fields, self.landing_marker, name="sign in")

    def get(self, path: str, marker: str, name: str | None = None) -> str | None:
        return self._request("GET", path, marker, name)

    def post(self, path, fields, marker: str, name: str | None = None) -> str | None:
        return self._request("POST", path, marker, name, data=fields)

    def _request(self, method, path, marker, name, data=None) -> str | None:
        """The page's HTML, or None after recording a failure."""
        headers = None
        if method == "POST":
            headers = {"Origin": self.origin, "Content-Type": "application/x-www-form-urlencoded"}
            data = urlencode(data)  # a list of pairs keeps repeated names (multiple choices)
        with self.client.request(
            method, path, data=data, headers=headers, name=name or path, catch_response=True
        ) as response:
            if not 200 <= (response.status_code or 0) < 400:
                response.failure(f"HTTP {response.status_code}")
                return None
            text = response.text or ""
            if marker not in text:
                response.failure(f"marker {marker!r} missing")
                return None
            response.success()
            return text


class UnitHead(PortalUser):
    """A unit head whose registration is open fills it in (the live rule check runs after each
    pause in typing); once it is sent, they follow it and report the results."""

    weight = 80
    role = "unit_head"
    landing_marker = 'data-testid="registration-status"'
    # What the head does, by the registration's state: (action, weight).
    JOURNEYS = {
        "editing": (("unit_page", 2), ("editor", 3), ("rule_check", 5)),
        "reporting": (("unit_page", 2), ("registration", 2), ("results", 4)),
        "waiting": (("unit_page", 3), ("registration", 3)),
    }

    def on_start(self):
        self.registration_path = None
        self.results_paths: list[str] = []
        self.editor_path = None
        self.editor_form: list[tuple[str, str]] | None = None
        super().on_start()
        self.unit_page()
        self.registration()

    @task
    def act(self):
        if self.registration_path is None:
            return self.unit_page()
        if self.editor_path:
            journey = "editing"
        else:
            journey = "reporting" if self.results_paths else "waiting"
        actions, weights = zip(*self.JOURNEYS[journey], strict=True)
        return getattr(self, random.choices(actions, weights)[0])()

    def unit_page(self):
        page = self.get("/don-vi/cua-toi/", self.landing_marker, name="unit: my unit")
        if page is None:
            return
        found = REGISTRATION_LINK.search(page)
        self.registration_path = f"/dang-ky/{found.group(1)}/" if found else None
        self.results_paths = RESULTS_LINK.findall(page)

    def registration(self):
        """The registration as sent; its edit link says whether it is still open."""
        if self.registration_path is None:
            return
        page = self.get(
            self.registration_path, 'data-testid="registration-status"', "unit: registration"
        )
        if page is not None:
            found = EDIT_LINK.search(page)
            self.editor_path = found.group(1) if found else None

    def editor(self):
        page = self.get(self.editor_path, 'id="registration-form"', name="unit: editor")
        if page is not None:
            self.editor_form = form_data(page, "registration-form")

    def rule_check(self):
        """What portal.js posts: the whole editor form, unsaved."""
        if not self.editor_form:
            return self.editor()
        return self.post(
            f"{self.registration_path}kiem-tra/",
            self.editor_form,
            'data-testid="rule-findings"',
            name="unit: live rule check",
        )

    def results(self):
        return self.get(
            random.choice(self.results_paths), 'data-testid="report-status"', name="unit: results"
        )


class Reviewer(PortalUser):
    """A specialist of the Department works through the review queue and follows the blocs."""

    weight = 15
    role = "reviewer"
    landing_marker = 'data-testid="status-cards"'
    queue_marker = 'data-testid="queue-count"'

    def on_start(self):
        self.review_paths: list[str] = []
        self.group_ids: list[str] = []
        self.queue_pages = 1
        super().on_start()
        page = self.get("/dang-ky/tham-dinh/?status=", self.queue_marker, name="review: queue")
        self._collect(page)
        groups = self.get("/don-vi/khoi-cum/", 'data-testid="groups-', name="review: groups")
        self.group_ids = sorted(set(GROUP_LINK.findall(groups or "")))

    def _collect(self, page):
        if page is None:
            return
        self.review_paths = list(set(self.review_paths) | set(REVIEW_LINK.findall(page)))
        self.queue_pages = max([self.queue_pages, *map(int, QUEUE_PAGES.findall(page))])

    @task(2)
    def dashboard(self):
        self.get("/tong-hop/", self.landing_marker, name="review: dashboard")

    @task(4)
    def queue(self):
        filters = [
            "",  # the specialist's own submitted units
            "?status=",
            f"?status=&page={random.randint(1, self.queue_pages)}",
            "?status=submitted&sort=submitted",
            "?status=approved&period=six_month",
            "?late=true",
            "?unit_type=provincial_department",
        ]
        if self.group_ids:
            filters.append(f"?status=&group={random.choice(self.group_ids)}")
        query = random.choice(filters)
        self._collect(self.get(f"/dang-ky/tham-dinh/{query}", self.queue_marker, "review: queue"))

    @task(3)
    def review(self):
        if not self.review_paths:
            return self.queue()
        return self.get(
            random.choice(self.review_paths), 'data-testid="review-history"', "review: review page"
        )

    @task(2)
    def scoring(self):
        if not self.group_ids:
            return self.dashboard()
        return self.get(
            f"/don-vi/khoi-cum/{random.choice(self.group_ids)}/cham-diem/",
            "css/scoring.",
            name="review: bloc scoring",
        )

    @task(1)
    def proposals(self):
        self.get("/phong-trao/de-nghi/", 'data-testid="status-counts"', name="review: proposals")


class Leader(PortalUser):
    """The Minister (and deputy ministers) follow the campaign and read the reports."""

    weight = 5
    role = "minister"
    landing_marker = 'data-testid="status-cards"'

    def on_start(self):
        self.pdf_paths: list[str] = []
        super().on_start()
        self.reading_room()

    @task(3)
    def dashboard(self):
        self.get("/tong-hop/", self.landing_marker, name="leader: dashboard")

    @task(2)
    def reading_room(self):
        page = self.get("/tong-hop/bao-cao/", 'data-testid="reading-room"', "leader: reading room")
        if page is not None:
            self.pdf_paths = PDF_LINK.findall(page)

    @task(1)
    def report_pdf(self):
        if not self.pdf_paths:
            return self.reading_room()
        with self.client.get(
            random.choice(self.pdf_paths), name="leader: report PDF", catch_response=True
        ) as response:
            if response.status_code != 200 or not (response.content or b"").startswith(b"%PDF-"):
                response.failure(f"HTTP {response.status_code}, not a PDF")
        return None
