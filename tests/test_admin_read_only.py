"""In the admin site the administrator manages accounts, roles, units, staff and reference
data; workflow records (statuses, events, history, the e-mail log, submitted content, decided
proposals, generated reports) are read only there, and awarded titles are kept: a past title
may be entered, never changed or deleted, and who entered it stays in its history."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.forms.models import model_to_dict
from django.urls import reverse

from campaigns.models import Campaign
from criteria.models import Title
from registrations.models import (
    DeadlineExtension,
    Evidence,
    ProgressReport,
    Registration,
    SentNotification,
)
from registrations.workflow import Status
from reports.models import GeneratedReport
from scoring.models import Acclamation, ItemScore, ScoreCorrection, ScoringTable, UnitScore
from units.models import Person, PersonTitle, Unit, UnitTitle

from .awards.awards_setup import decided

pytestmark = pytest.mark.django_db

# What the administrator still manages among the portal's own models: units, groups, staff,
# roles and reference data (accounts and the libraries' models are not listed here).
MANAGED = {
    "awards.CouncilMember",
    "criteria.Criterion",
    "criteria.Title",
    "criteria.RuleSet",
    "units.Unit",
    "units.EmulationGroup",
    "units.Organisation",
    "units.GroupMembership",
    "units.Person",
    "units.SubUnit",
    "units.UserRole",
}
PORTAL_APPS = {"awards", "campaigns", "criteria", "registrations", "reports", "scoring", "units"}
# Facts that may be entered for the years before the portal, but never changed or deleted.
APPEND_ONLY = {"units.PersonTitle", "units.UnitTitle", "units.PersonYear"}
READ_ONLY = [
    "campaigns.Campaign",
    "awards.Proposal",
    "awards.CouncilSession",
    "awards.Ballot",
    "awards.Decision",
    "scoring.ScoringTable",
    "scoring.UnitScore",
    "scoring.Acclamation",
    "scoring.ScoreCorrection",
    "registrations.Registration",
    "registrations.Initiative",
    "registrations.ProgressReport",
    "registrations.Evidence",
    "registrations.RegistrationEvent",
    "registrations.DeadlineExtension",
    "registrations.ReviewerAssignment",
    "registrations.SentNotification",
    "registrations.Notice",
    "reports.GeneratedReport",
]
WORKFLOW = [*READ_ONLY, *sorted(APPEND_ONLY)]


def _registered():
    return {
        model._meta.label: (model, model_admin)
        for model, model_admin in admin.site._registry.items()
    }


def _approved_registration():
    return Registration.objects.filter(status=Status.APPROVED).order_by("pk").first()


def _commendation(demo):
    _arranged, proposal, decision = decided(demo)
    session = proposal.agenda_item.session
    return {
        "awards.Proposal": proposal,
        "awards.CouncilSession": session,
        "awards.Ballot": session.ballots.first(),
        "awards.Decision": decision,
        "units.UnitTitle": UnitTitle.objects.get(decision_number=decision.number),
    }


def _item_score():
    existing = ItemScore.objects.order_by("pk").first()
    if existing is not None:
        return existing
    unit_score = UnitScore.objects.order_by("pk").first()
    return ItemScore.objects.create(
        unit_score=unit_score, item=unit_score.table.items.first(), self_points=Decimal(5)
    )


def _report():
    return ProgressReport.objects.create(registration=_approved_registration(), period="six_month")


def _build(label, demo):
    """A row of the model: the demo's first, or one made as the portal's services leave it."""
    if label in {"awards.Proposal", "awards.CouncilSession", "awards.Ballot"}:
        return _commendation(demo)[label]
    if label in {"awards.Decision", "units.UnitTitle"}:
        return _commendation(demo)[label]
    model, _model_admin = _registered()[label]
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        return first
    reviewer = demo["reviewer"]
    campaign = Campaign.objects.order_by("pk").first()
    unit = Unit.objects.get(code="CVTQG")
    if model is Acclamation:
        return Acclamation.objects.create(
            table=ScoringTable.objects.order_by("pk").first(),
            leader=unit,
            method="ranking",
            held_on=date(2021, 12, 20),
            place="Hà Nội",
            chair="Nguyễn Văn A",
            secretary="Trần Thị B",
            attendees="Đại diện các đơn vị trong khối",
            recorded_by=reviewer,
        )
    if model is ScoreCorrection:
        return ScoreCorrection.objects.create(
            item_score=_item_score(), points=Decimal(4), reason="Chấm lại", recorded_by=reviewer
        )
    if model is ProgressReport:
        return _report()
    if model is Evidence:
        return Evidence.objects.create(
            report=_report(),
            file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes"),
            original_name="bien-ban.pdf",
            size=16,
            content_type="application/pdf",
            uploaded_by=demo["unit_head"],
        )
    if model is DeadlineExtension:
        return DeadlineExtension.objects.create(
            campaign=campaign,
            unit=unit,
            until=date(2021, 8, 1),
            reason="Đơn vị đang sáp nhập",
            granted_by=reviewer,
        )
    if model is SentNotification:
        return SentNotification.objects.create(
            kind="approved",
            key=f"approved:{unit.pk}",
            recipient="thu.truong@example.vn",
            campaign=campaign,
            unit=unit,
            subject="Bản đăng ký đã được phê duyệt",
        )
    if model is GeneratedReport:
        return GeneratedReport.objects.create(campaign=campaign, kind="six_month", version=1)
    raise AssertionError(f"no row of {label}")


def _stored(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


def _altered_post(obj):
    """The row's own values as a change form would post them, with one text changed."""
    data = {}
    altered = False
    for field in type(obj)._meta.concrete_fields:
        if not field.editable or isinstance(field, FileField) or field.primary_key:
            continue
        value = model_to_dict(obj, fields=[field.name]).get(field.name)
        if isinstance(value, bool):
            if value:
                data[field.name] = "on"
            continue
        if field.get_internal_type() in {"CharField", "TextField"} and not field.choices:
            if not altered and not field.is_relation:
                value = f"{value} (sửa)"
                altered = True
        elif (
            field.get_internal_type() in {"PositiveSmallIntegerField", "IntegerField"}
            and not altered
            and not field.choices
        ):
            value = (value or 0) + 1
            altered = True
        if field.get_internal_type() == "JSONField":
            value = json.dumps(value)
        data[field.name] = "" if value is None else str(value)
    for field in type(obj)._meta.many_to_many:
        data[field.name] = [str(v.pk) for v in getattr(obj, field.name).all()]
    return data


