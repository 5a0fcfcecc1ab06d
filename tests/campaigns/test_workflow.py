"""A campaign's life through the services: draft → submitted → approved | returned → launched →
closed, and every refusal."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from campaigns.models import Campaign, CampaignEvent, CampaignStatus, LetterRegister
from campaigns.services import (
    campaign_approve,
    campaign_close,
    campaign_copy,
    campaign_create,
    campaign_launch,
    campaign_return,
    campaign_submit,
    campaign_update_draft,
)
from campaigns.signals import campaign_launched
from criteria.models import Criterion, CriterionTarget
from emulation_portal.exceptions import ApplicationError, InvalidTransition
from registrations.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return Campaign.objects.get(year=2021)


@pytest.fixture
def draft(demo, source):
    return campaign_copy(source=source, year=2027, actor=demo["reviewer"])


def _approve(campaign, minister, **kwargs):
    return campaign_approve(
        campaign=campaign,
        actor=minister,
        signer_title="BỘ TRƯỞNG",
        signer_name="Trần Hồng Hà",
        **kwargs,
    )


def _items(campaign):
    return {
        "contents": list(campaign.contents.values_list("text", flat=True)),
        "tasks": list(campaign.tasks.values_list("text", flat=True)),
        "duties": list(campaign.duties.values_list("text", flat=True)),
        "criteria": [
            (c.target, c.text, c.short_label)
            for c in campaign.criteria.order_by("target", "position")
        ],
    }


def _save(campaign, actor, version=None, **fields):
    return campaign_update_draft(
        campaign=campaign,
        version=campaign.version if version is None else version,
        fields=fields,
        actor=actor,
        **_items(campaign),
    )


# --- Copy -------------------------------------------------------------------------------------


def test_a_copy_carries_the_letter_and_moves_the_dates_but_nothing_of_its_year(demo, source, draft):
    assert draft.status == CampaignStatus.DRAFT
    assert draft.name == "Phong trào thi đua năm 2027"
    assert draft.theme == source.theme
    assert draft.addressees == source.addressees
    assert draft.distribution_list == source.distribution_list
    assert draft.registration_deadline == source.registration_deadline.replace(
        year=source.registration_deadline.year + 6
    )
    assert _items(draft) == _items(source)
    assert (draft.number, draft.issued_on, draft.approved_by, draft.approved_at) == (
        "",
        None,
        None,
        None,
    )
    assert not Registration.objects.filter(campaign=draft).exists()
    assert not draft.events.exists()


def test_a_second_regular_campaign_of_a_year_is_refused_with_a_message(demo, source, draft):
    with pytest.raises(ApplicationError, match="Đã có phong trào thi đua thường xuyên năm 2027"):
        campaign_copy(source=source, year=2027, actor=demo["reviewer"])
    assert Campaign.objects.filter(year=2027).count() == 1


def test_only_the_department_creates(demo, source):
    for user in ("unit_head", "minister", "admin"):
        with pytest.raises(PermissionDenied):
            campaign_copy(source=source, year=2030, actor=demo[user])
    assert not Campaign.objects.filter(year=2030).exists()


def test_a_campaign_from_scratch_is_a_draft(demo, source):
    fields = {f: getattr(source, f) for f in ("name", "theme", "issuing_body", "symbol")}
    fields |= {"subject": "V/v", "place": "Hà Nội", "registration_deadline": date(2030, 3, 1)}
    fields |= {"midyear_opens_on": date(2030, 5, 1), "midyear_report_date": date(2030, 6, 1)}
    fields |= {"year_end_opens_on": date(2030, 10, 1), "year_end_report_date": date(2030, 11, 1)}
    fields |= {"starts_on": date(2030, 2, 1), "ends_on": date(2030, 11, 30)}
    campaign = campaign_create(year=2030, kind="thematic", fields=fields, actor=demo["reviewer"])
    assert (campaign.status, campaign.kind, campaign.year) == ("draft", "thematic", 2030)


# --- Editing the draft ------------------------------------------------------------------------


def test_the_department_edits_a_draft_and_the_version_goes_up(demo, draft):
    items = _items(draft)
    items["criteria"][0] = (CriterionTarget.COLLECTIVE, "Một tiêu chí mới", "")
    items["tasks"].reverse()
    saved = campaign_update_draft(
        campaign=draft,
        version=draft.version,
        fields={"theme": "Chủ đề mới"},
        actor=demo["reviewer"],
        **items,
    )
    assert (saved.theme, saved.version) == ("Chủ đề mới", draft.version + 1)
    assert _items(saved) == items
    assert saved.history.first().history_user == demo["reviewer"]


def test_a_stale_version_is_refused_and_nothing_is_overwritten(demo, draft):
    opened = draft.version
    _save(draft, demo["reviewer"], theme="Người thứ nhất")
    with pytest.raises(ApplicationError, match="Người khác đã lưu dự thảo này"):
        _save(draft, demo["reviewer2"], version=opened, theme="Người thứ hai")
    draft.refresh_from_db()
    assert draft.theme == "Người thứ nhất"


def test_only_the_department_edits(demo, draft):
    for user in ("unit_head", "minister", "admin"):
        with pytest.raises(PermissionDenied):
            _save(draft, demo[user], theme="x")


def test_an_approved_letter_refuses_every_edit(demo, draft):
    campaign_submit(campaign=draft, actor=demo["reviewer"])
    approved = _approve(draft, demo["minister"])
    with pytest.raises(ApplicationError, match="công văn đã phê duyệt không được sửa"):
        _save(approved, demo["reviewer"], theme="x")
    approved.refresh_from_db()
    assert approved.theme != "x"


def test_dates_out_of_order_are_refused(demo, draft):
    with pytest.raises(ApplicationError):
        _save(draft, demo["reviewer"], year_end_report_date=date(2027, 1, 1))


# --- The moves --------------------------------------------------------------------------------


def test_the_whole_life_with_events(demo, draft, django_capture_on_commit_callbacks):
    reviewer, minister = demo["reviewer"], demo["minister"]
    campaign_submit(campaign=draft, actor=reviewer)
    campaign_return(campaign=draft, actor=minister, comment="Sửa tiêu chí 1.")
    _save(Campaign.objects.get(pk=draft.pk), reviewer, theme="Đã sửa")
    campaign_submit(campaign=draft, actor=reviewer)
    approved = _approve(
        draft, minister, issued_on=date(2027, 1, 5), signer_authority="KT. BỘ TRƯỞNG"
    )
    assert approved.approved_by == minister and approved.approved_at
    assert approved.issued_on == date(2027, 1, 5)
    assert approved.signer_authority == "KT. BỘ TRƯỞNG"
    assert approved.number == "1"

    heard = []

    def hear(**kwargs):
        heard.append(kwargs["campaign"].pk)

    campaign_launched.connect(hear, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            campaign_launch(campaign=draft, actor=reviewer)
    finally:
        campaign_launched.disconnect(hear)  # only this test's receiver
    assert heard == [draft.pk]
    closed = campaign_close(campaign=draft, actor=reviewer)
    assert closed.status == CampaignStatus.CLOSED
    moves = [(e.from_status, e.to_status, e.actor.username, e.comment) for e in draft.events.all()]
    assert moves == [
        ("draft", "submitted", "reviewer", ""),
        ("submitted", "returned", "minister", "Sửa tiêu chí 1."),
        ("returned", "submitted", "reviewer", ""),
        ("submitted", "approved", "minister", ""),
        ("approved", "launched", "reviewer", ""),
        ("launched", "closed", "reviewer", ""),
    ]


def test_a_double_submit_applies_once(demo, draft):
    campaign_submit(campaign=draft, actor=demo["reviewer"])
    with pytest.raises(InvalidTransition):
        campaign_submit(campaign=draft, actor=demo["reviewer"])
    assert draft.events.count() == 1


def test_wrong_roles_are_refused(demo, draft):
    with pytest.raises(PermissionDenied):
        campaign_submit(campaign=draft, actor=demo["minister"])
    campaign_submit(campaign=draft, actor=demo["reviewer"])
    for user in ("reviewer", "unit_head", "admin"):
        with pytest.raises(PermissionDenied):
            _approve(draft, demo[user])
        with pytest.raises(PermissionDenied):
            campaign_return(campaign=draft, actor=demo[user], comment="x")
    _approve(draft, demo["minister"])
    with pytest.raises(PermissionDenied):
        campaign_launch(campaign=draft, actor=demo["minister"])
    assert Campaign.objects.get(pk=draft.pk).status == CampaignStatus.APPROVED


def test_a_return_needs_a_comment(demo, draft):
    campaign_submit(campaign=draft, actor=demo["reviewer"])
    with pytest.raises(ApplicationError, match="Ghi ý kiến"):
        campaign_return(campaign=draft, actor=demo["minister"], comment="  ")
    assert Campaign.objects.get(pk=draft.pk).status == CampaignStatus.SUBMITTED


def test_the_register_gives_the_next_number_per_symbol_and_year(demo, source, draft):
    other = campaign_copy(source=source, year=2028, actor=demo["reviewer"])
    for campaign in (draft, other):
        campaign_submit(campaign=campaign, actor=demo["reviewer"])
    assert _approve(draft, demo["minister"], number="41").number == "41"
    assert _approve(other, demo["minister"]).number == "42"
    register = LetterRegister.objects.get(symbol=draft.symbol, year=date.today().year)
    assert register.last_number == 42


def test_a_typed_number_already_used_is_refused(demo, source, draft):
    other = campaign_copy(source=source, year=2028, actor=demo["reviewer"])
    for campaign in (draft, other):
        campaign_submit(campaign=campaign, actor=demo["reviewer"])
    _approve(draft, demo["minister"], number="7")
    with pytest.raises(ApplicationError, match="đã được dùng trong năm nay"):
        _approve(other, demo["minister"], number="7")


@pytest.mark.parametrize("missing", ["criteria", "addressees", "dates"])
def test_launch_refuses_an_incomplete_campaign(demo, draft, missing):
    campaign_submit(campaign=draft, actor=demo["reviewer"])
    _approve(draft, demo["minister"])
    if missing == "criteria":
        Criterion.objects.filter(campaign=draft).delete()
        message = "chưa có tiêu chí"
    elif missing == "addressees":
        Campaign.objects.filter(pk=draft.pk).update(addressees=[])
        message = "chưa có nơi gửi"
    else:
        Campaign.objects.filter(pk=draft.pk).update(year_end_report_date=date(2027, 1, 1))
        message = "Chưa thể phát động phong trào"
    with pytest.raises(ApplicationError, match=message):
        campaign_launch(campaign=draft, actor=demo["reviewer"])
    assert Campaign.objects.get(pk=draft.pk).status == CampaignStatus.APPROVED
    assert not CampaignEvent.objects.filter(campaign=draft, to_status="launched").exists()


def test_the_demo_campaign_was_launched_through_the_services(demo, source):
    moves = list(source.events.values_list("to_status", "actor__username"))
    assert moves == [("submitted", "reviewer"), ("approved", "minister"), ("launched", "reviewer")]
    assert (source.number, source.issued_on) == ("", None)