def _url(obj, view, *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def test_every_portal_model_in_the_admin_is_managed_or_a_workflow_record():
    portal = {label for label in _registered() if label.split(".")[0] in PORTAL_APPS}
    assert portal == MANAGED | set(WORKFLOW)


@pytest.mark.parametrize("label", WORKFLOW)
def test_workflow_records_open_read_only(demo, client, label):
    obj = _build(label, demo)
    client.force_login(demo["admin"])

    listing = client.get(_url(obj, "changelist"))
    assert listing.status_code == 200
    actions = listing.context["action_form"]  # None when the list offers no action at all
    assert actions is None or "delete_selected" not in dict(actions.fields["action"].choices)
    assert listing.context["has_add_permission"] is (label in APPEND_ONLY)

    page = client.get(_url(obj, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert page.context["has_delete_permission"] is False
    assert not page.context["adminform"].form.fields  # every field is shown, none is a field


@pytest.mark.parametrize("label", WORKFLOW)
def test_a_posted_change_is_refused_and_changes_nothing(demo, client, label):
    obj = _build(label, demo)
    before = _stored(obj)
    client.force_login(demo["admin"])

    response = client.post(_url(obj, "change", obj.pk), _altered_post(obj))

    assert response.status_code == 403
    assert _stored(obj) == before


@pytest.mark.parametrize("label", WORKFLOW)
def test_the_delete_page_is_refused_and_the_row_stays(demo, client, label):
    obj = _build(label, demo)
    client.force_login(demo["admin"])

    assert client.get(_url(obj, "delete", obj.pk)).status_code == 403
    assert client.post(_url(obj, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("label", WORKFLOW)
def test_the_bulk_delete_action_deletes_nothing(demo, client, label):
    obj = _build(label, demo)
    client.force_login(demo["admin"])

    client.post(
        _url(obj, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )

    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


def test_an_earlier_version_cannot_be_restored_from_the_history(demo, client):
    """django-simple-history's "Revert" form saves whatever is posted to it unless refused."""
    registration = _approved_registration()
    version = registration.history.order_by("history_date").first()
    before = _stored(registration)
    client.force_login(demo["admin"])
    url = _url(registration, "simple_history", registration.pk, version.history_id)

    assert client.get(url).status_code == 200
    response = client.post(url, _altered_post(version.instance))

    assert response.status_code == 403
    assert _stored(registration) == before


def test_a_person_holding_a_title_cannot_be_deleted(demo, client):
    """Deleting the person would take the awarded titles with it."""
    title = PersonTitle.objects.filter(person__title_aims__isnull=True).order_by("pk").first()
    client.force_login(demo["admin"])

    client.post(_url(title.person, "delete", title.person.pk), {"post": "yes"})
    client.post(
        _url(title.person, "changelist"),
        {"action": "delete_selected", "_selected_action": [title.person.pk], "post": "yes"},
    )

    assert Person.objects.filter(pk=title.person.pk).exists()
    assert PersonTitle.objects.filter(pk=title.pk).exists()


def test_a_past_title_entered_in_the_admin_keeps_who_entered_it(demo, client):
    person = Person.objects.filter(unit__code="CVTQG").order_by("pk").first()
    title = Title.objects.get(code="CSTDCS")
    client.force_login(demo["admin"])

    response = client.post(
        reverse("admin:units_persontitle_add"),
        {
            "person": person.pk,
            "title": title.pk,
            "year": 2015,
            "decision_number": "12/QĐ-CVTQG",
            "decision_date": "2016-01-10",
            "decided_by": "Cục trưởng Cục Viễn thám quốc gia",
        },
    )

    assert response.status_code == 302
    held = PersonTitle.objects.get(person=person, title=title, year=2015)
    entry = held.history.get()
    assert (entry.history_type, entry.history_user) == ("+", demo["admin"])


def test_a_past_unit_title_entered_in_the_admin_keeps_who_entered_it(demo, client):
    unit = Unit.objects.get(code="CVTQG")
    title = Title.objects.get(code="TTLDXS")
    client.force_login(demo["admin"])

    response = client.post(
        reverse("admin:units_unittitle_add"),
        {"unit": unit.pk, "title": title.pk, "year": 2015, "decision_number": "7/QĐ-BTNMT"},
    )

    assert response.status_code == 302
    entry = UnitTitle.objects.get(unit=unit, title=title, year=2015).history.get()
    assert (entry.history_type, entry.history_user) == ("+", demo["admin"])


def _inline_post(response):
    """What the Person change page would post back, from its own forms, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else value
    return data


def test_titles_in_the_person_page_can_be_added_but_not_changed(demo, client):
    title = PersonTitle.objects.filter(person__title_aims__isnull=True).order_by("pk").first()
    person = title.person
    before = _stored(title)
    client.force_login(demo["admin"])
    url = _url(person, "change", person.pk)
    data = _inline_post(client.get(url))
    prefix = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("titles-") and key.endswith("-id") and str(value) == str(title.pk)
    )
    data[f"{prefix}-year"] = title.year - 1
    data[f"{prefix}-DELETE"] = "on"
    added = data["titles-TOTAL_FORMS"]
    data["titles-TOTAL_FORMS"] = int(added) + 1
    data.update(
        {
            f"titles-{added}-person": person.pk,
            f"titles-{added}-title": Title.objects.get(code="LDTT").pk,
            f"titles-{added}-year": 2012,
            f"titles-{added}-decision_number": "3/QĐ-CVTQG",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert _stored(title) == before
    added_title = PersonTitle.objects.get(person=person, year=2012)
    assert added_title.history.get().history_user == demo["admin"]


def test_a_campaign_is_read_in_the_admin_whole_and_made_on_the_portals_pages(demo, client):
    """Drafting, approval, launch and close happen on the portal's pages, each move kept with
    who and when; the admin shows the campaign, its addressees, window and life, and
    changes nothing."""
    campaign = Campaign.objects.get(status="launched")
    client.force_login(demo["admin"])

    page = client.get(_url(campaign, "change", campaign.pk))

    assert page.status_code == 200
    assert page.context["adminform"].form.fields == {}
    shown = {
        field
        for fieldset in page.context["adminform"]
        for line in fieldset
        for field in line.fields
    }
    assert {"status", "addresses_all_units", "starts_on", "rule_set_code", "launched_at"} <= shown
    assert client.get(reverse("admin:campaigns_campaign_add")).status_code == 403


def test_a_campaign_is_not_reverted_to_an_earlier_status_from_its_history(demo, client):
    """The revert form would save the earlier version whole, the status shown read only too."""
    campaign = Campaign.objects.get(status="launched")
    version = campaign.history.filter(status="draft").order_by("history_date").first()
    before = _stored(campaign)
    client.force_login(demo["admin"])
    url = _url(campaign, "simple_history", campaign.pk, version.history_id)

    response = client.post(url, _altered_post(version.instance))

    assert response.status_code == 403
    assert _stored(campaign) == before
